package io.livekit.datatrack.backend;

/**
 * A signaling message could not be turned into domain values: it names a data track with a SID
 * that lacks the {@code DTR_} prefix, an invalid handle, an unusable encryption type or a missing
 * required field. Checked, because it comes from untrusted input: the caller logs the message and
 * drops it.
 */
public final class ProtocolConversionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message} (what is wrong, with the offending value). */
    public ProtocolConversionException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public ProtocolConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
