package io.livekit.datatrack.internal.e2ee;

import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * PBKDF2 with HMAC-SHA256 (RFC 8018, section 5.2) over a password given as raw bytes.
 *
 * <p>The JDK's {@code PBKDF2WithHmacSHA256} takes the password as {@code char[]} and encodes it
 * itself, so it cannot express arbitrary byte strings (key material set through the Rust SDK is
 * bytes). This implementation takes bytes as they are.
 *
 * <p>Stateless and thread-safe.
 */
public final class Pbkdf2 {
    private Pbkdf2() {}

    /**
     * Derives {@code length} bytes.
     *
     * @param password the password bytes (may be empty)
     * @param salt the salt (may be empty)
     * @param iterations the iteration count, at least 1
     * @param length the output length in bytes, at least 1
     * @return a new array of {@code length} bytes
     * @throws IllegalArgumentException if {@code iterations} or {@code length} is below 1
     */
    public static byte[] hmacSha256(byte[] password, byte[] salt, int iterations, int length) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(salt, "salt");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1: " + iterations);
        }
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1: " + length);
        }
        Mac mac = HmacSha256.keyed(password);
        byte[] out = new byte[length];
        byte[] u = new byte[HmacSha256.OUTPUT_LENGTH];
        byte[] t = new byte[HmacSha256.OUTPUT_LENGTH];
        byte[] blockIndex = new byte[4];
        try {
            for (int block = 1, offset = 0; offset < length; block++, offset += t.length) {
                // U_1 = PRF(P, S || INT(block)); T = U_1 xor U_2 xor ... xor U_c
                blockIndex[0] = (byte) (block >>> 24);
                blockIndex[1] = (byte) (block >>> 16);
                blockIndex[2] = (byte) (block >>> 8);
                blockIndex[3] = (byte) block;
                mac.update(salt);
                mac.update(blockIndex);
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, t.length);
                for (int i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < t.length; j++) {
                        t[j] ^= u[j];
                    }
                }
                System.arraycopy(t, 0, out, offset, Math.min(t.length, length - offset));
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC output larger than expected", e);
        } finally {
            Arrays.fill(u, (byte) 0);
            Arrays.fill(t, (byte) 0);
        }
        return out;
    }
}
