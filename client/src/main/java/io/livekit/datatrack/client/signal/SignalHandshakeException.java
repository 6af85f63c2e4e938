package io.livekit.datatrack.client.signal;

/** The server refused the WebSocket upgrade with an HTTP status. */
public final class SignalHandshakeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String body;

    /** A refusal with {@code status} and the response body (empty if unknown). */
    public SignalHandshakeException(int status, String body) {
        super("WebSocket upgrade refused: HTTP " + status + (body.isEmpty() ? "" : ": " + body));
        this.status = status;
        this.body = body;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The response body, empty if unknown. */
    public String body() {
        return body;
    }
}
