package io.livekit.datatrack.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.SubscribeOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Two local subscriptions of one remote track: one reads everything, the other (buffer of 8)
 * reads nothing until the stream is over. The slow one must hold exactly the newest 8 frames and
 * count the rest as lagged; the fast one is not affected.
 */
final class SlowSubscriberScenario {
    private SlowSubscriberScenario() {}

    static void run(TypedTrackScenario.Connector connector) throws Exception {
        String roomName = "slow-" + UUID.randomUUID();
        Events bobEvents = new Events();
        try (Room alice = connector.connect(roomName, "alice", new Events());
                Room bob = connector.connect(roomName, "bob", bobEvents)) {
            LocalDataTrack track = alice.localParticipant().publishDataTrack(DataTrackOptions.named("feed"))
                    .get(10, TimeUnit.SECONDS);
            var published = bobEvents.await(RoomEvent.DataTrackPublished.class, Duration.ofSeconds(10));
            try (DataTrackSubscription fast = published.track().subscribe().get(10, TimeUnit.SECONDS);
                    DataTrackSubscription slow = published.track()
                            .subscribe(SubscribeOptions.defaults().withBufferSize(8))
                            .get(10, TimeUnit.SECONDS)) {
                // Warm up until the path is live, then drain both.
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (fast.poll(Duration.ofMillis(50)).isEmpty() && System.nanoTime() < deadline) {
                    track.tryPush(DataTrackFrame.of(ByteBuffer.allocate(4).putInt(-1).array()));
                }
                Thread.sleep(200);
                drain(fast);
                drain(slow);
                long laggedBefore = slow.framesLagged();

                int frames = 100;
                List<Integer> fastGot = new ArrayList<>();
                for (int i = 0; i < frames; i++) {
                    track.tryPush(DataTrackFrame.of(ByteBuffer.allocate(4).putInt(i).array()));
                    Thread.sleep(10);
                    fastGot.addAll(drain(fast));
                }
                deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (fastGot.size() < frames && System.nanoTime() < deadline) {
                    fast.poll(Duration.ofMillis(100)).ifPresent(f -> fastGot.add(index(f)));
                }
                assertThat(fastGot).as("fast subscriber").hasSize(frames);
                for (int i = 0; i < frames; i++) {
                    assertThat(fastGot.get(i)).isEqualTo(i);
                }
                List<Integer> slowGot = drain(slow);
                assertThat(slowGot).as("slow subscriber keeps the newest frames")
                        .containsExactly(92, 93, 94, 95, 96, 97, 98, 99);
                assertThat(slow.framesLagged() - laggedBefore).isEqualTo(frames - 8);
                assertThat(fast.framesLagged()).isZero();
            }
        }
    }

    private static int index(DataTrackFrame f) {
        return ByteBuffer.wrap(f.toByteArray()).getInt();
    }

    private static List<Integer> drain(DataTrackSubscription s) {
        List<Integer> got = new ArrayList<>();
        Optional<DataTrackFrame> f;
        while ((f = s.tryReceive()).isPresent()) {
            got.add(index(f.get()));
        }
        return got;
    }
}
