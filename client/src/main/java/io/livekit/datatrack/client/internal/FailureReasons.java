package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.client.ConnectException;
import io.livekit.datatrack.client.DisconnectReason;
import io.livekit.datatrack.client.signal.SignalHandshakeException;
import io.livekit.datatrack.protocol.LivekitModels;

/**
 * How the room session names what went wrong: a failed signal connect as a
 * {@link ConnectException}, a server's leave reason as a {@link DisconnectReason}. Stateless.
 */
final class FailureReasons {
    private FailureReasons() {}

    /** True for a server without {@code /rtc/v1}: HTTP 404, but not for a missing room. */
    static boolean lacksV1(Throwable signalConnectError) {
        return signalConnectError instanceof SignalHandshakeException h && h.status() == 404
                && !h.body().contains("requested room does not exist");
    }

    /** The connect failure for an error of opening the signal connection. */
    static ConnectException ofSignalConnect(Throwable error) {
        if (error instanceof SignalHandshakeException h) {
            int s = h.status();
            ConnectException.Reason reason = s == 401 || s == 403
                    ? ConnectException.Reason.NOT_ALLOWED
                    : s == 404 && h.body().contains("requested room does not exist")
                            ? ConnectException.Reason.ROOM_NOT_FOUND
                            : ConnectException.Reason.SERVER_ERROR;
            return new ConnectException(reason, s, h.getMessage(), h);
        }
        return new ConnectException(ConnectException.Reason.SERVER_UNREACHABLE, "cannot connect: " + error, error);
    }

    static DisconnectReason ofLeave(LivekitModels.DisconnectReason r) {
        return switch (r) {
            case CLIENT_INITIATED -> DisconnectReason.CLIENT_INITIATED;
            case DUPLICATE_IDENTITY -> DisconnectReason.DUPLICATE_IDENTITY;
            case SERVER_SHUTDOWN -> DisconnectReason.SERVER_SHUTDOWN;
            case PARTICIPANT_REMOVED -> DisconnectReason.PARTICIPANT_REMOVED;
            case ROOM_DELETED -> DisconnectReason.ROOM_DELETED;
            case ROOM_CLOSED -> DisconnectReason.ROOM_CLOSED;
            case STATE_MISMATCH -> DisconnectReason.STATE_MISMATCH;
            case JOIN_FAILURE -> DisconnectReason.JOIN_FAILURE;
            default -> DisconnectReason.UNKNOWN;
        };
    }
}
