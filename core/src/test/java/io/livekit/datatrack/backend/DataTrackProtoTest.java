package io.livekit.datatrack.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.FrameEncoding;
import io.livekit.datatrack.SchemaEncoding;
import io.livekit.datatrack.SchemaId;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackFrameEncoding;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackSchemaEncoding;
import io.livekit.datatrack.protocol.LivekitModels.Encryption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Track info and encoding conversions in both directions, and the refusal of unusable infos. */
class DataTrackProtoTest {

    private static LivekitModels.DataTrackInfo.Builder wireInfo() {
        return LivekitModels.DataTrackInfo.newBuilder().setPubHandle(1).setSid("DTR_abcdefghijkm").setName("t");
    }

    @Test
    void plainInfoRoundTripsWithoutOptionalFields() throws Exception {
        DataTrackInfo info = DataTrackInfo.builder(DataTrackSid.of("DTR_abcdefghijkm"), 7, "sensor").build();

        LivekitModels.DataTrackInfo proto = DataTrackProto.toProto(info);

        assertThat(proto.getPubHandle()).isEqualTo(7);
        assertThat(proto.getSid()).isEqualTo("DTR_abcdefghijkm");
        assertThat(proto.getName()).isEqualTo("sensor");
        assertThat(proto.getEncryption()).isEqualTo(Encryption.Type.NONE);
        assertThat(proto.hasFrameEncoding()).isFalse();
        assertThat(proto.hasSchema()).isFalse();
        DataTrackInfo back = DataTrackProto.toDomain(proto);
        assertThat(back).isEqualTo(info);
        assertThat(back.frameEncoding()).isEmpty();
        assertThat(back.schema()).isEmpty();
    }

    @Test
    void typedEncryptedInfoRoundTrips() throws Exception {
        DataTrackInfo info = DataTrackInfo.builder(DataTrackSid.of("DTR_Z"), 65535, "pose")
                .usesE2ee(true)
                .frameEncoding(FrameEncoding.CDR)
                .schema(SchemaId.of("geometry_msgs/Pose", SchemaEncoding.ROS2_MSG))
                .build();

        LivekitModels.DataTrackInfo proto = DataTrackProto.toProto(info);

        assertThat(proto.getEncryption()).isEqualTo(Encryption.Type.GCM);
        assertThat(proto.getFrameEncoding().getWellKnown())
                .isEqualTo(DataTrackFrameEncoding.WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_CDR);
        assertThat(proto.getSchema().getName()).isEqualTo("geometry_msgs/Pose");
        assertThat(proto.getSchema().getEncoding().getWellKnown())
                .isEqualTo(DataTrackSchemaEncoding.WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_ROS2_MSG);
        assertThat(DataTrackProto.toDomain(proto)).isEqualTo(info);
    }

    @Test
    void wireInfoRoundTripsThroughTheDomain() throws Exception {
        LivekitModels.DataTrackInfo proto = wireInfo()
                .setEncryption(Encryption.Type.GCM)
                .setFrameEncoding(DataTrackFrameEncoding.newBuilder().setCustom("my-enc"))
                .setSchema(LivekitModels.DataTrackSchemaId.newBuilder()
                        .setName("s")
                        .setEncoding(DataTrackSchemaEncoding.newBuilder().setCustom("my-schema")))
                .build();

        assertThat(DataTrackProto.toProto(DataTrackProto.toDomain(proto))).isEqualTo(proto);
    }

