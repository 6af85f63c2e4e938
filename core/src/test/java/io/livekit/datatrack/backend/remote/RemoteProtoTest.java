package io.livekit.datatrack.backend.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.FrameEncoding;
import io.livekit.datatrack.backend.DataTrackProto;
import io.livekit.datatrack.backend.ProtocolConversionException;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitModels.ParticipantInfo;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.DataTrackSubscriberHandles.PublishedDataTrack;
import io.livekit.datatrack.protocol.LivekitRtc.SignalResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subscribe-side signaling: participant lists, handle maps, subscription requests. */
class RemoteProtoTest {
    private static final String LOCAL = "me";

    private static DataTrackInfo info(String sid, int handle, String name) {
        return DataTrackInfo.builder(DataTrackSid.of(sid), handle, name).build();
    }

    private static ParticipantInfo.Builder participant(String identity, DataTrackInfo... tracks) {
        ParticipantInfo.Builder b = ParticipantInfo.newBuilder()
                .setIdentity(identity)
                .setSid("PA_" + identity)
                .setState(ParticipantInfo.State.ACTIVE);
        for (DataTrackInfo t : tracks) {
            b.addDataTracks(DataTrackProto.toProto(t));
        }
        return b;
    }

    private static SignalResponse update(ParticipantInfo.Builder... participants) {
        LivekitRtc.ParticipantUpdate.Builder u = LivekitRtc.ParticipantUpdate.newBuilder();
        for (ParticipantInfo.Builder p : participants) {
            u.addParticipants(p);
        }
        return SignalResponse.newBuilder().setUpdate(u).build();
    }

    private static RemoteInput.ParticipantUpdate participantUpdate(SignalResponse msg) throws Exception {
        return (RemoteInput.ParticipantUpdate) RemoteProto.input(msg, LOCAL).orElseThrow();
    }

    private static SignalResponse handles(Map<Integer, String> map) {
        LivekitRtc.DataTrackSubscriberHandles.Builder b = LivekitRtc.DataTrackSubscriberHandles.newBuilder();
        map.forEach((handle, sid) -> b.putSubHandles(handle, PublishedDataTrack.newBuilder()
                .setPublisherIdentity("alice")
                .setPublisherSid("PA_alice")
                .setTrackSid(sid)
                .build()));
        return SignalResponse.newBuilder().setDataTrackSubscriberHandles(b).build();
    }

    // ---- participant lists ----------------------------------------------------------------

    @Test
    void joinListsTheOtherParticipants() throws Exception {
        DataTrackInfo a1 = info("DTR_a1", 1, "one");
        DataTrackInfo a2 = DataTrackInfo.builder(DataTrackSid.of("DTR_a2"), 2, "two")
                .usesE2ee(true)
                .frameEncoding(FrameEncoding.JSON)
                .build();
        SignalResponse msg = SignalResponse.newBuilder()
                .setJoin(LivekitRtc.JoinResponse.newBuilder()
                        .setParticipant(participant(LOCAL, info("DTR_mine", 1, "mine")))
                        .addOtherParticipants(participant("alice", a1, a2))
                        .addOtherParticipants(participant("bob")))
                .build();

        assertThat(participantUpdate(msg).publishers()).containsExactly(
                new RemoteInput.PublisherTracks("alice", List.of(a1, a2), "PA_alice", false),
                new RemoteInput.PublisherTracks("bob", List.of(), "PA_bob", false));
    }

    @Test
    void joinWithoutOthersIsAnEmptyUpdate() throws Exception {
        SignalResponse msg = SignalResponse.newBuilder()
                .setJoin(LivekitRtc.JoinResponse.newBuilder().setParticipant(participant(LOCAL)))
                .build();

        assertThat(participantUpdate(msg).publishers()).isEmpty();
    }

    @Test
    void updateSkipsTheLocalParticipant() throws Exception {
        DataTrackInfo b1 = info("DTR_b1", 9, "b");
        SignalResponse msg = update(participant(LOCAL, info("DTR_mine", 1, "mine")), participant("bob", b1));

        assertThat(participantUpdate(msg).publishers())
                .containsExactly(new RemoteInput.PublisherTracks("bob", List.of(b1), "PA_bob", false));
    }

    @Test
    void joinAlsoSkipsTheLocalIdentity() throws Exception {
        SignalResponse msg = SignalResponse.newBuilder()
                .setJoin(LivekitRtc.JoinResponse.newBuilder().addOtherParticipants(participant(LOCAL)))
                .build();

        assertThat(participantUpdate(msg).publishers()).isEmpty();
    }

    @Test
    void disconnectedParticipantHasNoTracks() throws Exception {
        SignalResponse msg = update(participant("alice", info("DTR_a1", 1, "one"))
                .setState(ParticipantInfo.State.DISCONNECTED));

        assertThat(participantUpdate(msg).publishers())
                .containsExactly(new RemoteInput.PublisherTracks("alice", List.of(), "PA_alice", true));
    }

    @Test
    void invalidTrackInfoIsSkippedAndTheRestKept() throws Exception {
        DataTrackInfo good = info("DTR_ok", 2, "good");
        ParticipantInfo.Builder alice = participant("alice")
                .addDataTracks(LivekitModels.DataTrackInfo.newBuilder().setPubHandle(1).setSid("TR_bad").setName("x"))
                .addDataTracks(DataTrackProto.toProto(good))
                .addDataTracks(LivekitModels.DataTrackInfo.newBuilder().setPubHandle(0).setSid("DTR_zero"))
                .addDataTracks(DataTrackProto.toProto(info("DTR_enc", 3, "enc")).toBuilder()
                        .setEncryption(LivekitModels.Encryption.Type.CUSTOM));
        DataTrackInfo bobs = info("DTR_b", 1, "b");

        assertThat(participantUpdate(update(alice, participant("bob", bobs))).publishers()).containsExactly(
                new RemoteInput.PublisherTracks("alice", List.of(good), "PA_alice", false),
                new RemoteInput.PublisherTracks("bob", List.of(bobs), "PA_bob", false));
    }

