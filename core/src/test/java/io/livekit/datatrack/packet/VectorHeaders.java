package io.livekit.datatrack.packet;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.testkit.Vectors;
import java.util.Locale;
import java.util.OptionalLong;

/** Converts the vectors' JSON header objects to and from our types. */
public final class VectorHeaders {
    private VectorHeaders() {}

    public static PacketExtensions extensions(JsonNode ext) {
        E2eeExtension e2ee = null;
        JsonNode e = ext.path("e2ee");
        if (!e.isNull() && !e.isMissingNode()) {
            e2ee = new E2eeExtension(e.get("key_index").asInt(), Vectors.hex(e.get("iv").asText()));
        }
        JsonNode ts = ext.path("user_timestamp");
        OptionalLong userTs = ts.isNull() || ts.isMissingNode()
                ? OptionalLong.empty()
                : OptionalLong.of(Long.parseUnsignedLong(ts.asText()));
        return PacketExtensions.of(e2ee, userTs);
    }

    public static FrameMarker marker(String name) {
        return FrameMarker.valueOf(name.toUpperCase(Locale.ROOT));
    }

    public static PacketHeader header(JsonNode h) {
        return new PacketHeader(
                marker(h.get("marker").asText()),
                h.get("track_handle").asInt(),
                h.get("sequence").asInt(),
                h.get("frame_number").asInt(),
                h.get("timestamp").asLong(),
                extensions(h.get("extensions")));
    }
}
