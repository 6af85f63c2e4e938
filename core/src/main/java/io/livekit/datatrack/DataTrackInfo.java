package io.livekit.datatrack;

import java.util.Objects;
import java.util.Optional;

/**
 * What the server says about a data track publication. Immutable.
 *
 * <p>The SID is server assigned and changes when the publisher fully reconnects; the publisher's
 * identity, the {@linkplain #publisherHandle() handle} and the name stay the same.
 */
public final class DataTrackInfo {
    private final DataTrackSid sid;
    private final int publisherHandle;
    private final String name;
    private final boolean usesE2ee;
    private final FrameEncoding frameEncoding;
    private final SchemaId schema;

    private DataTrackInfo(Builder b) {
        this.sid = Objects.requireNonNull(b.sid, "sid");
        this.publisherHandle = b.publisherHandle;
        this.name = Objects.requireNonNull(b.name, "name");
        this.usesE2ee = b.usesE2ee;
        this.frameEncoding = b.frameEncoding;
        this.schema = b.schema;
        if (publisherHandle < 1 || publisherHandle > 0xFFFF) {
            throw new IllegalArgumentException("publisher handle must be 1..65535: " + publisherHandle);
        }
    }

    /** A builder for an info with the given SID, handle and name. */
    public static Builder builder(DataTrackSid sid, int publisherHandle, String name) {
        return new Builder(sid, publisherHandle, name);
    }

    /** The server-assigned SID. */
    public DataTrackSid sid() {
        return sid;
    }

    /** The handle the publisher chose (1..65535); packets from the publisher carry it. */
    public int publisherHandle() {
        return publisherHandle;
    }

    /** The track name, unique among the publisher's tracks. */
    public String name() {
        return name;
    }

    /** True if frames are end-to-end encrypted (AES-GCM). */
    public boolean usesE2ee() {
        return usesE2ee;
    }

    /** The frame encoding of a typed track. */
    public Optional<FrameEncoding> frameEncoding() {
        return Optional.ofNullable(frameEncoding);
    }

    /** The schema of a typed track. */
    public Optional<SchemaId> schema() {
        return Optional.ofNullable(schema);
    }

    /** A copy with another SID (after a republish). */
    public DataTrackInfo withSid(DataTrackSid newSid) {
        return toBuilder().sid(newSid).build();
    }

    /** A builder initialised from this info. */
    public Builder toBuilder() {
        return new Builder(sid, publisherHandle, name)
                .usesE2ee(usesE2ee)
                .frameEncoding(frameEncoding)
                .schema(schema);
    }

    /**
     * True if {@code other} describes the same publication apart from the SID (same handle, name,
     * encryption, frame encoding and schema): the rule for recognising a republished track.
     */
    public boolean samePublicationAs(DataTrackInfo other) {
        return publisherHandle == other.publisherHandle
                && name.equals(other.name)
                && usesE2ee == other.usesE2ee
                && Objects.equals(frameEncoding, other.frameEncoding)
                && Objects.equals(schema, other.schema);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataTrackInfo other && sid.equals(other.sid) && samePublicationAs(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sid, publisherHandle, name, usesE2ee, frameEncoding, schema);
    }

    @Override
    public String toString() {
        return "DataTrackInfo[sid=" + sid + ", handle=" + publisherHandle + ", name=" + name
                + ", e2ee=" + usesE2ee
                + (frameEncoding != null ? ", frameEncoding=" + frameEncoding : "")
                + (schema != null ? ", schema=" + schema : "") + "]";
    }

    /** Builds {@link DataTrackInfo} values. */
    public static final class Builder {
        private DataTrackSid sid;
        private final int publisherHandle;
        private final String name;
        private boolean usesE2ee;
        private FrameEncoding frameEncoding;
        private SchemaId schema;

        private Builder(DataTrackSid sid, int publisherHandle, String name) {
            this.sid = sid;
            this.publisherHandle = publisherHandle;
            this.name = name;
        }

        /** Sets the SID. */
        public Builder sid(DataTrackSid value) {
            this.sid = value;
            return this;
        }

        /** Marks the track as end-to-end encrypted. */
        public Builder usesE2ee(boolean value) {
            this.usesE2ee = value;
            return this;
        }

        /** Sets the frame encoding, or clears it with null. */
        public Builder frameEncoding(FrameEncoding value) {
            this.frameEncoding = value;
            return this;
        }

        /** Sets the schema, or clears it with null. */
        public Builder schema(SchemaId value) {
            this.schema = value;
            return this;
        }

        /** The info. */
        public DataTrackInfo build() {
            return new DataTrackInfo(this);
        }
    }
}
