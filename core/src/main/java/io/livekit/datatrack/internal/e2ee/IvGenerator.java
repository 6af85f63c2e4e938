package io.livekit.datatrack.internal.e2ee;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Builds data-track IVs with the layout both LiveKit SDKs use (spec 6.6): three big-endian u32
 * values {@code random || t || (t - (sendCount mod 65535))}, where {@code t} is a millisecond
 * clock and {@code sendCount} counts the IVs this generator produced. All values are taken modulo
 * 2<sup>32</sup>. Note the modulus 65535 (not 65536), as upstream.
 *
 * <p>Receivers accept any 12 bytes; the layout only matters for reproducing upstream vectors. What
 * matters for security is that an IV never repeats under one key: the 32 random bits plus the
 * clock and counter make that overwhelmingly likely for one sender, and the random part separates
 * senders sharing a key.
 *
 * <p>Thread-safe if the suppliers are.
 */
public final class IvGenerator {
    /** Length of the generated IVs in bytes. */
    public static final int IV_LENGTH = 12;

    private static final long SEND_COUNT_MODULUS = 65_535;

    private final IntSupplier randomU32;
    private final LongSupplier clockMillis;
    private final AtomicLong sendCount;

    /**
     * A generator with explicit inputs (for tests and reproducible vectors).
     *
     * @param randomU32 source of the first word (all 32 bits used)
     * @param clockMillis a millisecond clock; only the low 32 bits are used
     * @param initialSendCount the send count of the first IV, non-negative
     */
    public IvGenerator(IntSupplier randomU32, LongSupplier clockMillis, long initialSendCount) {
        this.randomU32 = Objects.requireNonNull(randomU32, "randomU32");
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
        if (initialSendCount < 0) {
            throw new IllegalArgumentException("initialSendCount must not be negative");
        }
        this.sendCount = new AtomicLong(initialSendCount);
    }

    /**
     * The production generator: a per-thread generator seeded from {@link SecureRandom} for the random word, milliseconds of the
     * monotonic {@link System#nanoTime()} clock since creation (like the browser's {@code
     * performance.now()}), send count starting at 0.
     *
     * @return a new generator
     */
    public static IvGenerator secure() {
        // The random word only has to keep IVs of different senders apart (the IV need not be
        // unpredictable for GCM, only unique per key): a per-thread generator seeded from
        // SecureRandom avoids SecureRandom's lock and cost on every frame.
        SecureRandom seeds = new SecureRandom();
        ThreadLocal<SplittableRandom> random = ThreadLocal.withInitial(() -> {
            synchronized (seeds) {
                return new SplittableRandom(seeds.nextLong());
            }
        });
        long origin = System.nanoTime();
        return new IvGenerator(() -> random.get().nextInt(), () -> (System.nanoTime() - origin) / 1_000_000L, 0);
    }

    /**
     * Produces the next IV.
     *
     * @return a new 12-byte array
     */
    public byte[] next() {
        int random = randomU32.getAsInt();
        long t = clockMillis.getAsLong();
        long count = sendCount.getAndIncrement();
        byte[] iv = new byte[IV_LENGTH];
        putU32(iv, 0, random);
        putU32(iv, 4, (int) t);
        putU32(iv, 8, (int) (t - Math.floorMod(count, SEND_COUNT_MODULUS)));
        return iv;
    }

    private static void putU32(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 24);
        b[offset + 1] = (byte) (value >>> 16);
        b[offset + 2] = (byte) (value >>> 8);
        b[offset + 3] = (byte) value;
    }
}
