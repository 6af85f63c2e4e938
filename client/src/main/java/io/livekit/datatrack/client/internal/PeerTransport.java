package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.rtc.IceCandidate;
import io.livekit.datatrack.rtc.PeerSession;
import io.livekit.datatrack.rtc.PeerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One peer connection of a session and what the room actor knows about it. Actor-confined. */
final class PeerTransport {
    final PeerSession pc;
    /** True for the v0 subscriber PC (trickle target SUBSCRIBER). */
    final boolean subscriber;
    final int generation;
    /** Written by the actor; read by stats() from any thread. */
    final Map<String, DataChannel> channels = new ConcurrentHashMap<>();
    final List<IceCandidate> heldCandidates = new ArrayList<>();
    /** Local candidates are held while an offer/answer for this PC is being created and sent. */
    boolean holdCandidates;
    /** An offer of ours waits for its answer. */
    boolean awaitingAnswer;
    int offerId;
    PeerState state = PeerState.NEW;

    PeerTransport(PeerSession pc, boolean subscriber, int generation) {
        this.pc = pc;
        this.subscriber = subscriber;
        this.generation = generation;
    }

    boolean isOpen(String label) {
        DataChannel c = channels.get(label);
        return c != null && c.isOpen();
    }

    long channelDrops() {
        long n = 0;
        for (DataChannel c : channels.values()) {
            n += c.messagesDropped();
        }
        return n;
    }

    void close() {
        for (DataChannel c : channels.values()) {
            c.close();
        }
        pc.close();
    }
}
