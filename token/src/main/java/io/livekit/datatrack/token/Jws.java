package io.livekit.datatrack.token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 compact-JWS plumbing shared by {@link AccessToken} and {@link TokenVerifier}. */
final class Jws {

    static final String ALGORITHM = "HS256";
    static final String MAC_ALGORITHM = "HmacSHA256";

    static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /**
     * JSON for tokens: strict (duplicate keys and trailing tokens are errors) and with small nesting
     * and number limits, since a token is attacker-controlled input.
     */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxNumberLength(64)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Jws() {}

    static SecretKeySpec key(String secret) {
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("empty API secret");
        }
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), MAC_ALGORITHM);
    }

    /** HMAC-SHA256 of the ASCII signing input {@code header.payload}. */
    static byte[] sign(SecretKeySpec key, String signingInput) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
