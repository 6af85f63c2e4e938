package io.livekit.datatrack.e2ee;

/**
 * Encrypts whole frame payloads before packetization.
 *
 * <p>Implementations must be safe for use from several threads, must never reuse an IV with the
 * same key, and must produce ciphertext a {@link DecryptionProvider} of the receiving side can
 * open. {@link KeyProvider#encryptionProvider(String)} provides the standard implementation.
 */
public interface EncryptionProvider {
    /**
     * Encrypts one frame payload.
     *
     * @param plaintext the frame payload (may be empty; it is not modified)
     * @return the ciphertext with the key index and IV to send
     * @throws E2eeException with {@link E2eeException.Reason#MISSING_KEY} if no key is available,
     *     or {@link E2eeException.Reason#ENCRYPTION_FAILED} if the cipher fails
     */
    EncryptedPayload encrypt(byte[] plaintext) throws E2eeException;
}
