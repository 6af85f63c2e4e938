package io.livekit.datatrack;

import java.util.Objects;

/**
 * Server-assigned identifier of a data track publication ({@code DTR_} followed by the server's
 * id characters). It changes when the publisher fully reconnects and republishes.
 *
 * @param value the full string, starting with {@code DTR_}
 */
public record DataTrackSid(String value) {
    /** Prefix every data track SID starts with. */
    public static final String PREFIX = "DTR_";

    /** Checks the prefix. */
    public DataTrackSid {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith(PREFIX) || value.length() == PREFIX.length()) {
            throw new IllegalArgumentException("data track SID must start with DTR_: " + value);
        }
    }

    /** Parses {@code value}, failing with {@link IllegalArgumentException} without the prefix. */
    public static DataTrackSid of(String value) {
        return new DataTrackSid(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