    @Test
    void repeatedIdentityKeepsTheLastEntry() throws Exception {
        DataTrackInfo republished = info("DTR_new", 1, "one");
        SignalResponse msg = update(
                participant("alice", info("DTR_old", 1, "one")),
                participant("bob"),
                participant("alice", republished));

        assertThat(participantUpdate(msg).publishers()).containsExactly(
                new RemoteInput.PublisherTracks("bob", List.of(), "PA_bob", false),
                new RemoteInput.PublisherTracks("alice", List.of(republished), "PA_alice", false));
    }

    // ---- subscriber handles ---------------------------------------------------------------

    @Test
    void subscriberHandlesBecomeAHandleMap() throws Exception {
        SignalResponse msg = handles(Map.of(1, "DTR_a", 65535, "DTR_b", 300, "DTR_c"));

        assertThat(RemoteProto.input(msg, LOCAL)).contains(new RemoteInput.SubscriberHandles(Map.of(
                1, DataTrackSid.of("DTR_a"),
                65535, DataTrackSid.of("DTR_b"),
                300, DataTrackSid.of("DTR_c"))));
    }

    @Test
    void emptyHandleMapIsKept() throws Exception {
        assertThat(RemoteProto.input(handles(Map.of()), LOCAL))
                .contains(new RemoteInput.SubscriberHandles(Map.of()));
    }

    @Test
    void anyInvalidHandleRejectsTheWholeMap() {
        assertThatThrownBy(() -> RemoteProto.input(handles(Map.of(1, "DTR_a", 0, "DTR_b")), LOCAL))
                .isInstanceOf(ProtocolConversionException.class);
        assertThatThrownBy(() -> RemoteProto.input(handles(Map.of(1, "DTR_a", 65536, "DTR_b")), LOCAL))
                .isInstanceOf(ProtocolConversionException.class)
                .hasMessageContaining("65536");
        assertThatThrownBy(() -> RemoteProto.input(handles(Map.of(-1, "DTR_b")), LOCAL))
                .isInstanceOf(ProtocolConversionException.class)
                .hasMessageContaining("4294967295");
    }

    @Test
    void anyInvalidSidRejectsTheWholeMap() {
        assertThatThrownBy(() -> RemoteProto.input(handles(Map.of(1, "DTR_a", 2, "TR_b")), LOCAL))
                .isInstanceOf(ProtocolConversionException.class)
                .hasMessageContaining("TR_b");
        assertThatThrownBy(() -> RemoteProto.input(handles(Map.of(1, "")), LOCAL))
                .isInstanceOf(ProtocolConversionException.class);
    }

    @Test
    void otherMessagesAreNotForUs() throws Exception {
        assertThat(RemoteProto.input(SignalResponse.getDefaultInstance(), LOCAL)).isEmpty();
        assertThat(RemoteProto.input(SignalResponse.newBuilder().setPong(1).build(), LOCAL)).isEmpty();
        assertThat(RemoteProto.input(SignalResponse.newBuilder()
                        .setPublishDataTrackResponse(LivekitRtc.PublishDataTrackResponse.getDefaultInstance())
                        .build(), LOCAL))
                .isEmpty();
    }

    // ---- subscription requests ------------------------------------------------------------

    @Test
    void subscribeRequestCarriesOneUpdate() {
        LivekitRtc.SignalRequest msg =
                RemoteProto.request(new RemoteOutput.SfuUpdateSubscription(DataTrackSid.of("DTR_a"), true));

        assertThat(msg.getMessageCase()).isEqualTo(LivekitRtc.SignalRequest.MessageCase.UPDATE_DATA_SUBSCRIPTION);
        assertThat(msg.getUpdateDataSubscription().getUpdatesList()).singleElement().satisfies(u -> {
            assertThat(u.getTrackSid()).isEqualTo("DTR_a");
            assertThat(u.getSubscribe()).isTrue();
            assertThat(u.hasOptions()).as("options left unset, as the JS and Rust clients do").isFalse();
        });
    }

    @Test
    void unsubscribeRequestCarriesOneUpdate() {
        LivekitRtc.SignalRequest msg =
                RemoteProto.request(new RemoteOutput.SfuUpdateSubscription(DataTrackSid.of("DTR_a"), false));

        assertThat(msg.getUpdateDataSubscription().getUpdatesList()).singleElement().satisfies(u -> {
            assertThat(u.getTrackSid()).isEqualTo("DTR_a");
            assertThat(u.getSubscribe()).isFalse();
            assertThat(u.hasOptions()).isFalse();
        });
    }

    @Test
    void subscribeRequestBytesAreMinimal() {
        byte[] bytes = RemoteProto.request(new RemoteOutput.SfuUpdateSubscription(DataTrackSid.of("DTR_a"), true))
                .toByteArray();

        // field 21 (update_data_subscription), len 11: field 1 (updates), len 9:
        //   field 1 (track_sid) "DTR_a", field 2 (subscribe) true
        assertThat(bytes).containsExactly(
                0xAA, 0x01, 11, 0x0A, 9, 0x0A, 5, 'D', 'T', 'R', '_', 'a', 0x10, 1);
    }
}
