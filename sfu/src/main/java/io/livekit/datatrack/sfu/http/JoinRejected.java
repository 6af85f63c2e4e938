package io.livekit.datatrack.sfu.http;

/**
 * A connection attempt failed validation: answered with {@link #status()} and the plain-text
 * {@link #body()} LiveKit uses, before any WebSocket upgrade. Stackless.
 */
final class JoinRejected extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    JoinRejected(int status, String body) {
        super(body, null, false, false);
        this.status = status;
    }

    static JoinRejected badRequest(String body) {
        return new JoinRejected(400, body);
    }

    static JoinRejected unauthorized(String body) {
        return new JoinRejected(401, body);
    }

    int status() {
        return status;
    }

    String body() {
        return getMessage();
    }
}
