package io.livekit.datatrack.e2ee;

import static io.livekit.datatrack.testkit.Vectors.hex;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.internal.e2ee.IvGenerator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Helpers shared by the {@code e2ee.json} vector tests. */
final class E2eeVectorSupport {
    static final String FILE = "e2ee.json";

    private E2eeVectorSupport() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalStateException("vector field '" + field + "' missing in " + node);
        }
        return hex(value.asText());
    }

    /**
     * An IV generator whose next IV is {@code iv}: the random word, the time and the send count
     * are read back out of the IV's three words.
     */
    static IvGenerator reproducing(byte[] iv) {
        ByteBuffer words = ByteBuffer.wrap(iv);
        int random = words.getInt();
        long t = Integer.toUnsignedLong(words.getInt());
        long count = Integer.toUnsignedLong((int) (t - Integer.toUnsignedLong(words.getInt())));
        return new IvGenerator(() -> random, () -> t, count);
    }

    /** A shared-key provider (default options but the derivation) with one key at {@code index}. */
    static KeyProvider sharedProvider(byte[] material, KeyDerivation derivation, int index, IvGenerator ivs) {
        KeyProvider provider = KeyProvider.create(
                KeyProviderOptions.defaults().withSharedKeyMode(true).withKeyDerivation(derivation), ivs);
        provider.setSharedKey(material, index);
        return provider;
    }
}
