package io.livekit.datatrack.rtc.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Helpers for the engine's control thread, on which every webrtc-java call is made. */
final class ControlThread {
    private static final Logger LOG = LoggerFactory.getLogger(ControlThread.class);

    private ControlThread() {}

    /**
     * Runs a release step (closing a channel or a peer connection) on the control thread, or skips
     * it if the engine is already closed: disposing the native factories released those objects
     * with them. Closing a room or a peer after its engine must not throw.
     */
    static void runOrSkip(Executor control, Runnable release) {
        try {
            control.execute(release);
        } catch (RejectedExecutionException e) {
            LOG.debug("engine already closed; native release skipped");
        }
    }
}
