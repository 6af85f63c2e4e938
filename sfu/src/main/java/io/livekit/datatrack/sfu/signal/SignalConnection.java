package io.livekit.datatrack.sfu.signal;

import io.livekit.datatrack.protocol.LivekitRtc;

/**
 * One accepted signaling WebSocket, as the room layer sees it: ordered, non-blocking sends of
 * {@code SignalResponse}s and a close. Implementations are thread-safe.
 */
public interface SignalConnection {

    /**
     * Queues {@code response} for sending as one binary WebSocket message. Never blocks; messages
     * are sent in call order. Ignored once the connection is closed.
     */
    void send(LivekitRtc.SignalResponse response);

    /** Closes the WebSocket (normal closure). Idempotent. */
    void close();

    /** True until the connection is closed (by either side). */
    boolean isOpen();

    /** The peer's address, for logs. */
    String remoteAddress();
}
