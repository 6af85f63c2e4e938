package io.livekit.datatrack.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livekit.datatrack.packet.E2eeExtension;
import io.livekit.datatrack.packet.FrameMarker;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
import io.livekit.datatrack.packet.PacketFormatException;
import io.livekit.datatrack.packet.PacketHeader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Fuzzes the strict v0 reader with arbitrary bytes. {@link Packet#parse} may only fail with
 * {@link PacketFormatException}; any other exception or a failed assertion is a finding.
 *
 * <p>Every input is also run through an independent model of the reference reader (spec §2.5,
 * written from the spec, not from {@code PacketReader}) and the two must agree on the outcome,
 * including the error reason. For every successful parse:
 *
 * <ul>
 *   <li>re-serializing and parsing again gives an equal packet (and equal bytes a second time);
 *   <li>payload length = input length − 12, or − (12 + 4(L+1)) when the X bit is set;
 *   <li>inputs in canonical form (spec §2.4) and only those round-trip byte-exactly;
 *   <li>parsing the same bytes at a non-zero offset of a larger array gives an equal packet.
 * </ul>
 *
 * <p>Regression mode (every {@code mvn test}) runs the seeds in {@code
 * src/test/resources/io/livekit/datatrack/fuzz/PacketParseFuzzTestInputs/parse/}. Fuzzing: see
 * {@code core/README.md}.
 */
class PacketParseFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        Expected expected = ReferenceReader.read(input);
        Packet packet;
        try {
            packet = Packet.parse(input);
        } catch (PacketFormatException e) {
            assertThat(e.reason()).as("error reason").isNotNull();
            if (expected.error == null) {
                fail("parse failed with %s (%s) but the reference reader accepts the input",
                        e.reason(), e.getMessage());
            }
            assertThat(e.reason()).as("error reason").isEqualTo(expected.error);
            assertThat(e.detail()).as("error detail").isEqualTo(expected.errorDetail);
            return;
        }
        if (expected.error != null) {
            fail("parse accepted the input but the reference reader fails with %s", expected.error);
        }
        PacketHeader h = packet.header();
        assertThat(h).as("header").isEqualTo(expected.header);

        // Payload length follows from the header length read straight off the input bytes.
        boolean x = (input[0] & 0x04) != 0;
        int headerLength = x ? 12 + 4 * (u16(input, 12) + 1) : 12;
        assertThat(packet.payloadLength()).as("payload length").isEqualTo(input.length - headerLength);
        assertThat(packet.payloadBytes())
                .as("payload bytes")
                .isEqualTo(Arrays.copyOfRange(input, headerLength, input.length));

        // Re-serialize, parse again: an equal packet, and a fixed point of the writer.
        byte[] wire = packet.toByteArray();
        assertThat(wire.length).as("serialized length").isEqualTo(packet.serializedLength());
        assertThat(wire.length).isEqualTo(h.serializedLength() + packet.payloadLength());
        Packet again;
        try {
            again = Packet.parse(wire);
        } catch (PacketFormatException e) {
            throw new AssertionError("canonical re-serialization does not parse: " + e.reason(), e);
        }
        assertThat(again).as("re-parsed packet").isEqualTo(packet);
        assertThat(again.hashCode()).as("hash of equal packets").isEqualTo(packet.hashCode());
        assertThat(again.toByteArray()).as("second serialization").isEqualTo(wire);

        // writeTo into an exactly sized buffer writes the same bytes.
        ByteBuffer buf = ByteBuffer.allocate(packet.serializedLength());
        packet.writeTo(buf);
        assertThat(buf.hasRemaining()).isFalse();
        assertThat(buf.array()).as("writeTo bytes").isEqualTo(wire);

        // Canonical inputs, and only those, come back byte for byte.
        boolean canonical = isCanonical(input, headerLength);
        assertThat(Arrays.equals(wire, input))
                .as("byte-exact round trip <=> canonical input (canonical=%s)", canonical)
                .isEqualTo(canonical);

        // The same bytes at an offset inside a larger array parse to an equal packet.
        byte[] framed = new byte[input.length + 7];
        Arrays.fill(framed, (byte) 0xA5);
        System.arraycopy(input, 0, framed, 3, input.length);
        try {
            assertThat(Packet.parse(framed, 3, input.length)).as("parse at offset").isEqualTo(packet);
        } catch (PacketFormatException e) {
            throw new AssertionError("parse at offset failed: " + e.reason(), e);
        }
    }

    /**
     * True if {@code input} is exactly what the canonical writer (spec §2.4) would produce: version 0,
     * reserved bits 0, and either no extension block or one of the three canonical blocks.
     */
    private static boolean isCanonical(byte[] input, int headerLength) {
        if ((input[0] & 0x03) != 0 || input[1] != 0) {
            return false;
        }
        if ((input[0] & 0x04) == 0) {
            return true;
        }
        int words = u16(input, 12);
        byte[] block = Arrays.copyOfRange(input, 14, headerLength);
        switch (words) {
            case 2: // user timestamp only: 02 08 <8 bytes>, no padding
                return block.length == 10 && block[0] == 2 && block[1] == 8;
            case 4: // E2EE only: 01 0d <key> <12-byte IV> 00 00 00
                return block.length == 18 && block[0] == 1 && block[1] == 13
                        && block[15] == 0 && block[16] == 0 && block[17] == 0;
            case 6: // E2EE then user timestamp: 01 0d <13 bytes> 02 08 <8 bytes> 00
                return block.length == 26 && block[0] == 1 && block[1] == 13
                        && block[15] == 2 && block[16] == 8 && block[25] == 0;
            default:
                return false;
        }
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    /** Outcome predicted by the reference reader: a header, or an error reason with its detail. */
    private record Expected(PacketHeader header, PacketFormatException.Reason error, int errorDetail) {}

    /**
     * The reader algorithm of spec §2.5, transcribed step by step without sharing code with the
     * production reader.
     */
    private static final class ReferenceReader {
        static Expected read(byte[] in) {
            if (in.length < 12) {
                return error(PacketFormatException.Reason.TOO_SHORT, 0);
            }
            int version = (in[0] & 0xFF) >> 5;
            if (version > 0) {
                return error(PacketFormatException.Reason.UNSUPPORTED_VERSION, version);
            }
            FrameMarker marker = switch ((in[0] >> 3) & 3) {
                case 0b10 -> FrameMarker.START;
                case 0b00 -> FrameMarker.INTER;
                case 0b01 -> FrameMarker.FINAL;
                default -> FrameMarker.SINGLE;
            };
            boolean x = (in[0] & 0x04) != 0;
            int handle = u16(in, 2);
            if (handle == 0) {
                return error(PacketFormatException.Reason.INVALID_HANDLE, 0);
            }
            int sequence = u16(in, 4);
            int frameNumber = u16(in, 6);
            long timestamp = ((long) u16(in, 8) << 16) | u16(in, 10);
            E2eeExtension e2ee = null;
            OptionalLong userTimestamp = OptionalLong.empty();
            if (x) {
                int left = in.length - 12;
                if (left < 2) {
                    return error(PacketFormatException.Reason.MISSING_EXT_WORDS, 0);
                }
                long block = 4L * (u16(in, 12) + 1) - 2;
                if (block > left - 2) {
                    return error(PacketFormatException.Reason.HEADER_OVERRUN, 0);
                }
                int p = 14;
                int end = 14 + (int) block;
                while (end - p >= 2) {
                    int tag = in[p++] & 0xFF;
                    int len = in[p++] & 0xFF;
                    if (tag == 0) {
                        continue;
                    }
                    if (end - p < len) {
                        return error(PacketFormatException.Reason.MALFORMED_EXT, tag);
                    }
                    if (tag == 1 && len >= 13) {
                        e2ee = new E2eeExtension(in[p] & 0xFF, Arrays.copyOfRange(in, p + 1, p + 13));
                    } else if (tag == 2 && len >= 8) {
                        long v = 0;
                        for (int i = 0; i < 8; i++) {
                            v = (v << 8) | (in[p + i] & 0xFF);
                        }
                        userTimestamp = OptionalLong.of(v);
                    }
                    p += len;
                }
            }
            PacketHeader header = new PacketHeader(marker, handle, sequence, frameNumber, timestamp,
                    PacketExtensions.of(e2ee, userTimestamp));
            return new Expected(header, null, 0);
        }

        private static Expected error(PacketFormatException.Reason reason, int detail) {
            return new Expected(null, reason, detail);
        }
    }
}
