package io.livekit.datatrack.internal.e2ee;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 set-up shared by {@link Pbkdf2} and {@link Hkdf}. */
final class HmacSha256 {
    static final String ALGORITHM = "HmacSHA256";
    static final int OUTPUT_LENGTH = 32;

    private HmacSha256() {}

    /**
     * A new {@code Mac} keyed with {@code key}.
     *
     * <p>An empty key is replaced by a single zero byte. HMAC pads keys shorter than the hash block
     * with zero bytes, so both denote the same key, but {@link SecretKeySpec} refuses empty arrays.
     */
    static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java SE implementation must provide HmacSHA256.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
