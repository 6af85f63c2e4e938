package io.livekit.datatrack.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.livekit.datatrack.rtc.internal.WebrtcPeerSession;
import java.util.Objects;
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

    private final HeadlessAudioDeviceModule audio;
    private final PeerConnectionFactory factory;
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
     */
    public record Options(int minPort, int maxPort, int senderThreads) {
        /** Any port, two sender threads. */
        public static Options defaults() {
            return new Options(0, 0, 2);
        }
    }

    private RtcEngine(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        int id = ENGINES.incrementAndGet();
        this.control = Executors.newSingleThreadExecutor(named("rtc-control-" + id));
        this.io = Executors.newFixedThreadPool(Math.max(1, options.senderThreads()), named("rtc-send-" + id));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("rtc-timer-" + id));
        try {
            Object[] made = control.submit(() -> {
                HeadlessAudioDeviceModule adm = new HeadlessAudioDeviceModule();
                return new Object[] {adm, new PeerConnectionFactory(adm)};
            }).get();
            this.audio = (HeadlessAudioDeviceModule) made[0];
            this.factory = (PeerConnectionFactory) made[1];
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
     * A new peer connection (max-bundle, RTCP mux required, no ICE servers: LAN/host candidates).
     *
     * @param eventExecutor where the listener's callbacks run (serialised per peer)
     */
    public PeerSession newPeer(String name, PeerSession.Listener listener, java.util.concurrent.Executor eventExecutor) {
        if (closed) {
            throw new IllegalStateException("engine closed");
        }
        RTCConfiguration config = new RTCConfiguration();
        config.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        config.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        if (options.minPort() > 0 && options.maxPort() >= options.minPort()) {
            config.portAllocatorConfig = new PortAllocatorConfig(options.minPort(), options.maxPort(), 0);
        }
        peers.incrementAndGet();
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
                factory.dispose();
                audio.dispose();
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
