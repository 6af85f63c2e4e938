package io.livekit.datatrack.token;

import java.util.Objects;

/**
 * An access token was rejected. Checked and stackless: it reports untrusted input, not a bug, and
 * may be thrown at a high rate by a server under attack.
 *
 * <p>Messages never contain the API secret or the token itself.
 */
public final class TokenException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token was rejected. */
    public enum Reason {
        /** Not a compact JWS, bad base64url, bad JSON, a claim of the wrong type, or too large. */
        MALFORMED,
        /** The issuer ({@code iss}) is not a known API key. */
        UNKNOWN_API_KEY,
        /** The header's {@code alg} is not {@code HS256} ({@code none} included). */
        UNSUPPORTED_ALGORITHM,
        /** The HMAC-SHA256 signature does not match. */
        BAD_SIGNATURE,
        /** The token has no {@code exp} claim. */
        MISSING_EXPIRY,
        /** {@code exp} lies in the past, beyond the leeway. */
        EXPIRED,
        /** {@code nbf} lies in the future, beyond the leeway. */
        NOT_YET_VALID
    }

    private final Reason reason;

    /**
     * @param reason why the token was rejected
     * @param message a human-readable explanation without secrets or the token
     */
    public TokenException(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the token was rejected. */
    public Reason reason() {
        return reason;
    }

    /** The explanation (same as {@link #getMessage()}). */
    public String message() {
        return getMessage();
    }
}
