package io.livekit.datatrack.rtc.internal;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import io.livekit.datatrack.internal.SerialExecutor;
import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.rtc.IceCandidate;
import io.livekit.datatrack.rtc.IceServer;
import io.livekit.datatrack.rtc.PeerSession;
import io.livekit.datatrack.rtc.PeerState;
import io.livekit.datatrack.rtc.SendPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PeerSession} over a webrtc-java {@link RTCPeerConnection}. Every native call runs on
 * the engine's control executor; negotiations are chained so a second offer waits for the first
 * answer. Native callbacks only copy data and hand off.
 */
public final class WebrtcPeerSession implements PeerSession, PeerConnectionObserver {
    private static final Logger LOG = LoggerFactory.getLogger(WebrtcPeerSession.class);

    private final Executor control;
    private final Executor io;
    private final ScheduledExecutorService scheduler;
    private final SerialExecutor events;
    private final Listener listener;
    private final List<WebrtcDataChannel> channels = new CopyOnWriteArrayList<>();
    private final String name;
    private RTCPeerConnection pc; // set on control
    private final List<IceCandidate> heldCandidates = new ArrayList<>(); // control only
    private boolean remoteDescriptionSet; // control only
    private RTCSessionDescription deferredOffer; // control only: created, not yet applied
    private CompletableFuture<?> negotiation = CompletableFuture.completedFuture(null); // control only
    private volatile PeerState state = PeerState.NEW;
    private volatile boolean closed;

    public WebrtcPeerSession(
            String name,
            PeerConnectionFactory factory,
            RTCConfiguration config,
            Executor control,
            Executor io,
            ScheduledExecutorService scheduler,
            Executor eventExecutor,
            Listener listener) {
        this.name = name;
        this.control = control;
        this.io = io;
        this.scheduler = scheduler;
        this.events = new SerialExecutor("peer-events-" + name, eventExecutor);
        this.listener = listener;
        control.execute(() -> pc = factory.createPeerConnection(config, this));
    }

    /** Writes STUN/TURN servers and the transport policy into a configuration. */
    public static void applyIceServers(RTCConfiguration config, List<IceServer> servers, boolean relayOnly) {
        List<RTCIceServer> out = new ArrayList<>();
        for (IceServer s : servers) {
            RTCIceServer r = new RTCIceServer();
            r.urls = new ArrayList<>(s.urls());
            r.username = s.username();
            r.password = s.credential();
            out.add(r);
        }
        config.iceServers = out;
        config.iceTransportPolicy = relayOnly ? RTCIceTransportPolicy.RELAY : RTCIceTransportPolicy.ALL;
    }

    @Override
    public void setIceServers(List<IceServer> servers, boolean relayOnly) {
        List<IceServer> copy = List.copyOf(servers);
        control.execute(() -> {
            if (closed || pc == null) {
                return;
            }
            RTCConfiguration config = pc.getConfiguration();
            applyIceServers(config, copy, relayOnly);
            pc.setConfiguration(config);
        });
    }

