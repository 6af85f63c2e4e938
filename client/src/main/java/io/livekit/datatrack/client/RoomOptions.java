package io.livekit.datatrack.client;

import io.livekit.datatrack.client.signal.SignalTransport;
import io.livekit.datatrack.e2ee.KeyProvider;
import io.livekit.datatrack.rtc.IceServer;
import io.livekit.datatrack.rtc.RtcEngine;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How a {@link Room} connects. Immutable; build with {@link #builder()}, or use {@link #defaults()}.
 *
 * <pre>{@code
 * RoomOptions options = RoomOptions.builder()
 *         .encryption(KeyProvider.withSharedPassphrase("secret"))
 *         .build();
 * }</pre>
 */
public final class RoomOptions {
    private final boolean singlePeerConnection;
    private final KeyProvider keyProvider;
    private final boolean autoReconnect;
    private final Executor executor;
    private final RtcEngine rtcEngine;
    private final SignalTransport signalTransport;
    private final Duration connectTimeout;
    private final List<IceServer> iceServers;
    private final boolean relayOnly;

    private RoomOptions(Builder b) {
        this.singlePeerConnection = b.singlePeerConnection;
        this.keyProvider = b.keyProvider;
        this.autoReconnect = b.autoReconnect;
        this.executor = b.executor;
        this.rtcEngine = b.rtcEngine;
        this.signalTransport = b.signalTransport;
        this.connectTimeout = b.connectTimeout;
        this.iceServers = b.iceServers;
        this.relayOnly = b.relayOnly;
    }

    /** The defaults: single peer connection (v1), no E2EE, auto-reconnect on, own threads. */
    public static RoomOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.singlePeerConnection = singlePeerConnection;
        b.keyProvider = keyProvider;
        b.autoReconnect = autoReconnect;
        b.executor = executor;
        b.rtcEngine = rtcEngine;
        b.signalTransport = signalTransport;
        b.connectTimeout = connectTimeout;
        b.iceServers = iceServers;
        b.relayOnly = relayOnly;
        return b;
    }

    /**
     * True (default): one peer connection on {@code /rtc/v1}, falling back to {@code /rtc} (two
     * peer connections) when the server answers the v1 upgrade with HTTP 404. False: {@code /rtc}
     * directly.
     */
    public boolean singlePeerConnection() {
        return singlePeerConnection;
    }

    /** The E2EE key provider, if data tracks are end-to-end encrypted. */
    public Optional<KeyProvider> encryption() {
        return Optional.ofNullable(keyProvider);
    }

    /** True (default): resume or fully reconnect after a connection loss. */
    public boolean autoReconnect() {
        return autoReconnect;
    }

    /** The executor for the room's actors and pipelines, if one was given (else the room owns a small pool). */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /** A shared WebRTC engine, if one was given (else the room creates and closes its own). */
    public Optional<RtcEngine> rtcEngine() {
        return Optional.ofNullable(rtcEngine);
    }

    /** The signaling transport, if one was given (else the JDK WebSocket client). */
    public Optional<SignalTransport> signalTransport() {
        return Optional.ofNullable(signalTransport);
    }

    /** How long {@link Room#connect} may take, from the upgrade to open data channels (default 15 s). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * STUN/TURN servers chosen by the application, if any. Without them the room uses the servers
     * the LiveKit server hands out in its join and reconnect responses (as the JS and Rust SDKs do).
     */
    public Optional<List<IceServer>> iceServers() {
        return Optional.ofNullable(iceServers);
    }

    /**
     * True: gather relay (TURN) candidates only. The server can also ask for this
     * ({@code ClientConfiguration.force_relay}). Default false.
     */
    public boolean relayOnly() {
        return relayOnly;
    }

    /** Builds {@link RoomOptions}. */
    public static final class Builder {
        private boolean singlePeerConnection = true;
        private KeyProvider keyProvider;
        private boolean autoReconnect = true;
        private Executor executor;
        private RtcEngine rtcEngine;
        private SignalTransport signalTransport;
        private Duration connectTimeout = Duration.ofSeconds(15);
        private List<IceServer> iceServers;
        private boolean relayOnly;

        private Builder() {}

        /** See {@link RoomOptions#singlePeerConnection()}. */
        public Builder singlePeerConnection(boolean value) {
            this.singlePeerConnection = value;
            return this;
        }

        /**
         * Enables E2EE of data tracks: tracks published from this room are encrypted with
         * {@code keyProvider.encryptionProvider(localIdentity)} (publish requests say {@code GCM}),
         * encrypted remote tracks are decrypted with {@code keyProvider.decryptionProvider()}. Null
         * disables it.
         */
        public Builder encryption(KeyProvider value) {
            this.keyProvider = value;
            return this;
        }

        /** See {@link RoomOptions#autoReconnect()}. */
        public Builder autoReconnect(boolean value) {
            this.autoReconnect = value;
            return this;
        }

        /**
         * Runs the room's actors, the data-track pipelines and (by default) listener callbacks. It
         * must not run tasks on the calling thread. Null: the room owns a small daemon pool.
         */
        public Builder executor(Executor value) {
            this.executor = value;
            return this;
        }

        /** A WebRTC engine shared with other rooms; the room will not close it. */
        public Builder rtcEngine(RtcEngine value) {
            this.rtcEngine = value;
            return this;
        }

        /** Replaces the WebSocket client (for tests or custom stacks). */
        public Builder signalTransport(SignalTransport value) {
            this.signalTransport = value;
            return this;
        }

        /** See {@link RoomOptions#connectTimeout()}. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value, "value");
            return this;
        }

        /** See {@link RoomOptions#iceServers()}; null returns to the server's servers. */
        public Builder iceServers(List<IceServer> value) {
            this.iceServers = value == null ? null : List.copyOf(value);
            return this;
        }

        /** See {@link RoomOptions#relayOnly()}. */
        public Builder relayOnly(boolean value) {
            this.relayOnly = value;
            return this;
        }

        /** The options. */
        public RoomOptions build() {
            return new RoomOptions(this);
        }
    }
}
