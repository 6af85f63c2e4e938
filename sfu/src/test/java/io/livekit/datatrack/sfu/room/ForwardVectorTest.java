package io.livekit.datatrack.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketFormatException;
import io.livekit.datatrack.testkit.Vectors;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every entry of {@code sfu_forward.json} (what LiveKit's Go server sends a subscriber for each
 * input packet) against our forwarding rule: validate with the strict reader, then copy and
 * rewrite the handle.
 *
 * <ul>
 *   <li>Inputs Go drops, we drop.
 *   <li>Inputs Go forwards but our reader rejects are exactly those the clients' reference parser
 *       rejects too ({@code deserialize.json} → {@code rust_expected}): dropping them early loses
 *       nothing a client could have read.
 *   <li>Inputs we forward reach the subscriber with the header and payload the publisher sent,
 *       under the subscriber handle; for canonical inputs the bytes are identical to Go's. The one
 *       difference: extensions after leading padding, which Go's parser drops, reach the
 *       subscriber with us.
 * </ul>
 */
class ForwardVectorTest {

    @TestFactory
    Stream<DynamicTest> forwardingMatchesTheGoServer() {
        Map<String, JsonNode> rustExpected = new HashMap<>();
        for (JsonNode c : Vectors.cases("deserialize.json", "cases")) {
            rustExpected.put(c.get("name").asText(), c.get("rust_expected"));
        }
        return Vectors.cases("sfu_forward.json", "forward").stream().map(c -> DynamicTest.dynamicTest(
                "sfu_forward/" + c.get("name").asText(), () -> {
                    byte[] input = Vectors.hex(c.get("input").asText());
                    int handle = c.get("subscriber_handle").asInt();
                    if (c.has("error")) {
                        assertThatThrownBy(() -> Packet.parse(input)).isInstanceOf(PacketFormatException.class);
                        return;
                    }
                    byte[] goOutput = Vectors.hex(c.get("output").asText());
                    Packet parsed;
                    try {
                        parsed = Packet.parse(input);
                    } catch (PacketFormatException e) {
                        JsonNode rust = rustExpected.get(c.get("name").asText());
                        assertThat(rust).as("a packet we drop must be one the clients reject").isNotNull();
                        assertThat(rust.has("error")).as("clients reject it too").isTrue();
                        return;
                    }
                    byte[] ours = Forwarding.forwardedCopy(input, handle);
                    Packet received = Packet.parse(ours);
                    assertThat(received.header().trackHandle()).isEqualTo(handle);
                    // The subscriber reads exactly what the publisher sent, under its own handle.
                    assertThat(received.header().withTrackHandle(parsed.header().trackHandle())).isEqualTo(parsed.header());
                    assertThat(received.payloadBytes()).isEqualTo(parsed.payloadBytes());
                    Packet go = Packet.parse(goOutput);
                    if (!received.equals(go)) {
                        // Go's parser stops at the first zero id, so extensions after padding are
                        // lost when it re-serialises (datatrack-core.md 2.7). We keep them: only
                        // the extensions may differ, and only by what Go dropped.
                        assertThat(go.header().withTrackHandle(handle).extensions().isEmpty()
                                || go.header().extensions().e2ee().isEmpty()
                                || go.header().extensions().userTimestamp().isEmpty()).isTrue();
                        assertThat(go.header().withTrackHandle(handle))
                                .isEqualTo(new io.livekit.datatrack.packet.PacketHeader(
                                        received.header().marker(), handle, received.header().sequence(),
                                        received.header().frameNumber(), received.header().timestamp(),
                                        go.header().extensions()));
                        assertThat(go.payloadBytes()).isEqualTo(received.payloadBytes());
                        assertThat(c.get("name").asText()).contains("padding_before_extension");
                    }
                    if (java.util.Arrays.equals(parsed.toByteArray(), input)) {
                        assertThat(Vectors.hex(ours)).as("canonical input").isEqualTo(c.get("output").asText());
                    }
                }));
    }

    /**
     * {@code participant_sid_ext}: what Go's (test-only) participant-SID extension helper would add.
     * Its id collides with the clients' E2EE extension, so forwarding must never add it: what we
     * forward carries exactly the extensions the publisher wrote.
     */
    @TestFactory
    Stream<DynamicTest> forwardingNeverAddsTheParticipantSidExtension() {
        return Vectors.cases("sfu_forward.json", "participant_sid_ext").stream().map(c -> DynamicTest.dynamicTest(
                "sfu_forward/participant_sid_ext/" + c.get("name").asText(), () -> {
                    byte[] input = Vectors.hex(c.get("input").asText());
                    Packet parsed = Packet.parse(input);
                    int handle = c.get("subscriber_handle").asInt() == 0 ? 1 : c.get("subscriber_handle").asInt();
                    byte[] ours = Forwarding.forwardedCopy(input, handle);
                    assertThat(Vectors.hex(ours)).isNotEqualTo(c.get("output").asText());
                    assertThat(ours).hasSameSizeAs(input);
                    assertThat(Packet.parse(ours).header().extensions()).isEqualTo(parsed.header().extensions());
                }));
    }
}
