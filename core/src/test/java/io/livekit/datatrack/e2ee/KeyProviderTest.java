package io.livekit.datatrack.e2ee;

import static io.livekit.datatrack.testkit.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.datatrack.e2ee.E2eeException.Reason;
import io.livekit.datatrack.internal.e2ee.IvGenerator;
import io.livekit.datatrack.internal.e2ee.KeyDeriver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link KeyProvider}. Mostly HKDF keys: PBKDF2 costs ~0.1 s per key. */
class KeyProviderTest {

    private static final byte[] KEY_A = hex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] KEY_B = hex("101112131415161718191a1b1c1d1e1f");
    private static final byte[] KEY_C = hex("202122232425262728292a2b2c2d2e2f");
    private static final byte[] PLAINTEXT = "hello data track".getBytes(StandardCharsets.UTF_8);

    private static final KeyProviderOptions SHARED_HKDF =
            KeyProviderOptions.defaults().withSharedKeyMode(true).withKeyDerivation(KeyDerivation.HKDF);
    private static final KeyProviderOptions PER_PARTICIPANT_HKDF =
            KeyProviderOptions.defaults().withKeyDerivation(KeyDerivation.HKDF);

    // --- shared-key mode -------------------------------------------------------------------

    @Test
    void sharedKeyRoundTrip() throws Exception {
        KeyProvider sender = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF);
        KeyProvider receiver = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF);
        EncryptedPayload payload = sender.encryptionProvider("alice").encrypt(PLAINTEXT);
        assertThat(payload.keyIndex()).isZero();
        assertThat(payload.iv()).hasSize(12);
        assertThat(payload.ciphertext()).hasSize(PLAINTEXT.length + 16);
        assertThat(receiver.decryptionProvider().decrypt(payload, "alice")).isEqualTo(PLAINTEXT);
        // Shared mode: the sender identity does not select the key.
        assertThat(receiver.decryptionProvider().decrypt(payload, "anyone")).isEqualTo(PLAINTEXT);
    }

    @Test
    void emptyPlaintextEncryptsToJustTheTag() throws Exception {
        KeyProvider provider = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF);
        EncryptedPayload payload = provider.encryptionProvider("alice").encrypt(new byte[0]);
        assertThat(payload.ciphertext()).hasSize(16);
        assertThat(provider.decryptionProvider().decrypt(payload, "alice")).isEmpty();
    }

    @Test
    void ivsDifferBetweenFrames() throws Exception {
        EncryptionProvider enc = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF).encryptionProvider("a");
        Set<String> ivs = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(ivs.add(hex(enc.encrypt(PLAINTEXT).iv()))).isTrue();
        }
    }

    @Test
    void wrongKeyFailsAndNeverReturnsData() {
        KeyProvider sender = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF);
        KeyProvider receiver = KeyProvider.withSharedKey(KEY_B, KeyDerivation.HKDF);
        assertReason(() -> receiver.decryptionProvider()
                .decrypt(sender.encryptionProvider("a").encrypt(PLAINTEXT), "a"), Reason.DECRYPTION_FAILED);
    }

    @Test
    void otherKeyDerivationOrSaltIsAnotherKey() throws Exception {
        EncryptedPayload payload = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF)
                .encryptionProvider("a").encrypt(PLAINTEXT);
        KeyProvider otherSalt = KeyProvider.create(SHARED_HKDF.withRatchetSalt(hex("00")));
        otherSalt.setSharedKey(KEY_A, 0);
        assertReason(() -> otherSalt.decryptionProvider().decrypt(payload, "a"), Reason.DECRYPTION_FAILED);
        KeyProvider pbkdf2 = KeyProvider.withSharedKey(KEY_A, KeyDerivation.PBKDF2);
        assertReason(() -> pbkdf2.decryptionProvider().decrypt(payload, "a"), Reason.DECRYPTION_FAILED);
    }

    @Test
    void tamperedCiphertextTagOrIvFails() throws Exception {
        KeyProvider provider = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF);
        DecryptionProvider dec = provider.decryptionProvider();
        EncryptedPayload payload = provider.encryptionProvider("a").encrypt(PLAINTEXT);
        byte[] ct = payload.ciphertext();

        byte[] body = ct.clone();
        body[0] ^= 1;
        assertReason(() -> dec.decrypt(new EncryptedPayload(body, 0, payload.iv()), "a"), Reason.DECRYPTION_FAILED);
        byte[] tag = ct.clone();
        tag[ct.length - 1] ^= (byte) 0x80;
        assertReason(() -> dec.decrypt(new EncryptedPayload(tag, 0, payload.iv()), "a"), Reason.DECRYPTION_FAILED);
        byte[] iv = payload.iv().clone();
        iv[0] ^= 1;
        assertReason(() -> dec.decrypt(new EncryptedPayload(ct, 0, iv), "a"), Reason.DECRYPTION_FAILED);
        byte[] truncated = Arrays.copyOf(ct, 15);
        assertReason(() -> dec.decrypt(new EncryptedPayload(truncated, 0, payload.iv()), "a"),
                Reason.DECRYPTION_FAILED);
        assertReason(() -> dec.decrypt(new EncryptedPayload(new byte[0], 0, payload.iv()), "a"),
                Reason.DECRYPTION_FAILED);
        // The genuine payload still decrypts.
        assertThat(dec.decrypt(payload, "a")).isEqualTo(PLAINTEXT);
    }

    @Test
    void missingSlotOrNoKeyIsMissingKey() throws Exception {
        KeyProvider sender = KeyProvider.create(SHARED_HKDF);
        sender.setSharedKey(KEY_A, 3);
        EncryptedPayload payload = sender.encryptionProvider("a").encrypt(PLAINTEXT);
        assertThat(payload.keyIndex()).isEqualTo(3);

        KeyProvider receiverWithSlot0 = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF);
        assertReason(() -> receiverWithSlot0.decryptionProvider().decrypt(payload, "a"), Reason.MISSING_KEY);
        KeyProvider empty = KeyProvider.create(SHARED_HKDF);
        assertReason(() -> empty.decryptionProvider().decrypt(payload, "a"), Reason.MISSING_KEY);
        assertReason(() -> empty.encryptionProvider("a").encrypt(PLAINTEXT), Reason.MISSING_KEY);
    }

    @Test
    void keyIndexOutsideTheRingIsInvalid() throws Exception {
        KeyProvider provider = KeyProvider.create(SHARED_HKDF.withKeyRingSize(4));
        provider.setSharedKey(KEY_A, 0);
        EncryptedPayload payload = provider.encryptionProvider("a").encrypt(PLAINTEXT);
        EncryptedPayload index4 = new EncryptedPayload(payload.ciphertext(), 4, payload.iv());
        EncryptedPayload index255 = new EncryptedPayload(payload.ciphertext(), 255, payload.iv());
        assertReason(() -> provider.decryptionProvider().decrypt(index4, "a"), Reason.INVALID_KEY_INDEX);
        assertReason(() -> provider.decryptionProvider().decrypt(index255, "a"), Reason.INVALID_KEY_INDEX);
    }

    @Test
    void wireKeyIndexIsTheLatestSetIndex() throws Exception {
        KeyProvider sender = KeyProvider.create(SHARED_HKDF);
        KeyProvider receiver = KeyProvider.create(SHARED_HKDF);
        assertThat(sender.latestKeyIndex()).isZero();
        List<EncryptedPayload> sent = new ArrayList<>();
        int[] indices = {5, 2, 15, 0};
        byte[][] keys = {KEY_A, KEY_B, KEY_C, KEY_A};
        for (int i = 0; i < indices.length; i++) {
            sender.setSharedKey(keys[i], indices[i]);
            receiver.setSharedKey(keys[i], indices[i]);
            assertThat(sender.latestKeyIndex()).isEqualTo(indices[i]);
            EncryptedPayload payload = sender.encryptionProvider("a").encrypt(PLAINTEXT);
            assertThat(payload.keyIndex()).isEqualTo(indices[i]);
            sent.add(payload);
        }
        // The receiver keeps every slot, so older frames still decrypt after the rotation.
        for (EncryptedPayload payload : sent) {
            assertThat(receiver.decryptionProvider().decrypt(payload, "a")).isEqualTo(PLAINTEXT);
        }
    }

    @Test
    void indicesWrapModuloTheRingSize() throws Exception {
        KeyProviderOptions ring4 = SHARED_HKDF.withKeyRingSize(4);
        KeyProvider sender = KeyProvider.create(ring4);
        sender.setSharedKey(KEY_A, 1);
        EncryptedPayload atIndex1 = sender.encryptionProvider("a").encrypt(PLAINTEXT);
        sender.setSharedKey(KEY_B, 6);
        assertThat(sender.latestKeyIndex()).isEqualTo(2);
        EncryptedPayload atIndex6 = sender.encryptionProvider("a").encrypt(PLAINTEXT);
        assertThat(atIndex6.keyIndex()).as("the slot goes on the wire").isEqualTo(2);

        KeyProvider receiver = KeyProvider.create(ring4);
        receiver.setSharedKey(KEY_A, 1);
        receiver.setSharedKey(KEY_B, 6);
        assertThat(receiver.decryptionProvider().decrypt(atIndex1, "a")).isEqualTo(PLAINTEXT);
        assertThat(receiver.decryptionProvider().decrypt(atIndex6, "a")).isEqualTo(PLAINTEXT);
        // Index 5 lands in slot 1 and replaces KEY_A there.
        receiver.setSharedKey(KEY_C, 5);
        assertReason(() -> receiver.decryptionProvider().decrypt(atIndex1, "a"), Reason.DECRYPTION_FAILED);
    }

    @Test
    void ringOf256UsesEveryByteValue() throws Exception {
        KeyProvider provider = KeyProvider.create(SHARED_HKDF.withKeyRingSize(256));
        provider.setSharedKey(KEY_A, 255);
        EncryptedPayload payload = provider.encryptionProvider("a").encrypt(PLAINTEXT);
        assertThat(payload.keyIndex()).isEqualTo(255);
        assertThat(provider.decryptionProvider().decrypt(payload, "a")).isEqualTo(PLAINTEXT);
    }

    // --- per-participant mode --------------------------------------------------------------

    @Test
    void perParticipantKeysFollowTheSenderIdentity() throws Exception {
        KeyProvider alice = KeyProvider.create(PER_PARTICIPANT_HKDF);
        alice.setKey("alice", KEY_A, 0);
        KeyProvider bob = KeyProvider.create(PER_PARTICIPANT_HKDF);
        bob.setKey("alice", KEY_A, 0);
        bob.setKey("bob", KEY_B, 0);

        EncryptedPayload fromAlice = alice.encryptionProvider("alice").encrypt(PLAINTEXT);
        assertThat(bob.decryptionProvider().decrypt(fromAlice, "alice")).isEqualTo(PLAINTEXT);
        assertReason(() -> bob.decryptionProvider().decrypt(fromAlice, "bob"), Reason.DECRYPTION_FAILED);
        assertReason(() -> bob.decryptionProvider().decrypt(fromAlice, "carol"), Reason.MISSING_KEY);

        EncryptedPayload fromBob = bob.encryptionProvider("bob").encrypt(PLAINTEXT);
        assertReason(() -> alice.decryptionProvider().decrypt(fromBob, "bob"), Reason.MISSING_KEY);
        assertReason(() -> alice.encryptionProvider("carol").encrypt(PLAINTEXT), Reason.MISSING_KEY);
    }

    @Test
    void senderUsesTheIndexSetLastForItsOwnIdentity() throws Exception {
        KeyProvider provider = KeyProvider.create(PER_PARTICIPANT_HKDF);
        provider.setKey("alice", KEY_A, 3);
        provider.setKey("bob", KEY_B, 7);
        assertThat(provider.latestKeyIndex()).isEqualTo(7);
        EncryptedPayload payload = provider.encryptionProvider("alice").encrypt(PLAINTEXT);
        assertThat(payload.keyIndex()).isEqualTo(3);
        assertThat(provider.decryptionProvider().decrypt(payload, "alice")).isEqualTo(PLAINTEXT);
    }

    @Test
    void methodsOfTheOtherModeAreRejected() {
        KeyProvider shared = KeyProvider.create(SHARED_HKDF);
        KeyProvider perParticipant = KeyProvider.create(PER_PARTICIPANT_HKDF);
        assertThatThrownBy(() -> shared.setKey("a", KEY_A, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> shared.ratchetKey("a", 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> perParticipant.setSharedKey(KEY_A, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> perParticipant.ratchetSharedKey(0)).isInstanceOf(IllegalStateException.class);
    }

    // --- explicit and automatic ratchets ----------------------------------------------------

    @Test
    void ratchetSharedKeyReturnsTheNewMaterialAndKeepsTheIndex() throws Exception {
        KeyProvider sender = KeyProvider.create(SHARED_HKDF);
        sender.setSharedKey(KEY_A, 2);
        byte[] ratcheted = sender.ratchetSharedKey(2);
        byte[] salt = KeyProviderOptions.DEFAULT_RATCHET_SALT.getBytes(StandardCharsets.US_ASCII);
        assertThat(ratcheted).isEqualTo(KeyDeriver.hkdf(salt).derive(KEY_A, 32));
        assertThat(sender.latestKeyIndex()).isEqualTo(2);
        EncryptedPayload payload = sender.encryptionProvider("a").encrypt(PLAINTEXT);
        assertThat(payload.keyIndex()).isEqualTo(2);

        KeyProvider receiver = KeyProvider.create(SHARED_HKDF);
        receiver.setSharedKey(KEY_A, 2);
        assertReason(() -> receiver.decryptionProvider().decrypt(payload, "a"), Reason.DECRYPTION_FAILED);
        assertThat(receiver.ratchetSharedKey(2)).isEqualTo(ratcheted);
        assertThat(receiver.decryptionProvider().decrypt(payload, "a")).isEqualTo(PLAINTEXT);
    }

    @Test
    void ratchetOfAnEmptySlotIsRejected() {
        KeyProvider shared = KeyProvider.create(SHARED_HKDF);
        shared.setSharedKey(KEY_A, 17); // slot 1
        assertThatThrownBy(() -> shared.ratchetSharedKey(17)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> shared.ratchetSharedKey(0)).isInstanceOf(IllegalStateException.class);
        assertThat(shared.ratchetSharedKey(1)).hasSize(32);
        KeyProvider perParticipant = KeyProvider.create(PER_PARTICIPANT_HKDF);
        assertThatThrownBy(() -> perParticipant.ratchetKey("nobody", 0)).isInstanceOf(IllegalStateException.class);
        perParticipant.setKey("a", KEY_A, 0);
        assertThat(perParticipant.ratchetKey("a", 0)).hasSize(32);
    }

    @Test
    void windowZeroNeverRatchets() throws Exception {
        KeyProvider sender = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF);
        sender.ratchetSharedKey(0);
        EncryptedPayload payload = sender.encryptionProvider("a").encrypt(PLAINTEXT);
        KeyProvider receiver = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF);
        assertThat(receiver.options().ratchetWindowSize()).isZero();
        assertReason(() -> receiver.decryptionProvider().decrypt(payload, "a"), Reason.DECRYPTION_FAILED);
    }

    @Test
    void perParticipantAutoRatchetStoresTheRatchetedKeyInTheSlot() throws Exception {
        KeyProviderOptions window2 = PER_PARTICIPANT_HKDF.withRatchetWindowSize(2);
        KeyProvider sender = KeyProvider.create(PER_PARTICIPANT_HKDF);
        sender.setKey("alice", KEY_A, 4);
        EncryptionProvider enc = sender.encryptionProvider("alice");
        EncryptedPayload step0 = enc.encrypt(PLAINTEXT);
        sender.ratchetKey("alice", 4);
        sender.ratchetKey("alice", 4);
        EncryptedPayload step2 = enc.encrypt(PLAINTEXT);
        sender.ratchetKey("alice", 4);
        sender.ratchetKey("alice", 4);
        EncryptedPayload step4 = enc.encrypt(PLAINTEXT);

        KeyProvider receiver = KeyProvider.create(window2);
        receiver.setKey("alice", KEY_A, 4);
        // Step 4 is beyond the window of 2 from step 0 ...
        assertReason(() -> receiver.decryptionProvider().decrypt(step4, "alice"), Reason.DECRYPTION_FAILED);
        // ... the failure left the slot at step 0 ...
        assertThat(receiver.decryptionProvider().decrypt(step0, "alice")).isEqualTo(PLAINTEXT);
        // ... step 2 is found by ratcheting twice (the last step of the window) and stored ...
        assertThat(receiver.decryptionProvider().decrypt(step2, "alice")).isEqualTo(PLAINTEXT);
        // ... so step 4 is now within reach, and step 0 is not (ratchets only go forward).
        assertThat(receiver.decryptionProvider().decrypt(step4, "alice")).isEqualTo(PLAINTEXT);
        assertReason(() -> receiver.decryptionProvider().decrypt(step0, "alice"), Reason.DECRYPTION_FAILED);
        // The stored key is what an explicit ratchet continues from.
        assertThat(receiver.ratchetKey("alice", 4)).isEqualTo(sender.ratchetKey("alice", 4));
    }

    @Test
    void sharedAutoRatchetIsPerSenderAndLeavesTheLocalKeyAlone() throws Exception {
        KeyProvider aliceSide = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF);
        aliceSide.ratchetSharedKey(0);
        EncryptedPayload fromAlice = aliceSide.encryptionProvider("alice").encrypt(PLAINTEXT);
        EncryptedPayload fromBob =
                KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF).encryptionProvider("bob").encrypt(PLAINTEXT);

        KeyProvider receiver = KeyProvider.create(SHARED_HKDF.withRatchetWindowSize(3));
        receiver.setSharedKey(KEY_A, 0);
        assertThat(receiver.decryptionProvider().decrypt(fromAlice, "alice")).isEqualTo(PLAINTEXT);
        // Bob has not ratcheted: his frames still decrypt with the unratcheted shared key.
        assertThat(receiver.decryptionProvider().decrypt(fromBob, "bob")).isEqualTo(PLAINTEXT);
        // The receiver's own frames still use the key the application set.
        EncryptedPayload own = receiver.encryptionProvider("carol").encrypt(PLAINTEXT);
        KeyProvider plain = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF);
        assertThat(plain.decryptionProvider().decrypt(own, "carol")).isEqualTo(PLAINTEXT);
        // Setting the shared key again discards Alice's ratchet progress.
        receiver.setSharedKey(KEY_A, 0);
        EncryptedPayload aliceAgain = aliceSide.encryptionProvider("alice").encrypt(PLAINTEXT);
        assertThat(receiver.decryptionProvider().decrypt(aliceAgain, "alice")).isEqualTo(PLAINTEXT);
    }

    @Test
    void sharedAutoRatchetProgressIsRemembered() throws Exception {
        KeyProvider aliceSide = KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF);
        aliceSide.ratchetSharedKey(0);
        aliceSide.ratchetSharedKey(0);
        EncryptedPayload step2 = aliceSide.encryptionProvider("alice").encrypt(PLAINTEXT);
        aliceSide.ratchetSharedKey(0);
        aliceSide.ratchetSharedKey(0);
        EncryptedPayload step4 = aliceSide.encryptionProvider("alice").encrypt(PLAINTEXT);

        KeyProvider receiver = KeyProvider.create(SHARED_HKDF.withRatchetWindowSize(2));
        receiver.setSharedKey(KEY_A, 0);
        assertReason(() -> receiver.decryptionProvider().decrypt(step4, "alice"), Reason.DECRYPTION_FAILED);
        assertThat(receiver.decryptionProvider().decrypt(step2, "alice")).isEqualTo(PLAINTEXT);
        assertThat(receiver.decryptionProvider().decrypt(step4, "alice")).isEqualTo(PLAINTEXT);
        // Another sender at step 4 is still out of reach: progress is per sender.
        assertReason(() -> receiver.decryptionProvider().decrypt(step4, "mallory"), Reason.DECRYPTION_FAILED);
    }

    // --- factories, inputs, concurrency -----------------------------------------------------

    @Test
    void sharedPassphraseIsPbkdf2OfItsUtf8Bytes() throws Exception {
        KeyProvider fromString = KeyProvider.withSharedPassphrase("p\u00e4ss");
        KeyProvider fromBytes =
                KeyProvider.withSharedKey("p\u00e4ss".getBytes(StandardCharsets.UTF_8), KeyDerivation.PBKDF2);
        assertThat(fromString.options().sharedKeyMode()).isTrue();
        assertThat(fromString.options().keyDerivation()).isEqualTo(KeyDerivation.PBKDF2);
        EncryptedPayload payload = fromString.encryptionProvider("a").encrypt(PLAINTEXT);
        assertThat(fromBytes.decryptionProvider().decrypt(payload, "a")).isEqualTo(PLAINTEXT);
    }

    @Test
    void rejectsBadInputs() {
        KeyProvider shared = KeyProvider.create(SHARED_HKDF);
        KeyProvider perParticipant = KeyProvider.create(PER_PARTICIPANT_HKDF);
        assertThatThrownBy(() -> shared.setSharedKey(KEY_A, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shared.setSharedKey(KEY_A, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shared.setSharedKey(new byte[0], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shared.setSharedKey(null, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> shared.ratchetSharedKey(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> perParticipant.setKey("a", KEY_A, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> perParticipant.setKey("", KEY_A, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> perParticipant.setKey(null, KEY_A, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> perParticipant.ratchetKey("a", 300)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyProvider.withSharedPassphrase("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shared.encryptionProvider(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void materialIsCopied() throws Exception {
        byte[] material = KEY_A.clone();
        KeyProvider sender = KeyProvider.withSharedKey(material, KeyDerivation.HKDF);
        material[0] ^= 1;
        EncryptedPayload payload = sender.encryptionProvider("a").encrypt(PLAINTEXT);
        assertThat(KeyProvider.withSharedKey(KEY_A, KeyDerivation.HKDF).decryptionProvider().decrypt(payload, "a"))
                .isEqualTo(PLAINTEXT);
    }

    @Test
    void usesTheInjectedIvGenerator() throws Exception {
        KeyProvider provider = KeyProvider.create(SHARED_HKDF, new IvGenerator(() -> 0x11223344, () -> 0, 11));
        provider.setSharedKey(KEY_A, 0);
        assertThat(hex(provider.encryptionProvider("a").encrypt(PLAINTEXT).iv()))
                .isEqualTo("1122334400000000fffffff5");
    }

    @Test
    void concurrentUseWithKeyRotation() throws Exception {
        KeyProvider sender = KeyProvider.create(SHARED_HKDF);
        KeyProvider receiver = KeyProvider.create(SHARED_HKDF);
        byte[][] keys = {KEY_A, KEY_B, KEY_C};
        for (int i = 0; i < keys.length; i++) {
            receiver.setSharedKey(keys[i], i);
        }
        sender.setSharedKey(KEY_A, 0);
        Set<String> ivs = Collections.synchronizedSet(new HashSet<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    EncryptionProvider enc = sender.encryptionProvider("a");
                    DecryptionProvider dec = receiver.decryptionProvider();
                    for (int i = 0; i < 500; i++) {
                        EncryptedPayload payload = enc.encrypt(PLAINTEXT);
                        assertThat(ivs.add(hex(payload.iv()))).isTrue();
                        assertThat(dec.decrypt(payload, "a")).isEqualTo(PLAINTEXT);
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 60; i++) {
                sender.setSharedKey(keys[i % 3], i % 3);
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ivs).hasSize(2000);
    }

    @Test
    void exceptionIsStacklessAndCarriesItsReason() {
        E2eeException e = new E2eeException(Reason.MISSING_KEY, "no key");
        assertThat(e.reason()).isEqualTo(Reason.MISSING_KEY);
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("no key");
        assertThatThrownBy(() -> new E2eeException(null, "x")).isInstanceOf(NullPointerException.class);
    }

    private static void assertReason(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(E2eeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
