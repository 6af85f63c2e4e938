package io.livekit.datatrack.internal;

import io.livekit.datatrack.packet.FrameMarker;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
import io.livekit.datatrack.packet.PacketHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Splits frames of one published track into packets of at most {@code mtu} bytes (header
 * included). Sequence numbers run on across frames; every packet of a frame shares its frame
 * number, timestamp and extensions. Not thread-safe: owned by the track's pipeline.
 */
public final class Packetizer {
    /** Transport MTU used by the SDKs: 16 000 bytes per packet, header included. */
    public static final int DEFAULT_MTU = 16_000;

    private final int handle;
    private final int mtu;
    private final LongSupplier clock;
    private int sequence;
    private int frameNumber;

    /**
     * @param handle the publisher handle
     * @param mtu the largest packet, header included
     * @param clock source of the 90 kHz timestamp, read once per frame
     * @param initialSequence first sequence number (0 for a new track)
     * @param initialFrameNumber first frame number (0 for a new track)
     */
    public Packetizer(int handle, int mtu, LongSupplier clock, int initialSequence, int initialFrameNumber) {
        if (!io.livekit.datatrack.packet.Handles.isValid(handle)) {
            throw new IllegalArgumentException("track handle must be 1..65535: " + handle);
        }
        this.handle = handle;
        this.mtu = mtu;
        this.clock = clock;
        this.sequence = initialSequence & 0xFFFF;
        this.frameNumber = initialFrameNumber & 0xFFFF;
    }

    /** A packetizer for a newly published track, with MTU 16 000 and counters at 0. */
    public static Packetizer forTrack(int handle, MediaClock clock) {
        return new Packetizer(handle, DEFAULT_MTU, clock::now, 0, 0);
    }

    /**
     * Packetizes one frame. The packets' payloads are views of {@code payload} (no copy). An empty
     * payload yields no packets but still consumes a frame number.
     *
     * @throws MtuTooShortException if the header leaves no room for payload; the frame number is
     *     consumed (as the JS SDK does; unobservable at the default MTU)
     */
    public List<Packet> packetize(byte[] payload, PacketExtensions extensions) throws MtuTooShortException {
        long timestamp = clock.getAsLong();
        int frame = frameNumber;
        frameNumber = (frameNumber + 1) & 0xFFFF;
        int headerLength = new PacketHeader(FrameMarker.SINGLE, handle, 0, 0, 0, extensions).serializedLength();
        int maxPayload = mtu - headerLength;
        if (maxPayload <= 0) {
            throw new MtuTooShortException(mtu, headerLength);
        }
        int count = (int) (((long) payload.length + maxPayload - 1) / maxPayload);
        List<Packet> packets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int offset = i * maxPayload;
            int length = Math.min(maxPayload, payload.length - offset);
            PacketHeader header = new PacketHeader(
                    FrameMarker.forPosition(i, count), handle, sequence, frame, timestamp, extensions);
            sequence = (sequence + 1) & 0xFFFF;
            packets.add(Packet.wrap(header, payload, offset, length));
        }
        return packets;
    }

    /** The sequence number the next packet will get. */
    public int nextSequence() {
        return sequence;
    }

    /** The frame number the next frame will get. */
    public int nextFrameNumber() {
        return frameNumber;
    }

    /** The header leaves no room for payload within the MTU. */
    public static final class MtuTooShortException extends Exception {
        private static final long serialVersionUID = 1L;

        MtuTooShortException(int mtu, int headerLength) {
            super("MTU " + mtu + " too short for a " + headerLength + "-byte header", null, false, false);
        }
    }
}
