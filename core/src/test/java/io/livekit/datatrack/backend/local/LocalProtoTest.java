package io.livekit.datatrack.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.FrameEncoding;
import io.livekit.datatrack.PublishException;
import io.livekit.datatrack.SchemaEncoding;
import io.livekit.datatrack.SchemaId;
import io.livekit.datatrack.backend.DataTrackProto;
import io.livekit.datatrack.backend.ProtocolConversionException;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitModels.Encryption;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.RequestResponse;
import io.livekit.datatrack.protocol.LivekitRtc.SignalResponse;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Publish-side signaling: server responses to inputs, outputs to requests, resume state. */
class LocalProtoTest {
    private static final DataTrackInfo INFO = DataTrackInfo.builder(DataTrackSid.of("DTR_abcdefghijkm"), 3, "cam")
            .usesE2ee(true)
            .frameEncoding(FrameEncoding.PROTOBUF)
            .schema(SchemaId.of("pkg.Msg", SchemaEncoding.PROTOBUF))
            .build();

    private static SignalResponse publishFailure(RequestResponse.Builder response) {
        return SignalResponse.newBuilder().setRequestResponse(response).build();
    }

    private static RequestResponse.Builder failureFor(int handle) {
        return RequestResponse.newBuilder()
                .setPublishDataTrack(LivekitRtc.PublishDataTrackRequest.newBuilder().setPubHandle(handle).setName("cam"));
    }

    // ---- inputs ---------------------------------------------------------------------------

    @Test
    void publishResponseBecomesPublishResponse() throws Exception {
        SignalResponse msg = SignalResponse.newBuilder()
                .setPublishDataTrackResponse(
                        LivekitRtc.PublishDataTrackResponse.newBuilder().setInfo(DataTrackProto.toProto(INFO)))
                .build();

        assertThat(LocalProto.input(msg)).contains(new LocalInput.SfuPublishResponse(INFO));
    }

    @Test
    void publishResponseWithoutInfoIsRefused() {
        SignalResponse msg = SignalResponse.newBuilder()
                .setPublishDataTrackResponse(LivekitRtc.PublishDataTrackResponse.getDefaultInstance())
                .build();

        assertThatThrownBy(() -> LocalProto.input(msg))
                .isInstanceOf(ProtocolConversionException.class)
                .hasMessageContaining("without info");
    }

    @Test
    void publishResponseWithBadSidIsRefused() {
        SignalResponse msg = SignalResponse.newBuilder()
                .setPublishDataTrackResponse(LivekitRtc.PublishDataTrackResponse.newBuilder()
                        .setInfo(DataTrackProto.toProto(INFO).toBuilder().setSid("TR_abc")))
                .build();

        assertThatThrownBy(() -> LocalProto.input(msg))
                .isInstanceOf(ProtocolConversionException.class)
                .hasMessageContaining("TR_abc");
    }

    @Test
    void publishResponseWithCustomEncryptionIsRefused() {
        SignalResponse msg = SignalResponse.newBuilder()
                .setPublishDataTrackResponse(LivekitRtc.PublishDataTrackResponse.newBuilder()
                        .setInfo(DataTrackProto.toProto(INFO).toBuilder().setEncryption(Encryption.Type.CUSTOM)))
                .build();

        assertThatThrownBy(() -> LocalProto.input(msg)).isInstanceOf(ProtocolConversionException.class);
    }

    @Test
    void unpublishResponseBecomesUnpublishByHandle() throws Exception {
        SignalResponse msg = SignalResponse.newBuilder()
                .setUnpublishDataTrackResponse(
                        LivekitRtc.UnpublishDataTrackResponse.newBuilder().setInfo(DataTrackProto.toProto(INFO)))
                .build();

        assertThat(LocalProto.input(msg)).contains(new LocalInput.SfuUnpublishResponse(3));
    }

    @Test
    void unpublishResponseWithoutInfoOrWithBadHandleIsRefused() {
        SignalResponse noInfo = SignalResponse.newBuilder()
                .setUnpublishDataTrackResponse(LivekitRtc.UnpublishDataTrackResponse.getDefaultInstance())
                .build();
        SignalResponse badHandle = SignalResponse.newBuilder()
                .setUnpublishDataTrackResponse(LivekitRtc.UnpublishDataTrackResponse.newBuilder()
                        .setInfo(LivekitModels.DataTrackInfo.newBuilder().setPubHandle(70000).setSid("DTR_x")))
                .build();

        assertThatThrownBy(() -> LocalProto.input(noInfo)).isInstanceOf(ProtocolConversionException.class);
        assertThatThrownBy(() -> LocalProto.input(badHandle))
                .isInstanceOf(ProtocolConversionException.class)
                .hasMessageContaining("70000");
    }

