package io.livekit.datatrack.packet;

/** A value that cannot be a track handle. Checked: it comes from untrusted input. */
public final class InvalidHandleException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the value was refused. */
    public enum Reason {
        /** The value 0, which no track may use. */
        RESERVED,
        /** Larger than 65535 (or negative). */
        TOO_LARGE
    }

    private final Reason reason;

    InvalidHandleException(Reason reason, long value) {
        super("invalid track handle " + value + ": " + reason, null, false, false);
        this.reason = reason;
    }

    /** Why the value was refused. */
    public Reason reason() {
        return reason;
    }
}
