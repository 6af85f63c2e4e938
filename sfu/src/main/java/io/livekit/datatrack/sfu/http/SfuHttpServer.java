package io.livekit.datatrack.sfu.http;

import io.livekit.datatrack.sfu.signal.SignalHandler;
import io.livekit.datatrack.token.TokenVerifier;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFU's HTTP and WebSocket edge, wire-compatible with the LiveKit server's signaling endpoints
 * (see the package documentation). Built on Jetty 12 core (no servlets).
 *
 * <pre>{@code
 * try (SfuHttpServer server = new SfuHttpServer(
 *         SfuHttpConfig.builder(Map.of("devkey", "secret")).port(7880).build(), roomLayer)) {
 *     server.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>Owns its threads, all named {@code sfu-http*} or {@code sfu-ws-ping}: a Jetty
 * {@link QueuedThreadPool} (handing blocking work to virtual threads when the JVM supports them),
 * Jetty's scheduler, and one thread for WebSocket pings; {@link #close()} stops all of them and runs
 * {@code onClose} for every connection still open. Thread-safe.
 */
public final class SfuHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SfuHttpServer.class);

    private final SfuHttpConfig config;
    private final Server server;
    private final ServerConnector connector;
    private final Set<SignalSocket> sockets = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private ScheduledExecutorService pinger;
    private boolean started;
    private boolean closed;

    /**
     * Creates (but does not start) a server.
     *
     * @param config addresses, keys and limits
     * @param signalHandler the room layer, called once per accepted WebSocket
     */
    public SfuHttpServer(SfuHttpConfig config, SignalHandler signalHandler) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(signalHandler, "signalHandler");

        QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), Math.min(8, config.maxThreads()));
        threads.setName("sfu-http");
        if (VirtualThreads.areSupported()) {
            threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("sfu-http-vt"));
        }
        server = new Server(threads, new ScheduledExecutorScheduler("sfu-http-scheduler", true), null);
        server.setErrorHandler(SfuHttpServer::writeError);

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(config.maxRequestHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // "//rtc/validate" must reach the handler, which strips one slash as LiveKit does
        http.setUriCompliance(UriCompliance.DEFAULT.with("livekit-double-slash",
                UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);

        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(config.idleTimeout());
            container.setMaxBinaryMessageSize(config.maxSignalMessageBytes());
            container.setMaxTextMessageSize(Math.min(config.maxSignalMessageBytes(), 64 * 1024));
        });
        TokenVerifier verifier = new TokenVerifier(config.apiKeys(), config.clock(), config.tokenLeeway());
        JoinValidator validator = new JoinValidator(verifier, config.maxJoinRequestBytes(),
                config.maxIdentityBytes(), config.maxRoomNameBytes());
        SignalSocket.Registry registry = new SignalSocket.Registry() {
            @Override
            public void opened(SignalSocket socket) {
                sockets.add(socket);
            }

            @Override
            public void closed(SignalSocket socket) {
                sockets.remove(socket);
            }
        };
        upgrades.setHandler(new EdgeHandler(validator, signalHandler, upgrades.getServerWebSocketContainer(),
                registry, config.maxQueuedSendBytes()));
        server.setHandler(upgrades);
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException if the address cannot be bound
     * @throws IllegalStateException if already started or closed
     */
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (closed || started) {
                throw new IllegalStateException(closed ? "closed" : "already started");
            }
            started = true;
            try {
                server.start();
            } catch (IOException e) {
                stopQuietly();
                throw e;
            } catch (Exception e) {
                stopQuietly();
                throw new IOException("cannot start the HTTP server: " + e.getMessage(), e);
            }
            Duration interval = config.pingInterval();
            if (!interval.isZero()) {
                pinger = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "sfu-ws-ping");
                    t.setDaemon(true);
                    return t;
                });
                long millis = Math.max(1, interval.toMillis());
                pinger.scheduleAtFixedRate(this::pingAll, millis, millis, TimeUnit.MILLISECONDS);
            }
            LOG.info("signaling listening on {}:{}", config.host(), port());
        }
    }

    /** The bound port (the ephemeral one if configured as 0), or -1 before {@link #start()}. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The number of accepted signaling WebSockets currently open. */
    public int openConnections() {
        return sockets.size();
    }

    /** Stops serving, closes every connection (each listener's onClose runs) and all threads. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (pinger != null) {
                pinger.shutdownNow();
            }
            stopQuietly();
            for (SignalSocket socket : List.copyOf(sockets)) {
                socket.notifyClosed();
            }
            sockets.clear();
        }
    }

    private void pingAll() {
        for (SignalSocket socket : sockets) {
            try {
                socket.ping();
            } catch (RuntimeException e) {
                LOG.debug("ping failed", e);
            }
        }
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("error stopping the HTTP server", e);
        }
    }

    /** Jetty's error responses (bad requests, oversized headers): status only, no page echoing the URI. */
    private static boolean writeError(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        response.getHeaders().remove(HttpHeader.CONTENT_TYPE);
        response.write(true, null, callback);
        return true;
    }

    @Override
    public String toString() {
        return "SfuHttpServer[" + config.host() + ":" + port() + "]";
    }
}
