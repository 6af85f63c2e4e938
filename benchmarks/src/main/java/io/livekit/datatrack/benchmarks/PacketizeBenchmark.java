package io.livekit.datatrack.benchmarks;

import io.livekit.datatrack.internal.Packetizer;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Publish side: packetize one frame (MTU 16 000, no extensions, fixed clock) and serialize every
 * packet to its wire bytes with {@link Packet#toByteArray()}.
 *
 * <p>Baseline: copy the frame into a new {@code byte[]} of the frame's size with {@code
 * System.arraycopy}. Report {@code baseline time / benchmark time}; the target is ≥ 0.5
 * for 1 MiB frames.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PacketizeBenchmark {

    @Param({"1024", "65536", "1048576"})
    public int frameSize;

    private byte[] frame;
    private Packetizer packetizer;

    @Setup
    public void setUp() {
        frame = new byte[frameSize];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 31);
        }
        packetizer = new Packetizer(0x0101, Packetizer.DEFAULT_MTU, () -> 0x1234_5678L, 0, 0);
    }

    /** Packetize the frame and serialize every packet to a fresh wire array. */
    @Benchmark
    public void packetizeToWire(Blackhole bh) throws Packetizer.MtuTooShortException {
        List<Packet> packets = packetizer.packetize(frame, PacketExtensions.NONE);
        for (int i = 0, n = packets.size(); i < n; i++) {
            bh.consume(packets.get(i).toByteArray());
        }
    }

    /** Baseline: one fresh array of the frame's size, filled with System.arraycopy. */
    @Benchmark
    public byte[] baselineArraycopy() {
        byte[] dst = new byte[frame.length];
        System.arraycopy(frame, 0, dst, 0, frame.length);
        return dst;
    }
}
