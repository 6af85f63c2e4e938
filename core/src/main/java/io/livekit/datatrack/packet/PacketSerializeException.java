package io.livekit.datatrack.packet;

/** The destination buffer given to a packet writer is too small. A programming error. */
public final class PacketSerializeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Which part did not fit. */
    public enum Reason {
        /** The header does not fit. */
        TOO_SMALL_FOR_HEADER,
        /** The header fits but the payload does not. */
        TOO_SMALL_FOR_PAYLOAD
    }

    private final Reason reason;

    PacketSerializeException(Reason reason, int needed, int remaining) {
        super("buffer too small (" + reason + "): need " + needed + " bytes, " + remaining + " remain");
        this.reason = reason;
    }

    /** Which part did not fit. */
    public Reason reason() {
        return reason;
    }
}
