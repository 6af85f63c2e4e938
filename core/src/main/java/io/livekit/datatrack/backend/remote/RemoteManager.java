package io.livekit.datatrack.backend.remote;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.SubscribeException;
import io.livekit.datatrack.SubscribeOptions;
import io.livekit.datatrack.e2ee.DecryptionProvider;
import io.livekit.datatrack.internal.SerialExecutor;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribe half of data tracks, as an actor: it learns remote publications from participant
 * updates, runs the subscribe/unsubscribe flow with the server, keeps the subscriber handle routing
 * table and owns one receive pipeline per active subscription. Transport-agnostic: no protobuf, no
 * I/O.
 *
 * <p>Packets take a separate path from events: {@link #onPacket} parses and routes on the caller's
 * (transport) thread through an immutable routing snapshot, then queues into the track's bounded
 * packet queue, so a flood of packets can never delay or drop control events.
 */
public final class RemoteManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteManager.class);

    /** How long a subscribe call waits for the server's handle. */
    public static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Packets queued per subscribed track before the pipeline. Larger than the Rust SDK's 16 so that
     * a whole 128-packet frame arriving in one burst fits while the pipeline catches up.
     */
    public static final int PACKET_QUEUE_CAPACITY = 256;
    /**
     * How long a track stays published after its publisher came back in a new session without it:
     * the time the publisher has to republish it (its own publish timeout is 10 s).
     */
    public static final Duration REPUBLISH_GRACE = Duration.ofSeconds(12);

    private enum SubState {
        NONE,
        PENDING,
        ACTIVE
    }

    private static final class Entry {
        final RemoteTrack track;
        SubState state = SubState.NONE;
        final List<Waiter> waiters = new ArrayList<>();
        ReceivePipeline pipeline;
        /** The publisher's session SID when the track was last listed ("" if unknown). */
        String publisherSid = "";
        /** Set while the publisher's new session has not (yet) republished the track. */
        ScheduledFuture<?> republishTimer;

        Entry(RemoteTrack track) {
            this.track = track;
        }
    }

    private record Waiter(
            CompletableFuture<DataTrackSubscription> reply, SubscribeOptions options, ScheduledFuture<?> timer) {}

    private final SerialExecutor actor;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final DecryptionProvider decryption;
    private final Consumer<RemoteOutput> output;
    private final Duration subscribeTimeout;
    private final Duration republishGrace;
    private final int packetQueueCapacity;
    private final LongSupplier wallClockMillis;

    // Confined to the actor.
    private final Map<DataTrackSid, Entry> entries = new LinkedHashMap<>();
    private boolean shutdown;

    /** Routing snapshot: subscriber handle → pipeline. Replaced (never mutated) by the actor. */
    private volatile Map<Integer, ReceivePipeline> routes = Map.of();

    private final LongAdder packetsUnparseable = new LongAdder();
    private final LongAdder packetsUnroutable = new LongAdder();

    private RemoteManager(Builder b) {
        this.executor = Objects.requireNonNull(b.executor, "executor");
        this.actor = new SerialExecutor("remote-data-tracks", b.executor);
        this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
        this.output = Objects.requireNonNull(b.output, "output");
        this.decryption = b.decryption;
        this.subscribeTimeout = b.subscribeTimeout;
        this.republishGrace = b.republishGrace;
        this.packetQueueCapacity = b.packetQueueCapacity;
        this.wallClockMillis = b.wallClockMillis;
    }

    /** A builder; executor, scheduler and output are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Feeds a session event to the manager. */
    public void handle(RemoteInput input) {
        Objects.requireNonNull(input, "input");
        actor.execute(() -> dispatch(input));
    }

    /**
     * Takes one message received on the {@code _data_track} channel. Safe from any thread, never
     * blocks: malformed packets, packets for no subscription and packets beyond a full queue are
     * counted and dropped. The array is kept by the pipeline: pass a fresh copy.
     */
    public void onPacket(byte[] message) {
        Packet packet;
        try {
            packet = Packet.parse(message);
        } catch (PacketFormatException e) {
            packetsUnparseable.increment();
            LOG.debug("data track packet dropped: {}", e.getMessage());
            return;
        }
        ReceivePipeline pipeline = routes.get(packet.header().trackHandle());
        if (pipeline == null) {
            packetsUnroutable.increment();
            return;
        }
        pipeline.offer(packet);
    }

    /** Packets that failed to parse. */
    public long packetsUnparseable() {
        return packetsUnparseable.sum();
    }

    /** Packets whose handle belongs to no active subscription. */
    public long packetsUnroutable() {
        return packetsUnroutable.sum();
    }

    /** The currently published remote tracks (a snapshot taken on the actor). */
    public CompletableFuture<List<RemoteDataTrack>> publishedTracks() {
        CompletableFuture<List<RemoteDataTrack>> result = new CompletableFuture<>();
        actor.execute(() -> {
            List<RemoteDataTrack> tracks = new ArrayList<>();
            for (Entry e : entries.values()) {
                tracks.add(e.track);
            }
            result.complete(List.copyOf(tracks));
        });
        return result;
    }

    /** Same as {@code handle(new RemoteInput.Shutdown())}. */
    @Override
    public void close() {
        handle(new RemoteInput.Shutdown());
    }

    CompletableFuture<DataTrackSubscription> subscribe(RemoteTrack track, SubscribeOptions options) {
        CompletableFuture<DataTrackSubscription> reply = new CompletableFuture<>();
        actor.execute(() -> onSubscribe(track, options, reply));
        return reply;
    }

    // ---- actor ----

    private void dispatch(RemoteInput input) {
        if (input instanceof RemoteInput.ParticipantUpdate u) {
            onParticipantUpdate(u);
        } else if (input instanceof RemoteInput.SubscriberHandles h) {
            onSubscriberHandles(h.handles());
        } else if (input instanceof RemoteInput.ResendSubscriptions) {
            onResendSubscriptions();
        } else if (input instanceof RemoteInput.Shutdown) {
            onShutdown();
        }
    }

    private void onParticipantUpdate(RemoteInput.ParticipantUpdate update) {
        if (shutdown) {
            return;
        }
        for (RemoteInput.PublisherTracks publisher : update.publishers()) {
            diff(publisher);
        }
    }

    private void diff(RemoteInput.PublisherTracks publisher) {
        String identity = publisher.identity();
        String session = publisher.participantSid();
        Set<DataTrackSid> listed = new HashSet<>();
        for (DataTrackInfo info : publisher.tracks()) {
            listed.add(info.sid());
        }
        for (DataTrackInfo info : publisher.tracks()) {
            Entry known = entries.get(info.sid());
            if (known == null) {
                known = findRepublished(identity, info, listed);
                if (known != null) {
                    reassign(known, info);
                } else {
                    RemoteTrack track = new RemoteTrack(this, identity, info);
                    known = new Entry(track);
                    entries.put(info.sid(), known);
                    emit(new RemoteOutput.TrackPublished(track));
                }
            }
            known.publisherSid = session;
            cancelRepublishTimer(known);
        }
        List<Entry> gone = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.track.publisherIdentity().equals(identity) && !listed.contains(e.track.info().sid())) {
                gone.add(e);
            }
        }
        for (Entry e : gone) {
            boolean otherSession = !session.isEmpty() && !e.publisherSid.isEmpty() && !session.equals(e.publisherSid);
            if (otherSession && publisher.departed()) {
                continue; // a late notice about an older session of this publisher
            }
            if (otherSession) {
                awaitRepublish(e);
            } else {
                unpublish(e, SubscribeException.Reason.UNPUBLISHED, "track was unpublished");
            }
        }
    }

    /**
     * The publisher is back in a new session that does not list the track (yet): it republishes
     * its tracks after a full reconnect, so the track stays (with its subscriptions) until it shows
     * up again under a new SID, or is unpublished after {@link #REPUBLISH_GRACE}.
     */
    private void awaitRepublish(Entry e) {
        if (e.republishTimer != null) {
            return;
        }
        LOG.debug("remote data track {}: publisher {} is in a new session, waiting for the republish",
                e.track.info().sid(), e.track.publisherIdentity());
        RemoteTrack track = e.track;
        e.republishTimer = scheduler.schedule(
                () -> actor.execute(() -> onRepublishTimeout(track)), republishGrace.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void onRepublishTimeout(RemoteTrack track) {
        Entry e = entries.get(track.info().sid());
        if (shutdown || e == null || e.track != track || e.republishTimer == null) {
            return;
        }
        e.republishTimer = null;
        unpublish(e, SubscribeException.Reason.UNPUBLISHED, "track was not republished");
    }

    private static void cancelRepublishTimer(Entry e) {
        if (e.republishTimer != null) {
            e.republishTimer.cancel(false);
            e.republishTimer = null;
        }
    }

    /** An entry of the same publisher and handle whose SID disappeared: the same publication, republished. */
    private Entry findRepublished(String identity, DataTrackInfo info, Set<DataTrackSid> listed) {
        for (Entry e : entries.values()) {
            DataTrackInfo old = e.track.info();
            if (e.track.publisherIdentity().equals(identity)
                    && !listed.contains(old.sid())
                    && old.samePublicationAs(info)) {
                return e;
            }
        }
        return null;
    }

    private void reassign(Entry e, DataTrackInfo info) {
        DataTrackSid oldSid = e.track.info().sid();
        entries.remove(oldSid);
        e.track.setInfo(info);
        entries.put(info.sid(), e);
        LOG.debug("remote data track {} is now {}", oldSid, info.sid());
        if (e.state != SubState.NONE) {
            // The server does not carry subscriptions across the publisher's reconnect.
            emit(new RemoteOutput.SfuUpdateSubscription(info.sid(), true));
        }
    }

    private void unpublish(Entry e, SubscribeException.Reason waiterReason, String message) {
        cancelRepublishTimer(e);
        entries.remove(e.track.info().sid());
        e.track.markUnpublished();
        failWaiters(e, waiterReason, message);
        if (e.pipeline != null) {
            removeRoutes(e.pipeline);
            e.pipeline.endAll();
            e.pipeline = null;
        }
        e.state = SubState.NONE;
        emit(new RemoteOutput.TrackUnpublished(e.track));
    }

    private void onSubscribe(RemoteTrack track, SubscribeOptions options, CompletableFuture<DataTrackSubscription> reply) {
        if (shutdown) {
            reply.completeExceptionally(new SubscribeException(SubscribeException.Reason.DISCONNECTED, "room closed"));
            return;
        }
        Entry e = entries.get(track.info().sid());
        if (e == null || e.track != track) {
            reply.completeExceptionally(
                    new SubscribeException(SubscribeException.Reason.UNPUBLISHED, "track is not published"));
            return;
        }
        if (track.info().usesE2ee() && decryption == null) {
            reply.completeExceptionally(new SubscribeException(
                    SubscribeException.Reason.MISSING_DECRYPTION,
                    "track is end-to-end encrypted but no key provider is configured"));
            return;
        }
        if (e.state == SubState.ACTIVE) {
            reply.complete(attach(e, options));
            return;
        }
        ScheduledFuture<?> timer = scheduler.schedule(
                () -> actor.execute(() -> onWaiterGone(track, reply, true)),
                subscribeTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
        e.waiters.add(new Waiter(reply, options, timer));
        reply.whenComplete((s, error) -> {
            if (error instanceof CancellationException) {
                actor.execute(() -> onWaiterGone(track, reply, false));
            }
        });
        if (e.state == SubState.NONE) {
            e.state = SubState.PENDING;
            emit(new RemoteOutput.SfuUpdateSubscription(track.info().sid(), true));
        }
    }

    private void onWaiterGone(RemoteTrack track, CompletableFuture<DataTrackSubscription> reply, boolean timedOut) {
        Entry e = entries.get(track.info().sid());
        if (e == null || e.track != track) {
            return;
        }
        Waiter waiter = null;
        for (Waiter w : e.waiters) {
            if (w.reply == reply) {
                waiter = w;
            }
        }
        if (waiter == null) {
            return;
        }
        e.waiters.remove(waiter);
        waiter.timer.cancel(false);
        if (timedOut) {
            reply.completeExceptionally(new SubscribeException(
                    SubscribeException.Reason.TIMEOUT,
                    "no subscriber handle from the server within " + subscribeTimeout.toMillis() + " ms"));
        }
        if (e.state == SubState.PENDING && e.waiters.isEmpty()) {
            e.state = SubState.NONE; // nobody waits any more: withdraw the request
            emit(new RemoteOutput.SfuUpdateSubscription(track.info().sid(), false));
        }
    }

    private void onSubscriberHandles(Map<Integer, DataTrackSid> handles) {
        if (shutdown) {
            return;
        }
        // The server always sends its complete map: rebuild the routing table from it.
        Map<Integer, ReceivePipeline> next = new HashMap<>();
        for (Map.Entry<Integer, DataTrackSid> m : handles.entrySet()) {
            Entry e = entries.get(m.getValue());
            if (e == null) {
                LOG.debug("handle {} names unknown track {}", m.getKey(), m.getValue());
                continue;
            }
            if (e.state == SubState.NONE) {
                continue; // not ours to receive (e.g. server-side auto-subscribe)
            }
            if (e.state == SubState.PENDING) {
                activate(e);
            }
            next.put(m.getKey(), e.pipeline);
        }
        routes = Map.copyOf(next);
    }

    private void activate(Entry e) {
        e.pipeline = new ReceivePipeline(
                e.track,
                packetQueueCapacity,
                new SerialExecutor("data-track-rx-" + e.track.info().sid(), executor),
                e.track.info().usesE2ee() ? decryption : null);
        e.state = SubState.ACTIVE;
        List<Waiter> waiters = new ArrayList<>(e.waiters);
        e.waiters.clear();
        for (Waiter w : waiters) {
            w.timer.cancel(false);
            RemoteSubscription s = attach(e, w.options);
            if (!w.reply.complete(s)) {
                s.close(); // the caller gave up in the meantime
            }
        }
    }

    private RemoteSubscription attach(Entry e, SubscribeOptions options) {
        RemoteTrack track = e.track;
        RemoteSubscription s = new RemoteSubscription(
                track, options.bufferSize(), executor, wallClockMillis,
                sub -> actor.execute(() -> onSubscriptionClosed(track, sub)));
        e.pipeline.add(s);
        return s;
    }

    private void onSubscriptionClosed(RemoteTrack track, RemoteSubscription subscription) {
        Entry e = entries.get(track.info().sid());
        if (e == null || e.track != track || e.pipeline == null) {
            return;
        }
        if (e.pipeline.remove(subscription) && e.waiters.isEmpty()) {
            // The last local subscriber left: end the server subscription.
            removeRoutes(e.pipeline);
            e.pipeline = null;
            e.state = SubState.NONE;
            emit(new RemoteOutput.SfuUpdateSubscription(track.info().sid(), false));
        }
    }

    private void removeRoutes(ReceivePipeline pipeline) {
        Map<Integer, ReceivePipeline> next = new HashMap<>(routes);
        next.values().removeIf(p -> p == pipeline);
        routes = Map.copyOf(next);
    }

    private void onResendSubscriptions() {
        if (shutdown) {
            return;
        }
        // Handles of the old session mean nothing now; a packet must never reach the wrong track.
        routes = Map.of();
        for (Entry e : entries.values()) {
            if (e.state != SubState.NONE) {
                emit(new RemoteOutput.SfuUpdateSubscription(e.track.info().sid(), true));
            }
        }
    }

    private void onShutdown() {
        if (shutdown) {
            return;
        }
        for (Entry e : new ArrayList<>(entries.values())) {
            unpublish(e, SubscribeException.Reason.DISCONNECTED, "room disconnected");
        }
        shutdown = true;
        routes = Map.of();
    }

    private void failWaiters(Entry e, SubscribeException.Reason reason, String message) {
        for (Waiter w : e.waiters) {
            w.timer.cancel(false);
            w.reply.completeExceptionally(new SubscribeException(reason, message));
        }
        e.waiters.clear();
    }

    private void emit(RemoteOutput out) {
        try {
            output.accept(out);
        } catch (RuntimeException ex) {
            LOG.warn("remote data track output consumer failed on {}", out, ex);
        }
    }

    /** Configures a {@link RemoteManager}. */
    public static final class Builder {
        private Executor executor;
        private ScheduledExecutorService scheduler;
        private DecryptionProvider decryption;
        private Consumer<RemoteOutput> output;
        private Duration subscribeTimeout = SUBSCRIBE_TIMEOUT;
        private Duration republishGrace = REPUBLISH_GRACE;
        private int packetQueueCapacity = PACKET_QUEUE_CAPACITY;
        private LongSupplier wallClockMillis = System::currentTimeMillis;

        private Builder() {}

        /** Runs the actor, the receive pipelines and Flow deliveries (each serialised). */
        public Builder executor(Executor value) {
            this.executor = value;
            return this;
        }

        /** Runs the subscribe timeouts. */
        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = value;
            return this;
        }

        /** Decrypts encrypted tracks (null: encrypted tracks cannot be subscribed). */
        public Builder decryption(DecryptionProvider value) {
            this.decryption = value;
            return this;
        }

        /** Receives subscription requests and notices, on the actor; must not block. */
        public Builder output(Consumer<RemoteOutput> value) {
            this.output = value;
            return this;
        }

        /** Overrides the 10 s subscribe timeout. */
        public Builder subscribeTimeout(Duration value) {
            this.subscribeTimeout = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Overrides the 12 s {@link #REPUBLISH_GRACE}. */
        public Builder republishGrace(Duration value) {
            this.republishGrace = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Overrides the per-track packet queue capacity (256). */
        public Builder packetQueueCapacity(int value) {
            this.packetQueueCapacity = Math.max(1, value);
            return this;
        }

        /** The wall clock (UNIX ms) that subscription latency is measured with; default the system clock. */
        public Builder wallClock(LongSupplier value) {
            this.wallClockMillis = Objects.requireNonNull(value, "value");
            return this;
        }

        /** The manager. */
        public RemoteManager build() {
            return new RemoteManager(this);
        }
    }
}
