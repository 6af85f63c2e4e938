package io.livekit.datatrack.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a resume re-sends, and the count and byte bounds of what is kept. */
class ReliableResendBufferTest {
    private final ReliableResendBuffer buffer = new ReliableResendBuffer();
    private final DataTrackSenderTest.FakeChannel channel = new DataTrackSenderTest.FakeChannel();

    private static byte[] packet(long seq, int size) {
        byte[] b = new byte[size];
        b[0] = (byte) seq;
        return b;
    }

    private static List<Integer> firstBytes(List<byte[]> sent) {
        return sent.stream().map(b -> (int) b[0]).toList();
    }

    @Test
    void resendsWhatTheServerDidNotGetAndForgetsTheRest() {
        for (long seq = 1; seq <= 5; seq++) {
            buffer.remember(seq, packet(seq, 10));
        }
        buffer.resendAfter(3);
        assertThat(buffer.resend(channel)).isEqualTo(2);
        assertThat(firstBytes(channel.sent)).containsExactly(4, 5);
        assertThat(buffer.resendAfter()).isEqualTo(3);

        buffer.resendAfter(4); // a later resume: 5 is still kept, 4 acknowledged now
        assertThat(buffer.resend(channel)).isEqualTo(1);
        assertThat(firstBytes(channel.sent)).containsExactly(4, 5, 5);
    }

    @Test
    void aClosedOrMissingChannelResendsNothingButStillForgetsAcknowledgedPackets() {
        buffer.remember(1, packet(1, 10));
        buffer.remember(2, packet(2, 10));
        buffer.resendAfter(1);
        assertThat(buffer.resend(null)).isZero();
        channel.open = false;
        assertThat(buffer.resend(channel)).isZero();
        channel.open = true;
        buffer.resendAfter(0);
        assertThat(buffer.resend(channel)).isEqualTo(1);
        assertThat(firstBytes(channel.sent)).containsExactly(2);
    }

    @Test
    void keepsAtMostMaxResendPackets() {
        int n = ReliableResendBuffer.MAX_RESEND_PACKETS + 3;
        for (long seq = 1; seq <= n; seq++) {
            buffer.remember(seq, packet(seq, 1));
        }
        assertThat(buffer.resend(channel)).isEqualTo(ReliableResendBuffer.MAX_RESEND_PACKETS);
        assertThat(channel.sent.get(0)[0]).isEqualTo((byte) 4); // 1..3 were dropped, oldest first
    }

    @Test
    void keepsAtMostMaxResendBytes() {
        int size = 64_000;
        long fit = ReliableResendBuffer.MAX_RESEND_BYTES / size;
        for (long seq = 1; seq <= fit + 2; seq++) {
            buffer.remember(seq, packet(seq, size));
        }
        assertThat(buffer.resend(channel)).isEqualTo((int) fit);
        assertThat(channel.sent.get(0)[0]).isEqualTo((byte) 3);
    }

    @Test
    void clearForgetsThePacketsAndTheirBytes() {
        int size = 64_000;
        long fit = ReliableResendBuffer.MAX_RESEND_BYTES / size;
        for (long seq = 1; seq <= fit; seq++) {
            buffer.remember(seq, packet(seq, size));
        }
        buffer.clear();
        // A packet of the new session is kept: the forgotten packets' bytes no longer count.
        buffer.remember(fit + 1, packet(fit + 1, size));
        assertThat(buffer.resend(channel)).isEqualTo(1);
    }
}
