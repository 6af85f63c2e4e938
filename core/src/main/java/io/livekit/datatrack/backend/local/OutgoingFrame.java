package io.livekit.datatrack.backend.local;

import java.util.List;

/**
 * The serialized packets of one frame, ready for the {@code _data_track} channel. Transports drop
 * whole frames, never parts of one.
 *
 * @param handle publisher handle of the track
 * @param packets the packets in sending order (each array is one data channel message)
 * @param size total bytes of all packets
 */
public record OutgoingFrame(int handle, List<byte[]> packets, int size) {
    /** Wraps the packets, computing the total size. */
    public static OutgoingFrame of(int handle, List<byte[]> packets) {
        int size = 0;
        for (byte[] p : packets) {
            size += p.length;
        }
        return new OutgoingFrame(handle, List.copyOf(packets), size);
    }
}
