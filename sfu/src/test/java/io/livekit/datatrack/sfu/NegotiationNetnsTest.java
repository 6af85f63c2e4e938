package io.livekit.datatrack.sfu;

import static io.livekit.datatrack.sfu.testclient.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.SignalResponse.MessageCase;
import io.livekit.datatrack.rtc.IceCandidate;
import io.livekit.datatrack.rtc.PeerSession;
import io.livekit.datatrack.rtc.PeerState;
import io.livekit.datatrack.sfu.testclient.SfuExtension;
import io.livekit.datatrack.sfu.testclient.TestClient;
import io.livekit.datatrack.sfu.testclient.TestSfu;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Offer/answer and trickle rules (signaling.md 3.3–3.6). */
class NegotiationNetnsTest {
    @RegisterExtension
    static final SfuExtension SFU = SfuExtension.netns();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks a server trickle: target, strict JSON shape, advertised address only. */
    private static void assertTrickle(LivekitRtc.TrickleRequest trickle, LivekitRtc.SignalTarget target) throws Exception {
        assertThat(trickle.getTarget()).isEqualTo(target);
        JsonNode json = JSON.readTree(trickle.getCandidateInit());
        assertThat(json.path("candidate").isTextual()).isTrue();
        assertThat(json.path("sdpMid").isTextual()).as("sdpMid must be a string: %s", json).isTrue();
        assertThat(json.path("sdpMLineIndex").isIntegralNumber()).as("sdpMLineIndex: %s", json).isTrue();
        String[] parts = json.get("candidate").asText().split(" ");
        assertThat(parts[4]).as("only the advertised address").isEqualTo(TestSfu.netnsAddresses()[0]);
    }

    @Test
    void v1OffersAreAnsweredWithTheirIdAndTricklesTargetThePublisher() throws Exception {
        String room = TestSfu.room("v1");
        try (TestClient alice = TestClient.builder(SFU.url(), token("alice", room)).peer(SFU.engine()).name("alice").connect()) {
            LivekitRtc.JoinResponse join = alice.awaitJoin();
            assertThat(join.getSubscriberPrimary()).isFalse();
            LivekitRtc.SessionDescription answer = alice.await(MessageCase.ANSWER).getAnswer();
            assertThat(answer.getType()).isEqualTo("answer");
            assertThat(answer.getId()).isEqualTo(1);
            assertThat(answer.getSdp()).contains("m=application");
            alice.awaitChannel("_data_track");
            alice.awaitInfo("alice", "ACTIVE", i -> i.getState() == LivekitModels.ParticipantInfo.State.ACTIVE);

            // JS renegotiates right away: every offer is answered with its id
            String again = alice.peer().createOffer(false).get(5, TimeUnit.SECONDS);
            alice.send(LivekitRtc.SignalRequest.newBuilder()
                    .setOffer(LivekitRtc.SessionDescription.newBuilder().setType("offer").setSdp(again).setId(2))
                    .build());
            assertThat(alice.await(MessageCase.ANSWER).getAnswer().getId()).isEqualTo(2);
            alice.sync();

            assertThat(alice.allReceived()).filteredOn(LivekitRtc.SignalResponse::hasTrickle).isNotEmpty();
            for (LivekitRtc.SignalResponse r : alice.allReceived()) {
                if (r.hasTrickle()) {
                    assertTrickle(r.getTrickle(), LivekitRtc.SignalTarget.PUBLISHER);
                }
            }
            assertThat(alice.allReceived()).as("never an offer in v1").noneMatch(LivekitRtc.SignalResponse::hasOffer);
        }
    }

    @Test
    void v1OfferAfterTheJoinIsAnswered() throws Exception {
        String room = TestSfu.room("v1-deferred");
        try (TestClient alice = TestClient.builder(SFU.url(), token("alice", room))
                .peer(SFU.engine()).name("alice").deferOffer().connect()) {
            alice.awaitJoin();
            alice.negotiate();
            assertThat(alice.await(MessageCase.ANSWER).getAnswer().getId()).isEqualTo(1);
            alice.awaitChannel("_data_track");
            alice.awaitInfo("alice", "ACTIVE", i -> i.getState() == LivekitModels.ParticipantInfo.State.ACTIVE);
        }
    }

    @Test
    void v0PublisherOfferIsAnsweredWithItsIdAndPublisherTargetedTrickles() throws Exception {
        String room = TestSfu.room("v0-publisher");
        ExecutorService events = Executors.newSingleThreadExecutor();
        PeerSession publisher = SFU.engine().newPeer("v0-pub", new PeerSession.Listener() {
            @Override
            public void onLocalCandidate(IceCandidate candidate) {}

            @Override
            public void onStateChange(PeerState state) {}
        }, events);
        try (TestClient bob = TestClient.builder(SFU.url(), token("bob", room)).v0("").connect()) {
            bob.awaitJoin();
            publisher.createDataChannel("_reliable", true, -1).get(5, TimeUnit.SECONDS);
            publisher.createDataChannel("_data_track", false, 0).get(5, TimeUnit.SECONDS);
            String offer = publisher.createOffer(false).get(5, TimeUnit.SECONDS);
            bob.send(LivekitRtc.SignalRequest.newBuilder()
                    .setOffer(LivekitRtc.SessionDescription.newBuilder().setType("offer").setSdp(offer).setId(7))
                    .build());

            LivekitRtc.SessionDescription answer = bob.await(MessageCase.ANSWER).getAnswer();
            assertThat(answer.getId()).isEqualTo(7);
            publisher.applyAnswer(answer.getSdp()).get(5, TimeUnit.SECONDS);
            LivekitRtc.TrickleRequest pubTrickle = bob.await("a publisher trickle", r -> r.hasTrickle()
                    && r.getTrickle().getTarget() == LivekitRtc.SignalTarget.PUBLISHER).getTrickle();
            assertTrickle(pubTrickle, LivekitRtc.SignalTarget.PUBLISHER);
            LivekitRtc.TrickleRequest subTrickle = bob.await("a subscriber trickle", r -> r.hasTrickle()
                    && r.getTrickle().getTarget() == LivekitRtc.SignalTarget.SUBSCRIBER, Duration.ofSeconds(5)).getTrickle();
            assertTrickle(subTrickle, LivekitRtc.SignalTarget.SUBSCRIBER);
        } finally {
            publisher.close();
            events.shutdownNow();
        }
    }
}
