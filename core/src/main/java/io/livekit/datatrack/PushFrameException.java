package io.livekit.datatrack;

import java.util.Objects;

/**
 * A frame was not accepted by {@link LocalDataTrack#tryPush}. The frame is handed back with
 * {@link #frame()} so the caller can retry or drop it. Stackless: this is flow control, not a bug.
 */
public final class PushFrameException extends DataTrackException {
    private static final long serialVersionUID = 1L;

    /** Why the frame was refused. */
    public enum Reason {
        /** The track is no longer published (unpublished locally or by the server, or the room closed). */
        TRACK_UNPUBLISHED,
        /** The track's queue is full, or the track is being republished after a reconnect. */
        QUEUE_FULL
    }

    private final Reason reason;
    private final transient DataTrackFrame frame;

    /** A refusal of {@code frame} for {@code reason}. */
    public PushFrameException(Reason reason, DataTrackFrame frame) {
        super("frame not pushed: " + reason, null, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.frame = frame;
    }

    /** Why the frame was refused. */
    public Reason reason() {
        return reason;
    }

    /** The frame that was not pushed. */
    public DataTrackFrame frame() {
        return frame;
    }
}
