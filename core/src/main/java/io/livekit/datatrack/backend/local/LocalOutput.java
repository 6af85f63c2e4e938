package io.livekit.datatrack.backend.local;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.FrameEncoding;
import io.livekit.datatrack.SchemaId;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@link LocalManager} asks of the session: signaling requests, and notices for the
 * application. Delivered on the manager's executor; the consumer must not block.
 */
public sealed interface LocalOutput {

    /** Send {@code PublishDataTrackRequest}. */
    record SfuPublishRequest(int handle, String name, boolean usesE2ee, FrameEncoding frameEncoding, SchemaId schema)
            implements LocalOutput {
        public SfuPublishRequest {
            Objects.requireNonNull(name, "name");
        }

        /** The frame encoding of a typed track. */
        public Optional<FrameEncoding> frameEncodingIfAny() {
            return Optional.ofNullable(frameEncoding);
        }

        /** The schema of a typed track. */
        public Optional<SchemaId> schemaIfAny() {
            return Optional.ofNullable(schema);
        }
    }

    /** Send {@code UnpublishDataTrackRequest}. */
    record SfuUnpublishRequest(int handle) implements LocalOutput {}

    /**
     * A published track stopped being published for a reason other than the application's own
     * unpublish: the server removed it, or its republication failed.
     */
    record TrackUnpublished(DataTrackInfo info) implements LocalOutput {}
}
