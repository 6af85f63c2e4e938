package io.livekit.datatrack.internal.e2ee;

import static io.livekit.datatrack.testkit.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class AesGcmTest {

    // Test cases 1 to 3 of McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)".
    private static final SecretKey ZERO_KEY = AesGcm.key(new byte[16], 0);
    private static final byte[] ZERO_IV = new byte[12];
    private static final SecretKey KEY_3 = AesGcm.key(hex("feffe9928665731c6d6a8f9467308308"), 0);
    private static final byte[] IV_3 = hex("cafebabefacedbaddecaf888");
    private static final String PLAINTEXT_3 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private static final String SEALED_3 = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
            + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
            + "4d5c2af327cd64a62cf35abd2ba6fab4";

    @Test
    void gcmSpecTestCase1EmptyPlaintextIsJustTheTag() throws Exception {
        byte[] sealed = AesGcm.seal(ZERO_KEY, ZERO_IV, new byte[0]);
        assertThat(hex(sealed)).isEqualTo("58e2fccefa7e3061367f1d57a4e7455a");
        assertThat(AesGcm.open(ZERO_KEY, ZERO_IV, sealed)).isEmpty();
    }

    @Test
    void gcmSpecTestCase2() throws Exception {
        byte[] sealed = AesGcm.seal(ZERO_KEY, ZERO_IV, new byte[16]);
        assertThat(hex(sealed)).isEqualTo("0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
    }

    @Test
    void gcmSpecTestCase3() throws Exception {
        assertThat(hex(AesGcm.seal(KEY_3, IV_3, hex(PLAINTEXT_3)))).isEqualTo(SEALED_3);
        assertThat(hex(AesGcm.open(KEY_3, IV_3, hex(SEALED_3)))).isEqualTo(PLAINTEXT_3);
    }

    @Test
    void sameKeyAndIvTwiceIsAllowed() throws Exception {
        // SunJCE refuses this on one Cipher instance; reproducing vectors needs it.
        assertThat(AesGcm.seal(KEY_3, IV_3, new byte[3])).isEqualTo(AesGcm.seal(KEY_3, IV_3, new byte[3]));
    }

    @Test
    void everyTamperedByteFailsAuthentication() {
        byte[] sealed = hex(SEALED_3);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> AesGcm.open(KEY_3, IV_3, tampered))
                    .as("byte %d", i)
                    .isInstanceOf(AEADBadTagException.class);
        }
    }

    @Test
    void wrongIvOrKeyFails() {
        byte[] otherIv = IV_3.clone();
        otherIv[11] ^= 1;
        assertThatThrownBy(() -> AesGcm.open(KEY_3, otherIv, hex(SEALED_3)))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> AesGcm.open(ZERO_KEY, IV_3, hex(SEALED_3)))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void inputShorterThanTagFails() {
        assertThatThrownBy(() -> AesGcm.open(KEY_3, IV_3, new byte[15]))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> AesGcm.open(KEY_3, IV_3, new byte[0]))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void rejectsIvOfWrongLength() {
        assertThatThrownBy(() -> AesGcm.seal(KEY_3, new byte[16], new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyUsesSixteenBytesAtOffset() {
        byte[] raw = hex("00feffe9928665731c6d6a8f9467308308ff");
        assertThat(AesGcm.key(raw, 1).getEncoded()).isEqualTo(KEY_3.getEncoded());
        assertThatThrownBy(() -> AesGcm.key(new byte[16], 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
