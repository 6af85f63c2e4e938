package io.livekit.datatrack.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.testkit.Vectors;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every entry of {@code packets.json} and {@code deserialize.json}, one dynamic test each. */
class PacketVectorTest {

    @TestFactory
    Stream<DynamicTest> serializeMatchesVectors() {
        return Vectors.cases("packets.json", "cases").stream().map(c -> DynamicTest.dynamicTest(
                "packets/" + c.get("name").asText(), () -> {
                    PacketHeader header = VectorHeaders.header(c.get("header"));
                    byte[] payload = Vectors.hex(c.get("payload").asText());
                    Packet packet = Packet.of(header, payload);

                    assertThat(Vectors.hex(packet.toByteArray())).isEqualTo(c.get("packet").asText());
                    assertThat(header.serializedLength()).isEqualTo(c.get("header_length").asInt());

                    ByteBuffer exact = ByteBuffer.allocate(packet.serializedLength());
                    packet.writeTo(exact);
                    assertThat(exact.hasRemaining()).isFalse();
                    assertThat(Vectors.hex(exact.array())).isEqualTo(c.get("packet").asText());

                    Packet parsed = Packet.parse(Vectors.hex(c.get("packet").asText()));
                    assertThat(parsed).isEqualTo(packet);
                    assertThat(parsed.header()).isEqualTo(header);
                }));
    }

    @TestFactory
    Stream<DynamicTest> parseMatchesRustExpectations() {
        return Vectors.cases("deserialize.json", "cases").stream().map(c -> DynamicTest.dynamicTest(
                "deserialize/" + c.get("name").asText(), () -> {
                    byte[] input = Vectors.hex(c.get("input").asText());
                    JsonNode expected = c.get("rust_expected");
                    if (expected.has("error")) {
                        assertThatThrownBy(() -> Packet.parse(input))
                                .isInstanceOfSatisfying(PacketFormatException.class, e -> assertThat(e.reason())
                                        .isEqualTo(reasonOf(expected.get("error").asText())));
                        return;
                    }
                    Packet packet = Packet.parse(input);
                    if (expected.has("user_timestamp")) {
                        JsonNode ts = expected.get("user_timestamp");
                        if (ts.isNull()) {
                            assertThat(packet.header().extensions().userTimestamp()).isEmpty();
                        } else {
                            assertThat(packet.header().extensions().userTimestamp())
                                    .hasValue(Long.parseUnsignedLong(ts.asText()));
                        }
                    }
                    // Where JS and Rust agree on a successful parse, the JS result pins every field.
                    JsonNode js = c.get("js");
                    if (js.get("ok").asBoolean() && !expected.has("user_timestamp")) {
                        assertThat(packet.header()).isEqualTo(VectorHeaders.header(js.get("header")));
                        assertThat(Vectors.hex(packet.payloadBytes())).isEqualTo(js.get("payload").asText());
                    }
                }));
    }

    static PacketFormatException.Reason reasonOf(String upstream) {
        return switch (upstream) {
            case "TooShort" -> PacketFormatException.Reason.TOO_SHORT;
            case "HeaderOverrun" -> PacketFormatException.Reason.HEADER_OVERRUN;
            case "MissingExtWords" -> PacketFormatException.Reason.MISSING_EXT_WORDS;
            case "UnsupportedVersion" -> PacketFormatException.Reason.UNSUPPORTED_VERSION;
            case "InvalidHandle" -> PacketFormatException.Reason.INVALID_HANDLE;
            case "MalformedExt" -> PacketFormatException.Reason.MALFORMED_EXT;
            default -> throw new IllegalArgumentException("unknown upstream error " + upstream);
        };
    }
}
