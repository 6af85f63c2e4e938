package io.livekit.datatrack.sfu.room;

import io.livekit.datatrack.sfu.signal.JoinIntent;
import io.livekit.datatrack.sfu.signal.SignalConnection;
import io.livekit.datatrack.sfu.signal.SignalHandler;
import io.livekit.datatrack.sfu.signal.SignalListener;
import io.livekit.datatrack.rtc.RtcEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds or creates the room a join names (rooms are created on first join and dropped when the
 * last participant leaves) and hands the connection to it.
 */
public final class RoomManager implements SignalHandler {
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final RoomContext ctx;

    /**
     * @param engine the WebRTC engine
     * @param executor pool for room actors and peer events
     * @param scheduler timers
     * @param nodeId reported node id
     * @param advertisedAddresses if non-empty, only ICE candidates on these addresses are sent
     * @param dataTracksEnabled false refuses data track publications
     */
    public RoomManager(
            RtcEngine engine,
            Executor executor,
            ScheduledExecutorService scheduler,
            String nodeId,
            Set<String> advertisedAddresses,
            boolean dataTracksEnabled) {
        this.ctx = new RoomContext(engine, executor, scheduler, nodeId, Set.copyOf(advertisedAddresses),
                dataTracksEnabled, new RoomContext.Counters());
    }

    @Override
    public SignalListener onJoin(JoinIntent intent, SignalConnection connection) {
        String name = intent.claims().video().room();
        Room[] target = new Room[1];
        // Counting the join under the map's lock for this name keeps onEmpty from dropping the room
        // between finding it and the actor adding the participant.
        rooms.compute(name, (n, existing) -> {
            Room room = existing != null ? existing : new Room(n, ctx, this::onEmpty);
            room.pendingJoins.incrementAndGet();
            target[0] = room;
            return room;
        });
        return target[0].join(intent, connection);
    }

    /** Room actor: the room has no participants; drop it unless a join is on its way to it. */
    private void onEmpty(Room room) {
        rooms.computeIfPresent(room.name, (n, r) -> r == room && room.pendingJoins.get() == 0 ? null : r);
    }

    /** Names of the rooms that have participants. */
    public List<String> roomNames() {
        return new ArrayList<>(rooms.keySet());
    }

    /** A snapshot of the server-wide forwarding counters. */
    public ForwardingStats stats() {
        RoomContext.Counters c = ctx.counters();
        return new ForwardingStats(
                c.dataTrackPacketsForwarded.sum(),
                c.dataTrackPacketsMalformed.sum(),
                c.dataTrackPacketsUnknownHandle.sum(),
                c.dataTrackPacketsDropped.sum(),
                c.dataPacketsForwarded.sum(),
                c.dataPacketsDropped.sum());
    }

    /**
     * Ends every session: each participant gets a Leave (SERVER_SHUTDOWN) and its signal
     * connection is closed after it. Waits (at most {@code timeoutMillis}) until the rooms have
     * done so.
     */
    public void closeAll(long timeoutMillis) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Room room : rooms.values()) {
            done.add(room.close());
        }
        try {
            CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing goes on; the caller stops the transport anyway
        }
    }
}
