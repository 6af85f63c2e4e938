package io.livekit.datatrack.cli;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.PushFrameException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * Streams frames on a local track at a fixed rate while a reader thread drains a subscription to
 * it, recording end-to-end latency from user timestamps (microseconds here: both ends are this
 * process). Shared by {@code demo} and {@code bench}.
 */
final class StreamRun {
    /** What a run measured. */
    record Result(long sent, long rejected, long received, long corrupted, Histogram latencyMicros, long elapsedNanos) {
        long lost() {
            return Math.max(0, sent - received);
        }
    }

    /** Called from the sending loop with the counts so far. */
    interface Progress {
        void update(long sent, long received, Histogram latencyMicros, long elapsedNanos);
    }

    private StreamRun() {}

    static Result run(LocalDataTrack track, DataTrackSubscription subscription, int frames, double fps,
            IntFunction<byte[]> payload, Predicate<DataTrackFrame> valid, long progressEveryNanos, Progress progress)
            throws InterruptedException {
        Histogram latency = new Histogram(60_000_000L, 3);
        AtomicLong received = new AtomicLong();
        AtomicLong corrupted = new AtomicLong();
        AtomicBoolean sendingDone = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try {
                while (received.get() + corrupted.get() < frames) {
                    Optional<DataTrackFrame> f = subscription.poll(Duration.ofSeconds(2));
                    if (f.isEmpty()) {
                        if (sendingDone.get() || subscription.isEnded()) {
                            return; // nothing more is coming
                        }
                        continue;
                    }
                    DataTrackFrame frame = f.get();
                    if (!valid.test(frame)) {
                        corrupted.incrementAndGet();
                        continue;
                    }
                    received.incrementAndGet();
                    frame.userTimestamp().ifPresent(sent -> {
                        synchronized (latency) {
                            latency.recordValue(Math.min(60_000_000L, Math.max(0, nowMicros() - sent)));
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stream-reader");
        reader.start();

        long interval = (long) (1_000_000_000L / fps);
        long start = System.nanoTime();
        long rejected = 0;
        long lastProgress = start;
        for (int i = 0; i < frames; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            try {
                track.tryPush(DataTrackFrame.wrap(payload.apply(i)).withUserTimestamp(nowMicros()));
            } catch (PushFrameException e) {
                rejected++;
            }
            long now = System.nanoTime();
            if (progress != null && now - lastProgress >= progressEveryNanos) {
                lastProgress = now;
                synchronized (latency) {
                    progress.update(i + 1, received.get(), latency, now - start);
                }
            }
        }
        long elapsed = System.nanoTime() - start;
        sendingDone.set(true);
        reader.join(10_000);
        synchronized (latency) {
            if (progress != null) {
                progress.update(frames, received.get(), latency, elapsed);
            }
            return new Result(frames - rejected, rejected, received.get(), corrupted.get(), latency.copy(), elapsed);
        }
    }

    /** Wall-clock microseconds at class load, minus the monotonic clock then. */
    private static final long EPOCH_OFFSET_MICROS = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;

    /**
     * Microseconds since the epoch from the monotonic clock (anchored once to the wall clock), so
     * differences are exact to the microsecond. Mixing the wall clock's milliseconds with the
     * monotonic clock's sub-millisecond digits, as this once did, is off by a whole millisecond
     * whenever the two clocks' millisecond boundaries fall differently.
     */
    static long nowMicros() {
        return EPOCH_OFFSET_MICROS + System.nanoTime() / 1000;
    }
}
