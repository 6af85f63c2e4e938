package io.livekit.datatrack.internal;

import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.FrameEncoding;
import io.livekit.datatrack.PublishException.SchemaProblem;
import io.livekit.datatrack.SchemaEncoding;
import io.livekit.datatrack.SchemaId;
import java.util.Optional;

/**
 * Client-side check of a typed track's frame encoding and schema before anything is sent: a schema
 * needs a frame encoding; encodings that are not self-describing need a schema; and the schema
 * language must be able to describe the encoding. Custom and unknown values are never refused.
 */
public final class TypedTrackRules {
    private TypedTrackRules() {}

    /** The problem with {@code options}, if any. */
    public static Optional<SchemaProblem> check(DataTrackOptions options) {
        Optional<FrameEncoding> encoding = options.frameEncoding();
        Optional<SchemaId> schema = options.schema();
        if (schema.isPresent() && encoding.isEmpty()) {
            return Optional.of(SchemaProblem.MISSING_FRAME_ENCODING);
        }
        if (encoding.isEmpty()) {
            return Optional.empty();
        }
        if (schema.isEmpty()) {
            return encoding.get().isSelfDescribing()
                    ? Optional.empty()
                    : Optional.of(SchemaProblem.MISSING_SCHEMA_ID);
        }
        return compatible(encoding.get(), schema.get().encoding())
                ? Optional.empty()
                : Optional.of(SchemaProblem.INCOMPATIBLE);
    }

    private static boolean compatible(FrameEncoding frame, SchemaEncoding schema) {
        if (isOpen(frame.kind()) || schema.kind() == SchemaEncoding.Kind.CUSTOM
                || schema.kind() == SchemaEncoding.Kind.OTHER) {
            return true;
        }
        switch (frame.kind()) {
            case ROS1:
                return schema.kind() == SchemaEncoding.Kind.ROS1_MSG;
            case CDR:
                return schema.kind() == SchemaEncoding.Kind.ROS2_MSG
                        || schema.kind() == SchemaEncoding.Kind.ROS2_IDL
                        || schema.kind() == SchemaEncoding.Kind.OMG_IDL;
            case PROTOBUF:
                return schema.kind() == SchemaEncoding.Kind.PROTOBUF;
            case FLATBUFFER:
                return schema.kind() == SchemaEncoding.Kind.FLATBUFFER;
            case JSON:
                return schema.kind() == SchemaEncoding.Kind.JSON_SCHEMA;
            default: // CBOR, MSGPACK: no schema language describes them
                return false;
        }
    }

    private static boolean isOpen(FrameEncoding.Kind kind) {
        return kind == FrameEncoding.Kind.CUSTOM || kind == FrameEncoding.Kind.OTHER;
    }
}
