package io.livekit.datatrack.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyProviderOptionsTest {

    @Test
    void defaults() {
        KeyProviderOptions d = KeyProviderOptions.defaults();
        assertThat(d.sharedKeyMode()).isFalse();
        assertThat(d.ratchetSalt()).isEqualTo("LKFrameEncryptionKey".getBytes(StandardCharsets.US_ASCII));
        assertThat(d.ratchetWindowSize()).isZero();
        assertThat(d.keyRingSize()).isEqualTo(16);
        assertThat(d.keyDerivation()).isEqualTo(KeyDerivation.PBKDF2);
    }

    @Test
    void withCopiesLeaveTheOriginalUnchanged() {
        KeyProviderOptions d = KeyProviderOptions.defaults();
        KeyProviderOptions o = d.withSharedKeyMode(true)
                .withRatchetSalt(new byte[] {1, 2})
                .withRatchetWindowSize(16)
                .withKeyRingSize(256)
                .withKeyDerivation(KeyDerivation.HKDF);
        assertThat(o.sharedKeyMode()).isTrue();
        assertThat(o.ratchetSalt()).containsExactly(1, 2);
        assertThat(o.ratchetWindowSize()).isEqualTo(16);
        assertThat(o.keyRingSize()).isEqualTo(256);
        assertThat(o.keyDerivation()).isEqualTo(KeyDerivation.HKDF);
        assertThat(d).isEqualTo(KeyProviderOptions.defaults());
        assertThat(o).isNotEqualTo(d);
    }

    @Test
    void saltIsCopiedInAndOut() {
        byte[] salt = {1, 2, 3};
        KeyProviderOptions o = KeyProviderOptions.defaults().withRatchetSalt(salt);
        salt[0] = 9;
        o.ratchetSalt()[1] = 9;
        assertThat(o.ratchetSalt()).containsExactly(1, 2, 3);
    }

    @Test
    void valueEquality() {
        KeyProviderOptions a = KeyProviderOptions.defaults().withRatchetSalt(new byte[] {7});
        KeyProviderOptions b = KeyProviderOptions.defaults().withRatchetSalt(new byte[] {7});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).contains("ratchetSalt=1 bytes").contains("keyRingSize=16");
    }

    @Test
    void rejectsOutOfRangeValues() {
        KeyProviderOptions d = KeyProviderOptions.defaults();
        assertThatThrownBy(() -> d.withKeyRingSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withKeyRingSize(257)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withRatchetWindowSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withRatchetSalt(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.withKeyDerivation(null)).isInstanceOf(NullPointerException.class);
        assertThat(d.withKeyRingSize(1).keyRingSize()).isEqualTo(1);
        assertThat(d.withRatchetSalt(new byte[0]).ratchetSalt()).isEmpty();
    }
}
