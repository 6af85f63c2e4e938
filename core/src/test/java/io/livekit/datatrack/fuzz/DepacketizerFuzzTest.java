package io.livekit.datatrack.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livekit.datatrack.internal.Depacketizer;
import io.livekit.datatrack.internal.DepacketizerDrop;
import io.livekit.datatrack.internal.DepacketizerDrop.Reason;
import io.livekit.datatrack.internal.ReassembledFrame;
import io.livekit.datatrack.packet.E2eeExtension;
import io.livekit.datatrack.packet.FrameMarker;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
import io.livekit.datatrack.packet.PacketFormatException;
import io.livekit.datatrack.packet.PacketHeader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives a {@link Depacketizer} with a fuzzer-chosen sequence of pushes (any marker, clustered
 * frame numbers, jittered and wrapping sequence numbers, small payloads, bursts of more than 128
 * packets, limit changes 0..4) and checks it against an executable model of the push rules of spec
 * §4.2 written independently of the production class.
 *
 * <p>After every push: no exception; the frame, the drop (reason, frame numbers, received/expected)
 * and the per-reason drop counters equal the model's; after a start packet {@code partialFrames()
 * <= max(1, limit)}, after any other packet the count did not grow. (The limit is only enforced
 * when a start packet arrives — a single packet evicts at most one frame — so lowering it leaves
 * the excess in flight until the next start packet. That is the upstream rule; the fuzzer found it
 * within seconds when the stricter "always within the limit" check was asserted.) For
 * every emitted frame: the payload is exactly the concatenation, in sequence order, of the payloads
 * pushed for one frame (last duplicate wins), it came from at most 128 packets, and its extensions
 * are those of its first packet.
 *
 * <p>Regression mode runs the seeds in {@code
 * src/test/resources/io/livekit/datatrack/fuzz/DepacketizerFuzzTestInputs/pushSequence/}. Most were
 * picked from a fuzzing corpus (smallest input per outcome); {@code two_packet_frame}, {@code
 * frame_of_128_packets} and {@code frame_of_129_packets_buffer_full} are hand-written: 16 bytes
 * whose integer choices are read from the end of the input (FuzzedDataProvider's convention) —
 * limit 1, a start packet just below the sequence wrap, then a burst closed by a final packet.
 */
class DepacketizerFuzzTest {
    private static final int HANDLE = 0x0101;
    private static final int MAX_PUSHES = 2_000;

    @FuzzTest(maxDuration = "5m")
    void pushSequence(FuzzedDataProvider data) {
        int limit = data.consumeInt(0, 4);
        Depacketizer depacketizer = new Depacketizer(limit);
        Model model = new Model(limit);
        int frameBase = data.consumeInt(0, 0xFFFF);
        int seq = data.consumeInt(0, 0xFFFF);
        int pushes = 0;

        while (data.remainingBytes() > 0 && pushes < MAX_PUSHES) {
            int op = data.consumeInt(0, 9);
            if (op == 0) {
                limit = data.consumeInt(0, 4);
                depacketizer.setMaxPartialFrames(limit);
                model.setMax(limit);
                continue;
            }
            int frame = (frameBase + data.consumeInt(0, 3)) & 0xFFFF;
            if (op == 1) {
                // A run of consecutive inter packets, long enough to cross the 128-packet limit,
                // optionally closed by a final packet.
                int n = data.consumeInt(1, 140);
                boolean close = data.consumeBoolean();
                for (int i = 0; i < n && pushes < MAX_PUSHES; i++, pushes++) {
                    FrameMarker marker = close && i == n - 1 ? FrameMarker.FINAL : FrameMarker.INTER;
                    byte[] payload = {(byte) i, (byte) (seq >> 8), (byte) seq};
                    step(depacketizer, model, limit, marker, frame, seq, payload, PacketExtensions.NONE, false);
                    seq = (seq + 1) & 0xFFFF;
                }
                continue;
            }
            FrameMarker marker = data.pickValue(FrameMarker.values());
            // Mostly the next sequence number; sometimes a repeat (-1), a step back or a gap.
            int s = (seq + data.consumeInt(-2, 3)) & 0xFFFF;
            PacketExtensions ext = extensions(data);
            byte[] payload = data.consumeBytes(data.consumeInt(0, 6));
            boolean viaWire = data.consumeBoolean();
            step(depacketizer, model, limit, marker, frame, s, payload, ext, viaWire);
            seq = (s + 1) & 0xFFFF;
            pushes++;
        }
    }

    private static PacketExtensions extensions(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 1:
                return PacketExtensions.NONE.withUserTimestamp(data.consumeLong());
            case 2: {
                byte[] iv = new byte[E2eeExtension.IV_LENGTH];
                iv[0] = data.consumeByte();
                return PacketExtensions.NONE.withE2ee(new E2eeExtension(data.consumeInt(0, 255), iv));
            }
            default:
                return PacketExtensions.NONE;
        }
    }

    private static void step(Depacketizer depacketizer, Model model, int limit, FrameMarker marker, int frame,
            int seq, byte[] payload, PacketExtensions ext, boolean viaWire) {
        PacketHeader header = new PacketHeader(marker, HANDLE, seq, frame, 0x1234_5678L, ext);
        Packet packet;
        if (viaWire) {
            // As on the receive path: the packet's payload is a view into the parsed message.
            try {
                packet = Packet.parse(Packet.of(header, payload).toByteArray());
            } catch (PacketFormatException e) {
                throw new AssertionError("canonical packet does not parse: " + e.reason(), e);
            }
        } else {
            // A view into the middle of a larger array.
            byte[] backing = new byte[payload.length + 5];
            System.arraycopy(payload, 0, backing, 2, payload.length);
            packet = Packet.wrap(header, backing, 2, payload.length);
        }

        int partialsBefore = depacketizer.partialFrames();
        Depacketizer.Result actual = depacketizer.push(packet);
        Model.Outcome expected = model.push(marker, frame, seq, payload, ext);
        String where = marker + " frame=" + frame + " seq=" + seq;

        if (expected.frame == null) {
            assertThat(actual.frame()).as("no frame expected at %s", where).isNull();
        } else {
            ReassembledFrame f = actual.frame();
            assertThat(f).as("frame expected at %s", where).isNotNull();
            assertThat(f.payload()).as("frame payload at %s", where).isEqualTo(expected.frame);
            assertThat(f.extensions()).as("frame extensions at %s", where).isEqualTo(expected.frameExtensions);
            assertThat(expected.framePackets).as("packets in frame at %s", where)
                    .isBetween(1, Depacketizer.MAX_BUFFER_PACKETS);
        }
        assertThat(actual.drop()).as("drop at %s", where).isEqualTo(expected.drop);
        assertThat(depacketizer.partialFrames()).as("partial frames after %s", where)
                .isEqualTo(model.partials.size());
        if (marker == FrameMarker.START) {
            // A start packet evicts until its frame fits, so it enforces the current limit ...
            assertThat(depacketizer.partialFrames()).as("partial frames after %s", where)
                    .isLessThanOrEqualTo(Math.max(1, limit));
        } else {
            // ... a single packet evicts at most one frame and inter/final packets none, so after
            // the limit was lowered the excess stays in flight (the upstream rule); they never add
            // a frame.
            assertThat(depacketizer.partialFrames()).as("partial frames after %s", where)
                    .isLessThanOrEqualTo(partialsBefore);
        }
        for (Reason r : Reason.values()) {
            assertThat(depacketizer.dropped(r)).as("drop counter %s after %s", r, where)
                    .isEqualTo(model.dropCounts[r.ordinal()]);
        }
    }

    /** The push rules of spec §4.2 as a plain executable model. */
    private static final class Model {
        final List<Partial> partials = new ArrayList<>(); // oldest first
        final long[] dropCounts = new long[Reason.values().length];
        int max;

        Model(int limit) {
            setMax(limit);
        }

        void setMax(int limit) {
            max = Math.max(1, limit);
        }

        Outcome push(FrameMarker marker, int frame, int seq, byte[] payload, PacketExtensions ext) {
            Outcome out = new Outcome();
            switch (marker) {
                case SINGLE -> {
                    if (partials.size() >= max) {
                        out.drop = evictOldest(frame);
                    }
                    out.frame = payload.clone();
                    out.frameExtensions = ext;
                    out.framePackets = 1;
                }
                case START -> {
                    while (partials.size() >= max) {
                        DepacketizerDrop d = evictOldest(frame);
                        if (out.drop == null) {
                            out.drop = d;
                        }
                    }
                    Partial p = new Partial(frame, seq, ext);
                    p.payloads.put(seq, payload.clone());
                    int existing = indexOf(frame);
                    if (existing >= 0) {
                        partials.set(existing, p); // replaced where it was
                    } else {
                        partials.add(p);
                    }
                }
                default -> {
                    int i = indexOf(frame);
                    if (i < 0) {
                        out.drop = count(new DepacketizerDrop(Reason.UNKNOWN_FRAME, frame, -1, 0, 0));
                        return out;
                    }
                    Partial p = partials.get(i);
                    if (p.payloads.size() >= Depacketizer.MAX_BUFFER_PACKETS) {
                        partials.remove(i);
                        out.drop = count(new DepacketizerDrop(Reason.BUFFER_FULL, frame, -1, 0, 0));
                        return out;
                    }
                    p.payloads.put(seq, payload.clone());
                    if (marker == FrameMarker.FINAL) {
                        partials.remove(i);
                        finish(p, seq, out);
                    }
                }
            }
            return out;
        }

        private void finish(Partial p, int endSeq, Outcome out) {
            int span = ((endSeq - p.startSeq) & 0xFFFF) + 1;
            ByteArrayOutputStream concat = new ByteArrayOutputStream();
            for (int i = 0; i < span; i++) {
                byte[] part = p.payloads.get((p.startSeq + i) & 0xFFFF);
                if (part == null) {
                    out.drop = count(new DepacketizerDrop(
                            Reason.INCOMPLETE, p.frame, -1, p.payloads.size(), span & 0xFFFF));
                    return;
                }
                concat.writeBytes(part);
            }
            out.frame = concat.toByteArray();
            out.frameExtensions = p.ext;
            out.framePackets = span;
        }

        private DepacketizerDrop evictOldest(int newFrame) {
            Partial oldest = partials.remove(0);
            return count(new DepacketizerDrop(Reason.INTERRUPTED, oldest.frame, newFrame, 0, 0));
        }

        private DepacketizerDrop count(DepacketizerDrop d) {
            dropCounts[d.reason().ordinal()]++;
            return d;
        }

        private int indexOf(int frame) {
            for (int i = 0; i < partials.size(); i++) {
                if (partials.get(i).frame == frame) {
                    return i;
                }
            }
            return -1;
        }

        static final class Partial {
            final int frame;
            final int startSeq;
            final PacketExtensions ext;
            final Map<Integer, byte[]> payloads = new HashMap<>();

            Partial(int frame, int startSeq, PacketExtensions ext) {
                this.frame = frame;
                this.startSeq = startSeq;
                this.ext = ext;
            }
        }

        static final class Outcome {
            byte[] frame;
            PacketExtensions frameExtensions;
            int framePackets;
            DepacketizerDrop drop;
        }
    }
}
