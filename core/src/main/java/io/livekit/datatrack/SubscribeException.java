package io.livekit.datatrack;

import java.util.Objects;

/** Subscribing to a remote data track failed. */
public final class SubscribeException extends DataTrackException {
    private static final long serialVersionUID = 1L;

    /** Why the subscription failed. */
    public enum Reason {
        /** The track was unpublished before the subscription became active. */
        UNPUBLISHED,
        /** The server did not assign a handle within the subscribe timeout (10 s). */
        TIMEOUT,
        /** The room disconnected or closed. */
        DISCONNECTED,
        /** The track is end-to-end encrypted and no key provider is configured (frames would be unreadable). */
        MISSING_DECRYPTION,
        /** The caller cancelled the returned future. */
        CANCELLED,
        /** A bug or an unexpected state; the message says more. */
        INTERNAL
    }

    private final Reason reason;

    /** A failure for {@code reason} with a message. */
    public SubscribeException(Reason reason, String message) {
        super(message, null, true);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the subscription failed. */
    public Reason reason() {
        return reason;
    }
}
