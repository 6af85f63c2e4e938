package io.livekit.datatrack.sfu.room;

import io.livekit.datatrack.protocol.LivekitModels;

/**
 * A data track published by a participant, with its forwarding snapshot: the array of down tracks
 * is replaced (never mutated) by the room actor and read lock-free by the forwarding path.
 */
final class PublishedTrack {
    final Participant owner;
    final LivekitModels.DataTrackInfo info;
    final SequenceStats stats = new SequenceStats();
    volatile DownTrack[] routes = new DownTrack[0];

    PublishedTrack(Participant owner, LivekitModels.DataTrackInfo info) {
        this.owner = owner;
        this.info = info;
    }

    int handle() {
        return info.getPubHandle();
    }

    String sid() {
        return info.getSid();
    }
}
