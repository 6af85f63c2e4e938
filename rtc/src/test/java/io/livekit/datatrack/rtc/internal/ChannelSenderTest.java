package io.livekit.datatrack.rtc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.rtc.SendPolicy;
import io.livekit.datatrack.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The send side of a data channel against a simulated native channel whose buffer drains at a set
 * rate in virtual time: the DROP threshold (hard cap until a drain rate is measured, then 100 ms
 * of it, at least 8 KiB), the bounded queues, QUEUE's waiting above the high-water mark, and the
 * outcome each message reports.
 */
class ChannelSenderTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeChannel channel = new FakeChannel();

    /** A native channel whose buffered amount drains at {@code bytesPerSecond} of virtual time. */
    private final class FakeChannel implements ChannelSender.NativeChannel {
        final List<byte[]> written = new ArrayList<>();
        long bytesPerSecond;
        boolean open = true;
        long maxBuffered;
        private long buffered;
        private long drainedAt = scheduler.nanoTime();

        private void drainToNow() {
            long now = scheduler.nanoTime();
            buffered = Math.max(0, buffered - bytesPerSecond * (now - drainedAt) / 1_000_000_000L);
            drainedAt = now;
        }

        @Override
        public boolean write(byte[] message) {
            if (!open) {
                return false;
            }
            drainToNow();
            written.add(message);
            buffered += message.length;
            maxBuffered = Math.max(maxBuffered, buffered);
            return true;
        }

        @Override
        public long bufferedAmount() {
            drainToNow();
            return buffered;
        }
    }

    private ChannelSender sender(SendPolicy policy) {
        return new ChannelSender(channel, policy, scheduler, scheduler, scheduler::nanoTime);
    }

    /** Counts what a sender told about each message. */
    private static final class Outcomes implements DataChannel.SendOutcome {
        int sent;
        int dropped;

        @Override
        public void sent() {
            sent++;
        }

        @Override
        public void dropped() {
            dropped++;
        }
    }

    private static byte[] message(int index, int size) {
        byte[] m = new byte[size];
        m[0] = (byte) index;
        m[1] = (byte) (index >> 8);
        return m;
    }

    private static int index(byte[] m) {
        return (m[0] & 0xFF) | (m[1] & 0xFF) << 8;
    }

    @Test
    void aPolicyIsRequired() {
        assertThatNullPointerException().isThrownBy(() -> sender(null));
    }

    @Test
    void writesOnTheSenderThreadInOrder() {
        channel.bytesPerSecond = 10_000_000;
        ChannelSender s = sender(SendPolicy.DROP);
        for (int i = 0; i < 10; i++) {
            assertThat(s.offer(message(i, 1000), null)).isTrue();
        }
        assertThat(channel.written).isEmpty(); // nothing is written on the caller's thread
        assertThat(s.queuedBytes()).isEqualTo(10_000);
        scheduler.runPending();
        assertThat(channel.written).extracting(ChannelSenderTest::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(s.sent()).isEqualTo(10);
        assertThat(s.dropped()).isZero();
        assertThat(s.queuedBytes()).isZero();
    }

    @Test
    void everyMessageHasExactlyOneOutcome() {
        channel.bytesPerSecond = 0; // stalled: the DROP threshold (hard cap) is reached
        ChannelSender s = sender(SendPolicy.DROP);
        Outcomes outcomes = new Outcomes();
        int n = 400;
        for (int i = 0; i < n; i++) {
            s.offer(message(i, 16_000), outcomes);
        }
        scheduler.runPending();
        for (int i = 0; i < 10; i++) {
            s.offer(message(i, 16_000), outcomes); // queued, then discarded by close
        }
        s.close();
        assertThat(s.offer(message(0, 100), outcomes)).isFalse(); // refused at once
        assertThat(outcomes.sent).isEqualTo(channel.written.size()).isEqualTo((int) s.sent()).isPositive();
        assertThat(outcomes.dropped).isEqualTo((int) s.dropped()).isPositive();
        assertThat(outcomes.sent + outcomes.dropped).isEqualTo(n + 10 + 1);
    }

    @Test
    void queueWaitsInOrderBehindAFullBuffer() {
        channel.bytesPerSecond = 10_000_000;
        ChannelSender s = sender(SendPolicy.QUEUE);
        // Fill the native buffer above the high-water mark: the next messages must wait in order.
        s.offer(message(0, (int) ChannelSender.HIGH_WATER + 1), null);
        s.offer(message(1, 1000), null);
        s.offer(message(2, 1000), null);
        scheduler.runPending();
        assertThat(channel.written).extracting(ChannelSenderTest::index).containsExactly(0);
        scheduler.advance(Duration.ofMillis(200)); // the buffer drains: the waiting sender resumes
        assertThat(channel.written).extracting(ChannelSenderTest::index).containsExactly(0, 1, 2);
        assertThat(s.dropped()).isZero();
    }

    @Test
    void dropCapsTheNativeBufferBeforeAnyDrainRateIsKnown() {
        channel.bytesPerSecond = 0; // a subscriber that reads nothing
        ChannelSender s = sender(SendPolicy.DROP);
        int size = 16_000;
        for (int i = 0; i < 1000; i++) {
            s.offer(message(i, size), null);
            scheduler.runPending();
        }
        assertThat(channel.maxBuffered).isLessThanOrEqualTo(ChannelSender.HARD_CAP + size);
        assertThat(s.sent()).isEqualTo((ChannelSender.HARD_CAP + size) / size);
        assertThat(s.dropped()).isEqualTo(1000 - s.sent());
    }

    @Test
    void dropKeepsAbout100msOfTheMeasuredDrainRateBuffered() {
        long rate = 1_000_000; // 1 MB/s: the threshold becomes 100 KB
        channel.bytesPerSecond = rate;
        ChannelSender s = sender(SendPolicy.DROP);
        int size = 10_000;
        // Offer 5 MB/s (a message every 2 ms) for 3 s: five times what the channel drains.
        for (int i = 0; i < 1500; i++) {
            s.offer(message(i, size), null);
            scheduler.advance(Duration.ofMillis(2));
        }
        long threshold = rate * ChannelSender.TARGET_LATENCY_NANOS / 1_000_000_000L;
        channel.maxBuffered = 0;
        for (int i = 0; i < 500; i++) {
            s.offer(message(i, size), null);
            scheduler.advance(Duration.ofMillis(2));
        }
        // Once the rate is measured, the buffer stays within the threshold (plus one message and
        // the rate estimate's error), not at the 2 MiB hard cap.
        assertThat(channel.maxBuffered).isBetween(threshold / 2, threshold * 3 / 2 + size);
        assertThat(s.dropped()).isPositive();
        // What was sent is what the channel could drain: about 1 MB/s.
        assertThat(s.sent() * size).isBetween(4 * rate / 2, 4 * rate * 3 / 2);
    }

    @Test
    void burstyTrafficWithIdleGapsDoesNotLowerTheThreshold() {
        // 64 KB frames every 10 ms (6.4 MB/s) on a channel that drains 20 MB/s: the buffer empties
        // within 3.2 ms of each burst and then idles. A stall of 150 ms then piles up about 1 MB.
        // At the real drain rate 100 ms is 2 MB, so nothing may be dropped; an estimate that
        // counted the idle gaps as backlog (6.4 MB/s: 640 KB) would drop.
        channel.bytesPerSecond = 20_000_000;
        ChannelSender s = sender(SendPolicy.DROP);
        for (int i = 0; i < 600; i++) {
            if (i == 300) {
                channel.bytesPerSecond = 0;
            } else if (i == 315) {
                channel.bytesPerSecond = 20_000_000;
            }
            for (int p = 0; p < 4; p++) { // the frame's four packets 0.5 ms apart, as a sender paces them
                s.offer(message(i, 16_000), null);
                scheduler.advance(Duration.ofNanos(500_000));
            }
            scheduler.advance(Duration.ofMillis(8));
        }
        assertThat(channel.maxBuffered).isGreaterThan(900_000);
        assertThat(s.dropped()).isZero();
    }

    @Test
    void dropNeverGoesBelowTheMinimumThreshold() {
        channel.bytesPerSecond = 10_000; // 10 kB/s: 100 ms of it is 1 kB, below the 8 KiB floor
        ChannelSender s = sender(SendPolicy.DROP);
        // 1 MB/s offered: the rate is measured while the backlog builds (well before the hard
        // cap), so the backlog stops growing early and drains within seconds.
        for (int i = 0; i < 500; i++) {
            s.offer(message(i, 1000), null);
            scheduler.advance(Duration.ofMillis(1));
        }
        assertThat(channel.maxBuffered).isLessThan(ChannelSender.HARD_CAP / 4);
        for (int i = 0; i < 30_000; i++) {
            s.offer(message(i, 1000), null);
            scheduler.advance(Duration.ofMillis(1));
        }
        channel.maxBuffered = 0;
        for (int i = 0; i < 200; i++) {
            s.offer(message(i, 1000), null);
            scheduler.advance(Duration.ofMillis(1));
        }
        assertThat(channel.maxBuffered)
                .isGreaterThan(ChannelSender.MIN_DROP_THRESHOLD)
                .isLessThanOrEqualTo(ChannelSender.MIN_DROP_THRESHOLD + 1000);
    }

    @Test
    void dropQueueIsBoundedAndDropsTheOldest() {
        ChannelSender s = sender(SendPolicy.DROP);
        int n = ChannelSender.MAX_QUEUED_DROP + 10;
        for (int i = 0; i < n; i++) {
            assertThat(s.offer(message(i, 100), null)).isTrue();
        }
        assertThat(s.dropped()).isEqualTo(10);
        assertThat(s.queuedBytes()).isEqualTo(ChannelSender.MAX_QUEUED_DROP * 100L);
        channel.bytesPerSecond = 100_000_000;
        scheduler.runPending();
        assertThat(channel.written).hasSize(ChannelSender.MAX_QUEUED_DROP);
        assertThat(index(channel.written.get(0))).isEqualTo(10); // the ten oldest went
        assertThat(index(channel.written.get(channel.written.size() - 1))).isEqualTo(n - 1);
    }

    @Test
    void queueWaitsAboveTheHighWaterMarkAndLosesNothing() {
        channel.bytesPerSecond = 2_000_000;
        ChannelSender s = sender(SendPolicy.QUEUE);
        int size = 16_000;
        int n = 400; // 6.4 MB: far more than the high-water mark
        for (int i = 0; i < n; i++) {
            assertThat(s.offer(message(i, size), null)).isTrue();
        }
        scheduler.runPending();
        assertThat(channel.maxBuffered).isLessThanOrEqualTo(ChannelSender.HIGH_WATER + size);
        assertThat(channel.written.size()).isLessThan(n);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(channel.written).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(index(channel.written.get(i))).isEqualTo(i);
        }
        assertThat(s.dropped()).isZero();
        assertThat(channel.maxBuffered).isLessThanOrEqualTo(ChannelSender.HIGH_WATER + size);
    }

    @Test
    void queueRefusesBeyondItsByteLimit() {
        ChannelSender s = sender(SendPolicy.QUEUE);
        int size = 200_000;
        int fit = (int) (ChannelSender.MAX_QUEUED_BYTES / size);
        for (int i = 0; i < fit; i++) {
            assertThat(s.offer(message(i, size), null)).isTrue();
        }
        assertThat(s.offer(message(fit, size), null)).isFalse();
        assertThat(s.dropped()).isEqualTo(1);
    }

    @Test
    void aClosedNativeChannelCountsDrops() {
        channel.open = false;
        ChannelSender s = sender(SendPolicy.DROP);
        Outcomes outcomes = new Outcomes();
        assertThat(s.offer(message(0, 100), outcomes)).isTrue(); // accepted; the write fails later
        scheduler.runPending();
        assertThat(s.dropped()).isEqualTo(1);
        assertThat(s.sent()).isZero();
        assertThat(outcomes.dropped).isEqualTo(1);
    }

    @Test
    void closeDropsWhatIsQueuedAndRefusesMore() {
        ChannelSender s = sender(SendPolicy.DROP);
        s.offer(message(0, 100), null);
        s.offer(message(1, 100), null);
        s.close();
        assertThat(s.offer(message(2, 100), null)).isFalse();
        scheduler.runPending();
        assertThat(channel.written).isEmpty();
        assertThat(s.dropped()).isEqualTo(3);
        assertThat(s.queuedBytes()).isZero();
    }
}
