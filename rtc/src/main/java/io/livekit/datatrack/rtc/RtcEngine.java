package io.livekit.datatrack.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.livekit.datatrack.rtc.internal.WebrtcPeerSession;
import java.util.Objects;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the native WebRTC stack (one webrtc-java {@code PeerConnectionFactory} with a headless
 * audio module, so no sound device is opened) and the threads around it: one control thread on
 * which every webrtc-java call is made, a small pool that writes data channel messages (native
 * sends block), and a scheduler. Create one per process (or per client/server), close it last.
 *
 * <p>Known limitation of webrtc-java 0.14.0 (upstream issue #265): every received data channel
 * message leaks about 86 bytes of Java heap until the factory is disposed.
 */
public final class RtcEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtcEngine.class);
    private static final AtomicInteger ENGINES = new AtomicInteger();

    private final HeadlessAudioDeviceModule[] audio;
    private final PeerConnectionFactory[] factories;
    private final AtomicInteger nextFactory = new AtomicInteger();
    private final ExecutorService control;
    private final ExecutorService io;
    private final ScheduledExecutorService scheduler;
    private final Options options;
    private final AtomicInteger peers = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Engine settings.
     *
     * @param minPort lowest UDP port for ICE (0 with maxPort 0: any)
     * @param maxPort highest UDP port for ICE
     * @param senderThreads threads writing data channel messages
     * @param factories native factories; peers are spread over them round-robin. Each has its own
     *     signaling and network threads, and a factory's network thread is the bottleneck under
     *     load, so a server benefits from more than one
     */
    public record Options(int minPort, int maxPort, int senderThreads, int factories) {
        /** Any port, two sender threads, one factory. */
        public static Options defaults() {
            return new Options(0, 0, 2, 1);
        }
    }

    private RtcEngine(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        int id = ENGINES.incrementAndGet();
        this.control = Executors.newSingleThreadExecutor(named("rtc-control-" + id));
        this.io = Executors.newFixedThreadPool(Math.max(1, options.senderThreads()), named("rtc-send-" + id));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("rtc-timer-" + id));
        try {
            int n = Math.max(1, options.factories());
            this.audio = new HeadlessAudioDeviceModule[n];
            this.factories = new PeerConnectionFactory[n];
            control.submit(() -> {
                for (int i = 0; i < n; i++) {
                    audio[i] = new HeadlessAudioDeviceModule();
                    factories[i] = new PeerConnectionFactory(audio[i]);
                }
            }).get();
        } catch (Exception e) {
            shutdownThreads();
            throw new IllegalStateException("cannot start the WebRTC engine", e);
        }
    }

    /** An engine with default options. */
    public static RtcEngine create() {
        return new RtcEngine(Options.defaults());
    }

    /** An engine with the given options. */
    public static RtcEngine create(Options options) {
        return new RtcEngine(options);
    }

    /**
     * A new peer connection (max-bundle, RTCP mux required, no ICE servers: host candidates only).
     *
     * @param eventExecutor where the listener's callbacks run (serialised per peer)
     */
    public PeerSession newPeer(String name, PeerSession.Listener listener, java.util.concurrent.Executor eventExecutor) {
        return newPeer(name, listener, eventExecutor, List.of(), false);
    }

    /**
     * A new peer connection that also gathers through the given STUN/TURN servers.
     *
     * @param iceServers STUN/TURN servers (empty: host candidates only)
     * @param relayOnly gather relay (TURN) candidates only
     * @param eventExecutor where the listener's callbacks run (serialised per peer)
     */
    public PeerSession newPeer(
            String name,
            PeerSession.Listener listener,
            java.util.concurrent.Executor eventExecutor,
            List<IceServer> iceServers,
            boolean relayOnly) {
        if (closed) {
            throw new IllegalStateException("engine closed");
        }
        RTCConfiguration config = new RTCConfiguration();
        config.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        config.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        WebrtcPeerSession.applyIceServers(config, iceServers, relayOnly);
        if (options.minPort() > 0 && options.maxPort() >= options.minPort()) {
            config.portAllocatorConfig = new PortAllocatorConfig(options.minPort(), options.maxPort(), 0);
        }
        peers.incrementAndGet();
        PeerConnectionFactory factory = factories[Math.floorMod(nextFactory.getAndIncrement(), factories.length)];
        return new WebrtcPeerSession(name, factory, config, control, io, scheduler, eventExecutor, listener);
    }

    /** Disposes the native stack; close every peer first. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            control.submit(() -> {
                for (int i = 0; i < factories.length; i++) {
                    factories[i].dispose();
                    audio[i].dispose();
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("WebRTC engine did not shut down cleanly: {}", e.toString());
        }
        shutdownThreads();
    }

    private void shutdownThreads() {
        scheduler.shutdownNow();
        io.shutdownNow();
        control.shutdown();
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
