package io.livekit.datatrack.sfu.room;

import io.livekit.datatrack.rtc.RtcEngine;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every room shares: the WebRTC engine, the executors, settings and server-wide counters.
 *
 * @param engine the WebRTC engine
 * @param executor pool the room actors and peer event handlers run on
 * @param scheduler timers (join timeouts, removal after a lost signal connection)
 * @param nodeId this server's node id (reported in ServerInfo)
 * @param advertisedAddresses if non-empty, only ICE candidates on these addresses are sent
 * @param dataTracksEnabled false refuses every data track publication (NOT_ALLOWED)
 * @param counters server-wide counters
 */
record RoomContext(
        RtcEngine engine,
        Executor executor,
        ScheduledExecutorService scheduler,
        String nodeId,
        Set<String> advertisedAddresses,
        boolean dataTracksEnabled,
        Counters counters) {

    /** Longest custom frame or schema encoding identifier accepted. */
    static final int MAX_CUSTOM_ENCODING_BYTES = 32;

    /** Server-wide forwarding counters. */
    static final class Counters {
        final LongAdder dataTrackPacketsForwarded = new LongAdder();
        final LongAdder dataTrackPacketsMalformed = new LongAdder();
        final LongAdder dataTrackPacketsUnknownHandle = new LongAdder();
        final LongAdder dataTrackPacketsDropped = new LongAdder();
        final LongAdder dataPacketsForwarded = new LongAdder();
        final LongAdder dataPacketsDropped = new LongAdder();
    }
}
