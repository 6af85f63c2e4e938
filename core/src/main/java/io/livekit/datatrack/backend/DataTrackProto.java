package io.livekit.datatrack.backend;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.FrameEncoding;
import io.livekit.datatrack.SchemaEncoding;
import io.livekit.datatrack.SchemaId;
import io.livekit.datatrack.packet.Handles;
import io.livekit.datatrack.packet.InvalidHandleException;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackFrameEncoding.WellKnownFrameEncoding;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackSchemaEncoding.WellKnownSchemaEncoding;
import io.livekit.datatrack.protocol.LivekitModels.Encryption;

/**
 * Converts data track descriptions between the protocol messages and the domain types:
 * {@code DataTrackInfo}, frame encodings, schema ids and schema encodings. Together with the
 * {@code *Proto} classes of the local and remote backends this is the only code that touches
 * protobuf.
 *
 * <p>Encodings follow the Rust client: a well-known enum value maps to the kind of the same name, a
 * {@code custom} string to {@code custom(name)}, and {@code UNSPECIFIED}, an enum number this
 * version does not know or an unset oneof to {@code OTHER}; {@code OTHER} is written as
 * {@code UNSPECIFIED}. An empty {@code custom} string (which the server refuses to accept in a
 * publish request) cannot be represented by the domain types and is read as {@code OTHER}.
 */
public final class DataTrackProto {
    private DataTrackProto() {}

    /**
     * Reads a track description from the server.
     *
     * @throws ProtocolConversionException if the SID lacks the {@code DTR_} prefix, the handle is 0
     *     or above 65535, or the encryption is {@code CUSTOM} or unknown (only {@code NONE} and
     *     {@code GCM} are usable)
     */
    public static DataTrackInfo toDomain(LivekitModels.DataTrackInfo info) throws ProtocolConversionException {
        String what = "data track info (sid '" + info.getSid() + "', name '" + info.getName() + "')";
        DataTrackInfo.Builder b = DataTrackInfo.builder(
                        sid(info.getSid(), what), handle(info.getPubHandle(), what), info.getName())
                .usesE2ee(usesE2ee(info.getEncryption(), what));
        if (info.hasFrameEncoding()) {
            b.frameEncoding(toDomain(info.getFrameEncoding()));
        }
        if (info.hasSchema()) {
            b.schema(toDomain(info.getSchema()));
        }
        return b.build();
    }

    /** Writes a track description; encryption is {@code GCM} iff the track uses E2EE, else {@code NONE}. */
    public static LivekitModels.DataTrackInfo toProto(DataTrackInfo info) {
        LivekitModels.DataTrackInfo.Builder b = LivekitModels.DataTrackInfo.newBuilder()
                .setPubHandle(info.publisherHandle())
                .setSid(info.sid().value())
                .setName(info.name())
                .setEncryption(encryption(info.usesE2ee()));
        info.frameEncoding().ifPresent(e -> b.setFrameEncoding(toProto(e)));
        info.schema().ifPresent(s -> b.setSchema(toProto(s)));
        return b.build();
    }

    /** The protocol encryption type for a track that does ({@code GCM}) or does not ({@code NONE}) use E2EE. */
    public static Encryption.Type encryption(boolean usesE2ee) {
        return usesE2ee ? Encryption.Type.GCM : Encryption.Type.NONE;
    }