    @Override
    public CompletableFuture<String> answer(String offerSdp) {
        return negotiate(() -> {
            CompletableFuture<String> result = new CompletableFuture<>();
            pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offerSdp), onSet(result, () -> {
                remoteDescriptionSet = true;
                flushCandidates();
                for (RTCRtpTransceiver t : pc.getTransceivers()) {
                    // Data only: no media flows in either direction.
                    if (t.getDirection() != RTCRtpTransceiverDirection.INACTIVE
                            && t.getDirection() != RTCRtpTransceiverDirection.STOPPED) {
                        t.setDirection(RTCRtpTransceiverDirection.INACTIVE);
                    }
                }
                pc.createAnswer(new RTCAnswerOptions(), onCreate(result, answer ->
                        pc.setLocalDescription(answer, onSet(result, () -> result.complete(answer.sdp)))));
            }));
            return result;
        });
    }

    @Override
    public CompletableFuture<String> createOffer(boolean iceRestart) {
        return negotiate(() -> {
            CompletableFuture<String> result = new CompletableFuture<>();
            RTCOfferOptions options = new RTCOfferOptions();
            options.iceRestart = iceRestart;
            pc.createOffer(options, onCreate(result, offer ->
                    pc.setLocalDescription(offer, onSet(result, () -> result.complete(offer.sdp)))));
            return result;
        });
    }

    @Override
    public CompletableFuture<String> createDeferredOffer() {
        return negotiate(() -> {
            CompletableFuture<String> result = new CompletableFuture<>();
            pc.createOffer(new RTCOfferOptions(), onCreate(result, offer -> {
                deferredOffer = offer;
                result.complete(offer.sdp);
            }));
            return result;
        });
    }

    @Override
    public CompletableFuture<Void> applyAnswer(String answerSdp) {
        return negotiate(() -> {
            CompletableFuture<Void> result = new CompletableFuture<>();
            Runnable setRemote = () -> pc.setRemoteDescription(
                    new RTCSessionDescription(RTCSdpType.ANSWER, answerSdp), onSet(result, () -> {
                        remoteDescriptionSet = true;
                        flushCandidates();
                        result.complete(null);
                    }));
            RTCSessionDescription local = deferredOffer;
            if (local != null) { // gathering starts here, with the ICE servers set meanwhile
                deferredOffer = null;
                pc.setLocalDescription(local, onSet(result, setRemote));
            } else {
                setRemote.run();
            }
            return result;
        });
    }

    @Override
    public void addRemoteCandidate(IceCandidate candidate) {
        control.execute(() -> {
            if (closed) {
                return;
            }
            if (!remoteDescriptionSet) {
                heldCandidates.add(candidate);
                return;
            }
            addNative(candidate);
        });
    }

    private void flushCandidates() {
        for (IceCandidate c : heldCandidates) {
            addNative(c);
        }
        heldCandidates.clear();
    }

    private void addNative(IceCandidate c) {
        try {
            pc.addIceCandidate(new RTCIceCandidate(c.sdpMid(), c.sdpMLineIndex(), c.candidate()));
        } catch (RuntimeException e) {
            LOG.debug("{}: remote candidate refused: {}", name, e.toString());
        }
    }

    @Override
    public CompletableFuture<DataChannel> createDataChannel(String label, boolean ordered, int maxRetransmits) {
        return createDataChannel(label, ordered, maxRetransmits, null);
    }

    @Override
    public CompletableFuture<DataChannel> createDataChannel(
            String label, boolean ordered, int maxRetransmits, SendPolicy policy) {
        CompletableFuture<DataChannel> result = new CompletableFuture<>();
        control.execute(() -> {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("peer closed"));
                return;
            }
            RTCDataChannelInit init = new RTCDataChannelInit();
            init.ordered = ordered;
            init.maxRetransmits = maxRetransmits;
            init.negotiated = false;
            WebrtcDataChannel channel =
                    new WebrtcDataChannel(pc.createDataChannel(label, init), policy, control, io, scheduler);
            channels.add(channel);
            result.complete(channel);
        });
        return result;
    }

    @Override
    public PeerState state() {
        return state;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (WebrtcDataChannel c : channels) {
            c.close();
        }
        ControlThread.runOrSkip(control, () -> {
            if (pc != null) {
                pc.close();
            }
        });
        setState(PeerState.CLOSED);
    }

    /** Runs {@code step} on the control executor after the previous negotiation finished. */
    private <T> CompletableFuture<T> negotiate(Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        control.execute(() -> {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("peer closed"));
                return;
            }
            CompletableFuture<?> previous = negotiation;
            negotiation = result;
            previous.handle((v, e) -> null).thenRunAsync(() -> {
                if (closed) {
                    result.completeExceptionally(new IllegalStateException("peer closed"));
                    return;
                }
                CompletableFuture<T> started;
                try {
                    started = step.get();
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                    return;
                }
                started.whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            }, control);
        });
        return result;
    }

    private SetSessionDescriptionObserver onSet(CompletableFuture<?> result, Runnable next) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                control.execute(() -> {
                    try {
                        next.run();
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                });
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new IllegalStateException(name + ": " + error));
            }
        };
    }

    private CreateSessionDescriptionObserver onCreate(
            CompletableFuture<?> result, java.util.function.Consumer<RTCSessionDescription> next) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                control.execute(() -> {
                    try {
                        next.accept(description);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                });
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new IllegalStateException(name + ": " + error));
            }
        };
    }

    private void setState(PeerState next) {
        if (state == next) {
            return;
        }
        state = next;
        events.execute(() -> listener.onStateChange(next));
    }

    // ---- native callbacks (signaling thread): copy and hand off ----

    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
        if (closed || candidate.sdp == null || candidate.sdp.isEmpty()) {
            return;
        }
        IceCandidate c = new IceCandidate(candidate.sdp, candidate.sdpMid == null ? "" : candidate.sdpMid,
                Math.max(0, candidate.sdpMLineIndex));
        events.execute(() -> listener.onLocalCandidate(c));
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState s) {
        if (closed) {
            return;
        }
        setState(switch (s) {
            case NEW -> PeerState.NEW;
            case CONNECTING -> PeerState.CONNECTING;
            case CONNECTED -> PeerState.CONNECTED;
            case DISCONNECTED -> PeerState.DISCONNECTED;
            case FAILED -> PeerState.FAILED;
            case CLOSED -> PeerState.CLOSED;
        });
    }

    @Override
    public void onDataChannel(RTCDataChannel dc) {
        if (closed) {
            return;
        }
        // Register the observer now, on this thread, so no message is lost.
        WebrtcDataChannel channel = new WebrtcDataChannel(dc, null, control, io, scheduler);
        channels.add(channel);
        events.execute(() -> listener.onDataChannel(channel));
    }

    @Override
    public String toString() {
        return "PeerSession[" + name + ", " + state + "]";
    }
}
