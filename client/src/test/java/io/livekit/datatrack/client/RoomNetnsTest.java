package io.livekit.datatrack.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.LocalDataTrack;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Java → Java data tracks through the real livekit-server, single and dual peer connection. */
class RoomNetnsTest {
    private static LivekitServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = LivekitServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    static Room connect(String room, String identity, RoomOptions options, Events events) throws Exception {
        return Room.connect(server.url(), LivekitServer.token(room, identity), options, events, Runnable::run)
                .get(20, TimeUnit.SECONDS);
    }

    private void transfer(RoomOptions options, int frames, int size, int fps) throws Exception {
        String roomName = "room-" + UUID.randomUUID();
        Events aliceEvents = new Events();
        Events bobEvents = new Events();
        try (Room alice = connect(roomName, "alice", options, aliceEvents);
                Room bob = connect(roomName, "bob", options, bobEvents)) {
            LocalDataTrack track = alice.localParticipant()
                    .publishDataTrack(DataTrackOptions.named("sensor"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(track.info().sid().value()).startsWith("DTR_");
            RoomEvent.DataTrackPublished published = bobEvents.await(
                    RoomEvent.DataTrackPublished.class, e -> e.track().info().name().equals("sensor"), Duration.ofSeconds(10));
            assertThat(published.track().publisherIdentity()).isEqualTo("alice");
            try (DataTrackSubscription sub = published.track()
                    .subscribe(io.livekit.datatrack.SubscribeOptions.defaults().withBufferSize(64))
                    .get(10, TimeUnit.SECONDS)) {
                Transfer.Result r = Transfer.run(track, sub, frames, size, fps);
                System.out.printf("[%s %dx%dB @%dfps] %s%n  publisher %s%n  subscriber %s%n",
                        options.singlePeerConnection() ? "v1" : "v0", frames, size, fps, r, alice.stats(), bob.stats());
                Transfer.assertDelivered(r, alice.stats());
            }
        }
    }

    @Test
    void v1SmallFrames() throws Exception {
        transfer(RoomOptions.defaults(), 1000, 1024, 100);
    }

    @Test
    void v1LargeFrames() throws Exception {
        transfer(RoomOptions.defaults(), 200, 60_000, 50);
    }

    @Test
    void v0SmallFrames() throws Exception {
        transfer(RoomOptions.builder().singlePeerConnection(false).build(), 1000, 1024, 100);
    }

    @Test
    void v0LargeFrames() throws Exception {
        transfer(RoomOptions.builder().singlePeerConnection(false).build(), 200, 60_000, 50);
    }
}
