package io.livekit.datatrack.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanPublishSources;
import io.livekit.server.CanSubscribe;
import io.livekit.server.CanUpdateOwnMetadata;
import io.livekit.server.Hidden;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compatibility with LiveKit's own Kotlin server SDK ({@code io.livekit:livekit-server}, test scope
 * only): tokens it mints verify with {@link TokenVerifier}, tokens {@link AccessToken} mints verify
 * with the JWT library it uses (auth0 java-jwt) and carry the same claims.
 */
class LiveKitServerSdkInteropTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "secret-of-at-least-32-bytes-length!";

    private final TokenVerifier verifier = new TokenVerifier(Map.of(KEY, SECRET), Clock.systemUTC());

    @Test
    void kotlinSdkTokenVerifiesWithOurs() throws Exception {
        io.livekit.server.AccessToken kt = new io.livekit.server.AccessToken(KEY, SECRET);
        kt.setIdentity("alice");
        kt.setName("Alice");
        kt.setMetadata("{\"role\":\"sensor\"}");
        kt.getAttributes().put("team", "blue");
        kt.setTtl(Duration.ofMinutes(10).toMillis());
        kt.addGrants(new RoomJoin(true), new RoomName("my-room"), new CanPublishData(true),
                new CanPublish(false), new CanSubscribe(true), new CanPublishSources(List.of("camera")),
                new CanUpdateOwnMetadata(true), new Hidden(true));
        String jwt = kt.toJwt();

        TokenClaims claims = verifier.verify(jwt);

        assertThat(claims.apiKey()).isEqualTo(KEY);
        assertThat(claims.identity()).isEqualTo("alice");
        assertThat(claims.name()).isEqualTo("Alice");
        assertThat(claims.metadata()).isEqualTo("{\"role\":\"sensor\"}");
        assertThat(claims.attributes()).isEqualTo(Map.of("team", "blue"));
        VideoGrant v = claims.video();
        assertThat(v.room()).isEqualTo("my-room");
        assertThat(v.roomJoin()).isTrue();
        assertThat(v.canPublish()).isFalse();
        assertThat(v.canPublishData()).isTrue();
        assertThat(v.canSubscribe()).isTrue();
        assertThat(v.canPublishSources()).containsExactly("camera");
        assertThat(v.canUpdateOwnMetadata()).isTrue();
        assertThat(v.hidden()).isTrue();
        assertThat(claims.expiresAt()).isBetween(Instant.now().plus(Duration.ofMinutes(9)),
                Instant.now().plus(Duration.ofMinutes(11)));
    }

    @Test
    void kotlinSdkDefaultsMatchOurGrantDefaults() throws Exception {
        io.livekit.server.AccessToken kt = new io.livekit.server.AccessToken(KEY, SECRET);
        kt.setIdentity("bob");
        kt.addGrants(new RoomJoin(true), new RoomName("r"), new CanPublish(false));
        VerifiedToken v = verifier.verifyToken(kt.toJwt());
        assertThat(v.hasVideoGrant()).isTrue();
        assertThat(v.claims().video().canPublishData()).as("defaults to canPublish").isFalse();
        assertThat(v.claims().video().canSubscribe()).isTrue();
        // default ttl of the Kotlin SDK is 6 h, like ours
        assertThat(v.claims().expiresAt()).isBetween(Instant.now().plus(Duration.ofMinutes(359)),
                Instant.now().plus(Duration.ofMinutes(361)));
    }

    @Test
    void kotlinSdkNotBeforeAndExpiration() throws Exception {
        Instant exp = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        Instant nbf = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
        io.livekit.server.AccessToken kt = new io.livekit.server.AccessToken(KEY, SECRET);
        kt.setIdentity("c");
        kt.setExpiration(Date.from(exp));
        kt.setNotBefore(Date.from(nbf));
        kt.addGrants(new RoomJoin(true), new RoomName("r"));
        TokenClaims claims = verifier.verify(kt.toJwt());
        assertThat(claims.expiresAt()).isEqualTo(exp);
        assertThat(claims.notBefore()).contains(nbf);

        // a future nbf is refused by both
        io.livekit.server.AccessToken future = new io.livekit.server.AccessToken(KEY, SECRET);
        future.setIdentity("c");
        future.setNotBefore(Date.from(Instant.now().plus(Duration.ofMinutes(5))));
        assertThatThrownBy(() -> verifier.verify(future.toJwt()))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.NOT_YET_VALID));
    }

    @Test
    void kotlinSdkTokenWithWrongSecretIsRejected() {
        io.livekit.server.AccessToken kt = new io.livekit.server.AccessToken(KEY, "another-secret-another-secret-xx");
        kt.setIdentity("alice");
        kt.addGrants(new RoomJoin(true), new RoomName("r"));
        assertThatThrownBy(() -> verifier.verify(kt.toJwt()))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.BAD_SIGNATURE));
    }

    @Test
    void ourTokenVerifiesWithJavaJwt() {
        Instant nbf = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        String jwt = AccessToken.builder(KEY, SECRET)
                .identity("alice")
                .name("Alice")
                .metadata("meta")
                .attribute("team", "blue")
                .ttl(Duration.ofMinutes(10))
                .notBefore(nbf)
                .videoGrant(VideoGrant.join("my-room").withCanPublish(false).withCanPublishData(true)
                        .withCanPublishSources(List.of("camera")).withHidden(true))
                .toJwt();

        DecodedJWT decoded = JWT.require(Algorithm.HMAC256(SECRET)).withIssuer(KEY).build().verify(jwt);

        assertThat(decoded.getAlgorithm()).isEqualTo("HS256");
        assertThat(decoded.getIssuer()).isEqualTo(KEY);
        assertThat(decoded.getSubject()).isEqualTo("alice");
        assertThat(decoded.getClaim("name").asString()).isEqualTo("Alice");
        assertThat(decoded.getClaim("metadata").asString()).isEqualTo("meta");
        assertThat(decoded.getClaim("attributes").asMap()).isEqualTo(Map.of("team", "blue"));
        assertThat(decoded.getNotBeforeAsInstant()).isEqualTo(nbf);
        assertThat(decoded.getExpiresAtAsInstant()).isBetween(Instant.now().plus(Duration.ofMinutes(9)),
                Instant.now().plus(Duration.ofMinutes(11)));
        Map<String, Object> video = decoded.getClaim("video").asMap();
        assertThat(video).containsEntry("room", "my-room")
                .containsEntry("roomJoin", true)
                .containsEntry("canPublish", false)
                .containsEntry("canPublishData", true)
                .containsEntry("canSubscribe", true)
                .containsEntry("canPublishSources", List.of("camera"))
                .containsEntry("hidden", true)
                .doesNotContainKeys("recorder", "agent", "canUpdateOwnMetadata");
    }

    @Test
    void ourTokenWithWrongSecretFailsJavaJwt() {
        String jwt = AccessToken.builder(KEY, SECRET).identity("a").videoGrant(VideoGrant.join("r")).toJwt();
        assertThatThrownBy(() -> JWT.require(Algorithm.HMAC256("not-the-secret")).build().verify(jwt))
                .isInstanceOf(SignatureVerificationException.class);
    }
}
