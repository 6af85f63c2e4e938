package io.livekit.datatrack.internal.e2ee;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A fixed number of key slots plus the index of the slot set most recently (spec 6.5).
 *
 * <p>Setting a key at index {@code i} stores it in slot {@code i mod size} and makes that slot
 * current. Lookups use the exact index: there is no reduction on the receive side, an index
 * outside the ring has no key.
 *
 * <p>Thread-safe. Reads are lock-free; {@link #replace} is a compare-and-set so that a ratchet
 * computed from an old entry cannot overwrite a key set meanwhile.
 */
public final class KeyRing {
    /** Largest ring size: key indices are one byte on the wire. */
    public static final int MAX_SIZE = 256;

    private final AtomicReferenceArray<KeyMaterial> slots;
    private volatile int currentIndex;

    /**
     * An empty ring.
     *
     * @param size number of slots, 1 to {@link #MAX_SIZE}
     */
    public KeyRing(int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("key ring size must be 1.." + MAX_SIZE + ": " + size);
        }
        this.slots = new AtomicReferenceArray<>(size);
    }

    /**
     * The number of slots.
     *
     * @return the size
     */
    public int size() {
        return slots.length();
    }

    /**
     * Stores {@code key} in slot {@code keyIndex mod size} and makes that slot current.
     *
     * @param keyIndex a non-negative key index
     * @param key the entry
     * @return the slot used
     */
    public synchronized int set(int keyIndex, KeyMaterial key) {
        Objects.requireNonNull(key, "key");
        if (keyIndex < 0) {
            throw new IllegalArgumentException("key index must not be negative: " + keyIndex);
        }
        int slot = keyIndex % slots.length();
        slots.set(slot, key);
        currentIndex = slot;
        return slot;
    }

    /**
     * The entry in slot {@code index} (exact, no reduction).
     *
     * @param index the slot
     * @return the entry, or {@code null} if the slot is empty or outside the ring
     */
    public KeyMaterial get(int index) {
        return index >= 0 && index < slots.length() ? slots.get(index) : null;
    }

    /**
     * Replaces the entry in {@code slot} if it is still {@code expected}; the current index does
     * not change.
     *
     * @param slot the slot
     * @param expected the entry the replacement was computed from
     * @param replacement the new entry
     * @return whether the slot was replaced
     */
    public boolean replace(int slot, KeyMaterial expected, KeyMaterial replacement) {
        Objects.requireNonNull(replacement, "replacement");
        return slots.compareAndSet(slot, expected, replacement);
    }

    /**
     * The slot set most recently (0 before any key is set).
     *
     * @return the current slot
     */
    public int currentIndex() {
        return currentIndex;
    }
}
