package io.livekit.datatrack.client;

import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.client.internal.RoomSession;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A connection to a LiveKit room for data tracks and data packets. Thread-safe.
 *
 * <pre>{@code
 * try (Room room = Room.connect("ws://localhost:7880", token, RoomOptions.defaults()).join()) {
 *     room.addListener(event -> {
 *         if (event instanceof RoomEvent.DataTrackPublished p) {
 *             p.track().subscribe().thenAccept(subscription -> ...);
 *         }
 *     });
 *     LocalDataTrack track = room.localParticipant().publishDataTrack(DataTrackOptions.named("imu")).join();
 *     track.tryPush(DataTrackFrame.of(bytes).withUserTimestampNow());
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> The room's state lives in one actor; signaling, WebRTC callbacks and the
 * data-track managers hand work to it and never block each other. Listener callbacks run on the
 * executor given to {@link #addListener(RoomListener, Executor)} (by default the room's own pool),
 * one event at a time per listener.
 */
public final class Room implements AutoCloseable {
    private final RoomSession session;
    private final LocalParticipant localParticipant;

    private Room(RoomSession session) {
        this.session = session;
        this.localParticipant = new LocalParticipant(session);
    }

    /**
     * Connects: signaling on {@code /rtc/v1} (or {@code /rtc}), peer connection(s), data channels.
     * Completes when the data channels are open; fails with {@link ConnectException}. Cancelling
     * the returned future before it completes abandons the attempt and releases everything it
     * opened.
     *
     * @param url the server, e.g. {@code ws://host:7880} or {@code https://host}
     * @param token an access token with {@code roomJoin} and {@code room}
     */
    public static CompletableFuture<Room> connect(String url, String token, RoomOptions options) {
        RoomSession session = new RoomSession(url, token, options);
        Room room = new Room(session);
        return abandonOnCancel(session, session.connect().thenApply(v -> room));
    }

    /** Closes the session if the caller cancels the connect future. */
    private static CompletableFuture<Room> abandonOnCancel(RoomSession session, CompletableFuture<Room> connecting) {
        connecting.whenComplete((r, e) -> {
            if (e instanceof java.util.concurrent.CancellationException) {
                session.close();
            }
        });
        return connecting;
    }

    /**
     * As {@link #connect(String, String, RoomOptions)}, with {@code listener} registered before the
     * join so that it also sees the events of the participants and tracks already in the room.
     */
    public static CompletableFuture<Room> connect(
            String url, String token, RoomOptions options, RoomListener listener, Executor executor) {
        RoomSession session = new RoomSession(url, token, options);
        Room room = new Room(session);
        session.addListener(listener, executor);
        return abandonOnCancel(session, session.connect().thenApply(v -> room));
    }

    /** This client's participant. */
    public LocalParticipant localParticipant() {
        return localParticipant;
    }

    /** The room name (from the server). */
    public String name() {
        return session.roomName();
    }

    /** The other participants, by identity (a snapshot). */
    public Map<String, RemoteParticipant> remoteParticipants() {
        return session.remoteParticipants();
    }

    /** The data tracks the other participants publish now. */
    public CompletableFuture<List<RemoteDataTrack>> remoteDataTracks() {
        return session.remoteDataTracks();
    }

    /** Adds a listener whose callbacks run on {@code executor}, one event at a time. */
    public void addListener(RoomListener listener, Executor executor) {
        session.addListener(listener, executor);
    }

    /** Adds a listener called on the room's own executor. */
    public void addListener(RoomListener listener) {
        session.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener. */
    public void removeListener(RoomListener listener) {
        session.removeListener(listener);
    }

    /** True while connected (false while reconnecting and after close). */
    public boolean isConnected() {
        return session.isConnected();
    }

    /** Transport counters. */
    public RoomStats stats() {
        return session.stats();
    }

    /** For tests and diagnostics: the internal session. Not API. */
    RoomSession session() {
        return session;
    }

    /**
     * Leaves the room (sends a leave), unpublishes local tracks, ends subscriptions, closes the
     * transports and releases the room's threads. Idempotent; emits {@link RoomEvent.Disconnected}.
     */
    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "Room[" + name() + ", " + localParticipant + "]";
    }
}
