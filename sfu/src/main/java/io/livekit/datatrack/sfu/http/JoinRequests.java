package io.livekit.datatrack.sfu.http;

import com.google.protobuf.InvalidProtocolBufferException;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * The two ways join parameters arrive (signaling.md 1.4 and 1.5): v1's {@code join_request} query
 * parameter, and v0's individual query parameters, both turned into a {@link LivekitRtc.JoinRequest}.
 */
final class JoinRequests {

    static final String CANNOT_BASE64 = "cannot base64 decode wrapped join request";
    static final String CANNOT_UNMARSHAL_WRAPPED = "cannot unmarshal wrapped join request";
    static final String CANNOT_UNMARSHAL = "cannot unmarshal join request";
    static final String CANNOT_READ_DECOMPRESSED = "cannot read decompressed join request";
    static final String TOO_LARGE = "join request too large";
    static final String UNSUPPORTED_COMPRESSION = "unsupported join request compression";

    private static final Map<String, LivekitModels.ClientInfo.SDK> SDKS = Map.ofEntries(
            Map.entry("js", LivekitModels.ClientInfo.SDK.JS),
            Map.entry("ios", LivekitModels.ClientInfo.SDK.SWIFT),
            Map.entry("swift", LivekitModels.ClientInfo.SDK.SWIFT),
            Map.entry("android", LivekitModels.ClientInfo.SDK.ANDROID),
            Map.entry("flutter", LivekitModels.ClientInfo.SDK.FLUTTER),
            Map.entry("go", LivekitModels.ClientInfo.SDK.GO),
            Map.entry("unity", LivekitModels.ClientInfo.SDK.UNITY),
            Map.entry("reactnative", LivekitModels.ClientInfo.SDK.REACT_NATIVE),
            Map.entry("rust", LivekitModels.ClientInfo.SDK.RUST),
            Map.entry("python", LivekitModels.ClientInfo.SDK.PYTHON),
            Map.entry("cpp", LivekitModels.ClientInfo.SDK.CPP),
            Map.entry("unityweb", LivekitModels.ClientInfo.SDK.UNITY_WEB),
            Map.entry("node", LivekitModels.ClientInfo.SDK.NODE),
            Map.entry("unreal", LivekitModels.ClientInfo.SDK.UNREAL),
            Map.entry("esp32", LivekitModels.ClientInfo.SDK.ESP32),
            Map.entry("dotnet", LivekitModels.ClientInfo.SDK.DOTNET));

    private JoinRequests() {}

    /**
     * Decodes v1's {@code join_request}: base64url (padded as the clients send it, or unpadded) →
     * {@code WrappedJoinRequest} → optionally gunzip → {@code JoinRequest}.
     *
     * @param maxBytes limit of the serialized (decompressed) join request
     * @throws JoinRejected 400 with LiveKit's message for each failing layer
     */
    static LivekitRtc.JoinRequest decodeWrapped(String param, int maxBytes) throws JoinRejected {
        byte[] wrappedBytes;
        try {
            wrappedBytes = Base64.getUrlDecoder().decode(param);
        } catch (IllegalArgumentException e) {
            throw JoinRejected.badRequest(CANNOT_BASE64);
        }
        LivekitRtc.WrappedJoinRequest wrapped;
        try {
            wrapped = LivekitRtc.WrappedJoinRequest.parseFrom(wrappedBytes);
        } catch (InvalidProtocolBufferException e) {
            throw JoinRejected.badRequest(CANNOT_UNMARSHAL_WRAPPED);
        }
        byte[] joinBytes;
        switch (wrapped.getCompressionValue()) {
            case LivekitRtc.WrappedJoinRequest.Compression.NONE_VALUE -> {
                if (wrapped.getJoinRequest().size() > maxBytes) {
                    throw JoinRejected.badRequest(TOO_LARGE);
                }
                joinBytes = wrapped.getJoinRequest().toByteArray();
            }
            case LivekitRtc.WrappedJoinRequest.Compression.GZIP_VALUE ->
                joinBytes = gunzip(wrapped.getJoinRequest().toByteArray(), maxBytes);
            default -> throw JoinRejected.badRequest(UNSUPPORTED_COMPRESSION);
        }
        try {
            return LivekitRtc.JoinRequest.parseFrom(joinBytes);
        } catch (InvalidProtocolBufferException e) {
            throw JoinRejected.badRequest(CANNOT_UNMARSHAL);
        }
    }

