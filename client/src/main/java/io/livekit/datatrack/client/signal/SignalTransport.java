package io.livekit.datatrack.client.signal;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Opens signaling connections: a WebSocket carrying one protobuf message per binary frame. The
 * default is {@link JdkWebSocketTransport}; tests plug in scripted fakes.
 */
public interface SignalTransport {

    /**
     * Opens a connection.
     *
     * @param uri the {@code ws(s)://…/rtc…} URL with its query
     * @param headers extra upgrade request headers (the {@code Authorization} bearer token)
     * @param listener receives messages and the close, one call at a time, in order
     * @return the open connection, or a failure; a refused upgrade fails with
     *     {@link SignalHandshakeException} carrying the HTTP status
     */
    CompletableFuture<SignalConnection> connect(URI uri, Map<String, String> headers, SignalConnection.Listener listener);
}
