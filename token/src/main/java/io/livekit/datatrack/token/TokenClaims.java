package io.livekit.datatrack.token;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The verified content of a LiveKit access token. Immutable.
 *
 * @param apiKey the issuer ({@code iss})
 * @param identity participant identity ({@code sub}, or {@code jti} when {@code sub} is empty)
 * @param name display name ({@code name}), empty if absent
 * @param metadata participant metadata ({@code metadata}), empty if absent
 * @param attributes participant attributes ({@code attributes})
 * @param video the video grant with LiveKit's defaults applied
 * @param expiresAt {@code exp}
 * @param notBefore {@code nbf}, if present
 */
public record TokenClaims(
        String apiKey,
        String identity,
        String name,
        String metadata,
        Map<String, String> attributes,
        VideoGrant video,
        Instant expiresAt,
        Optional<Instant> notBefore) {

    /** Checks for null and copies the attributes. */
    public TokenClaims {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(notBefore, "notBefore");
    }
}
