package io.livekit.datatrack.benchmarks;

import io.livekit.datatrack.packet.E2eeExtension;
import io.livekit.datatrack.packet.FrameMarker;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
import io.livekit.datatrack.packet.PacketFormatException;
import io.livekit.datatrack.packet.PacketHeader;
import java.util.OptionalLong;
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
 * Serialize and parse one packet with a 1 KiB payload, without extensions and with both (E2EE +
 * user timestamp, 40-byte header).
 *
 * <p>Baseline: allocate a {@code byte[]} of the packet's wire length and {@code System.arraycopy}
 * the wire bytes into it — the least any serializer that returns a fresh array must do. Report
 * each benchmark as {@code baseline time / benchmark time} (= throughput relative to the baseline,
 * same run, same parameters).
 *
 * <p>Note that {@link Packet#parse} does not copy the payload (the packet is a view of the input),
 * so {@code parse} can be faster than the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PacketCodecBenchmark {

    /** Which extensions the packet carries. */
    public enum Extensions { NONE, BOTH }

    @Param({"NONE", "BOTH"})
    public Extensions extensions;

    @Param({"1024"})
    public int payloadSize;

    private Packet packet;
    private byte[] wire;

    @Setup
    public void setUp() {
        PacketExtensions ext = PacketExtensions.NONE;
        if (extensions == Extensions.BOTH) {
            byte[] iv = new byte[E2eeExtension.IV_LENGTH];
            for (int i = 0; i < iv.length; i++) {
                iv[i] = (byte) (0x3C + i);
            }
            ext = PacketExtensions.of(new E2eeExtension(7, iv), OptionalLong.of(1_760_000_000_000L));
        }
        byte[] payload = new byte[payloadSize];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        PacketHeader header = new PacketHeader(FrameMarker.SINGLE, 0x0101, 4711, 42, 0x1234_5678L, ext);
        packet = Packet.of(header, payload);
        wire = packet.toByteArray();
    }

    /** Canonical encoding into a fresh array. */
    @Benchmark
    public byte[] serialize() {
        return packet.toByteArray();
    }

    /** Strict parse of the wire bytes (payload not copied). */
    @Benchmark
    public Packet parse() throws PacketFormatException {
        return Packet.parse(wire);
    }

    /** Serialize, then parse the result: one send plus one receive. */
    @Benchmark
    public Packet serializeThenParse() throws PacketFormatException {
        return Packet.parse(packet.toByteArray());
    }

    /** Baseline: a fresh array of the wire length, filled with System.arraycopy. */
    @Benchmark
    public byte[] baselineArraycopy() {
        byte[] dst = new byte[wire.length];
        System.arraycopy(wire, 0, dst, 0, wire.length);
        return dst;
    }
}
