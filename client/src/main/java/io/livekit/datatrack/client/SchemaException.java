package io.livekit.datatrack.client;

import java.util.Objects;

/**
 * Storing or fetching a schema definition failed. Schema definitions are kept by the server as
 * data blobs owned by the publishing participant (see {@link LocalParticipant#defineSchema}).
 */
public final class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the request failed. */
    public enum Reason {
        /** The owner has not defined this schema, or is not in the room. */
        NOT_FOUND,
        /** The server does not allow this participant to store blobs (no {@code canPublishData}, or blobs disabled on the server). */
        NOT_ALLOWED,
        /** The definition is too large, or the owner's blob storage is full. */
        LIMIT_EXCEEDED,
        /** The server refused the request as malformed (e.g. an empty definition or a custom encoding name over 32 bytes). */
        INVALID_REQUEST,
        /** No answer within 5 s; the server may not support data blobs. */
        TIMEOUT,
        /** The room is not connected or was closed before the answer arrived. */
        DISCONNECTED,
        /** Any other refusal; the message carries the server's reason. */
        INTERNAL
    }

    private final Reason reason;

    /** A failure for {@code reason} with a message. */
    public SchemaException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the request failed. */
    public Reason reason() {
        return reason;
    }
}
