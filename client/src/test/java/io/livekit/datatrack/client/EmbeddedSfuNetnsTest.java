package io.livekit.datatrack.client;

import io.livekit.datatrack.sfu.SfuServer;
import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scenarios of {@link RoomFeaturesNetnsTest} that do not depend on livekit-server specifics,
 * through our embedded SFU: typed tracks with schema definitions, 256 tracks at once, a slow
 * subscriber.
 */
class EmbeddedSfuNetnsTest {
    private static SfuServer sfu;

    @BeforeAll
    static void startSfu() {
        String address = System.getenv("LDT_NETNS_ADDRESSES").split(",")[0];
        sfu = SfuServer.builder().devMode().bind(address).port(0).advertise(address).start();
    }

    @AfterAll
    static void stopSfu() {
        if (sfu != null) {
            sfu.close();
        }
    }

    private static Room connect(String room, String identity, Events events) throws Exception {
        String token = AccessToken.builder("devkey", "secret").identity(identity).videoGrant(VideoGrant.join(room)).toJwt();
        return Room.connect(sfu.url(), token, RoomOptions.defaults(), events, Runnable::run).get(20, TimeUnit.SECONDS);
    }

    @Test
    void typedTrackWithSchemaDefinition() throws Exception {
        TypedTrackScenario.run(EmbeddedSfuNetnsTest::connect);
    }

    @Test
    void twoHundredFiftySixTracksAtOnce() throws Exception {
        ManyTracksScenario.run(EmbeddedSfuNetnsTest::connect);
    }

    @Test
    void slowSubscriberLosesOnlyTheOldestFrames() throws Exception {
        SlowSubscriberScenario.run(EmbeddedSfuNetnsTest::connect);
    }
}
