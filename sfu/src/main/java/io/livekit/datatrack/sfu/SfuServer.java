package io.livekit.datatrack.sfu;

import io.livekit.datatrack.rtc.RtcEngine;
import io.livekit.datatrack.sfu.http.SfuHttpConfig;
import io.livekit.datatrack.sfu.http.SfuHttpServer;
import io.livekit.datatrack.sfu.room.ForwardingStats;
import io.livekit.datatrack.sfu.room.RoomManager;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded, data-only LiveKit-protocol server: the real LiveKit JS and Rust clients (and this
 * project's Java client) join rooms, publish and subscribe data tracks and exchange data packets
 * through it. Media is not forwarded.
 *
 * <pre>{@code
 * try (SfuServer sfu = SfuServer.builder().devMode().bind("10.0.0.1").start()) {
 *     String url = sfu.url(); // ws://10.0.0.1:7880
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} stops everything it started.
 */
public final class SfuServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SfuServer.class);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final Builder config;
    private final RtcEngine engine;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final RoomManager rooms;
    private final SfuHttpServer http;
    private boolean closed; // guarded by this

    private SfuServer(Builder b) throws Exception {
        this.config = b;
        int id = SERVERS.incrementAndGet();
        this.engine = RtcEngine.create(new RtcEngine.Options(b.minPort, b.maxPort, b.senderThreads, b.factories));
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(b.workerThreads, r -> {
            Thread t = new Thread(r, "sfu-" + id + "-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sfu-" + id + "-timer");
            t.setDaemon(true);
            return t;
        });
        this.rooms = new RoomManager(engine, executor, scheduler, b.nodeId, b.advertisedAddresses, b.dataTracksEnabled);
        this.http = new SfuHttpServer(
                SfuHttpConfig.builder(Map.copyOf(b.keys)).host(b.bind).port(b.port).build(), rooms);
        try {
            http.start();
        } catch (Exception e) {
            shutdown();
            throw e;
        }
        LOG.info("SFU listening on {} (advertising {})", url(), b.advertisedAddresses.isEmpty() ? "all" : b.advertisedAddresses);
    }

    /** A builder with the production defaults (no keys: add some, or use {@link Builder#devMode()}). */
    public static Builder builder() {
        return new Builder();
    }

    /** The WebSocket URL clients connect to, e.g. {@code ws://127.0.0.1:7880}. */
    public String url() {
        String host = config.bind.contains(":") ? "[" + config.bind + "]" : config.bind;
        if ("0.0.0.0".equals(config.bind)) {
            host = "127.0.0.1";
        }
        return "ws://" + host + ":" + port();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return http.port();
    }

    /** Server-wide forwarding counters. */
    public ForwardingStats stats() {
        return rooms.stats();
    }

    /** Rooms that currently have participants. */
    public List<String> rooms() {
        return rooms.roomNames();
    }

    /** Ends every session, stops listening and releases the WebRTC engine. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Let the Leaves and close frames go out before the HTTP server drops the connections.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        rooms.closeAll(2_000);
        while (http.openConnections() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            http.close();
        } catch (Exception e) {
            LOG.debug("http close: {}", e.toString());
        }
        shutdown();
    }

    private void shutdown() {
        scheduler.shutdownNow();
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        engine.close();
    }

    /** Configures and starts an {@link SfuServer}. */
    public static final class Builder {
        private String bind = "127.0.0.1";
        private int port = 7880;
        private final Map<String, String> keys = new LinkedHashMap<>();
        private final Set<String> advertisedAddresses = new LinkedHashSet<>();
        private String nodeId = "ND_" + Integer.toHexString(System.identityHashCode(this));
        private boolean dataTracksEnabled = true;
        private int minPort;
        private int maxPort;
        private int workerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int senderThreads = 2;
        private int factories = 2;

        private Builder() {}

        /** Development keys ({@code devkey} / {@code secret}), as {@code livekit-server --dev}. */
        public Builder devMode() {
            keys.put("devkey", "secret");
            return this;
        }

        /** Adds an API key and its secret. */
        public Builder key(String apiKey, String secret) {
            keys.put(Objects.requireNonNull(apiKey), Objects.requireNonNull(secret));
            return this;
        }

        /** The address to listen on (default 127.0.0.1). */
        public Builder bind(String address) {
            this.bind = Objects.requireNonNull(address);
            return this;
        }

        /** The HTTP/WebSocket port (default 7880; 0 picks a free one). */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /**
         * Only ICE candidates on these addresses are offered to clients (like
         * {@code livekit-server --node-ip}). Empty (default): every non-loopback interface.
         */
        public Builder advertise(String... addresses) {
            for (String a : addresses) {
                advertisedAddresses.add(canonical(a));
            }
            return this;
        }

        /** UDP port range for ICE (default: any). */
        public Builder icePortRange(int min, int max) {
            this.minPort = min;
            this.maxPort = max;
            return this;
        }

        /** Refuse every data track publication (NOT_ALLOWED), as a server with data tracks disabled. */
        public Builder dataTracksEnabled(boolean value) {
            this.dataTracksEnabled = value;
            return this;
        }

        /** Node id reported in ServerInfo. */
        public Builder nodeId(String value) {
            this.nodeId = Objects.requireNonNull(value);
            return this;
        }

        /** Worker threads for room actors and peer events. */
        public Builder workerThreads(int value) {
            this.workerThreads = Math.max(1, value);
            return this;
        }

        /** Native WebRTC factories to spread peers over (default 2). */
        public Builder rtcFactories(int value) {
            this.factories = Math.max(1, value);
            return this;
        }

        /** Starts the server. */
        public SfuServer start() {
            if (keys.isEmpty()) {
                throw new IllegalStateException("no API keys: call key(..) or devMode()");
            }
            try {
                return new SfuServer(this);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the SFU: " + e.getMessage(), e);
            }
        }

        private static String canonical(String address) {
            try {
                return InetAddress.getByName(address).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("not an address: " + address, e);
            }
        }
    }
}
