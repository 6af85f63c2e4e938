package io.livekit.datatrack.sfu.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JoinRequestsTest {

    private static final int MIB = 1024 * 1024;

    static LivekitRtc.JoinRequest sample() {
        return LivekitRtc.JoinRequest.newBuilder()
                .setClientInfo(LivekitModels.ClientInfo.newBuilder()
                        .setSdk(LivekitModels.ClientInfo.SDK.JS)
                        .setVersion("2.23.0")
                        .setProtocol(17)
                        .setClientProtocol(2)
                        .addCapabilities(LivekitModels.ClientInfo.Capability.CAP_PACKET_TRAILER))
                .setConnectionSettings(LivekitRtc.ConnectionSettings.newBuilder().setAutoSubscribe(true))
                .setPublisherOffer(LivekitRtc.SessionDescription.newBuilder()
                        .setType("offer").setSdp("v=0\r\n" + "a=x\r\n".repeat(200)).setId(1))
                .build();
    }

    private static String wrap(int compression, byte[] payload, boolean padded) {
        byte[] wrapped = LivekitRtc.WrappedJoinRequest.newBuilder()
                .setCompressionValue(compression)
                .setJoinRequest(ByteString.copyFrom(payload))
                .build()
                .toByteArray();
        return (padded ? Base64.getUrlEncoder() : Base64.getUrlEncoder().withoutPadding()).encodeToString(wrapped);
    }

    private static String rejection(String param) {
        JoinRejected e = catchThrowableOfType(JoinRejected.class, () -> JoinRequests.decodeWrapped(param, MIB));
        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e.body();
    }

    @ParameterizedTest
    @CsvSource({"false,true", "false,false", "true,true", "true,false"})
    void decodesAllEncodings(boolean gzip, boolean padded) throws Exception {
        String param = TestJoins.encodeJoin(sample(), gzip, padded);
        assertThat(JoinRequests.decodeWrapped(param, MIB)).isEqualTo(sample());
    }

    @Test
    void emptyJoinRequestDecodes() throws Exception {
        assertThat(JoinRequests.decodeWrapped(wrap(0, new byte[0], true), MIB))
                .isEqualTo(LivekitRtc.JoinRequest.getDefaultInstance());
    }

    @Test
    void malformedLayers() {
        assertThat(rejection("!!!not base64!!!")).isEqualTo("cannot base64 decode wrapped join request");
        assertThat(rejection("ab+/")).isEqualTo("cannot base64 decode wrapped join request");
        assertThat(rejection("a")).isEqualTo("cannot base64 decode wrapped join request");
        // valid base64, not a protobuf (0xff 0xff ... is an invalid tag / truncated varint)
        assertThat(rejection(Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff})))
                .isEqualTo("cannot unmarshal wrapped join request");
        // a wrapper whose payload is not a JoinRequest
        assertThat(rejection(wrap(0, new byte[] {(byte) 0x0a, (byte) 0x7f, 1}, true)))
                .isEqualTo("cannot unmarshal join request");
        // gzip flag, but not gzip
        assertThat(rejection(wrap(1, sample().toByteArray(), true)))
                .isEqualTo("cannot read decompressed join request");
        // truncated gzip
        byte[] gz = TestJoins.gzip(sample().toByteArray());
        byte[] truncated = java.util.Arrays.copyOf(gz, gz.length / 2);
        assertThat(rejection(wrap(1, truncated, true))).isEqualTo("cannot read decompressed join request");
        // valid gzip of garbage
        assertThat(rejection(wrap(1, TestJoins.gzip(new byte[] {(byte) 0x0a, (byte) 0x7f, 1}), true)))
                .isEqualTo("cannot unmarshal join request");
        // unknown compression
        assertThat(rejection(wrap(7, sample().toByteArray(), true))).isEqualTo("unsupported join request compression");
    }

    @Test
    void zipBombFailsCleanly() {
        byte[] zeros = new byte[16 * MIB];
        byte[] bomb = TestJoins.gzip(zeros);
        assertThat(bomb.length).isLessThan(32 * 1024);
        assertThat(rejection(wrap(1, bomb, true))).isEqualTo("join request too large");
    }

    @Test
    void uncompressedSizeLimit() throws Exception {
        byte[] big = LivekitRtc.JoinRequest.newBuilder().setMetadata("x".repeat(2000)).build().toByteArray();
        JoinRejected e = catchThrowableOfType(JoinRejected.class,
                () -> JoinRequests.decodeWrapped(wrap(0, big, true), 1000));
        assertThat(e.body()).isEqualTo("join request too large");
        assertThat(JoinRequests.decodeWrapped(wrap(0, big, true), big.length).getMetadata()).hasSize(2000);
        JoinRejected g = catchThrowableOfType(JoinRejected.class,
                () -> JoinRequests.decodeWrapped(wrap(1, TestJoins.gzip(big), true), 1000));
        assertThat(g.body()).isEqualTo("join request too large");
    }

    @Test
    void clientAddressIsFilledIn() {
        LivekitRtc.JoinRequest j = JoinRequests.withClientAddress(LivekitRtc.JoinRequest.getDefaultInstance(), "10.0.0.1");
        assertThat(j.getClientInfo().getAddress()).isEqualTo("10.0.0.1");
        assertThat(JoinRequests.withClientAddress(sample(), "10.0.0.2").getClientInfo().getVersion()).isEqualTo("2.23.0");
    }

    @Test
    void v0QueryFromJs() {
        Map<String, String> q = new HashMap<>();
        q.put("access_token", "t");
        q.put("auto_subscribe", "1");
        q.put("sdk", "js");
        q.put("version", "2.23.0");
        q.put("protocol", "17");
        q.put("client_protocol", "2");
        q.put("adaptive_stream", "1");
        q.put("subscriber_allow_pause", "0");
        q.put("network", "wifi");
        q.put("browser", "Chrome");
        q.put("browser_version", "140");
        LivekitRtc.JoinRequest j = JoinRequests.fromQuery(q::get, "127.0.0.1");

        LivekitModels.ClientInfo ci = j.getClientInfo();
        assertThat(ci.getSdk()).isEqualTo(LivekitModels.ClientInfo.SDK.JS);
        assertThat(ci.getVersion()).isEqualTo("2.23.0");
        assertThat(ci.getProtocol()).isEqualTo(17);
        assertThat(ci.getClientProtocol()).isEqualTo(2);
        assertThat(ci.getNetwork()).isEqualTo("wifi");
        assertThat(ci.getBrowser()).isEqualTo("Chrome");
        assertThat(ci.getBrowserVersion()).isEqualTo("140");
        assertThat(ci.getAddress()).isEqualTo("127.0.0.1");
        assertThat(ci.getCapabilitiesList()).isEmpty();
        LivekitRtc.ConnectionSettings cs = j.getConnectionSettings();
        assertThat(cs.getAutoSubscribe()).isTrue();
        assertThat(cs.getAdaptiveStream()).isTrue();
        assertThat(cs.hasSubscriberAllowPause()).isTrue();
        assertThat(cs.getSubscriberAllowPause()).isFalse();
        assertThat(cs.hasAutoSubscribeDataTrack()).isFalse();
        assertThat(cs.getDisableIceLite()).isFalse();
        assertThat(j.getReconnect()).isFalse();
        assertThat(j.getParticipantSid()).isEmpty();
        assertThat(j.getReconnectReason()).isEqualTo(LivekitModels.ReconnectReason.RR_UNKNOWN);
        assertThat(j.hasPublisherOffer()).isFalse();
    }

    @Test
    void v0QueryFromRustResume() {
        Map<String, String> q = new HashMap<>();
        q.put("reconnect", "1");
        q.put("sid", "PA_abc");
        q.put("reconnect_reason", "3");
        q.put("auto_subscribe", "0");
        q.put("adaptive_stream", "0");
        q.put("sdk", "node");
        q.put("protocol", "17");
        q.put("client_protocol", "1");
        q.put("os", "linux");
        q.put("os_version", "6.1");
        q.put("device_model", "x86_64");
        q.put("capabilities", "CAP_PACKET_TRAILER,CAP_COMPRESSION_DEFLATE_RAW, CAP_FROM_THE_FUTURE");
        q.put("auto_subscribe_data_track", "true");
        q.put("disable_ice_lite", "1");
        LivekitRtc.JoinRequest j = JoinRequests.fromQuery(q::get, "::1");

        assertThat(j.getReconnect()).isTrue();
        assertThat(j.getParticipantSid()).isEqualTo("PA_abc");
        assertThat(j.getReconnectReason()).isEqualTo(LivekitModels.ReconnectReason.RR_SUBSCRIBER_FAILED);
        LivekitModels.ClientInfo ci = j.getClientInfo();
        assertThat(ci.getSdk()).isEqualTo(LivekitModels.ClientInfo.SDK.NODE);
        assertThat(ci.getOs()).isEqualTo("linux");
        assertThat(ci.getOsVersion()).isEqualTo("6.1");
        assertThat(ci.getDeviceModel()).isEqualTo("x86_64");
        assertThat(ci.getClientProtocol()).isEqualTo(1);
        assertThat(ci.getCapabilitiesList()).containsExactly(
                LivekitModels.ClientInfo.Capability.CAP_PACKET_TRAILER,
                LivekitModels.ClientInfo.Capability.CAP_COMPRESSION_DEFLATE_RAW);
        assertThat(ci.getAddress()).isEqualTo("::1");
        LivekitRtc.ConnectionSettings cs = j.getConnectionSettings();
        assertThat(cs.getAutoSubscribe()).isFalse();
        assertThat(cs.getAdaptiveStream()).isFalse();
        assertThat(cs.hasSubscriberAllowPause()).isFalse();
        assertThat(cs.hasAutoSubscribeDataTrack()).isTrue();
        assertThat(cs.getAutoSubscribeDataTrack()).isTrue();
        assertThat(cs.getDisableIceLite()).isTrue();
    }

    @Test
    void v0Defaults() {
        LivekitRtc.JoinRequest j = JoinRequests.fromQuery(name -> null, "1.2.3.4");
        assertThat(j.getConnectionSettings().getAutoSubscribe()).as("absent auto_subscribe = true in v0").isTrue();
        assertThat(j.getClientInfo().getSdk()).isEqualTo(LivekitModels.ClientInfo.SDK.UNKNOWN);
        assertThat(j.getClientInfo().getProtocol()).isZero();
        // empty values count as absent; junk is Go's zero
        Map<String, String> q = Map.of("auto_subscribe", "", "protocol", "x17", "sdk", "brainfuck",
                "reconnect", "yes", "sid", "PA_x", "reconnect_reason", "-");
        LivekitRtc.JoinRequest k = JoinRequests.fromQuery(q::get, "1.2.3.4");
        assertThat(k.getConnectionSettings().getAutoSubscribe()).isTrue();
        assertThat(k.getClientInfo().getProtocol()).isZero();
        assertThat(k.getClientInfo().getSdk()).isEqualTo(LivekitModels.ClientInfo.SDK.UNKNOWN);
        assertThat(k.getReconnect()).as("only 1/true").isFalse();
        assertThat(k.getParticipantSid()).as("sid only on resume").isEmpty();
        assertThat(k.getReconnectReasonValue()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"1,true", "true,true", "0,false", "false,false", "TRUE,false", "yes,false"})
    void booleans(String value, boolean expected) {
        assertThat(JoinRequests.bool(value)).isEqualTo(expected);
        assertThat(JoinRequests.fromQuery(Map.of("adaptive_stream", value)::get, "x")
                .getConnectionSettings().getAdaptiveStream()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"js,JS", "ios,SWIFT", "swift,SWIFT", "android,ANDROID", "flutter,FLUTTER", "go,GO", "unity,UNITY",
        "reactnative,REACT_NATIVE", "rust,RUST", "python,PYTHON", "cpp,CPP", "unityweb,UNITY_WEB", "node,NODE"})
    void sdkNames(String name, LivekitModels.ClientInfo.SDK sdk) {
        assertThat(JoinRequests.fromQuery(Map.of("sdk", name)::get, "x").getClientInfo().getSdk()).isEqualTo(sdk);
    }
}
