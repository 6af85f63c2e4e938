package io.livekit.datatrack.backend.local;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.PublishException;
import java.util.Objects;

/**
 * What the session tells the {@link LocalManager}: signaling responses about publications and
 * session-level changes. {@link LocalProto} turns signaling messages into these.
 */
public sealed interface LocalInput {

    /** The server accepted a publication (or a republication) and assigned its SID. */
    record SfuPublishResponse(DataTrackInfo info) implements LocalInput {
        public SfuPublishResponse {
            Objects.requireNonNull(info, "info");
        }
    }

    /** The server refused the publish request for {@code handle}. */
    record SfuPublishFailed(int handle, PublishException.Reason reason, String message) implements LocalInput {
        public SfuPublishFailed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The server removed the publication of {@code handle} (answer to ours, or its own decision). */
    record SfuUnpublishResponse(int handle) implements LocalInput {}

    /**
     * The session was re-established from scratch (full reconnect): pending publications fail and
     * every active one is published again with the same handle.
     */
    record RepublishTracks() implements LocalInput {}

    /** The session ended: pending publications fail, active tracks become unpublished. */
    record Shutdown() implements LocalInput {}
}
