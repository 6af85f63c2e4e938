package io.livekit.datatrack.client.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

public class SignalUrlsTest {

    public static LivekitRtc.JoinRequest decodeJoinRequest(String encoded) throws Exception {
        // Go decodes with the padded URL-safe alphabet: the strict JDK decoder must accept it too.
        assertThat(encoded.length() % 4).isZero();
        assertThat(encoded).doesNotContain("+", "/");
        LivekitRtc.WrappedJoinRequest wrapped =
                LivekitRtc.WrappedJoinRequest.parseFrom(Base64.getUrlDecoder().decode(encoded));
        byte[] raw = wrapped.getJoinRequest().toByteArray();
        if (wrapped.getCompression() == LivekitRtc.WrappedJoinRequest.Compression.GZIP) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = in.readAllBytes();
            }
        }
        return LivekitRtc.JoinRequest.parseFrom(raw);
    }

    public static String queryParam(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Test
    void schemesAndPathsFollowTheClients() {
        assertThat(SignalUrls.signalUri("http://host:7880", true, Map.of()).toString()).isEqualTo("ws://host:7880/rtc/v1");
        assertThat(SignalUrls.signalUri("https://host", false, Map.of()).toString()).isEqualTo("wss://host/rtc");
        assertThat(SignalUrls.signalUri("ws://host:1/", false, Map.of()).toString()).isEqualTo("ws://host:1/rtc");
        assertThat(SignalUrls.signalUri("wss://host/prefix", true, Map.of()).toString()).isEqualTo("wss://host/prefix/rtc/v1");
        assertThat(SignalUrls.signalUri("wss://host/prefix/", true, Map.of()).toString()).isEqualTo("wss://host/prefix/rtc/v1");
        assertThatThrownBy(() -> SignalUrls.signalUri("ftp://host", true, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validateUrlKeepsTheQuery() {
        URI signal = SignalUrls.signalUri("wss://host/x", false, Map.of("a", "1 2"));
        assertThat(SignalUrls.validateUri(signal).toString()).isEqualTo("https://host/x/rtc/validate?a=1+2");
    }

    @Test
    void joinRequestIsWrappedGzippedAndPaddedBase64Url() throws Exception {
        String sdp = "v=0\r\n" + "a=candidate-ish line that repeats\r\n".repeat(40);
        LivekitRtc.JoinRequest join = LivekitRtc.JoinRequest.newBuilder()
                .setClientInfo(SignalUrls.clientInfo())
                .setConnectionSettings(SignalUrls.connectionSettings())
                .setPublisherOffer(LivekitRtc.SessionDescription.newBuilder().setType("offer").setSdp(sdp).setId(1))
                .build();
        URI uri = SignalUrls.signalUri("ws://h:7880", true, SignalUrls.v1Query(join));
        assertThat(uri.getRawQuery()).startsWith("join_request=");
        String encoded = queryParam(uri, "join_request");
        LivekitRtc.WrappedJoinRequest wrapped =
                LivekitRtc.WrappedJoinRequest.parseFrom(Base64.getUrlDecoder().decode(encoded));
        assertThat(wrapped.getCompression()).isEqualTo(LivekitRtc.WrappedJoinRequest.Compression.GZIP);
        LivekitRtc.JoinRequest back = decodeJoinRequest(encoded);
        assertThat(back).isEqualTo(join);
        assertThat(back.getClientInfo().getProtocol()).isEqualTo(17);
        assertThat(back.getClientInfo().getClientProtocol()).isZero();
        assertThat(back.getClientInfo().getSdk()).isEqualTo(LivekitModels.ClientInfo.SDK.UNKNOWN);
        assertThat(back.getConnectionSettings().getAutoSubscribe()).isFalse();
        assertThat(back.getConnectionSettings().hasAutoSubscribeDataTrack()).isFalse();
    }

    @Test
    void smallJoinRequestStaysUncompressedAndPadded() throws Exception {
        LivekitRtc.JoinRequest join = LivekitRtc.JoinRequest.newBuilder()
                .setReconnect(true)
                .setParticipantSid("PA_x")
                .build();
        String encoded = SignalUrls.encodeJoinRequest(join);
        LivekitRtc.WrappedJoinRequest wrapped =
                LivekitRtc.WrappedJoinRequest.parseFrom(Base64.getUrlDecoder().decode(encoded));
        assertThat(wrapped.getCompression()).isEqualTo(LivekitRtc.WrappedJoinRequest.Compression.NONE);
        assertThat(decodeJoinRequest(encoded)).isEqualTo(join);
        // 2 + 4 + 2 + 2 + 4 = 14 bytes wrapped → not a multiple of 3 → padding present
        assertThat(wrapped.toByteArray().length % 3).isNotZero();
        assertThat(encoded).endsWith("=");
        assertThat(SignalUrls.signalUri("ws://h", true, Map.of("join_request", encoded)).getRawQuery())
                .contains("%3D");
    }

    @Test
    void v0QueryCarriesProtocolAndResume() {
        Map<String, String> join = SignalUrls.v0Query(null);
        assertThat(join).containsEntry("protocol", "17").containsEntry("auto_subscribe", "0")
                .containsEntry("client_protocol", "0").doesNotContainKeys("reconnect", "sid", "access_token");
        Map<String, String> resume = SignalUrls.v0Query("PA_abc");
        assertThat(resume).containsEntry("reconnect", "1").containsEntry("sid", "PA_abc");
        assertThat(SignalUrls.authHeaders("tok")).containsEntry("Authorization", "Bearer tok");
    }

    @Test
    void assemblerJoinsPartialMessages() {
        MessageAssembler a = new MessageAssembler();
        assertThat(a.add(ByteBuffer.wrap(new byte[] {1, 2}), false)).isNull();
        assertThat(a.add(ByteBuffer.wrap(new byte[] {3}), false)).isNull();
        assertThat(a.add(ByteBuffer.wrap(new byte[] {4, 5}), true)).containsExactly(1, 2, 3, 4, 5);
        assertThat(a.add(ByteBuffer.wrap(new byte[] {9}), true)).containsExactly(9);
        assertThat(a.add(ByteBuffer.wrap(new byte[0]), false)).isNull();
        assertThat(a.add(ByteBuffer.wrap(new byte[] {7}), true)).containsExactly(7);
    }
}
