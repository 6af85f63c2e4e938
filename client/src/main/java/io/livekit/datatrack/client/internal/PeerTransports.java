package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.client.RoomOptions;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.rtc.IceCandidate;
import io.livekit.datatrack.rtc.IceServer;
import io.livekit.datatrack.rtc.PeerSession;
import io.livekit.datatrack.rtc.PeerState;
import io.livekit.datatrack.rtc.RtcEngine;
import io.livekit.datatrack.rtc.SendPolicy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room session's peer connections: the publisher with its data channels and, for a v0
 * subscriber-primary session, the subscriber; their generation (each join starts a new one), the
 * ICE configuration they use, and the drops counted on channels already closed. Confined to the
 * room session's actor, except {@link #publisher()}, {@link #subscriber()} and
 * {@link #channelDrops()}, which any thread may read.
 */
final class PeerTransports {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTransports.class);

    static final String RELIABLE = "_reliable";
    static final String LOSSY = "_lossy";
    static final String DATA_TRACK = "_data_track";

    /** What the peer connections and their data channels report to the room session. */
    interface Events {
        /** A local ICE candidate ({@code t} is null if it came before its transport existed). Actor. */
        void localCandidate(PeerTransport t, IceCandidate candidate);

        /** A peer connection changed state ({@code t} as for candidates). Actor. */
        void stateChanged(PeerTransport t, PeerState state);

        /** A data channel opened. Actor. */
        void channelOpened();

        /** A packet on {@code _data_track}. WebRTC thread: hands off, never blocks. */
        void dataTrackPacket(byte[] data);

        /** A packet on {@code _reliable} or {@code _lossy}. Actor. */
        void dataPacket(byte[] data, boolean reliable);

        /** True once the session is closed: channels that arrive then are closed at once. Actor. */
        boolean sessionClosed();
    }

    private final String name;
    private final RtcEngine engine;
    private final Executor actor;
    private final RoomOptions options;
    private final Events events;
    private volatile PeerTransport publisher; // volatile: also read by stats()
    private volatile PeerTransport subscriber; // v0 subscriber-primary only
    private volatile long channelDropsClosed; // drops of channels already closed
    private int rtcGeneration;
    private List<IceServer> serverIceServers = List.of();
    private boolean serverForcesRelay;

    /**
     * @param name the room session's name, for peer names and logs
     * @param actor the room session's actor, where peer and channel events are handled
     */
    PeerTransports(String name, RtcEngine engine, Executor actor, RoomOptions options, Events events) {
        this.name = name;
        this.engine = engine;
        this.actor = actor;
        this.options = options;
        this.events = events;
    }

    /** The publisher, or null. Any thread. */
    PeerTransport publisher() {
        return publisher;
    }

    /** The subscriber (v0 subscriber-primary only), or null. Any thread. */
    PeerTransport subscriber() {
        return subscriber;
    }

    /** The publisher's channel with this label, or null (also when there is no publisher). */
    DataChannel publisherChannel(String label) {
        return publisher == null ? null : publisher.channels.get(label);
    }

    /** True if {@code t} belongs to the current generation. */
    boolean isCurrent(PeerTransport t) {
        return t != null && t.generation == rtcGeneration;
    }

    /** True if {@code t} is the current publisher or subscriber. */
    boolean isActive(PeerTransport t) {
        return isCurrent(t) && (t == publisher || t == subscriber);
    }

    /**
     * True if there is a publisher, connected, its offer answered and its {@code _data_track} and
     * {@code _reliable} channels open, and the subscriber (if any) is connected.
     */
    boolean connected() {
        return publisher != null
                && publisher.state == PeerState.CONNECTED
                && !publisher.awaitingAnswer
                && publisher.isOpen(DATA_TRACK)
                && publisher.isOpen(RELIABLE)
                && (subscriber == null || subscriber.state == PeerState.CONNECTED);
    }

    /** A new generation (a join): closes the transports and creates the publisher with its channels. */
    PeerTransport newPublisher() {
        rtcGeneration++;
        close();
        publisher = newTransport("publisher", false);
        createPublisherChannels(publisher);
        return publisher;
    }

    /** Creates the subscriber of a v0 subscriber-primary session. */
    PeerTransport newSubscriber() {
        subscriber = newTransport("subscriber", true);
        return subscriber;
    }

    /** Drops the subscriber for a full reconnect (without closing it). */
    void forgetSubscriber() {
        subscriber = null;
    }

    private PeerTransport newTransport(String role, boolean isSubscriber) {
        int generation = rtcGeneration;
        PeerTransport[] holder = new PeerTransport[1];
        PeerSession pc = engine.newPeer(name + "-" + role, new PeerSession.Listener() {
            @Override
            public void onLocalCandidate(IceCandidate candidate) {
                events.localCandidate(holder[0], candidate);
            }

            @Override
            public void onStateChange(PeerState s) {
                events.stateChanged(holder[0], s);
            }

            @Override
            public void onDataChannel(DataChannel channel) {
                PeerTransport t = holder[0];
                if (t != null && t.generation == rtcGeneration && !events.sessionClosed()) {
                    attachChannel(t, channel);
                } else {
                    channel.close();
                }
            }
        }, actor, iceServers(), relayOnly());
        PeerTransport t = new PeerTransport(pc, isSubscriber, generation);
        holder[0] = t;
        return t;
    }

    private void createPublisherChannels(PeerTransport t) {
        attachLater(t, t.pc.createDataChannel(RELIABLE, true, -1));
        attachLater(t, t.pc.createDataChannel(LOSSY, false, 0));
        // DIRECT: the DataTrackSender paces this channel and writes each packet itself; the channel
        // must never drop part of a frame on its own.
        attachLater(t, t.pc.createDataChannel(DATA_TRACK, false, 0, SendPolicy.DIRECT));
    }

    private void attachLater(PeerTransport t, CompletableFuture<DataChannel> f) {
        f.whenComplete((channel, error) -> actor.execute(() -> {
            if (error != null) {
                LOG.warn("{}: cannot create a data channel: {}", name, error.toString());
                return;
            }
            if (t.generation != rtcGeneration || events.sessionClosed()) {
                channel.close();
                return;
            }
            attachChannel(t, channel);
        }));
    }

    /** Actor. */
    private void attachChannel(PeerTransport t, DataChannel channel) {
        String label = channel.label();
        DataChannel previous = t.channels.put(label, channel);
        if (previous != null && previous != channel) {
            previous.close();
        }
        boolean isDataTrack = DATA_TRACK.equals(label);
        boolean reliable = RELIABLE.equals(label);
        boolean lossy = LOSSY.equals(label);
        channel.setListener(new DataChannel.Listener() {
            @Override
            public void onMessage(DataChannel ch, byte[] data, boolean binary) {
                // WebRTC thread: data-track packets go straight to the remote manager.
                if (isDataTrack) {
                    events.dataTrackPacket(data);
                } else if (reliable || lossy) {
                    actor.execute(() -> events.dataPacket(data, reliable));
                }
            }

            @Override
            public void onOpen(DataChannel ch) {
                actor.execute(() -> events.channelOpened());
            }

            @Override
            public void onClose(DataChannel ch) {
                actor.execute(() -> {
                    if (t.channels.get(label) == ch && t.generation == rtcGeneration) {
                        LOG.debug("{}: channel {} closed", name, label);
                    }
                });
            }
        });
    }

    /** The application's STUN/TURN servers, else the server's. */
    private List<IceServer> iceServers() {
        return options.iceServers().orElse(serverIceServers);
    }

    private boolean relayOnly() {
        return options.relayOnly() || serverForcesRelay;
    }

    /**
     * Takes the ICE configuration of a join or reconnect response and applies it to the existing
     * peer connections (the v1 publisher exists before the join response: its offer travels in
     * the join request).
     */
    void onIceConfiguration(List<LivekitRtc.ICEServer> servers, LivekitModels.ClientConfiguration configuration) {
        List<IceServer> next = IceConfigProto.servers(servers);
        boolean forceRelay = IceConfigProto.forcesRelay(configuration);
        if (next.equals(serverIceServers) && forceRelay == serverForcesRelay) {
            return;
        }
        serverIceServers = next;
        serverForcesRelay = forceRelay;
        for (PeerTransport t : new PeerTransport[] {publisher, subscriber}) {
            if (t != null) {
                t.pc.setIceServers(iceServers(), relayOnly());
            }
        }
    }

    /** Messages dropped by the channels, closed ones included. Any thread. */
    long channelDrops() {
        long drops = channelDropsClosed;
        PeerTransport p = publisher;
        PeerTransport s = subscriber;
        drops += p == null ? 0 : p.channelDrops();
        drops += s == null ? 0 : s.channelDrops();
        return drops;
    }

    /** Closes both transports, keeping the count of their channels' drops. */
    void close() {
        long drops = 0;
        if (publisher != null) {
            drops += publisher.channelDrops();
            publisher.close();
            publisher = null;
        }
        if (subscriber != null) {
            drops += subscriber.channelDrops();
            subscriber.close();
            subscriber = null;
        }
        channelDropsClosed += drops;
    }
}
