package io.livekit.datatrack.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.e2ee.DecryptionProvider;
import io.livekit.datatrack.e2ee.EncryptedPayload;
import io.livekit.datatrack.e2ee.KeyProvider;
import io.livekit.datatrack.e2ee.KeyProviderOptions;
import io.livekit.datatrack.internal.Depacketizer;
import io.livekit.datatrack.internal.Packetizer;
import io.livekit.datatrack.internal.ReassembledFrame;
import io.livekit.datatrack.internal.e2ee.AesGcm;
import io.livekit.datatrack.packet.E2eeExtension;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
import io.livekit.datatrack.packet.VectorHeaders;
import io.livekit.datatrack.testkit.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code pipeline[]} entries of {@code e2ee.json}: encrypt the whole frame, packetize at MTU
 * 16 000, then reassemble and decrypt, byte for byte as the JS SDK did. All entries share one
 * packetizer, as they did when the vectors were produced.
 */
class E2eePipelineVectorTest {

    @TestFactory
    Stream<DynamicTest> encryptPacketizeDepacketizeDecrypt() {
        List<JsonNode> entries = Vectors.cases("e2ee.json", "pipeline");
        JsonNode first = entries.get(0).get("packets").get(0).get("header");
        long[] timestamp = {first.get("timestamp").asLong()};
        Packetizer packetizer = new Packetizer(
                first.get("track_handle").asInt(), Packetizer.DEFAULT_MTU, () -> timestamp[0],
                first.get("sequence").asInt(), first.get("frame_number").asInt());
        Depacketizer depacketizer = new Depacketizer(1);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            tests.add(DynamicTest.dynamicTest("e2ee/pipeline[" + i + "] " + e.get("frame").get("payload_length")
                    + " bytes", () -> run(e, packetizer, depacketizer)));
        }
        return tests.stream();
    }

    private static void run(JsonNode e, Packetizer packetizer, Depacketizer depacketizer) throws Exception {
        JsonNode frame = e.get("frame");
        byte[] plaintext = Vectors.seededPayload(frame.get("payload_length").asInt(), frame.get("payload_seed").asInt());
        OptionalLong userTs = frame.get("user_timestamp").isNull()
                ? OptionalLong.empty()
                : OptionalLong.of(Long.parseUnsignedLong(frame.get("user_timestamp").asText()));
        JsonNode firstHeader = e.get("packets").get(0).get("header");
        byte[] iv = Vectors.hex(firstHeader.get("extensions").get("e2ee").get("iv").asText());
        int keyIndex = e.get("key_index").asInt();

        // Encrypt once, as the sender pipeline does, with the vector's key and IV.
        byte[] ciphertext = AesGcm.seal(AesGcm.key(Vectors.hex(e.get("aes_key").asText()), 0), iv, plaintext);
        assertThat(ciphertext).hasSize(e.get("encrypted_frame_length").asInt());
        assertThat(sha256(ciphertext)).isEqualTo(e.get("encrypted_frame_sha256").asText());

        PacketExtensions ext = PacketExtensions.of(new E2eeExtension(keyIndex, iv), userTs);
        List<Packet> packets = packetizer.packetize(ciphertext, ext);
        JsonNode expected = e.get("packets");
        assertThat(packets).hasSize(expected.size());
        for (int i = 0; i < packets.size(); i++) {
            JsonNode x = expected.get(i);
            byte[] wire = packets.get(i).toByteArray();
            assertThat(packets.get(i).header()).isEqualTo(VectorHeaders.header(x.get("header")));
            assertThat(wire).hasSize(x.get("packet_length").asInt());
            if (x.has("packet")) {
                assertThat(Vectors.hex(wire)).isEqualTo(x.get("packet").asText());
            } else {
                assertThat(sha256(wire)).isEqualTo(x.get("packet_sha256").asText());
            }
        }

        // Receive: parse the wire bytes, reassemble, decrypt with a key provider set from the passphrase.
        ReassembledFrame reassembled = null;
        for (Packet p : packets) {
            Depacketizer.Result r = depacketizer.push(Packet.parse(p.toByteArray()));
            assertThat(r.drop()).isNull();
            if (r.frame() != null) {
                reassembled = r.frame();
            }
        }
        assertThat(reassembled).isNotNull();
        KeyProvider keys = KeyProvider.create(KeyProviderOptions.defaults().withSharedKeyMode(true));
        keys.setSharedKey(e.get("passphrase_utf8").asText().getBytes(StandardCharsets.UTF_8), keyIndex);
        DecryptionProvider decryption = keys.decryptionProvider();
        E2eeExtension meta = reassembled.extensions().e2ee().orElseThrow();
        byte[] decrypted = decryption.decrypt(
                new EncryptedPayload(reassembled.payload(), meta.keyIndex(), meta.iv()), "publisher");
        JsonNode out = e.get("decrypted_frame");
        assertThat(decrypted).hasSize(out.get("payload_length").asInt());
        assertThat(sha256(decrypted)).isEqualTo(out.get("payload_sha256").asText());
        assertThat(reassembled.extensions().userTimestamp()).isEqualTo(userTs);
    }

    private static String sha256(byte[] data) throws Exception {
        return Vectors.hex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
