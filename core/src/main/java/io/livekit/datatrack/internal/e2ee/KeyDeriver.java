package io.livekit.datatrack.internal.e2ee;

import java.util.Objects;

/**
 * The key derivation function of a key provider: PBKDF2 or HKDF, both with HMAC-SHA256 and the
 * provider's ratchet salt (spec 6.3).
 *
 * <ul>
 *   <li>PBKDF2: {@code PBKDF2-HMAC-SHA256(password = material, salt, 100 000 iterations)}.
 *   <li>HKDF: {@code HKDF-SHA256(IKM = material, salt, info = 128 zero bytes)}.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyDeriver {
    /** PBKDF2 iteration count used by both SDKs. */
    public static final int PBKDF2_ITERATIONS = 100_000;
    /** Length of the all-zero HKDF info string used by both SDKs. */
    public static final int HKDF_INFO_LENGTH = 128;

    private static final byte[] HKDF_INFO = new byte[HKDF_INFO_LENGTH];

    private final boolean hkdf;
    private final byte[] salt;

    private KeyDeriver(boolean hkdf, byte[] salt) {
        this.hkdf = hkdf;
        this.salt = Objects.requireNonNull(salt, "salt").clone();
    }

    /**
     * PBKDF2-HMAC-SHA256 with 100 000 iterations.
     *
     * @param salt the ratchet salt (copied)
     * @return the deriver
     */
    public static KeyDeriver pbkdf2(byte[] salt) {
        return new KeyDeriver(false, salt);
    }

    /**
     * HKDF-SHA256 with 128 zero bytes of info.
     *
     * @param salt the ratchet salt (copied)
     * @return the deriver
     */
    public static KeyDeriver hkdf(byte[] salt) {
        return new KeyDeriver(true, salt);
    }

    /**
     * {@code KDF(material, salt, length)}.
     *
     * @param material the input key material (passphrase bytes, random bytes or ratchet output)
     * @param length the output length in bytes
     * @return a new array of {@code length} bytes
     */
    public byte[] derive(byte[] material, int length) {
        return hkdf
                ? Hkdf.sha256(material, salt, HKDF_INFO, length)
                : Pbkdf2.hmacSha256(material, salt, PBKDF2_ITERATIONS, length);
    }

    /**
     * Derives the key-ring entry for {@code material}: see {@link KeyMaterial}.
     *
     * @param material the material (copied)
     * @return the entry
     */
    public KeyMaterial keyMaterial(byte[] material) {
        return KeyMaterial.derive(this, material);
    }

    @Override
    public String toString() {
        return hkdf ? "KeyDeriver[HKDF-SHA256]" : "KeyDeriver[PBKDF2-HMAC-SHA256]";
    }
}
