package io.livekit.datatrack.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies LiveKit access tokens the way the LiveKit server does: HS256 only, the secret chosen by
 * the {@code iss} claim (the API key), {@code exp} and {@code nbf} checked with a leeway, LiveKit's
 * grant defaults applied.
 *
 * <p>Differences from LiveKit v1.13.5, both deliberate: {@code exp} is required (later LiveKit
 * versions require it too), and any malformed input, including tokens over 64 KiB, is a
 * {@link TokenException}, never another exception.
 *
 * <p>Immutable and thread-safe. {@link #toString()} does not reveal secrets.
 */
public final class TokenVerifier {

    /** The leeway LiveKit applies to {@code exp} and {@code nbf}. */
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);

    /** Tokens longer than this many characters are rejected unparsed. */
    public static final int MAX_TOKEN_LENGTH = 64 * 1024;

    private static final Instant MIN_INSTANT = Instant.MIN;
    private static final Instant MAX_INSTANT = Instant.MAX;

    private final Map<String, SecretKeySpec> keys;
    private final Clock clock;
    private final Duration leeway;

    /**
     * A verifier with the default 60 s leeway.
     *
     * @param keys API key to API secret; neither may be empty
     * @param clock the time {@code exp} and {@code nbf} are compared with
     */
    public TokenVerifier(Map<String, String> keys, Clock clock) {
        this(keys, clock, DEFAULT_LEEWAY);
    }

    /**
     * @param keys API key to API secret; neither may be empty
     * @param clock the time {@code exp} and {@code nbf} are compared with
     * @param leeway tolerance for clock skew, not negative
     */
    public TokenVerifier(Map<String, String> keys, Clock clock, Duration leeway) {
        Objects.requireNonNull(keys, "keys");
        Map<String, SecretKeySpec> copy = new HashMap<>();
        keys.forEach((apiKey, secret) -> {
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(secret, "secret");
            if (apiKey.isEmpty()) {
                throw new IllegalArgumentException("empty API key");
            }
            copy.put(apiKey, Jws.key(secret));
        });
        this.keys = Map.copyOf(copy);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leeway = Objects.requireNonNull(leeway, "leeway");
        if (leeway.isNegative()) {
            throw new IllegalArgumentException("negative leeway");
        }
    }

    /** The API keys this verifier accepts. */
    public Set<String> apiKeys() {
        return keys.keySet();
    }

    /**
     * Verifies {@code jwt} and returns its claims with LiveKit's defaults applied.
     *
     * @throws TokenException if the token is malformed, unsigned or signed otherwise than with
     *     HS256, signed with another secret, from an unknown API key, without {@code exp}, expired
     *     or not yet valid
     */
    public TokenClaims verify(String jwt) throws TokenException {
        return verifyToken(jwt).claims();
    }

    /**
     * Like {@link #verify(String)}, and also reports whether the token had a {@code video} claim.
     *
     * @throws TokenException as {@link #verify(String)}
     */
    public VerifiedToken verifyToken(String jwt) throws TokenException {
        if (jwt == null || jwt.isEmpty()) {
            throw malformed("empty token");
        }
        if (jwt.length() > MAX_TOKEN_LENGTH) {
            throw malformed("token too large");
        }
        int dot1 = jwt.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : jwt.indexOf('.', dot1 + 1);
        if (dot1 < 0 || dot2 < 0 || jwt.indexOf('.', dot2 + 1) >= 0) {
            throw malformed("token is not a compact JWS");
        }
        JsonNode header = decodeJson(jwt.substring(0, dot1), "header");
        JsonNode payload = decodeJson(jwt.substring(dot1 + 1, dot2), "payload");
        byte[] signature;
        try {
            signature = Jws.DECODER.decode(jwt.substring(dot2 + 1));
        } catch (IllegalArgumentException e) {
            throw malformed("signature is not base64url");
        }

        // Everything is parsed and typed before the key lookup, as LiveKit does.
        String alg = requiredString(header, "alg");
        String issuer = optionalString(payload, "iss");
        String subject = optionalString(payload, "sub");
        String jwtId = optionalString(payload, "jti");
        Optional<Instant> expiresAt = optionalNumericDate(payload, "exp");
        Optional<Instant> notBefore = optionalNumericDate(payload, "nbf");
        String name = optionalString(payload, "name");
        String metadata = optionalString(payload, "metadata");
        Map<String, String> attributes = stringMap(payload, "attributes");
        JsonNode videoNode = payload.get("video");
        boolean hasVideo = videoNode != null && !videoNode.isNull();
        VideoGrant video = hasVideo ? videoGrant(videoNode) : VideoGrant.defaults();

        SecretKeySpec key = keys.get(issuer);
        if (key == null) {
            throw new TokenException(TokenException.Reason.UNKNOWN_API_KEY, "invalid API key: " + printable(issuer));
        }
        if (!Jws.ALGORITHM.equals(alg)) {
            throw new TokenException(TokenException.Reason.UNSUPPORTED_ALGORITHM,
                    "signing method is not HS256");
        }
        byte[] expected = Jws.sign(key, jwt.substring(0, dot2));
        if (!MessageDigest.isEqual(expected, signature)) {
            throw new TokenException(TokenException.Reason.BAD_SIGNATURE, "token signature is invalid");
        }
        if (expiresAt.isEmpty()) {
            throw new TokenException(TokenException.Reason.MISSING_EXPIRY, "token is missing the exp claim");
        }
        Instant now = clock.instant();
        // valid while now <= exp + leeway, written without overflowing at Instant.MAX
        if (now.minus(leeway).isAfter(expiresAt.get())) {
            throw new TokenException(TokenException.Reason.EXPIRED, "token is expired");
        }
        // valid once now >= nbf - leeway
        if (notBefore.isPresent() && now.plus(leeway).isBefore(notBefore.get())) {
            throw new TokenException(TokenException.Reason.NOT_YET_VALID, "token is not valid yet");
        }

        String identity = subject.isEmpty() ? jwtId : subject;
        TokenClaims claims = new TokenClaims(issuer, identity, name, metadata, attributes, video,
                expiresAt.get(), notBefore);
        return new VerifiedToken(claims, hasVideo);
    }

    private static JsonNode decodeJson(String part, String what) throws TokenException {
        byte[] bytes;
        try {
            bytes = Jws.DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw malformed(what + " is not base64url");
        }
        JsonNode node;
        try {
            node = Jws.JSON.readTree(bytes);
        } catch (java.io.IOException | RuntimeException e) {
            throw malformed(what + " is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw malformed(what + " is not a JSON object");
        }
        return node;
    }

    private static String requiredString(JsonNode object, String field) throws TokenException {
        JsonNode node = object.get(field);
        if (node == null || !node.isTextual()) {
            throw malformed("missing or non-string " + field);
        }
        return node.textValue();
    }

    /** A string claim; absent or null is "". */
    private static String optionalString(JsonNode object, String field) throws TokenException {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw malformed(field + " is not a string");
        }
        return node.textValue();
    }

    private static Optional<Boolean> optionalBoolean(JsonNode object, String field) throws TokenException {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw malformed(field + " is not a boolean");
        }
        return Optional.of(node.booleanValue());
    }

    /** A JWT NumericDate: seconds since the epoch, possibly fractional. */
    private static Optional<Instant> optionalNumericDate(JsonNode object, String field) throws TokenException {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            throw malformed(field + " is not a number");
        }
        BigDecimal value = node.decimalValue();
        if (value.compareTo(BigDecimal.valueOf(MIN_INSTANT.getEpochSecond())) < 0
                || value.compareTo(BigDecimal.valueOf(MAX_INSTANT.getEpochSecond())) > 0) {
            throw malformed(field + " is out of range");
        }
        BigDecimal seconds = value.setScale(0, RoundingMode.FLOOR);
        long nanos = value.subtract(seconds).movePointRight(9).setScale(0, RoundingMode.FLOOR).longValue();
        return Optional.of(Instant.ofEpochSecond(seconds.longValueExact(), nanos));
    }

    private static Map<String, String> stringMap(JsonNode object, String field) throws TokenException {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw malformed(field + " is not an object");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw malformed(field + " has a non-string value");
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
    }

    /** The {@code video} claim with LiveKit's defaults for absent keys. */
    private static VideoGrant videoGrant(JsonNode node) throws TokenException {
        if (!node.isObject()) {
            throw malformed("video is not an object");
        }
        String room = optionalString(node, "room");
        boolean roomJoin = optionalBoolean(node, "roomJoin").orElse(false);
        boolean canPublish = optionalBoolean(node, "canPublish").orElse(true);
        boolean canPublishData = optionalBoolean(node, "canPublishData").orElse(canPublish);
        boolean canSubscribe = optionalBoolean(node, "canSubscribe").orElse(true);
        List<String> sources = new ArrayList<>();
        JsonNode sourcesNode = node.get("canPublishSources");
        if (sourcesNode != null && !sourcesNode.isNull()) {
            if (!sourcesNode.isArray()) {
                throw malformed("canPublishSources is not an array");
            }
            for (JsonNode s : sourcesNode) {
                if (!s.isTextual()) {
                    throw malformed("canPublishSources has a non-string element");
                }
                sources.add(s.textValue());
            }
        }
        boolean canUpdateOwnMetadata = optionalBoolean(node, "canUpdateOwnMetadata").orElse(false);
        boolean hidden = optionalBoolean(node, "hidden").orElse(false);
        boolean recorder = optionalBoolean(node, "recorder").orElse(false);
        boolean agent = optionalBoolean(node, "agent").orElse(false);
        return new VideoGrant(room, roomJoin, canPublish, canPublishData, canSubscribe, sources,
                canUpdateOwnMetadata, hidden, recorder, agent);
    }

    /** The API key as it may appear in a message: printable ASCII, at most 64 characters. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 64));
        for (int i = 0; i < s.length() && sb.length() < 64; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    private static TokenException malformed(String detail) {
        return new TokenException(TokenException.Reason.MALFORMED, "malformed token: " + detail);
    }

    @Override
    public String toString() {
        return "TokenVerifier[apiKeys=" + keys.keySet() + ", leeway=" + leeway + "]";
    }
}
