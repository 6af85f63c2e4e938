package io.livekit.datatrack.sfu.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.sfu.signal.JoinIntent;
import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.TokenVerifier;
import io.livekit.datatrack.token.VideoGrant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JoinValidatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final JoinValidator validator =
            new JoinValidator(new TokenVerifier(Map.of("devkey", "secret"), CLOCK), 1024 * 1024, 256, 256);

    private static AccessToken.Builder token() {
        return AccessToken.builder("devkey", "secret").clock(CLOCK).identity("alice");
    }

    private static String join(String room) {
        return token().videoGrant(VideoGrant.join(room)).toJwt();
    }

    private JoinIntent ok(boolean v1, String authorization, Map<String, String> query) throws JoinRejected {
        return validator.validate(v1, authorization, query::get, "127.0.0.1", "127.0.0.1:5000");
    }

    private JoinRejected fail(boolean v1, String authorization, Map<String, String> query) {
        JoinRejected e = catchThrowableOfType(JoinRejected.class, () -> ok(v1, authorization, query));
        assertThat(e).as("expected a rejection").isNotNull();
        return e;
    }

    private static void is(JoinRejected e, int status, String body) {
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.body()).isEqualTo(body);
    }

    @Test
    void v0WithQueryToken() throws Exception {
        JoinIntent intent = ok(false, null, Map.of("access_token", join("r"), "sdk", "js"));
        assertThat(intent.singlePeerConnection()).isFalse();
        assertThat(intent.claims().identity()).isEqualTo("alice");
        assertThat(intent.claims().video().room()).isEqualTo("r");
        assertThat(intent.remoteAddress()).isEqualTo("127.0.0.1:5000");
        assertThat(intent.joinRequest().getClientInfo().getAddress()).isEqualTo("127.0.0.1");
        assertThat(intent.isResume()).isFalse();
    }

    @Test
    void bearerHeaderWinsOverQuery() throws Exception {
        JoinIntent intent = ok(false, "Bearer " + join("header-room"), Map.of("access_token", join("query-room")));
        assertThat(intent.claims().video().room()).isEqualTo("header-room");
    }

    @Test
    void authorizationHeaderWithoutBearer() {
        is(fail(false, "Basic abc", Map.of("access_token", join("r"))), 401,
                "invalid authorization header. Must start with Bearer ");
        is(fail(false, "bearer " + join("r"), Map.of()), 401, "invalid authorization header. Must start with Bearer ");
        is(fail(false, join("r"), Map.of()), 401, "invalid authorization header. Must start with Bearer ");
    }

    @Test
    void tokenErrors() {
        is(fail(false, null, Map.of("access_token", "garbage")), 401, "invalid authorization token");
        is(fail(false, "Bearer a.b.c", Map.of()), 401, "invalid authorization token");
        String unknown = AccessToken.builder("otherkey", "secret").clock(CLOCK).identity("a")
                .videoGrant(VideoGrant.join("r")).toJwt();
        is(fail(false, null, Map.of("access_token", unknown)), 401, "invalid API key: otherkey");
        String badSig = AccessToken.builder("devkey", "wrong").clock(CLOCK).identity("a")
                .videoGrant(VideoGrant.join("r")).toJwt();
        JoinRejected e = fail(false, null, Map.of("access_token", badSig));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.body()).startsWith("invalid authorization token: ").doesNotContain(badSig).doesNotContain("secret");
        String expired = token().videoGrant(VideoGrant.join("r")).expiresAt(NOW.minus(Duration.ofMinutes(5))).toJwt();
        assertThat(fail(false, null, Map.of("access_token", expired)).body())
                .isEqualTo("invalid authorization token: token is expired");
        String future = token().videoGrant(VideoGrant.join("r")).notBefore(NOW.plus(Duration.ofMinutes(5))).toJwt();
        assertThat(fail(false, null, Map.of("access_token", future)).body())
                .isEqualTo("invalid authorization token: token is not valid yet");
    }

    @Test
    void grantErrors() {
        is(fail(false, null, Map.of()), 401, "no permissions to access the room");
        is(fail(false, "Bearer ", Map.of()), 401, "no permissions to access the room");
        String noVideo = token().toJwt();
        is(fail(false, null, Map.of("access_token", noVideo)), 401, "no permissions to access the room");
        String noJoin = token().videoGrant(VideoGrant.join("r").withRoomJoin(false)).toJwt();
        is(fail(false, null, Map.of("access_token", noJoin)), 401, "permissions denied");
        // AccessToken refuses to mint a join token without identity, so this one is hand-made
        is(fail(false, null, Map.of("access_token", RawTokens.joinWithoutIdentity(CLOCK))), 400, "identity cannot be empty");
        is(fail(false, null, Map.of("access_token", join(""))), 400, "no room name");
        is(fail(false, null, Map.of("access_token", join("r".repeat(257)))), 400,
                "room name length exceeds limits: max length 256");
        String longIdentity = token().identity("é".repeat(129)).videoGrant(VideoGrant.join("r")).toJwt();
        is(fail(false, null, Map.of("access_token", longIdentity)), 400,
                "participant identity length exceeds limits: max length 256");
    }

    @Test
    void limitsCountUtf8Bytes() throws Exception {
        ok(false, null, Map.of("access_token", token().identity("é".repeat(128)).videoGrant(VideoGrant.join("ü".repeat(128))).toJwt()));
    }

    @Test
    void v1RequiresJoinRequest() {
        is(fail(true, null, Map.of("access_token", join("r"))), 400, "join_request is required");
        is(fail(true, null, Map.of("access_token", join("r"), "join_request", "")), 400, "join_request is required");
        // even without a token: the parameters are checked before the grants
        is(fail(true, null, Map.of()), 400, "join_request is required");
    }

    @Test
    void v1JoinRequestOnEitherPath() throws Exception {
        String jr = TestJoins.encodeJoin(JoinRequestsTest.sample(), true, true);
        for (boolean v1 : new boolean[] {true, false}) {
            JoinIntent intent = ok(v1, null, Map.of("access_token", join("r"), "join_request", jr, "auto_subscribe", "0"));
            assertThat(intent.singlePeerConnection()).isTrue();
            assertThat(intent.joinRequest().getPublisherOffer()).isEqualTo(JoinRequestsTest.sample().getPublisherOffer());
            assertThat(intent.joinRequest().getClientInfo().getVersion()).isEqualTo("2.23.0");
            assertThat(intent.joinRequest().getClientInfo().getAddress()).isEqualTo("127.0.0.1");
            // v1 ignores the v0 parameters
            assertThat(intent.joinRequest().getConnectionSettings().getAutoSubscribe()).isTrue();
        }
    }

    @Test
    void v1DecodeErrorsComeBeforeGrantErrors() {
        is(fail(true, null, Map.of("join_request", "%%%")), 400, "cannot base64 decode wrapped join request");
        // but token errors come first
        is(fail(true, null, Map.of("access_token", "x", "join_request", "%%%")), 401, "invalid authorization token");
    }

    @Test
    void metadataInJoinNeedsCanUpdateOwnMetadata() throws Exception {
        LivekitRtc.JoinRequest withMeta = LivekitRtc.JoinRequest.newBuilder().setMetadata("m").build();
        LivekitRtc.JoinRequest withAttrs = LivekitRtc.JoinRequest.newBuilder().putParticipantAttributes("a", "b").build();
        for (LivekitRtc.JoinRequest jr : new LivekitRtc.JoinRequest[] {withMeta, withAttrs}) {
            String param = TestJoins.encodeJoin(jr, false, true);
            is(fail(true, null, Map.of("access_token", join("r"), "join_request", param)), 401,
                    "no permissions to access the room");
            String allowed = token().videoGrant(VideoGrant.join("r").withCanUpdateOwnMetadata(true)).toJwt();
            assertThat(ok(true, null, Map.of("access_token", allowed, "join_request", param)).joinRequest())
                    .isEqualTo(JoinRequests.withClientAddress(jr, "127.0.0.1"));
        }
    }

    @Test
    void v0ResumeParameters() throws Exception {
        Map<String, String> q = new HashMap<>();
        q.put("access_token", join("r"));
        q.put("reconnect", "true");
        q.put("sid", "PA_1");
        JoinIntent intent = ok(false, null, q);
        assertThat(intent.isResume()).isTrue();
        assertThat(intent.joinRequest().getParticipantSid()).isEqualTo("PA_1");
    }
}
