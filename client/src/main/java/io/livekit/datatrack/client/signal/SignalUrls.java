package io.livekit.datatrack.client.signal;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.zip.GZIPOutputStream;

/**
 * Builds signaling URLs (spec: signaling §1.2–1.5): {@code http(s)} → {@code ws(s)}, path segments
 * {@code rtc} (+ {@code v1}), the v1 {@code join_request} parameter (JoinRequest → gzip if smaller →
 * WrappedJoinRequest → base64url <em>with</em> padding) and the v0 query parameters. The token
 * travels in the {@code Authorization: Bearer} header, never in the URL.
 */
public final class SignalUrls {
    /** {@code ClientInfo.protocol}. */
    public static final int PROTOCOL = 17;
    /** {@code ClientInfo.client_protocol}: 0, we do not implement data streams v2 / RPC over streams. */
    public static final int CLIENT_PROTOCOL = 0;
    /** Reported SDK version. */
    public static final String SDK_VERSION = "0.1.0";

    private SignalUrls() {}

    /**
     * The WebSocket URL of the signaling endpoint.
     *
     * @param url the server URL as users write it: {@code ws(s)://} or {@code http(s)://}, optionally
     *     with a path prefix
     * @param v1 true for {@code /rtc/v1}, false for {@code /rtc}
     * @param query the query parameters (already the raw values; this method encodes them)
     */
    public static URI signalUri(String url, boolean v1, Map<String, String> query) {
        URI base = URI.create(url.trim());
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(java.util.Locale.ROOT);
        String wsScheme = switch (scheme) {
            case "http", "ws" -> "ws";
            case "https", "wss" -> "wss";
            default -> throw new IllegalArgumentException("unsupported URL scheme: " + url);
        };
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        path = path + (v1 ? "rtc/v1" : "rtc");
        StringBuilder sb = new StringBuilder()
                .append(wsScheme)
                .append("://")
                .append(base.getRawAuthority())
                .append(path);
        if (!query.isEmpty()) {
            StringJoiner q = new StringJoiner("&", "?", "");
            query.forEach((k, v) -> q.add(encode(k) + "=" + encode(v)));
            sb.append(q);
        }
        return URI.create(sb.toString());
    }

    /** The {@code validate} URL for a signal URL: same query, {@code http(s)}, path + {@code /validate}. */
    public static URI validateUri(URI signalUri) {
        String scheme = "wss".equals(signalUri.getScheme()) ? "https" : "http";
        String query = signalUri.getRawQuery();
        return URI.create(scheme + "://" + signalUri.getRawAuthority() + signalUri.getRawPath() + "/validate"
                + (query == null ? "" : "?" + query));
    }

    /** Our {@code ClientInfo}: SDK UNKNOWN (the protocol has no JAVA value), version, protocol 17, client_protocol 0. */
    public static LivekitModels.ClientInfo clientInfo() {
        return LivekitModels.ClientInfo.newBuilder()
                .setSdk(LivekitModels.ClientInfo.SDK.UNKNOWN)
                .setVersion(SDK_VERSION)
                .setProtocol(PROTOCOL)
                .setClientProtocol(CLIENT_PROTOCOL)
                .setOs(System.getProperty("os.name", ""))
                .setOsVersion(System.getProperty("os.version", ""))
                .build();
    }

    /** {@code ConnectionSettings{auto_subscribe = false}}: a data-only client never needs media sections. */
    public static LivekitRtc.ConnectionSettings connectionSettings() {
        return LivekitRtc.ConnectionSettings.newBuilder().setAutoSubscribe(false).build();
    }

    /**
     * The v1 query: {@code join_request} = base64url(padded) of {@code WrappedJoinRequest}, gzip used
     * only when it is smaller.
     */
    public static Map<String, String> v1Query(LivekitRtc.JoinRequest join) {
        return Map.of("join_request", encodeJoinRequest(join));
    }

    /** Encodes a join request for the {@code join_request} parameter. */
    public static String encodeJoinRequest(LivekitRtc.JoinRequest join) {
        byte[] raw = join.toByteArray();
        byte[] zipped = gzip(raw);
        LivekitRtc.WrappedJoinRequest.Builder wrapped = LivekitRtc.WrappedJoinRequest.newBuilder();
        if (zipped.length < raw.length) {
            wrapped.setCompression(LivekitRtc.WrappedJoinRequest.Compression.GZIP)
                    .setJoinRequest(com.google.protobuf.ByteString.copyFrom(zipped));
        } else {
            wrapped.setCompression(LivekitRtc.WrappedJoinRequest.Compression.NONE)
                    .setJoinRequest(com.google.protobuf.ByteString.copyFrom(raw));
        }
        return Base64.getUrlEncoder().encodeToString(wrapped.build().toByteArray()); // with '=' padding
    }

    /**
     * The v0 query (spec §1.4): protocol, client info, {@code auto_subscribe=0}, {@code
     * adaptive_stream=0}, and for a resume {@code reconnect=1&sid=…}.
     *
     * @param resumeSid the participant SID to resume, or null for a join
     */
    public static Map<String, String> v0Query(String resumeSid) {
        LivekitModels.ClientInfo info = clientInfo();
        Map<String, String> q = new LinkedHashMap<>();
        q.put("sdk", "java");
        q.put("version", info.getVersion());
        q.put("protocol", Integer.toString(PROTOCOL));
        q.put("client_protocol", Integer.toString(CLIENT_PROTOCOL));
        q.put("os", info.getOs());
        q.put("os_version", info.getOsVersion());
        q.put("auto_subscribe", "0");
        q.put("adaptive_stream", "0");
        if (resumeSid != null) {
            q.put("reconnect", "1");
            q.put("sid", resumeSid);
        }
        return q;
    }

    /** The {@code Authorization} header for {@code token}. */
    public static Map<String, String> authHeaders(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 32);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
