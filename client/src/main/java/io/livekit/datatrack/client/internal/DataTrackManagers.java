package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.backend.local.LocalInput;
import io.livekit.datatrack.backend.local.LocalManager;
import io.livekit.datatrack.backend.local.LocalOutput;
import io.livekit.datatrack.backend.local.LocalProto;
import io.livekit.datatrack.backend.remote.RemoteInput;
import io.livekit.datatrack.backend.remote.RemoteManager;
import io.livekit.datatrack.backend.remote.RemoteOutput;
import io.livekit.datatrack.backend.remote.RemoteProto;
import io.livekit.datatrack.client.RoomEvent;
import io.livekit.datatrack.e2ee.KeyProvider;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The session's local and remote data-track managers (created at the first join and kept across
 * reconnects), the local tracks published through them by handle, and where their outputs go:
 * signal requests and room events. Confined to the room session's actor (creation, inputs,
 * outputs, close), except that the managers, once set, are used from any thread for publishing,
 * listing, stats and the data-track packets coming straight from the channel.
 */
final class DataTrackManagers {
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final Executor actor;
    private final DataTrackSender dataTrackSender;
    private final Consumer<LivekitRtc.SignalRequest> sendRequest;
    private final Listeners listeners;
    private final Map<Integer, LocalDataTrack> localTracks = new ConcurrentHashMap<>();
    private final LongAdder dataTrackPacketsReceived = new LongAdder();
    private volatile LocalManager localManager;
    private volatile RemoteManager remoteManager;

    /**
     * @param actor the room session's actor, where manager outputs are handled
     * @param sendRequest sends (or holds) a signal request; called on the actor
     */
    DataTrackManagers(
            Executor executor,
            ScheduledExecutorService scheduler,
            Executor actor,
            DataTrackSender dataTrackSender,
            Consumer<LivekitRtc.SignalRequest> sendRequest,
            Listeners listeners) {
        this.executor = executor;
        this.scheduler = scheduler;
        this.actor = actor;
        this.dataTrackSender = dataTrackSender;
        this.sendRequest = sendRequest;
        this.listeners = listeners;
    }

    /** True once the first join created the managers. Any thread. */
    boolean created() {
        return localManager != null;
    }

    /** Creates the managers (first join), encrypting as {@code localIdentity} if {@code keys} is set. */
    void create(KeyProvider keys, String localIdentity) {
        localManager = LocalManager.builder()
                .executor(executor)
                .scheduler(scheduler)
                .encryption(keys == null ? null : keys.encryptionProvider(localIdentity))
                .output(out -> actor.execute(() -> onLocalOutput(out)))
                .packets(dataTrackSender::offer)
                .build();
        remoteManager = RemoteManager.builder()
                .executor(executor)
                .scheduler(scheduler)
                .decryption(keys == null ? null : keys.decryptionProvider())
                .output(out -> actor.execute(() -> onRemoteOutput(out)))
                .build();
    }

    /** Publishes a local track (the managers exist); it is remembered until unpublished. Any thread. */
    CompletableFuture<LocalDataTrack> publish(DataTrackOptions trackOptions) {
        CompletableFuture<LocalDataTrack> f = localManager.publish(trackOptions);
        f.thenAccept(track -> localTracks.put(track.info().publisherHandle(), track));
        return f;
    }

    /** The remote tracks published in the room (none before the first join). Any thread. */
    CompletableFuture<List<RemoteDataTrack>> remoteTracks() {
        RemoteManager m = remoteManager;
        return m == null ? CompletableFuture.completedFuture(List.of()) : m.publishedTracks();
    }

    /** This participant's published tracks, for a resume's SyncState (the managers exist). */
    CompletableFuture<List<DataTrackInfo>> activeTracks() {
        return localManager.activeTracks();
    }

    void toLocal(LocalInput input) {
        LocalManager m = localManager;
        if (m != null) {
            m.handle(input);
        }
    }

    void toRemote(RemoteInput input) {
        RemoteManager m = remoteManager;
        if (m != null) {
            m.handle(input);
        }
    }

    /** A packet on {@code _data_track}. WebRTC thread: straight to the remote manager. */
    void onPacket(byte[] data) {
        dataTrackPacketsReceived.increment();
        RemoteManager m = remoteManager;
        if (m != null) {
            m.onPacket(data);
        }
    }

    /** After a full reconnect: publishes the local tracks and subscribes again in the new session. */
    void onNewSession() {
        localManager.handle(new LocalInput.RepublishTracks());
        remoteManager.handle(new RemoteInput.ResendSubscriptions());
    }

    private void onLocalOutput(LocalOutput out) {
        if (out instanceof LocalOutput.SfuPublishRequest r) {
            sendRequest.accept(LocalProto.request(r));
        } else if (out instanceof LocalOutput.SfuUnpublishRequest r) {
            sendRequest.accept(LocalProto.request(r));
        } else if (out instanceof LocalOutput.TrackUnpublished u) {
            LocalDataTrack track = localTracks.remove(u.info().publisherHandle());
            if (track != null) {
                listeners.emit(new RoomEvent.LocalDataTrackUnpublished(track));
            }
        }
    }

    private void onRemoteOutput(RemoteOutput out) {
        if (out instanceof RemoteOutput.SfuUpdateSubscription u) {
            sendRequest.accept(RemoteProto.request(u));
        } else if (out instanceof RemoteOutput.TrackPublished p) {
            listeners.emit(new RoomEvent.DataTrackPublished(p.track()));
        } else if (out instanceof RemoteOutput.TrackUnpublished u) {
            listeners.emit(new RoomEvent.DataTrackUnpublished(u.track()));
        }
    }

    /** Data-track packets received. Any thread. */
    long packetsReceived() {
        return dataTrackPacketsReceived.sum();
    }

    /** Data-track packets received that no subscription took or that did not parse. Any thread. */
    long packetsUnroutable() {
        RemoteManager rm = remoteManager;
        return rm == null ? 0 : rm.packetsUnroutable() + rm.packetsUnparseable();
    }

    void close() {
        if (localManager != null) {
            localManager.close();
        }
        if (remoteManager != null) {
            remoteManager.close();
        }
    }
}
