package io.livekit.datatrack.packet;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The E2EE packet extension (id 1): the key index and AES-GCM IV the frame was encrypted with.
 * Every packet of an encrypted frame carries the same value.
 *
 * @param keyIndex key ring slot used by the sender, 0..255
 * @param iv the 12-byte IV; the array is copied on construction and on access
 */
public record E2eeExtension(int keyIndex, byte[] iv) {
    /** Extension id on the wire. */
    public static final int ID = 1;
    /** Data length written by canonical writers (1 key index byte + 12 IV bytes). */
    public static final int LENGTH = 13;
    /** IV length in bytes. */
    public static final int IV_LENGTH = 12;

    /** Validates ranges and takes a private copy of the IV. */
    public E2eeExtension {
        if (keyIndex < 0 || keyIndex > 0xFF) {
            throw new IllegalArgumentException("key index out of range 0..255: " + keyIndex);
        }
        if (iv == null || iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("IV must be 12 bytes");
        }
        iv = iv.clone();
    }

    /** A copy of the IV. */
    @Override
    public byte[] iv() {
        return iv.clone();
    }

    void writeIv(java.nio.ByteBuffer dst) {
        dst.put(iv);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof E2eeExtension other && other.keyIndex == keyIndex && Arrays.equals(other.iv, iv);
    }

    @Override
    public int hashCode() {
        return 31 * keyIndex + Arrays.hashCode(iv);
    }

    @Override
    public String toString() {
        return "E2eeExtension[keyIndex=" + keyIndex + ", iv=" + HexFormat.of().formatHex(iv) + "]";
    }
}
