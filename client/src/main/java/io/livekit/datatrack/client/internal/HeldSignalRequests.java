package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.protocol.LivekitRtc;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The signal requests held while the session is being (re-)established, in the order they were
 * made. Confined to the room session's actor.
 */
final class HeldSignalRequests {
    private final ArrayDeque<LivekitRtc.SignalRequest> held = new ArrayDeque<>();

    void hold(LivekitRtc.SignalRequest request) {
        held.addLast(request);
    }

    /** Hands every held request to {@code send}, oldest first, and forgets it. */
    void sendAll(Consumer<LivekitRtc.SignalRequest> send) {
        LivekitRtc.SignalRequest r;
        while ((r = held.pollFirst()) != null) {
            send.accept(r);
        }
    }

    /** Drops them all (a full reconnect: the managers re-send what matters for the new session). */
    void clear() {
        held.clear();
    }
}
