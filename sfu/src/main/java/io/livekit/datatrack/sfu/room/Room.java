package io.livekit.datatrack.sfu.room;

import io.livekit.datatrack.internal.SerialExecutor;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.LeaveRequest.Action;
import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.rtc.IceCandidate;
import io.livekit.datatrack.rtc.PeerSession;
import io.livekit.datatrack.rtc.PeerState;
import io.livekit.datatrack.sfu.signal.JoinIntent;
import io.livekit.datatrack.sfu.signal.SignalConnection;
import io.livekit.datatrack.sfu.signal.SignalListener;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room, as an actor: participants, their sessions and transports, data track publications and
 * subscriptions change only on the room's serial executor. Packet forwarding does not go through
 * the actor: it reads the immutable snapshots the actor publishes (see {@link Forwarding}).
 */
final class Room {
    private static final Logger LOG = LoggerFactory.getLogger(Room.class);
    static final long JOIN_TIMEOUT_SECONDS = 60;
    static final long SIGNAL_LOSS_GRACE_SECONDS = 20;
    static final long TRANSPORT_FAILURE_GRACE_SECONDS = 15;

    final String name;
    final String sid = Ids.room();
    final long createdMs = System.currentTimeMillis();
    private final RoomContext ctx;
    private final SerialExecutor actor;
    private final Consumer<Room> onEmpty;
    private final RandomGenerator random = new SecureRandom();
    private final Forwarding forwarding;
    private final DataTrackSignaling dataTracks;
    private final DataBlobs dataBlobs = new DataBlobs();
    /** Joins handed to this room whose {@link #onJoin} has not finished (see {@link RoomManager}). */
    final AtomicInteger pendingJoins = new AtomicInteger();

    // Confined to the actor.
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private boolean closed;
    /** DISCONNECTED infos of recent departures, oldest first: a resuming participant may have missed them. */
    private final ArrayDeque<Departed> departed = new ArrayDeque<>();

    private record Departed(LivekitModels.ParticipantInfo info, long atNanos) {}

    static final long DEPARTED_KEEP_NANOS = TimeUnit.SECONDS.toNanos(2 * SIGNAL_LOSS_GRACE_SECONDS + 30);

    Room(String name, RoomContext ctx, Consumer<Room> onEmpty) {
        this.name = name;
        this.ctx = ctx;
        this.onEmpty = onEmpty;
        this.actor = new SerialExecutor("room-" + name, ctx.executor());
        this.forwarding = new Forwarding(ctx.counters());
        this.dataTracks = new DataTrackSignaling(this, ctx, random);
    }

    /** Called by the HTTP layer's thread: all work happens on the actor. */
    SignalListener join(JoinIntent intent, SignalConnection connection) {
        Session session = new Session(connection);
        actor.execute(() -> {
            try {
                onJoin(session, intent);
            } finally {
                pendingJoins.decrementAndGet();
                if (participants.isEmpty()) {
                    onEmpty.accept(this); // a refused join (e.g. a stale resume) leaves no empty room behind
                }
            }
        });
        return session;
    }

    /** Runs {@code task} on the room's actor. */
    void execute(Runnable task) {
        actor.execute(task);
    }

    /** Closes every session (server shutdown); completes once the Leaves are queued. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.execute(() -> {
            try {
                for (Participant p : new ArrayList<>(participants.values())) {
                    remove(p, LivekitModels.DisconnectReason.SERVER_SHUTDOWN, false, true);
                }
                closed = true;
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    Iterable<Participant> participants() {
        return participants.values();
    }

    /** The request/close listener of one signaling connection. */
    final class Session implements SignalListener {
        final SignalConnection connection;
        Participant participant; // actor only

        Session(SignalConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onRequest(LivekitRtc.SignalRequest request) {
            actor.execute(() -> {
                Participant p = participant;
                if (p != null && !p.removed && p.signal == connection) {
                    handle(p, request);
                }
            });
        }

        @Override
        public void onClose() {
            actor.execute(() -> onSignalClosed(this));
        }
    }

    // ---- join, resume, leave ----

