package io.livekit.datatrack;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * One local subscriber's stream of frames from a remote data track. Thread-safe.
 *
 * <p>Frames wait in a bounded buffer ({@link SubscribeOptions#bufferSize()}); when the consumer
 * falls behind, the <em>oldest</em> frames are dropped and counted ({@link #framesLagged()}): the
 * receive path never blocks. The stream ends when the track is unpublished, the room disconnects or
 * {@link #close()} is called; frames already buffered can still be read after the end.
 *
 * <p>Closing the last subscription of a track ends the server subscription.
 */
public interface DataTrackSubscription extends AutoCloseable {

    /** The track this subscription reads. */
    RemoteDataTrack track();

    /**
     * Waits for the next frame.
     *
     * @return the frame, or empty once the stream has ended and the buffer is drained
     * @throws InterruptedException if the waiting thread is interrupted
     */
    Optional<DataTrackFrame> receive() throws InterruptedException;

    /**
     * Waits up to {@code timeout} for the next frame.
     *
     * @return the frame, or empty on timeout or end of stream (see {@link #isEnded()})
     * @throws InterruptedException if the waiting thread is interrupted
     */
    Optional<DataTrackFrame> poll(Duration timeout) throws InterruptedException;

    /** The next buffered frame, if any, without waiting. */
    Optional<DataTrackFrame> tryReceive();

    /** True once the stream has ended and every buffered frame was read. */
    boolean isEnded();

    /** Frames this subscriber lost because it fell behind. */
    long framesLagged();

    /** Frames received and lagged, and latency from user timestamps; see {@link SubscriptionStats}. */
    SubscriptionStats stats();

    /**
     * This subscription as a {@link Flow.Publisher} for reactive libraries. It accepts one
     * subscriber, honours its demand (frames beyond it are dropped oldest-first as above) and
     * signals {@code onComplete} at the end of the stream.
     */
    Flow.Publisher<DataTrackFrame> asPublisher();

    /** Ends this subscription; idempotent. */
    @Override
    void close();
}
