package io.livekit.datatrack.sfu.http;

import static io.livekit.datatrack.sfu.http.TestJoins.q;
import static io.livekit.datatrack.sfu.http.EdgeFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain HTTP behaviour of the edge: health, CORS, validate paths, the statuses and bodies of 1.6. */
class SfuHttpServerHttpTest {

    private static EdgeFixture edge;

    @BeforeAll
    static void start() throws Exception {
        edge = new EdgeFixture();
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    private static void assertText(HttpResponse<String> r, int status, String body) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers().firstValue("access-control-allow-origin")).contains("*");
    }

    @Test
    void health() throws Exception {
        assertText(edge.get("/"), 200, "OK");
        HttpResponse<String> head = edge.request("HEAD", "/");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertText(edge.get("/nope"), 404, "");
        assertText(edge.get("/rtc/v2/validate"), 404, "");
    }

    @Test
    void corsPreflight() throws Exception {
        HttpResponse<String> r = edge.request("OPTIONS", "/rtc/validate?access_token=x",
                "Origin", "https://app.example", "Access-Control-Request-Method", "GET",
                "Access-Control-Request-Headers", "authorization, content-type");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("access-control-allow-origin")).contains("*");
        assertThat(r.headers().firstValue("access-control-allow-methods").orElseThrow())
                .contains("GET").contains("HEAD").contains("OPTIONS").contains("POST");
        assertThat(r.headers().firstValue("access-control-allow-headers")).contains("authorization, content-type");
    }

    @Test
    void validateSuccessV0() throws Exception {
        assertText(edge.get("/rtc/validate?access_token=" + token() + "&auto_subscribe=1&sdk=js&version=2.23.0&protocol=17"),
                200, "success");
        assertText(edge.get("/rtc/validate", "Authorization", "Bearer " + token()), 200, "success");
        assertThat(edge.handler.joins).as("validate never joins").isEmpty();
    }

    @Test
    void doubleSlashIsNormalised() throws Exception {
        assertText(edge.get("//rtc/validate?access_token=" + token()), 200, "success");
        assertText(edge.get("//rtc/v1/validate?access_token=" + token()), 400, "join_request is required");
        assertText(edge.get("//"), 200, "OK");
    }

    @Test
    void statusesAndBodies() throws Exception {
        assertText(edge.get("/rtc/validate", "Authorization", "Token abc"), 401,
                "invalid authorization header. Must start with Bearer ");
        assertText(edge.get("/rtc/validate?access_token=not-a-jwt"), 401, "invalid authorization token");
        assertText(edge.get("/rtc/validate", "Authorization", "Bearer not.a.jwt"), 401, "invalid authorization token");

        String unknownKey = AccessToken.builder("nokey", "secret").identity("a").videoGrant(VideoGrant.join("r")).toJwt();
        assertText(edge.get("/rtc/validate?access_token=" + unknownKey), 401, "invalid API key: nokey");

        String badSignature = AccessToken.builder(EdgeFixture.KEY, "wrong").identity("a")
                .videoGrant(VideoGrant.join("r")).toJwt();
        assertText(edge.get("/rtc/validate?access_token=" + badSignature), 401,
                "invalid authorization token: token signature is invalid");

        String expired = AccessToken.builder(EdgeFixture.KEY, EdgeFixture.SECRET).identity("a")
                .videoGrant(VideoGrant.join("r")).expiresAt(Instant.now().minus(Duration.ofMinutes(2))).toJwt();
        HttpResponse<String> r = edge.get("/rtc/validate?access_token=" + expired);
        assertText(r, 401, "invalid authorization token: token is expired");
        assertThat(r.body()).doesNotContain(expired);

        assertText(edge.get("/rtc/validate"), 401, "no permissions to access the room");
        String noVideo = AccessToken.builder(EdgeFixture.KEY, EdgeFixture.SECRET).identity("a").toJwt();
        assertText(edge.get("/rtc/validate?access_token=" + noVideo), 401, "no permissions to access the room");

        String noJoin = AccessToken.builder(EdgeFixture.KEY, EdgeFixture.SECRET).identity("a")
                .videoGrant(VideoGrant.join("r").withRoomJoin(false)).toJwt();
        assertText(edge.get("/rtc/validate?access_token=" + noJoin), 401, "permissions denied");

        assertText(edge.get("/rtc/validate?access_token=" + RawTokens.joinWithoutIdentity(java.time.Clock.systemUTC())),
                400, "identity cannot be empty");
        assertText(edge.get("/rtc/validate?access_token=" + token("a", "")), 400, "no room name");
        assertText(edge.get("/rtc/validate?access_token=" + token("i".repeat(257), "r")), 400,
                "participant identity length exceeds limits: max length 256");
        assertText(edge.get("/rtc/validate?access_token=" + token("a", "r".repeat(257))), 400,
                "room name length exceeds limits: max length 256");
    }

    @Test
    void v1Validate() throws Exception {
        LivekitRtc.JoinRequest join = JoinRequestsTest.sample();
        for (boolean gzip : new boolean[] {true, false}) {
            for (boolean padded : new boolean[] {true, false}) {
                String jr = TestJoins.encodeJoin(join, gzip, padded);
                assertText(edge.get("/rtc/v1/validate?access_token=" + token() + "&join_request=" + q(jr)), 200, "success");
            }
        }
        // the '=' padding unencoded in the query works too
        String padded = TestJoins.encodeJoin(join, false, true);
        assertThat(padded).endsWith("=");
        assertText(edge.get("/rtc/v1/validate?access_token=" + token() + "&join_request=" + padded), 200, "success");

        assertText(edge.get("/rtc/v1/validate?access_token=" + token()), 400, "join_request is required");
        assertText(edge.get("/rtc/v1/validate?access_token=" + token() + "&join_request=" + q("*not*base64*")), 400,
                "cannot base64 decode wrapped join request");
        assertText(edge.get("/rtc/v1/validate?access_token=" + token() + "&join_request=_____w"), 400,
                "cannot unmarshal wrapped join request");
        String notGzip = java.util.Base64.getUrlEncoder().encodeToString(LivekitRtc.WrappedJoinRequest.newBuilder()
                .setCompression(LivekitRtc.WrappedJoinRequest.Compression.GZIP)
                .setJoinRequest(com.google.protobuf.ByteString.copyFromUtf8("plain"))
                .build().toByteArray());
        assertText(edge.get("/rtc/v1/validate?access_token=" + token() + "&join_request=" + q(notGzip)), 400,
                "cannot read decompressed join request");
        // join_request on the v0 validate path selects v1 as well
        assertText(edge.get("/rtc/validate?access_token=" + token() + "&join_request=" + q("*")), 400,
                "cannot base64 decode wrapped join request");
    }

    @Test
    void neverABare404FromValidate() throws Exception {
        for (String path : new String[] {"/rtc/validate", "/rtc/v1/validate", "//rtc/validate", "//rtc/v1/validate"}) {
            for (String query : new String[] {"", "?access_token=x", "?join_request=x", "?access_token=" + token()}) {
                HttpResponse<String> r = edge.get(path + query);
                assertThat(r.statusCode()).as(path + query).isNotEqualTo(404);
                assertThat(r.headers().firstValue("access-control-allow-origin")).contains("*");
            }
        }
    }

    @Test
    void nonUpgradeGetOnSignalPathsIs404() throws Exception {
        assertText(edge.get("/rtc?access_token=" + token()), 404, "");
        String jr = TestJoins.encodeJoin(JoinRequestsTest.sample(), true, true);
        assertText(edge.get("/rtc/v1?access_token=" + token() + "&join_request=" + q(jr)), 404, "");
    }

    @Test
    void largeQueryIsAccepted() throws Exception {
        // a join offer left uncompressed to make it big: 40 KiB and 90 KiB of query
        for (int sdpLength : new int[] {31_000, 68_000}) {
            LivekitRtc.JoinRequest join = LivekitRtc.JoinRequest.newBuilder()
                    .setPublisherOffer(LivekitRtc.SessionDescription.newBuilder()
                            .setType("offer").setSdp(randomAscii(sdpLength)).setId(1))
                    .build();
            String jr = TestJoins.encodeJoin(join, false, true);
            String query = "/rtc/v1/validate?access_token=" + token() + "&join_request=" + q(jr);
            assertThat(query.length()).isGreaterThan(40 * 1024);
            assertText(edge.get(query), 200, "success");
        }
    }

    @Test
    void oversizedHeadersAreRefusedWithoutEchoingTheRequest() throws Exception {
        String token = token();
        String request = "GET /rtc/validate?access_token=" + token + "&pad=" + "x".repeat(200 * 1024) + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n";
        EdgeFixture.RawResponse r = edge.raw(request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status()).isEqualTo(414);
        assertThat(r.headers()).containsEntry("access-control-allow-origin", "*");
        assertThat(r.body()).doesNotContain(token);
        // and the server still serves
        assertText(edge.get("/"), 200, "OK");
    }

    private static String randomAscii(int n) {
        java.util.Random random = new java.util.Random(1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('!' + random.nextInt(90)));
        }
        return sb.toString();
    }
}
