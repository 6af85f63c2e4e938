package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.protocol.LivekitRtc;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The signal connection's ping/pong keepalive: the ping timer, when the server was last heard
 * from, and the round-trip time measured from the pongs. Confined to the room session's actor,
 * except {@link #rtt()}, which any thread may read.
 */
final class SignalKeepalive {
    private final ScheduledExecutorService scheduler;
    private final Executor actor;
    private int pingIntervalSeconds;
    private int pingTimeoutSeconds;
    private long lastMessageNanos;
    private ScheduledFuture<?> pingTask;
    private volatile long signalRtt = -1;

    /** @param actor the room session's actor, where every tick runs */
    SignalKeepalive(ScheduledExecutorService scheduler, Executor actor) {
        this.scheduler = scheduler;
        this.actor = actor;
    }

    /**
     * (Re)starts the pings with a join response's interval and timeout (5 s and 15 s when it has
     * none); {@code tick} runs on the actor at every interval.
     */
    void start(int pingInterval, int pingTimeout, Runnable tick) {
        pingIntervalSeconds = pingInterval > 0 ? pingInterval : 5;
        pingTimeoutSeconds = pingTimeout > 0 ? pingTimeout : 15;
        stop();
        pingTask = scheduler.scheduleAtFixedRate(
                () -> actor.execute(tick), pingIntervalSeconds, pingIntervalSeconds, TimeUnit.SECONDS);
    }

    void stop() {
        if (pingTask != null) {
            pingTask.cancel(false);
        }
    }

    /** The server was heard from (a connection or any message). */
    void heard() {
        lastMessageNanos = System.nanoTime();
    }

    /** True if the server has been silent for longer than the ping timeout. */
    boolean timedOut() {
        return System.nanoTime() - lastMessageNanos > TimeUnit.SECONDS.toNanos(pingTimeoutSeconds);
    }

    /** The next ping, stamped now and carrying the last round-trip time. */
    LivekitRtc.SignalRequest ping() {
        return LivekitRtc.SignalRequest.newBuilder()
                .setPingReq(LivekitRtc.Ping.newBuilder()
                        .setTimestamp(System.currentTimeMillis())
                        .setRtt(Math.max(0, signalRtt)))
                .build();
    }

    void onPong(LivekitRtc.Pong pong) {
        signalRtt = Math.max(0, System.currentTimeMillis() - pong.getLastPingTimestamp());
    }

    /** The last signal round-trip time in milliseconds, or -1 before the first pong. Any thread. */
    long rtt() {
        return signalRtt;
    }
}
