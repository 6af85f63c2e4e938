package io.livekit.datatrack;

import java.util.Objects;

/**
 * The language a schema is written in: a well-known one, a {@linkplain #custom(String) custom}
 * identifier, or {@link Kind#OTHER} for values this version does not know.
 *
 * @param kind the schema language
 * @param customName the identifier for {@link Kind#CUSTOM}, else empty
 */
public record SchemaEncoding(Kind kind, String customName) {

    /** Known schema encodings (protocol {@code WellKnownSchemaEncoding}) plus CUSTOM and OTHER. */
    public enum Kind {
        /** Protocol Buffers descriptor. */
        PROTOBUF,
        /** FlatBuffers schema. */
        FLATBUFFER,
        /** ROS 1 message definition. */
        ROS1_MSG,
        /** ROS 2 message definition. */
        ROS2_MSG,
        /** ROS 2 IDL. */
        ROS2_IDL,
        /** OMG IDL. */
        OMG_IDL,
        /** JSON Schema. */
        JSON_SCHEMA,
        /** An application-defined identifier. */
        CUSTOM,
        /** Unspecified or unknown to this version. */
        OTHER
    }

    public static final SchemaEncoding PROTOBUF = new SchemaEncoding(Kind.PROTOBUF, "");
    public static final SchemaEncoding FLATBUFFER = new SchemaEncoding(Kind.FLATBUFFER, "");
    public static final SchemaEncoding ROS1_MSG = new SchemaEncoding(Kind.ROS1_MSG, "");
    public static final SchemaEncoding ROS2_MSG = new SchemaEncoding(Kind.ROS2_MSG, "");
    public static final SchemaEncoding ROS2_IDL = new SchemaEncoding(Kind.ROS2_IDL, "");
    public static final SchemaEncoding OMG_IDL = new SchemaEncoding(Kind.OMG_IDL, "");
    public static final SchemaEncoding JSON_SCHEMA = new SchemaEncoding(Kind.JSON_SCHEMA, "");
    public static final SchemaEncoding OTHER = new SchemaEncoding(Kind.OTHER, "");

    /** Checks that only CUSTOM carries a name. */
    public SchemaEncoding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(customName, "customName");
        if ((kind == Kind.CUSTOM) == customName.isEmpty()) {
            throw new IllegalArgumentException("a custom encoding needs a name, other kinds none");
        }
    }

    /** An application-defined schema language identifier (the server accepts 1..32 bytes). */
    public static SchemaEncoding custom(String name) {
        return new SchemaEncoding(Kind.CUSTOM, name);
    }
}
