package io.livekit.datatrack.token;

import java.util.List;
import java.util.Objects;

/**
 * The {@code video} grant of a LiveKit access token, with LiveKit's defaults applied when a key is
 * absent: {@code canPublish} and {@code canSubscribe} default to true, {@code canPublishData} to
 * {@code canPublish}, the rest to false/empty.
 *
 * @param room the room name the token is for
 * @param roomJoin may join {@link #room()}
 * @param canPublish may publish media
 * @param canPublishData may send data packets and publish data tracks
 * @param canSubscribe may subscribe to media and data tracks
 * @param canPublishSources allowed media sources (lower-case names), empty = all
 * @param canUpdateOwnMetadata may change own name, metadata and attributes
 * @param hidden invisible to other participants
 * @param recorder marks a recorder
 * @param agent marks an agent
 */
public record VideoGrant(
        String room,
        boolean roomJoin,
        boolean canPublish,
        boolean canPublishData,
        boolean canSubscribe,
        List<String> canPublishSources,
        boolean canUpdateOwnMetadata,
        boolean hidden,
        boolean recorder,
        boolean agent) {

    /** Checks for null and copies the list. */
    public VideoGrant {
        Objects.requireNonNull(room, "room");
        canPublishSources = List.copyOf(canPublishSources);
    }

    /**
     * The grant LiveKit assumes for a {@code video} claim that is present but empty: no room, no
     * {@code roomJoin}, publish, publish-data and subscribe allowed, everything else off.
     */
    public static VideoGrant defaults() {
        return new VideoGrant("", false, true, true, true, List.of(), false, false, false, false);
    }

    /** A grant to join {@code room} with publish, publish-data and subscribe rights. */
    public static VideoGrant join(String room) {
        return new VideoGrant(room, true, true, true, true, List.of(), false, false, false, false);
    }

    /** A copy with {@code canPublishData} set. */
    public VideoGrant withCanPublishData(boolean value) {
        return new VideoGrant(room, roomJoin, canPublish, value, canSubscribe, canPublishSources,
                canUpdateOwnMetadata, hidden, recorder, agent);
    }

    /** A copy with {@code canSubscribe} set. */
    public VideoGrant withCanSubscribe(boolean value) {
        return new VideoGrant(room, roomJoin, canPublish, canPublishData, value, canPublishSources,
                canUpdateOwnMetadata, hidden, recorder, agent);
    }

    /** A copy with {@code canPublish} set (does not change {@code canPublishData}). */
    public VideoGrant withCanPublish(boolean value) {
        return new VideoGrant(room, roomJoin, value, canPublishData, canSubscribe, canPublishSources,
                canUpdateOwnMetadata, hidden, recorder, agent);
    }

    /** A copy with {@code room} set. */
    public VideoGrant withRoom(String value) {
        return new VideoGrant(value, roomJoin, canPublish, canPublishData, canSubscribe, canPublishSources,
                canUpdateOwnMetadata, hidden, recorder, agent);
    }

    /** A copy with {@code roomJoin} set. */
    public VideoGrant withRoomJoin(boolean value) {
        return new VideoGrant(room, value, canPublish, canPublishData, canSubscribe, canPublishSources,
                canUpdateOwnMetadata, hidden, recorder, agent);
    }

    /** A copy with {@code canPublishSources} set (lower-case source names; empty = all). */
    public VideoGrant withCanPublishSources(List<String> value) {
        return new VideoGrant(room, roomJoin, canPublish, canPublishData, canSubscribe, value,
                canUpdateOwnMetadata, hidden, recorder, agent);
    }

    /** A copy with {@code canUpdateOwnMetadata} set. */
    public VideoGrant withCanUpdateOwnMetadata(boolean value) {
        return new VideoGrant(room, roomJoin, canPublish, canPublishData, canSubscribe, canPublishSources,
                value, hidden, recorder, agent);
    }

    /** A copy with {@code recorder} set. */
    public VideoGrant withRecorder(boolean value) {
        return new VideoGrant(room, roomJoin, canPublish, canPublishData, canSubscribe, canPublishSources,
                canUpdateOwnMetadata, hidden, value, agent);
    }

    /** A copy with {@code agent} set. */
    public VideoGrant withAgent(boolean value) {
        return new VideoGrant(room, roomJoin, canPublish, canPublishData, canSubscribe, canPublishSources,
                canUpdateOwnMetadata, hidden, recorder, value);
    }

    /** A copy with {@code hidden} set. */
    public VideoGrant withHidden(boolean value) {
        return new VideoGrant(room, roomJoin, canPublish, canPublishData, canSubscribe, canPublishSources,
                canUpdateOwnMetadata, value, recorder, agent);
    }
}
