package io.livekit.datatrack.sfu.room;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.rtc.IceCandidate;
import io.livekit.datatrack.rtc.PeerSession;
import io.livekit.datatrack.sfu.signal.SignalConnection;
import io.livekit.datatrack.token.TokenClaims;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * One participant session in a room. Fields without a note are confined to the room's actor; the
 * {@code volatile} ones are also read by the forwarding path on WebRTC threads.
 */
final class Participant {
    final String sid;
    final String identity;
    final TokenClaims claims;
    final boolean singlePc;
    final LivekitModels.ClientInfo clientInfo;
    final long joinedAtMs;
    final boolean subscriberPrimary;

    SignalConnection signal;
    LivekitModels.ParticipantInfo.State state = LivekitModels.ParticipantInfo.State.JOINING;
    int version;
    boolean isPublisher;
    boolean removed;
    /** Removes the participant if it never becomes ACTIVE. */
    ScheduledFuture<?> removalTimer;
    /** Removes the participant if its lost signal connection is not resumed. */
    ScheduledFuture<?> signalLossTimer;
    /** Bumped on every signal loss and resume, so a stale signal-loss timer does nothing. */
    int signalGeneration;
    /** Removes the participant if its failed primary transport does not recover. */
    ScheduledFuture<?> transportFailureTimer;
    /** When the last request arrived on the signal connection (or it was set up): System.nanoTime(). */
    long lastSignalNanos;

    /** v1: the single PC; v0: the client's publisher PC (created on its first offer or candidate). */
    PeerSession publisherPc;
    /** v0 subscriber-primary only: the server-offered subscriber PC. */
    PeerSession subscriberPc;
    int subscriberOfferId;
    /** Subscriber offers being created; their local candidates wait in heldSubscriberCandidates. */
    int subscriberOffersPending;
    final List<IceCandidate> heldSubscriberCandidates = new ArrayList<>();

    /** Published data tracks by publisher handle; replaced (copy-on-write) for the forwarding path. */
    volatile Map<Integer, PublishedTrack> tracksByHandle = Map.of();
    /** Data-track subscriptions by track SID. */
    final Map<String, DownTrack> subscriptions = new LinkedHashMap<>();
    private int nextSubHandle;

    /** Downstream channels (on the primary transport). */
    volatile DataChannel downReliable;
    volatile DataChannel downLossy;
    volatile DataChannel downDataTrack;
    /** Upstream channels by label (client-created, on the publisher PC). */
    final Map<String, DataChannel> upstream = new HashMap<>();

    /** Last reliable data packet sequence accepted from this participant (forwarding path). */
    volatile long lastReliableSequence;

    /**
     * Sequenced reliable data packets for this participant that arrived before its downstream
     * {@code _reliable} channel was open, oldest first (as LiveKit's server replays recent reliable
     * packets to a participant whose channel opens late). Guarded by itself.
     */
    private final ArrayDeque<Held> heldReliable = new ArrayDeque<>();

    static final int MAX_HELD_RELIABLE = 256;
    static final long HELD_RELIABLE_TTL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private record Held(byte[] message, long atNanos) {}

    Participant(String sid, TokenClaims claims, boolean singlePc, LivekitRtc.JoinRequest join, RandomGenerator random) {
        this.sid = sid;
        this.identity = claims.identity();
        this.claims = claims;
        this.singlePc = singlePc;
        this.clientInfo = join.getClientInfo();
        this.joinedAtMs = System.currentTimeMillis();
        this.subscriberPrimary = !singlePc && clientInfo.getProtocol() > 2 && claims.video().canSubscribe();
        this.nextSubHandle = random.nextInt(256);
    }

    boolean hidden() {
        return claims.video().hidden();
    }

    /** The next subscriber handle: +1 from a random start, skipping 0 and handles in use. */
    int allocateSubHandle() {
        for (int i = 0; i < 0x10000; i++) {
            nextSubHandle = (nextSubHandle + 1) & 0xFFFF;
            if (nextSubHandle == 0) {
                continue;
            }
            boolean used = false;
            for (DownTrack d : subscriptions.values()) {
                if (d.subHandle == nextSubHandle) {
                    used = true;
                    break;
                }
            }
            if (!used) {
                return nextSubHandle;
            }
        }
        throw new IllegalStateException("no free subscriber handle");
    }

    /**
     * Forwarding path: sends a reliable data packet on the downstream {@code _reliable} channel,
     * or, while that channel is not open and {@code hold} is set, keeps it (at most
     * {@link #MAX_HELD_RELIABLE}, for 2 s) for {@link #flushHeldReliable()}.
     *
     * @return false if the packet was dropped
     */
    boolean sendReliable(byte[] message, boolean hold) {
        synchronized (heldReliable) {
            DataChannel channel = downReliable;
            if (channel != null && channel.isOpen()) {
                flushHeldLocked(channel);
                return channel.send(message);
            }
            long now = System.nanoTime();
            while (!heldReliable.isEmpty() && now - heldReliable.peekFirst().atNanos() > HELD_RELIABLE_TTL_NANOS) {
                heldReliable.pollFirst();
            }
            if (!hold || removed || heldReliable.size() >= MAX_HELD_RELIABLE) {
                return false;
            }
            heldReliable.addLast(new Held(message, now));
            return true;
        }
    }

    /** The downstream {@code _reliable} channel opened: sends what was held for it (in order). */
    void flushHeldReliable() {
        synchronized (heldReliable) {
            DataChannel channel = downReliable;
            if (channel != null && channel.isOpen()) {
                flushHeldLocked(channel);
            }
        }
    }

    private void flushHeldLocked(DataChannel channel) {
        long now = System.nanoTime();
        Held h;
        while ((h = heldReliable.pollFirst()) != null) {
            if (now - h.atNanos() <= HELD_RELIABLE_TTL_NANOS) {
                channel.send(h.message());
            }
        }
    }

    void send(LivekitRtc.SignalResponse response) {
        SignalConnection s = signal;
        if (s != null && s.isOpen()) {
            s.send(response);
        }
    }

    @Override
    public String toString() {
        return identity + "(" + sid + ")";
    }
}
