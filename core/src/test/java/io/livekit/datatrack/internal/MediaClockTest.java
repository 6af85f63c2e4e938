package io.livekit.datatrack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.testkit.Vectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class MediaClockTest {

    /** Each {@code clock.json} observation: our clock follows the Rust tick formula. */
    @TestFactory
    Stream<DynamicTest> ticksFollowRustFormula() {
        JsonNode clock = Vectors.load("clock.json");
        long base = clock.get("clock_base").asLong();
        return Vectors.cases("clock.json", "observations").stream().map(o -> DynamicTest.dynamicTest(
                "clock/elapsed_ms_" + o.get("elapsed_ms").asLong(), () -> {
                    long elapsedNanos = o.get("elapsed_ms").asLong() * 1_000_000L;
                    long[] now = {5_000_000_000L};
                    MediaClock c = MediaClock.withBase(base, () -> now[0]);
                    now[0] += elapsedNanos;
                    long expected = o.get("rust_formula_ticks").asLong();
                    assertThat(MediaClock.ticks(elapsedNanos)).isEqualTo(expected);
                    assertThat(c.now()).isEqualTo(base + expected);
                }));
    }

    @Test
    void wrapsModulo2To32AndNeverStepsBack() {
        long[] now = {0};
        MediaClock c = MediaClock.withBase(0xFFFF_FFF0L, () -> now[0]);
        assertThat(c.now()).isEqualTo(0xFFFF_FFF0L);
        now[0] = 1_000_000L; // 1 ms = 90 ticks, crosses the wrap
        long wrapped = c.now();
        assertThat(wrapped).isEqualTo((0xFFFF_FFF0L + 90) & 0xFFFF_FFFFL);
        now[0] = 500_000L; // time source went backwards
        assertThat(c.now()).isEqualTo(wrapped);
    }

    @Test
    void ticksDoNotOverflowForLongUptimes() {
        long tenDays = 10L * 24 * 3600 * 1_000_000_000L;
        assertThat(MediaClock.ticks(tenDays)).isEqualTo(10L * 24 * 3600 * 90_000L);
        assertThat(MediaClock.ticks(5_555_556L)).isEqualTo(500); // 499.99... rounds half up
    }
}
