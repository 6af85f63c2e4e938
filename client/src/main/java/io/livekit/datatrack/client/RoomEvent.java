package io.livekit.datatrack.client;

import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.RemoteDataTrack;
import java.util.Objects;

/** Something that happened in a {@link Room}. Delivered to {@link RoomListener}s in order. */
public sealed interface RoomEvent {

    /** A remote participant joined (or was already there when this room connected). */
    record ParticipantJoined(RemoteParticipant participant) implements RoomEvent {}

    /** A remote participant left. */
    record ParticipantLeft(RemoteParticipant participant) implements RoomEvent {}

    /** A remote participant published a data track; subscribe with {@link RemoteDataTrack#subscribe()}. */
    record DataTrackPublished(RemoteDataTrack track) implements RoomEvent {}

    /** A remote data track went away (unpublished, its publisher left, or this room closed). */
    record DataTrackUnpublished(RemoteDataTrack track) implements RoomEvent {}

    /**
     * One of this participant's data tracks stopped being published without the application asking
     * (the server removed it, or its republication after a full reconnect failed).
     */
    record LocalDataTrackUnpublished(LocalDataTrack track) implements RoomEvent {}

    /**
     * An ordinary data packet ({@code _reliable} / {@code _lossy}) with a user payload arrived.
     *
     * @param payload the payload (the array belongs to the receiver)
     * @param participantIdentity the sender's identity (empty if the sender is hidden)
     * @param topic the topic, empty if none
     * @param reliable true if it came on the reliable channel
     */
    record DataReceived(byte[] payload, String participantIdentity, String topic, boolean reliable)
            implements RoomEvent {
        public DataReceived {
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(participantIdentity, "participantIdentity");
            Objects.requireNonNull(topic, "topic");
        }
    }

    /**
     * The connection was lost and is being re-established.
     *
     * @param fullReconnect false for a resume of the same session, true for a new session
     */
    record Reconnecting(boolean fullReconnect) implements RoomEvent {}

    /**
     * The connection is back.
     *
     * @param fullReconnect true if a new session was started (local tracks got new SIDs)
     */
    record Reconnected(boolean fullReconnect) implements RoomEvent {}

    /** The room is closed for good (the last event). */
    record Disconnected(DisconnectReason reason) implements RoomEvent {
        public Disconnected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
