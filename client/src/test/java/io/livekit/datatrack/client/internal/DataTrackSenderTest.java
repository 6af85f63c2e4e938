package io.livekit.datatrack.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.backend.local.OutgoingFrame;
import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.rtc.SendPolicy;
import io.livekit.datatrack.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataTrackSenderTest {

    /** A channel whose pending bytes the test controls. */
    static final class FakeChannel implements DataChannel {
        final List<byte[]> sent = new ArrayList<>();
        long pending;
        boolean open = true;
        int reads;

        @Override
        public String label() {
            return "_data_track";
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public SendPolicy policy() {
            return SendPolicy.QUEUE;
        }

        @Override
        public boolean send(byte[] message, SendOutcome outcome) {
            sent.add(message);
            pending += message.length;
            if (outcome != null) {
                outcome.sent();
            }
            return true;
        }

        @Override
        public long bufferedAmount() {
            return pending;
        }

        @Override
        public long pendingBytes() {
            reads++;
            return pending;
        }

        @Override
        public long messagesSent() {
            return sent.size();
        }

        @Override
        public long messagesDropped() {
            return 0;
        }

        @Override
        public void setListener(Listener listener) {}

        @Override
        public void close() {
            open = false;
        }
    }

    private static OutgoingFrame frame(int id, int packets, int size) {
        List<byte[]> p = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            byte[] b = new byte[size];
            b[0] = (byte) id;
            b[1] = (byte) i;
            p.add(b);
        }
        return OutgoingFrame.of(1, p);
    }

    @Test
    void writesAFrameAtOnceWhileTheBufferIsLow() {
        ManualScheduler s = new ManualScheduler();
        DataTrackSender sender = new DataTrackSender(s, s);
        FakeChannel ch = new FakeChannel();
        sender.setChannel(ch);
        sender.offer(frame(1, 1, 1000));
        assertThat(ch.sent).hasSize(1); // on the offering thread, no hand-off
        assertThat(sender.framesSent()).isEqualTo(1);
        assertThat(ch.reads).isZero(); // the estimate (1000 B) is below 8 KiB: no native read
    }

    @Test
    void pausesWithinAFrameAboveEightKibAndNeverSplitsOrDropsIt() {
        ManualScheduler s = new ManualScheduler();
        DataTrackSender sender = new DataTrackSender(s, s);
        FakeChannel ch = new FakeChannel();
        sender.setChannel(ch);
        sender.offer(frame(1, 4, 16_000));
        assertThat(ch.sent).hasSize(1); // 16 000 B pending > 8 KiB: wait
        s.advance(Duration.ofMillis(1));
        assertThat(ch.sent).hasSize(1);
        ch.pending = 8 * 1024; // drained to the threshold: go on
        s.advance(Duration.ofMillis(1));
        assertThat(ch.sent).hasSize(2);
        ch.pending = 0;
        s.advance(Duration.ofMillis(1));
        ch.pending = 0;
        s.advance(Duration.ofMillis(1));
        assertThat(ch.sent).hasSize(4);
        assertThat(sender.framesSent()).isEqualTo(1);
        assertThat(sender.framesDropped()).isZero();
        for (int i = 0; i < 4; i++) {
            assertThat(ch.sent.get(i)[1]).isEqualTo((byte) i);
        }
    }

    @Test
    void queueHoldsOneFrameAndANewerOneEvictsIt() {
        ManualScheduler s = new ManualScheduler();
        DataTrackSender sender = new DataTrackSender(s, s);
        FakeChannel ch = new FakeChannel();
        sender.setChannel(ch);
        sender.offer(frame(0, 1, 9000)); // sent; now the estimate (9000 B) is above 8 KiB
        ch.pending = 100_000; // congested
        sender.offer(frame(1, 1, 100)); // read → congested → wait
        assertThat(ch.sent).hasSize(1);
        sender.offer(frame(2, 1, 100)); // evicts 1
        sender.offer(frame(3, 1, 100)); // evicts 2
        assertThat(sender.framesDropped()).isEqualTo(2);
        ch.pending = 0;
        s.advance(Duration.ofMillis(1));
        assertThat(ch.sent).hasSize(2);
        assertThat(ch.sent.get(1)[0]).isEqualTo((byte) 3); // the newest frame survives
        assertThat(sender.framesSent()).isEqualTo(2);
    }

    @Test
    void holdsTheNewestFrameWithoutAChannelAndSendsItWhenOneArrives() {
        ManualScheduler s = new ManualScheduler();
        DataTrackSender sender = new DataTrackSender(s, s);
        sender.offer(frame(1, 1, 10));
        sender.offer(frame(2, 1, 10));
        assertThat(sender.framesDropped()).isEqualTo(1);
        FakeChannel ch = new FakeChannel();
        sender.setChannel(ch);
        assertThat(ch.sent).hasSize(1);
        assertThat(ch.sent.get(0)[0]).isEqualTo((byte) 2);
    }

    @Test
    void channelClosingMidFrameDropsTheRestOfThatFrame() {
        ManualScheduler s = new ManualScheduler();
        DataTrackSender sender = new DataTrackSender(s, s);
        FakeChannel ch = new FakeChannel();
        sender.setChannel(ch);
        sender.offer(frame(1, 3, 16_000));
        assertThat(ch.sent).hasSize(1);
        ch.open = false;
        s.advance(Duration.ofMillis(1));
        assertThat(ch.sent).hasSize(1);
        assertThat(sender.framesDropped()).isEqualTo(1);
        sender.close();
        sender.offer(frame(2, 1, 10));
        assertThat(sender.framesDropped()).isEqualTo(2);
    }
}
