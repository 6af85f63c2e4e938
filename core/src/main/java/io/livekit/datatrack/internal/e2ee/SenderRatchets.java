package io.livekit.datatrack.internal.e2ee;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Per-sender progress of receive-side automatic ratchets over a shared key ring.
 *
 * <p>In shared-key mode every sender starts from the same keys, but senders may ratchet
 * independently. libwebrtc and the JS SDK keep a per-participant copy of the shared keys for
 * that reason; here a sender's entry records "slot {@code s} of the shared ring, which held
 * {@code base}, has been ratcheted to {@code current} for this sender". An entry whose base is no
 * longer in the shared slot (the application set or ratcheted that key since) is ignored, so no
 * invalidation step is needed.
 *
 * <p>Thread-safe. Concurrent advances for the same sender and slot keep the last one written; any
 * of them is a valid point of that sender's chain.
 */
public final class SenderRatchets {
    private record Advance(KeyMaterial base, KeyMaterial current) {}

    private final int ringSize;
    private final ConcurrentHashMap<String, AtomicReferenceArray<Advance>> bySender =
            new ConcurrentHashMap<>();

    /**
     * Tracks senders over a ring of {@code ringSize} slots.
     *
     * @param ringSize the shared ring's size
     */
    public SenderRatchets(int ringSize) {
        if (ringSize < 1 || ringSize > KeyRing.MAX_SIZE) {
            throw new IllegalArgumentException("ring size must be 1.." + KeyRing.MAX_SIZE);
        }
        this.ringSize = ringSize;
    }

    /**
     * The entry to try first for {@code sender} in {@code slot}.
     *
     * @param sender the sender identity
     * @param slot the slot
     * @param base the shared ring's current entry in {@code slot}
     * @return the sender's ratcheted entry if it was ratcheted from {@code base}, else {@code base}
     */
    public KeyMaterial effective(String sender, int slot, KeyMaterial base) {
        AtomicReferenceArray<Advance> advances = bySender.get(sender);
        if (advances == null) {
            return base;
        }
        Advance advance = advances.get(slot);
        return advance != null && advance.base() == base ? advance.current() : base;
    }

    /**
     * Records that {@code sender}'s key in {@code slot} is {@code current}, reached by ratcheting
     * the shared entry {@code base}.
     *
     * @param sender the sender identity
     * @param slot the slot
     * @param base the shared ring's entry the ratchet started from
     * @param current the ratcheted entry that decrypted the sender's data
     */
    public void advance(String sender, int slot, KeyMaterial base, KeyMaterial current) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(current, "current");
        bySender.computeIfAbsent(sender, s -> new AtomicReferenceArray<>(ringSize))
                .set(slot, new Advance(base, current));
    }
}
