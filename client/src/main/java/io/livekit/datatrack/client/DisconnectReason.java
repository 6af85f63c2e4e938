package io.livekit.datatrack.client;

/** Why a {@link Room} closed. */
public enum DisconnectReason {
    /** {@link Room#close()} was called. */
    CLIENT_INITIATED,
    /** Another connection with the same identity replaced this one. */
    DUPLICATE_IDENTITY,
    /** The server shut down. */
    SERVER_SHUTDOWN,
    /** The participant was removed through the server API. */
    PARTICIPANT_REMOVED,
    /** The room was deleted. */
    ROOM_DELETED,
    /** The room closed (for example it became empty). */
    ROOM_CLOSED,
    /** Client and server state disagreed and reconnecting was off or failed. */
    STATE_MISMATCH,
    /** The server gave up on the join. */
    JOIN_FAILURE,
    /** The connection was lost and could not be re-established (or auto-reconnect is off). */
    CONNECTION_LOST,
    /** Any other server reason. */
    UNKNOWN
}
