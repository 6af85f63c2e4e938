package io.livekit.datatrack.client;

import io.livekit.datatrack.client.signal.JdkWebSocketTransport;
import io.livekit.datatrack.client.signal.SignalConnection;
import io.livekit.datatrack.client.signal.SignalTransport;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The JDK WebSocket transport with a per-room signal fault: {@link #cut(Duration)} drops the open
 * signal connections (as a broken link would: the client sees an error, nothing is sent) and
 * refuses new ones until the outage ends. Peer connections are not affected.
 */
final class CuttableSignalTransport implements SignalTransport {
    private final SignalTransport delegate = new JdkWebSocketTransport(
            Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "cuttable-signal");
                t.setDaemon(true);
                return t;
            }),
            Duration.ofSeconds(5));
    private final Set<Cuttable> open = ConcurrentHashMap.newKeySet();
    private volatile long refuseUntilNanos = System.nanoTime();
    volatile int refused;

    @Override
    public CompletableFuture<SignalConnection> connect(URI uri, Map<String, String> headers, SignalConnection.Listener listener) {
        if (System.nanoTime() - refuseUntilNanos < 0) {
            refused++;
            return CompletableFuture.failedFuture(new IOException("signal path cut (test)"));
        }
        Cuttable c = new Cuttable(listener);
        return delegate.connect(uri, headers, c).thenApply(conn -> {
            c.connection = conn;
            open.add(c);
            return c;
        });
    }

    /** Drops every open signal connection and refuses new ones for {@code outage}. */
    void cut(Duration outage) {
        refuseUntilNanos = System.nanoTime() + outage.toNanos();
        for (Cuttable c : open) {
            c.cut();
        }
    }

    private final class Cuttable implements SignalConnection, SignalConnection.Listener {
        private final SignalConnection.Listener listener;
        volatile SignalConnection connection;
        private volatile boolean dead;

        Cuttable(SignalConnection.Listener listener) {
            this.listener = listener;
        }

        void cut() {
            if (!dead) {
                dead = true;
                open.remove(this);
                connection.close();
                listener.onClosed(new IOException("signal path cut (test)"));
            }
        }

        @Override
        public boolean send(byte[] message) {
            return !dead && connection.send(message);
        }

        @Override
        public void close() {
            dead = true;
            open.remove(this);
            connection.close();
        }

        @Override
        public void onMessage(byte[] message) {
            if (!dead) {
                listener.onMessage(message);
            }
        }

        @Override
        public void onClosed(Throwable error) {
            open.remove(this);
            if (!dead) {
                dead = true;
                listener.onClosed(error);
            }
        }
    }
}
