package io.livekit.datatrack.internal;

import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The 90 kHz packet timestamp clock of one published track (the Rust SDK's clock): a random 32-bit
 * base plus the ticks elapsed since creation, rounded half up, with a monotonic guard in RTP
 * wrap-around space so the value never goes backwards. Not thread-safe: owned by one packetizer.
 *
 * <p>No receiver uses the timestamp; it exists for wire compatibility and diagnostics.
 */
public final class MediaClock {
    /** Ticks per second. */
    public static final long RATE = 90_000;

    private final LongSupplier nanoTime;
    private final long base;
    private final long epochNanos;
    private long last;

    private MediaClock(long base, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.base = base & 0xFFFF_FFFFL;
        this.epochNanos = nanoTime.getAsLong();
        this.last = this.base;
    }

    /** A clock with a random base, reading {@code System.nanoTime()}. */
    public static MediaClock create(RandomGenerator random) {
        return new MediaClock(random.nextInt() & 0xFFFF_FFFFL, System::nanoTime);
    }

    /** A clock with the given base and time source, for tests. */
    public static MediaClock withBase(long base, LongSupplier nanoTime) {
        return new MediaClock(base, nanoTime);
    }

    /** Ticks for an elapsed duration: {@code (ns * 90000 + 5e8) / 1e9}. */
    public static long ticks(long elapsedNanos) {
        // elapsedNanos * 90000 overflows after ~1.1 days; split into whole seconds and remainder.
        long seconds = elapsedNanos / 1_000_000_000L;
        long rest = elapsedNanos % 1_000_000_000L;
        return seconds * RATE + (rest * RATE + 500_000_000L) / 1_000_000_000L;
    }

    /** The timestamp for a frame produced now (u32 as a long). */
    public long now() {
        long ts = (base + ticks(nanoTime.getAsLong() - epochNanos)) & 0xFFFF_FFFFL;
        if ((int) (ts - last) < 0) {
            return last; // never step backwards (in wrap-around order)
        }
        last = ts;
        return ts;
    }
}
