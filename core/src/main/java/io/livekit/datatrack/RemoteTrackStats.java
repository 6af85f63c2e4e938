package io.livekit.datatrack;

/**
 * A snapshot of a remote track's receive pipeline counters.
 *
 * @param packetsReceived packets routed to this track
 * @param packetsDropped packets dropped before reassembly because the track's packet queue was full
 * @param framesReceived frames reassembled (and decrypted, when encrypted)
 * @param framesInterrupted partial frames evicted by newer frames
 * @param framesUnknown packets of frames whose start was never seen (one count per packet)
 * @param framesOverflowed frames longer than 128 packets
 * @param framesIncomplete frames with a missing packet at their final packet
 * @param framesUndecryptable encrypted frames that failed to decrypt or lacked E2EE metadata
 * @param bytesReceived payload bytes of the frames received
 */
public record RemoteTrackStats(
        long packetsReceived,
        long packetsDropped,
        long framesReceived,
        long framesInterrupted,
        long framesUnknown,
        long framesOverflowed,
        long framesIncomplete,
        long framesUndecryptable,
        long bytesReceived) {}
