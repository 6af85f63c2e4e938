package io.livekit.datatrack;

import java.util.Objects;

/**
 * Names the schema of a typed track. Two ids with the same name but different encodings are
 * different schemas.
 *
 * @param name the schema name (non-empty, at most 256 characters by protocol convention)
 * @param encoding the schema language
 */
public record SchemaId(String name, SchemaEncoding encoding) {
    /** Checks for null. */
    public SchemaId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(encoding, "encoding");
    }

    /** A schema id. */
    public static SchemaId of(String name, SchemaEncoding encoding) {
        return new SchemaId(name, encoding);
    }
}