    /**
     * Reads a protocol {@code uint32} handle (passed as the Java {@code int} protobuf returns, read
     * as unsigned).
     *
     * @param what names the message for the error text
     * @throws ProtocolConversionException for 0 or a value above 65535
     */
    public static int handle(int wireValue, String what) throws ProtocolConversionException {
        try {
            return Handles.fromWire(Integer.toUnsignedLong(wireValue));
        } catch (InvalidHandleException e) {
            throw new ProtocolConversionException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a data track SID.
     *
     * @param what names the message for the error text
     * @throws ProtocolConversionException without the {@code DTR_} prefix (or with nothing after it)
     */
    public static DataTrackSid sid(String value, String what) throws ProtocolConversionException {
        if (!value.startsWith(DataTrackSid.PREFIX) || value.length() == DataTrackSid.PREFIX.length()) {
            throw new ProtocolConversionException(
                    what + ": track SID '" + value + "' does not start with " + DataTrackSid.PREFIX);
        }
        return DataTrackSid.of(value);
    }

    private static boolean usesE2ee(Encryption.Type type, String what) throws ProtocolConversionException {
        return switch (type) {
            case NONE -> false;
            case GCM -> true;
            case CUSTOM, UNRECOGNIZED -> throw new ProtocolConversionException(
                    what + ": unsupported encryption type " + describe(type));
        };
    }

    private static String describe(Encryption.Type type) {
        return type == Encryption.Type.UNRECOGNIZED ? "(unknown number)" : type.name();
    }

    /** Reads a frame encoding; see the class description for unknown values. */
    public static FrameEncoding toDomain(LivekitModels.DataTrackFrameEncoding encoding) {
        return switch (encoding.getValueCase()) {
            case WELL_KNOWN -> switch (encoding.getWellKnown()) {
                case WELL_KNOWN_FRAME_ENCODING_ROS1 -> FrameEncoding.ROS1;
                case WELL_KNOWN_FRAME_ENCODING_CDR -> FrameEncoding.CDR;
                case WELL_KNOWN_FRAME_ENCODING_PROTOBUF -> FrameEncoding.PROTOBUF;
                case WELL_KNOWN_FRAME_ENCODING_FLATBUFFER -> FrameEncoding.FLATBUFFER;
                case WELL_KNOWN_FRAME_ENCODING_CBOR -> FrameEncoding.CBOR;
                case WELL_KNOWN_FRAME_ENCODING_MSGPACK -> FrameEncoding.MSGPACK;
                case WELL_KNOWN_FRAME_ENCODING_JSON -> FrameEncoding.JSON;
                case WELL_KNOWN_FRAME_ENCODING_UNSPECIFIED, UNRECOGNIZED -> FrameEncoding.OTHER;
            };
            case CUSTOM -> encoding.getCustom().isEmpty()
                    ? FrameEncoding.OTHER
                    : FrameEncoding.custom(encoding.getCustom());
            case VALUE_NOT_SET -> FrameEncoding.OTHER;
        };
    }

    /** Writes a frame encoding; {@code OTHER} becomes {@code UNSPECIFIED}. */
    public static LivekitModels.DataTrackFrameEncoding toProto(FrameEncoding encoding) {
        LivekitModels.DataTrackFrameEncoding.Builder b = LivekitModels.DataTrackFrameEncoding.newBuilder();
        return switch (encoding.kind()) {
            case ROS1 -> b.setWellKnown(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_ROS1).build();
            case CDR -> b.setWellKnown(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_CDR).build();
            case PROTOBUF -> b.setWellKnown(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_PROTOBUF).build();
            case FLATBUFFER -> b.setWellKnown(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_FLATBUFFER).build();
            case CBOR -> b.setWellKnown(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_CBOR).build();
            case MSGPACK -> b.setWellKnown(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_MSGPACK).build();
            case JSON -> b.setWellKnown(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_JSON).build();
            case CUSTOM -> b.setCustom(encoding.customName()).build();
            case OTHER -> b.setWellKnown(WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_UNSPECIFIED).build();
        };
    }

    /** Reads a schema encoding; see the class description for unknown values. */
    public static SchemaEncoding toDomain(LivekitModels.DataTrackSchemaEncoding encoding) {
        return switch (encoding.getValueCase()) {
            case WELL_KNOWN -> switch (encoding.getWellKnown()) {
                case WELL_KNOWN_SCHEMA_ENCODING_PROTOBUF -> SchemaEncoding.PROTOBUF;
                case WELL_KNOWN_SCHEMA_ENCODING_FLATBUFFER -> SchemaEncoding.FLATBUFFER;
                case WELL_KNOWN_SCHEMA_ENCODING_ROS1_MSG -> SchemaEncoding.ROS1_MSG;
                case WELL_KNOWN_SCHEMA_ENCODING_ROS2_MSG -> SchemaEncoding.ROS2_MSG;
                case WELL_KNOWN_SCHEMA_ENCODING_ROS2_IDL -> SchemaEncoding.ROS2_IDL;
                case WELL_KNOWN_SCHEMA_ENCODING_OMG_IDL -> SchemaEncoding.OMG_IDL;
                case WELL_KNOWN_SCHEMA_ENCODING_JSON_SCHEMA -> SchemaEncoding.JSON_SCHEMA;
                case WELL_KNOWN_SCHEMA_ENCODING_UNSPECIFIED, UNRECOGNIZED -> SchemaEncoding.OTHER;
            };
            case CUSTOM -> encoding.getCustom().isEmpty()
                    ? SchemaEncoding.OTHER
                    : SchemaEncoding.custom(encoding.getCustom());
            case VALUE_NOT_SET -> SchemaEncoding.OTHER;
        };
    }

    /** Writes a schema encoding; {@code OTHER} becomes {@code UNSPECIFIED}. */
    public static LivekitModels.DataTrackSchemaEncoding toProto(SchemaEncoding encoding) {
        LivekitModels.DataTrackSchemaEncoding.Builder b = LivekitModels.DataTrackSchemaEncoding.newBuilder();
        return switch (encoding.kind()) {
            case PROTOBUF -> b.setWellKnown(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_PROTOBUF).build();
            case FLATBUFFER -> b.setWellKnown(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_FLATBUFFER).build();
            case ROS1_MSG -> b.setWellKnown(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_ROS1_MSG).build();
            case ROS2_MSG -> b.setWellKnown(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_ROS2_MSG).build();
            case ROS2_IDL -> b.setWellKnown(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_ROS2_IDL).build();
            case OMG_IDL -> b.setWellKnown(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_OMG_IDL).build();
            case JSON_SCHEMA -> b.setWellKnown(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_JSON_SCHEMA).build();
            case CUSTOM -> b.setCustom(encoding.customName()).build();
            case OTHER -> b.setWellKnown(WellKnownSchemaEncoding.WELL_KNOWN_SCHEMA_ENCODING_UNSPECIFIED).build();
        };
    }

    /** Reads a schema id; a missing encoding reads as {@code OTHER}. */
    public static SchemaId toDomain(LivekitModels.DataTrackSchemaId schema) {
        SchemaEncoding encoding = schema.hasEncoding() ? toDomain(schema.getEncoding()) : SchemaEncoding.OTHER;
        return SchemaId.of(schema.getName(), encoding);
    }

    /** Writes a schema id. */
    public static LivekitModels.DataTrackSchemaId toProto(SchemaId schema) {
        return LivekitModels.DataTrackSchemaId.newBuilder()
                .setName(schema.name())
                .setEncoding(toProto(schema.encoding()))
                .build();
    }
}
