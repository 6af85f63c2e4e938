package io.livekit.datatrack.client;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.LocalDataTrack;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

/**
 * A continuous, self-checking frame stream for fault tests: a pusher sends numbered frames on
 * each local track at a fixed rate, a receiver per subscription checks that every delivered frame
 * is intact (CRC and a pattern derived from its number) and belongs to the track it arrived on
 * (a per-track tag in the payload).
 *
 * <p>Payload: magic (4) | tag (4) | sequence (8) | length (4) | pattern | CRC32 of all before (8).
 * Every 25th frame is 40 000 bytes (several packets, so reassembly is exercised across faults);
 * the others are 100–700 bytes.
 */
final class CheckedStream implements AutoCloseable {
    private static final int MAGIC = 0x4C445446;
    private static final int HEADER = 20;

    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "checked-stream-pusher");
        t.setDaemon(true);
        return t;
    });
    private final List<Receiver> receivers = new ArrayList<>();
    private final List<Sender> senders = new ArrayList<>();

    static int tag(String trackName) {
        return trackName.hashCode();
    }

    static byte[] frame(int tag, long seq) {
        int length = seq % 25 == 0 ? 40_000 : 100 + (int) (seq % 7) * 100;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putInt(MAGIC).putInt(tag).putLong(seq).putInt(length);
        for (int i = HEADER; i < length - 8; i++) {
            b.put(pattern(tag, seq, i));
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, length - 8);
        b.putLong(crc.getValue());
        return b.array();
    }

    private static byte pattern(int tag, long seq, int i) {
        return (byte) (seq * 31 + i * 7 + tag);
    }

    /** Starts pushing {@code fps} frames per second on {@code track}, tagged with its name. */
    Sender push(LocalDataTrack track, int fps) {
        Sender s = new Sender(track, tag(track.info().name()));
        senders.add(s);
        pusher.scheduleAtFixedRate(s::pushOne, 0, 1_000_000 / fps, TimeUnit.MICROSECONDS);
        return s;
    }

    /** Starts a receiver on {@code subscription} expecting frames tagged with {@code trackName}. */
    Receiver receive(DataTrackSubscription subscription, String trackName) {
        Receiver r = new Receiver(subscription, tag(trackName), trackName);
        receivers.add(r);
        r.thread.start();
        return r;
    }

    @Override
    public void close() {
        pusher.shutdownNow();
        for (Receiver r : receivers) {
            r.stop();
        }
    }

    static final class Sender {
        final LocalDataTrack track;
        final int tag;
        final AtomicLong nextSeq = new AtomicLong();
        final AtomicLong pushed = new AtomicLong();
        final AtomicLong refused = new AtomicLong();

        Sender(LocalDataTrack track, int tag) {
            this.track = track;
            this.tag = tag;
        }

        private void pushOne() {
            long seq = nextSeq.getAndIncrement();
            try {
                track.tryPush(DataTrackFrame.of(frame(tag, seq)));
                pushed.incrementAndGet();
            } catch (RuntimeException e) {
                refused.incrementAndGet(); // queue full, republishing, unpublished: counted, not fatal
            }
        }
    }

    static final class Receiver {
        final String trackName;
        final int tag;
        final AtomicLong received = new AtomicLong();
        final AtomicLong corrupted = new AtomicLong();
        final AtomicLong misrouted = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong lastSeq = new AtomicLong(-1);
        final AtomicLong lastReceiveNanos = new AtomicLong();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        final AtomicReference<Boolean> ended = new AtomicReference<>(false);
        private final java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** (receive time, sequence) of every frame, in arrival order. */
        final ConcurrentLinkedQueue<long[]> arrivals = new ConcurrentLinkedQueue<>();
        private final DataTrackSubscription subscription;
        private final Thread thread;
        private volatile boolean running = true;

        Receiver(DataTrackSubscription subscription, int tag, String trackName) {
            this.subscription = subscription;
            this.tag = tag;
            this.trackName = trackName;
            this.thread = new Thread(this::loop, "checked-stream-rx-" + trackName);
            this.thread.setDaemon(true);
        }

        private void loop() {
            try {
                while (running) {
                    Optional<DataTrackFrame> f = subscription.poll(java.time.Duration.ofMillis(50));
                    if (f.isPresent()) {
                        check(f.get().toByteArray());
                    } else if (subscription.isEnded()) {
                        ended.set(true);
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void check(byte[] p) {
            long now = System.nanoTime();
            if (p.length < HEADER + 8) {
                corrupt("short frame of " + p.length + " bytes");
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(p);
            int magic = b.getInt();
            int frameTag = b.getInt();
            long seq = b.getLong();
            int length = b.getInt();
            CRC32 crc = new CRC32();
            crc.update(p, 0, p.length - 8);
            if (magic != MAGIC || length != p.length || ByteBuffer.wrap(p, p.length - 8, 8).getLong() != crc.getValue()) {
                corrupt("bad magic/length/CRC (" + p.length + " bytes)");
                return;
            }
            for (int i = HEADER; i < length - 8; i++) {
                if (p[i] != pattern(frameTag, seq, i)) {
                    corrupt("pattern mismatch at " + i + " of frame " + seq);
                    return;
                }
            }
            if (frameTag != tag) {
                misrouted.incrementAndGet();
                problems.add("frame " + seq + " of another track arrived on " + trackName);
                return;
            }
            if (!seen.add(seq)) {
                duplicates.incrementAndGet();
                problems.add("duplicate frame " + seq + " on " + trackName);
            }
            received.incrementAndGet();
            lastSeq.set(seq);
            lastReceiveNanos.set(now);
            arrivals.add(new long[] {now, seq});
        }

        private void corrupt(String what) {
            corrupted.incrementAndGet();
            problems.add(trackName + ": " + what);
        }

        /** The first arrival at or after {@code nanos}, or -1. */
        long firstArrivalAfter(long nanos) {
            for (long[] a : arrivals) {
                if (a[0] - nanos >= 0) {
                    return a[0];
                }
            }
            return -1;
        }

        /** Number of frames received after {@code nanos}. */
        long receivedAfter(long nanos) {
            long n = 0;
            for (long[] a : arrivals) {
                if (a[0] - nanos >= 0) {
                    n++;
                }
            }
            return n;
        }

        /** Number of frames received in [{@code from}, {@code to}). */
        long receivedBetween(long from, long to) {
            long n = 0;
            for (long[] a : arrivals) {
                if (a[0] - from >= 0 && a[0] - to < 0) {
                    n++;
                }
            }
            return n;
        }

        boolean isEnded() {
            return ended.get();
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        @Override
        public String toString() {
            return trackName + "[received=" + received + ", corrupted=" + corrupted + ", misrouted=" + misrouted
                    + ", duplicates=" + duplicates + ", lastSeq=" + lastSeq + ", ended=" + ended + "]";
        }
    }
}
