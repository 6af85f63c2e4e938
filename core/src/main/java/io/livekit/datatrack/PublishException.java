package io.livekit.datatrack;

import java.util.Objects;
import java.util.Optional;

/** Publishing a data track failed. */
public final class PublishException extends DataTrackException {
    private static final long serialVersionUID = 1L;

    /** Why the publication failed. */
    public enum Reason {
        /** The participant may not publish data (no {@code canPublishData}), or the server has data tracks disabled. */
        NOT_ALLOWED,
        /** Another of this participant's tracks has the same name. */
        DUPLICATE_NAME,
        /** The server refused the name (empty or longer than 256 bytes). */
        INVALID_NAME,
        /** No answer from the server within the publish timeout (10 s); it may not support data tracks. */
        TIMEOUT,
        /** All 65535 publisher handles of this connection are used, or the server reports a limit. */
        LIMIT_REACHED,
        /** Not connected, the session was replaced by a full reconnect, or the room closed. */
        DISCONNECTED,
        /** The caller cancelled the returned future. */
        CANCELLED,
        /** Frame encoding and schema do not go together; no request was sent. See {@link #schemaProblem()}. */
        INVALID_SCHEMA,
        /** Any other refusal; the message carries the server's reason. */
        INTERNAL
    }

    /** What is wrong with a typed track's frame encoding and schema. */
    public enum SchemaProblem {
        /** A schema was given without a frame encoding. */
        MISSING_FRAME_ENCODING,
        /** The frame encoding is not self-describing and needs a schema. */
        MISSING_SCHEMA_ID,
        /** The schema language cannot describe frames of that encoding. */
        INCOMPATIBLE
    }

    private final Reason reason;
    private final SchemaProblem schemaProblem;

    /** A failure for {@code reason} with a message. */
    public PublishException(Reason reason, String message) {
        this(reason, null, message);
    }

    /** A local schema validation failure. */
    public PublishException(SchemaProblem problem) {
        this(Reason.INVALID_SCHEMA, Objects.requireNonNull(problem), "invalid schema: " + problem);
    }

    private PublishException(Reason reason, SchemaProblem problem, String message) {
        super(message, null, true);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.schemaProblem = problem;
    }

    /** Why the publication failed. */
    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#INVALID_SCHEMA}: the problem. */
    public Optional<SchemaProblem> schemaProblem() {
        return Optional.ofNullable(schemaProblem);
    }
}
