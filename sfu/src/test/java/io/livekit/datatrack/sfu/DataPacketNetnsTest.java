package io.livekit.datatrack.sfu;

import static io.livekit.datatrack.sfu.testclient.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitModels.DataPacket;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.sfu.testclient.SfuExtension;
import io.livekit.datatrack.sfu.testclient.TestClient;
import io.livekit.datatrack.sfu.testclient.TestSfu;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ordinary data packets on {@code _reliable} / {@code _lossy} (signaling.md 5.2). */
class DataPacketNetnsTest {
    @RegisterExtension
    static final SfuExtension SFU = SfuExtension.netns();
    private static final Duration QUIET = Duration.ofMillis(400);

    private static TestClient connect(String identity, String room, boolean canPublishData) throws Exception {
        return SFU.connect(identity, room, g -> g.withCanPublishData(canPublishData), "_reliable", "_lossy");
    }

    private static TestClient connect(String identity, String room) throws Exception {
        return connect(identity, room, true);
    }

    private static DataPacket.Builder user(String payload, int sequence) {
        return DataPacket.newBuilder()
                .setSequence(sequence)
                .setUser(LivekitModels.UserPacket.newBuilder()
                        .setPayload(ByteString.copyFromUtf8(payload))
                        .setTopic("chat"));
    }

    private static DataPacket receive(TestClient c, String label) throws Exception {
        return DataPacket.parseFrom(c.awaitData(label));
    }

    @Test
    void packetsAreStampedWithTheSenderAndTheChannelKind() throws Exception {
        String room = TestSfu.room("stamp");
        try (TestClient alice = connect("alice", room); TestClient bob = connect("bob", room)) {
            alice.sendData("_reliable", user("hello", 1)
                    .setParticipantIdentity("mallory").setParticipantSid("PA_spoofed00000")
                    .setKind(DataPacket.Kind.LOSSY)
                    .build().toByteArray());

            DataPacket got = receive(bob, "_reliable");
            assertThat(got.getParticipantIdentity()).isEqualTo("alice");
            assertThat(got.getParticipantSid()).isEqualTo(alice.sid());
            assertThat(got.getKind()).isEqualTo(DataPacket.Kind.RELIABLE);
            assertThat(got.getSequence()).as("the sender's sequence is kept").isEqualTo(1);
            assertThat(got.getUser().getPayload().toStringUtf8()).isEqualTo("hello");
            assertThat(got.getUser().getTopic()).isEqualTo("chat");
            assertThat(got.getUser().getParticipantIdentity()).isEqualTo("alice");
            assertThat(got.getUser().getParticipantSid()).isEqualTo(alice.sid());
            assertThat(alice.pollData("_reliable", Duration.ZERO)).as("never echoed to the sender").isNull();

            // lossy packets are not held for a channel the server has not seen open yet: resend until one arrives
            byte[] fast = user("fast", 0).setKind(DataPacket.Kind.RELIABLE).build().toByteArray();
            byte[] first = null;
            for (int i = 0; i < 50 && first == null; i++) {
                alice.sendData("_lossy", fast);
                first = bob.pollData("_lossy", Duration.ofMillis(100));
            }
            assertThat(first).as("a lossy packet reached bob").isNotNull();
            DataPacket lossy = DataPacket.parseFrom(first);
            assertThat(lossy.getKind()).isEqualTo(DataPacket.Kind.LOSSY);
            assertThat(lossy.getParticipantIdentity()).isEqualTo("alice");
            assertThat(lossy.getUser().getPayload().toStringUtf8()).isEqualTo("fast");
            assertThat(bob.pollData("_reliable", QUIET)).isNull();
        }
    }

    @Test
    void destinationsLimitTheRecipients() throws Exception {
        String room = TestSfu.room("destinations");
        try (TestClient alice = connect("alice", room); TestClient bob = connect("bob", room);
                TestClient carol = connect("carol", room)) {
            alice.sendData("_reliable", user("for carol", 1).addDestinationIdentities("carol").build().toByteArray());
            DataPacket toCarol = receive(carol, "_reliable");
            assertThat(toCarol.getUser().getPayload().toStringUtf8()).isEqualTo("for carol");
            assertThat(toCarol.getUser().getDestinationIdentitiesList()).containsExactly("carol");

            // JS puts destinations into the (deprecated) UserPacket field only
            DataPacket.Builder jsStyle = user("for bob", 2);
            jsStyle.getUserBuilder().addDestinationIdentities("bob");
            alice.sendData("_reliable", jsStyle.build().toByteArray());
            DataPacket toBob = receive(bob, "_reliable");
            assertThat(toBob.getUser().getPayload().toStringUtf8()).isEqualTo("for bob");
            assertThat(toBob.getDestinationIdentitiesList()).containsExactly("bob");

            alice.sendData("_reliable", user("everyone", 3).build().toByteArray());
            assertThat(receive(bob, "_reliable").getUser().getPayload().toStringUtf8()).isEqualTo("everyone");
            assertThat(receive(carol, "_reliable").getUser().getPayload().toStringUtf8()).isEqualTo("everyone");
            assertThat(bob.pollData("_reliable", QUIET)).as("bob got carol's packet").isNull();
            assertThat(carol.pollData("_reliable", Duration.ZERO)).as("carol got bob's packet").isNull();
        }
    }

