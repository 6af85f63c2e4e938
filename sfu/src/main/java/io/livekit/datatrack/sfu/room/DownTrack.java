package io.livekit.datatrack.sfu.room;

import io.livekit.datatrack.rtc.DataChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * One subscriber's subscription to a published data track, under its own subscriber handle. It is
 * also the {@link DataChannel.SendOutcome} of every packet forwarded on it, so a packet counts as
 * forwarded only once the subscriber's channel has written it, and as dropped if the channel
 * refused it, dropped it under congestion or discarded it at close.
 */
final class DownTrack implements DataChannel.SendOutcome {
    final Participant subscriber;
    final PublishedTrack track;
    final int subHandle;
    final LongAdder forwarded = new LongAdder();
    final LongAdder dropped = new LongAdder();
    private final RoomContext.Counters counters;

    DownTrack(Participant subscriber, PublishedTrack track, int subHandle, RoomContext.Counters counters) {
        this.subscriber = subscriber;
        this.track = track;
        this.subHandle = subHandle;
        this.counters = counters;
    }

    @Override
    public void sent() {
        forwarded.increment();
        counters.dataTrackPacketsForwarded.increment();
    }

    @Override
    public void dropped() {
        dropped.increment();
        counters.dataTrackPacketsDropped.increment();
    }
}
