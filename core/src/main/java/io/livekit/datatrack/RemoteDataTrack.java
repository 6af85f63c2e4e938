package io.livekit.datatrack;

import java.util.concurrent.CompletableFuture;

/**
 * A data track published by another participant. Thread-safe.
 *
 * <p>Learned from the server's participant lists; {@link #info()} follows SID reassignments when
 * the publisher fully reconnects.
 */
public interface RemoteDataTrack {

    /** The current publication info. */
    DataTrackInfo info();

    /** The identity of the publishing participant. */
    String publisherIdentity();

    /** True until the publisher unpublishes the track, leaves, or this room disconnects. */
    boolean isPublished();

    /** Subscribes with {@link SubscribeOptions#defaults()}. */
    default CompletableFuture<DataTrackSubscription> subscribe() {
        return subscribe(SubscribeOptions.defaults());
    }

    /**
     * Adds a local subscriber. The first one makes the server subscription; later ones share it. The
     * future fails with {@link SubscribeException} (timeout after 10 s, unpublished, disconnected).
     * Each subscription receives the frames completed after it became active.
     */
    CompletableFuture<DataTrackSubscription> subscribe(SubscribeOptions options);

    /**
     * How many frames may be reassembled at once (default 1, values below 1 mean 1). More lets
     * interleaved multi-packet frames survive reordering; takes effect with the next packet.
     */
    void setMaxPartialFrames(int maxPartialFrames);

    /** Applies {@code options} to this track's receive pipeline; see {@link PipelineOptions}. */
    default void setPipelineOptions(PipelineOptions options) {
        setMaxPartialFrames(options.maxPartialFrames());
    }

    /** Counters of this track's receive pipeline (shared by all its local subscribers). */
    RemoteTrackStats stats();
}
