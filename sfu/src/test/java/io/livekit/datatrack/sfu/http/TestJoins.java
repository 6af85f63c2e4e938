package io.livekit.datatrack.sfu.http;

import com.google.protobuf.ByteString;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/** Encodes join requests the way the JS and Rust clients do. */
final class TestJoins {

    private TestJoins() {}

    static String encodeJoin(LivekitRtc.JoinRequest join, boolean gzip, boolean padded) {
        byte[] payload = join.toByteArray();
        if (gzip) {
            payload = gzip(payload);
        }
        LivekitRtc.WrappedJoinRequest wrapped = LivekitRtc.WrappedJoinRequest.newBuilder()
                .setCompression(gzip ? LivekitRtc.WrappedJoinRequest.Compression.GZIP
                        : LivekitRtc.WrappedJoinRequest.Compression.NONE)
                .setJoinRequest(ByteString.copyFrom(payload))
                .build();
        Base64.Encoder enc = padded ? Base64.getUrlEncoder() : Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString(wrapped.toByteArray());
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Percent-encodes a query value (the clients encode the base64 padding). */
    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
