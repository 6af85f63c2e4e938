package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.client.RoomOptions;
import io.livekit.datatrack.rtc.RtcEngine;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads and the WebRTC engine a room session runs on: the application's executor and engine
 * or its own, its timer, and the release of what it owns. Fixed at construction; {@link #release()}
 * runs once, on the timer thread.
 */
final class SessionResources {
    private static final Logger LOG = LoggerFactory.getLogger(SessionResources.class);

    private final String name;
    private final ExecutorService ownedPool;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final RtcEngine engine;
    private final boolean ownsEngine;

    /** @param name the room session's name, for thread names and logs */
    SessionResources(String name, RoomOptions options) {
        this.name = name;
        if (options.executor().isPresent()) {
            this.ownedPool = null;
            this.executor = options.executor().get();
        } else {
            this.ownedPool = Executors.newCachedThreadPool(daemon(name + "-worker"));
            this.executor = ownedPool;
        }
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon(name + "-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = timer;
        this.ownsEngine = options.rtcEngine().isEmpty();
        this.engine = options.rtcEngine().orElseGet(RtcEngine::create);
    }

    /** The application's executor, or the session's own pool of daemon threads. */
    Executor executor() {
        return executor;
    }

    /** The session's own timer (one daemon thread). */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    RtcEngine engine() {
        return engine;
    }

    /** Closes the engine and shuts the pool down if the session owns them, and stops the timer. */
    void release() {
        if (ownsEngine) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                LOG.debug("{}: engine close failed: {}", name, e.toString());
            }
        }
        if (ownedPool != null) {
            ownedPool.shutdown();
        }
        scheduler.shutdown();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
