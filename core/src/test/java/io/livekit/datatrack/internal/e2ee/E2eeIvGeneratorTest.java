package io.livekit.datatrack.internal.e2ee;

import static io.livekit.datatrack.testkit.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.datatrack.testkit.Vectors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** IV layout (spec 6.6). The per-entry reproduction of {@code encrypt[]} is in the vector tests. */
class E2eeIvGeneratorTest {

    @Test
    void layoutIsRandomThenTimeThenTimeMinusCount() {
        IvGenerator gen = new IvGenerator(() -> 0xdeadbeef, () -> 1234, 12);
        assertThat(hex(gen.next())).isEqualTo("deadbeef000004d2000004c6");
    }

    @Test
    void counterAdvancesPerIvReproducingTheKeyDerivationProofIvs() {
        // The key_derivation proofs were encrypted one after another with random 0x01020304 at
        // t = 1000 ms while the JS send counter went 0, 1, 2, ...
        List<JsonNode> cases = Vectors.cases("e2ee.json", "key_derivation");
        IvGenerator gen = new IvGenerator(() -> 0x01020304, () -> 1000, 0);
        for (JsonNode c : cases) {
            assertThat(hex(gen.next())).isEqualTo(c.path("proof").path("iv").asText());
        }
    }

    @Test
    void countIsReducedModulo65535NotModulo65536() {
        IvGenerator gen = new IvGenerator(() -> 0, () -> 100_000, 65_534);
        assertThat(hex(gen.next())).endsWith("000186a0" + "000086a2"); // 100000 - 65534 = 34466
        assertThat(hex(gen.next())).endsWith("000186a0" + "000186a0"); // 65535 mod 65535 = 0
        assertThat(hex(gen.next())).endsWith("000186a0" + "0001869f"); // 65536 mod 65535 = 1
    }

    @Test
    void timeAndDifferenceWrapToThirtyTwoBits() {
        IvGenerator gen = new IvGenerator(() -> -1, () -> (1L << 32) + 5, 14);
        assertThat(hex(gen.next())).isEqualTo("ffffffff00000005fffffff7");
    }

    @Test
    void usesTheClockOnEveryCall() {
        AtomicLong clock = new AtomicLong(1);
        IvGenerator gen = new IvGenerator(() -> 7, clock::get, 0);
        byte[] first = gen.next();
        clock.set(2);
        byte[] second = gen.next();
        assertThat(hex(first)).isEqualTo("000000070000000100000001");
        assertThat(hex(second)).isEqualTo("000000070000000200000001");
    }

    @Test
    void secureGeneratorProducesDistinctIvs() {
        IvGenerator gen = IvGenerator.secure();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] iv = gen.next();
            assertThat(iv).hasSize(IvGenerator.IV_LENGTH);
            assertThat(seen.add(hex(iv))).isTrue();
        }
    }

    @Test
    void rejectsNegativeInitialCount() {
        assertThatThrownBy(() -> new IvGenerator(() -> 0, () -> 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
