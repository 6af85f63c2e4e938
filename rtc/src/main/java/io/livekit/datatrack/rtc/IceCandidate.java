package io.livekit.datatrack.rtc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An ICE candidate as LiveKit signaling carries it: the JSON object {@code candidateInit} of a
 * {@code TrickleRequest}, with camelCase keys {@code candidate} (the {@code candidate:…} line
 * without {@code a=}), {@code sdpMid} (string) and {@code sdpMLineIndex} (integer).
 *
 * @param candidate the candidate line, never empty
 * @param sdpMid the media id, never null (may be empty)
 * @param sdpMLineIndex the m-line index (≥ 0)
 */
public record IceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the fields. */
    public IceCandidate {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(sdpMid, "sdpMid");
        if (candidate.isEmpty()) {
            throw new IllegalArgumentException("empty candidate");
        }
        if (sdpMLineIndex < 0) {
            throw new IllegalArgumentException("negative sdpMLineIndex");
        }
    }

    /**
     * The JSON form sent in {@code TrickleRequest.candidateInit}. The Rust SDK parses it strictly:
     * {@code sdpMid} a string, {@code sdpMLineIndex} an integer.
     */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("candidate", candidate);
        node.put("sdpMid", sdpMid);
        node.put("sdpMLineIndex", sdpMLineIndex);
        return node.toString();
    }

    /**
     * Parses {@code candidateInit}. Tolerates what real peers send: a missing or null
     * {@code sdpMid} (becomes empty), {@code usernameFragment} (ignored).
     *
     * @throws IllegalArgumentException if it is not such an object or the candidate is empty
     */
    public static IceCandidate fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("candidate is not JSON", e);
        }
        if (node == null || !node.isObject() || !node.path("candidate").isTextual()) {
            throw new IllegalArgumentException("candidate JSON lacks a candidate string");
        }
        JsonNode mid = node.path("sdpMid");
        JsonNode index = node.path("sdpMLineIndex");
        return new IceCandidate(
                node.get("candidate").asText(),
                mid.isTextual() ? mid.asText() : "",
                index.canConvertToInt() ? Math.max(0, index.asInt()) : 0);
    }
}
