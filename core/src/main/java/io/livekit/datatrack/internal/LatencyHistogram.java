package io.livekit.datatrack.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A small lock-free histogram of non-negative millisecond values: exact below 128 ms, then 16
 * buckets per power of two (at most 6.25 % wide) up to about 2^31 ms. 528 counters, written by
 * one thread or many, read by any.
 */
public final class LatencyHistogram {
    private static final int LINEAR = 128;
    private static final int SUB_BUCKETS = 16;
    private static final int FIRST_EXPONENT = 7; // 2^7 = LINEAR
    private static final int BUCKETS = LINEAR + (31 - FIRST_EXPONENT) * SUB_BUCKETS;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    /** Counts one value (negative values count as 0). */
    public void record(long millis) {
        long v = Math.max(0, Math.min(millis, Integer.MAX_VALUE));
        counts.incrementAndGet(bucket(v));
        total.incrementAndGet();
        max.accumulateAndGet(v, Math::max);
    }

    /** Values recorded. */
    public long count() {
        return total.get();
    }

    /** The largest value recorded, 0 if none. */
    public long max() {
        return max.get();
    }

    /**
     * The value at {@code percentile} (0–100): the lower bound of the bucket holding it (exact
     * below 128 ms), never above {@link #max()}; 0 if nothing was recorded.
     */
    public long percentile(double percentile) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(Math.min(100, Math.max(0, percentile)) / 100.0 * n));
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts.get(b);
            if (seen >= rank) {
                return Math.min(lowerBound(b), max.get());
            }
        }
        return max.get();
    }

    static int bucket(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) (v >>> (exponent - 4)) & (SUB_BUCKETS - 1);
        return LINEAR + (exponent - FIRST_EXPONENT) * SUB_BUCKETS + sub;
    }

    static long lowerBound(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int exponent = (bucket - LINEAR) / SUB_BUCKETS + FIRST_EXPONENT;
        int sub = (bucket - LINEAR) % SUB_BUCKETS;
        return (1L << exponent) + ((long) sub << (exponent - 4));
    }
}
