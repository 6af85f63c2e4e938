package io.livekit.datatrack.benchmarks;

import io.livekit.datatrack.internal.Depacketizer;
import io.livekit.datatrack.internal.Packetizer;
import io.livekit.datatrack.internal.ReassembledFrame;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
import io.livekit.datatrack.packet.PacketFormatException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Receive side: parse each wire packet of one frame (MTU 16 000, no extensions) and push it
 * through a {@link Depacketizer} until the reassembled frame comes out. The wire packets are
 * produced once in setup with a fixed clock.
 *
 * <p>Baseline: copy the frame into a new {@code byte[]} of the frame's size with {@code
 * System.arraycopy}. Report {@code baseline time / benchmark time}; the target is ≥ 0.5
 * for 1 MiB frames.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DepacketizeBenchmark {

    @Param({"1024", "65536", "1048576"})
    public int frameSize;

    private byte[] frame;
    private byte[][] wire;
    private Depacketizer depacketizer;

    @Setup
    public void setUp() throws Exception {
        frame = new byte[frameSize];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 31);
        }
        Packetizer packetizer = new Packetizer(0x0101, Packetizer.DEFAULT_MTU, () -> 0x1234_5678L, 0, 0);
        List<Packet> packets = packetizer.packetize(frame, PacketExtensions.NONE);
        wire = new byte[packets.size()][];
        for (int i = 0; i < wire.length; i++) {
            wire[i] = packets.get(i).toByteArray();
        }
        depacketizer = new Depacketizer(1);
        byte[] check = depacketizeFromWire();
        if (!java.util.Arrays.equals(check, frame)) {
            throw new IllegalStateException("reassembled frame differs from the original");
        }
    }

    /** Parse every wire packet and push it; returns the reassembled payload. */
    @Benchmark
    public byte[] depacketizeFromWire() throws PacketFormatException {
        ReassembledFrame out = null;
        for (byte[] w : wire) {
            Depacketizer.Result r = depacketizer.push(Packet.parse(w));
            if (r.frame() != null) {
                out = r.frame();
            }
        }
        if (out == null) {
            throw new IllegalStateException("no frame reassembled");
        }
        return out.payload();
    }

    /** Baseline: one fresh array of the frame's size, filled with System.arraycopy. */
    @Benchmark
    public byte[] baselineArraycopy() {
        byte[] dst = new byte[frame.length];
        System.arraycopy(frame, 0, dst, 0, frame.length);
        return dst;
    }
}
