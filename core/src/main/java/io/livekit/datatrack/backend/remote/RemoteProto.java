package io.livekit.datatrack.backend.remote;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.backend.DataTrackProto;
import io.livekit.datatrack.backend.ProtocolConversionException;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts between signaling messages and the {@code RemoteManager}'s {@link RemoteInput} /
 * {@link RemoteOutput} events (subscribe side).
 *
 * <p><b>Invalid track infos.</b> Rust discards the data-track part of the whole message when one
 * info in it is invalid. Here an info that fails conversion (bad SID, handle or encryption) is
 * skipped with a debug log and the rest of that participant's list is kept. Because each listed
 * participant's list is the complete set of its tracks, the skipped track is treated like an absent
 * one: a new one is not announced, and a known one whose info turns invalid is reported as
 * unpublished by the diff. A well-behaved server never sends such infos; the choice keeps one bad
 * entry from hiding every other publisher's changes.
 */
public final class RemoteProto {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteProto.class);

    private RemoteProto() {}

    /**
     * The subscribe-side event in a server message, if any.
     *
     * <ul>
     *   <li>{@code join} → {@link RemoteInput.ParticipantUpdate} from {@code other_participants};
     *   <li>{@code update} → {@link RemoteInput.ParticipantUpdate} from {@code participants};
     *   <li>{@code data_track_subscriber_handles} → {@link RemoteInput.SubscriberHandles};
     *   <li>anything else → empty.
     * </ul>
     *
     * <p>In participant lists the participant whose identity is {@code localIdentity} is skipped, a
     * participant in state {@code DISCONNECTED} is listed with no tracks (and as departed), each
     * entry carries the participant's session SID, and if an identity occurs
     * more than once its last entry counts (as in Rust, which collects them into a map). A
     * participant update always yields an event, possibly with no publishers.
     *
     * @throws ProtocolConversionException if a subscriber handle map has an invalid handle or SID
     *     (the whole map is refused, as in Rust); the caller logs and drops the message
     */
    public static Optional<RemoteInput> input(LivekitRtc.SignalResponse message, String localIdentity)
            throws ProtocolConversionException {
        Objects.requireNonNull(localIdentity, "localIdentity");
        return switch (message.getMessageCase()) {
            case JOIN -> Optional.of(update(message.getJoin().getOtherParticipantsList(), localIdentity));
            case UPDATE -> Optional.of(update(message.getUpdate().getParticipantsList(), localIdentity));
            case DATA_TRACK_SUBSCRIBER_HANDLES -> Optional.of(handles(message.getDataTrackSubscriberHandles()));
            default -> Optional.empty();
        };
    }

    private static RemoteInput.ParticipantUpdate update(
            List<LivekitModels.ParticipantInfo> participants, String localIdentity) {
        Map<String, RemoteInput.PublisherTracks> byIdentity = new LinkedHashMap<>();
        for (LivekitModels.ParticipantInfo p : participants) {
            if (p.getIdentity().equals(localIdentity)) {
                continue;
            }
            byIdentity.remove(p.getIdentity()); // the last entry counts, in its own position
            byIdentity.put(p.getIdentity(), new RemoteInput.PublisherTracks(
                    p.getIdentity(),
                    tracks(p),
                    p.getSid(),
                    p.getState() == LivekitModels.ParticipantInfo.State.DISCONNECTED));
        }
        return new RemoteInput.ParticipantUpdate(new ArrayList<>(byIdentity.values()));
    }

    private static List<DataTrackInfo> tracks(LivekitModels.ParticipantInfo p) {
        if (p.getState() == LivekitModels.ParticipantInfo.State.DISCONNECTED) {
            return List.of();
        }
        List<DataTrackInfo> tracks = new ArrayList<>(p.getDataTracksCount());
        for (LivekitModels.DataTrackInfo info : p.getDataTracksList()) {
            try {
                tracks.add(DataTrackProto.toDomain(info));
            } catch (ProtocolConversionException e) {
                LOG.debug("skipping a data track of participant {}: {}", p.getIdentity(), e.getMessage());
            }
        }
        return tracks;
    }

    private static RemoteInput.SubscriberHandles handles(LivekitRtc.DataTrackSubscriberHandles message)
            throws ProtocolConversionException {
        Map<Integer, DataTrackSid> handles = new HashMap<>();
        for (Map.Entry<Integer, LivekitRtc.DataTrackSubscriberHandles.PublishedDataTrack> e :
                message.getSubHandlesMap().entrySet()) {
            String what = "data track subscriber handles";
            int handle = DataTrackProto.handle(e.getKey(), what);
            handles.put(handle, DataTrackProto.sid(e.getValue().getTrackSid(), what + " (handle " + handle + ")"));
        }
        return new RemoteInput.SubscriberHandles(handles);
    }

    /**
     * The {@code update_data_subscription} request for {@code update}: exactly one
     * {@code Update{track_sid, subscribe}}. Like the JS and Rust clients, it leaves {@code options}
     * unset (the server applies defaults and ignores them when unsubscribing).
     */
    public static LivekitRtc.SignalRequest request(RemoteOutput.SfuUpdateSubscription update) {
        LivekitRtc.UpdateDataSubscription.Update entry = LivekitRtc.UpdateDataSubscription.Update.newBuilder()
                .setTrackSid(update.sid().value())
                .setSubscribe(update.subscribe())
                .build();
        return LivekitRtc.SignalRequest.newBuilder()
                .setUpdateDataSubscription(LivekitRtc.UpdateDataSubscription.newBuilder().addUpdates(entry))
                .build();
    }
}
