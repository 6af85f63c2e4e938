package io.livekit.datatrack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.VectorHeaders;
import io.livekit.datatrack.testkit.Vectors;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every case of {@code depacketizer.json}, pushing the wire bytes step by step. */
class DepacketizerVectorTest {

    @TestFactory
    Stream<DynamicTest> depacketizerMatchesVectors() {
        return Vectors.cases("depacketizer.json", "cases").stream().map(c -> DynamicTest.dynamicTest(
                "depacketizer/" + c.get("name").asText(), () -> run(c)));
    }

    private static void run(JsonNode c) throws Exception {
        Depacketizer depacketizer = new Depacketizer(1);
        int step = 0;
        for (JsonNode s : c.get("steps")) {
            String where = c.get("name").asText() + " step " + step++;
            depacketizer.setMaxPartialFrames(s.get("max_partial_frames").asInt());
            Packet packet = Packet.parse(Vectors.hex(s.get("packet").get("hex").asText()));
            assertThat(packet.header()).as(where).isEqualTo(VectorHeaders.header(s.get("packet").get("header")));

            Depacketizer.Result result = depacketizer.push(packet);
            JsonNode expected = s.get("result");
            JsonNode firstInterruption = null;
            for (JsonNode e : s.get("logged_events")) {
                if (e.has("interrupted")) {
                    firstInterruption = e.get("interrupted");
                    break;
                }
            }
            if (expected.has("frame")) {
                JsonNode f = expected.get("frame");
                assertThat(result.frame()).as(where).isNotNull();
                assertThat(Vectors.hex(result.frame().payload())).as(where).isEqualTo(f.get("payload").asText());
                assertThat(result.frame().extensions()).as(where)
                        .isEqualTo(VectorHeaders.extensions(f.get("extensions")));
            } else {
                assertThat(result.frame()).as(where).isNull();
            }
            if (expected.has("drop")) {
                JsonNode d = expected.get("drop");
                assertThat(result.drop()).as(where).isNotNull();
                assertThat(result.drop().reason()).as(where).isEqualTo(reasonOf(d.get("reason").asText()));
                assertThat(result.drop().frameNumber()).as(where).isEqualTo(d.get("frame_number").asInt());
                if (d.has("received")) {
                    assertThat(result.drop().received()).as(where).isEqualTo(d.get("received").asInt());
                    // JS reports expected without the u16 wrap; we report it wrapped, as Rust does.
                    assertThat(result.drop().expected()).as(where)
                            .isEqualTo(d.get("expected_reported_by_js").asInt() & 0xFFFF);
                }
            } else if (firstInterruption != null) {
                assertThat(result.drop()).as(where).isNotNull();
                assertThat(result.drop().reason()).as(where).isEqualTo(DepacketizerDrop.Reason.INTERRUPTED);
                assertThat(result.drop().frameNumber()).as(where)
                        .isEqualTo(firstInterruption.get("frame_number").asInt());
                assertThat(result.drop().newFrameNumber()).as(where)
                        .isEqualTo(firstInterruption.get("new_frame_number").asInt());
            } else {
                assertThat(result.drop()).as(where).isNull();
            }
        }
    }

    private static DepacketizerDrop.Reason reasonOf(String upstream) {
        String snake = upstream.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        return DepacketizerDrop.Reason.valueOf(snake);
    }
}
