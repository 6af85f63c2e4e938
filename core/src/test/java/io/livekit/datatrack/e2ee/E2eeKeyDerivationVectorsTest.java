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
import io.livekit.datatrack.testkit.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** {@code e2ee.json} → {@code key_derivation[]}: PBKDF2 and HKDF keys and their proofs. */
class E2eeKeyDerivationVectorsTest {

    @TestFactory
    List<DynamicTest> keyDerivation() {
        List<JsonNode> cases = Vectors.cases(FILE, "key_derivation");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            String kdf = c.path("kdf").asText();
            String input = kdf.equals("PBKDF2")
                    ? "passphrase \"" + c.path("passphrase_utf8").asText() + "\""
                    : "secret " + c.path("secret_hex").asText();
            tests.add(dynamicTest("key_derivation[" + i + "] " + kdf + " " + input, () -> check(c)));
        }
        return tests;
    }

    private static void check(JsonNode c) throws Exception {
        assertThat(c.path("salt_utf8").asText()).isEqualTo(KeyProviderOptions.DEFAULT_RATCHET_SALT);
        assertThat(c.path("hash").asText()).isEqualTo("SHA-256");
        byte[] salt = utf8(c.path("salt_utf8").asText());
        KeyDerivation derivation;
        byte[] material;
        KeyDeriver deriver;
        switch (c.path("kdf").asText()) {
            case "PBKDF2" -> {
                assertThat(c.path("iterations").asInt()).isEqualTo(KeyDeriver.PBKDF2_ITERATIONS);
                material = utf8(c.path("passphrase_utf8").asText());
                assertThat(hex(material)).isEqualTo(c.path("passphrase_hex").asText());
                derivation = KeyDerivation.PBKDF2;
                deriver = KeyDeriver.pbkdf2(salt);
            }
            case "HKDF" -> {
                assertThat(bytes(c, "info_hex")).isEqualTo(new byte[KeyDeriver.HKDF_INFO_LENGTH]);
                material = bytes(c, "secret_hex");
                derivation = KeyDerivation.HKDF;
                deriver = KeyDeriver.hkdf(salt);
            }
            default -> throw new IllegalStateException("unknown kdf " + c.path("kdf"));
        }
        byte[] aesKey = bytes(c, "aes_key");
        assertThat(hex(deriver.derive(material, 16))).isEqualTo(hex(aesKey));
        assertThat(deriver.keyMaterial(material).aesKey().getEncoded()).isEqualTo(aesKey);

        JsonNode proof = c.path("proof");
        byte[] iv = bytes(proof, "iv");
        byte[] plaintext = bytes(proof, "plaintext");
        byte[] sealed = bytes(proof, "ciphertext_and_tag");
        assertThat(hex(AesGcm.seal(AesGcm.key(aesKey, 0), iv, plaintext))).isEqualTo(hex(sealed));

        // Through the public API: the provider decrypts the JS ciphertext and, given the same IV
        // inputs, produces it byte for byte.
        KeyProvider provider = sharedProvider(material, derivation, 0, reproducing(iv));
        assertThat(provider.decryptionProvider().decrypt(new EncryptedPayload(sealed, 0, iv), "js"))
                .isEqualTo(plaintext);
        assertThat(provider.encryptionProvider("java").encrypt(plaintext))
                .isEqualTo(new EncryptedPayload(sealed, 0, iv));
        if (derivation == KeyDerivation.PBKDF2) {
            KeyProvider fromPassphrase = KeyProvider.withSharedPassphrase(c.path("passphrase_utf8").asText());
            assertThat(fromPassphrase.decryptionProvider().decrypt(new EncryptedPayload(sealed, 0, iv), "js"))
                    .isEqualTo(plaintext);
        } else {
            KeyProvider fromKey = KeyProvider.withSharedKey(material, KeyDerivation.HKDF);
            assertThat(fromKey.decryptionProvider().decrypt(new EncryptedPayload(sealed, 0, iv), "js"))
                    .isEqualTo(plaintext);
        }
    }
}
