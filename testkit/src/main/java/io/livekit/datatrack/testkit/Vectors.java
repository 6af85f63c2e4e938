package io.livekit.datatrack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads the conformance vectors that ship with this module (copied unchanged from the project's
 * specification). A missing file is an error, never a skip: a test that finds no vectors must fail.
 */
public final class Vectors {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private Vectors() {}

    /** Reads {@code name} (e.g. {@code "packets.json"}) from the bundled vector folder. */
    public static JsonNode load(String name) {
        String resource = "vectors/" + name;
        try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("conformance vector file missing: " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vector file " + resource, e);
        }
    }

    /** The entries of array {@code field} of {@code name}; fails if the array is absent or empty. */
    public static List<JsonNode> cases(String name, String field) {
        JsonNode array = load(name).path(field);
        if (!array.isArray() || array.isEmpty()) {
            throw new IllegalStateException("vector file " + name + " has no entries in '" + field + "'");
        }
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** Decodes a lowercase hex string as used by every vector file ("" is zero bytes). */
    public static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    /** Encodes bytes as lowercase hex, the vectors' format. */
    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** A generated vector payload: byte i = (i + seed) mod 256. */
    public static byte[] seededPayload(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i + seed);
        }
        return b;
    }
}
