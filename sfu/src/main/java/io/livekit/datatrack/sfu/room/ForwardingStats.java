package io.livekit.datatrack.sfu.room;

/**
 * Server-wide forwarding counters.
 *
 * @param dataTrackPacketsForwarded data-track packets written to subscribers' channels (one per subscriber)
 * @param dataTrackPacketsMalformed data-track packets that failed to parse (dropped)
 * @param dataTrackPacketsUnknownHandle data-track packets whose handle is no track of their sender (dropped)
 * @param dataTrackPacketsDropped data-track packets not sent to a subscriber (channel missing or closed, or
 *     dropped by its send policy because more than max(8 KiB, 100 ms of its drain rate) was buffered)
 * @param dataPacketsForwarded data packets sent to recipients
 * @param dataPacketsDropped data packets dropped (no permission, malformed, duplicate, no channel)
 */
public record ForwardingStats(
        long dataTrackPacketsForwarded,
        long dataTrackPacketsMalformed,
        long dataTrackPacketsUnknownHandle,
        long dataTrackPacketsDropped,
        long dataPacketsForwarded,
        long dataPacketsDropped) {}
