package io.livekit.datatrack.sfu.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of {@link SfuHttpServer}. Immutable; create with {@link #builder(Map)}.
 *
 * <p>Defaults follow the LiveKit server: port 7880 on all interfaces, 60 s token leeway, identity
 * and room name at most 256 bytes, join requests at most 1 MiB (decompressed). WebSocket limits:
 * 1 MiB per signal message, 60 s idle timeout (clients ping every few seconds), a ping frame every
 * 10 s, and at most 4 MiB of queued outgoing bytes before a connection is dropped as too slow.
 */
public final class SfuHttpConfig {

    private final String host;
    private final int port;
    private final Map<String, String> apiKeys;
    private final Clock clock;
    private final Duration tokenLeeway;
    private final int maxRequestHeaderBytes;
    private final int maxJoinRequestBytes;
    private final int maxIdentityBytes;
    private final int maxRoomNameBytes;
    private final int maxSignalMessageBytes;
    private final Duration idleTimeout;
    private final Duration pingInterval;
    private final long maxQueuedSendBytes;
    private final int maxThreads;

    private SfuHttpConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.apiKeys = Map.copyOf(b.apiKeys);
        this.clock = b.clock;
        this.tokenLeeway = b.tokenLeeway;
        this.maxRequestHeaderBytes = b.maxRequestHeaderBytes;
        this.maxJoinRequestBytes = b.maxJoinRequestBytes;
        this.maxIdentityBytes = b.maxIdentityBytes;
        this.maxRoomNameBytes = b.maxRoomNameBytes;
        this.maxSignalMessageBytes = b.maxSignalMessageBytes;
        this.idleTimeout = b.idleTimeout;
        this.pingInterval = b.pingInterval;
        this.maxQueuedSendBytes = b.maxQueuedSendBytes;
        this.maxThreads = b.maxThreads;
    }

    /**
     * Starts a configuration accepting tokens signed with {@code apiKeys} (API key to secret).
     *
     * @throws IllegalArgumentException if the map is empty or holds an empty key or secret
     */
    public static Builder builder(Map<String, String> apiKeys) {
        return new Builder(apiKeys);
    }

    /** Bind address; default {@code 0.0.0.0}. */
    public String host() {
        return host;
    }

    /** Bind port; 0 picks an ephemeral port. Default 7880. */
    public int port() {
        return port;
    }

    /** API key to API secret. */
    public Map<String, String> apiKeys() {
        return apiKeys;
    }

    /** Clock for token expiry checks. */
    public Clock clock() {
        return clock;
    }

    /** Leeway for {@code exp}/{@code nbf}; default 60 s. */
    public Duration tokenLeeway() {
        return tokenLeeway;
    }

    /** Limit of request line plus headers; default 128 KiB (a v1 join offer travels in the query). */
    public int maxRequestHeaderBytes() {
        return maxRequestHeaderBytes;
    }

    /** Limit of a (decompressed) v1 join request; default 1 MiB. */
    public int maxJoinRequestBytes() {
        return maxJoinRequestBytes;
    }

    /** Limit of the identity in UTF-8 bytes; default 256. */
    public int maxIdentityBytes() {
        return maxIdentityBytes;
    }

    /** Limit of the room name in UTF-8 bytes; default 256. */
    public int maxRoomNameBytes() {
        return maxRoomNameBytes;
    }

    /** Limit of one incoming WebSocket message; default 1 MiB. */
    public int maxSignalMessageBytes() {
        return maxSignalMessageBytes;
    }

    /** WebSocket idle timeout; default 60 s. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Interval of WebSocket ping frames; zero disables them. Default 10 s. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** Outgoing bytes a connection may have queued before it is dropped as too slow; default 4 MiB. */
    public long maxQueuedSendBytes() {
        return maxQueuedSendBytes;
    }

    /** Maximum platform threads of the HTTP thread pool; default 200. */
    public int maxThreads() {
        return maxThreads;
    }

    @Override
    public String toString() {
        return "SfuHttpConfig[host=" + host + ", port=" + port + ", apiKeys=" + apiKeys.keySet() + "]";
    }

    /** Builder of {@link SfuHttpConfig}. Not thread-safe. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 7880;
        private final Map<String, String> apiKeys;
        private Clock clock = Clock.systemUTC();
        private Duration tokenLeeway = Duration.ofSeconds(60);
        private int maxRequestHeaderBytes = 128 * 1024;
        private int maxJoinRequestBytes = 1024 * 1024;
        private int maxIdentityBytes = 256;
        private int maxRoomNameBytes = 256;
        private int maxSignalMessageBytes = 1024 * 1024;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration pingInterval = Duration.ofSeconds(10);
        private long maxQueuedSendBytes = 4L * 1024 * 1024;
        private int maxThreads = 200;

        private Builder(Map<String, String> apiKeys) {
            if (apiKeys.isEmpty()) {
                throw new IllegalArgumentException("no API keys");
            }
            apiKeys.forEach((key, secret) -> {
                if (key.isEmpty() || secret.isEmpty()) {
                    throw new IllegalArgumentException("empty API key or secret");
                }
            });
            this.apiKeys = Map.copyOf(apiKeys);
        }

        /** Bind address (host name or IP literal). */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** Bind port, 0 for an ephemeral port. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            this.port = value;
            return this;
        }

        /** Clock for token expiry checks. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Leeway for {@code exp}/{@code nbf}. */
        public Builder tokenLeeway(Duration value) {
            this.tokenLeeway = nonNegative(value, "tokenLeeway");
            return this;
        }

        /** Limit of request line plus headers, at least 64 KiB. */
        public Builder maxRequestHeaderBytes(int value) {
            if (value < 64 * 1024) {
                throw new IllegalArgumentException("maxRequestHeaderBytes must be at least 64 KiB");
            }
            this.maxRequestHeaderBytes = value;
            return this;
        }

        /** Limit of a (decompressed) v1 join request. */
        public Builder maxJoinRequestBytes(int value) {
            this.maxJoinRequestBytes = positive(value, "maxJoinRequestBytes");
            return this;
        }

        /** Limit of the identity in UTF-8 bytes. */
        public Builder maxIdentityBytes(int value) {
            this.maxIdentityBytes = positive(value, "maxIdentityBytes");
            return this;
        }

        /** Limit of the room name in UTF-8 bytes. */
        public Builder maxRoomNameBytes(int value) {
            this.maxRoomNameBytes = positive(value, "maxRoomNameBytes");
            return this;
        }

        /** Limit of one incoming WebSocket message. */
        public Builder maxSignalMessageBytes(int value) {
            this.maxSignalMessageBytes = positive(value, "maxSignalMessageBytes");
            return this;
        }

        /** WebSocket idle timeout (positive). */
        public Builder idleTimeout(Duration value) {
            nonNegative(value, "idleTimeout");
            if (value.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive");
            }
            this.idleTimeout = value;
            return this;
        }

        /** Interval of WebSocket ping frames; zero disables them. */
        public Builder pingInterval(Duration value) {
            this.pingInterval = nonNegative(value, "pingInterval");
            return this;
        }

        /** Outgoing bytes a connection may have queued before it is dropped. */
        public Builder maxQueuedSendBytes(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxQueuedSendBytes must be positive");
            }
            this.maxQueuedSendBytes = value;
            return this;
        }

        /** Maximum platform threads of the HTTP thread pool (at least 8). */
        public Builder maxThreads(int value) {
            if (value < 8) {
                throw new IllegalArgumentException("maxThreads must be at least 8");
            }
            this.maxThreads = value;
            return this;
        }

        /** The configuration. */
        public SfuHttpConfig build() {
            return new SfuHttpConfig(this);
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static Duration nonNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return value;
        }
    }
}
