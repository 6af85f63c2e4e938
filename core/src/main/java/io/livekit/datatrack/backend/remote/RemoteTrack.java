package io.livekit.datatrack.backend.remote;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.RemoteTrackStats;
import io.livekit.datatrack.SubscribeOptions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A remote publication as the application sees it. Info and published flag are written by the
 * {@link RemoteManager}'s actor and read by any thread.
 */
final class RemoteTrack implements RemoteDataTrack {
    private final RemoteManager manager;
    private final String publisherIdentity;
    private final RemoteTrackCounters counters = new RemoteTrackCounters();
    private volatile DataTrackInfo info;
    private volatile boolean published = true;
    private volatile int maxPartialFrames = 1;

    RemoteTrack(RemoteManager manager, String publisherIdentity, DataTrackInfo info) {
        this.manager = manager;
        this.publisherIdentity = publisherIdentity;
        this.info = info;
    }

    void setInfo(DataTrackInfo value) {
        info = value;
    }

    void markUnpublished() {
        published = false;
    }

    RemoteTrackCounters counters() {
        return counters;
    }

    int maxPartialFrames() {
        return maxPartialFrames;
    }

    @Override
    public DataTrackInfo info() {
        return info;
    }

    @Override
    public String publisherIdentity() {
        return publisherIdentity;
    }

    @Override
    public boolean isPublished() {
        return published;
    }

    @Override
    public CompletableFuture<DataTrackSubscription> subscribe(SubscribeOptions options) {
        return manager.subscribe(this, Objects.requireNonNull(options, "options"));
    }

    @Override
    public void setMaxPartialFrames(int value) {
        maxPartialFrames = Math.max(1, value);
    }

    @Override
    public RemoteTrackStats stats() {
        return counters.snapshot();
    }

    @Override
    public String toString() {
        return "RemoteDataTrack[" + publisherIdentity + ", " + info + (published ? "" : ", unpublished") + "]";
    }
}
