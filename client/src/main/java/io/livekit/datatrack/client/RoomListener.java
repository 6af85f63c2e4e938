package io.livekit.datatrack.client;

/** Receives a {@link Room}'s events, in order, on the executor given when it was added. */
@FunctionalInterface
public interface RoomListener {
    /** Called once per event. Exceptions are logged and ignored. */
    void onEvent(RoomEvent event);
}
