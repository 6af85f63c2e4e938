package io.livekit.datatrack.backend.local;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.PublishException;
import io.livekit.datatrack.backend.local.LocalTrack.State;
import io.livekit.datatrack.e2ee.EncryptionProvider;
import io.livekit.datatrack.internal.HandleAllocator;
import io.livekit.datatrack.internal.MediaClock;
import io.livekit.datatrack.internal.Packetizer;
import io.livekit.datatrack.internal.SerialExecutor;
import io.livekit.datatrack.internal.TypedTrackRules;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish half of data tracks, as an actor: all state lives on one {@link SerialExecutor} and
 * changes only through {@link #publish}, {@link #handle(LocalInput)} and track unpublishes. It
 * emits {@link LocalOutput}s (signaling requests, notices) to the session and each track's packets
 * to the transport as {@link OutgoingFrame}s. Transport-agnostic: no protobuf, no I/O.
 *
 * <p>Publication states per handle: pending (request sent) → published → republishing (after a
 * full reconnect) → published, and unpublished (terminal) from either published state.
 */
public final class LocalManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalManager.class);

    /** How long a publish request waits for the server. */
    public static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    /** Frames a track queues between {@code tryPush} and its pipeline. */
    public static final int TRACK_QUEUE_CAPACITY = 16;

    private final SerialExecutor actor;
    private final Executor pipelineExecutor;
    private final ScheduledExecutorService scheduler;
    private final EncryptionProvider encryption;
    private final Consumer<LocalOutput> output;
    private final Consumer<OutgoingFrame> packets;
    private final Duration publishTimeout;
    private final int queueCapacity;
    private final RandomGenerator random;

    // Confined to the actor.
    private final HandleAllocator handles = new HandleAllocator();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Map<Integer, LocalTrack> active = new HashMap<>();
    private final Map<Integer, ScheduledFuture<?>> republishTimers = new HashMap<>();
    private boolean shutdown;

    private LocalManager(Builder b) {
        this.pipelineExecutor = Objects.requireNonNull(b.executor, "executor");
        this.actor = new SerialExecutor("local-data-tracks", b.executor);
        this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
        this.output = Objects.requireNonNull(b.output, "output");
        this.packets = Objects.requireNonNull(b.packets, "packets");
        this.encryption = b.encryption;
        this.publishTimeout = b.publishTimeout;
        this.queueCapacity = b.queueCapacity;
        this.random = b.random;
    }

    /** A builder; executor, scheduler, output and packets are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Publishes a track. The future completes with the track once the server accepted it, or fails
     * with {@link PublishException}. Cancelling the future cancels the publication (a late
     * acceptance is then undone with an unpublish request).
     */
    public CompletableFuture<LocalDataTrack> publish(DataTrackOptions options) {
        Objects.requireNonNull(options, "options");
        CompletableFuture<LocalDataTrack> reply = new CompletableFuture<>();
        Optional<PublishException.SchemaProblem> problem = TypedTrackRules.check(options);
        if (problem.isPresent()) {
            reply.completeExceptionally(new PublishException(problem.get()));
            return reply;
        }
        actor.execute(() -> onPublish(options, reply));
        return reply;
    }

    /** Feeds a session event to the manager. */
    public void handle(LocalInput input) {
        Objects.requireNonNull(input, "input");
        actor.execute(() -> dispatch(input));
    }

    /**
     * The publications the server should know about (published or republishing), for the
     * {@code SyncState} of a resume.
     */
    public CompletableFuture<List<DataTrackInfo>> activeTracks() {
        CompletableFuture<List<DataTrackInfo>> result = new CompletableFuture<>();
        actor.execute(() -> {
            List<DataTrackInfo> infos = new ArrayList<>();
            for (LocalTrack t : active.values()) {
                if (t.state() != State.UNPUBLISHED) {
                    infos.add(t.info());
                }
            }
            result.complete(List.copyOf(infos));
        });
        return result;
    }

    /** Same as {@code handle(new LocalInput.Shutdown())}. */
    @Override
    public void close() {
        handle(new LocalInput.Shutdown());
    }

    CompletableFuture<Void> unpublish(LocalTrack track) {
        State previous = track.markUnpublished();
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (previous == State.UNPUBLISHED) {
            done.complete(null);
            return done;
        }
        actor.execute(() -> {
            if (active.remove(track.handle(), track)) {
                cancelRepublishTimer(track.handle());
                if (!shutdown) {
                    emit(new LocalOutput.SfuUnpublishRequest(track.handle()));
                }
            }
            done.complete(null);
        });
        return done;
    }

    // ---- actor ----

    private void dispatch(LocalInput input) {
        if (input instanceof LocalInput.SfuPublishResponse r) {
            onPublishResponse(r.info());
        } else if (input instanceof LocalInput.SfuPublishFailed f) {
            onPublishFailed(f);
        } else if (input instanceof LocalInput.SfuUnpublishResponse u) {
            onUnpublishResponse(u.handle());
        } else if (input instanceof LocalInput.RepublishTracks) {
            onRepublish();
        } else if (input instanceof LocalInput.Shutdown) {
            onShutdown();
        }
    }

    private void onPublish(DataTrackOptions options, CompletableFuture<LocalDataTrack> reply) {
        if (shutdown) {
            reply.completeExceptionally(new PublishException(PublishException.Reason.DISCONNECTED, "manager shut down"));
            return;
        }
        if (reply.isDone()) {
            return; // cancelled before we got to it
        }
        OptionalInt handle = handles.next();
        if (handle.isEmpty()) {
            reply.completeExceptionally(
                    new PublishException(PublishException.Reason.LIMIT_REACHED, "all 65535 track handles used"));
            return;
        }
        int h = handle.getAsInt();
        ScheduledFuture<?> timer = scheduler.schedule(
                () -> actor.execute(() -> onPublishTimeout(h)), publishTimeout.toNanos(), TimeUnit.NANOSECONDS);
        pending.put(h, new Pending(options, reply, timer));
        reply.whenComplete((track, error) -> {
            if (error instanceof CancellationException) {
                actor.execute(() -> onPublishCancelled(h));
            }
        });
        emit(new LocalOutput.SfuPublishRequest(
                h,
                options.name(),
                encryption != null,
                options.frameEncoding().orElse(null),
                options.schema().orElse(null)));
    }

    private void onPublishResponse(DataTrackInfo info) {
        int h = info.publisherHandle();
        Pending p = pending.remove(h);
        if (p != null) {
            p.timer.cancel(false);
            if (info.usesE2ee() && encryption == null) {
                // We never ask for encryption without a provider; refusing beats sending plaintext
                // on a track marked encrypted.
                p.reply.completeExceptionally(new PublishException(
                        PublishException.Reason.INTERNAL, "server marked the track encrypted but E2EE is off"));
                emit(new LocalOutput.SfuUnpublishRequest(h));
                return;
            }
            LocalTrack track = newTrack(info);
            active.put(h, track);
            if (!p.reply.complete(track)) {
                // The caller cancelled in the meantime: undo.
                active.remove(h);
                track.markUnpublished();
                emit(new LocalOutput.SfuUnpublishRequest(h));
            }
            return;
        }
        LocalTrack track = active.get(h);
        if (track != null && track.state() == State.REPUBLISHING) {
            cancelRepublishTimer(h);
            track.setInfo(track.info().withSid(info.sid()));
            if (track.transition(State.REPUBLISHING, State.PUBLISHED)) {
                LOG.debug("track {} republished as {}", h, info.sid());
            }
            return;
        }
        if (track == null && !shutdown) {
            // Success for a publication we no longer want (timed out, cancelled): keep the server
            // consistent.
            LOG.debug("late publish response for handle {}: unpublishing", h);
            emit(new LocalOutput.SfuUnpublishRequest(h));
        }
    }

    private LocalTrack newTrack(DataTrackInfo info) {
        int h = info.publisherHandle();
        SerialExecutor pipeline = new SerialExecutor("data-track-" + h, pipelineExecutor);
        Packetizer packetizer = Packetizer.forTrack(h, MediaClock.create(random));
        return new LocalTrack(
                this, info, queueCapacity, pipeline, packetizer, info.usesE2ee() ? encryption : null, packets);
    }

    private void onPublishFailed(LocalInput.SfuPublishFailed f) {
        Pending p = pending.remove(f.handle());
        if (p != null) {
            p.timer.cancel(false);
            p.reply.completeExceptionally(new PublishException(f.reason(), f.message()));
            return;
        }
        LocalTrack track = active.get(f.handle());
        if (track != null && track.state() == State.REPUBLISHING) {
            LOG.warn("republishing track {} refused: {} {}", f.handle(), f.reason(), f.message());
            removeAsUnpublished(track);
        }
    }

    private void onUnpublishResponse(int handle) {
        LocalTrack track = active.get(handle);
        if (track != null) {
            removeAsUnpublished(track); // the server removed it (our own unpublish already removed it)
        }
    }

    private void removeAsUnpublished(LocalTrack track) {
        active.remove(track.handle());
        cancelRepublishTimer(track.handle());
        if (track.markUnpublished() != State.UNPUBLISHED) {
            emit(new LocalOutput.TrackUnpublished(track.info()));
        }
    }

    private void onPublishTimeout(int handle) {
        Pending p = pending.remove(handle);
        if (p != null) {
            p.reply.completeExceptionally(new PublishException(
                    PublishException.Reason.TIMEOUT,
                    "no answer to the publish request within " + publishTimeout.toMillis()
                            + " ms; does the server support data tracks?"));
        }
    }

    private void onPublishCancelled(int handle) {
        Pending p = pending.remove(handle);
        if (p != null) {
            p.timer.cancel(false);
            // The request is out; if the server accepts it later, onPublishResponse undoes it.
        }
    }

    private void onRepublish() {
        if (shutdown) {
            return;
        }
        failPending("session was fully reconnected");
        for (LocalTrack track : active.values()) {
            if (track.transition(State.PUBLISHED, State.REPUBLISHING) || track.state() == State.REPUBLISHING) {
                DataTrackInfo info = track.info();
                int h = track.handle();
                cancelRepublishTimer(h);
                republishTimers.put(h, scheduler.schedule(
                        () -> actor.execute(() -> onRepublishTimeout(h)),
                        publishTimeout.toNanos(),
                        TimeUnit.NANOSECONDS));
                emit(new LocalOutput.SfuPublishRequest(
                        h, info.name(), info.usesE2ee(), info.frameEncoding().orElse(null), info.schema().orElse(null)));
            }
        }
    }

    private void onRepublishTimeout(int handle) {
        republishTimers.remove(handle);
        LocalTrack track = active.get(handle);
        if (track != null && track.state() == State.REPUBLISHING) {
            LOG.warn("republishing track {} timed out", handle);
            removeAsUnpublished(track);
        }
    }

    private void cancelRepublishTimer(int handle) {
        ScheduledFuture<?> timer = republishTimers.remove(handle);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void onShutdown() {
        if (shutdown) {
            return;
        }
        shutdown = true;
        failPending("manager shut down");
        for (LocalTrack track : active.values()) {
            track.markUnpublished();
        }
        active.clear();
        republishTimers.values().forEach(t -> t.cancel(false));
        republishTimers.clear();
    }

    private void failPending(String why) {
        for (Pending p : pending.values()) {
            p.timer.cancel(false);
            p.reply.completeExceptionally(new PublishException(PublishException.Reason.DISCONNECTED, why));
        }
        pending.clear();
    }

    private void emit(LocalOutput out) {
        try {
            output.accept(out);
        } catch (RuntimeException e) {
            LOG.warn("local data track output consumer failed on {}", out, e);
        }
    }

    private record Pending(DataTrackOptions options, CompletableFuture<LocalDataTrack> reply, ScheduledFuture<?> timer) {}

    /** Configures a {@link LocalManager}. */
    public static final class Builder {
        private Executor executor;
        private ScheduledExecutorService scheduler;
        private EncryptionProvider encryption;
        private Consumer<LocalOutput> output;
        private Consumer<OutgoingFrame> packets;
        private Duration publishTimeout = PUBLISH_TIMEOUT;
        private int queueCapacity = TRACK_QUEUE_CAPACITY;
        private RandomGenerator random = new SecureRandom();

        private Builder() {}

        /** Runs the actor and the track pipelines (each serialised); a small shared pool is typical. */
        public Builder executor(Executor value) {
            this.executor = value;
            return this;
        }

        /** Runs the publish timeouts. */
        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = value;
            return this;
        }

        /** Enables E2EE for tracks published from now on (null disables it). */
        public Builder encryption(EncryptionProvider value) {
            this.encryption = value;
            return this;
        }

        /** Receives signaling requests and notices, on the actor; must not block. */
        public Builder output(Consumer<LocalOutput> value) {
            this.output = value;
            return this;
        }

        /** Receives each frame's packets, on the track's pipeline; must not block. */
        public Builder packets(Consumer<OutgoingFrame> value) {
            this.packets = value;
            return this;
        }

        /** Overrides the 10 s publish timeout. */
        public Builder publishTimeout(Duration value) {
            this.publishTimeout = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Overrides the per-track queue capacity (16). */
        public Builder queueCapacity(int value) {
            this.queueCapacity = Math.max(1, value);
            return this;
        }

        /** Source of the packet clocks' random bases. */
        public Builder random(RandomGenerator value) {
            this.random = Objects.requireNonNull(value, "value");
            return this;
        }

        /** The manager. */
        public LocalManager build() {
            return new LocalManager(this);
        }
    }
}
