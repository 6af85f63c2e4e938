package io.livekit.datatrack.sfu;

import static io.livekit.datatrack.sfu.testclient.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc.DataTrackSubscriberHandles.PublishedDataTrack;
import io.livekit.datatrack.protocol.LivekitRtc.SignalResponse.MessageCase;
import io.livekit.datatrack.sfu.testclient.Requests;
import io.livekit.datatrack.sfu.testclient.SfuExtension;
import io.livekit.datatrack.sfu.testclient.TestClient;
import io.livekit.datatrack.sfu.testclient.TestSfu;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code UpdateDataSubscription} and the complete {@code DataTrackSubscriberHandles} map per
 * subscriber (signaling.md 4.5, datatrack-core.md 9.3).
 */
class DataTrackSubscriptionTest {
    @RegisterExtension
    static final SfuExtension SFU = SfuExtension.loopback();

    private static TestClient join(String identity, String room) throws Exception {
        return SFU.join(identity, room);
    }

    private static void assertNoMap(TestClient c) throws Exception {
        c.sync();
        c.expectNone(MessageCase.DATA_TRACK_SUBSCRIBER_HANDLES, Duration.ZERO);
    }

    @Test
    void subscribeSendsTheCompleteMapAndRepeatsNothing() throws Exception {
        String room = TestSfu.room("subscribe");
        try (TestClient alice = join("alice", room); TestClient bob = join("bob", room)) {
            LivekitModels.DataTrackInfo t1 = alice.publish(1, "one");
            LivekitModels.DataTrackInfo t2 = alice.publish(2, "two");

            bob.send(Requests.subscribe(t1.getSid()));
            Map<Integer, PublishedDataTrack> first = bob.awaitHandles();
            assertThat(first).hasSize(1);
            int h1 = first.keySet().iterator().next();
            assertThat(h1).isBetween(1, 65_535);
            assertThat(first.get(h1)).isEqualTo(PublishedDataTrack.newBuilder()
                    .setPublisherIdentity("alice").setPublisherSid(alice.sid()).setTrackSid(t1.getSid()).build());

            // an established subscription: nothing changes, no map
            bob.send(Requests.subscribe(t1.getSid()));
            assertNoMap(bob);

            bob.send(Requests.subscribe(t2.getSid()));
            Map<Integer, PublishedDataTrack> both = bob.awaitHandles();
            assertThat(both).hasSize(2).containsEntry(h1, first.get(h1));
            int h2 = both.keySet().stream().filter(h -> h != h1).findFirst().orElseThrow();
            assertThat(h2).isBetween(1, 65_535).isNotEqualTo(h1);
            assertThat(both.get(h2).getTrackSid()).isEqualTo(t2.getSid());

            bob.send(Requests.unsubscribe(t1.getSid()));
            assertThat(bob.awaitHandles()).containsOnlyKeys(h2);

            // unsubscribing what is not subscribed changes nothing
            bob.send(Requests.unsubscribe(t1.getSid()));
            assertNoMap(bob);

            // a resubscription is a new down track with a new handle
            bob.send(Requests.subscribe(t1.getSid()));
            Map<Integer, PublishedDataTrack> again = bob.awaitHandles();
            assertThat(again).hasSize(2).containsKey(h2);
            int h1again = again.keySet().stream().filter(h -> h != h2).findFirst().orElseThrow();
            assertThat(h1again).isNotEqualTo(h1).isNotZero();

            bob.send(Requests.unsubscribe(t1.getSid()));
            bob.send(Requests.unsubscribe(t2.getSid()));
            assertThat(bob.awaitHandles()).hasSize(1);
            assertThat(bob.awaitHandles()).as("the last map is empty, not absent").isEmpty();

            // the publisher never gets maps for its own tracks
            assertNoMap(alice);
        }
    }

    @Test
    void eachSubscriberHasItsOwnMap() throws Exception {
        String room = TestSfu.room("two-subscribers");
        try (TestClient alice = join("alice", room); TestClient bob = join("bob", room); TestClient carol = join("carol", room)) {
            LivekitModels.DataTrackInfo t = alice.publish(9, "shared");
            int hb = bob.subscribe(t.getSid());
            int hc = carol.subscribe(t.getSid());
            assertThat(hb).isNotZero();
            assertThat(hc).isNotZero();
            bob.send(Requests.unsubscribe(t.getSid()));
            assertThat(bob.awaitHandles()).isEmpty();
            assertNoMap(carol);
        }
    }

    @Test
    void unknownTracksAndMissingPermissionGiveNoMap() throws Exception {
        String room = TestSfu.room("refused");
        try (TestClient alice = join("alice", room);
                TestClient blind = TestClient.join(SFU.url(), token("blind", room, g -> g.withCanSubscribe(false)))) {
            LivekitModels.DataTrackInfo t = alice.publish(1, "t");

            blind.send(Requests.subscribe(t.getSid()));
            assertNoMap(blind);

            blind.send(Requests.subscribe("DTR_unknown00000"));
            assertNoMap(blind);

            try (TestClient bob = join("bob", room)) {
                bob.send(Requests.subscribe("DTR_unknown00000"));
                assertNoMap(bob);
                assertThat(bob.subscribe(t.getSid())).isNotZero();
            }
        }
    }

    @Test
    void subscriberLeavingDoesNotDisturbThePublisherOrOthers() throws Exception {
        String room = TestSfu.room("subscriber-leaves");
        try (TestClient alice = join("alice", room); TestClient carol = join("carol", room)) {
            LivekitModels.DataTrackInfo t = alice.publish(1, "t");
            int hc = carol.subscribe(t.getSid());
            try (TestClient bob = join("bob", room)) {
                bob.subscribe(t.getSid());
            }
            alice.awaitInfo("bob", "DISCONNECTED",
                    i -> i.getState() == LivekitModels.ParticipantInfo.State.DISCONNECTED);
            assertNoMap(carol);
            assertNoMap(alice);
            carol.send(Requests.unsubscribe(t.getSid()));
            assertThat(carol.awaitHandles()).doesNotContainKey(hc).isEmpty();
        }
    }
}
