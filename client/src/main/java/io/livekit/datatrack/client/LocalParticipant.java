package io.livekit.datatrack.client;

import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.SchemaId;
import io.livekit.datatrack.client.internal.RoomSession;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** This client's participant in a {@link Room}: publishes data tracks and data packets. Thread-safe. */
public final class LocalParticipant {
    private final RoomSession session;

    LocalParticipant(RoomSession session) {
        this.session = session;
    }

    /** The identity (from the token). */
    public String identity() {
        return session.localIdentity();
    }

    /** The current session id ({@code PA_…}); changes after a full reconnect. */
    public String sid() {
        return session.localSid();
    }

    /**
     * Publishes a data track. Completes with the track once the server accepted it; fails with
     * {@link io.livekit.datatrack.PublishException} ({@code NOT_ALLOWED} without
     * {@code canPublishData}, {@code DUPLICATE_NAME}, {@code TIMEOUT} after 10 s, …). With E2EE
     * configured the track is encrypted. The track survives reconnects (after a full reconnect it is
     * republished with the same handle and gets a new SID).
     */
    public CompletableFuture<LocalDataTrack> publishDataTrack(DataTrackOptions options) {
        return session.publishDataTrack(options);
    }

    /**
     * Stores the definition of a schema on the server, so subscribers of typed tracks that name
     * {@code id} (see {@link io.livekit.datatrack.DataTrackOptions}) can fetch it with
     * {@link #getSchema}. The definition is kept as a data blob owned by this participant; storing
     * the same id again replaces it. Definitions are stored again automatically after a full
     * reconnect (a new server session).
     *
     * @param id the schema's name (1..256 characters) and language
     * @param definition the schema text or bytes (1..64000 bytes; servers may allow less in total)
     * @return completes when the server stored it; fails with {@link SchemaException}
     *     ({@code NOT_ALLOWED}, {@code LIMIT_EXCEEDED}, {@code TIMEOUT} after 5 s, …)
     * @throws IllegalArgumentException for an empty name, or an empty or oversized definition
     */
    public CompletableFuture<Void> defineSchema(SchemaId id, byte[] definition) {
        return session.defineSchema(id, definition);
    }

    /**
     * Fetches a schema definition that {@code ownerIdentity} stored with {@link #defineSchema}.
     * For a typed remote track: {@code getSchema(track.publisherIdentity(), track.info().schema().get())}.
     *
     * @return the definition; fails with {@link SchemaException} ({@code NOT_FOUND} when the owner
     *     has not defined it or has left, {@code TIMEOUT} after 5 s, …)
     */
    public CompletableFuture<byte[]> getSchema(String ownerIdentity, SchemaId id) {
        return session.getSchema(ownerIdentity, id);
    }

    /**
     * Sends an ordinary data packet ({@code UserPacket}) on the {@code _reliable} or {@code _lossy}
     * channel. Reliable packets carry a sequence number starting at 1.
     *
     * @param payload the payload; the whole packet must fit in 64000 bytes
     * @param reliable true for {@code _reliable}, false for {@code _lossy}
     * @param topic the topic, or null/empty for none
     * @param destinationIdentities recipients, or empty for everyone
     * @return completes when handed to the channel; fails with {@link IllegalStateException} when
     *     not connected, {@link IllegalArgumentException} when too large
     */
    public CompletableFuture<Void> publishData(
            byte[] payload, boolean reliable, String topic, List<String> destinationIdentities) {
        return session.publishData(payload, reliable, topic, destinationIdentities);
    }

    @Override
    public String toString() {
        return "LocalParticipant[" + identity() + ", " + sid() + "]";
    }
}
