package io.livekit.datatrack.e2ee;

import static io.livekit.datatrack.e2ee.E2eeVectorSupport.FILE;
import static io.livekit.datatrack.e2ee.E2eeVectorSupport.bytes;
import static io.livekit.datatrack.e2ee.E2eeVectorSupport.sharedProvider;
import static io.livekit.datatrack.e2ee.E2eeVectorSupport.utf8;
import static io.livekit.datatrack.testkit.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.internal.e2ee.AesGcm;
import io.livekit.datatrack.internal.e2ee.IvGenerator;
import io.livekit.datatrack.internal.e2ee.KeyDeriver;
import io.livekit.datatrack.testkit.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code e2ee.json} → {@code encrypt[]}: IVs from their inputs, then the exact ciphertext through
 * the public API, and back.
 */
class E2eeEncryptVectorsTest {

    @TestFactory
    List<DynamicTest> encrypt() {
        List<JsonNode> cases = Vectors.cases(FILE, "encrypt");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            String name = "encrypt[" + i + "] key_index " + c.path("key_index").asInt() + ", "
                    + c.path("plaintext").asText().length() / 2 + "-byte plaintext, now "
                    + c.path("iv_inputs").path("performance_now_ms").asText() + " ms";
            tests.add(dynamicTest(name, () -> check(c)));
        }
        return tests;
    }

    private static void check(JsonNode c) throws Exception {
        assertThat(c.path("aad").asText()).as("no additional authenticated data").isEmpty();
        byte[] passphrase = utf8(c.path("passphrase_utf8").asText());
        int keyIndex = c.path("key_index").asInt();
        byte[] expectedIv = bytes(c, "iv");
        byte[] plaintext = bytes(c, "plaintext");
        byte[] sealed = bytes(c, "ciphertext_and_tag");
        byte[] aesKey = bytes(c, "aes_key");

        JsonNode inputs = c.path("iv_inputs");
        long random = inputs.path("random_u32").asLong();
        // JS truncates performance.now() to an integer when it stores it as a u32.
        long nowMillis = (long) Math.floor(inputs.path("performance_now_ms").asDouble());
        long sendCount = inputs.path("send_count").asLong();
        IvGenerator ivs = new IvGenerator(() -> (int) random, () -> nowMillis, sendCount);
        byte[] iv = ivs.next();
        assertThat(hex(iv)).isEqualTo(hex(expectedIv));

        byte[] salt = utf8(KeyProviderOptions.DEFAULT_RATCHET_SALT);
        assertThat(hex(KeyDeriver.pbkdf2(salt).derive(passphrase, 16))).isEqualTo(hex(aesKey));
        assertThat(hex(AesGcm.seal(AesGcm.key(aesKey, 0), iv, plaintext))).isEqualTo(hex(sealed));

        KeyProvider sender = sharedProvider(passphrase, KeyDerivation.PBKDF2, keyIndex,
                new IvGenerator(() -> (int) random, () -> nowMillis, sendCount));
        EncryptedPayload payload = sender.encryptionProvider("java").encrypt(plaintext);
        assertThat(payload).isEqualTo(new EncryptedPayload(sealed, keyIndex, expectedIv));

        KeyProvider receiver = KeyProvider.create(KeyProviderOptions.defaults().withSharedKeyMode(true));
        receiver.setSharedKey(passphrase, keyIndex);
        assertThat(receiver.decryptionProvider().decrypt(payload, "js")).isEqualTo(plaintext);
    }
}
