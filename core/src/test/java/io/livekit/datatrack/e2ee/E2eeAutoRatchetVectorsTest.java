package io.livekit.datatrack.e2ee;

import static io.livekit.datatrack.e2ee.E2eeVectorSupport.FILE;
import static io.livekit.datatrack.e2ee.E2eeVectorSupport.bytes;
import static io.livekit.datatrack.e2ee.E2eeVectorSupport.utf8;
import static io.livekit.datatrack.testkit.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.internal.e2ee.KeyDeriver;
import io.livekit.datatrack.internal.e2ee.KeyMaterial;
import io.livekit.datatrack.testkit.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code e2ee.json} → {@code auto_ratchet}: frames from a sender that ratcheted its key 1 or 2
 * times, received by a participant holding only the original passphrase key. The JS receiver fails
 * on all of them whatever its window (spec 6.8); ours decrypts them when the window reaches the
 * sender's ratchet count, and fails with window 0.
 */
class E2eeAutoRatchetVectorsTest {

    private static final int[] WINDOWS = {0, 1, 2, 8};

    @TestFactory
    List<DynamicTest> autoRatchet() {
        JsonNode autoRatchet = Vectors.load(FILE).path("auto_ratchet");
        String passphrase = autoRatchet.path("passphrase_utf8").asText();
        List<JsonNode> cases = new ArrayList<>();
        autoRatchet.path("cases").forEach(cases::add);
        if (cases.isEmpty()) {
            throw new IllegalStateException(FILE + " has no auto_ratchet.cases");
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            int ratchets = c.path("sender_ratchets").asInt();
            String prefix = "auto_ratchet.cases[" + i + "] sender ratcheted " + ratchets + "x";
            tests.add(dynamicTest(prefix + ": sender key and JS outcome", () -> checkSenderKey(passphrase, c)));
            for (int window : WINDOWS) {
                boolean decrypts = window >= ratchets;
                for (boolean shared : new boolean[] {true, false}) {
                    String name = prefix + ", window " + window + (shared ? " (shared key)" : " (per-participant)")
                            + (decrypts ? ": decrypts" : ": DECRYPTION_FAILED");
                    tests.add(dynamicTest(name, () -> checkReceiver(passphrase, c, window, shared, decrypts)));
                }
            }
        }
        return tests;
    }

    private static void checkSenderKey(String passphrase, JsonNode c) {
        KeyMaterial key = KeyDeriver.pbkdf2(utf8(KeyProviderOptions.DEFAULT_RATCHET_SALT)).keyMaterial(utf8(passphrase));
        for (int i = 0; i < c.path("sender_ratchets").asInt(); i++) {
            key = key.ratchet();
        }
        assertThat(hex(key.aesKey().getEncoded())).isEqualTo(c.path("sender_aes_key").asText());
        // What JS did with the same frames: an error in both configurations.
        JsonNode js = c.path("js_receiver_with_original_key");
        assertThat(js.path("window_0").asText()).startsWith("error:");
        assertThat(js.path("window_8").asText()).startsWith("error:");
    }

    private static void checkReceiver(String passphrase, JsonNode c, int window, boolean shared, boolean decrypts)
            throws Exception {
        KeyProviderOptions options = KeyProviderOptions.defaults()
                .withSharedKeyMode(shared)
                .withRatchetWindowSize(window);
        KeyProvider receiver = KeyProvider.create(options);
        int keyIndex = c.path("key_index").asInt();
        if (shared) {
            receiver.setSharedKey(utf8(passphrase), keyIndex);
        } else {
            receiver.setKey("alice", utf8(passphrase), keyIndex);
        }
        EncryptedPayload payload = new EncryptedPayload(bytes(c, "ciphertext_and_tag"), keyIndex, bytes(c, "iv"));
        DecryptionProvider dec = receiver.decryptionProvider();
        if (decrypts) {
            assertThat(dec.decrypt(payload, "alice")).isEqualTo(bytes(c, "plaintext"));
        } else {
            assertThatThrownBy(() -> dec.decrypt(payload, "alice"))
                    .isInstanceOfSatisfying(E2eeException.class,
                            e -> assertThat(e.reason()).isEqualTo(E2eeException.Reason.DECRYPTION_FAILED));
        }
    }
}
