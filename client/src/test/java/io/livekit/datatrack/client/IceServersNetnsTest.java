package io.livekit.datatrack.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.client.RoomFakeSignalTest.Attempt;
import io.livekit.datatrack.client.RoomFakeSignalTest.FakeTransport;
import io.livekit.datatrack.client.signal.SignalUrlsTest;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.rtc.PeerSession;
import io.livekit.datatrack.rtc.RtcEngine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The STUN/TURN servers of the join response are used for ICE gathering: a scripted server hands
 * out a test STUN server (inside the namespace) that maps every request to a fixed address; the
 * client must trickle a server-reflexive candidate with that address. On v1 this works only
 * because the join offer is applied after the answer, once the servers are known.
 */
class IceServersNetnsTest {

    @Test
    void joinResponseStunServerIsUsedForGathering() throws Exception {
        String[] addresses = System.getenv("LDT_NETNS_ADDRESSES").split(",");
        String subnet = addresses[0].substring(0, addresses[0].lastIndexOf('.'));
        InetAddress mapped = InetAddress.getByName(subnet + ".77"); // in the namespace's subnet, unused
        try (RtcEngine engine = RtcEngine.create();
                StunResponder stun = new StunResponder(addresses[0], mapped, 40123)) {
            FakeTransport transport = new FakeTransport(uri -> null);
            CompletableFuture<Room> connecting = Room.connect("ws://" + addresses[0] + ":1", "tok",
                    RoomOptions.builder().signalTransport(transport).rtcEngine(engine)
                            .connectTimeout(Duration.ofSeconds(20)).build());
            Attempt a = transport.opened.poll(5, TimeUnit.SECONDS);
            assertThat(a).isNotNull();
            LivekitRtc.JoinRequest join =
                    SignalUrlsTest.decodeJoinRequest(SignalUrlsTest.queryParam(a.uri(), "join_request"));

            a.listener().onMessage(LivekitRtc.SignalResponse.newBuilder()
                    .setJoin(LivekitRtc.JoinResponse.newBuilder()
                            .setRoom(LivekitModels.Room.newBuilder().setSid("RM_r").setName("r"))
                            .setParticipant(LivekitModels.ParticipantInfo.newBuilder().setSid("PA_me").setIdentity("me"))
                            .addIceServers(LivekitRtc.ICEServer.newBuilder().addUrls(stun.url()))
                            .setPingInterval(5)
                            .setPingTimeout(15))
                    .build()
                    .toByteArray());
            PeerSession answerer = engine.newPeer("answerer", new PeerSession.Listener() {
                @Override
                public void onLocalCandidate(io.livekit.datatrack.rtc.IceCandidate candidate) {}

                @Override
                public void onStateChange(io.livekit.datatrack.rtc.PeerState state) {}

                @Override
                public void onDataChannel(io.livekit.datatrack.rtc.DataChannel channel) {}
            }, Runnable::run);
            String answer = answerer.answer(join.getPublisherOffer().getSdp()).get(10, TimeUnit.SECONDS);
            a.listener().onMessage(LivekitRtc.SignalResponse.newBuilder()
                    .setAnswer(LivekitRtc.SessionDescription.newBuilder().setType("answer").setSdp(answer).setId(1))
                    .build()
                    .toByteArray());

            String srflx = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (srflx == null && System.nanoTime() < deadline) {
                LivekitRtc.SignalRequest r = a.connection().sent.poll(100, TimeUnit.MILLISECONDS);
                if (r != null && r.hasTrickle() && r.getTrickle().getCandidateInit().contains("typ srflx")) {
                    srflx = r.getTrickle().getCandidateInit();
                }
            }
            assertThat(stun.requests()).as("binding requests to the join response's STUN server").isPositive();
            assertThat(srflx).as("server-reflexive candidate trickled").isNotNull()
                    .contains(mapped.getHostAddress() + " 40123 typ srflx");
            answerer.close();
            connecting.cancel(true);
        }
    }
}
