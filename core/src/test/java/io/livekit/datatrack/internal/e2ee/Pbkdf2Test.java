package io.livekit.datatrack.internal.e2ee;

import static io.livekit.datatrack.testkit.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class Pbkdf2Test {

    private record Known(String name, String password, String salt, int iterations, String dk) {}

    /**
     * Published PBKDF2-HMAC-SHA256 values: RFC 7914 section 11 (the two 64-byte outputs, which
     * span two HMAC blocks) and the widely used SHA-256 counterparts of the RFC 6070 inputs.
     */
    private static final Known[] KNOWN = {
        new Known("RFC 7914 passwd/salt c=1", "passwd", "salt", 1,
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
        new Known("RFC 7914 Password/NaCl c=80000", "Password", "NaCl", 80_000,
                "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"),
        new Known("password/salt c=1", "password", "salt", 1,
                "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        new Known("password/salt c=2", "password", "salt", 2,
                "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
        new Known("password/salt c=4096", "password", "salt", 4096,
                "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        new Known("long password and salt, 40 bytes", "passwordPASSWORDpassword",
                "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096,
                "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"),
        new Known("NUL bytes in password and salt", "pass\0word", "sa\0lt", 4096,
                "89b69d0516f829893c696226650a8687"),
    };

    @TestFactory
    Stream<DynamicTest> publishedVectors() {
        return Stream.of(KNOWN).map(k -> dynamicTest(k.name(), () -> {
            byte[] dk = Pbkdf2.hmacSha256(ascii(k.password()), ascii(k.salt()), k.iterations(),
                    k.dk().length() / 2);
            assertThat(hex(dk)).isEqualTo(k.dk());
        }));
    }

    @Test
    void matchesJdkForTextPasswords() throws Exception {
        byte[] salt = ascii("LKFrameEncryptionKey");
        for (String password : new String[] {"x", "password", "p\u00e4ssw\u00f6rd-\u00fc"}) {
            SecretKeyFactory jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] expected = jdk.generateSecret(
                    new PBEKeySpec(password.toCharArray(), salt, 1000, 48 * 8)).getEncoded();
            byte[] actual = Pbkdf2.hmacSha256(password.getBytes(StandardCharsets.UTF_8), salt, 1000, 48);
            assertThat(actual).as(password).isEqualTo(expected);
        }
    }

    @Test
    void takesBytesThatAreNotUtf8() {
        // Not expressible through PBEKeySpec(char[]); value from an independent implementation.
        byte[] dk = Pbkdf2.hmacSha256(hex("fffe80"), ascii("LKFrameEncryptionKey"), 1000, 16);
        assertThat(hex(dk)).isEqualTo("7aeb91c0b5c5caba2ff840fcd95ef684");
    }

    @Test
    void shorterOutputIsAPrefixOfLongerOutput() {
        byte[] longer = Pbkdf2.hmacSha256(ascii("k"), ascii("s"), 10, 32);
        byte[] shorter = Pbkdf2.hmacSha256(ascii("k"), ascii("s"), 10, 16);
        assertThat(longer).startsWith(shorter);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> Pbkdf2.hmacSha256(ascii("p"), ascii("s"), 0, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pbkdf2.hmacSha256(ascii("p"), ascii("s"), 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pbkdf2.hmacSha256(null, ascii("s"), 1, 16))
                .isInstanceOf(NullPointerException.class);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
