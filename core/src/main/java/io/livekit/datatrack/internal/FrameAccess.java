package io.livekit.datatrack.internal;

import io.livekit.datatrack.DataTrackFrame;
import java.util.function.Function;

/**
 * Gives the pipelines the payload array of a {@link DataTrackFrame} without a defensive copy. The
 * frame class installs the accessor when it is initialised, which happens before any instance
 * exists. Callers must never modify the returned array.
 */
public final class FrameAccess {
    private static volatile Function<DataTrackFrame, byte[]> accessor;

    private FrameAccess() {}

    /** Called once by {@link DataTrackFrame}'s static initialiser. */
    public static void install(Function<DataTrackFrame, byte[]> payloadAccessor) {
        if (accessor != null) {
            throw new IllegalStateException("frame accessor already installed");
        }
        accessor = payloadAccessor;
    }

    /** The frame's payload array itself (read-only by contract). */
    public static byte[] payloadArray(DataTrackFrame frame) {
        return accessor.apply(frame);
    }
}
