package io.livekit.datatrack.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.RemoteDataTrack;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * 256 data tracks published by one participant at once (all requests in flight together, or a
 * bounded number), all
 * subscribed by another participant; one frame pushed on every track must arrive on that track's
 * subscription and nowhere else.
 */
final class ManyTracksScenario {
    static final int TRACKS = 256;

    private ManyTracksScenario() {}

    /** All 256 publish requests at once. */
    static void run(TypedTrackScenario.Connector connector) throws Exception {
        run(connector, TRACKS);
    }

    /**
     * With at most {@code maxInFlight} publish (then subscribe) requests unanswered. livekit-server queues at most
     * 200 signal messages per participant and silently drops what does not fit
     * ({@code routing.MessageChannel}, {@code ErrChannelFull}), so a burst of 256 requests can
     * lose some of their responses there (and a burst of 256 subscriptions some handle maps, as
     * the subscriber also receives the publisher's 256 participant updates).
     */
    static void run(TypedTrackScenario.Connector connector, int maxInFlight) throws Exception {
        String roomName = "many-" + UUID.randomUUID();
        Events bobEvents = new Events();
        try (Room alice = connector.connect(roomName, "alice", new Events());
                Room bob = connector.connect(roomName, "bob", bobEvents)) {
            List<CompletableFuture<LocalDataTrack>> publishing = new ArrayList<>();
            Semaphore inFlight = new Semaphore(maxInFlight);
            for (int i = 0; i < TRACKS; i++) {
                inFlight.acquire();
                CompletableFuture<LocalDataTrack> f = alice.localParticipant().publishDataTrack(DataTrackOptions.named("t" + i));
                f.whenComplete((t, e) -> inFlight.release());
                publishing.add(f);
            }
            CompletableFuture.allOf(publishing.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            List<LocalDataTrack> tracks = publishing.stream().map(CompletableFuture::join).toList();
            Set<Integer> handles = new HashSet<>();
            Set<String> sids = new HashSet<>();
            for (int i = 0; i < TRACKS; i++) {
                assertThat(tracks.get(i).info().name()).isEqualTo("t" + i);
                handles.add(tracks.get(i).info().publisherHandle());
                sids.add(tracks.get(i).info().sid().value());
            }
            assertThat(handles).hasSize(TRACKS);
            assertThat(sids).hasSize(TRACKS);

            Map<String, RemoteDataTrack> remote = new HashMap<>();
            while (remote.size() < TRACKS) {
                RoomEvent.DataTrackPublished p = bobEvents.await(RoomEvent.DataTrackPublished.class, Duration.ofSeconds(20));
                remote.put(p.track().info().name(), p.track());
            }
            List<CompletableFuture<DataTrackSubscription>> subscribing = new ArrayList<>();
            for (int i = 0; i < TRACKS; i++) {
                inFlight.acquire();
                CompletableFuture<DataTrackSubscription> f = remote.get("t" + i).subscribe();
                f.whenComplete((t, e) -> inFlight.release());
                subscribing.add(f);
            }
            CompletableFuture.allOf(subscribing.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            List<DataTrackSubscription> subs = subscribing.stream().map(CompletableFuture::join).toList();

            // Each track carries its own index until its subscription has it (the first frames can
            // race the subscriber's handle map); nothing else may ever show up there.
            boolean[] received = new boolean[TRACKS];
            int missing = TRACKS;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (missing > 0 && System.nanoTime() < deadline) {
                for (int i = 0; i < TRACKS; i++) {
                    if (!received[i]) {
                        tracks.get(i).tryPush(DataTrackFrame.of(ByteBuffer.allocate(4).putInt(i).array()));
                    }
                }
                Thread.sleep(50);
                for (int i = 0; i < TRACKS; i++) {
                    Optional<DataTrackFrame> f;
                    while ((f = subs.get(i).tryReceive()).isPresent()) {
                        assertThat(ByteBuffer.wrap(f.get().toByteArray()).getInt()).as("frame on t" + i).isEqualTo(i);
                        if (!received[i]) {
                            received[i] = true;
                            missing--;
                        }
                    }
                }
            }
            assertThat(missing).as("tracks whose frame never arrived").isZero();
            for (DataTrackSubscription s : subs) {
                s.close();
            }
        }
    }
}
