package io.livekit.datatrack.e2ee;

/**
 * Decrypts reassembled frame payloads of encrypted data tracks.
 *
 * <p>Implementations must be safe for use from several threads and must never return data that
 * did not authenticate: on any failure they throw. {@link KeyProvider#decryptionProvider()}
 * provides the standard implementation.
 */
public interface DecryptionProvider {
    /**
     * Decrypts one frame payload.
     *
     * @param payload the ciphertext, key index and IV as received
     * @param senderIdentity identity of the participant that published the track
     * @return the plaintext
     * @throws E2eeException with {@link E2eeException.Reason#MISSING_KEY} if there is no key for
     *     the sender and key index, {@link E2eeException.Reason#INVALID_KEY_INDEX} if the key index
     *     cannot name a key slot, or {@link E2eeException.Reason#DECRYPTION_FAILED} if the payload
     *     does not authenticate with any candidate key
     */
    byte[] decrypt(EncryptedPayload payload, String senderIdentity) throws E2eeException;
}
