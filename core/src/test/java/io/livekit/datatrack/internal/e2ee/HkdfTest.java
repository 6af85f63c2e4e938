package io.livekit.datatrack.internal.e2ee;

import static io.livekit.datatrack.testkit.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HkdfTest {

    private static final byte[] IKM_22 = filled(22, 0x0b);

    @Test
    void rfc5869TestCase1() {
        byte[] salt = hex("000102030405060708090a0b0c");
        byte[] info = hex("f0f1f2f3f4f5f6f7f8f9");
        assertThat(hex(Hkdf.extract(salt, IKM_22)))
                .isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(hex(Hkdf.sha256(IKM_22, salt, info, 42)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                        + "34007208d5b887185865");
    }

    @Test
    void rfc5869TestCase3EmptySaltAndInfo() {
        byte[] empty = new byte[0];
        assertThat(hex(Hkdf.extract(empty, IKM_22)))
                .isEqualTo("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
        assertThat(hex(Hkdf.sha256(IKM_22, empty, empty, 42)))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
                        + "9d201395faa4b61a96c8");
        // "Salt not provided" is a hash-length run of zeros; an empty salt must behave the same.
        assertThat(Hkdf.sha256(IKM_22, new byte[32], empty, 42))
                .isEqualTo(Hkdf.sha256(IKM_22, empty, empty, 42));
    }

    @Test
    void shorterOutputIsAPrefixOfLongerOutput() {
        byte[] salt = hex("0102");
        byte[] info = new byte[128];
        assertThat(Hkdf.sha256(IKM_22, salt, info, 32)).startsWith(Hkdf.sha256(IKM_22, salt, info, 16));
    }

    @Test
    void outputLengthLimits() {
        byte[] prk = new byte[32];
        assertThat(Hkdf.expand(prk, new byte[0], Hkdf.MAX_LENGTH)).hasSize(255 * 32);
        assertThatThrownBy(() -> Hkdf.expand(prk, new byte[0], Hkdf.MAX_LENGTH + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.expand(prk, new byte[0], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
