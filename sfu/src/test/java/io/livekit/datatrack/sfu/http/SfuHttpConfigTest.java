package io.livekit.datatrack.sfu.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SfuHttpConfigTest {

    @Test
    void defaultsFollowLiveKit() {
        SfuHttpConfig c = SfuHttpConfig.builder(Map.of("devkey", "secret")).build();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(7880);
        assertThat(c.tokenLeeway()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.maxRequestHeaderBytes()).isGreaterThanOrEqualTo(64 * 1024);
        assertThat(c.maxJoinRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(c.maxIdentityBytes()).isEqualTo(256);
        assertThat(c.maxRoomNameBytes()).isEqualTo(256);
        assertThat(c.maxSignalMessageBytes()).isEqualTo(1024 * 1024);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxQueuedSendBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(c.toString()).contains("devkey").doesNotContain("secret");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> SfuHttpConfig.builder(Map.of())).isInstanceOf(IllegalArgumentException.class);
        SfuHttpConfig.Builder b = SfuHttpConfig.builder(Map.of("k", "s"));
        assertThatThrownBy(() -> b.port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxRequestHeaderBytes(8192)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.idleTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.pingInterval(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxQueuedSendBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SfuHttpConfig.builder(Map.of("k", ""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SfuHttpConfig.builder(Map.of("", "s"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portInUseFailsStart() throws Exception {
        try (EdgeFixture edge = new EdgeFixture();
                SfuHttpServer second = new SfuHttpServer(SfuHttpConfig.builder(Map.of("k", "s"))
                        .host("127.0.0.1").port(edge.server.port()).build(), (i, c) -> null)) {
            assertThatThrownBy(second::start).isInstanceOf(IOException.class);
            assertThat(edge.get("/").statusCode()).isEqualTo(200);
        }
    }
}
