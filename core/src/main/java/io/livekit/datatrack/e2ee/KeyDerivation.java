package io.livekit.datatrack.e2ee;

/**
 * How an AES key is derived from key material (spec 6.3). The same function, with a 32-byte
 * output, ratchets material.
 */
public enum KeyDerivation {
    /**
     * PBKDF2-HMAC-SHA256, 100 000 iterations, salt = ratchet salt. The default of both SDKs; what
     * the JS SDK uses for a passphrase given as a string (its UTF-8 bytes). Slow by design: about
     * a hundred milliseconds per key set or ratchet step.
     */
    PBKDF2,
    /**
     * HKDF-SHA256, salt = ratchet salt, info = 128 zero bytes. What the JS SDK's {@code
     * ExternalE2EEKeyProvider.setKey} uses for an {@code ArrayBuffer}; suited to random key
     * material.
     */
    HKDF
}
