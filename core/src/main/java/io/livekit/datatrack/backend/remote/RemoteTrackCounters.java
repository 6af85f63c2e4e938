package io.livekit.datatrack.backend.remote;

import io.livekit.datatrack.RemoteTrackStats;
import io.livekit.datatrack.internal.DepacketizerDrop;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one remote track, kept across resubscriptions. */
final class RemoteTrackCounters {
    final LongAdder packetsReceived = new LongAdder();
    final LongAdder packetsDropped = new LongAdder();
    final LongAdder framesReceived = new LongAdder();
    final LongAdder framesUndecryptable = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    private final LongAdder[] depacketizerDrops = new LongAdder[DepacketizerDrop.Reason.values().length];

    RemoteTrackCounters() {
        for (int i = 0; i < depacketizerDrops.length; i++) {
            depacketizerDrops[i] = new LongAdder();
        }
    }

    void dropped(DepacketizerDrop.Reason reason) {
        depacketizerDrops[reason.ordinal()].increment();
    }

    private long drops(DepacketizerDrop.Reason reason) {
        return depacketizerDrops[reason.ordinal()].sum();
    }

    RemoteTrackStats snapshot() {
        return new RemoteTrackStats(
                packetsReceived.sum(),
                packetsDropped.sum(),
                framesReceived.sum(),
                drops(DepacketizerDrop.Reason.INTERRUPTED),
                drops(DepacketizerDrop.Reason.UNKNOWN_FRAME),
                drops(DepacketizerDrop.Reason.BUFFER_FULL),
                drops(DepacketizerDrop.Reason.INCOMPLETE),
                framesUndecryptable.sum(),
                bytesReceived.sum());
    }
}
