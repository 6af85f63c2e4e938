package io.livekit.datatrack.packet;

/**
 * Bytes that are not a valid version 0 data track packet. Checked and stackless: parsing untrusted
 * input fails often and cheaply, and the caller must decide to count and drop.
 */
public final class PacketFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One reason per kind of malformation (the upstream error categories). */
    public enum Reason {
        /** Fewer than 12 bytes. */
        TOO_SHORT,
        /** The extension block declares more bytes than the packet has. */
        HEADER_OVERRUN,
        /** The X bit is set but the 2-byte extension length field is missing. */
        MISSING_EXT_WORDS,
        /** Version bits other than 0; {@link #detail()} holds the version. */
        UNSUPPORTED_VERSION,
        /** Track handle 0. */
        INVALID_HANDLE,
        /** An extension element runs past its block; {@link #detail()} holds the extension id. */
        MALFORMED_EXT
    }

    private final Reason reason;
    private final int detail;

    PacketFormatException(Reason reason, int detail, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.detail = detail;
    }

    /** The kind of malformation. */
    public Reason reason() {
        return reason;
    }

    /** The version (UNSUPPORTED_VERSION) or extension id (MALFORMED_EXT); otherwise 0. */
    public int detail() {
        return detail;
    }
}
