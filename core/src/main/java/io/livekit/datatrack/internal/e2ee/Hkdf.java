package io.livekit.datatrack.internal.e2ee;

import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * HKDF with HMAC-SHA256 (RFC 5869). Java 17 has no HKDF in the JCA.
 *
 * <p>Stateless and thread-safe.
 */
public final class Hkdf {
    /** The largest output {@link #expand} can produce: 255 hash blocks. */
    public static final int MAX_LENGTH = 255 * HmacSha256.OUTPUT_LENGTH;

    private Hkdf() {}

    /**
     * Extract then expand.
     *
     * @param ikm the input keying material
     * @param salt the salt; empty means "not provided" (a hash-length string of zeros, as RFC 5869
     *     prescribes)
     * @param info the context information (may be empty)
     * @param length the output length in bytes, 1 to {@link #MAX_LENGTH}
     * @return a new array of {@code length} bytes
     */
    public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        byte[] prk = extract(salt, ikm);
        try {
            return expand(prk, info, length);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    /**
     * The extract step: {@code PRK = HMAC-SHA256(salt, ikm)}.
     *
     * @param salt the salt; empty means a hash-length string of zeros (the same HMAC key)
     * @param ikm the input keying material
     * @return the 32-byte pseudorandom key
     */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(ikm, "ikm");
        return HmacSha256.keyed(salt).doFinal(ikm);
    }

    /**
     * The expand step: {@code T(i) = HMAC-SHA256(prk, T(i-1) || info || i)}, output the first
     * {@code length} bytes of {@code T(1) || T(2) || ...}.
     *
     * @param prk the pseudorandom key (normally the output of {@link #extract})
     * @param info the context information (may be empty)
     * @param length the output length in bytes, 1 to {@link #MAX_LENGTH}
     * @return a new array of {@code length} bytes
     * @throws IllegalArgumentException if {@code length} is out of range
     */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        Objects.requireNonNull(prk, "prk");
        Objects.requireNonNull(info, "info");
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("length must be 1.." + MAX_LENGTH + ": " + length);
        }
        Mac mac = HmacSha256.keyed(prk);
        byte[] out = new byte[length];
        byte[] t = new byte[HmacSha256.OUTPUT_LENGTH];
        try {
            for (int i = 1, offset = 0; offset < length; i++, offset += t.length) {
                if (i > 1) {
                    mac.update(t);
                }
                mac.update(info);
                mac.update((byte) i);
                mac.doFinal(t, 0);
                System.arraycopy(t, 0, out, offset, Math.min(t.length, length - offset));
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC output larger than expected", e);
        } finally {
            Arrays.fill(t, (byte) 0);
        }
        return out;
    }
}
