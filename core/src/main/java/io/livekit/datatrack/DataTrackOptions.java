package io.livekit.datatrack;

import java.util.Objects;
import java.util.Optional;

/**
 * What to publish: a track name and, for typed tracks, a frame encoding and schema. Immutable;
 * {@code with…} methods return copies.
 *
 * <pre>{@code
 * DataTrackOptions.named("imu").withFrameEncoding(FrameEncoding.JSON)
 * }</pre>
 */
public final class DataTrackOptions {
    private final String name;
    private final FrameEncoding frameEncoding;
    private final SchemaId schema;

    private DataTrackOptions(String name, FrameEncoding frameEncoding, SchemaId schema) {
        this.name = Objects.requireNonNull(name, "name");
        this.frameEncoding = frameEncoding;
        this.schema = schema;
    }

    /**
     * Options for an untyped track called {@code name}. The server requires 1..256 UTF-8 bytes,
     * unique among this participant's tracks; it, not this method, enforces that.
     */
    public static DataTrackOptions named(String name) {
        return new DataTrackOptions(name, null, null);
    }

    /** A copy with the frame encoding set. */
    public DataTrackOptions withFrameEncoding(FrameEncoding encoding) {
        return new DataTrackOptions(name, Objects.requireNonNull(encoding, "encoding"), schema);
    }

    /** A copy with the schema set (requires a frame encoding too). */
    public DataTrackOptions withSchema(SchemaId schemaId) {
        return new DataTrackOptions(name, frameEncoding, Objects.requireNonNull(schemaId, "schemaId"));
    }

    /** The track name. */
    public String name() {
        return name;
    }

    /** The frame encoding, if typed. */
    public Optional<FrameEncoding> frameEncoding() {
        return Optional.ofNullable(frameEncoding);
    }

    /** The schema, if typed. */
    public Optional<SchemaId> schema() {
        return Optional.ofNullable(schema);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataTrackOptions other
                && name.equals(other.name)
                && Objects.equals(frameEncoding, other.frameEncoding)
                && Objects.equals(schema, other.schema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, frameEncoding, schema);
    }

    @Override
    public String toString() {
        return "DataTrackOptions[name=" + name + ", frameEncoding=" + frameEncoding + ", schema=" + schema + "]";
    }
}
