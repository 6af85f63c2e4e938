package io.livekit.datatrack;

import java.util.concurrent.CompletableFuture;

/**
 * A data track this participant publishes. Thread-safe; {@link #tryPush} never blocks.
 *
 * <p>The object outlives reconnects: after a full reconnect the track is republished with the same
 * handle and name, and {@link #info()} then reports the new server SID.
 */
public interface LocalDataTrack extends AutoCloseable {

    /** The current publication info (its SID changes after a republish). */
    DataTrackInfo info();

    /** True until the track is unpublished (locally, by the server, or because the room closed). */
    boolean isPublished();

    /**
     * Queues a frame for sending without blocking. Encryption, packetization and sending happen on
     * the track's pipeline, not on the caller's thread.
     *
     * @throws PushFrameException with {@code QUEUE_FULL} when the track's queue (16 frames) is full
     *     or the track is being republished, {@code TRACK_UNPUBLISHED} after unpublish; the exception
     *     hands the frame back
     */
    void tryPush(DataTrackFrame frame);

    /**
     * Unpublishes the track. Further pushes fail at once; queued frames are discarded. The returned
     * future completes when the request has been handed to the signaling layer.
     */
    CompletableFuture<Void> unpublish();

    /** Counters of this track. */
    LocalTrackStats stats();

    /** Same as {@link #unpublish()}; idempotent. */
    @Override
    void close();
}
