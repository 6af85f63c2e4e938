package io.livekit.datatrack.examples;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.client.Room;
import io.livekit.datatrack.client.RoomEvent;
import io.livekit.datatrack.client.RoomOptions;
import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Waits for a remote data track named "my_sensor", subscribes and prints every frame with its
 * latency (from the publisher's user timestamp).
 */
public final class Subscriber {
    public static void main(String[] args) throws Exception {
        String token = AccessToken.builder(Publisher.env("LIVEKIT_API_KEY", "devkey"),
                        Publisher.env("LIVEKIT_API_SECRET", "secret"))
                .identity("subscriber")
                .videoGrant(VideoGrant.join("my_room"))
                .toJwt();
        CompletableFuture<RemoteDataTrack> sensor = new CompletableFuture<>();
        try (Room room = Room.connect(Publisher.env("LIVEKIT_URL", "ws://127.0.0.1:7880"), token,
                RoomOptions.defaults(), event -> {
                    if (event instanceof RoomEvent.DataTrackPublished p && p.track().info().name().equals("my_sensor")) {
                        sensor.complete(p.track());
                    }
                }, Runnable::run).get()) {
            try (DataTrackSubscription subscription = sensor.get().subscribe().get()) {
                Optional<DataTrackFrame> frame;
                while ((frame = subscription.receive()).isPresent()) { // empty once the track is gone
                    DataTrackFrame f = frame.get();
                    System.out.printf("%s (%s ms)%n", new String(f.toByteArray(), StandardCharsets.UTF_8),
                            f.durationSinceUserTimestamp().map(d -> String.valueOf(d.toMillis())).orElse("?"));
                }
            }
        }
    }

    private Subscriber() {}
}