    private static final Map<RequestResponse.Reason, PublishException.Reason> EXPECTED_REASONS =
            new EnumMap<>(Map.of(
                    RequestResponse.Reason.NOT_ALLOWED, PublishException.Reason.NOT_ALLOWED,
                    RequestResponse.Reason.DUPLICATE_NAME, PublishException.Reason.DUPLICATE_NAME,
                    RequestResponse.Reason.INVALID_NAME, PublishException.Reason.INVALID_NAME,
                    RequestResponse.Reason.LIMIT_EXCEEDED, PublishException.Reason.LIMIT_REACHED));

    @ParameterizedTest
    @EnumSource(value = RequestResponse.Reason.class, mode = EnumSource.Mode.EXCLUDE, names = "UNRECOGNIZED")
    void everyServerReasonMapsToAPublishFailure(RequestResponse.Reason serverReason) throws Exception {
        SignalResponse msg = publishFailure(failureFor(5).setReason(serverReason).setMessage("because"));

        Optional<LocalInput> input = LocalProto.input(msg);

        PublishException.Reason expected =
                EXPECTED_REASONS.getOrDefault(serverReason, PublishException.Reason.INTERNAL);
        assertThat(input).get().isInstanceOfSatisfying(LocalInput.SfuPublishFailed.class, failed -> {
            assertThat(failed.handle()).isEqualTo(5);
            assertThat(failed.reason()).isEqualTo(expected);
            assertThat(failed.message()).contains(serverReason.name()).contains("because");
        });
    }

    @Test
    void reasonTableCoversTheDocumentedMapping() {
        assertThat(Arrays.stream(RequestResponse.Reason.values())
                        .filter(r -> r != RequestResponse.Reason.UNRECOGNIZED)
                        .filter(r -> !EXPECTED_REASONS.containsKey(r)))
                .containsExactlyInAnyOrder(
                        RequestResponse.Reason.OK,
                        RequestResponse.Reason.NOT_FOUND,
                        RequestResponse.Reason.QUEUED,
                        RequestResponse.Reason.UNSUPPORTED_TYPE,
                        RequestResponse.Reason.UNCLASSIFIED_ERROR,
                        RequestResponse.Reason.INVALID_HANDLE,
                        RequestResponse.Reason.DUPLICATE_HANDLE,
                        RequestResponse.Reason.INVALID_REQUEST);
    }

    @Test
    void okForAPublishRequestIsAFailure() throws Exception {
        SignalResponse msg = publishFailure(failureFor(2).setReason(RequestResponse.Reason.OK));

        assertThat(LocalProto.input(msg))
                .contains(new LocalInput.SfuPublishFailed(2, PublishException.Reason.INTERNAL, "SFU rejected: OK"));
    }

    @Test
    void unknownReasonNumberIsInternalAndNamesTheNumber() throws Exception {
        SignalResponse msg = publishFailure(failureFor(9).setReasonValue(99).setMessage("new thing"));

        assertThat(LocalProto.input(msg)).contains(new LocalInput.SfuPublishFailed(
                9, PublishException.Reason.INTERNAL, "SFU rejected: reason 99: new thing"));
    }

    @Test
    void publishFailureWithInvalidHandleIsRefused() {
        SignalResponse zero = publishFailure(failureFor(0).setReason(RequestResponse.Reason.INVALID_HANDLE));
        SignalResponse large = publishFailure(failureFor(65536).setReason(RequestResponse.Reason.INVALID_HANDLE));

        assertThatThrownBy(() -> LocalProto.input(zero)).isInstanceOf(ProtocolConversionException.class);
        assertThatThrownBy(() -> LocalProto.input(large)).isInstanceOf(ProtocolConversionException.class);
    }

    @Test
    void unpublishFailureNeedsNothing() throws Exception {
        SignalResponse msg = publishFailure(RequestResponse.newBuilder()
                .setReason(RequestResponse.Reason.NOT_FOUND)
                .setUnpublishDataTrack(LivekitRtc.UnpublishDataTrackRequest.newBuilder().setPubHandle(4)));

        assertThat(LocalProto.input(msg)).isEmpty();
    }

    @Test
    void otherRequestResponsesAndMessagesAreNotForUs() throws Exception {
        SignalResponse metadataFailure = publishFailure(RequestResponse.newBuilder()
                .setReason(RequestResponse.Reason.NOT_ALLOWED)
                .setUpdateMetadata(LivekitRtc.UpdateParticipantMetadata.newBuilder().setRequestId(3)));
        SignalResponse withoutRequest =
                publishFailure(RequestResponse.newBuilder().setReason(RequestResponse.Reason.NOT_ALLOWED));

        assertThat(LocalProto.input(metadataFailure)).isEmpty();
        assertThat(LocalProto.input(withoutRequest)).isEmpty();
        assertThat(LocalProto.input(SignalResponse.newBuilder().setPong(5).build())).isEmpty();
        assertThat(LocalProto.input(SignalResponse.getDefaultInstance())).isEmpty();
        assertThat(LocalProto.input(SignalResponse.newBuilder()
                        .setDataTrackSubscriberHandles(LivekitRtc.DataTrackSubscriberHandles.getDefaultInstance())
                        .build()))
                .isEmpty();
    }

