package io.livekit.datatrack;

import java.util.Objects;

/**
 * How the frames of a typed track are encoded: a well-known encoding, an application-defined
 * {@linkplain #custom(String) custom} identifier, or {@link Kind#OTHER} for values this version does
 * not know.
 *
 * @param kind the encoding
 * @param customName the identifier for {@link Kind#CUSTOM}, else empty
 */
public record FrameEncoding(Kind kind, String customName) {

    /** Known frame encodings (protocol {@code WellKnownFrameEncoding}) plus CUSTOM and OTHER. */
    public enum Kind {
        /** ROS 1 serialization; needs a ROS1_MSG schema. */
        ROS1,
        /** OMG CDR (ROS 2); needs a ROS2_MSG, ROS2_IDL or OMG_IDL schema. */
        CDR,
        /** Protocol Buffers; needs a PROTOBUF schema. */
        PROTOBUF,
        /** FlatBuffers; needs a FLATBUFFER schema. */
        FLATBUFFER,
        /** CBOR; self-describing. */
        CBOR,
        /** MessagePack; self-describing. */
        MSGPACK,
        /** JSON; self-describing, optionally with a JSON_SCHEMA schema. */
        JSON,
        /** An application-defined identifier. */
        CUSTOM,
        /** Unspecified or unknown to this version. */
        OTHER
    }

    public static final FrameEncoding ROS1 = new FrameEncoding(Kind.ROS1, "");
    public static final FrameEncoding CDR = new FrameEncoding(Kind.CDR, "");
    public static final FrameEncoding PROTOBUF = new FrameEncoding(Kind.PROTOBUF, "");
    public static final FrameEncoding FLATBUFFER = new FrameEncoding(Kind.FLATBUFFER, "");
    public static final FrameEncoding CBOR = new FrameEncoding(Kind.CBOR, "");
    public static final FrameEncoding MSGPACK = new FrameEncoding(Kind.MSGPACK, "");
    public static final FrameEncoding JSON = new FrameEncoding(Kind.JSON, "");
    public static final FrameEncoding OTHER = new FrameEncoding(Kind.OTHER, "");

    /** Checks that only CUSTOM carries a name. */
    public FrameEncoding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(customName, "customName");
        if ((kind == Kind.CUSTOM) == customName.isEmpty()) {
            throw new IllegalArgumentException("a custom encoding needs a name, other kinds none");
        }
    }

    /** An application-defined encoding identifier (the server accepts 1..32 bytes). */
    public static FrameEncoding custom(String name) {
        return new FrameEncoding(Kind.CUSTOM, name);
    }

    /** True if frames of this encoding can be read without a schema. */
    public boolean isSelfDescribing() {
        return switch (kind) {
            case ROS1, CDR, PROTOBUF, FLATBUFFER -> false;
            default -> true;
        };
    }
}
