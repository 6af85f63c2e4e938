package io.livekit.datatrack.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class E2eeEncryptedPayloadTest {

    private static final byte[] IV = new byte[12];

    @Test
    void acceptsKeyIndices0To255And12ByteIvs() {
        assertThat(new EncryptedPayload(new byte[16], 0, IV).keyIndex()).isZero();
        assertThat(new EncryptedPayload(new byte[16], 255, IV).keyIndex()).isEqualTo(255);
        // Short ciphertext is representable (it arrives from the network) and fails decryption.
        assertThat(new EncryptedPayload(new byte[0], 1, IV).ciphertext()).isEmpty();
    }

    @Test
    void rejectsBadKeyIndexAndIvLength() {
        assertThatThrownBy(() -> new EncryptedPayload(new byte[16], 256, IV))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EncryptedPayload(new byte[16], -1, IV))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EncryptedPayload(new byte[16], 0, new byte[11]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EncryptedPayload(new byte[16], 0, new byte[13]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EncryptedPayload(null, 0, IV)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new EncryptedPayload(new byte[16], 0, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalityUsesArrayContents() {
        EncryptedPayload a = new EncryptedPayload(new byte[] {1, 2}, 3, new byte[12]);
        EncryptedPayload b = new EncryptedPayload(new byte[] {1, 2}, 3, new byte[12]);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new EncryptedPayload(new byte[] {1, 2}, 4, new byte[12]));
        assertThat(a).isNotEqualTo(new EncryptedPayload(new byte[] {1, 3}, 3, new byte[12]));
        assertThat(a.toString()).contains("keyIndex=3").contains("2 bytes").contains("000000000000000000000000");
    }
}
