package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.backend.local.OutgoingFrame;
import io.livekit.datatrack.rtc.DataChannel;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The session send queue of data-track frames, Rust policy (spec datatrack-core §7.4): one queue
 * per session shared by all tracks, holding <b>one whole frame</b>; a newer frame evicts the queued
 * one (drop-oldest at frame granularity, a frame is never split). The sender takes the queued frame
 * only when the previous frame is fully written and the channel's pending bytes are at most 8 KiB,
 * then writes the frame's packets in order, pausing (never dropping) whenever more than 8 KiB are
 * pending. {@link #offer} never waits for the channel.
 *
 * <p>The sender is a drain loop that runs on whichever thread finds it idle (usually the track
 * pipeline that offers the frame, so taking a frame costs no thread hand-off) or, while it waits for
 * the channel to drain, on the executor after a short timer. The channel is expected to use {@code
 * SendPolicy.DIRECT}: each packet is written to the native channel by the drain loop itself (a
 * native call of tens to hundreds of microseconds, on a pipeline or executor thread, never the
 * application's), nothing sits in a second queue between this gate and the channel, and the
 * channel never drops a packet of a frame on its own.
 */
public final class DataTrackSender {
    /** The buffered-amount gate (Rust {@code DATA_TRACK_BUFFERED_AMOUNT_LOW_THRESHOLD}). */
    public static final long THRESHOLD = 8 * 1024;
    /** How long the sender waits before re-reading the pending bytes. */
    static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(250);

    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<OutgoingFrame> slot = new AtomicReference<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean timerArmed = new AtomicBoolean();
    private volatile DataChannel channel;
    private volatile boolean closed;
    /** The sender waits for the channel to drain; only the timer (or a new channel) resumes it. */
    private volatile boolean waiting;

    // Confined to the drain loop (one thread at a time, ordered by wip).
    private OutgoingFrame current;
    private int nextPacket;
    private DataChannel readChannel;
    private long lastReading;
    private long sentSinceReading;

    private final LongAdder framesSent = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();
    private final LongAdder packetsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();

    public DataTrackSender(Executor executor, ScheduledExecutorService scheduler) {
        this.executor = executor;
        this.scheduler = scheduler;
    }

    /** Sets the {@code _data_track} channel to write to (null while there is none, e.g. reconnecting). */
    public void setChannel(DataChannel value) {
        channel = value;
        waiting = false;
        drain();
    }

    /** Queues a frame, evicting (and counting) the frame queued before it. Never blocks for long. */
    public void offer(OutgoingFrame frame) {
        if (closed) {
            framesDropped.increment();
            return;
        }
        OutgoingFrame evicted = slot.getAndSet(frame);
        if (evicted != null) {
            framesDropped.increment();
        }
        drain();
    }

    /** Runs the sender unless another thread is running it (that one then loops once more). */
    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (!waiting) {
                step();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void onTimer() {
        timerArmed.set(false);
        waiting = false;
        drain();
    }

    private void step() {
        if (closed) {
            current = null;
            return;
        }
        DataChannel ch = channel;
        if (current == null) {
            if (slot.get() == null) {
                return;
            }
            if (ch == null || !ch.isOpen()) {
                return; // keep the newest frame queued until a channel opens (newer ones evict it)
            }
            if (isAbove(ch)) {
                later();
                return;
            }
            current = slot.getAndSet(null);
            nextPacket = 0;
            if (current == null) {
                return;
            }
        }
        List<byte[]> packets = current.packets();
        while (nextPacket < packets.size()) {
            if (ch == null || !ch.isOpen()) {
                framesDropped.increment(); // the channel went away mid-frame: the rest is useless
                current = null;
                return;
            }
            if (nextPacket > 0 && isAbove(ch)) {
                later();
                return;
            }
            byte[] p = packets.get(nextPacket);
            if (!ch.send(p)) {
                framesDropped.increment();
                current = null;
                return;
            }
            packetsSent.increment();
            bytesSent.add(p.length);
            sentSinceReading += p.length;
            nextPacket++;
        }
        framesSent.increment();
        current = null;
        if (slot.get() != null) {
            wip.incrementAndGet(); // loop again in drain()
        }
    }

    /**
     * True if more than {@link #THRESHOLD} bytes are pending. Reading the channel is a native call
     * that can block for milliseconds under load, so it is made only when the pessimistic estimate
     * (last reading plus everything sent since) could exceed the threshold.
     */
    private boolean isAbove(DataChannel ch) {
        if (ch != readChannel) {
            readChannel = ch;
            lastReading = 0;
            sentSinceReading = 0;
        }
        if (lastReading + sentSinceReading <= THRESHOLD) {
            return false;
        }
        lastReading = ch.pendingBytes();
        sentSinceReading = 0;
        return lastReading > THRESHOLD;
    }

    private void later() {
        waiting = true;
        if (timerArmed.compareAndSet(false, true)) {
            scheduler.schedule(() -> executor.execute(this::onTimer), POLL_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /** Discards the queued frame and stops. */
    public void close() {
        closed = true;
        if (slot.getAndSet(null) != null) {
            framesDropped.increment();
        }
    }

    public long framesSent() {
        return framesSent.sum();
    }

    public long framesDropped() {
        return framesDropped.sum();
    }

    public long packetsSent() {
        return packetsSent.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }
}
