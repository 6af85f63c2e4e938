package io.livekit.datatrack;

/**
 * Options of a remote track's receive pipeline, shared by all its local subscriptions (the Rust
 * SDK's {@code set_pipeline_options}).
 *
 * @param maxPartialFrames how many frames may be reassembled at once (default 1; values below 1
 *     mean 1). More lets interleaved multi-packet frames survive reordering.
 */
public record PipelineOptions(int maxPartialFrames) {
    /** The defaults: one partial frame at a time. */
    public static PipelineOptions defaults() {
        return new PipelineOptions(1);
    }

    /** These options with {@code maxPartialFrames}. */
    public PipelineOptions withMaxPartialFrames(int value) {
        return new PipelineOptions(value);
    }
}
