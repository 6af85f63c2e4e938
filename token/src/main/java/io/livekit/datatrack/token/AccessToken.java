package io.livekit.datatrack.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.spec.SecretKeySpec;

/**
 * A LiveKit access token to be minted: an HS256 JWT signed with the API secret, with the claims
 * LiveKit servers read ({@code iss}, {@code sub}, {@code exp}, {@code nbf}, {@code name},
 * {@code metadata}, {@code attributes}, {@code video}).
 *
 * <pre>{@code
 * String jwt = AccessToken.builder("devkey", "secret")
 *         .identity("alice")
 *         .videoGrant(VideoGrant.join("my-room"))
 *         .toJwt();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} does not reveal the secret.
 */
public final class AccessToken {

    /** The default lifetime when neither {@link Builder#ttl} nor {@link Builder#expiresAt} is set. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(6);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String apiKey;
    private final SecretKeySpec key;
    private final String identity;
    private final String name;
    private final String metadata;
    private final Map<String, String> attributes;
    private final Duration ttl;
    private final Instant expiresAt;
    private final Instant notBefore;
    private final VideoGrant video;
    private final Clock clock;

    private AccessToken(Builder b) {
        this.apiKey = b.apiKey;
        this.key = Jws.key(b.secret);
        this.identity = b.identity;
        this.name = b.name;
        this.metadata = b.metadata;
        this.attributes = Map.copyOf(b.attributes);
        this.ttl = b.ttl;
        this.expiresAt = b.expiresAt;
        this.notBefore = b.notBefore;
        this.video = b.video;
        this.clock = b.clock;
    }

    /**
     * Starts a token for {@code apiKey}, signed with {@code secret}.
     *
     * @throws IllegalArgumentException if either is empty
     */
    public static Builder builder(String apiKey, String secret) {
        return new Builder(apiKey, secret);
    }

    /** The API key ({@code iss}). */
    public String apiKey() {
        return apiKey;
    }

    /** The participant identity ({@code sub}), empty if not set. */
    public String identity() {
        return identity;
    }

    /** The display name, empty if not set. */
    public String name() {
        return name;
    }

    /** The participant metadata, empty if not set. */
    public String metadata() {
        return metadata;
    }

    /** The participant attributes. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** The video grant, if any. */
    public Optional<VideoGrant> videoGrant() {
        return Optional.ofNullable(video);
    }

    /** The {@code nbf} claim, if set. */
    public Optional<Instant> notBefore() {
        return Optional.ofNullable(notBefore);
    }

    /** The expiry: the explicit {@link Builder#expiresAt} or now + ttl on the builder's clock. */
    public Instant expiresAt() {
        return expiresAt != null ? expiresAt : clock.instant().plus(ttl);
    }

    /**
     * Signs the token. Without an explicit {@link Builder#expiresAt} each call computes
     * {@code exp} from the current time of the builder's clock.
     */
    public String toJwt() {
        ObjectNode header = NODES.objectNode();
        header.put("alg", Jws.ALGORITHM);
        header.put("typ", "JWT");

        ObjectNode claims = NODES.objectNode();
        claims.put("iss", apiKey);
        if (!identity.isEmpty()) {
            claims.put("sub", identity);
        }
        claims.put("exp", expiresAt().getEpochSecond());
        if (notBefore != null) {
            claims.put("nbf", notBefore.getEpochSecond());
        }
        if (!name.isEmpty()) {
            claims.put("name", name);
        }
        if (!metadata.isEmpty()) {
            claims.put("metadata", metadata);
        }
        if (!attributes.isEmpty()) {
            ObjectNode attrs = claims.putObject("attributes");
            new TreeMap<>(attributes).forEach(attrs::put);
        }
        if (video != null) {
            claims.set("video", videoJson(video));
        }

        String signingInput = encode(header) + "." + encode(claims);
        return signingInput + "." + Jws.ENCODER.encodeToString(Jws.sign(key, signingInput));
    }

