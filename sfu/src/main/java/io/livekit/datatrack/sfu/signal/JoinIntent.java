package io.livekit.datatrack.sfu.signal;

import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.token.TokenClaims;
import java.util.Objects;

/**
 * A validated join: who (verified token claims), how (v0 dual-PC on {@code /rtc} or v1 single-PC on
 * {@code /rtc/v1}) and with which parameters. For v0 the query parameters are normalised into the
 * same {@link LivekitRtc.JoinRequest} shape v1 clients send (client info, connection settings,
 * reconnect, participant SID, reconnect reason), so the room layer reads one format.
 *
 * @param singlePeerConnection true for v1 (a {@code join_request} parameter was present)
 * @param claims the verified token claims (identity, room, grants, name, metadata, attributes)
 * @param joinRequest the join parameters (v1: decoded; v0: built from the query)
 * @param remoteAddress the client's address, for logs
 */
public record JoinIntent(
        boolean singlePeerConnection, TokenClaims claims, LivekitRtc.JoinRequest joinRequest, String remoteAddress) {

    /** Checks for null. */
    public JoinIntent {
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(joinRequest, "joinRequest");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    /** True for a resume ({@code reconnect=1} / {@code JoinRequest.reconnect}). */
    public boolean isResume() {
        return joinRequest.getReconnect();
    }
}
