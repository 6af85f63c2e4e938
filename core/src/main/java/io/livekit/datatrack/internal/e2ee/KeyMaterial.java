package io.livekit.datatrack.internal.e2ee;

import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * One key-ring entry: key material and the AES key derived from it, with the ratchet of spec 6.4:
 *
 * <pre>
 *   aesKey       = KDF(material, salt, 16)
 *   nextMaterial = KDF(material, salt, 32)      (the material after one ratchet)
 * </pre>
 *
 * <p>Both KDFs here (PBKDF2 and HKDF with HMAC-SHA256) compute their first 32-byte output block
 * independently of the requested length, so {@code KDF(m, s, 16)} is the first 16 bytes of {@code
 * KDF(m, s, 32)}. One KDF run therefore yields both the AES key and the next material (the vectors
 * show it too: each ratchet step's material begins with the previous step's AES key).
 *
 * <p>{@link #ratchet()} is memoized: walking the ratchet chain again (receivers do that on every
 * decryption failure when a ratchet window is configured) costs no further KDF runs. Future chain
 * elements are derivable from the current material anyway, so holding them adds no exposure.
 *
 * <p>Immutable (apart from the memo) and thread-safe.
 */
public final class KeyMaterial {
    /** Length of the material a ratchet produces. */
    public static final int RATCHETED_MATERIAL_LENGTH = 32;

    private final KeyDeriver deriver;
    private final byte[] material;
    private final byte[] nextMaterial;
    private final SecretKey aesKey;
    private volatile KeyMaterial ratcheted;

    private KeyMaterial(KeyDeriver deriver, byte[] material, byte[] nextMaterial) {
        this.deriver = deriver;
        this.material = material;
        this.nextMaterial = nextMaterial;
        this.aesKey = AesGcm.key(nextMaterial, 0);
    }

    static KeyMaterial derive(KeyDeriver deriver, byte[] material) {
        Objects.requireNonNull(deriver, "deriver");
        byte[] copy = material.clone();
        return new KeyMaterial(deriver, copy, deriver.derive(copy, RATCHETED_MATERIAL_LENGTH));
    }

    /**
     * The material this entry was derived from.
     *
     * @return a copy
     */
    public byte[] material() {
        return material.clone();
    }

    /**
     * The AES-128 key for this material.
     *
     * @return the key
     */
    public SecretKey aesKey() {
        return aesKey;
    }

    /**
     * The entry one ratchet step further: material {@code KDF(material, salt, 32)} and its key.
     * Memoized; concurrent first calls may both derive, with equal results.
     *
     * @return the ratcheted entry
     */
    public KeyMaterial ratchet() {
        KeyMaterial next = ratcheted;
        if (next == null) {
            next = derive(deriver, nextMaterial);
            ratcheted = next;
        }
        return next;
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + deriver + ", redacted]";
    }
}
