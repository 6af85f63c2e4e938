package io.livekit.datatrack.sfu.signal;

/**
 * The room layer's entry point for new signaling connections. The HTTP layer calls it after the
 * token and the join parameters were validated and the WebSocket upgrade succeeded.
 */
public interface SignalHandler {

    /**
     * A participant joins (or resumes). The handler must send the first message (a
     * {@code JoinResponse}, a {@code ReconnectResponse}, or a {@code LeaveRequest}) on
     * {@code connection}.
     *
     * @return the listener for the requests that arrive on this connection
     */
    SignalListener onJoin(JoinIntent intent, SignalConnection connection);
}
