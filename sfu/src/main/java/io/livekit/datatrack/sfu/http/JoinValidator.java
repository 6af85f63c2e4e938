package io.livekit.datatrack.sfu.http;

import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.sfu.signal.JoinIntent;
import io.livekit.datatrack.token.TokenClaims;
import io.livekit.datatrack.token.TokenException;
import io.livekit.datatrack.token.TokenVerifier;
import io.livekit.datatrack.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Validates a connection attempt completely before any upgrade, in the order of LiveKit's auth
 * middleware and {@code validateInternal} (signaling.md 1.6): the {@code Authorization} header and
 * the token, then the join parameters, then grants, identity and room. Thread-safe.
 */
final class JoinValidator {

    static final String BEARER_PREFIX = "Bearer ";

    static final String BAD_AUTHORIZATION_HEADER = "invalid authorization header. Must start with Bearer ";
    static final String INVALID_TOKEN = "invalid authorization token";
    static final String NO_PERMISSIONS = "no permissions to access the room";
    static final String PERMISSION_DENIED = "permissions denied";
    static final String IDENTITY_EMPTY = "identity cannot be empty";
    static final String NO_ROOM_NAME = "no room name";
    static final String JOIN_REQUEST_REQUIRED = "join_request is required";

    private final TokenVerifier verifier;
    private final int maxJoinRequestBytes;
    private final int maxIdentityBytes;
    private final int maxRoomNameBytes;

    JoinValidator(TokenVerifier verifier, int maxJoinRequestBytes, int maxIdentityBytes, int maxRoomNameBytes) {
        this.verifier = verifier;
        this.maxJoinRequestBytes = maxJoinRequestBytes;
        this.maxIdentityBytes = maxIdentityBytes;
        this.maxRoomNameBytes = maxRoomNameBytes;
    }

    /**
     * @param v1Path the request came to {@code /rtc/v1} (or its validate path)
     * @param authorization the {@code Authorization} header, or null
     * @param query query parameter lookup (first value, or null)
     * @param clientIp the client's IP address
     * @param remoteAddress the client's address and port, for logs
     * @return the validated join
     * @throws JoinRejected with the status and body LiveKit answers
     */
    JoinIntent validate(boolean v1Path, String authorization, Function<String, String> query,
            String clientIp, String remoteAddress) throws JoinRejected {
        // 1. token (LiveKit's auth middleware)
        String token;
        if (authorization != null && !authorization.isEmpty()) {
            if (!authorization.startsWith(BEARER_PREFIX)) {
                throw JoinRejected.unauthorized(BAD_AUTHORIZATION_HEADER);
            }
            token = authorization.substring(BEARER_PREFIX.length());
        } else {
            token = query.apply("access_token");
        }
        VerifiedToken verified = null;
        if (token != null && !token.isEmpty()) {
            try {
                verified = verifier.verifyToken(token);
            } catch (TokenException e) {
                throw JoinRejected.unauthorized(tokenErrorBody(e));
            }
        }

        // 2. join parameters: presence of join_request selects single-PC mode on either path
        String wrapped = query.apply("join_request");
        boolean singlePeerConnection = wrapped != null && !wrapped.isEmpty();
        if (v1Path && !singlePeerConnection) {
            throw JoinRejected.badRequest(JOIN_REQUEST_REQUIRED);
        }
        LivekitRtc.JoinRequest join = singlePeerConnection
                ? JoinRequests.withClientAddress(JoinRequests.decodeWrapped(wrapped, maxJoinRequestBytes), clientIp)
                : JoinRequests.fromQuery(query, clientIp);

        // 3. grants, identity, room
        if (verified == null || !verified.hasVideoGrant()) {
            throw JoinRejected.unauthorized(NO_PERMISSIONS);
        }
        TokenClaims claims = verified.claims();
        if (!claims.video().roomJoin()) {
            throw JoinRejected.unauthorized(PERMISSION_DENIED);
        }
        if (claims.identity().isEmpty()) {
            throw JoinRejected.badRequest(IDENTITY_EMPTY);
        }
        if (utf8Length(claims.identity()) > maxIdentityBytes) {
            throw JoinRejected.badRequest("participant identity length exceeds limits: max length " + maxIdentityBytes);
        }
        String room = claims.video().room();
        if (room.isEmpty()) {
            throw JoinRejected.badRequest(NO_ROOM_NAME);
        }
        if (utf8Length(room) > maxRoomNameBytes) {
            throw JoinRejected.badRequest("room name length exceeds limits: max length " + maxRoomNameBytes);
        }
        if ((!join.getMetadata().isEmpty() || join.getParticipantAttributesCount() > 0)
                && !claims.video().canUpdateOwnMetadata()) {
            throw JoinRejected.unauthorized(NO_PERMISSIONS);
        }
        return new JoinIntent(singlePeerConnection, claims, join, remoteAddress);
    }

    /**
     * The 401 body for a rejected token. Later LiveKit wording where v1.13.5 would echo the raw
     * token: {@code invalid authorization token: <reason>}.
     */
    static String tokenErrorBody(TokenException e) {
        return switch (e.reason()) {
            case MALFORMED -> INVALID_TOKEN;
            case UNKNOWN_API_KEY -> e.message();
            default -> INVALID_TOKEN + ": " + e.message();
        };
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
