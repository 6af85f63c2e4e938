package io.livekit.datatrack.cli;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.SubscriptionStats;
import io.livekit.datatrack.client.Room;
import io.livekit.datatrack.client.RoomEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code subscribe}: subscribes to a data track on any LiveKit server and reports what arrives. */
@Command(name = "subscribe", mixinStandardHelpOptions = true, description = "Subscribe to a data track and report frames.")
final class SubscribeCommand implements Callable<Integer> {
    @Mixin ConnectOptions connect;

    @Option(names = "--track", description = "Track name (default: the first one published).")
    String track;

    @Option(names = "--frames", defaultValue = "0", description = "Stop after this many frames; 0 = until the track ends.")
    long frames;

    @Override
    public Integer call() throws Exception {
        CompletableFuture<RemoteDataTrack> found = new CompletableFuture<>();
        try (Room room = Room.connect(connect.url, connect.token("subscriber"), connect.roomOptions(), event -> {
                    if (event instanceof RoomEvent.DataTrackPublished p
                            && (track == null || track.equals(p.track().info().name()))) {
                        found.complete(p.track());
                    }
                }, Runnable::run).get(30, TimeUnit.SECONDS)) {
            System.err.println("connected to " + room.name() + "; waiting for " + (track == null ? "a data track" : track));
            RemoteDataTrack remote = found.get();
            try (DataTrackSubscription subscription = remote.subscribe().get(15, TimeUnit.SECONDS)) {
                System.err.println("subscribed to " + remote.info().name() + " (" + remote.info().sid() + ") of "
                        + remote.publisherIdentity());
                long received = 0;
                long bytes = 0;
                long lastReport = System.nanoTime();
                while (frames == 0 || received < frames) {
                    Optional<DataTrackFrame> f = subscription.poll(Duration.ofSeconds(1));
                    if (f.isEmpty() && subscription.isEnded()) {
                        break;
                    }
                    if (f.isPresent()) {
                        received++;
                        bytes += f.get().size();
                    }
                    if (System.nanoTime() - lastReport > 1_000_000_000L) {
                        lastReport = System.nanoTime();
                        SubscriptionStats s = subscription.stats();
                        System.out.printf("received %d frames, %d bytes, lagged %d, latency p50 %d ms p99 %d ms%n",
                                received, bytes, s.framesLagged(), s.latencyP50Millis(), s.latencyP99Millis());
                    }
                }
                System.out.printf("received %d frames, %d bytes in total; %s; track stats: %s%n",
                        received, bytes, subscription.stats(), remote.stats());
            }
            return 0;
        }
    }
}
