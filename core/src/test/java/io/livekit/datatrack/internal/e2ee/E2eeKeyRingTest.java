package io.livekit.datatrack.internal.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link KeyRing} and {@link SenderRatchets}. */
class E2eeKeyRingTest {

    private static final KeyDeriver HKDF = KeyDeriver.hkdf("salt".getBytes(StandardCharsets.US_ASCII));
    private static final KeyMaterial A = HKDF.keyMaterial(new byte[] {1});
    private static final KeyMaterial B = HKDF.keyMaterial(new byte[] {2});

    @Test
    void setStoresAtIndexModSizeAndMakesItCurrent() {
        KeyRing ring = new KeyRing(4);
        assertThat(ring.currentIndex()).isZero();
        assertThat(ring.set(6, A)).isEqualTo(2);
        assertThat(ring.currentIndex()).isEqualTo(2);
        assertThat(ring.get(2)).isSameAs(A);
        assertThat(ring.set(1, B)).isEqualTo(1);
        assertThat(ring.currentIndex()).isEqualTo(1);
        assertThat(ring.get(2)).isSameAs(A);
    }

    @Test
    void getUsesTheExactIndex() {
        KeyRing ring = new KeyRing(4);
        ring.set(6, A);
        assertThat(ring.get(6)).isNull();
        assertThat(ring.get(-1)).isNull();
        assertThat(ring.get(0)).isNull();
    }

    @Test
    void replaceIsCompareAndSetAndKeepsTheCurrentIndex() {
        KeyRing ring = new KeyRing(16);
        ring.set(3, A);
        ring.set(5, B);
        assertThat(ring.replace(3, B, A.ratchet())).isFalse();
        assertThat(ring.replace(3, A, A.ratchet())).isTrue();
        assertThat(ring.get(3)).isSameAs(A.ratchet());
        assertThat(ring.currentIndex()).isEqualTo(5);
    }

    @Test
    void sizeLimits() {
        assertThat(new KeyRing(1).size()).isEqualTo(1);
        assertThat(new KeyRing(256).size()).isEqualTo(256);
        assertThatThrownBy(() -> new KeyRing(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyRing(257)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyRing(4).set(-1, A)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void senderRatchetsApplyOnlyToTheirSenderAndBase() {
        SenderRatchets ratchets = new SenderRatchets(16);
        assertThat(ratchets.effective("alice", 0, A)).isSameAs(A);
        ratchets.advance("alice", 0, A, A.ratchet());
        assertThat(ratchets.effective("alice", 0, A)).isSameAs(A.ratchet());
        assertThat(ratchets.effective("bob", 0, A)).isSameAs(A);
        assertThat(ratchets.effective("alice", 1, A)).isSameAs(A);
        // The shared slot now holds another key: the advance no longer applies.
        assertThat(ratchets.effective("alice", 0, B)).isSameAs(B);
    }
}
