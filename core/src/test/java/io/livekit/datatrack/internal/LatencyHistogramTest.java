package io.livekit.datatrack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void emptyReadsZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.count()).isZero();
        assertThat(h.percentile(99)).isZero();
        assertThat(h.max()).isZero();
    }

    @Test
    void exactBelow128Milliseconds() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 0; v < 100; v++) {
            h.record(v);
        }
        assertThat(h.percentile(50)).isEqualTo(49);
        assertThat(h.percentile(99)).isEqualTo(98);
        assertThat(h.percentile(100)).isEqualTo(99);
        assertThat(h.percentile(0)).isZero();
        assertThat(h.max()).isEqualTo(99);
    }

    @Test
    void bucketsAreContiguousAndAtMostOneSixteenthWide() {
        long previousLow = -1;
        for (long v = 0; v < 5_000_000; v = v < 1000 ? v + 1 : v + 997) {
            int b = LatencyHistogram.bucket(v);
            long low = LatencyHistogram.lowerBound(b);
            assertThat(low).isLessThanOrEqualTo(v);
            assertThat(LatencyHistogram.bucket(low)).isEqualTo(b);
            assertThat(v - low).isLessThanOrEqualTo(Math.max(0, v / 16));
            assertThat(low).isGreaterThanOrEqualTo(previousLow);
            previousLow = low;
        }
    }

    @Test
    void largeAndNegativeValuesAreClamped() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(-5);
        h.record(Long.MAX_VALUE);
        assertThat(h.count()).isEqualTo(2);
        assertThat(h.percentile(50)).isZero();
        assertThat(h.max()).isEqualTo(Integer.MAX_VALUE);
        assertThat(h.percentile(100)).isLessThanOrEqualTo(Integer.MAX_VALUE).isGreaterThan(Integer.MAX_VALUE / 16 * 15);
    }
}
