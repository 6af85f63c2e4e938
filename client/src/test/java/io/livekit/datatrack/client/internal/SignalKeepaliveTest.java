package io.livekit.datatrack.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.testkit.ManualScheduler;
import org.junit.jupiter.api.Test;

/** Pings carry the last round-trip time; pongs measure it. (Ticks and timeouts need a periodic timer: not here.) */
class SignalKeepaliveTest {
    private final SignalKeepalive keepalive = new SignalKeepalive(new ManualScheduler(), Runnable::run);

    @Test
    void noRoundTripTimeBeforeTheFirstPong() {
        assertThat(keepalive.rtt()).isEqualTo(-1);
        LivekitRtc.Ping ping = keepalive.ping().getPingReq();
        assertThat(ping.getRtt()).isZero();
        assertThat(ping.getTimestamp()).isPositive();
    }

    @Test
    void aPongFromTheFutureCountsAsZero() {
        long later = System.currentTimeMillis() + 3_600_000;
        keepalive.onPong(LivekitRtc.Pong.newBuilder().setLastPingTimestamp(later).build());
        assertThat(keepalive.rtt()).isZero();
        assertThat(keepalive.ping().getPingReq().getRtt()).isZero();
    }
}
