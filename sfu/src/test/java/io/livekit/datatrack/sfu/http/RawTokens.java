package io.livekit.datatrack.sfu.http;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-signed tokens for cases {@code AccessToken} refuses to mint. */
final class RawTokens {

    private RawTokens() {}

    static String hs256(String payloadJson, String secret) {
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String input = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + enc.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + enc.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String joinWithoutIdentity(Clock clock) {
        long exp = clock.instant().getEpochSecond() + 3600;
        return hs256("{\"iss\":\"devkey\",\"exp\":" + exp + ",\"video\":{\"room\":\"r\",\"roomJoin\":true}}", "secret");
    }
}