    private void onJoin(Session session, JoinIntent intent) {
        if (closed) {
            session.connection.send(SfuProto.leave(LivekitModels.DisconnectReason.ROOM_CLOSED, Action.DISCONNECT));
            session.connection.close();
            return;
        }
        Participant existing = participants.get(intent.claims().identity());
        if (intent.isResume()) {
            String wantedSid = intent.joinRequest().getParticipantSid();
            if (existing != null && !existing.removed && existing.singlePc == intent.singlePeerConnection()
                    && (wantedSid.isEmpty() || wantedSid.equals(existing.sid))) {
                resume(existing, session);
            } else {
                session.connection.send(SfuProto.leave(LivekitModels.DisconnectReason.STATE_MISMATCH, Action.RECONNECT));
                session.connection.close();
            }
            return;
        }
        if (existing != null) {
            // A new session for the same identity replaces the old one, without a DISCONNECTED
            // notice to the others (they follow the republished tracks as SID reassignments).
            remove(existing, LivekitModels.DisconnectReason.DUPLICATE_IDENTITY, false, true);
        }
        Participant p = new Participant(
                Ids.participant(), intent.claims(), intent.singlePeerConnection(), intent.joinRequest(), random);
        p.signal = session.connection;
        p.lastSignalNanos = System.nanoTime();
        session.participant = p;
        participants.put(p.identity, p);
        forwarding.setParticipants(participants.values());

        List<LivekitModels.ParticipantInfo> others = new ArrayList<>();
        for (Participant q : participants.values()) {
            if (q != p && !q.hidden()) {
                others.add(SfuProto.info(q));
            }
        }
        LivekitModels.ServerInfo serverInfo = SfuProto.serverInfo(ctx.nodeId());
        p.version = 1;
        p.send(LivekitRtc.SignalResponse.newBuilder()
                .setJoin(LivekitRtc.JoinResponse.newBuilder()
                        .setRoom(roomInfo())
                        .setParticipant(SfuProto.info(p))
                        .addAllOtherParticipants(others)
                        .setServerVersion(serverInfo.getVersion())
                        .setSubscriberPrimary(p.subscriberPrimary)
                        .setPingTimeout(SfuProto.PING_TIMEOUT_SECONDS)
                        .setPingInterval(SfuProto.PING_INTERVAL_SECONDS)
                        .setServerInfo(serverInfo)
                        .setFastPublish(p.claims.video().canPublish() || p.claims.video().canPublishData()))
                .build());
        p.state = LivekitModels.ParticipantInfo.State.JOINED;
        p.version++;
        broadcast(p);
        LOG.info("room {}: {} joined ({}, protocol {}, sdk {})", name, p, p.singlePc ? "v1" : "v0",
                p.clientInfo.getProtocol(), p.clientInfo.getSdk());
        setUpTransport(p, intent.joinRequest());
        p.removalTimer = ctx.scheduler().schedule(() -> actor.execute(() -> {
            if (!p.removed && p.state != LivekitModels.ParticipantInfo.State.ACTIVE) {
                LOG.info("room {}: {} did not connect within {} s", name, p, JOIN_TIMEOUT_SECONDS);
                remove(p, LivekitModels.DisconnectReason.JOIN_FAILURE, true, true);
            }
        }), JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void resume(Participant p, Session session) {
        p.signalGeneration++; // a pending signal-loss removal no longer applies
        if (p.signalLossTimer != null) {
            p.signalLossTimer.cancel(false);
        }
        SignalConnection old = p.signal;
        if (old != null && old != session.connection) {
            old.close();
        }
        p.signal = session.connection;
        session.participant = p;
        p.send(LivekitRtc.SignalResponse.newBuilder()
                .setReconnect(LivekitRtc.ReconnectResponse.newBuilder()
                        .setServerInfo(SfuProto.serverInfo(ctx.nodeId()))
                        .setLastMessageSeq((int) p.lastReliableSequence))
                .build());
        // Departures since the last signal activity: their notices may have been lost with the old
        // connection, and JS does not infer them from the snapshot below.
        List<LivekitModels.ParticipantInfo> left = new ArrayList<>();
        for (Departed d : departed) {
            if (d.atNanos() - p.lastSignalNanos >= 0 && !d.info().getIdentity().equals(p.identity)) {
                left.add(d.info());
            }
        }
        if (!left.isEmpty()) {
            p.send(SfuProto.update(left));
        }
        p.lastSignalNanos = System.nanoTime();
        List<LivekitModels.ParticipantInfo> all = new ArrayList<>();
        for (Participant q : participants.values()) {
            if (q == p || !q.hidden()) {
                all.add(SfuProto.info(q));
            }
        }
        p.send(SfuProto.update(all));
        p.send(LivekitRtc.SignalResponse.newBuilder()
                .setRoomUpdate(LivekitRtc.RoomUpdate.newBuilder().setRoom(roomInfo()))
                .build());
        if (p.subscriberPrimary && p.subscriberPc != null) {
            offerSubscriber(p, true);
        }
        LOG.info("room {}: {} resumed", name, p);
    }

    private void onSignalClosed(Session session) {
        Participant p = session.participant;
        if (p == null || p.removed || p.signal != session.connection) {
            return;
        }
        p.signal = null;
        // Keep the session for a resume; remove it if none comes.
        int generation = ++p.signalGeneration;
        p.signalLossTimer = ctx.scheduler().schedule(() -> actor.execute(() -> {
            if (!p.removed && p.signal == null && p.signalGeneration == generation) {
                remove(p, LivekitModels.DisconnectReason.SIGNAL_CLOSE, true, false);
            }
        }), SIGNAL_LOSS_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Removes a participant: its tracks are unpublished (subscribers get new handle maps), its
     * subscriptions end, its transports close.
     */
    void remove(Participant p, LivekitModels.DisconnectReason reason, boolean notifyOthers, boolean sendLeave) {
        if (p.removed) {
            return;
        }
        p.removed = true;
        for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {
                p.removalTimer, p.signalLossTimer, p.transportFailureTimer}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        if (sendLeave) {
            p.send(SfuProto.leave(reason, Action.DISCONNECT));
        }
        if (p.signal != null) {
            p.signal.close();
            p.signal = null;
        }
        if (participants.get(p.identity) == p) {
            participants.remove(p.identity);
        }
        forwarding.setParticipants(participants.values());
        dataTracks.removeAllOf(p);
        p.state = LivekitModels.ParticipantInfo.State.DISCONNECTED;
        p.version++;
        if (notifyOthers && !p.hidden()) {
            LivekitModels.ParticipantInfo info =
                    SfuProto.info(p).toBuilder().setDisconnectReason(reason).build();
            long now = System.nanoTime();
            departed.addLast(new Departed(info, now));
            while (departed.size() > 1000 || now - departed.peekFirst().atNanos() > DEPARTED_KEEP_NANOS) {
                departed.pollFirst();
            }
            for (Participant q : participants.values()) {
                q.send(SfuProto.update(List.of(info)));
            }
        }
        if (p.publisherPc != null) {
            p.publisherPc.close();
        }
        if (p.subscriberPc != null) {
            p.subscriberPc.close();
        }
        LOG.info("room {}: {} left ({})", name, p, reason);
        if (participants.isEmpty()) {
            onEmpty.accept(this);
        }
    }

    // ---- requests ----

    private void handle(Participant p, LivekitRtc.SignalRequest r) {
        p.lastSignalNanos = System.nanoTime();
        switch (r.getMessageCase()) {
            case OFFER -> onOffer(p, r.getOffer());
            case ANSWER -> onAnswer(p, r.getAnswer());
            case TRICKLE -> onTrickle(p, r.getTrickle());
            case LEAVE -> remove(p, LivekitModels.DisconnectReason.CLIENT_INITIATED, true, false);
            case PING -> p.send(LivekitRtc.SignalResponse.newBuilder().setPong(System.currentTimeMillis()).build());
            case PING_REQ -> p.send(LivekitRtc.SignalResponse.newBuilder()
                    .setPongResp(LivekitRtc.Pong.newBuilder()
                            .setLastPingTimestamp(r.getPingReq().getTimestamp())
                            .setTimestamp(System.currentTimeMillis()))
                    .build());
            case PUBLISH_DATA_TRACK_REQUEST -> dataTracks.publish(p, r.getPublishDataTrackRequest());
            case UNPUBLISH_DATA_TRACK_REQUEST -> dataTracks.unpublish(p, r.getUnpublishDataTrackRequest());
            case UPDATE_DATA_SUBSCRIPTION -> dataTracks.updateSubscription(p, r.getUpdateDataSubscription());
            case SYNC_STATE -> onSyncState(p, r.getSyncState());
            case STORE_DATA_BLOB_REQUEST -> dataBlobs.store(p, r.getStoreDataBlobRequest());
            case GET_DATA_BLOB_REQUEST -> dataBlobs.get(p, r.getGetDataBlobRequest());
            default -> LOG.debug("room {}: {} sent {} (ignored)", name, p, r.getMessageCase());
        }
    }

    private void onOffer(Participant p, LivekitRtc.SessionDescription offer) {
        if (p.publisherPc == null) {
            p.publisherPc = newPeer(p, LivekitRtc.SignalTarget.PUBLISHER);
        }
        answer(p, p.publisherPc, offer);
    }

    private void onAnswer(Participant p, LivekitRtc.SessionDescription answer) {
        if (p.subscriberPc == null) {
            return;
        }
        p.subscriberPc.applyAnswer(answer.getSdp()).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("room {}: {} subscriber answer failed: {}", name, p, e.getMessage());
            }
        });
    }

    private void onTrickle(Participant p, LivekitRtc.TrickleRequest trickle) {
        IceCandidate candidate;
        try {
            candidate = IceCandidate.fromJson(trickle.getCandidateInit());
        } catch (IllegalArgumentException e) {
            return; // empty or malformed candidate: nothing to add
        }
        PeerSession target;
        if (p.singlePc || trickle.getTarget() == LivekitRtc.SignalTarget.PUBLISHER) {
            if (p.publisherPc == null) {
                p.publisherPc = newPeer(p, LivekitRtc.SignalTarget.PUBLISHER); // holds it until the offer
            }
            target = p.publisherPc;
        } else {
            target = p.subscriberPc;
        }
        if (target != null) {
            target.addRemoteCandidate(candidate);
        }
    }

    private void onSyncState(Participant p, LivekitRtc.SyncState sync) {
        for (LivekitRtc.PublishDataTrackResponse published : sync.getPublishDataTracksList()) {
            if (!published.hasInfo() || !dataTracks.isTrackOf(p, published.getInfo().getSid())) {
                LOG.info("room {}: {} resumed with unknown data track state: full reconnect", name, p);
                p.send(SfuProto.leave(LivekitModels.DisconnectReason.STATE_MISMATCH, Action.RECONNECT));
                remove(p, LivekitModels.DisconnectReason.STATE_MISMATCH, true, false);
                return;
            }
        }
    }

    // ---- transports ----

    private void setUpTransport(Participant p, LivekitRtc.JoinRequest join) {
        if (p.singlePc) {
            p.publisherPc = newPeer(p, LivekitRtc.SignalTarget.PUBLISHER);
            if (join.hasPublisherOffer()) {
                answer(p, p.publisherPc, join.getPublisherOffer());
            }
            return;
        }
        if (p.subscriberPrimary) {
            p.subscriberPc = newPeer(p, LivekitRtc.SignalTarget.SUBSCRIBER);
            p.subscriberOfferId = random.nextInt(256);
            PeerSession pc = p.subscriberPc;
            pc.createDataChannel("_reliable", true, -1).thenAccept(ch -> actor.execute(() -> {
                p.downReliable = ch;
                ch.setListener(new DataChannel.Listener() {
                    @Override
                    public void onMessage(DataChannel c, byte[] data, boolean binary) {} // upstream uses the publisher PC

                    @Override
                    public void onOpen(DataChannel c) {
                        p.flushHeldReliable();
                    }
                });
            }));
            pc.createDataChannel("_lossy", false, 0).thenAccept(ch -> actor.execute(() -> p.downLossy = ch));
            pc.createDataChannel("_data_track", false, 0).thenAccept(ch -> actor.execute(() -> p.downDataTrack = ch));
            offerSubscriber(p, false);
        }
    }

    private void offerSubscriber(Participant p, boolean iceRestart) {
        // Candidates gathered for this offer are held until it is sent (JS does not queue
        // candidates of a new ICE generation on its subscriber PC).
        p.subscriberOffersPending++;
        p.subscriberPc.createOffer(iceRestart).whenComplete((sdp, e) -> actor.execute(() -> {
            p.subscriberOffersPending--;
            if (e != null) {
                LOG.warn("room {}: {} subscriber offer failed: {}", name, p, e.getMessage());
            } else if (!p.removed) {
                p.send(SfuProto.offer(sdp, ++p.subscriberOfferId));
            }
            if (p.subscriberOffersPending == 0) {
                for (IceCandidate c : p.heldSubscriberCandidates) {
                    p.send(SfuProto.trickle(c, LivekitRtc.SignalTarget.SUBSCRIBER));
                }
                p.heldSubscriberCandidates.clear();
            }
        }));
    }

    private void answer(Participant p, PeerSession pc, LivekitRtc.SessionDescription offer) {
        pc.answer(offer.getSdp()).whenComplete((sdp, e) -> actor.execute(() -> {
            if (e != null) {
                LOG.warn("room {}: {} offer could not be answered: {}", name, p, e.getMessage());
            } else if (!p.removed) {
                p.send(SfuProto.answer(sdp, offer.getId()));
            }
        }));
    }

    private PeerSession newPeer(Participant p, LivekitRtc.SignalTarget target) {
        String peerName = p.identity + (target == LivekitRtc.SignalTarget.PUBLISHER ? "/pub" : "/sub");
        PeerSession[] self = new PeerSession[1];
        self[0] = ctx.engine().newPeer(peerName, new PeerSession.Listener() {
            @Override
            public void onLocalCandidate(IceCandidate candidate) {
                actor.execute(() -> {
                    if (p.removed || !advertised(candidate)) {
                        return;
                    }
                    if (target == LivekitRtc.SignalTarget.SUBSCRIBER && p.subscriberOffersPending > 0) {
                        p.heldSubscriberCandidates.add(candidate);
                    } else {
                        p.send(SfuProto.trickle(candidate, p.singlePc ? LivekitRtc.SignalTarget.PUBLISHER : target));
                    }
                });
            }

            @Override
            public void onStateChange(PeerState state) {
                actor.execute(() -> onPeerState(p, self[0], state));
            }

            @Override
            public void onDataChannel(DataChannel channel) {
                actor.execute(() -> onClientChannel(p, self[0], channel));
            }
        }, ctx.executor());
        return self[0];
    }

    /** With advertised addresses configured, only candidates on those addresses are sent. */
    private boolean advertised(IceCandidate c) {
        if (ctx.advertisedAddresses().isEmpty()) {
            return true;
        }
        String[] parts = c.candidate().split(" ");
        return parts.length > 4 && ctx.advertisedAddresses().contains(parts[4]);
    }

    private void onPeerState(Participant p, PeerSession pc, PeerState state) {
        if (p.removed) {
            return;
        }
        PeerSession primary = p.subscriberPrimary ? p.subscriberPc : p.publisherPc;
        if (pc != primary) {
            return;
        }
        if (state == PeerState.FAILED && p.transportFailureTimer == null) {
            // As LiveKit's server: give the client time to notice and resume (ICE restart), then
            // remove the session.
            p.transportFailureTimer = ctx.scheduler().schedule(() -> actor.execute(() -> {
                p.transportFailureTimer = null;
                if (!p.removed && pc.state() != PeerState.CONNECTED) {
                    LOG.info("room {}: {} transport failed and did not recover", name, p);
                    remove(p, LivekitModels.DisconnectReason.CONNECTION_TIMEOUT, true, true);
                }
            }), TRANSPORT_FAILURE_GRACE_SECONDS, TimeUnit.SECONDS);
        }
        if (state == PeerState.CONNECTED && p.state == LivekitModels.ParticipantInfo.State.JOINED) {
            p.state = LivekitModels.ParticipantInfo.State.ACTIVE;
            p.version++;
            if (p.removalTimer != null) {
                p.removalTimer.cancel(false);
            }
            broadcast(p);
            LOG.info("room {}: {} active", name, p);
        }
    }

    private void onClientChannel(Participant p, PeerSession pc, DataChannel ch) {
        if (p.removed) {
            ch.close();
            return;
        }
        if (pc != p.publisherPc) {
            ch.setListener((c, data, binary) -> {}); // only publisher-PC channels carry upstream data
            return;
        }
        p.upstream.put(ch.label(), ch);
        switch (ch.label()) {
            case "_data_track" -> {
                ch.setListener((c, data, binary) -> forwarding.dataTrackPacket(p, data));
                if (!p.subscriberPrimary) {
                    p.downDataTrack = ch;
                }
            }
            case "_reliable" -> {
                if (!p.subscriberPrimary) {
                    p.downReliable = ch; // before the listener: it may report the channel open at once
                }
                ch.setListener(new DataChannel.Listener() {
                    @Override
                    public void onMessage(DataChannel c, byte[] data, boolean binary) {
                        forwarding.dataPacket(p, true, data);
                    }

                    @Override
                    public void onOpen(DataChannel c) {
                        if (!p.subscriberPrimary) {
                            p.flushHeldReliable();
                        }
                    }
                });
            }
            case "_lossy" -> {
                ch.setListener((c, data, binary) -> forwarding.dataPacket(p, false, data));
                if (!p.subscriberPrimary) {
                    p.downLossy = ch;
                }
            }
            default -> ch.setListener((c, data, binary) -> {});
        }
    }

    // ---- participant updates ----

    /** Sends {@code p}'s current info to everyone who has joined, {@code p} included. */
    void broadcast(Participant p) {
        LivekitRtc.SignalResponse update = SfuProto.update(List.of(SfuProto.info(p)));
        for (Participant q : participants.values()) {
            if ((q == p || !p.hidden()) && q.state != LivekitModels.ParticipantInfo.State.JOINING) {
                q.send(update);
            }
        }
    }

    LivekitModels.Room roomInfo() {
        int publishers = 0;
        for (Participant q : participants.values()) {
            if (q.isPublisher) {
                publishers++;
            }
        }
        return SfuProto.room(sid, name, createdMs, participants.size(), publishers);
    }

    Participant byIdentity(String identity) {
        return participants.get(identity);
    }

    Forwarding forwarding() {
        return forwarding;
    }
}
