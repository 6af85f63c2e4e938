package io.livekit.datatrack.e2ee;

import java.util.Objects;

/**
 * An encryption or decryption of a frame failed. Checked: the pipelines drop the frame and count
 * the failure; it is expected in normal operation (keys rotating, foreign or corrupted data), so
 * the exception carries no stack trace.
 *
 * <p>Messages never contain key material or payload bytes.
 */
public final class E2eeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the operation failed. */
    public enum Reason {
        /** No key is set for the participant, or none in the requested key slot. */
        MISSING_KEY,
        /** The key index cannot name a slot of the key ring (it is not below the ring size). */
        INVALID_KEY_INDEX,
        /** The cipher failed while encrypting. */
        ENCRYPTION_FAILED,
        /** The payload did not authenticate (wrong key, tampered or truncated data). */
        DECRYPTION_FAILED
    }

    /** Why the operation failed. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the operation failed
     * @param message a description without secrets
     */
    public E2eeException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why the operation failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
