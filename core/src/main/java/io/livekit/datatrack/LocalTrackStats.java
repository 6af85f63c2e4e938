package io.livekit.datatrack;

/**
 * A snapshot of a local track's counters since it was published.
 *
 * @param framesPushed frames accepted by {@link LocalDataTrack#tryPush}
 * @param framesRejected frames refused by {@code tryPush} (queue full, republishing, unpublished)
 * @param framesSent frames turned into packets and handed to the transport
 * @param framesFailed frames dropped by the pipeline (encryption failure, frame too large)
 * @param packetsSent packets handed to the transport
 * @param bytesSent payload bytes of pushed frames that were handed to the transport (before encryption)
 */
public record LocalTrackStats(
        long framesPushed,
        long framesRejected,
        long framesSent,
        long framesFailed,
        long packetsSent,
        long bytesSent) {}
