package io.livekit.datatrack.rtc.internal;

import io.livekit.datatrack.internal.SerialExecutor;
import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.rtc.SendPolicy;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The send side of one data channel: a queue drained by a serial task that writes messages with
 * the (blocking) native send, gated on the channel's buffered amount, which is polled because
 * webrtc-java never reports it.
 *
 * <p>{@link SendPolicy#DROP}: a message is dropped when the buffered amount already exceeds
 * {@code max(8 KiB, 100 ms × drain rate)} — the rule LiveKit's server applies to data-track
 * packets. The drain rate is the bytes the native buffer drained divided by the time it was
 * non-empty, over a window of about two seconds; until 100 ms of such backlogged time has been
 * seen there is no estimate and only a hard cap ({@link #HARD_CAP}) applies, as in LiveKit.
 * {@link SendPolicy#QUEUE}: messages wait (re-checked every millisecond) while the buffer is above
 * the high-water mark; the queue itself is bounded in bytes. {@link SendPolicy#DIRECT} bypasses
 * the queue: {@link #writeNow} writes on the caller's thread.
 *
 * <p>Reading the buffered amount costs tens of microseconds, so it is read only when the
 * conservative estimate (last reading plus bytes written since) could exceed the threshold, and
 * every 2 ms while more than the minimum could be buffered (to measure the drain rate).
 */
final class ChannelSender {
    /** Minimum drop threshold of DROP channels (8 KiB, as LiveKit's clients and server use). */
    static final long MIN_DROP_THRESHOLD = 8 * 1024;
    /** Target latency for DROP channels. */
    static final long TARGET_LATENCY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** QUEUE channels wait while the native buffer holds more than this. */
    static final long HIGH_WATER = 1024 * 1024;
    /** Bytes a QUEUE channel may hold in its own queue before refusing messages. */
    static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    /** DROP channels never let the native buffer grow past this (libwebrtc closes at ~16 MiB). */
    static final long HARD_CAP = 2L * 1024 * 1024;
    /** Backlogged time needed before the drain rate is trusted. */
    static final long MIN_BACKLOG_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** While more than the minimum threshold may be buffered, the buffer is read at least this often. */
    static final long SAMPLE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Window over which the drain rate is measured (older history decays). */
    static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Messages a DROP channel may hold in its own queue (beyond: drop oldest). */
    static final int MAX_QUEUED_DROP = 256;

    interface NativeChannel {
        /** Writes one message; blocks briefly. Returns false if the channel is not open. */
        boolean write(byte[] message);

        long bufferedAmount();
    }

    /** A message accepted and not yet written, with whom to tell what became of it (or null). */
    private record Pending(byte[] message, DataChannel.SendOutcome outcome) {}

    private final NativeChannel channel;
    private final SendPolicy policy;
    private final SerialExecutor executor;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long queuedBytes; // guarded by queue
    private long writingBytes; // guarded by queue: the message taken from the queue and not yet written
    private volatile boolean closed;

    // Confined to the sender task.
    private long lastBuffered;
    private long writtenSinceReading;
    private long lastReadingNanos;
    private double drainedBytes; // within the rate window
    private double backloggedNanos; // time the native buffer was non-empty, within the window

    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile long bufferedAmount;

    ChannelSender(
            NativeChannel channel,
            SendPolicy policy,
            Executor executor,
            ScheduledExecutorService scheduler,
            LongSupplier nanoTime) {
        this.channel = channel;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.executor = new SerialExecutor("dc-sender", executor);
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
    }

    /**
     * Queues a message. {@code outcome} (if not null) is told exactly once, on whichever thread
     * decides it, whether the message was written or dropped.
     *
     * @return false if the message was refused at once (closed, or QUEUE's byte limit reached)
     */
    boolean offer(byte[] message, DataChannel.SendOutcome outcome) {
        if (closed) {
            drop(outcome);
            return false;
        }
        Pending evicted = null;
        synchronized (queue) {
            if (policy == SendPolicy.QUEUE && queuedBytes + message.length > MAX_QUEUED_BYTES) {
                drop(outcome);
                return false;
            }
            if (policy == SendPolicy.DROP && queue.size() >= MAX_QUEUED_DROP) {
                evicted = queue.pollFirst();
                queuedBytes -= evicted.message().length;
            }
            queue.addLast(new Pending(message, outcome));
            queuedBytes += message.length;
        }
        if (evicted != null) {
            drop(evicted.outcome());
        }
        scheduleDrain();
        return true;
    }

    /**
     * {@link SendPolicy#DIRECT}: writes {@code message} on the caller's thread now (callers
     * serialise their own writes). Tells {@code outcome} and returns whether it was written.
     */
    boolean writeNow(byte[] message, DataChannel.SendOutcome outcome) {
        if (closed) {
            drop(outcome);
            return false;
        }
        return writeAndTell(message, outcome);
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (!closed) {
            Pending next;
            synchronized (queue) {
                next = queue.peekFirst();
            }
            if (next == null) {
                drainScheduled.set(false);
                synchronized (queue) {
                    if (queue.isEmpty() || !drainScheduled.compareAndSet(false, true)) {
                        return;
                    }
                }
                continue;
            }
            if (policy == SendPolicy.QUEUE && isAbove(HIGH_WATER)) {
                // Wait for the buffer to drain; keep the flag set so nobody else starts a drain.
                scheduler.schedule(() -> executor.execute(this::drain), 1, TimeUnit.MILLISECONDS);
                return;
            }
            synchronized (queue) {
                // Take the head anew: offer() may have evicted the one peeked above, close() may
                // have emptied the queue (and told the outcomes).
                next = queue.pollFirst();
                if (next == null) {
                    continue;
                }
                queuedBytes -= next.message().length;
                writingBytes = next.message().length;
            }
            write(next);
            synchronized (queue) {
                writingBytes = 0;
            }
        }
        drainScheduled.set(false);
    }

    /** Sender only: writes one message unless the DROP threshold is exceeded; counts the outcome. */
    private void write(Pending p) {
        if (policy == SendPolicy.DROP && isAbove(dropThreshold())) {
            drop(p.outcome());
        } else if (writeAndTell(p.message(), p.outcome())) {
            writtenSinceReading += p.message().length;
        }
    }

    /** Writes to the native channel, counts the result and tells {@code outcome}. */
    private boolean writeAndTell(byte[] message, DataChannel.SendOutcome outcome) {
        if (!channel.write(message)) {
            drop(outcome);
            return false;
        }
        sent.increment();
        if (outcome != null) {
            outcome.sent();
        }
        return true;
    }

    private void drop(DataChannel.SendOutcome outcome) {
        dropped.increment();
        if (outcome != null) {
            outcome.dropped();
        }
    }

    private long dropThreshold() {
        if (backloggedNanos < MIN_BACKLOG_NANOS) {
            return HARD_CAP; // no estimate yet
        }
        double rate = drainedBytes / backloggedNanos;
        return Math.min(HARD_CAP, Math.max(MIN_DROP_THRESHOLD, (long) (rate * TARGET_LATENCY_NANOS)));
    }

    /**
     * True if the channel's buffered amount is above {@code threshold}. The native value is read
     * only when the pessimistic estimate (last reading plus bytes written since) exceeds the
     * threshold, or, to keep the drain rate measured, when it exceeds the minimum drop threshold
     * and the last reading is older than {@link #SAMPLE_INTERVAL_NANOS}.
     */
    private boolean isAbove(long threshold) {
        long estimate = lastBuffered + writtenSinceReading;
        if (estimate <= threshold
                && (estimate <= MIN_DROP_THRESHOLD || nanoTime.getAsLong() - lastReadingNanos < SAMPLE_INTERVAL_NANOS)) {
            return false; // no native call needed
        }
        readBufferedAmount();
        return lastBuffered > threshold;
    }

    private void readBufferedAmount() {
        long now = nanoTime.getAsLong();
        long buffered = channel.bufferedAmount();
        long elapsed = now - lastReadingNanos;
        // Only an interval that starts and ends with a non-empty buffer counts as backlogged: one
        // that ends empty may have been idle for most of its length, and counting it would make
        // the rate (and so the drop threshold) far too low for bursty traffic.
        if (lastReadingNanos != 0 && elapsed > 0 && lastBuffered > 0 && buffered > 0) {
            long drained = lastBuffered + writtenSinceReading - buffered;
            if (drained > 0) {
                drainedBytes += drained;
                backloggedNanos += elapsed;
                if (backloggedNanos > RATE_WINDOW_NANOS) {
                    drainedBytes /= 2; // decay: the estimate follows the last couple of seconds
                    backloggedNanos /= 2;
                }
            }
        }
        lastBuffered = buffered;
        bufferedAmount = buffered;
        writtenSinceReading = 0;
        lastReadingNanos = now;
    }

    /** Bytes accepted and not yet handed to the native channel (queued or being written). */
    long queuedBytes() {
        synchronized (queue) {
            return queuedBytes + writingBytes;
        }
    }

    /** Counts (and tells {@code outcome} of) a message refused before it reached the queue. */
    void refuse(DataChannel.SendOutcome outcome) {
        drop(outcome);
    }

    long bufferedAmount() {
        return bufferedAmount;
    }

    long sent() {
        return sent.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    void close() {
        closed = true;
        Pending[] left;
        synchronized (queue) {
            left = queue.toArray(new Pending[0]);
            queue.clear();
            queuedBytes = 0;
        }
        for (Pending p : left) {
            drop(p.outcome());
        }
    }
}
