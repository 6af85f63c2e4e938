package io.livekit.datatrack.internal;

import java.util.OptionalInt;

/**
 * Hands out publisher handles 1, 2, 3, … and never reuses one, even after an unpublish or a
 * failed publish, so a late server answer can never be confused with a newer publication. After
 * 65535 handles it is exhausted. Not thread-safe: owned by the local manager's actor.
 */
public final class HandleAllocator {
    private int last;

    /** The next handle, or empty once all 65535 were used. */
    public OptionalInt next() {
        if (last >= 0xFFFF) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(++last);
    }

    /** Handles still available. */
    public int remaining() {
        return 0xFFFF - last;
    }
}
