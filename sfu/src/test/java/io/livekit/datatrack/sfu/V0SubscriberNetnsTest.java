package io.livekit.datatrack.sfu;

import static io.livekit.datatrack.sfu.testclient.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.livekit.datatrack.packet.FrameMarker;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
import io.livekit.datatrack.packet.PacketHeader;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.SignalResponse.MessageCase;
import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.sfu.testclient.SfuExtension;
import io.livekit.datatrack.sfu.testclient.TestClient;
import io.livekit.datatrack.sfu.testclient.TestSfu;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * v0 ({@code /rtc}, dual peer connection) subscriber side (signaling.md 3.4, 3.7): the server
 * offers its subscriber PC right after the JoinResponse with the three channels, and sends
 * downstream data on the channels it created.
 */
class V0SubscriberNetnsTest {
    @RegisterExtension
    static final SfuExtension SFU = SfuExtension.netns();



    @Test
    void subscriberOfferFollowsTheJoinAndDownstreamDataUsesServerChannels() throws Exception {
        String room = TestSfu.room("v0");
        try (TestClient alice = TestClient.builder(SFU.url(), token("alice", room)).peer(SFU.engine()).name("alice").connect();
                TestClient bob = TestClient.builder(SFU.url(), token("bob", room)).v0("").peer(SFU.engine()).name("bob").connect()) {
            alice.awaitJoin();
            alice.awaitChannel("_data_track");

            LivekitRtc.JoinResponse join = bob.awaitJoin();
            assertThat(join.getSubscriberPrimary()).as("v0 with canSubscribe: subscriber primary").isTrue();
            LivekitRtc.SignalResponse afterJoin = bob.await("the first message after the join that is no participant update",
                    r -> !r.hasUpdate());
            assertThat(afterJoin.getMessageCase()).as("the subscriber offer comes first").isEqualTo(MessageCase.OFFER);
            assertThat(afterJoin.getOffer().getType()).isEqualTo("offer");
            assertThat(afterJoin.getOffer().getSdp()).contains("m=application");
            assertThat(afterJoin.getOffer().getId()).isPositive();

            for (String label : new String[] {"_reliable", "_lossy", "_data_track"}) {
                DataChannel ch = bob.awaitChannel(label);
                assertThat(ch.label()).isEqualTo(label);
            }
            assertThat(bob.allReceived()).filteredOn(LivekitRtc.SignalResponse::hasTrickle)
                    .isNotEmpty()
                    .allSatisfy(t -> assertThat(t.getTrickle().getTarget()).isEqualTo(LivekitRtc.SignalTarget.SUBSCRIBER));
            assertThat(bob.allReceived()).noneMatch(LivekitRtc.SignalResponse::hasAnswer);

            // data-track packets arrive on the server-created _data_track channel
            LivekitModels.DataTrackInfo track = alice.publish(3, "to-v0");
            int handle = bob.subscribe(track.getSid());
            DataTrackForwardingNetnsTest.awaitForwarding(alice, 3, bob);
            byte[] packet = Packet.of(new PacketHeader(FrameMarker.SINGLE, 3, 9, 9, 9, PacketExtensions.NONE),
                    new byte[] {1, 2, 3, 4}).toByteArray();
            alice.sendData("_data_track", packet);
            byte[] got = bob.awaitData("_data_track");
            byte[] expected = packet.clone();
            expected[2] = (byte) (handle >>> 8);
            expected[3] = (byte) handle;
            assertThat(got).isEqualTo(expected);

            // and data packets on the server-created _reliable channel
            alice.sendData("_reliable", LivekitModels.DataPacket.newBuilder()
                    .setSequence(1)
                    .setUser(LivekitModels.UserPacket.newBuilder().setPayload(ByteString.copyFromUtf8("hi v0")))
                    .build().toByteArray());
            LivekitModels.DataPacket dp = LivekitModels.DataPacket.parseFrom(bob.awaitData("_reliable"));
            assertThat(dp.getParticipantSid()).isEqualTo(alice.sid());
            assertThat(dp.getUser().getPayload().toStringUtf8()).isEqualTo("hi v0");

            // bob is ACTIVE once its primary (subscriber) PC connected
            alice.awaitInfo("bob", "ACTIVE", i -> i.getState() == LivekitModels.ParticipantInfo.State.ACTIVE);
        }
    }

    /** Index in {@code messages} of the first message of {@code kind}, or -1. */
    private static int indexOf(java.util.List<LivekitRtc.SignalResponse> messages, MessageCase kind) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).getMessageCase() == kind) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void noSubscriberCandidateIsSentBeforeTheOffer() throws Exception {
        // repeated: the race between candidate gathering and sending the offer does not show every time
        for (int i = 0; i < 3; i++) {
            try (TestClient c = TestClient.builder(SFU.url(), token("bob", TestSfu.room("v0-order"))).v0("").connect()) {
                c.awaitJoin();
                c.await(MessageCase.OFFER);
                c.await(MessageCase.TRICKLE);
                java.util.List<LivekitRtc.SignalResponse> all = c.allReceived();
                assertThat(indexOf(all, MessageCase.TRICKLE)).as("first trickle after the offer: %s", all.stream()
                        .map(LivekitRtc.SignalResponse::getMessageCase).toList())
                        .isGreaterThan(indexOf(all, MessageCase.OFFER));
            }
        }
    }

    @Test
    void resumeRestartsIceWithAnOfferBeforeAnyNewCandidate() throws Exception {
        String room = TestSfu.room("v0-resume");
        try (TestClient bob = TestClient.builder(SFU.url(), token("bob", room)).v0("").peer(SFU.engine()).name("bob").connect()) {
            bob.awaitJoin();
            String firstOffer = bob.await(MessageCase.OFFER).getOffer().getSdp();
            bob.awaitChannel("_data_track");
            bob.abortSignal();

            try (TestClient resumed = TestClient.builder(SFU.url(), token("bob", room))
                    .v0("&reconnect=1&sid=" + bob.sid()).connect()) {
                assertThat(resumed.next().hasReconnect()).isTrue();
                LivekitRtc.SessionDescription restart = resumed.await(MessageCase.OFFER).getOffer();
                assertThat(restart.getSdp()).contains("m=application");
                assertThat(iceUfrag(restart.getSdp())).as("an ICE restart").isNotEqualTo(iceUfrag(firstOffer));
                resumed.await(MessageCase.TRICKLE);
                java.util.List<LivekitRtc.SignalResponse> all = resumed.allReceived();
                assertThat(indexOf(all, MessageCase.TRICKLE)).as("first trickle after the restart offer: %s",
                        all.stream().map(LivekitRtc.SignalResponse::getMessageCase).toList())
                        .isGreaterThan(indexOf(all, MessageCase.OFFER));
            }
        }
    }

    private static String iceUfrag(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().orElse("");
    }

    @Test
    void withoutCanSubscribeThereIsNoSubscriberOffer() throws Exception {
        String room = TestSfu.room("v0-publisher-primary");
        try (TestClient c = TestClient.builder(SFU.url(), token("pub", room, g -> g.withCanSubscribe(false)))
                .v0("").connect()) {
            assertThat(c.awaitJoin().getSubscriberPrimary()).isFalse();
            c.sync();
            c.expectNone(MessageCase.OFFER, Duration.ofMillis(300));
        }
    }
}
