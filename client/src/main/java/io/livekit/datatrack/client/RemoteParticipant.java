package io.livekit.datatrack.client;

import java.util.Objects;

/**
 * Another participant of the room, as the server last described it. Immutable snapshot.
 *
 * @param sid the session id ({@code PA_…}); changes when the participant fully reconnects
 * @param identity the identity from its token
 * @param name the display name, empty if none
 * @param metadata the metadata, empty if none
 */
public record RemoteParticipant(String sid, String identity, String name, String metadata) {
    public RemoteParticipant {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
    }
}