    // ---- outputs --------------------------------------------------------------------------

    @Test
    void plainPublishRequest() {
        LivekitRtc.SignalRequest msg = LocalProto.request(new LocalOutput.SfuPublishRequest(1, "chat", false, null, null));

        assertThat(msg.getMessageCase()).isEqualTo(LivekitRtc.SignalRequest.MessageCase.PUBLISH_DATA_TRACK_REQUEST);
        LivekitRtc.PublishDataTrackRequest r = msg.getPublishDataTrackRequest();
        assertThat(r.getPubHandle()).isEqualTo(1);
        assertThat(r.getName()).isEqualTo("chat");
        assertThat(r.getEncryption()).isEqualTo(Encryption.Type.NONE);
        assertThat(r.hasFrameEncoding()).isFalse();
        assertThat(r.hasSchema()).isFalse();
    }

    @Test
    void typedEncryptedPublishRequest() {
        LivekitRtc.SignalRequest msg = LocalProto.request(new LocalOutput.SfuPublishRequest(
                65535, "pose", true, FrameEncoding.custom("x"), SchemaId.of("P", SchemaEncoding.OTHER)));

        LivekitRtc.PublishDataTrackRequest r = msg.getPublishDataTrackRequest();
        assertThat(r.getPubHandle()).isEqualTo(65535);
        assertThat(r.getEncryption()).isEqualTo(Encryption.Type.GCM);
        assertThat(r.getFrameEncoding().getCustom()).isEqualTo("x");
        assertThat(r.getSchema().getName()).isEqualTo("P");
        assertThat(r.getSchema().getEncoding().getWellKnownValue()).isZero();
    }

    @Test
    void publishRequestEchoedByTheServerRoundTrips() throws Exception {
        LocalOutput.SfuPublishRequest request = new LocalOutput.SfuPublishRequest(
                3, "cam", true, FrameEncoding.PROTOBUF, SchemaId.of("pkg.Msg", SchemaEncoding.PROTOBUF));
        LivekitRtc.PublishDataTrackRequest r = LocalProto.request(request).getPublishDataTrackRequest();
        // what the SFU does: copy the request into an info and add the SID
        LivekitModels.DataTrackInfo echoed = LivekitModels.DataTrackInfo.newBuilder()
                .setPubHandle(r.getPubHandle())
                .setSid("DTR_abcdefghijkm")
                .setName(r.getName())
                .setEncryption(r.getEncryption())
                .setFrameEncoding(r.getFrameEncoding())
                .setSchema(r.getSchema())
                .build();

        assertThat(DataTrackProto.toDomain(echoed)).isEqualTo(INFO);
    }

    @Test
    void unpublishRequest() {
        LivekitRtc.SignalRequest msg = LocalProto.request(new LocalOutput.SfuUnpublishRequest(42));

        assertThat(msg.getMessageCase()).isEqualTo(LivekitRtc.SignalRequest.MessageCase.UNPUBLISH_DATA_TRACK_REQUEST);
        assertThat(msg.getUnpublishDataTrackRequest().getPubHandle()).isEqualTo(42);
    }

    @Test
    void syncStateListsEveryActiveTrack() throws Exception {
        DataTrackInfo plain = DataTrackInfo.builder(DataTrackSid.of("DTR_second"), 4, "plain").build();

        List<LivekitRtc.PublishDataTrackResponse> entries = LocalProto.syncState(List.of(INFO, plain));

        assertThat(entries).hasSize(2).allSatisfy(e -> assertThat(e.hasInfo()).isTrue());
        assertThat(entries.get(0).getInfo()).isEqualTo(DataTrackProto.toProto(INFO));
        assertThat(entries.get(0).getInfo().hasSchema()).isTrue();
        assertThat(DataTrackProto.toDomain(entries.get(1).getInfo())).isEqualTo(plain);
        LivekitRtc.SyncState state = LivekitRtc.SyncState.newBuilder().addAllPublishDataTracks(entries).build();
        assertThat(state.getPublishDataTracksList()).extracting(e -> e.getInfo().getSid())
                .containsExactly("DTR_abcdefghijkm", "DTR_second");
        assertThat(LocalProto.syncState(List.of())).isEmpty();
    }
}
