package io.livekit.datatrack.internal;

import io.livekit.datatrack.internal.DepacketizerDrop.Reason;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reassembles frames of one subscribed track from packets that may arrive out of order, with the
 * upstream rules: at most {@code maxPartialFrames} frames in flight (oldest evicted first), at most
 * 128 packets per frame, no timers, and the final packet closes the frame (a hole found then drops
 * it). Every drop is counted. Not thread-safe: owned by the track's receive pipeline.
 */
public final class Depacketizer {
    /** Most packets one frame may have. */
    public static final int MAX_BUFFER_PACKETS = 128;

    private final Map<Integer, Partial> partials = new LinkedHashMap<>();
    private final long[] drops = new long[Reason.values().length];
    private int maxPartialFrames;

    /** A depacketizer holding at most {@code maxPartialFrames} (clamped to ≥ 1) frames in flight. */
    public Depacketizer(int maxPartialFrames) {
        setMaxPartialFrames(maxPartialFrames);
    }

    /** Changes the in-flight limit (values below 1 become 1); applies from the next packet on. */
    public void setMaxPartialFrames(int value) {
        this.maxPartialFrames = Math.max(1, value);
    }

    /** The in-flight limit. */
    public int maxPartialFrames() {
        return maxPartialFrames;
    }

    /**
     * Takes one packet.
     *
     * @return the completed frame if this packet completed one, and the drop this packet caused or
     *     detected (for start and single packets: the first eviction, alongside the result)
     */
    public Result push(Packet packet) {
        int frameNumber = packet.header().frameNumber();
        switch (packet.header().marker()) {
            case SINGLE: {
                DepacketizerDrop evicted = partials.size() >= maxPartialFrames ? evictOldest(frameNumber) : null;
                return new Result(new ReassembledFrame(packet.payloadBytes(), packet.header().extensions()), evicted);
            }
            case START: {
                DepacketizerDrop first = null;
                while (partials.size() >= maxPartialFrames) {
                    DepacketizerDrop evicted = evictOldest(frameNumber);
                    if (first == null) {
                        first = evicted;
                    }
                }
                Partial partial = new Partial(packet.header().sequence(), packet.header().extensions());
                partial.payloads.put(packet.header().sequence(), packet);
                partials.put(frameNumber, partial);
                return new Result(null, first);
            }
            default:
                return pushInterOrFinal(packet, frameNumber);
        }
    }

    private Result pushInterOrFinal(Packet packet, int frameNumber) {
        Partial partial = partials.get(frameNumber);
        if (partial == null) {
            return drop(DepacketizerDrop.of(Reason.UNKNOWN_FRAME, frameNumber));
        }
        if (partial.payloads.size() >= MAX_BUFFER_PACKETS) {
            partials.remove(frameNumber);
            return drop(DepacketizerDrop.of(Reason.BUFFER_FULL, frameNumber));
        }
        partial.payloads.put(packet.header().sequence(), packet); // a duplicate sequence replaces
        if (!packet.header().marker().isLast()) {
            return new Result(null, null);
        }
        partials.remove(frameNumber);
        return finish(partial, frameNumber, packet.header().sequence());
    }

    private Result finish(Partial partial, int frameNumber, int endSequence) {
        int span = ((endSequence - partial.startSequence) & 0xFFFF) + 1;
        int length = 0;
        for (int i = 0; i < span; i++) {
            Packet p = partial.payloads.get((partial.startSequence + i) & 0xFFFF);
            if (p == null) {
                drops[Reason.INCOMPLETE.ordinal()]++;
                return new Result(null, new DepacketizerDrop(
                        Reason.INCOMPLETE, frameNumber, -1, partial.payloads.size(), span & 0xFFFF));
            }
            length += p.payloadLength();
        }
        byte[] payload = new byte[length];
        int offset = 0;
        for (int i = 0; i < span; i++) {
            Packet p = partial.payloads.get((partial.startSequence + i) & 0xFFFF);
            p.copyPayloadTo(payload, offset);
            offset += p.payloadLength();
        }
        return new Result(new ReassembledFrame(payload, partial.extensions), null);
    }

    private DepacketizerDrop evictOldest(int newFrameNumber) {
        Iterator<Map.Entry<Integer, Partial>> it = partials.entrySet().iterator();
        int oldest = it.next().getKey();
        it.remove();
        drops[Reason.INTERRUPTED.ordinal()]++;
        return DepacketizerDrop.interrupted(oldest, newFrameNumber);
    }

    private Result drop(DepacketizerDrop drop) {
        drops[drop.reason().ordinal()]++;
        return new Result(null, drop);
    }

    /** Frames dropped for {@code reason} so far (evictions count one each). */
    public long dropped(Reason reason) {
        return drops[reason.ordinal()];
    }

    /** Frames currently in flight. */
    public int partialFrames() {
        return partials.size();
    }

    /** Forgets all partial frames (counted as nothing: used when a subscription restarts). */
    public void reset() {
        partials.clear();
    }

    /**
     * Outcome of one push.
     *
     * @param frame the completed frame, or null
     * @param drop the drop caused or detected by this push, or null
     */
    public record Result(ReassembledFrame frame, DepacketizerDrop drop) {}

    private static final class Partial {
        final int startSequence;
        final PacketExtensions extensions;
        final Map<Integer, Packet> payloads = new HashMap<>();

        Partial(int startSequence, PacketExtensions extensions) {
            this.startSequence = startSequence;
            this.extensions = extensions;
        }
    }
}
