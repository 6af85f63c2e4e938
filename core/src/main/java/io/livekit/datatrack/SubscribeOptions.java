package io.livekit.datatrack;

/**
 * Options for one local subscriber of a remote track. Immutable.
 *
 * @param bufferSize frames held for this subscriber before the oldest is dropped (≥ 1, default 16)
 */
public record SubscribeOptions(int bufferSize) {
    /** Default number of frames buffered per subscriber. */
    public static final int DEFAULT_BUFFER_SIZE = 16;

    /** Clamps the buffer size to at least 1. */
    public SubscribeOptions {
        bufferSize = Math.max(1, bufferSize);
    }

    /** The defaults: a buffer of 16 frames. */
    public static SubscribeOptions defaults() {
        return new SubscribeOptions(DEFAULT_BUFFER_SIZE);
    }

    /** A copy with another buffer size. */
    public SubscribeOptions withBufferSize(int frames) {
        return new SubscribeOptions(frames);
    }
}
