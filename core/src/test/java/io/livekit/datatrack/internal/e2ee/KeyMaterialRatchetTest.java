package io.livekit.datatrack.internal.e2ee;

import static io.livekit.datatrack.testkit.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link KeyMaterial} and {@link KeyDeriver}; the vector chains are in the vector tests. */
class KeyMaterialRatchetTest {

    private static final byte[] SALT = "LKFrameEncryptionKey".getBytes(StandardCharsets.US_ASCII);

    @Test
    void keyIsTheSixteenByteKdfOutputForBothKdfs() {
        for (KeyDeriver deriver : new KeyDeriver[] {KeyDeriver.pbkdf2(SALT), KeyDeriver.hkdf(SALT)}) {
            byte[] material = hex("000102030405060708090a0b0c0d0e0f");
            KeyMaterial key = deriver.keyMaterial(material);
            // The class takes the key as a prefix of the 32-byte output; check it against the
            // literal formula of spec 6.3 / 6.4.
            assertThat(key.aesKey().getEncoded()).as(deriver.toString()).isEqualTo(deriver.derive(material, 16));
            assertThat(key.ratchet().material()).as(deriver.toString()).isEqualTo(deriver.derive(material, 32));
            assertThat(key.ratchet().aesKey().getEncoded())
                    .isEqualTo(deriver.derive(deriver.derive(material, 32), 16));
        }
    }

    @Test
    void ratchetIsMemoized() {
        KeyMaterial key = KeyDeriver.hkdf(SALT).keyMaterial(hex("01"));
        assertThat(key.ratchet()).isSameAs(key.ratchet());
        assertThat(key.ratchet().ratchet()).isSameAs(key.ratchet().ratchet());
    }

    @Test
    void materialIsCopiedInAndOut() {
        byte[] material = hex("0102");
        KeyMaterial key = KeyDeriver.hkdf(SALT).keyMaterial(material);
        material[0] = 9;
        assertThat(key.material()).isEqualTo(hex("0102"));
        key.material()[0] = 9;
        assertThat(key.material()).isEqualTo(hex("0102"));
    }

    @Test
    void saltMatters() {
        byte[] material = hex("0102");
        assertThat(KeyDeriver.hkdf(SALT).keyMaterial(material).aesKey())
                .isNotEqualTo(KeyDeriver.hkdf(hex("00")).keyMaterial(material).aesKey());
    }

    @Test
    void toStringRevealsNoKeyBytes() {
        KeyMaterial key = KeyDeriver.hkdf(SALT).keyMaterial(hex("0102"));
        assertThat(key.toString()).doesNotContain(hex(key.aesKey().getEncoded())).contains("redacted");
    }
}
