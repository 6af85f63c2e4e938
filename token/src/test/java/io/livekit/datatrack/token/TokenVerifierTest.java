package io.livekit.datatrack.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.livekit.datatrack.token.TokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {

    private static final String SECRET = "secret-that-must-never-leak";
    private static final long NOW = 1_772_366_400L; // 2026-03-01T12:00:00Z
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final TokenVerifier VERIFIER = new TokenVerifier(Map.of("devkey", SECRET), CLOCK);

    private static String claims(String extra) {
        return "{\"iss\":\"devkey\",\"sub\":\"alice\",\"exp\":" + (NOW + 3600)
                + ",\"video\":{\"room\":\"r\",\"roomJoin\":true}" + extra + "}";
    }

    private static TokenException reject(String jwt) {
        TokenException e = catchThrowableOfType(TokenException.class, () -> VERIFIER.verify(jwt));
        assertThat(e).as("expected a TokenException").isNotNull();
        assertThat(e.message()).doesNotContain(SECRET);
        if (jwt != null && jwt.length() > 20) {
            assertThat(e.message()).doesNotContain(jwt);
        }
        return e;
    }

    private static Reason reason(String jwt) {
        return reject(jwt).reason();
    }

    @Test
    void acceptsAValidToken() throws Exception {
        TokenClaims c = VERIFIER.verify(RawJwt.hs256(claims(""), SECRET));
        assertThat(c.identity()).isEqualTo("alice");
        assertThat(c.video().room()).isEqualTo("r");
        assertThat(c.video().roomJoin()).isTrue();
        assertThat(c.expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW + 3600));
        assertThat(c.notBefore()).isEmpty();
        assertThat(c.name()).isEmpty();
        assertThat(c.metadata()).isEmpty();
        assertThat(c.attributes()).isEmpty();
    }

    @Test
    void grantDefaults() throws Exception {
        VideoGrant v = VERIFIER.verify(RawJwt.hs256(claims(""), SECRET)).video();
        assertThat(v.canPublish()).isTrue();
        assertThat(v.canPublishData()).isTrue();
        assertThat(v.canSubscribe()).isTrue();
        assertThat(v.canPublishSources()).isEmpty();
        assertThat(v.canUpdateOwnMetadata()).isFalse();
        assertThat(v.hidden()).isFalse();
        assertThat(v.recorder()).isFalse();
        assertThat(v.agent()).isFalse();

        String noPublish = "{\"iss\":\"devkey\",\"sub\":\"a\",\"exp\":" + (NOW + 60)
                + ",\"video\":{\"room\":\"r\",\"roomJoin\":true,\"canPublish\":false}}";
        VideoGrant np = VERIFIER.verify(RawJwt.hs256(noPublish, SECRET)).video();
        assertThat(np.canPublish()).isFalse();
        assertThat(np.canPublishData()).as("canPublishData defaults to canPublish").isFalse();

        String dataOnly = "{\"iss\":\"devkey\",\"sub\":\"a\",\"exp\":" + (NOW + 60)
                + ",\"video\":{\"canPublish\":false,\"canPublishData\":true,\"canSubscribe\":false,"
                + "\"canPublishSources\":[\"camera\"],\"hidden\":true,\"roomJoin\":null}}";
        VideoGrant d = VERIFIER.verify(RawJwt.hs256(dataOnly, SECRET)).video();
        assertThat(d.canPublishData()).isTrue();
        assertThat(d.canSubscribe()).isFalse();
        assertThat(d.canPublishSources()).containsExactly("camera");
        assertThat(d.hidden()).isTrue();
        assertThat(d.roomJoin()).isFalse();
        assertThat(d.room()).isEmpty();
    }

    @Test
    void emptyVideoClaimIsAGrantWithDefaults() throws Exception {
        String p = "{\"iss\":\"devkey\",\"sub\":\"a\",\"exp\":" + (NOW + 60) + ",\"video\":{}}";
        VerifiedToken v = VERIFIER.verifyToken(RawJwt.hs256(p, SECRET));
        assertThat(v.hasVideoGrant()).isTrue();
        assertThat(v.claims().video()).isEqualTo(VideoGrant.defaults());

        String none = "{\"iss\":\"devkey\",\"sub\":\"a\",\"exp\":" + (NOW + 60) + ",\"video\":null}";
        assertThat(VERIFIER.verifyToken(RawJwt.hs256(none, SECRET)).hasVideoGrant()).isFalse();
    }

    @Test
    void identityFallsBackToJti() throws Exception {
        String p = "{\"iss\":\"devkey\",\"sub\":\"\",\"jti\":\"from-jti\",\"exp\":" + (NOW + 60) + "}";
        assertThat(VERIFIER.verify(RawJwt.hs256(p, SECRET)).identity()).isEqualTo("from-jti");
        String q = "{\"iss\":\"devkey\",\"jti\":\"only-jti\",\"exp\":" + (NOW + 60) + "}";
        assertThat(VERIFIER.verify(RawJwt.hs256(q, SECRET)).identity()).isEqualTo("only-jti");
        String r = "{\"iss\":\"devkey\",\"exp\":" + (NOW + 60) + "}";
        assertThat(VERIFIER.verify(RawJwt.hs256(r, SECRET)).identity()).isEmpty();
    }

    @Test
    void readsNameMetadataAttributes() throws Exception {
        TokenClaims c = VERIFIER.verify(RawJwt.hs256(
                claims(",\"name\":\"Alice\",\"metadata\":\"m\",\"attributes\":{\"x\":\"1\"},\"iat\":\"ignored\","
                        + "\"kind\":\"agent\",\"sip\":{\"admin\":true},\"roomConfig\":{\"name\":\"x\"}"),
                SECRET));
        assertThat(c.name()).isEqualTo("Alice");
        assertThat(c.metadata()).isEqualTo("m");
        assertThat(c.attributes()).isEqualTo(Map.of("x", "1"));
    }

    @Test
    void unknownApiKey() {
        String p = "{\"iss\":\"otherkey\",\"sub\":\"a\",\"exp\":" + (NOW + 60) + "}";
        TokenException e = reject(RawJwt.hs256(p, SECRET));
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_API_KEY);
        assertThat(e.message()).isEqualTo("invalid API key: otherkey");
        String noIss = "{\"sub\":\"a\",\"exp\":" + (NOW + 60) + "}";
        assertThat(reason(RawJwt.hs256(noIss, SECRET))).isEqualTo(Reason.UNKNOWN_API_KEY);
        String weirdIss = "{\"iss\":\"a\\u0000b\\n" + "x".repeat(200) + "\",\"exp\":" + (NOW + 60) + "}";
        TokenException w = reject(RawJwt.hs256(weirdIss, SECRET));
        assertThat(w.message()).startsWith("invalid API key: a?b?x").hasSizeLessThanOrEqualTo(17 + 64);
    }

    @Test
    void badSignature() {
        assertThat(reason(RawJwt.hs256(claims(""), "another-secret"))).isEqualTo(Reason.BAD_SIGNATURE);
        String good = RawJwt.hs256(claims(""), SECRET);
        // payload changed after signing
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + RawJwt.b64(claims(",\"name\":\"x\"")) + "." + parts[2];
        assertThat(reason(tampered)).isEqualTo(Reason.BAD_SIGNATURE);
        // truncated and empty signatures
        assertThat(reason(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10)))
                .isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(reason(parts[0] + "." + parts[1] + ".")).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS512", "HS384", "RS256", "ES256", "hs256", ""})
    void onlyHs256(String alg) {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
        String jwt = RawJwt.hs256(header, claims(""), SECRET);
        assertThat(reason(jwt)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        // the classic alg=none attack with an empty signature
        String unsigned = RawJwt.b64(header) + "." + RawJwt.b64(claims("")) + ".";
        assertThat(reason(unsigned)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void expRequired() {
        String p = "{\"iss\":\"devkey\",\"sub\":\"a\",\"video\":{\"room\":\"r\",\"roomJoin\":true}}";
        assertThat(reason(RawJwt.hs256(p, SECRET))).isEqualTo(Reason.MISSING_EXPIRY);
        String nullExp = "{\"iss\":\"devkey\",\"sub\":\"a\",\"exp\":null}";
        assertThat(reason(RawJwt.hs256(nullExp, SECRET))).isEqualTo(Reason.MISSING_EXPIRY);
    }

    private static String withTimes(long exp, Long nbf) {
        return RawJwt.hs256("{\"iss\":\"devkey\",\"sub\":\"a\",\"exp\":" + exp
                + (nbf == null ? "" : ",\"nbf\":" + nbf) + "}", SECRET);
    }

    @Test
    void expiryLeewayEdges() throws Exception {
        // valid while now <= exp + 60 s
        assertThat(VERIFIER.verify(withTimes(NOW, null)).expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW));
        VERIFIER.verify(withTimes(NOW - 59, null));
        VERIFIER.verify(withTimes(NOW - 60, null));
        assertThat(reason(withTimes(NOW - 61, null))).isEqualTo(Reason.EXPIRED);
        assertThat(reason(withTimes(0, null))).isEqualTo(Reason.EXPIRED);
        assertThat(reason(withTimes(-5, null))).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void notBeforeLeewayEdges() throws Exception {
        // valid once now >= nbf - 60 s
        VERIFIER.verify(withTimes(NOW + 3600, NOW + 60));
        VERIFIER.verify(withTimes(NOW + 3600, NOW));
        assertThat(reason(withTimes(NOW + 3600, NOW + 61))).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void fractionalNumericDates() throws Exception {
        String jwt = RawJwt.hs256("{\"iss\":\"devkey\",\"sub\":\"a\",\"exp\":" + (NOW - 60) + ".5}", SECRET);
        assertThat(VERIFIER.verify(jwt).expiresAt()).isEqualTo(Instant.ofEpochSecond(NOW - 60, 500_000_000));
        String past = RawJwt.hs256("{\"iss\":\"devkey\",\"sub\":\"a\",\"exp\":" + (NOW - 61) + ".999}", SECRET);
        assertThat(reason(past)).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void customLeeway() throws Exception {
        TokenVerifier strict = new TokenVerifier(Map.of("devkey", SECRET), CLOCK, Duration.ZERO);
        strict.verify(withTimes(NOW, NOW));
        assertThatThrownBy(() -> strict.verify(withTimes(NOW - 1, null)))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
        assertThatThrownBy(() -> strict.verify(withTimes(NOW + 60, NOW + 1)))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_YET_VALID));
        assertThatThrownBy(() -> new TokenVerifier(Map.of("k", "s"), CLOCK, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenVerifier(Map.of("k", ""), CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void farFutureExpiryDoesNotOverflow() throws Exception {
        VERIFIER.verify(withTimes(Instant.MAX.getEpochSecond(), null));
        assertThat(reason(RawJwt.hs256("{\"iss\":\"devkey\",\"exp\":1e300}", SECRET))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void malformedInputs() {
        String h = RawJwt.b64("{\"alg\":\"HS256\"}");
        String p = RawJwt.b64(claims(""));
        for (String jwt : new String[] {
            null,
            "",
            "abc",
            "a.b",
            "a.b.c.d",
            h + "." + p,
            h + "." + p + ".sig.extra",
            "!!!." + p + ".c2ln",
            h + ".%%%.c2ln",
            h + "." + p + ".***",
            RawJwt.b64("not json") + "." + p + ".c2ln",
            RawJwt.b64("[1,2]") + "." + p + ".c2ln",
            h + "." + RawJwt.b64("\"string\"") + ".c2ln",
            h + "." + RawJwt.b64("{\"iss\":\"devkey\"} trailing") + ".c2ln",
            RawJwt.b64("{\"typ\":\"JWT\"}") + "." + p + ".c2ln",
            RawJwt.b64("{\"alg\":5}") + "." + p + ".c2ln",
            "\u00e9\u00e9." + p + ".c2ln",
        }) {
            assertThat(reason(jwt)).as("%s", jwt).isEqualTo(Reason.MALFORMED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"iss\":5,\"exp\":9999999999}",
        "{\"iss\":\"devkey\",\"exp\":\"9999999999\"}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"nbf\":true}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"sub\":{}}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"name\":1}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"metadata\":[]}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"attributes\":[]}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"attributes\":{\"a\":1}}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"video\":true}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"video\":{\"roomJoin\":\"true\"}}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"video\":{\"room\":7}}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"video\":{\"canPublishSources\":\"camera\"}}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"video\":{\"canPublishSources\":[1]}}",
        "{\"iss\":\"devkey\",\"exp\":9999999999,\"video\":{\"canPublishData\":1}}",
        "{\"iss\":\"devkey\",\"iss\":\"devkey\",\"exp\":9999999999}",
        "{\"iss\":\"devkey\",\"exp\":99999999999999999999999999999999999999999999999999999999999999999999}",
    })
    void wrongClaimTypesAreMalformed(String payload) {
        assertThat(reason(RawJwt.hs256(payload, SECRET))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void deepNestingIsMalformed() {
        String deep = "{\"iss\":\"devkey\",\"exp\":9999999999,\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(reason(RawJwt.hs256(deep, SECRET))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void hugeTokenIsMalformed() {
        String big = "{\"iss\":\"devkey\",\"exp\":9999999999,\"metadata\":\"" + "x".repeat(70_000) + "\"}";
        TokenException e = reject(RawJwt.hs256(big, SECRET));
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.message()).contains("too large");
        // just under the limit is fine
        String ok = "{\"iss\":\"devkey\",\"exp\":9999999999,\"metadata\":\"" + "x".repeat(40_000) + "\"}";
        assertThat(catchThrowableOfType(TokenException.class, () -> VERIFIER.verify(RawJwt.hs256(ok, SECRET))))
                .isNull();
    }

    @Test
    void randomGarbageOnlyEverThrowsTokenException() {
        Random random = new Random(42);
        String valid = RawJwt.hs256(claims(",\"name\":\"n\",\"attributes\":{\"a\":\"b\"}"), SECRET);
        for (int i = 0; i < 5000; i++) {
            String jwt;
            switch (i % 4) {
                case 0 -> {
                    byte[] bytes = new byte[random.nextInt(200)];
                    random.nextBytes(bytes);
                    jwt = new String(bytes, StandardCharsets.ISO_8859_1);
                }
                case 1 -> {
                    char[] chars = valid.toCharArray();
                    chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
                    jwt = new String(chars);
                }
                case 2 -> {
                    byte[] json = new byte[random.nextInt(100)];
                    random.nextBytes(json);
                    jwt = Base64.getUrlEncoder().withoutPadding().encodeToString(json) + "."
                            + Base64.getUrlEncoder().withoutPadding().encodeToString(json) + ".abc";
                }
                default -> jwt = valid.substring(0, random.nextInt(valid.length()));
            }
            try {
                VERIFIER.verify(jwt);
            } catch (TokenException expected) {
                assertThat(expected.message()).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void exceptionsAreStackless() {
        TokenException e = reject("a.b");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void toStringHidesSecrets() {
        assertThat(VERIFIER.toString()).doesNotContain(SECRET).contains("devkey");
        assertThat(VERIFIER.apiKeys()).isEqualTo(java.util.Set.of("devkey"));
    }

    @Test
    void multipleKeys() throws Exception {
        TokenVerifier v = new TokenVerifier(Map.of("k1", "s1", "k2", "s2"), CLOCK);
        assertThat(v.verify(RawJwt.hs256("{\"iss\":\"k2\",\"sub\":\"x\",\"exp\":" + (NOW + 5) + "}", "s2"))
                .apiKey()).isEqualTo("k2");
        assertThatThrownBy(() -> v.verify(RawJwt.hs256("{\"iss\":\"k2\",\"exp\":" + (NOW + 5) + "}", "s1")))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
        assertThat(List.of(Reason.values())).hasSize(7);
    }
}
