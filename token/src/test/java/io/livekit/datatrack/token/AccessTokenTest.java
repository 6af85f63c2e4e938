package io.livekit.datatrack.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode payload(String jwt) throws Exception {
        return JSON.readTree(RawJwt.decodePart(jwt, 1));
    }

    @Test
    void roundTripsThroughTheVerifier() throws Exception {
        VideoGrant grant = VideoGrant.join("my-room")
                .withCanPublishData(false)
                .withCanPublishSources(List.of("camera", "microphone"))
                .withCanUpdateOwnMetadata(true)
                .withHidden(true)
                .withRecorder(true)
                .withAgent(true);
        String jwt = AccessToken.builder("devkey", "secret")
                .identity("alice")
                .name("Alice")
                .metadata("{\"k\":1}")
                .attribute("a", "1")
                .attribute("b", "2")
                .notBefore(NOW.minusSeconds(5))
                .videoGrant(grant)
                .clock(CLOCK)
                .toJwt();

        TokenClaims claims = new TokenVerifier(Map.of("devkey", "secret"), CLOCK).verify(jwt);

        assertThat(claims.apiKey()).isEqualTo("devkey");
        assertThat(claims.identity()).isEqualTo("alice");
        assertThat(claims.name()).isEqualTo("Alice");
        assertThat(claims.metadata()).isEqualTo("{\"k\":1}");
        assertThat(claims.attributes()).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(claims.video()).isEqualTo(grant);
        assertThat(claims.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(6)));
        assertThat(claims.notBefore()).contains(NOW.minusSeconds(5));
    }

    @Test
    void writesLiveKitClaimNames() throws Exception {
        String jwt = AccessToken.builder("devkey", "secret")
                .identity("alice")
                .name("Alice")
                .videoGrant(VideoGrant.join("r").withCanSubscribe(false))
                .clock(CLOCK)
                .toJwt();

        assertThat(JSON.readTree(RawJwt.decodePart(jwt, 0)))
                .isEqualTo(JSON.readTree("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        JsonNode p = payload(jwt);
        assertThat(p.get("iss").asText()).isEqualTo("devkey");
        assertThat(p.get("sub").asText()).isEqualTo("alice");
        assertThat(p.get("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 6 * 3600);
        assertThat(p.has("nbf")).isFalse();
        assertThat(p.has("metadata")).isFalse();
        assertThat(p.has("attributes")).isFalse();
        assertThat(p.get("video")).isEqualTo(JSON.readTree(
                "{\"room\":\"r\",\"roomJoin\":true,\"canPublish\":true,\"canPublishData\":true,"
                        + "\"canSubscribe\":false}"));
    }

    @Test
    void tokenWithoutGrantHasNoVideoClaim() throws Exception {
        String jwt = AccessToken.builder("k", "s").clock(CLOCK).toJwt();
        JsonNode p = payload(jwt);
        assertThat(p.has("video")).isFalse();
        assertThat(p.has("sub")).isFalse();
        VerifiedToken v = new TokenVerifier(Map.of("k", "s"), CLOCK).verifyToken(jwt);
        assertThat(v.hasVideoGrant()).isFalse();
        assertThat(v.claims().video()).isEqualTo(VideoGrant.defaults());
    }

    @Test
    void ttlAndExpiresAt() throws Exception {
        AccessToken ttl = AccessToken.builder("k", "s").ttl(Duration.ofMinutes(10)).clock(CLOCK).build();
        assertThat(ttl.expiresAt()).isEqualTo(NOW.plusSeconds(600));
        AccessToken fixed = AccessToken.builder("k", "s").expiresAt(NOW.plusSeconds(42)).clock(CLOCK).build();
        assertThat(payload(fixed.toJwt()).get("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 42);
        AccessToken dflt = AccessToken.builder("k", "s").clock(CLOCK).build();
        assertThat(dflt.expiresAt()).isEqualTo(NOW.plus(AccessToken.DEFAULT_TTL));
        assertThatThrownBy(() -> AccessToken.builder("k", "s").ttl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesJoinTokenWithoutIdentity() {
        assertThatThrownBy(() -> AccessToken.builder("k", "s").videoGrant(VideoGrant.join("r")).toJwt())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("identity");
        // without roomJoin an identity is not needed
        assertThat(AccessToken.builder("k", "s").videoGrant(VideoGrant.join("r").withRoomJoin(false)).toJwt())
                .isNotEmpty();
    }

    @Test
    void refusesEmptyKeyOrSecret() {
        assertThatThrownBy(() -> AccessToken.builder("", "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessToken.builder("k", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesTheSecret() {
        AccessToken token = AccessToken.builder("devkey", "very-secret-value").identity("a").build();
        assertThat(token.toString()).doesNotContain("very-secret-value").contains("devkey");
        assertThat(token.videoGrant()).isEqualTo(Optional.empty());
    }
}
