package io.livekit.datatrack.client;

/**
 * A snapshot of a room's transport counters since it connected (across reconnects). Per-track
 * counters are on {@link io.livekit.datatrack.LocalDataTrack#stats()} and
 * {@link io.livekit.datatrack.RemoteDataTrack#stats()}.
 *
 * @param dataTrackFramesSent data-track frames whose packets were all handed to the {@code _data_track} channel
 * @param dataTrackFramesDropped frames the session send queue dropped: evicted by a newer frame
 *     (the queue holds one frame) or discarded because no channel was open
 * @param dataTrackPacketsSent data-track packets handed to the channel
 * @param dataTrackBytesSent bytes of those packets
 * @param dataTrackPacketsReceived data-track packets received (all tracks, before routing)
 * @param dataTrackPacketsUnroutable received packets for no active subscription, or unparseable
 * @param channelMessagesDropped messages the data channels themselves dropped (closed channel or
 *     full buffer), summed over all channels this room used
 * @param dataPacketsSent ordinary data packets sent
 * @param dataPacketsReceived ordinary data packets received (after dropping duplicates)
 * @param dataPacketsDuplicate reliable data packets dropped as duplicates
 * @param resumes successful resumes
 * @param fullReconnects successful full reconnects
 * @param signalRttMillis the last signaling round-trip time measured with pings, -1 if none
 */
public record RoomStats(
        long dataTrackFramesSent,
        long dataTrackFramesDropped,
        long dataTrackPacketsSent,
        long dataTrackBytesSent,
        long dataTrackPacketsReceived,
        long dataTrackPacketsUnroutable,
        long channelMessagesDropped,
        long dataPacketsSent,
        long dataPacketsReceived,
        long dataPacketsDuplicate,
        long resumes,
        long fullReconnects,
        long signalRttMillis) {}
