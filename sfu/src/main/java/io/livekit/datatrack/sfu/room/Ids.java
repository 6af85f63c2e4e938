package io.livekit.datatrack.sfu.room;

import java.security.SecureRandom;

/**
 * Server-assigned identifiers in LiveKit's format: a type prefix ({@code RM_}, {@code PA_},
 * {@code DTR_}) followed by 12 characters of the base-57 short-uuid alphabet. The Rust SDK rejects
 * ids without their prefix.
 */
final class Ids {
    private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    static String room() {
        return make("RM_");
    }

    static String participant() {
        return make("PA_");
    }

    static String dataTrack() {
        return make("DTR_");
    }

    private static String make(String prefix) {
        StringBuilder b = new StringBuilder(prefix.length() + 12).append(prefix);
        for (int i = 0; i < 12; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
