package io.livekit.datatrack.client.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.PublishException;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.SchemaId;
import io.livekit.datatrack.backend.local.LocalProto;
import io.livekit.datatrack.client.ConnectException;
import io.livekit.datatrack.client.DisconnectReason;
import io.livekit.datatrack.client.RemoteParticipant;
import io.livekit.datatrack.client.RoomEvent;
import io.livekit.datatrack.client.RoomOptions;
import io.livekit.datatrack.client.RoomStats;
import io.livekit.datatrack.client.SchemaException;
import io.livekit.datatrack.client.signal.JdkWebSocketTransport;
import io.livekit.datatrack.client.signal.SignalTransport;
import io.livekit.datatrack.internal.SerialExecutor;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.rtc.IceCandidate;
import io.livekit.datatrack.rtc.PeerState;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room's engine, as an actor: every field below marked "actor", and every collaborator
 * "confined to the room session's actor", is touched only from tasks of {@link #actor}. It owns
 * the signal connection ({@link SignalLink}, {@link SignalKeepalive}), the peer connections
 * ({@link PeerTransports}, {@link PeerNegotiation}), the data-track managers
 * ({@link DataTrackManagers}), data packets ({@link DataPacketExchange}), the participants
 * ({@link ParticipantDirectory}) and the reconnect state machine ({@link ReconnectSchedule} says
 * which attempt comes next). Signal messages, peer events and manager outputs all arrive as
 * actor tasks; data-track packets bypass it (straight from the channel into the remote manager,
 * and from the local tracks into the {@link DataTrackSender}).
 *
 * <p>Not API: {@code io.livekit.datatrack.client.Room} is the public face.
 */
public final class RoomSession {
    private static final Logger LOG = LoggerFactory.getLogger(RoomSession.class);
    private static final AtomicInteger IDS = new AtomicInteger();

    private enum State { CONNECTING, CONNECTED, RECONNECTING, CLOSED }

    // ---- fixed ----
    private final String name = "room-" + IDS.incrementAndGet();
    private final String url;
    private final RoomOptions options;
    private final SessionResources resources;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final SerialExecutor actor;
    private final Listeners listeners = new Listeners();
    private final DataTrackSender dataTrackSender;

    // ---- collaborators: actor-confined except where noted ----
    private final DataTrackManagers managers; // created on the actor at the first join, then read anywhere
    private final SchemaRequests schemas;
    private final SignalKeepalive keepalive; // rtt() any thread
    private final SignalLink signal;
    private final PeerTransports peers; // publisher(), subscriber(), channelDrops() any thread
    private final PeerNegotiation negotiation;
    private final ReconnectSchedule reconnects = new ReconnectSchedule();
    private final HeldSignalRequests heldRequests = new HeldSignalRequests();
    private final DataPacketExchange dataPackets = new DataPacketExchange(name); // counters any thread
    private final ParticipantDirectory participants = new ParticipantDirectory(); // snapshot() any thread

    // ---- counters (any thread) ----
    private final LongAdder resumes = new LongAdder();
    private final LongAdder fullReconnects = new LongAdder();

    // ---- set once (first join), read anywhere ----
    private volatile String localIdentity = "";
    private volatile String localSid = "";
    private volatile String roomName = "";
    private volatile CompletableFuture<Void> connectFuture;

    // ---- actor ----
    private String token;
    private volatile State state = State.CONNECTING; // written by the actor only
    private boolean v1;
    private boolean forceV0;
    private ScheduledFuture<?> transportTimer;
    private boolean awaitingTransport;
    private final ParticipantDirectory.Changes participantChanges = new ParticipantDirectory.Changes() {
        @Override
        public void joined(RemoteParticipant participant) {
            listeners.emit(new RoomEvent.ParticipantJoined(participant));
        }

        @Override
        public void left(RemoteParticipant participant) {
            dataPackets.forget(participant.sid());
            listeners.emit(new RoomEvent.ParticipantLeft(participant));
        }
    };

    public RoomSession(String url, String token, RoomOptions options) {
        this.url = Objects.requireNonNull(url, "url");
        this.token = Objects.requireNonNull(token, "token");
        this.options = Objects.requireNonNull(options, "options");
        this.resources = new SessionResources(name, options);
        this.executor = resources.executor();
        this.scheduler = resources.scheduler();
        this.actor = new SerialExecutor(name, executor);
        SignalTransport transport = options.signalTransport()
                .orElseGet(() -> new JdkWebSocketTransport(executor, options.connectTimeout()));
        this.dataTrackSender = new DataTrackSender(executor, scheduler);
        this.managers = new DataTrackManagers(executor, scheduler, actor, dataTrackSender, this::sendRequest, listeners);
        this.schemas = new SchemaRequests(this::sendRequest, scheduler, actor, executor);
        this.keepalive = new SignalKeepalive(scheduler, actor);
        this.signal = new SignalLink(name, transport, scheduler, actor, keepalive, new SignalLink.Events() {
            @Override
            public void message(byte[] message) {
                onSignalMessage(message);
            }

            @Override
            public void connectFailed(Throwable error) {
                onSignalConnectFailed(error);
            }

            @Override
            public void lost(int generation, String why) {
                onSignalLost(generation, why);
            }

            @Override
            public void firstMessageTimeout() {
                signal.close();
                joinAttemptFailed(new ConnectException(
                        ConnectException.Reason.TIMEOUT, "no response from the server in time", null));
            }

            @Override
            public boolean sessionClosed() {
                return state == State.CLOSED;
            }
        });
        this.peers = new PeerTransports(name, resources.engine(), actor, options, new PeerTransports.Events() {
            @Override
            public void localCandidate(PeerTransport t, IceCandidate candidate) {
                negotiation.onLocalCandidate(t, candidate);
            }

            @Override
            public void stateChanged(PeerTransport t, PeerState s) {
                onPeerState(t, s);
            }

            @Override
            public void channelOpened() {
                checkTransportsUp();
            }

            @Override
            public void dataTrackPacket(byte[] data) {
                managers.onPacket(data);
            }

            @Override
            public void dataPacket(byte[] data, boolean reliable) {
                onDataPacket(data, reliable);
            }

            @Override
            public boolean sessionClosed() {
                return state == State.CLOSED;
            }
        });
        this.negotiation = new PeerNegotiation(
                name, actor, peers, signal, () -> state == State.CLOSED, this::checkTransportsUp);
    }

    // =====================================================================================
    // API (any thread)
    // =====================================================================================

    /** Starts the connection; the future completes when the data channels are open. */
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        connectFuture = f;
        actor.execute(() -> {
            transportTimer = scheduler.schedule(
                    () -> actor.execute(this::onConnectTimeout),
                    options.connectTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
            startJoin();
        });
        return f;
    }

    public void addListener(io.livekit.datatrack.client.RoomListener listener, Executor listenerExecutor) {
        listeners.add(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(listenerExecutor, "executor"));
    }

    public void addListener(io.livekit.datatrack.client.RoomListener listener) {
        addListener(listener, executor);
    }

    public void removeListener(io.livekit.datatrack.client.RoomListener listener) {
        listeners.remove(listener);
    }

    public String localIdentity() {
        return localIdentity;
    }

    public String localSid() {
        return localSid;
    }

    public String roomName() {
        return roomName;
    }

    public Map<String, RemoteParticipant> remoteParticipants() {
        return participants.snapshot();
    }

    public CompletableFuture<List<RemoteDataTrack>> remoteDataTracks() {
        return managers.remoteTracks();
    }

    public CompletableFuture<LocalDataTrack> publishDataTrack(DataTrackOptions trackOptions) {
        if (!managers.created() || state == State.CLOSED) {
            return CompletableFuture.failedFuture(
                    new PublishException(PublishException.Reason.DISCONNECTED, "room is not connected"));
        }
        return managers.publish(trackOptions);
    }

    public CompletableFuture<Void> defineSchema(SchemaId id, byte[] definition) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definition, "definition");
        SchemaRequests.validate(id, definition);
        byte[] copy = definition.clone();
        CompletableFuture<Void> f = new CompletableFuture<>();
        actor.execute(() -> {
            if (state == State.CLOSED || !managers.created()) {
                f.completeExceptionally(new SchemaException(SchemaException.Reason.DISCONNECTED, "room is not connected"));
            } else {
                schemas.define(id, copy, f);
            }
        });
        return f;
    }

    public CompletableFuture<byte[]> getSchema(String ownerIdentity, SchemaId id) {
        Objects.requireNonNull(ownerIdentity, "ownerIdentity");
        Objects.requireNonNull(id, "id");
        SchemaRequests.validate(id, null);
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        actor.execute(() -> {
            if (state == State.CLOSED || !managers.created()) {
                f.completeExceptionally(new SchemaException(SchemaException.Reason.DISCONNECTED, "room is not connected"));
            } else {
                schemas.get(ownerIdentity, id, f);
            }
        });
        return f;
    }

    public CompletableFuture<Void> publishData(byte[] payload, boolean reliable, String topic, List<String> destinations) {
        Objects.requireNonNull(payload, "payload");
        List<String> dest = List.copyOf(destinations == null ? List.of() : destinations);
        if (state == State.CLOSED) {
            return CompletableFuture.failedFuture(new IllegalStateException("room closed"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.execute(() -> {
            DataChannel channel = peers.publisherChannel(reliable ? PeerTransports.RELIABLE : PeerTransports.LOSSY);
            if (state == State.CLOSED || channel == null || !channel.isOpen()) {
                done.completeExceptionally(new IllegalStateException("not connected"));
                return;
            }
            dataPackets.send(channel, reliable,
                    seq -> DataPackets.encodeUser(payload, reliable, topic, dest, localIdentity, localSid, seq), done);
        });
        return done;
    }

    public RoomStats stats() {
        long drops = peers.channelDrops();
        long unroutable = managers.packetsUnroutable();
        return new RoomStats(
                dataTrackSender.framesSent(),
                dataTrackSender.framesDropped(),
                dataTrackSender.packetsSent(),
                dataTrackSender.bytesSent(),
                managers.packetsReceived(),
                unroutable,
                drops,
                dataPackets.sent(),
                dataPackets.received(),
                dataPackets.duplicates(),
                resumes.sum(),
                fullReconnects.sum(),
                keepalive.rtt());
    }

    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    /** Leaves the room and releases everything; idempotent. Waits briefly for the leave to go out. */
    public void close() {
        if (state == State.CLOSED) {
            return; // (the actor's pool may already be released)
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.execute(() -> {
            if (state != State.CLOSED) {
                if (signal.isUp()) {
                    signal.send(LivekitRtc.SignalRequest.newBuilder()
                            .setLeave(LivekitRtc.LeaveRequest.newBuilder()
                                    .setReason(LivekitModels.DisconnectReason.CLIENT_INITIATED)
                                    .setAction(LivekitRtc.LeaveRequest.Action.DISCONNECT))
                            .build());
                }
                shutdown(DisconnectReason.CLIENT_INITIATED, new ConnectException(
                        ConnectException.Reason.CANCELLED, "room closed during connect", null));
            }
            done.complete(null);
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("{}: close did not finish in time: {}", name, e.toString());
        }
    }

    /** Test hook: drops the signal connection as if the network failed (triggers a resume). */
    public void simulateSignalLoss() {
        actor.execute(() -> {
            signal.dropConnection();
            onSignalLost(signal.generation(), "simulated signal loss");
        });
    }

    /** Test hook: sends a raw signal request (e.g. {@code simulate}). */
    public void sendSignalRequest(LivekitRtc.SignalRequest request) {
        actor.execute(() -> signal.send(request));
    }

    // =====================================================================================
    // Joining
    // =====================================================================================

    private void startJoin() {
        v1 = options.singlePeerConnection() && !forceV0;
        PeerTransport pub = peers.newPublisher();
        if (v1) {
            negotiation.offerForJoin(pub, (offer, error) -> {
                if (error != null) {
                    joinAttemptFailed(new ConnectException(
                            ConnectException.Reason.INTERNAL, "cannot create the offer: " + error, error));
                    return;
                }
                signal.open(JoinUris.v1Join(url, offer), token, SignalLink.Phase.AWAIT_JOIN);
            });
        } else {
            signal.open(JoinUris.v0Join(url), token, SignalLink.Phase.AWAIT_JOIN);
        }
    }

    private void onSignalConnectFailed(Throwable error) {
        if (signal.phase() == SignalLink.Phase.AWAIT_JOIN && v1 && FailureReasons.lacksV1(error)) {
            LOG.info("{}: server has no /rtc/v1 (HTTP 404): falling back to /rtc (two peer connections)", name);
            forceV0 = true;
            startJoin();
            return;
        }
        joinAttemptFailed(FailureReasons.ofSignalConnect(error));
    }

    /** The current join / resume attempt failed. */
    private void joinAttemptFailed(ConnectException failure) {
        if (state == State.CONNECTING) {
            shutdown(DisconnectReason.JOIN_FAILURE, failure);
        } else if (state == State.RECONNECTING) {
            LOG.debug("{}: reconnect attempt failed: {}", name, failure.getMessage());
            if (failure.reason() == ConnectException.Reason.NOT_ALLOWED) {
                shutdown(DisconnectReason.CONNECTION_LOST, failure);
            } else {
                scheduleReconnectAttempt();
            }
        }
    }

    private void onConnectTimeout() {
        if (state == State.CONNECTING) {
            shutdown(DisconnectReason.JOIN_FAILURE, new ConnectException(
                    ConnectException.Reason.TIMEOUT,
                    "not connected within " + options.connectTimeout().toMillis() + " ms",
                    null));
        }
    }

    // =====================================================================================
    // Signal messages
    // =====================================================================================

    private void onSignalMessage(byte[] bytes) {
        LivekitRtc.SignalResponse message;
        try {
            message = LivekitRtc.SignalResponse.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("{}: undecodable signal message dropped", name);
            return;
        }
        keepalive.heard();
        LivekitRtc.SignalResponse.MessageCase kind = message.getMessageCase();
        if (signal.phase() == SignalLink.Phase.AWAIT_JOIN) {
            if (kind == LivekitRtc.SignalResponse.MessageCase.JOIN) {
                onJoin(message.getJoin());
                SignalRouting.route(message, localIdentity, managers::toLocal, managers::toRemote);
            } else if (kind == LivekitRtc.SignalResponse.MessageCase.LEAVE) {
                signal.close();
                joinAttemptFailed(new ConnectException(
                        ConnectException.Reason.REJECTED,
                        "server sent leave (" + message.getLeave().getReason() + ") instead of a join response",
                        null));
            }
            return;
        }
        if (signal.phase() == SignalLink.Phase.AWAIT_RECONNECT) {
            if (kind == LivekitRtc.SignalResponse.MessageCase.RECONNECT) {
                onReconnectResponse(message.getReconnect());
            } else if (kind == LivekitRtc.SignalResponse.MessageCase.LEAVE) {
                LOG.debug("{}: resume refused ({}): full reconnect", name, message.getLeave().getReason());
                signal.close();
                if (message.getLeave().getAction() == LivekitRtc.LeaveRequest.Action.DISCONNECT) {
                    shutdown(FailureReasons.ofLeave(message.getLeave().getReason()), null);
                } else {
                    beginFullReconnect();
                }
            }
            return; // everything else before the reconnect response is dropped
        }
        switch (kind) {
            case ANSWER -> negotiation.onAnswer(message.getAnswer());
            case OFFER -> negotiation.onOffer(message.getOffer(), v1);
            case TRICKLE -> negotiation.onTrickle(message.getTrickle(), v1);
            case UPDATE -> {
                onParticipants(message.getUpdate().getParticipantsList());
                SignalRouting.route(message, localIdentity, managers::toLocal, managers::toRemote);
            }
            case LEAVE -> onLeave(message.getLeave());
            case PONG_RESP -> keepalive.onPong(message.getPongResp());
            case REFRESH_TOKEN -> token = message.getRefreshToken();
            case ROOM_UPDATE -> {
                if (message.getRoomUpdate().hasRoom() && !message.getRoomUpdate().getRoom().getName().isEmpty()) {
                    roomName = message.getRoomUpdate().getRoom().getName();
                }
            }
            default -> {
                if (!schemas.onMessage(message)) {
                    SignalRouting.route(message, localIdentity, managers::toLocal, managers::toRemote);
                }
            }
        }
    }

    private void onJoin(LivekitRtc.JoinResponse join) {
        signal.up();
        if (!join.hasParticipant()) {
            signal.close();
            joinAttemptFailed(new ConnectException(ConnectException.Reason.INTERNAL, "join response without participant", null));
            return;
        }
        localSid = join.getParticipant().getSid();
        localIdentity = join.getParticipant().getIdentity();
        if (join.hasRoom()) {
            roomName = join.getRoom().getName();
        }
        if (!managers.created()) {
            managers.create(options.encryption().orElse(null), localIdentity);
        }
        peers.onIceConfiguration(join.getIceServersList(), join.getClientConfiguration());
        keepalive.start(join.getPingInterval(), join.getPingTimeout(), this::onPingTick);
        if (state == State.RECONNECTING) {
            awaitingTransport = true; // a full reconnect completes when the new transports are up
        }
        onParticipants(join.getOtherParticipantsList());
        if (v1) {
            negotiation.flushCandidates(peers.publisher());
        } else {
            if (join.getSubscriberPrimary()) {
                peers.newSubscriber();
            }
            negotiation.negotiatePublisher(false);
        }
        checkTransportsUp();
    }

    private void onParticipants(List<LivekitModels.ParticipantInfo> infos) {
        participants.apply(infos, localIdentity, participantChanges);
    }

    private void onLeave(LivekitRtc.LeaveRequest leave) {
        LOG.debug("{}: server leave {} {}", name, leave.getAction(), leave.getReason());
        switch (leave.getAction()) {
            case RESUME -> {
                signal.close();
                beginReconnect(false);
            }
            case RECONNECT -> {
                signal.close();
                beginReconnect(true);
            }
            default -> {
                signal.close();
                shutdown(FailureReasons.ofLeave(leave.getReason()), new ConnectException(
                        ConnectException.Reason.REJECTED, "server sent leave: " + leave.getReason(), null));
            }
        }
    }

    // =====================================================================================
    // Peer connections
    // =====================================================================================

    private void onPeerState(PeerTransport t, PeerState s) {
        if (!peers.isActive(t)) {
            return;
        }
        t.state = s;
        LOG.debug("{}: {} {}", name, t.subscriber ? "subscriber" : "publisher", s);
        if (s == PeerState.FAILED && state == State.CONNECTED) {
            beginReconnect(false);
        }
        checkTransportsUp();
    }

    /** Completes a connect or reconnect once the signal is up and the transports are connected. */
    private void checkTransportsUp() {
        if (signal.phase() != SignalLink.Phase.UP || !peers.connected()) {
            return;
        }
        if (state == State.CONNECTING) {
            cancel(transportTimer);
            state = State.CONNECTED;
            dataTrackSender.setChannel(peers.publisherChannel(PeerTransports.DATA_TRACK));
            LOG.debug("{}: connected as {} ({}) over {}", name, localIdentity, localSid, v1 ? "v1" : "v0");
            connectFuture.complete(null);
        } else if (state == State.RECONNECTING && awaitingTransport) {
            finishReconnect();
        }
    }

    // =====================================================================================
    // Data packets
    // =====================================================================================

    private void onDataPacket(byte[] data, boolean reliable) {
        if (state == State.CLOSED) {
            return;
        }
        dataPackets.receive(data, reliable).ifPresent(listeners::emit);
    }

    // =====================================================================================
    // Signal requests, pings
    // =====================================================================================

    /** Sends now, or queues while the session is being re-established. */
    private void sendRequest(LivekitRtc.SignalRequest request) {
        if (state == State.CLOSED) {
            return;
        }
        if (!signal.isUp() || state == State.RECONNECTING) {
            heldRequests.hold(request);
            return;
        }
        signal.send(request);
    }

    private void onPingTick() {
        if (!signal.isUp() || state == State.CLOSED) {
            return;
        }
        if (keepalive.timedOut()) {
            onSignalLost(signal.generation(), "ping timeout");
            return;
        }
        signal.send(keepalive.ping());
    }

    // =====================================================================================
    // Reconnecting
    // =====================================================================================

    private void onSignalLost(int generation, String why) {
        if (generation != signal.generation() || state == State.CLOSED) {
            return;
        }
        LOG.debug("{}: signal lost: {}", name, why);
        SignalLink.Phase was = signal.phase();
        signal.close();
        if (state == State.CONNECTING) {
            joinAttemptFailed(new ConnectException(ConnectException.Reason.REJECTED, "signal connection lost: " + why, null));
        } else if (state == State.CONNECTED) {
            beginReconnect(false);
        } else if (state == State.RECONNECTING && was != SignalLink.Phase.NONE) {
            scheduleReconnectAttempt();
        }
    }

    private void beginReconnect(boolean full) {
        if (state == State.CLOSED) {
            return;
        }
        if (!options.autoReconnect()) {
            shutdown(DisconnectReason.CONNECTION_LOST, null);
            return;
        }
        if (state == State.RECONNECTING) {
            if (full && !reconnects.fullInProgress()) {
                beginFullReconnect();
            }
            return;
        }
        state = State.RECONNECTING;
        reconnects.begin(full);
        listeners.emit(new RoomEvent.Reconnecting(full));
        scheduleReconnectAttempt();
    }

    private void beginFullReconnect() {
        if (reconnects.escalate()) {
            listeners.emit(new RoomEvent.Reconnecting(true));
        }
        scheduleReconnectAttempt();
    }

    private void scheduleReconnectAttempt() {
        if (state != State.RECONNECTING) {
            return;
        }
        signal.close();
        cancel(transportTimer);
        awaitingTransport = false;
        ReconnectSchedule.Attempt next = reconnects.next();
        if (next == null) {
            shutdown(DisconnectReason.CONNECTION_LOST, null);
            return;
        }
        if (next.escalated()) {
            listeners.emit(new RoomEvent.Reconnecting(true)); // (never together with running out)
        }
        int epoch = next.epoch();
        scheduler.schedule(() -> actor.execute(() -> {
            if (state != State.RECONNECTING || !reconnects.isCurrent(epoch)) {
                return;
            }
            transportTimer = scheduler.schedule(
                    () -> actor.execute(() -> onReconnectTimeout(epoch)),
                    options.connectTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
            if (next.full()) {
                LOG.debug("{}: full reconnect, attempt {}", name, next.number());
                dataTrackSender.setChannel(null);
                heldRequests.clear(); // the managers re-send what matters for the new session
                peers.forgetSubscriber();
                forceV0 = false; // decide v1/v0 afresh, as livekit-client does: the new node may differ
                startJoin();
            } else {
                LOG.debug("{}: resume, attempt {}", name, next.number());
                signal.open(JoinUris.resume(url, v1, localSid), token, SignalLink.Phase.AWAIT_RECONNECT);
            }
        }), next.delayMs(), TimeUnit.MILLISECONDS);
    }

    private void onReconnectTimeout(int epoch) {
        if (state == State.RECONNECTING && reconnects.isCurrent(epoch)) {
            LOG.debug("{}: reconnect attempt timed out", name);
            scheduleReconnectAttempt();
        }
    }

    private void onReconnectResponse(LivekitRtc.ReconnectResponse response) {
        signal.up();
        dataPackets.resendAfter(Integer.toUnsignedLong(response.getLastMessageSeq()));
        peers.onIceConfiguration(response.getIceServersList(), response.getClientConfiguration());
        int generation = signal.generation();
        // SyncState strictly before the ICE-restart offer (as Rust does).
        managers.activeTracks().whenComplete((infos, error) -> actor.execute(() -> {
            if (generation != signal.generation() || state != State.RECONNECTING) {
                return;
            }
            LivekitRtc.SyncState.Builder sync = LivekitRtc.SyncState.newBuilder();
            if (infos != null) {
                sync.addAllPublishDataTracks(LocalProto.syncState(infos));
            }
            signal.send(LivekitRtc.SignalRequest.newBuilder().setSyncState(sync).build());
            awaitingTransport = true;
            negotiation.negotiatePublisher(true);
        }));
    }

    private void finishReconnect() {
        cancel(transportTimer);
        awaitingTransport = false;
        boolean full = reconnects.finish();
        state = State.CONNECTED;
        dataTrackSender.setChannel(peers.publisherChannel(PeerTransports.DATA_TRACK));
        heldRequests.sendAll(signal::send);
        if (full) {
            fullReconnects.increment();
            managers.onNewSession();
            schemas.onNewSession(failure -> LOG.warn("{}: schema definition not stored again: {}", name, failure));
            dataPackets.forgetSent(); // a new session: the server knows none of them
        } else {
            resumes.increment();
            dataPackets.resend(peers.publisherChannel(PeerTransports.RELIABLE));
        }
        LOG.debug("{}: reconnected ({}) as {}", name, full ? "full" : "resume", localSid);
        listeners.emit(new RoomEvent.Reconnected(full));
    }

    // =====================================================================================
    // Teardown
    // =====================================================================================

    private void shutdown(DisconnectReason reason, ConnectException connectFailure) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasConnecting = state == State.CONNECTING;
        state = State.CLOSED;
        keepalive.stop();
        cancel(transportTimer);
        signal.close();
        schemas.failAll("room closed");
        dataTrackSender.close();
        managers.close();
        peers.close();
        CompletableFuture<Void> f = connectFuture;
        if (wasConnecting && f != null && !f.isDone()) {
            f.completeExceptionally(connectFailure != null
                    ? connectFailure
                    : new ConnectException(ConnectException.Reason.INTERNAL, "connect failed: " + reason, null));
        } else {
            listeners.emit(new RoomEvent.Disconnected(reason));
        }
        // Let managers and listeners finish their last tasks, then release threads and native state.
        scheduler.schedule(resources::release, 300, TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
