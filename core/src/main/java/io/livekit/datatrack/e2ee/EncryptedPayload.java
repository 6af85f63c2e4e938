package io.livekit.datatrack.e2ee;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An encrypted frame payload with the values that travel in the packets' E2EE extension.
 *
 * <p>The arrays are not copied, neither on construction nor by the accessors: the payload can be
 * large and sits on the hot path. Treat them as read-only. {@link #equals}, {@link #hashCode} and
 * {@link #toString} use the array contents.
 *
 * @param ciphertext AES-GCM ciphertext with the 16-byte tag appended ({@code plaintext length +
 *     16} bytes for well-formed data; shorter input is accepted here and fails decryption)
 * @param keyIndex index of the key-ring slot whose key encrypted the payload, 0 to 255
 * @param iv the 12-byte GCM IV
 */
public record EncryptedPayload(byte[] ciphertext, int keyIndex, byte[] iv) {
    /** Length of the IV in bytes. */
    public static final int IV_LENGTH = 12;
    /** Length of the GCM tag at the end of {@link #ciphertext()}. */
    public static final int TAG_LENGTH = 16;
    /** Largest key index (one byte on the wire). */
    public static final int MAX_KEY_INDEX = 255;

    /**
     * Validates the components.
     *
     * @param ciphertext the ciphertext with the tag appended
     * @param keyIndex the key index, 0 to 255
     * @param iv the 12-byte IV
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if {@code keyIndex} is outside 0..255 or {@code iv} is not
     *     12 bytes
     */
    public EncryptedPayload {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(iv, "iv");
        if (keyIndex < 0 || keyIndex > MAX_KEY_INDEX) {
            throw new IllegalArgumentException("key index must be 0.." + MAX_KEY_INDEX + ": " + keyIndex);
        }
        if (iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("IV must be " + IV_LENGTH + " bytes: " + iv.length);
        }
    }

    /**
     * Content equality: same ciphertext bytes, key index and IV bytes.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedPayload other
                && keyIndex == other.keyIndex
                && Arrays.equals(iv, other.iv)
                && Arrays.equals(ciphertext, other.ciphertext);
    }

    /**
     * Hash of the contents.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ciphertext) + keyIndex) + Arrays.hashCode(iv);
    }

    /**
     * Key index, IV in hex and the ciphertext length (not its bytes).
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "EncryptedPayload[keyIndex=" + keyIndex + ", iv=" + HexFormat.of().formatHex(iv)
                + ", ciphertext=" + ciphertext.length + " bytes]";
    }
}
