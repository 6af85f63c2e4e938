package io.livekit.datatrack.packet;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The extensions a packet carries: optionally E2EE metadata (id 1) and optionally a user timestamp
 * (id 2, an unsigned 64-bit value held in a {@code long}). Immutable.
 */
public final class PacketExtensions {
    /** No extensions. */
    public static final PacketExtensions NONE = new PacketExtensions(null, false, 0);

    /** User timestamp extension id on the wire. */
    public static final int USER_TIMESTAMP_ID = 2;
    /** User timestamp data length. */
    public static final int USER_TIMESTAMP_LENGTH = 8;

    private final E2eeExtension e2ee;
    private final boolean hasUserTimestamp;
    private final long userTimestamp;

    private PacketExtensions(E2eeExtension e2ee, boolean hasUserTimestamp, long userTimestamp) {
        this.e2ee = e2ee;
        this.hasUserTimestamp = hasUserTimestamp;
        this.userTimestamp = hasUserTimestamp ? userTimestamp : 0;
    }

    /** Extensions with the given parts; {@code e2ee} may be null, {@code userTimestamp} empty. */
    public static PacketExtensions of(E2eeExtension e2ee, OptionalLong userTimestamp) {
        if (e2ee == null && userTimestamp.isEmpty()) {
            return NONE;
        }
        return new PacketExtensions(e2ee, userTimestamp.isPresent(), userTimestamp.orElse(0));
    }

    /** A copy with the E2EE extension set (or removed when null). */
    public PacketExtensions withE2ee(E2eeExtension value) {
        return of(value, userTimestamp());
    }

    /** A copy with the user timestamp set (unsigned 64-bit). */
    public PacketExtensions withUserTimestamp(long value) {
        return new PacketExtensions(e2ee, true, value);
    }

    /** The E2EE extension, if present. */
    public Optional<E2eeExtension> e2ee() {
        return Optional.ofNullable(e2ee);
    }

    /** The user timestamp (unsigned 64-bit), if present. */
    public OptionalLong userTimestamp() {
        return hasUserTimestamp ? OptionalLong.of(userTimestamp) : OptionalLong.empty();
    }

    /** True if there is at least one extension (the X bit is set). */
    public boolean isEmpty() {
        return e2ee == null && !hasUserTimestamp;
    }

    E2eeExtension e2eeOrNull() {
        return e2ee;
    }

    boolean hasUserTimestamp() {
        return hasUserTimestamp;
    }

    long rawUserTimestamp() {
        return userTimestamp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketExtensions other
                && Objects.equals(e2ee, other.e2ee)
                && hasUserTimestamp == other.hasUserTimestamp
                && userTimestamp == other.userTimestamp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(e2ee, hasUserTimestamp, userTimestamp);
    }

    @Override
    public String toString() {
        return "PacketExtensions[e2ee=" + e2ee + ", userTimestamp="
                + (hasUserTimestamp ? Long.toUnsignedString(userTimestamp) : "none") + "]";
    }
}