    @Test
    void handleLimitsAreAccepted() throws Exception {
        assertThat(DataTrackProto.toDomain(wireInfo().setPubHandle(1).build()).publisherHandle()).isEqualTo(1);
        assertThat(DataTrackProto.toDomain(wireInfo().setPubHandle(65535).build()).publisherHandle())
                .isEqualTo(65535);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65536, 1 << 20, -1})
    void invalidHandleIsRefused(int wireHandle) {
        assertThatThrownBy(() -> DataTrackProto.toDomain(wireInfo().setPubHandle(wireHandle).build()))
                .isInstanceOf(ProtocolConversionException.class)
                .hasMessageContaining("handle")
                .hasMessageContaining(Long.toString(Integer.toUnsignedLong(wireHandle)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "TR_abcdefghijkm", "dtr_abcdefghijkm", "DTR_", "PA_abc"})
    void sidWithoutPrefixIsRefused(String sid) {
        assertThatThrownBy(() -> DataTrackProto.toDomain(wireInfo().setSid(sid).build()))
                .isInstanceOf(ProtocolConversionException.class)
                .hasMessageContaining("'" + sid + "'")
                .hasMessageContaining("DTR_");
    }

    @Test
    void customEncryptionIsRefused() {
        assertThatThrownBy(() -> DataTrackProto.toDomain(wireInfo().setEncryption(Encryption.Type.CUSTOM).build()))
                .isInstanceOf(ProtocolConversionException.class)
                .hasMessageContaining("encryption")
                .hasMessageContaining("CUSTOM");
    }

    @Test
    void unknownEncryptionIsRefused() {
        assertThatThrownBy(() -> DataTrackProto.toDomain(wireInfo().setEncryptionValue(9).build()))
                .isInstanceOf(ProtocolConversionException.class)
                .hasMessageContaining("encryption");
    }

    @Test
    void encryptionFlagMapping() throws Exception {
        assertThat(DataTrackProto.toDomain(wireInfo().setEncryption(Encryption.Type.NONE).build()).usesE2ee())
                .isFalse();
        assertThat(DataTrackProto.toDomain(wireInfo().setEncryption(Encryption.Type.GCM).build()).usesE2ee())
                .isTrue();
        assertThat(DataTrackProto.encryption(true)).isEqualTo(Encryption.Type.GCM);
        assertThat(DataTrackProto.encryption(false)).isEqualTo(Encryption.Type.NONE);
    }

    // ---- frame encodings ------------------------------------------------------------------

    static Stream<Arguments> wellKnownFrameEncodings() {
        return Stream.of(
                Arguments.of(FrameEncoding.ROS1, 1),
                Arguments.of(FrameEncoding.CDR, 2),
                Arguments.of(FrameEncoding.PROTOBUF, 3),
                Arguments.of(FrameEncoding.FLATBUFFER, 4),
                Arguments.of(FrameEncoding.CBOR, 5),
                Arguments.of(FrameEncoding.MSGPACK, 6),
                Arguments.of(FrameEncoding.JSON, 7));
    }

    @ParameterizedTest
    @MethodSource("wellKnownFrameEncodings")
    void wellKnownFrameEncodingRoundTrips(FrameEncoding encoding, int wireNumber) {
        DataTrackFrameEncoding proto = DataTrackProto.toProto(encoding);

        assertThat(proto.getValueCase()).isEqualTo(DataTrackFrameEncoding.ValueCase.WELL_KNOWN);
        assertThat(proto.getWellKnownValue()).isEqualTo(wireNumber);
        assertThat(DataTrackProto.toDomain(proto)).isEqualTo(encoding);
    }

    @Test
    void everyFrameEncodingKindIsCovered() {
        assertThat(wellKnownFrameEncodings().map(a -> ((FrameEncoding) a.get()[0]).kind()))
                .hasSize(FrameEncoding.Kind.values().length - 2)
                .doesNotContain(FrameEncoding.Kind.CUSTOM, FrameEncoding.Kind.OTHER);
    }

    @Test
    void customFrameEncodingRoundTrips() {
        DataTrackFrameEncoding proto = DataTrackProto.toProto(FrameEncoding.custom("x-mine"));

        assertThat(proto.getValueCase()).isEqualTo(DataTrackFrameEncoding.ValueCase.CUSTOM);
        assertThat(proto.getCustom()).isEqualTo("x-mine");
        assertThat(DataTrackProto.toDomain(proto)).isEqualTo(FrameEncoding.custom("x-mine"));
    }

    @Test
    void otherFrameEncodingIsWrittenAsUnspecified() {
        DataTrackFrameEncoding proto = DataTrackProto.toProto(FrameEncoding.OTHER);

        assertThat(proto.getValueCase()).isEqualTo(DataTrackFrameEncoding.ValueCase.WELL_KNOWN);
        assertThat(proto.getWellKnown())
                .isEqualTo(DataTrackFrameEncoding.WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_UNSPECIFIED);
        assertThat(DataTrackProto.toDomain(proto)).isEqualTo(FrameEncoding.OTHER);
    }

    @Test
    void unknownFrameEncodingsReadAsOther() {
        assertThat(DataTrackProto.toDomain(DataTrackFrameEncoding.newBuilder().setWellKnownValue(99).build()))
                .isEqualTo(FrameEncoding.OTHER);
        assertThat(DataTrackProto.toDomain(DataTrackFrameEncoding.getDefaultInstance()))
                .isEqualTo(FrameEncoding.OTHER);
        assertThat(DataTrackProto.toDomain(DataTrackFrameEncoding.newBuilder().setCustom("").build()))
                .isEqualTo(FrameEncoding.OTHER);
    }

    @Test
    void infoWithUnknownFrameEncodingNumberIsStillUsable() throws Exception {
        LivekitModels.DataTrackInfo proto = wireInfo()
                .setFrameEncoding(DataTrackFrameEncoding.newBuilder().setWellKnownValue(42))
                .build();

        assertThat(DataTrackProto.toDomain(proto).frameEncoding()).contains(FrameEncoding.OTHER);
    }

    // ---- schema encodings and ids ---------------------------------------------------------

    static Stream<Arguments> wellKnownSchemaEncodings() {
        return Stream.of(
                Arguments.of(SchemaEncoding.PROTOBUF, 1),
                Arguments.of(SchemaEncoding.FLATBUFFER, 2),
                Arguments.of(SchemaEncoding.ROS1_MSG, 3),
                Arguments.of(SchemaEncoding.ROS2_MSG, 4),
                Arguments.of(SchemaEncoding.ROS2_IDL, 5),
                Arguments.of(SchemaEncoding.OMG_IDL, 6),
                Arguments.of(SchemaEncoding.JSON_SCHEMA, 7));
    }

    @ParameterizedTest
    @MethodSource("wellKnownSchemaEncodings")
    void wellKnownSchemaEncodingRoundTrips(SchemaEncoding encoding, int wireNumber) {
        DataTrackSchemaEncoding proto = DataTrackProto.toProto(encoding);

        assertThat(proto.getValueCase()).isEqualTo(DataTrackSchemaEncoding.ValueCase.WELL_KNOWN);
        assertThat(proto.getWellKnownValue()).isEqualTo(wireNumber);
        assertThat(DataTrackProto.toDomain(proto)).isEqualTo(encoding);
    }

    @Test
    void everySchemaEncodingKindIsCovered() {
        assertThat(wellKnownSchemaEncodings().map(a -> ((SchemaEncoding) a.get()[0]).kind()))
                .hasSize(SchemaEncoding.Kind.values().length - 2)
                .doesNotContain(SchemaEncoding.Kind.CUSTOM, SchemaEncoding.Kind.OTHER);
    }

    @Test
    void customSchemaEncodingRoundTrips() {
        DataTrackSchemaEncoding proto = DataTrackProto.toProto(SchemaEncoding.custom("capnp"));

        assertThat(proto.getValueCase()).isEqualTo(DataTrackSchemaEncoding.ValueCase.CUSTOM);
        assertThat(proto.getCustom()).isEqualTo("capnp");
        assertThat(DataTrackProto.toDomain(proto)).isEqualTo(SchemaEncoding.custom("capnp"));
    }

    @Test
    void otherSchemaEncodingIsWrittenAsUnspecified() {
        DataTrackSchemaEncoding proto = DataTrackProto.toProto(SchemaEncoding.OTHER);

        assertThat(proto.getValueCase()).isEqualTo(DataTrackSchemaEncoding.ValueCase.WELL_KNOWN);
        assertThat(proto.getWellKnown())
                .isEqualTo(DataTrackSchemaEncoding.WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_UNSPECIFIED);
        assertThat(DataTrackProto.toDomain(proto)).isEqualTo(SchemaEncoding.OTHER);
    }

    @Test
    void unknownSchemaEncodingsReadAsOther() {
        assertThat(DataTrackProto.toDomain(DataTrackSchemaEncoding.newBuilder().setWellKnownValue(99).build()))
                .isEqualTo(SchemaEncoding.OTHER);
        assertThat(DataTrackProto.toDomain(DataTrackSchemaEncoding.getDefaultInstance()))
                .isEqualTo(SchemaEncoding.OTHER);
        assertThat(DataTrackProto.toDomain(DataTrackSchemaEncoding.newBuilder().setCustom("").build()))
                .isEqualTo(SchemaEncoding.OTHER);
    }

    @Test
    void schemaIdRoundTrips() {
        SchemaId id = SchemaId.of("foo.Bar", SchemaEncoding.PROTOBUF);

        LivekitModels.DataTrackSchemaId proto = DataTrackProto.toProto(id);

        assertThat(proto.getName()).isEqualTo("foo.Bar");
        assertThat(proto.getEncoding().getWellKnownValue()).isEqualTo(1);
        assertThat(DataTrackProto.toDomain(proto)).isEqualTo(id);
    }

    @Test
    void schemaIdWithoutEncodingReadsAsOther() {
        LivekitModels.DataTrackSchemaId proto = LivekitModels.DataTrackSchemaId.newBuilder().setName("n").build();

        assertThat(DataTrackProto.toDomain(proto)).isEqualTo(SchemaId.of("n", SchemaEncoding.OTHER));
    }
}
