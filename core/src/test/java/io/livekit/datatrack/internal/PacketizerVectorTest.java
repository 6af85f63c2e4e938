package io.livekit.datatrack.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.VectorHeaders;
import io.livekit.datatrack.testkit.Vectors;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every case of {@code packetizer.json}: packets, bytes and counters, frame by frame. */
class PacketizerVectorTest {

    @TestFactory
    Stream<DynamicTest> packetizerMatchesVectors() {
        return Vectors.cases("packetizer.json", "cases").stream().map(c -> DynamicTest.dynamicTest(
                "packetizer/" + c.get("name").asText(), () -> run(c)));
    }

    private static void run(JsonNode c) throws Exception {
        JsonNode params = c.get("params");
        long[] timestamp = {0};
        Packetizer packetizer = new Packetizer(
                params.get("track_handle").asInt(),
                params.get("mtu").asInt(),
                () -> timestamp[0],
                params.get("initial_sequence").asInt(),
                params.get("initial_frame_number").asInt());
        for (JsonNode frame : c.get("frames")) {
            JsonNode input = frame.get("input");
            timestamp[0] = input.get("timestamp").asLong();
            byte[] payload = Vectors.seededPayload(input.get("payload_length").asInt(), input.get("seed").asInt());
            var extensions = VectorHeaders.extensions(input.get("extensions"));
            JsonNode result = frame.get("result");
            if (!result.get("ok").asBoolean()) {
                assertThat(result.get("error").asText()).isEqualTo("MtuTooShort");
                assertThatThrownBy(() -> packetizer.packetize(payload, extensions))
                        .isInstanceOf(Packetizer.MtuTooShortException.class);
            } else {
                List<Packet> packets = packetizer.packetize(payload, extensions);
                JsonNode expected = result.get("packets");
                assertThat(packets).hasSize(expected.size());
                for (int i = 0; i < packets.size(); i++) {
                    assertPacket(packets.get(i), expected.get(i), payload);
                }
            }
            JsonNode after = frame.get("counters_after");
            assertThat(packetizer.nextSequence()).isEqualTo(after.get("next_sequence").asInt());
            assertThat(packetizer.nextFrameNumber()).isEqualTo(after.get("next_frame_number").asInt());
        }
    }

    private static void assertPacket(Packet packet, JsonNode expected, byte[] frame) throws Exception {
        assertThat(packet.header()).isEqualTo(VectorHeaders.header(expected.get("header")));
        int offset = expected.get("payload_offset").asInt();
        int length = expected.get("payload_length").asInt();
        byte[] chunk = java.util.Arrays.copyOfRange(frame, offset, offset + length);
        assertThat(packet.payloadBytes()).isEqualTo(chunk);
        byte[] wire = packet.toByteArray();
        assertThat(wire).hasSize(expected.get("packet_length").asInt());
        assertThat(Vectors.hex(wire)).startsWith(expected.get("header_hex").asText());
        if (expected.has("packet")) {
            assertThat(Vectors.hex(wire)).isEqualTo(expected.get("packet").asText());
        } else {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(wire);
            assertThat(Vectors.hex(sha)).isEqualTo(expected.get("packet_sha256").asText());
        }
    }
}