    /**
     * The {@code video} claim: {@code canPublish}, {@code canPublishData} and {@code canSubscribe}
     * are always written (receivers default them to true, and {@code canPublishData} to
     * {@code canPublish}); the other keys only when they differ from their defaults.
     */
    private static ObjectNode videoJson(VideoGrant v) {
        ObjectNode node = NODES.objectNode();
        if (!v.room().isEmpty()) {
            node.put("room", v.room());
        }
        if (v.roomJoin()) {
            node.put("roomJoin", true);
        }
        node.put("canPublish", v.canPublish());
        node.put("canPublishData", v.canPublishData());
        node.put("canSubscribe", v.canSubscribe());
        if (!v.canPublishSources().isEmpty()) {
            ArrayNode sources = node.putArray("canPublishSources");
            v.canPublishSources().forEach(sources::add);
        }
        if (v.canUpdateOwnMetadata()) {
            node.put("canUpdateOwnMetadata", true);
        }
        if (v.hidden()) {
            node.put("hidden", true);
        }
        if (v.recorder()) {
            node.put("recorder", true);
        }
        if (v.agent()) {
            node.put("agent", true);
        }
        return node;
    }

    private static String encode(ObjectNode node) {
        try {
            return Jws.ENCODER.encodeToString(Jws.JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise token claims", e);
        }
    }

    @Override
    public String toString() {
        return "AccessToken[apiKey=" + apiKey + ", identity=" + identity + ", video=" + video + "]";
    }

    /** Collects the claims of an {@link AccessToken}. Not thread-safe. */
    public static final class Builder {
        private final String apiKey;
        private final String secret;
        private String identity = "";
        private String name = "";
        private String metadata = "";
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private Duration ttl = DEFAULT_TTL;
        private Instant expiresAt;
        private Instant notBefore;
        private VideoGrant video;
        private Clock clock = Clock.systemUTC();

        private Builder(String apiKey, String secret) {
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(secret, "secret");
            if (apiKey.isEmpty()) {
                throw new IllegalArgumentException("empty API key");
            }
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("empty API secret");
            }
            this.apiKey = apiKey;
            this.secret = secret;
        }

        /** The participant identity ({@code sub}); required when the grant has {@code roomJoin}. */
        public Builder identity(String value) {
            this.identity = Objects.requireNonNull(value, "identity");
            return this;
        }

        /** The display name. */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /** The participant metadata. */
        public Builder metadata(String value) {
            this.metadata = Objects.requireNonNull(value, "metadata");
            return this;
        }

        /** Replaces the participant attributes. */
        public Builder attributes(Map<String, String> value) {
            Map<String, String> copy = Map.copyOf(value);
            attributes.clear();
            attributes.putAll(copy);
            return this;
        }

        /** Adds one participant attribute. */
        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Lifetime from the moment of signing (default 6 h); clears {@link #expiresAt}. */
        public Builder ttl(Duration value) {
            Objects.requireNonNull(value, "ttl");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("ttl must be positive");
            }
            this.ttl = value;
            this.expiresAt = null;
            return this;
        }

        /** A fixed expiry ({@code exp}); overrides {@link #ttl}. */
        public Builder expiresAt(Instant value) {
            this.expiresAt = Objects.requireNonNull(value, "expiresAt");
            return this;
        }

        /** The {@code nbf} claim. */
        public Builder notBefore(Instant value) {
            this.notBefore = Objects.requireNonNull(value, "notBefore");
            return this;
        }

        /** The {@code video} grant. */
        public Builder videoGrant(VideoGrant value) {
            this.video = Objects.requireNonNull(value, "videoGrant");
            return this;
        }

        /** The clock {@code exp} is computed from (default: system UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the token.
         *
         * @throws IllegalStateException if the grant allows {@code roomJoin} but no identity is set
         *     (as LiveKit's own SDKs refuse)
         */
        public AccessToken build() {
            if (video != null && video.roomJoin() && identity.isEmpty()) {
                throw new IllegalStateException("identity is required for a join token");
            }
            return new AccessToken(this);
        }

        /** Shorthand for {@code build().toJwt()}. */
        public String toJwt() {
            return build().toJwt();
        }
    }
}
