package io.livekit.datatrack.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses API key lists in LiveKit's {@code --keys} / {@code LIVEKIT_KEYS} format. */
final class KeyOptions {
    private KeyOptions() {}

    /**
     * Parses {@code "key1: secret1, key2: secret2"} (also newline separated, as in a keys file).
     *
     * @throws IllegalArgumentException for an entry without {@code :} or with an empty part
     */
    static Map<String, String> parse(String spec) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String entry : spec.split("[,\\n]")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("key entries look like 'key: secret': " + trimmed);
            }
            String key = trimmed.substring(0, colon).trim();
            String secret = trimmed.substring(colon + 1).trim();
            if (key.isEmpty() || secret.isEmpty()) {
                throw new IllegalArgumentException("key entries look like 'key: secret'");
            }
            keys.put(key, secret);
        }
        return keys;
    }
}
