package io.livekit.datatrack.packet;

/**
 * Track handles: non-zero unsigned 16-bit values identifying a track within one participant's
 * packet stream (publisher handle) or one subscriber's stream (subscriber handle).
 */
public final class Handles {
    /** The largest handle value. */
    public static final int MAX = 0xFFFF;

    private Handles() {}

    /** True if {@code value} is a usable handle (1..65535). */
    public static boolean isValid(long value) {
        return value > 0 && value <= MAX;
    }

    /**
     * Returns {@code value} as a handle, as when reading one from a protobuf {@code uint32}.
     *
     * @throws InvalidHandleException with reason {@code RESERVED} for 0 and {@code TOO_LARGE} above
     *     65535
     */
    public static int fromWire(long value) throws InvalidHandleException {
        if (value == 0) {
            throw new InvalidHandleException(InvalidHandleException.Reason.RESERVED, value);
        }
        if (value < 0 || value > MAX) {
            throw new InvalidHandleException(InvalidHandleException.Reason.TOO_LARGE, value);
        }
        return (int) value;
    }

    static void requireValid(int value) {
        if (!isValid(value)) {
            throw new IllegalArgumentException("track handle must be 1..65535: " + value);
        }
    }
}
