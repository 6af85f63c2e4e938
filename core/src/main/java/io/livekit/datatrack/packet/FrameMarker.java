package io.livekit.datatrack.packet;

/**
 * Position of a packet within its frame, carried in the S (start) and F (final) bits of byte 0.
 *
 * <p>The two bits read as {@code S F}: {@code 10} start, {@code 00} inter, {@code 01} final,
 * {@code 11} single (the whole frame in one packet).
 */
public enum FrameMarker {
    /** Middle packet of a multi-packet frame (S=0, F=0). */
    INTER(0b00),
    /** Last packet of a multi-packet frame (S=0, F=1). */
    FINAL(0b01),
    /** First packet of a multi-packet frame (S=1, F=0). */
    START(0b10),
    /** The whole frame in one packet (S=1, F=1). */
    SINGLE(0b11);

    private static final FrameMarker[] BY_BITS = {INTER, FINAL, START, SINGLE};

    private final int bits;

    FrameMarker(int bits) {
        this.bits = bits;
    }

    /** The {@code S F} bits as a two-bit value (0..3). */
    public int bits() {
        return bits;
    }

    /** True for START and SINGLE: this packet opens a frame. */
    public boolean isFirst() {
        return (bits & 0b10) != 0;
    }

    /** True for FINAL and SINGLE: this packet closes a frame. */
    public boolean isLast() {
        return (bits & 0b01) != 0;
    }

    /** The marker for two-bit value {@code sf} (only the low two bits are used). */
    public static FrameMarker fromBits(int sf) {
        return BY_BITS[sf & 0b11];
    }

    /** The marker of packet {@code index} of a frame split into {@code count} packets. */
    public static FrameMarker forPosition(int index, int count) {
        if (count <= 1) {
            return SINGLE;
        }
        if (index == 0) {
            return START;
        }
        return index == count - 1 ? FINAL : INTER;
    }
}
