package io.livekit.datatrack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandleAllocatorTest {
    @Test
    void handsOutOneToMaxThenNothing() {
        HandleAllocator a = new HandleAllocator();
        for (int i = 1; i <= 0xFFFF; i++) {
            assertThat(a.next()).hasValue(i);
        }
        assertThat(a.next()).isEmpty();
        assertThat(a.next()).isEmpty();
        assertThat(a.remaining()).isZero();
    }
}
