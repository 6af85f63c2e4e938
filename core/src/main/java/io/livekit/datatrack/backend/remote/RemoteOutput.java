package io.livekit.datatrack.backend.remote;

import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.RemoteDataTrack;
import java.util.Objects;

/**
 * What the {@link RemoteManager} asks of the session: subscription requests, and notices for the
 * application. Delivered on the manager's executor; the consumer must not block.
 */
public sealed interface RemoteOutput {

    /** Send {@code UpdateDataSubscription} for one track. */
    record SfuUpdateSubscription(DataTrackSid sid, boolean subscribe) implements RemoteOutput {
        public SfuUpdateSubscription {
            Objects.requireNonNull(sid, "sid");
        }
    }

    /** A remote participant published a data track. */
    record TrackPublished(RemoteDataTrack track) implements RemoteOutput {}

    /** A remote data track went away (unpublished, publisher left, or local shutdown). */
    record TrackUnpublished(RemoteDataTrack track) implements RemoteOutput {}
}
