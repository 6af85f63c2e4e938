package io.livekit.datatrack.examples;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.PushFrameException;
import io.livekit.datatrack.client.Room;
import io.livekit.datatrack.client.RoomOptions;
import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import java.nio.charset.StandardCharsets;

/**
 * Publishes a data track named "my_sensor" and pushes one small frame every 100 ms.
 *
 * <pre>
 * LIVEKIT_URL=ws://host:7880 LIVEKIT_API_KEY=devkey LIVEKIT_API_SECRET=secret \
 *   java -cp examples.jar io.livekit.datatrack.examples.Publisher
 * </pre>
 */
public final class Publisher {
    public static void main(String[] args) throws Exception {
        String token = AccessToken.builder(env("LIVEKIT_API_KEY", "devkey"), env("LIVEKIT_API_SECRET", "secret"))
                .identity("publisher")
                .videoGrant(VideoGrant.join("my_room"))
                .toJwt();
        try (Room room = Room.connect(env("LIVEKIT_URL", "ws://127.0.0.1:7880"), token, RoomOptions.defaults()).get()) {
            LocalDataTrack track = room.localParticipant().publishDataTrack(DataTrackOptions.named("my_sensor")).get();
            System.out.println("published " + track.info().sid());
            for (int i = 0; ; i++) {
                byte[] reading = ("reading " + i).getBytes(StandardCharsets.UTF_8);
                try {
                    track.tryPush(DataTrackFrame.of(reading).withUserTimestampNow()); // never blocks
                } catch (PushFrameException e) {
                    System.out.println("frame dropped: " + e.reason()); // lossy by design
                }
                Thread.sleep(100);
            }
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private Publisher() {}
}
