package io.livekit.datatrack.e2ee;

import static io.livekit.datatrack.e2ee.E2eeVectorSupport.FILE;
import static io.livekit.datatrack.e2ee.E2eeVectorSupport.bytes;
import static io.livekit.datatrack.e2ee.E2eeVectorSupport.reproducing;
import static io.livekit.datatrack.e2ee.E2eeVectorSupport.sharedProvider;
import static io.livekit.datatrack.e2ee.E2eeVectorSupport.utf8;
import static io.livekit.datatrack.testkit.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.internal.e2ee.AesGcm;
import io.livekit.datatrack.internal.e2ee.KeyDeriver;
import io.livekit.datatrack.internal.e2ee.KeyMaterial;
import io.livekit.datatrack.testkit.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** {@code e2ee.json} → {@code ratchet[]}: one dynamic test per chain step. */
class E2eeRatchetVectorsTest {

    @TestFactory
    List<DynamicContainer> ratchetChains() {
        List<JsonNode> chains = Vectors.cases(FILE, "ratchet");
        List<DynamicContainer> containers = new ArrayList<>();
        for (int i = 0; i < chains.size(); i++) {
            JsonNode chain = chains.get(i);
            String kdf = chain.path("kdf").asText();
            List<DynamicTest> steps = new ArrayList<>();
            for (JsonNode step : chain.path("steps")) {
                int n = step.path("step").asInt();
                steps.add(dynamicTest("ratchet[" + i + "] " + kdf + " step " + n, () -> check(chain, step)));
            }
            if (steps.isEmpty()) {
                throw new IllegalStateException("ratchet[" + i + "] has no steps");
            }
            containers.add(DynamicContainer.dynamicContainer("ratchet[" + i + "] " + kdf, steps));
        }
        return containers;
    }

    private static void check(JsonNode chain, JsonNode step) throws Exception {
        assertThat(chain.path("salt_utf8").asText()).isEqualTo(KeyProviderOptions.DEFAULT_RATCHET_SALT);
        byte[] salt = utf8(chain.path("salt_utf8").asText());
        boolean pbkdf2 = chain.path("kdf").asText().equals("PBKDF2");
        KeyDeriver deriver = pbkdf2 ? KeyDeriver.pbkdf2(salt) : KeyDeriver.hkdf(salt);
        KeyDerivation derivation = pbkdf2 ? KeyDerivation.PBKDF2 : KeyDerivation.HKDF;
        byte[] initial = pbkdf2 ? utf8(chain.path("passphrase_utf8").asText()) : bytes(chain, "secret_hex");
        List<JsonNode> steps = new ArrayList<>();
        chain.path("steps").forEach(steps::add);
        int n = step.path("step").asInt();
        byte[] material = bytes(step, "material");
        byte[] aesKey = bytes(step, "aes_key");

        // The formulas of spec 6.4, literally.
        if (n == 0) {
            assertThat(hex(material)).isEqualTo(hex(initial));
        } else {
            byte[] previous = bytes(steps.get(n - 1), "material");
            assertThat(hex(deriver.derive(previous, 32))).isEqualTo(hex(material));
        }
        assertThat(hex(deriver.derive(material, 16))).isEqualTo(hex(aesKey));

        // KeyMaterial's chain.
        KeyMaterial key = deriver.keyMaterial(initial);
        for (int i = 0; i < n; i++) {
            key = key.ratchet();
        }
        assertThat(key.material()).isEqualTo(material);
        assertThat(key.aesKey().getEncoded()).isEqualTo(aesKey);

        // KeyProvider.ratchetSharedKey returns the chain's materials.
        KeyProvider provider = KeyProvider.withSharedKey(initial, derivation);
        byte[] ratcheted = initial;
        for (int i = 0; i < n; i++) {
            ratcheted = provider.ratchetSharedKey(0);
        }
        assertThat(hex(ratcheted)).isEqualTo(hex(material));

        JsonNode proof = step.path("proof");
        if (!proof.isMissingNode()) {
            byte[] iv = bytes(proof, "iv");
            byte[] plaintext = bytes(proof, "plaintext");
            byte[] sealed = bytes(proof, "ciphertext_and_tag");
            assertThat(AesGcm.open(AesGcm.key(aesKey, 0), iv, sealed)).isEqualTo(plaintext);
            assertThat(provider.decryptionProvider().decrypt(new EncryptedPayload(sealed, 0, iv), "js"))
                    .isEqualTo(plaintext);
            KeyProvider sender = sharedProvider(material, derivation, 0, reproducing(iv));
            assertThat(sender.encryptionProvider("java").encrypt(plaintext))
                    .isEqualTo(new EncryptedPayload(sealed, 0, iv));
        }
    }
}
