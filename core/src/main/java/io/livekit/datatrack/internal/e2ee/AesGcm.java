package io.livekit.datatrack.internal.e2ee;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128-GCM as the LiveKit SDKs use it for data tracks: 12-byte IV, 16-byte tag appended to the
 * ciphertext, no additional authenticated data.
 *
 * <p>Each call takes a fresh {@link Cipher}: that keeps this class stateless and thread-safe and
 * avoids SunJCE's refusal to encrypt twice in a row with the same key and IV on one instance.
 * Whether a cached cipher is worth it is for the benchmarks to say.
 */
public final class AesGcm {
    /** Key length in bytes (AES-128). */
    public static final int KEY_LENGTH = 16;
    /** IV length in bytes. */
    public static final int IV_LENGTH = 12;
    /** Authentication tag length in bytes. */
    public static final int TAG_LENGTH = 16;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private static final ThreadLocal<Cipher> CIPHERS = new ThreadLocal<>();

    private AesGcm() {}

    /**
     * Wraps the first {@link #KEY_LENGTH} bytes of {@code raw} starting at {@code offset} as an AES
     * key (the bytes are copied).
     *
     * @param raw the array holding the key bytes
     * @param offset where the key starts
     * @return the key
     */
    public static SecretKey key(byte[] raw, int offset) {
        Objects.checkFromIndexSize(offset, KEY_LENGTH, raw.length);
        return new SecretKeySpec(raw, offset, KEY_LENGTH, "AES");
    }

    /**
     * Encrypts.
     *
     * @param key a 16-byte AES key
     * @param iv a 12-byte IV, never used twice with the same key
     * @param plaintext the data to encrypt (may be empty)
     * @return {@code ciphertext || tag}, {@code plaintext.length + 16} bytes
     * @throws GeneralSecurityException if the JCA refuses (bad key or IV)
     */
    public static byte[] seal(SecretKey key, byte[] iv, byte[] plaintext)
            throws GeneralSecurityException {
        Objects.requireNonNull(plaintext, "plaintext");
        return init(Cipher.ENCRYPT_MODE, key, iv).doFinal(plaintext);
    }

    /**
     * Decrypts and verifies.
     *
     * @param key a 16-byte AES key
     * @param iv the 12-byte IV the sender used
     * @param ciphertextAndTag {@code ciphertext || tag}
     * @return the plaintext; nothing is returned unless the tag verifies
     * @throws AEADBadTagException if the input is shorter than the tag or does not authenticate
     * @throws GeneralSecurityException if the JCA refuses (bad key or IV)
     */
    public static byte[] open(SecretKey key, byte[] iv, byte[] ciphertextAndTag)
            throws GeneralSecurityException {
        Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag");
        if (ciphertextAndTag.length < TAG_LENGTH) {
            throw new AEADBadTagException("input shorter than the GCM tag");
        }
        return init(Cipher.DECRYPT_MODE, key, iv).doFinal(ciphertextAndTag);
    }

    private static Cipher init(int mode, SecretKey key, byte[] iv) throws GeneralSecurityException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(iv, "iv");
        if (iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("IV must be " + IV_LENGTH + " bytes: " + iv.length);
        }
        // Cipher.getInstance costs more than encrypting a small frame: reuse one per thread.
        Cipher cipher = CIPHERS.get();
        if (cipher == null) {
            cipher = Cipher.getInstance(TRANSFORMATION);
            CIPHERS.set(cipher);
        }
        GCMParameterSpec spec = new GCMParameterSpec(TAG_LENGTH * Byte.SIZE, iv);
        try {
            cipher.init(mode, key, spec);
        } catch (InvalidAlgorithmParameterException e) {
            // SunJCE refuses to re-initialise an instance for encryption with the key and IV it
            // used last. That is the caller's business (tests do it on purpose); a fresh instance
            // does it.
            cipher = Cipher.getInstance(TRANSFORMATION);
            CIPHERS.set(cipher);
            cipher.init(mode, key, spec);
        }
        return cipher;
    }
}
