package io.livekit.datatrack.sfu.testclient;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.SignalResponse;
import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.rtc.IceCandidate;
import io.livekit.datatrack.rtc.PeerSession;
import io.livekit.datatrack.rtc.PeerState;
import io.livekit.datatrack.rtc.RtcEngine;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A tiny raw-protocol LiveKit client for SFU tests: one signaling WebSocket (JDK client) whose
 * {@code SignalResponse}s are kept in an inbox, plus optionally the WebRTC side (this project's
 * {@code rtc} module) with the three LiveKit data channels.
 *
 * <ul>
 *   <li>v1 ({@code /rtc/v1}): one peer connection; the client creates {@code _reliable},
 *       {@code _lossy} and {@code _data_track}, sends its offer inside the join request, applies
 *       the server's answer, trickles with target PUBLISHER. Downstream data uses the same channels.
 *   <li>v0 ({@code /rtc}): subscriber side only; the client answers the server's subscriber offer
 *       (trickles with target SUBSCRIBER) and receives on the server-created channels.
 * </ul>
 *
 * <p>Signaling messages the client needs for the WebRTC handshake (answer, offer, trickle) are
 * handled automatically and also left in the inbox. {@link #await} takes the first matching
 * message out of the inbox and leaves the others, so tests can wait for messages in any order.
 */
public final class TestClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    public static final int PROTOCOL = 17;
    private static final java.util.concurrent.atomic.AtomicLong SYNC_MARKERS = new java.util.concurrent.atomic.AtomicLong(1L << 40);

    private final String name;
    private final boolean v1;
    private final ExecutorService events;
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private WebSocket ws;

    // Inbox, guarded by this.
    private final List<SignalResponse> inbox = new ArrayList<>();
    private final List<SignalResponse> all = new ArrayList<>();
    private LivekitRtc.JoinResponse joinResponse;

    private volatile PeerSession pc; // v1: the single PC; v0: the subscriber PC
    private final Map<String, DataChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<byte[]>> received = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<DataChannel>> opened = new ConcurrentHashMap<>();
    /** Peer connection states seen so far. */
    public final List<PeerState> peerStates = new CopyOnWriteArrayList<>();

    private TestClient(String name, boolean v1) {
        this.name = name;
        this.v1 = v1;
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "testclient-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts describing a connection to {@code sfuUrl} ({@code ws://host:port}). */
    public static Builder builder(String sfuUrl, String token) {
        return new Builder(sfuUrl, token);
    }

    /** v1, signaling only (no offer in the join request); reads the JoinResponse. */
    public static TestClient join(String sfuUrl, String token) throws Exception {
        TestClient c = builder(sfuUrl, token).connect();
        c.awaitJoin();
        return c;
    }

    /** Configures a connection. */
    public static final class Builder {
        private final String url;
        private final String token;
        private boolean v1 = true;
        private RtcEngine engine;
        private UnaryOperator<LivekitRtc.JoinRequest.Builder> joinRequest = b -> b;
        private String v0Query = "";
        private String name = "client";
        private boolean deferOffer;

        private Builder(String url, String token) {
            this.url = url;
            this.token = token;
        }

        /** Uses v0 ({@code /rtc?access_token=…&protocol=17}) with extra query text (e.g. {@code &reconnect=1}). */
        public Builder v0(String extraQuery) {
            this.v1 = false;
            this.v0Query = extraQuery;
            return this;
        }

        /** Also sets up the WebRTC side on {@code rtcEngine}. */
        public Builder peer(RtcEngine rtcEngine) {
            this.engine = rtcEngine;
            return this;
        }

        /**
         * v1 with a peer: leaves the offer out of the join request; {@link #negotiate()} sends it
         * later as a {@code SignalRequest.offer} (as JS does without CompressionStream).
         */
        public Builder deferOffer() {
            this.deferOffer = true;
            return this;
        }

        /** Changes the v1 join request (e.g. for a resume). */
        public Builder joinRequest(UnaryOperator<LivekitRtc.JoinRequest.Builder> change) {
            this.joinRequest = change;
            return this;
        }

        /** A name for threads and messages. */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** Opens the WebSocket (and, with a peer, sends the offer in v1). Does not read anything. */
        public TestClient connect() throws Exception {
            TestClient c = new TestClient(name, v1);
            try {
                c.open(this);
            } catch (Exception | Error e) {
                c.close();
                throw e;
            }
            return c;
        }
    }

    private void open(Builder b) throws Exception {
        String uri;
        if (v1) {
            LivekitRtc.JoinRequest.Builder jr = LivekitRtc.JoinRequest.newBuilder()
                    .setClientInfo(LivekitModels.ClientInfo.newBuilder().setProtocol(PROTOCOL).setClientProtocol(2))
                    .setConnectionSettings(LivekitRtc.ConnectionSettings.newBuilder().setAutoSubscribe(false));
            if (b.engine != null) {
                pc = b.engine.newPeer(name, peerListener(LivekitRtc.SignalTarget.PUBLISHER), events);
                register(pc.createDataChannel("_reliable", true, -1).get(5, TimeUnit.SECONDS));
                register(pc.createDataChannel("_lossy", false, 0).get(5, TimeUnit.SECONDS));
                register(pc.createDataChannel("_data_track", false, 0).get(5, TimeUnit.SECONDS));
                if (!b.deferOffer) {
                    jr.setPublisherOffer(offer());
                }
            }
            LivekitRtc.WrappedJoinRequest wrapped = LivekitRtc.WrappedJoinRequest.newBuilder()
                    .setCompression(LivekitRtc.WrappedJoinRequest.Compression.NONE)
                    .setJoinRequest(b.joinRequest.apply(jr).build().toByteString())
                    .build();
            String param = Base64.getUrlEncoder().encodeToString(wrapped.toByteArray());
            uri = b.url + "/rtc/v1?join_request=" + URLEncoder.encode(param, StandardCharsets.UTF_8);
        } else {
            if (b.engine != null) {
                pc = b.engine.newPeer(name, peerListener(LivekitRtc.SignalTarget.SUBSCRIBER), events);
            }
            uri = b.url + "/rtc?access_token=" + b.token + "&protocol=" + PROTOCOL + "&auto_subscribe=0" + b.v0Query;
        }
        WebSocket.Builder wsb = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT);
        if (v1) {
            wsb.header("Authorization", "Bearer " + b.token);
        }
        ws = wsb.buildAsync(URI.create(uri), new SocketListener()).get(10, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- signaling

    private final class SocketListener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                try {
                    onMessage(SignalResponse.parseFrom(message));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    closed.completeExceptionally(new AssertionError(name + ": undecodable SignalResponse", e));
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            closed.completeExceptionally(new AssertionError(name + ": server sent a text frame"));
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.complete(-1);
        }
    }

    private void onMessage(SignalResponse r) {
        synchronized (this) {
            inbox.add(r);
            all.add(r);
            notifyAll();
        }
        PeerSession peer = pc;
        if (peer == null) {
            return;
        }
        events.execute(() -> {
            switch (r.getMessageCase()) {
                case ANSWER -> peer.applyAnswer(r.getAnswer().getSdp());
                case OFFER -> peer.answer(r.getOffer().getSdp()).thenAccept(sdp -> trySend(
                        LivekitRtc.SignalRequest.newBuilder()
                                .setAnswer(LivekitRtc.SessionDescription.newBuilder()
                                        .setType("answer").setSdp(sdp).setId(r.getOffer().getId()))
                                .build()));
                case TRICKLE -> {
                    try {
                        peer.addRemoteCandidate(IceCandidate.fromJson(r.getTrickle().getCandidateInit()));
                    } catch (IllegalArgumentException e) {
                        // a server must never send these; tests check the trickles they care about
                    }
                }
                default -> {}
            }
        });
    }

    private LivekitRtc.SessionDescription offer() throws Exception {
        String sdp = pc.createOffer(false).get(5, TimeUnit.SECONDS);
        return LivekitRtc.SessionDescription.newBuilder().setType("offer").setSdp(sdp).setId(1).build();
    }

    /** v1 with {@link Builder#deferOffer()}: sends the offer now. */
    public void negotiate() throws Exception {
        send(LivekitRtc.SignalRequest.newBuilder().setOffer(offer()).build());
    }

    /** Sends one request; fails if the socket does not take it within the timeout. */
    public void send(LivekitRtc.SignalRequest request) throws Exception {
        sendRaw(request.toByteArray());
    }

    /** Sends arbitrary bytes as one binary message. */
    public void sendRaw(byte[] bytes) throws Exception {
        synchronized (sendLock) {
            ws.sendBinary(ByteBuffer.wrap(bytes), true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void trySend(LivekitRtc.SignalRequest request) {
        try {
            send(request);
        } catch (Exception e) {
            // the socket is gone: the test notices elsewhere
        }
    }

    /** Reads the first message, which must be the JoinResponse. */
    public LivekitRtc.JoinResponse awaitJoin() throws InterruptedException {
        SignalResponse first = next();
        if (!first.hasJoin()) {
            throw new AssertionError(name + ": first message is not a JoinResponse: " + first);
        }
        joinResponse = first.getJoin();
        return joinResponse;
    }

    /** The JoinResponse read by {@link #awaitJoin()}. */
    public LivekitRtc.JoinResponse joinResponse() {
        return joinResponse;
    }

    /** This participant's SID (from the JoinResponse). */
    public String sid() {
        return joinResponse.getParticipant().getSid();
    }

    /** This participant's identity (from the JoinResponse). */
    public String identity() {
        return joinResponse.getParticipant().getIdentity();
    }

    /** Takes the oldest unread message, waiting up to {@link #TIMEOUT}. */
    public synchronized SignalResponse next() throws InterruptedException {
        return await("any message", r -> true);
    }

    /** Takes the first unread message of kind {@code kind}. */
    public SignalResponse await(SignalResponse.MessageCase kind) throws InterruptedException {
        return await(kind.toString(), r -> r.getMessageCase() == kind);
    }

    /** Takes the first unread message matching {@code match}, waiting up to {@link #TIMEOUT}. */
    public SignalResponse await(String what, Predicate<SignalResponse> match) throws InterruptedException {
        return await(what, match, TIMEOUT);
    }

    /** Takes the first unread message matching {@code match}, waiting up to {@code timeout}. */
    public synchronized SignalResponse await(String what, Predicate<SignalResponse> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Iterator<SignalResponse> it = inbox.iterator(); it.hasNext(); ) {
                SignalResponse r = it.next();
                if (match.test(r)) {
                    it.remove();
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(name + ": no " + what + " within " + timeout.toMillis() + " ms; unread: "
                        + summary(inbox));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Fails if a message matching {@code match} is unread now or arrives within {@code window}. */
    public synchronized void expectNone(String what, Predicate<SignalResponse> match, Duration window)
            throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            for (SignalResponse r : inbox) {
                if (match.test(r)) {
                    throw new AssertionError(name + ": unexpected " + what + ": " + r);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Fails if a message of kind {@code kind} is unread now or arrives within {@code window}. */
    public void expectNone(SignalResponse.MessageCase kind, Duration window) throws InterruptedException {
        expectNone(kind.toString(), r -> r.getMessageCase() == kind, window);
    }

    /** Every message received so far, read or not. */
    public synchronized List<SignalResponse> allReceived() {
        return List.copyOf(all);
    }

    /** Drops every unread message. */
    public synchronized void clearInbox() {
        inbox.clear();
    }

    /**
     * Takes the first unread participant update carrying an info for {@code identity} that matches
     * {@code match}, and returns that info.
     */
    public LivekitModels.ParticipantInfo awaitInfo(
            String identity, String what, Predicate<LivekitModels.ParticipantInfo> match) throws InterruptedException {
        Predicate<LivekitModels.ParticipantInfo> of = i -> i.getIdentity().equals(identity) && match.test(i);
        SignalResponse r = await("participant update for " + identity + " " + what,
                m -> m.hasUpdate() && m.getUpdate().getParticipantsList().stream().anyMatch(of));
        return r.getUpdate().getParticipantsList().stream().filter(of).findFirst().orElseThrow();
    }

    /**
     * A round trip through the room: everything the server did for requests sent before this one
     * has been received when it returns (the room handles requests in order).
     */
    public void sync() throws Exception {
        long marker = SYNC_MARKERS.incrementAndGet();
        send(LivekitRtc.SignalRequest.newBuilder().setPingReq(LivekitRtc.Ping.newBuilder().setTimestamp(marker)).build());
        await("pong_resp " + marker, r -> r.hasPongResp() && r.getPongResp().getLastPingTimestamp() == marker);
    }

    /** Publishes a data track and returns the info of the {@code PublishDataTrackResponse}. */
    public LivekitModels.DataTrackInfo publish(int handle, String trackName) throws Exception {
        send(Requests.publish(handle, trackName));
        return await("PublishDataTrackResponse for handle " + handle,
                r -> r.hasPublishDataTrackResponse() && r.getPublishDataTrackResponse().getInfo().getPubHandle() == handle)
                .getPublishDataTrackResponse().getInfo();
    }

    /** Takes the next {@code DataTrackSubscriberHandles} map. */
    public Map<Integer, LivekitRtc.DataTrackSubscriberHandles.PublishedDataTrack> awaitHandles()
            throws InterruptedException {
        return await(SignalResponse.MessageCase.DATA_TRACK_SUBSCRIBER_HANDLES)
                .getDataTrackSubscriberHandles().getSubHandlesMap();
    }

    /** Subscribes to {@code trackSid} and returns the subscriber handle of the map that follows. */
    public int subscribe(String trackSid) throws Exception {
        send(Requests.subscribe(trackSid));
        for (Map.Entry<Integer, LivekitRtc.DataTrackSubscriberHandles.PublishedDataTrack> e : awaitHandles().entrySet()) {
            if (e.getValue().getTrackSid().equals(trackSid)) {
                return e.getKey();
            }
        }
        throw new AssertionError(name + ": handle map without " + trackSid);
    }

    /** The WebSocket close code once closed by the server (or -1 on error); fails after the timeout. */
    public int awaitClosed() throws Exception {
        return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once the signaling WebSocket is closed. */
    public boolean isClosed() {
        return closed.isDone();
    }

    private static String summary(List<SignalResponse> messages) {
        List<String> kinds = new ArrayList<>();
        for (SignalResponse r : messages) {
            kinds.add(r.getMessageCase().toString());
        }
        return kinds.toString();
    }

    // ---------------------------------------------------------------- WebRTC

    private PeerSession.Listener peerListener(LivekitRtc.SignalTarget target) {
        return new PeerSession.Listener() {
            @Override
            public void onLocalCandidate(IceCandidate candidate) {
                trySend(LivekitRtc.SignalRequest.newBuilder()
                        .setTrickle(LivekitRtc.TrickleRequest.newBuilder()
                                .setCandidateInit(candidate.toJson())
                                .setTarget(target))
                        .build());
            }

            @Override
            public void onStateChange(PeerState state) {
                peerStates.add(state);
            }

            @Override
            public void onDataChannel(DataChannel channel) {
                register(channel);
            }
        };
    }

    private void register(DataChannel channel) {
        String label = channel.label();
        channels.put(label, channel);
        BlockingQueue<byte[]> queue = received.computeIfAbsent(label, l -> new LinkedBlockingQueue<>());
        CompletableFuture<DataChannel> open = opened.computeIfAbsent(label, l -> new CompletableFuture<>());
        channel.setListener(new DataChannel.Listener() {
            @Override
            public void onMessage(DataChannel c, byte[] data, boolean binary) {
                queue.add(data);
            }

            @Override
            public void onOpen(DataChannel c) {
                open.complete(c);
            }
        });
    }

    /** Waits until the channel {@code label} is open (v0: until the server created it and it opened). */
    public DataChannel awaitChannel(String label) throws Exception {
        return opened.computeIfAbsent(label, l -> new CompletableFuture<>()).get(15, TimeUnit.SECONDS);
    }

    /** Sends one binary message on the open channel {@code label}. */
    public void sendData(String label, byte[] message) throws Exception {
        if (!awaitChannel(label).send(message)) {
            throw new AssertionError(name + ": " + label + " refused a message");
        }
    }

    /** The next message received on {@code label}, or null after {@code timeout}. */
    public byte[] pollData(String label, Duration timeout) throws InterruptedException {
        return received.computeIfAbsent(label, l -> new LinkedBlockingQueue<>())
                .poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next message received on {@code label}; fails after {@link #TIMEOUT}. */
    public byte[] awaitData(String label) throws InterruptedException {
        byte[] data = pollData(label, TIMEOUT);
        if (data == null) {
            throw new AssertionError(name + ": nothing received on " + label + " within " + TIMEOUT.toMillis() + " ms");
        }
        return data;
    }

    /** Everything received on {@code label} so far and within {@code window}. */
    public List<byte[]> drainData(String label, Duration window) throws InterruptedException {
        BlockingQueue<byte[]> queue = received.computeIfAbsent(label, l -> new LinkedBlockingQueue<>());
        List<byte[]> out = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            byte[] data = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (data == null) {
                return out;
            }
            out.add(data);
        }
    }

    /** The peer connection (v1: the single PC; v0: the subscriber PC), or null without a peer. */
    public PeerSession peer() {
        return pc;
    }

    // ---------------------------------------------------------------- leaving

    /** Sends a client-initiated Leave, as JS does before closing. */
    public void leave() throws Exception {
        send(LivekitRtc.SignalRequest.newBuilder()
                .setLeave(LivekitRtc.LeaveRequest.newBuilder()
                        .setReason(LivekitModels.DisconnectReason.CLIENT_INITIATED)
                        .setAction(LivekitRtc.LeaveRequest.Action.DISCONNECT))
                .build());
    }

    /** Drops the WebSocket without a close handshake (like a lost network). */
    public void abortSignal() {
        if (ws != null) {
            ws.abort();
        }
    }

    /** Leaves (if still connected) and releases everything. */
    @Override
    public void close() {
        if (ws != null && !closed.isDone()) {
            try {
                leave();
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already gone
            }
            ws.abort();
        }
        PeerSession peer = pc;
        if (peer != null) {
            peer.close();
        }
        events.shutdownNow();
    }

    @Override
    public String toString() {
        return name;
    }
}
