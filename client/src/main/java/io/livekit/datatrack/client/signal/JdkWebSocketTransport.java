package io.livekit.datatrack.client.signal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signaling over the JDK's {@link java.net.http.WebSocket}. The JDK client allows one outstanding
 * send at a time, so sends are queued and written one after the other; binary messages may arrive
 * in parts and are reassembled before delivery.
 */
public final class JdkWebSocketTransport implements SignalTransport {
    private static final Logger LOG = LoggerFactory.getLogger(JdkWebSocketTransport.class);

    private final HttpClient client;
    private final Duration connectTimeout;

    /** A transport with its own {@link HttpClient} running on {@code executor}. */
    public JdkWebSocketTransport(Executor executor, Duration connectTimeout) {
        this.client = HttpClient.newBuilder().executor(executor).connectTimeout(connectTimeout).build();
        this.connectTimeout = connectTimeout;
    }

    @Override
    public CompletableFuture<SignalConnection> connect(
            URI uri, Map<String, String> headers, SignalConnection.Listener listener) {
        Connection connection = new Connection(Objects.requireNonNull(listener, "listener"));
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(connectTimeout);
        headers.forEach(builder::header);
        return builder.buildAsync(uri, connection)
                .handle((ws, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause()
                                : error;
                        if (cause instanceof WebSocketHandshakeException h) {
                            Object body = h.getResponse().body();
                            String text = body instanceof byte[] bytes
                                    ? new String(bytes, StandardCharsets.UTF_8)
                                    : body instanceof String s ? s : "";
                            throw new CompletionException(
                                    new SignalHandshakeException(h.getResponse().statusCode(), text.trim()));
                        }
                        throw new CompletionException(cause);
                    }
                    connection.attach(ws);
                    return connection;
                });
    }

    private static final class Connection implements SignalConnection, WebSocket.Listener {
        private final SignalConnection.Listener listener;
        private final ArrayDeque<byte[]> outgoing = new ArrayDeque<>(); // guarded by this
        private boolean sending; // guarded by this
        private boolean closed; // guarded by this
        private boolean closeSent; // guarded by this
        private WebSocket ws; // guarded by this
        private final MessageAssembler assembler = new MessageAssembler(); // listener thread only

        Connection(SignalConnection.Listener listener) {
            this.listener = listener;
        }

        synchronized void attach(WebSocket socket) {
            ws = socket;
            if (closed && outgoing.isEmpty()) {
                closeSent = true;
                socket.abort();
                return;
            }
            pump();
        }

        @Override
        public boolean send(byte[] message) {
            synchronized (this) {
                if (closed) {
                    return false;
                }
                outgoing.addLast(message);
                pump();
            }
            return true;
        }

        /** Starts the next send if none is outstanding; closes once drained after close(). Holds the lock. */
        private void pump() {
            if (sending || ws == null) {
                return;
            }
            byte[] next = outgoing.pollFirst();
            if (next == null) {
                if (closed && !closeSent) {
                    closeSent = true;
                    WebSocket socket = ws;
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "")
                            .orTimeout(2, java.util.concurrent.TimeUnit.SECONDS)
                            .whenComplete((w, e) -> socket.abort());
                }
                return;
            }
            sending = true;
            ws.sendBinary(ByteBuffer.wrap(next), true).whenComplete((w, error) -> {
                synchronized (this) {
                    sending = false;
                    if (error != null) {
                        LOG.debug("signal send failed: {}", error.toString());
                        outgoing.clear();
                        if (closed && !closeSent) {
                            closeSent = true;
                            ws.abort();
                        }
                        return;
                    }
                    pump();
                }
            });
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true; // queued messages (a leave) are still written, then the socket closes
            if (ws == null) {
                outgoing.clear();
            } else {
                pump();
            }
        }

        private synchronized boolean isClosed() {
            return closed;
        }

        // ---- WebSocket.Listener (called one at a time by the JDK) ----

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] message = assembler.add(data, last);
            if (message == null) {
                webSocket.request(1);
                return null;
            }
            if (!isClosed()) {
                try {
                    listener.onMessage(message);
                } catch (RuntimeException e) {
                    LOG.warn("signal listener failed", e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1); // the server speaks protobuf; text frames are not expected
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (markClosed()) {
                listener.onClosed(null);
            }
            webSocket.abort();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (markClosed()) {
                listener.onClosed(error);
            }
        }

        private synchronized boolean markClosed() {
            if (closed) {
                return false;
            }
            closed = true;
            closeSent = true;
            outgoing.clear();
            return true;
        }
    }
}
