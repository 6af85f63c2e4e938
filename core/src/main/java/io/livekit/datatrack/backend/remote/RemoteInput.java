package io.livekit.datatrack.backend.remote;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackSid;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the session tells the {@link RemoteManager}: who publishes which data tracks, the server's
 * subscriber handle map, and session-level changes. {@link RemoteProto} turns signaling messages
 * into these. (Packets do not travel as events: see {@link RemoteManager#onPacket}.)
 */
public sealed interface RemoteInput {

    /**
     * The current data tracks of each listed remote participant (from a join response or a
     * participant update). Participants not listed are unaffected; a listed participant with an
     * empty list (for example one that left) has no tracks any more. The local participant is never
     * listed.
     */
    record ParticipantUpdate(List<PublisherTracks> publishers) implements RemoteInput {
        public ParticipantUpdate {
            publishers = List.copyOf(publishers);
        }
    }

    /**
     * One participant's complete list of published data tracks.
     *
     * @param participantSid the SID of the participant's session ("" if unknown); a new SID for a
     *     known identity is a new session of that publisher (it reconnected from scratch), whose
     *     tracks may still be on their way back (republish)
     * @param departed the session left (participant state DISCONNECTED)
     */
    record PublisherTracks(String identity, List<DataTrackInfo> tracks, String participantSid, boolean departed) {
        public PublisherTracks {
            Objects.requireNonNull(identity, "identity");
            tracks = List.copyOf(tracks);
            participantSid = participantSid == null ? "" : participantSid;
        }

        /** A publisher whose session is unknown. */
        public PublisherTracks(String identity, List<DataTrackInfo> tracks) {
            this(identity, tracks, "", false);
        }
    }

    /** The server's complete subscriber handle map for this participant: handle → track SID. */
    record SubscriberHandles(Map<Integer, DataTrackSid> handles) implements RemoteInput {
        public SubscriberHandles {
            handles = Map.copyOf(handles);
        }
    }

    /**
     * The local session was re-established from scratch (full reconnect): ask the server again for
     * every pending or active subscription.
     */
    record ResendSubscriptions() implements RemoteInput {}

    /** The session ended: every track becomes unpublished, every subscription ends. */
    record Shutdown() implements RemoteInput {}
}
