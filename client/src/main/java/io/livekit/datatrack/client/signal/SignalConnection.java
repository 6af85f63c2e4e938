package io.livekit.datatrack.client.signal;

/** One open signaling connection. Thread-safe. */
public interface SignalConnection {

    /**
     * Queues one binary message (a serialized {@code SignalRequest}). Never blocks; messages are
     * written in call order.
     *
     * @return false if the connection is closed
     */
    boolean send(byte[] message);

    /** Closes the connection (normal closure); idempotent. No {@code onClosed} follows a local close. */
    void close();

    /** Receives a connection's events, one at a time, in order. */
    interface Listener {
        /** One complete binary message (a serialized {@code SignalResponse}). */
        void onMessage(byte[] message);

        /**
         * The connection ended without a local {@link #close()}.
         *
         * @param error the failure, or null for a close by the server
         */
        void onClosed(Throwable error);
    }
}
