package io.livekit.datatrack.client;

import java.util.Objects;

/** {@link Room#connect} failed. Unchecked; the connect future completes exceptionally with it. */
public final class ConnectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the connection failed. */
    public enum Reason {
        /** The server refused the token (HTTP 401/403): bad key, signature, expiry or grants. */
        NOT_ALLOWED,
        /** The room does not exist and the server does not create rooms on join. */
        ROOM_NOT_FOUND,
        /** No HTTP/WebSocket connection could be made. */
        SERVER_UNREACHABLE,
        /** The server answered with another error status. */
        SERVER_ERROR,
        /** No join response, or the peer connection did not come up, in time. */
        TIMEOUT,
        /** The server closed the connection or sent a leave during the join. */
        REJECTED,
        /** {@link Room#close()} was called during the connect. */
        CANCELLED,
        /** Anything else (a bug or an unexpected server message). */
        INTERNAL
    }

    private final Reason reason;
    private final int httpStatus;

    /** A failure without an HTTP status. */
    public ConnectException(Reason reason, String message, Throwable cause) {
        this(reason, 0, message, cause);
    }

    /** A failure with the HTTP status of the WebSocket upgrade or validate request (0 if none). */
    public ConnectException(Reason reason, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.httpStatus = httpStatus;
    }

    /** Why the connection failed. */
    public Reason reason() {
        return reason;
    }

    /** The HTTP status the server answered with, 0 if none. */
    public int httpStatus() {
        return httpStatus;
    }
}
