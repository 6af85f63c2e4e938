package io.livekit.datatrack.packet;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The header of a version 0 data track packet: 12 fixed bytes plus an optional extension block.
 *
 * <p>Unsigned wire fields are held in wider Java types: u16 values in {@code int}, the u32
 * timestamp in {@code long}.
 *
 * @param marker the frame marker (S and F bits)
 * @param trackHandle publisher or subscriber handle, 1..65535 (0 is reserved)
 * @param sequence per-packet counter, 0..65535
 * @param frameNumber per-frame counter, 0..65535
 * @param timestamp 90 kHz media timestamp, 0..2^32-1
 * @param extensions the extensions, never null
 */
public record PacketHeader(
        FrameMarker marker,
        int trackHandle,
        int sequence,
        int frameNumber,
        long timestamp,
        PacketExtensions extensions) {

    /** Length of the fixed part of the header. */
    public static final int BASE_LENGTH = 12;

    /** Validates every field range. */
    public PacketHeader {
        Objects.requireNonNull(marker, "marker");
        Objects.requireNonNull(extensions, "extensions");
        Handles.requireValid(trackHandle);
        requireU16(sequence, "sequence");
        requireU16(frameNumber, "frame number");
        if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("timestamp out of u32 range: " + timestamp);
        }
    }

    private static void requireU16(int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of u16 range: " + value);
        }
    }

    /** A copy with another track handle (what an SFU does when forwarding). */
    public PacketHeader withTrackHandle(int handle) {
        return new PacketHeader(marker, handle, sequence, frameNumber, timestamp, extensions);
    }

    /** Number of bytes {@link #writeTo} writes: 12, or 12 + 4 * (L + 1) with extensions. */
    public int serializedLength() {
        return PacketWriter.headerLength(extensions);
    }

    /**
     * Writes the canonical encoding of this header at the buffer's position.
     *
     * @throws PacketSerializeException if fewer than {@link #serializedLength()} bytes remain
     */
    public void writeTo(ByteBuffer dst) {
        PacketWriter.writeHeader(this, dst);
    }
}
