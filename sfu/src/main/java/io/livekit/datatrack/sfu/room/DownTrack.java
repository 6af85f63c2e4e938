package io.livekit.datatrack.sfu.room;

import java.util.concurrent.atomic.LongAdder;

/** One subscriber's subscription to a published data track, under its own subscriber handle. */
final class DownTrack {
    final Participant subscriber;
    final PublishedTrack track;
    final int subHandle;
    final LongAdder forwarded = new LongAdder();
    final LongAdder dropped = new LongAdder();

    DownTrack(Participant subscriber, PublishedTrack track, int subHandle) {
        this.subscriber = subscriber;
        this.track = track;
        this.subHandle = subHandle;
    }
}
