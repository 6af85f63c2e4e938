package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.client.RemoteParticipant;
import io.livekit.datatrack.protocol.LivekitModels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The room's remote participants by identity, kept from the server's participant lists (join
 * response and updates). Confined to the room session's actor, except {@link #snapshot()}, which
 * reads a concurrent view from any thread.
 */
final class ParticipantDirectory {
    /** What applying a participant list changed, in order; called on the actor. */
    interface Changes {
        void joined(RemoteParticipant participant);

        void left(RemoteParticipant participant);
    }

    private final Map<String, RemoteParticipant> participants = new LinkedHashMap<>(); // by identity
    private final Map<String, RemoteParticipant> view = new ConcurrentHashMap<>();

    /** The remote participants by identity, as a copy. Any thread. */
    Map<String, RemoteParticipant> snapshot() {
        return Map.copyOf(view);
    }

    /**
     * Applies participant infos (the local participant's own is skipped): a disconnected one with
     * the known SID leaves, any other is (re)stored and joins if its identity was unknown.
     */
    void apply(List<LivekitModels.ParticipantInfo> infos, String localIdentity, Changes changes) {
        for (LivekitModels.ParticipantInfo p : infos) {
            if (p.getIdentity().equals(localIdentity)) {
                continue;
            }
            RemoteParticipant known = participants.get(p.getIdentity());
            if (p.getState() == LivekitModels.ParticipantInfo.State.DISCONNECTED) {
                if (known != null && known.sid().equals(p.getSid())) {
                    participants.remove(p.getIdentity());
                    view.remove(p.getIdentity());
                    changes.left(known);
                }
                continue;
            }
            RemoteParticipant now = new RemoteParticipant(p.getSid(), p.getIdentity(), p.getName(), p.getMetadata());
            participants.put(p.getIdentity(), now);
            view.put(p.getIdentity(), now);
            if (known == null) {
                changes.joined(now);
            }
        }
    }
}