    @Test
    void duplicateAndOutOfOrderReliableSequencesAreDropped() throws Exception {
        String room = TestSfu.room("dedupe");
        try (TestClient alice = connect("alice", room); TestClient bob = connect("bob", room)) {
            alice.sendData("_reliable", user("#1", 1).build().toByteArray());
            assertThat(receive(bob, "_reliable").getUser().getPayload().toStringUtf8()).isEqualTo("#1");
            for (int seq : new int[] {2, 2, 1, 3, 0, 0, 4}) {
                alice.sendData("_reliable", user("#" + seq, seq).build().toByteArray());
            }
            // sequence 0 means "unsequenced" and is never dropped as a duplicate
            for (String expected : new String[] {"#2", "#3", "#0", "#0", "#4"}) {
                assertThat(receive(bob, "_reliable").getUser().getPayload().toStringUtf8()).isEqualTo(expected);
            }
            // sequence is a uint32: values above 2^31 still count up, and their duplicates still drop
            for (int seq : new int[] {0x80000000, 0x80000000, 5, 0x80000001}) {
                alice.sendData("_reliable", user("#" + Integer.toUnsignedString(seq), seq).build().toByteArray());
            }
            for (String expected : new String[] {"#2147483648", "#2147483649"}) {
                assertThat(receive(bob, "_reliable").getUser().getPayload().toStringUtf8()).isEqualTo(expected);
            }
            assertThat(bob.pollData("_reliable", QUIET)).isNull();
        }
    }

    @Test
    void reliablePacketsWaitForARecipientWhoseChannelIsNotOpenYet() throws Exception {
        String room = TestSfu.room("held");
        try (TestClient alice = connect("alice", room);
                TestClient bob = TestClient.builder(SFU.url(), token("bob", room))
                        .peer(SFU.engine()).name("bob").deferOffer().connect()) {
            bob.awaitJoin();
            alice.awaitInfo("bob", "joined", i -> true);
            // e.g. an app greeting a participant as soon as it appears
            alice.sendData("_reliable", user("welcome", 1).build().toByteArray());
            alice.sendData("_reliable", user("welcome again", 2).build().toByteArray());
            alice.sendData("_lossy", user("lossy is not held", 0).build().toByteArray());
            Thread.sleep(200);

            bob.negotiate();
            bob.awaitChannel("_reliable");
            assertThat(receive(bob, "_reliable").getUser().getPayload().toStringUtf8()).isEqualTo("welcome");
            assertThat(receive(bob, "_reliable").getUser().getPayload().toStringUtf8()).isEqualTo("welcome again");
            alice.sendData("_reliable", user("live", 3).build().toByteArray());
            assertThat(receive(bob, "_reliable").getUser().getPayload().toStringUtf8()).isEqualTo("live");
            assertThat(bob.pollData("_lossy", Duration.ZERO)).isNull();
        }
    }

    @Test
    void resumeReportsTheLastReliableSequenceAccepted() throws Exception {
        String room = TestSfu.room("last-seq");
        try (TestClient alice = connect("alice", room); TestClient bob = connect("bob", room)) {
            for (int seq = 1; seq <= 3; seq++) {
                alice.sendData("_reliable", user("#" + seq, seq).build().toByteArray());
            }
            alice.sendData("_reliable", user("dup", 2).build().toByteArray());
            for (int seq = 1; seq <= 3; seq++) {
                receive(bob, "_reliable");
            }
            alice.abortSignal();
            try (TestClient resumed = TestClient.builder(SFU.url(), token("alice", room))
                    .joinRequest(b -> b.setReconnect(true).setParticipantSid(alice.sid()))
                    .connect()) {
                LivekitRtc.SignalResponse first = resumed.next();
                assertThat(first.hasReconnect()).isTrue();
                assertThat(first.getReconnect().getLastMessageSeq()).isEqualTo(3);
                // data keeps flowing on the same peer connection
                alice.sendData("_reliable", user("#4", 4).build().toByteArray());
                assertThat(receive(bob, "_reliable").getUser().getPayload().toStringUtf8()).isEqualTo("#4");
            }
        }
    }

    @Test
    void packetsFromAParticipantWithoutCanPublishDataAreDropped() throws Exception {
        String room = TestSfu.room("no-data");
        try (TestClient viewer = connect("viewer", room, false); TestClient bob = connect("bob", room)) {
            viewer.sendData("_reliable", user("nope", 1).build().toByteArray());
            viewer.sendData("_lossy", user("nope", 0).build().toByteArray());
            assertThat(bob.pollData("_reliable", QUIET)).isNull();
            assertThat(bob.pollData("_lossy", Duration.ZERO)).isNull();
            // but it receives what others send
            bob.sendData("_reliable", user("to viewer", 1).build().toByteArray());
            assertThat(receive(viewer, "_reliable").getParticipantIdentity()).isEqualTo("bob");
        }
    }
}
