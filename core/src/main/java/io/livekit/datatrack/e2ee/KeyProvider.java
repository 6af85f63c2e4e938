package io.livekit.datatrack.e2ee;

import io.livekit.datatrack.internal.e2ee.AesGcm;
import io.livekit.datatrack.internal.e2ee.IvGenerator;
import io.livekit.datatrack.internal.e2ee.KeyDeriver;
import io.livekit.datatrack.internal.e2ee.KeyMaterial;
import io.livekit.datatrack.internal.e2ee.KeyRing;
import io.livekit.datatrack.internal.e2ee.SenderRatchets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the E2EE keys of a room and provides the standard AES-128-GCM {@link EncryptionProvider}
 * and {@link DecryptionProvider}, interoperable with the LiveKit JS and Rust SDKs.
 *
 * <p><b>Modes.</b> In shared-key mode ({@link KeyProviderOptions#sharedKeyMode()}) one key set
 * serves everyone: {@link #setSharedKey}, {@link #ratchetSharedKey}. In per-participant mode each
 * participant identity has its own key set: {@link #setKey}, {@link #ratchetKey}; a sender
 * encrypts with the keys of its own identity and receivers decrypt with the keys of the
 * publisher's identity. Calling a method of the other mode throws {@link IllegalStateException}.
 *
 * <p><b>Key sets and indices.</b> A key set is a ring of {@link KeyProviderOptions#keyRingSize()}
 * slots. Setting a key at index {@code i} (0..255) derives its AES key with the configured {@link
 * KeyDerivation} and stores it in slot {@code i mod ringSize}. The sender encrypts with the slot
 * set most recently and puts that slot number on the wire; the receiver looks the received index
 * up as is (no reduction). So with the default ring of 16, use indices 0..15 and the index on the
 * wire is the index given.
 *
 * <p>Setting a key runs the key derivation (about a hundred milliseconds with PBKDF2) on the
 * calling thread.
 *
 * <p><b>Thread safety.</b> All methods may be called from any thread at any time; the providers
 * may be used concurrently with key changes. A frame is encrypted or decrypted entirely with the
 * key that was in place when the operation looked it up.
 */
public final class KeyProvider {
    private final KeyProviderOptions options;
    private final KeyDeriver deriver;
    private final IvGenerator ivGenerator;
    /** Shared-key mode only. */
    private final KeyRing sharedRing;
    /** Shared-key mode only. */
    private final SenderRatchets sharedRatchets;
    /** Per-participant mode only. */
    private final ConcurrentHashMap<String, KeyRing> participantRings = new ConcurrentHashMap<>();
    private volatile int latestKeyIndex;

    private KeyProvider(KeyProviderOptions options, IvGenerator ivGenerator) {
        this.options = Objects.requireNonNull(options, "options");
        this.ivGenerator = Objects.requireNonNull(ivGenerator, "ivGenerator");
        this.deriver = options.keyDerivation() == KeyDerivation.HKDF
                ? KeyDeriver.hkdf(options.ratchetSalt())
                : KeyDeriver.pbkdf2(options.ratchetSalt());
        if (options.sharedKeyMode()) {
            this.sharedRing = new KeyRing(options.keyRingSize());
            this.sharedRatchets = new SenderRatchets(options.keyRingSize());
        } else {
            this.sharedRing = null;
            this.sharedRatchets = null;
        }
    }

    /**
     * A key provider without keys.
     *
     * @param options the configuration
     * @return the key provider
     */
    public static KeyProvider create(KeyProviderOptions options) {
        return new KeyProvider(options, IvGenerator.secure());
    }

    /** For tests that reproduce IVs: a key provider with the given IV generator. */
    static KeyProvider create(KeyProviderOptions options, IvGenerator ivGenerator) {
        return new KeyProvider(options, ivGenerator);
    }

    /**
     * A shared-key provider whose key at index 0 is derived from a passphrase with PBKDF2.
     *
     * <p>Interoperates with the JS SDK's {@code ExternalE2EEKeyProvider.setKey(passphrase)} (a
     * string) and the Rust SDK's {@code KeyProvider::with_shared_key} given the passphrase's UTF-8
     * bytes, both with default options.
     *
     * @param passphrase the passphrase, used as its UTF-8 bytes; not empty
     * @return the key provider (other options at their defaults)
     */
    public static KeyProvider withSharedPassphrase(String passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        return withSharedKey(passphrase.getBytes(StandardCharsets.UTF_8), KeyDerivation.PBKDF2);
    }

    /**
     * A shared-key provider whose key at index 0 is derived from raw key material.
     *
     * <p>With {@link KeyDerivation#HKDF} this interoperates with the JS SDK's {@code
     * ExternalE2EEKeyProvider.setKey(arrayBuffer)}; with {@link KeyDerivation#PBKDF2} with the
     * Rust SDK's {@code KeyProvider::with_shared_key} (default options).
     *
     * @param material the key material (copied); not empty
     * @param derivation how to derive the AES key
     * @return the key provider (other options at their defaults)
     */
    public static KeyProvider withSharedKey(byte[] material, KeyDerivation derivation) {
        KeyProvider provider = create(KeyProviderOptions.defaults()
                .withSharedKeyMode(true)
                .withKeyDerivation(derivation));
        provider.setSharedKey(material, 0);
        return provider;
    }

    /**
     * The configuration.
     *
     * @return the options
     */
    public KeyProviderOptions options() {
        return options;
    }

    /**
     * Sets the shared key at {@code keyIndex} and makes it the one senders use.
     *
     * @param material the key material (copied); not empty
     * @param keyIndex 0 to 255; stored in slot {@code keyIndex mod keyRingSize}
     * @throws IllegalStateException if the provider is not in shared-key mode
     * @throws IllegalArgumentException if {@code material} is empty or {@code keyIndex} is out of
     *     range
     */
    public void setSharedKey(byte[] material, int keyIndex) {
        requireShared(true);
        checkKeyIndex(keyIndex);
        KeyMaterial key = derive(material);
        latestKeyIndex = sharedRing.set(keyIndex, key);
    }

    /**
     * Sets the key of participant {@code participantIdentity} at {@code keyIndex}; for the local
     * participant's identity this also makes it the key its {@link #encryptionProvider(String)}
     * uses.
     *
     * @param participantIdentity the participant identity; not empty
     * @param material the key material (copied); not empty
     * @param keyIndex 0 to 255; stored in slot {@code keyIndex mod keyRingSize}
     * @throws IllegalStateException if the provider is in shared-key mode
     * @throws IllegalArgumentException if an argument is empty or {@code keyIndex} is out of range
     */
    public void setKey(String participantIdentity, byte[] material, int keyIndex) {
        requireShared(false);
        checkIdentity(participantIdentity);
        checkKeyIndex(keyIndex);
        KeyMaterial key = derive(material);
        KeyRing ring = participantRings.computeIfAbsent(
                participantIdentity, id -> new KeyRing(options.keyRingSize()));
        latestKeyIndex = ring.set(keyIndex, key);
    }

    /**
     * Ratchets the shared key in slot {@code keyIndex}: the slot's material becomes {@code
     * KDF(material, salt, 32 bytes)} and its key is derived from that. Which slot senders use does
     * not change.
     *
     * @param keyIndex the slot, looked up as is
     * @return the new key material (a copy)
     * @throws IllegalStateException if the provider is not in shared-key mode or the slot is empty
     * @throws IllegalArgumentException if {@code keyIndex} is outside 0..255
     */
    public byte[] ratchetSharedKey(int keyIndex) {
        requireShared(true);
        return ratchet(sharedRing, keyIndex, "shared key");
    }

    /**
     * Ratchets the key of participant {@code participantIdentity} in slot {@code keyIndex} (see
     * {@link #ratchetSharedKey(int)}).
     *
     * @param participantIdentity the participant identity
     * @param keyIndex the slot, looked up as is
     * @return the new key material (a copy)
     * @throws IllegalStateException if the provider is in shared-key mode or there is no such key
     * @throws IllegalArgumentException if {@code keyIndex} is outside 0..255
     */
    public byte[] ratchetKey(String participantIdentity, int keyIndex) {
        requireShared(false);
        Objects.requireNonNull(participantIdentity, "participantIdentity");
        KeyRing ring = participantRings.get(participantIdentity);
        if (ring == null) {
            checkKeyIndex(keyIndex);
            throw new IllegalStateException("no keys for this participant");
        }
        return ratchet(ring, keyIndex, "participant key");
    }

    /**
     * The slot of the key set most recently by {@link #setSharedKey} or {@link #setKey} (for any
     * participant), 0 before any. In shared-key mode this is the key index senders put on the
     * wire; in per-participant mode a sender uses the slot set most recently for its own identity.
     *
     * @return the key index, 0 to 255
     */
    public int latestKeyIndex() {
        return latestKeyIndex;
    }

    /**
     * An encryption provider for frames published by {@code localIdentity}: in shared-key mode it
     * uses the shared key set, otherwise the keys set for {@code localIdentity}; in both cases the
     * slot set most recently. Keys set later are picked up by the next frame.
     *
     * @param localIdentity the local participant's identity
     * @return the provider (thread-safe)
     */
    public EncryptionProvider encryptionProvider(String localIdentity) {
        Objects.requireNonNull(localIdentity, "localIdentity");
        return plaintext -> encrypt(plaintext, localIdentity);
    }

    /**
     * A decryption provider: in shared-key mode it uses the shared key set, otherwise the keys
     * set for the sender's identity. It uses the slot named by the received key index; with a
     * ratchet window above 0 it also tries that many successive ratchets of the slot's key and
     * remembers the one that worked (see {@link KeyProviderOptions#ratchetWindowSize()}).
     *
     * @return the provider (thread-safe)
     */
    public DecryptionProvider decryptionProvider() {
        return this::decrypt;
    }

    private EncryptedPayload encrypt(byte[] plaintext, String localIdentity) throws E2eeException {
        Objects.requireNonNull(plaintext, "plaintext");
        KeyRing ring = options.sharedKeyMode() ? sharedRing : participantRings.get(localIdentity);
        int slot = ring == null ? 0 : ring.currentIndex();
        KeyMaterial key = ring == null ? null : ring.get(slot);
        if (key == null) {
            throw new E2eeException(E2eeException.Reason.MISSING_KEY, "no key set for encryption");
        }
        byte[] iv = ivGenerator.next();
        try {
            return new EncryptedPayload(AesGcm.seal(key.aesKey(), iv, plaintext), slot, iv);
        } catch (GeneralSecurityException e) {
            throw new E2eeException(E2eeException.Reason.ENCRYPTION_FAILED,
                    "AES-GCM encryption failed: " + e.getClass().getSimpleName());
        }
    }

    private byte[] decrypt(EncryptedPayload payload, String senderIdentity) throws E2eeException {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(senderIdentity, "senderIdentity");
        int slot = payload.keyIndex();
        if (slot >= options.keyRingSize()) {
            throw new E2eeException(E2eeException.Reason.INVALID_KEY_INDEX,
                    "key index " + slot + " is outside the key ring of " + options.keyRingSize());
        }
        boolean shared = options.sharedKeyMode();
        KeyRing ring = shared ? sharedRing : participantRings.get(senderIdentity);
        KeyMaterial base = ring == null ? null : ring.get(slot);
        if (base == null) {
            throw new E2eeException(E2eeException.Reason.MISSING_KEY, "no key at index " + slot);
        }
        if (payload.ciphertext().length < AesGcm.TAG_LENGTH) {
            throw new E2eeException(E2eeException.Reason.DECRYPTION_FAILED, "payload shorter than the tag");
        }
        KeyMaterial start = shared ? sharedRatchets.effective(senderIdentity, slot, base) : base;
        byte[] plaintext = open(start, payload);
        if (plaintext != null) {
            return plaintext;
        }
        KeyMaterial candidate = start;
        for (int step = 0; step < options.ratchetWindowSize(); step++) {
            candidate = candidate.ratchet();
            plaintext = open(candidate, payload);
            if (plaintext != null) {
                // Remember the ratcheted key. If the slot changed meanwhile, the application's key
                // wins and this result only serves the current frame.
                if (shared) {
                    sharedRatchets.advance(senderIdentity, slot, base, candidate);
                } else {
                    ring.replace(slot, base, candidate);
                }
                return plaintext;
            }
        }
        throw new E2eeException(E2eeException.Reason.DECRYPTION_FAILED,
                "payload does not authenticate with the key at index " + slot);
    }

    private static byte[] open(KeyMaterial key, EncryptedPayload payload) {
        try {
            return AesGcm.open(key.aesKey(), payload.iv(), payload.ciphertext());
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private byte[] ratchet(KeyRing ring, int keyIndex, String what) {
        checkKeyIndex(keyIndex);
        while (true) {
            KeyMaterial current = ring.get(keyIndex);
            if (current == null) {
                throw new IllegalStateException("no " + what + " at index " + keyIndex);
            }
            KeyMaterial next = current.ratchet();
            if (ring.replace(keyIndex, current, next)) {
                return next.material();
            }
            // The slot changed while the ratchet was derived: ratchet what is there now.
        }
    }

    private KeyMaterial derive(byte[] material) {
        Objects.requireNonNull(material, "material");
        if (material.length == 0) {
            throw new IllegalArgumentException("key material must not be empty");
        }
        return deriver.keyMaterial(material);
    }

    private void requireShared(boolean shared) {
        if (options.sharedKeyMode() != shared) {
            throw new IllegalStateException(shared
                    ? "this key provider has per-participant keys; use setKey/ratchetKey"
                    : "this key provider has a shared key; use setSharedKey/ratchetSharedKey");
        }
    }

    private static void checkKeyIndex(int keyIndex) {
        if (keyIndex < 0 || keyIndex > EncryptedPayload.MAX_KEY_INDEX) {
            throw new IllegalArgumentException(
                    "key index must be 0.." + EncryptedPayload.MAX_KEY_INDEX + ": " + keyIndex);
        }
    }

    private static void checkIdentity(String identity) {
        Objects.requireNonNull(identity, "participantIdentity");
        if (identity.isEmpty()) {
            throw new IllegalArgumentException("participant identity must not be empty");
        }
    }
}
