package io.livekit.datatrack.e2ee;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Configuration of a {@link KeyProvider}. Immutable; start from {@link #defaults()} and derive
 * variants with the {@code with…} methods, which return copies.
 *
 * <p>Both ends of a track must agree on the ratchet salt, the key derivation and (for indices to
 * resolve) the key ring size.
 */
public final class KeyProviderOptions {
    /** The default ratchet salt of both SDKs (used as its ASCII bytes). */
    public static final String DEFAULT_RATCHET_SALT = "LKFrameEncryptionKey";
    /** Default ratchet window size: no automatic ratchet on decryption failure. */
    public static final int DEFAULT_RATCHET_WINDOW_SIZE = 0;
    /** Default number of key slots, as in both SDKs. */
    public static final int DEFAULT_KEY_RING_SIZE = 16;
    /** Largest number of key slots: key indices are one byte on the wire. */
    public static final int MAX_KEY_RING_SIZE = 256;

    private static final KeyProviderOptions DEFAULTS = new KeyProviderOptions(
            false,
            DEFAULT_RATCHET_SALT.getBytes(StandardCharsets.US_ASCII),
            DEFAULT_RATCHET_WINDOW_SIZE,
            DEFAULT_KEY_RING_SIZE,
            KeyDerivation.PBKDF2);

    private final boolean sharedKeyMode;
    private final byte[] ratchetSalt;
    private final int ratchetWindowSize;
    private final int keyRingSize;
    private final KeyDerivation keyDerivation;

    private KeyProviderOptions(boolean sharedKeyMode, byte[] ratchetSalt, int ratchetWindowSize,
            int keyRingSize, KeyDerivation keyDerivation) {
        if (ratchetWindowSize < 0) {
            throw new IllegalArgumentException("ratchet window size must not be negative: " + ratchetWindowSize);
        }
        if (keyRingSize < 1 || keyRingSize > MAX_KEY_RING_SIZE) {
            throw new IllegalArgumentException("key ring size must be 1.." + MAX_KEY_RING_SIZE + ": " + keyRingSize);
        }
        this.sharedKeyMode = sharedKeyMode;
        this.ratchetSalt = ratchetSalt;
        this.ratchetWindowSize = ratchetWindowSize;
        this.keyRingSize = keyRingSize;
        this.keyDerivation = Objects.requireNonNull(keyDerivation, "keyDerivation");
    }

    /**
     * Per-participant keys, salt {@value #DEFAULT_RATCHET_SALT}, ratchet window 0, 16 key slots,
     * PBKDF2.
     *
     * @return the default options
     */
    public static KeyProviderOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Whether one key set is shared by all participants (the JS {@code ExternalE2EEKeyProvider}
     * and Rust {@code KeyProvider::with_shared_key} model) instead of one key set per participant
     * identity. Default {@code false}.
     *
     * @return the mode flag
     */
    public boolean sharedKeyMode() {
        return sharedKeyMode;
    }

    /**
     * A copy with the given key mode.
     *
     * @param shared {@code true} for one shared key set, {@code false} for per-participant keys
     * @return the new options
     */
    public KeyProviderOptions withSharedKeyMode(boolean shared) {
        return new KeyProviderOptions(shared, ratchetSalt, ratchetWindowSize, keyRingSize, keyDerivation);
    }

    /**
     * The salt of every key derivation and ratchet.
     *
     * @return a copy of the salt bytes
     */
    public byte[] ratchetSalt() {
        return ratchetSalt.clone();
    }

    /**
     * A copy with another ratchet salt.
     *
     * @param salt the salt bytes (copied; may be empty)
     * @return the new options
     */
    public KeyProviderOptions withRatchetSalt(byte[] salt) {
        return new KeyProviderOptions(sharedKeyMode, Objects.requireNonNull(salt, "salt").clone(),
                ratchetWindowSize, keyRingSize, keyDerivation);
    }

    /**
     * How many successive ratchets of a slot's key a receiver tries when a payload does not
     * decrypt with the key itself. If one of them works, the ratcheted key replaces the key of
     * that slot (for that sender, in shared-key mode); otherwise the key is left unchanged.
     *
     * <p>Default 0 (off), which is what the JS SDK effectively uses: its {@code
     * ExternalE2EEKeyProvider} forces 0, and its data-track receiver cannot ratchet correctly with
     * a window above 0 anyway (spec 6.8). The Rust SDK defaults to 16. Senders should rotate keys
     * by setting a new key index rather than rely on receivers ratcheting.
     *
     * <p>Cost: each step needs one key derivation (about a hundred milliseconds with PBKDF2) the
     * first time; the chain is then remembered, so repeated failures cost one AES-GCM attempt per
     * step.
     *
     * @return the window size, 0 or more
     */
    public int ratchetWindowSize() {
        return ratchetWindowSize;
    }

    /**
     * A copy with another ratchet window size.
     *
     * @param size 0 (off) or more
     * @return the new options
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public KeyProviderOptions withRatchetWindowSize(int size) {
        return new KeyProviderOptions(sharedKeyMode, ratchetSalt, size, keyRingSize, keyDerivation);
    }

    /**
     * Number of key slots per key set. A key set at index {@code i} lives in slot {@code i mod
     * size}. Default 16.
     *
     * @return the size, 1 to 256
     */
    public int keyRingSize() {
        return keyRingSize;
    }

    /**
     * A copy with another key ring size.
     *
     * @param size 1 to 256
     * @return the new options
     * @throws IllegalArgumentException if {@code size} is out of range
     */
    public KeyProviderOptions withKeyRingSize(int size) {
        return new KeyProviderOptions(sharedKeyMode, ratchetSalt, ratchetWindowSize, size, keyDerivation);
    }

    /**
     * How AES keys are derived from key material and how material is ratcheted. Default {@link
     * KeyDerivation#PBKDF2}.
     *
     * @return the key derivation
     */
    public KeyDerivation keyDerivation() {
        return keyDerivation;
    }

    /**
     * A copy with another key derivation.
     *
     * @param derivation the key derivation
     * @return the new options
     */
    public KeyProviderOptions withKeyDerivation(KeyDerivation derivation) {
        return new KeyProviderOptions(sharedKeyMode, ratchetSalt, ratchetWindowSize, keyRingSize, derivation);
    }

    /**
     * Value equality over all settings.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof KeyProviderOptions other
                && sharedKeyMode == other.sharedKeyMode
                && Arrays.equals(ratchetSalt, other.ratchetSalt)
                && ratchetWindowSize == other.ratchetWindowSize
                && keyRingSize == other.keyRingSize
                && keyDerivation == other.keyDerivation;
    }

    /**
     * Hash over all settings.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(sharedKeyMode, Arrays.hashCode(ratchetSalt), ratchetWindowSize, keyRingSize,
                keyDerivation);
    }

    /**
     * All settings; the salt as its length only.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "KeyProviderOptions[sharedKeyMode=" + sharedKeyMode + ", ratchetSalt=" + ratchetSalt.length
                + " bytes, ratchetWindowSize=" + ratchetWindowSize + ", keyRingSize=" + keyRingSize
                + ", keyDerivation=" + keyDerivation + "]";
    }
}
