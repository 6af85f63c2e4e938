package io.livekit.datatrack.token;

import java.util.Objects;

/**
 * The result of {@link TokenVerifier#verifyToken(String)}: the claims plus facts the claims record
 * cannot express.
 *
 * @param claims the verified claims (a token without a {@code video} claim gets
 *     {@link VideoGrant#defaults()}, which does not allow joining)
 * @param hasVideoGrant whether the token carried a {@code video} claim at all; LiveKit answers a
 *     join without one differently from a join whose grant lacks {@code roomJoin}
 */
public record VerifiedToken(TokenClaims claims, boolean hasVideoGrant) {

    /** Checks for null. */
    public VerifiedToken {
        Objects.requireNonNull(claims, "claims");
    }
}