    /** Gunzips at most {@code maxBytes}; more is {@link #TOO_LARGE} (zip bombs stop here). */
    static byte[] gunzip(byte[] compressed, int maxBytes) throws JoinRejected {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, compressed.length * 4 + 64));
            byte[] buffer = new byte[8192];
            int total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw JoinRejected.badRequest(TOO_LARGE);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw JoinRejected.badRequest(CANNOT_READ_DECOMPRESSED);
        }
    }

    /**
     * Builds the {@code JoinRequest} a v0 client expresses in query parameters, with Go's defaults:
     * {@code auto_subscribe} true when absent; optional settings set only when present; the
     * participant SID only on a resume. An empty value counts as absent.
     *
     * @param param query parameter lookup (first value, or null)
     * @param clientAddress the client's IP address for {@code ClientInfo.address}
     */
    static LivekitRtc.JoinRequest fromQuery(Function<String, String> param, String clientAddress) {
        LivekitModels.ClientInfo.Builder client = LivekitModels.ClientInfo.newBuilder();
        String sdk = value(param, "sdk");
        if (sdk != null) {
            client.setSdk(SDKS.getOrDefault(sdk.toLowerCase(Locale.ROOT), LivekitModels.ClientInfo.SDK.UNKNOWN));
        }
        ifPresent(param, "version", client::setVersion);
        client.setProtocol(parseInt(value(param, "protocol")));
        client.setClientProtocol(parseInt(value(param, "client_protocol")));
        ifPresent(param, "os", client::setOs);
        ifPresent(param, "os_version", client::setOsVersion);
        ifPresent(param, "device_model", client::setDeviceModel);
        ifPresent(param, "browser", client::setBrowser);
        ifPresent(param, "browser_version", client::setBrowserVersion);
        ifPresent(param, "network", client::setNetwork);
        String capabilities = value(param, "capabilities");
        if (capabilities != null) {
            for (String name : capabilities.split(",")) {
                capability(name.trim(), client);
            }
        }
        client.setAddress(clientAddress);

        LivekitRtc.ConnectionSettings.Builder settings = LivekitRtc.ConnectionSettings.newBuilder();
        String autoSubscribe = value(param, "auto_subscribe");
        settings.setAutoSubscribe(autoSubscribe == null || bool(autoSubscribe));
        settings.setAdaptiveStream(bool(value(param, "adaptive_stream")));
        settings.setDisableIceLite(bool(value(param, "disable_ice_lite")));
        String allowPause = value(param, "subscriber_allow_pause");
        if (allowPause != null) {
            settings.setSubscriberAllowPause(bool(allowPause));
        }
        String autoSubscribeDataTrack = value(param, "auto_subscribe_data_track");
        if (autoSubscribeDataTrack != null) {
            settings.setAutoSubscribeDataTrack(bool(autoSubscribeDataTrack));
        }

        LivekitRtc.JoinRequest.Builder join = LivekitRtc.JoinRequest.newBuilder()
                .setClientInfo(client)
                .setConnectionSettings(settings);
        boolean reconnect = bool(value(param, "reconnect"));
        join.setReconnect(reconnect);
        if (reconnect) {
            ifPresent(param, "sid", join::setParticipantSid);
        }
        join.setReconnectReasonValue(parseInt(value(param, "reconnect_reason")));
        return join.build();
    }

    /** A v1 join request with the client address filled in from the connection, as Go does. */
    static LivekitRtc.JoinRequest withClientAddress(LivekitRtc.JoinRequest join, String clientAddress) {
        LivekitRtc.JoinRequest.Builder b = join.toBuilder();
        b.getClientInfoBuilder().setAddress(clientAddress);
        return b.build();
    }

    private static void capability(String name, LivekitModels.ClientInfo.Builder client) {
        for (LivekitModels.ClientInfo.Capability c : LivekitModels.ClientInfo.Capability.values()) {
            if (c != LivekitModels.ClientInfo.Capability.UNRECOGNIZED
                    && c != LivekitModels.ClientInfo.Capability.CAP_UNUSED
                    && c.name().equals(name)) {
                client.addCapabilities(c);
                return;
            }
        }
    }

    /** Go's {@code boolValue}: true iff {@code 1} or {@code true}. */
    static boolean bool(String value) {
        return "1".equals(value) || "true".equals(value);
    }

    /** Go's {@code strconv.Atoi} with errors as 0. */
    static int parseInt(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String value(Function<String, String> param, String name) {
        String v = param.apply(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private static void ifPresent(Function<String, String> param, String name,
            java.util.function.Consumer<String> setter) {
        String v = value(param, name);
        if (v != null) {
            setter.accept(v);
        }
    }
}
