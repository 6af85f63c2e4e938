package io.livekit.datatrack.sfu.room;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.rtc.IceCandidate;
import io.livekit.datatrack.token.VideoGrant;
import java.util.Collection;
import java.util.Map;

/** Builds the server's signaling messages from room state. The room layer's proto mapping. */
final class SfuProto {
    /** Reported server version: JS refuses an empty one and gates features on ≥ 1.8.0. */
    static final String SERVER_VERSION = "1.13.5";
    static final int PROTOCOL = 17;
    static final int PING_INTERVAL_SECONDS = 5;
    static final int PING_TIMEOUT_SECONDS = 15;

    private SfuProto() {}

    static LivekitModels.ServerInfo serverInfo(String nodeId) {
        return LivekitModels.ServerInfo.newBuilder()
                .setEdition(LivekitModels.ServerInfo.Edition.Standard)
                .setVersion(SERVER_VERSION)
                .setProtocol(PROTOCOL)
                .setNodeId(nodeId)
                .setDebugInfo("livekit-datatrack-java embedded SFU (data only)")
                .build();
    }

    static LivekitModels.Room room(String sid, String name, long createdMs, int participants, int publishers) {
        return LivekitModels.Room.newBuilder()
                .setSid(sid)
                .setName(name)
                .setCreationTime(createdMs / 1000)
                .setCreationTimeMs(createdMs)
                .setEmptyTimeout(300)
                .setDepartureTimeout(20)
                .setNumParticipants(participants)
                .setNumPublishers(publishers)
                .build();
    }

    static LivekitModels.ParticipantInfo info(Participant p) {
        VideoGrant g = p.claims.video();
        LivekitModels.ParticipantInfo.Builder b = LivekitModels.ParticipantInfo.newBuilder()
                .setSid(p.sid)
                .setIdentity(p.identity)
                .setState(p.state)
                .setName(p.claims.name())
                .setMetadata(p.claims.metadata())
                .putAllAttributes(p.claims.attributes())
                .setJoinedAt(p.joinedAtMs / 1000)
                .setJoinedAtMs(p.joinedAtMs)
                .setVersion(p.version)
                .setIsPublisher(p.isPublisher)
                .setKind(LivekitModels.ParticipantInfo.Kind.STANDARD)
                .setClientProtocol(p.clientInfo.getClientProtocol())
                .addAllCapabilitiesValue(p.clientInfo.getCapabilitiesValueList())
                .setPermission(LivekitModels.ParticipantPermission.newBuilder()
                        .setCanSubscribe(g.canSubscribe())
                        .setCanPublish(g.canPublish())
                        .setCanPublishData(g.canPublishData())
                        .setHidden(g.hidden())
                        .setCanUpdateMetadata(g.canUpdateOwnMetadata()));
        if (p.state != LivekitModels.ParticipantInfo.State.DISCONNECTED) {
            for (PublishedTrack t : p.tracksByHandle.values()) {
                b.addDataTracks(t.info);
            }
        }
        return b.build();
    }

    static LivekitRtc.SignalResponse update(Collection<LivekitModels.ParticipantInfo> infos) {
        return LivekitRtc.SignalResponse.newBuilder()
                .setUpdate(LivekitRtc.ParticipantUpdate.newBuilder().addAllParticipants(infos))
                .build();
    }

    static LivekitRtc.SignalResponse trickle(IceCandidate c, LivekitRtc.SignalTarget target) {
        return LivekitRtc.SignalResponse.newBuilder()
                .setTrickle(LivekitRtc.TrickleRequest.newBuilder().setCandidateInit(c.toJson()).setTarget(target))
                .build();
    }

    static LivekitRtc.SignalResponse answer(String sdp, int id) {
        return LivekitRtc.SignalResponse.newBuilder()
                .setAnswer(LivekitRtc.SessionDescription.newBuilder().setType("answer").setSdp(sdp).setId(id))
                .build();
    }

    static LivekitRtc.SignalResponse offer(String sdp, int id) {
        return LivekitRtc.SignalResponse.newBuilder()
                .setOffer(LivekitRtc.SessionDescription.newBuilder().setType("offer").setSdp(sdp).setId(id))
                .build();
    }

    static LivekitRtc.SignalResponse leave(LivekitModels.DisconnectReason reason, LivekitRtc.LeaveRequest.Action action) {
        return LivekitRtc.SignalResponse.newBuilder()
                .setLeave(LivekitRtc.LeaveRequest.newBuilder()
                        .setReason(reason)
                        .setAction(action)
                        .setCanReconnect(action != LivekitRtc.LeaveRequest.Action.DISCONNECT))
                .build();
    }

    static LivekitRtc.SignalResponse publishFailed(
            LivekitRtc.PublishDataTrackRequest request, LivekitRtc.RequestResponse.Reason reason, String message) {
        return LivekitRtc.SignalResponse.newBuilder()
                .setRequestResponse(LivekitRtc.RequestResponse.newBuilder()
                        .setReason(reason)
                        .setMessage(message)
                        .setPublishDataTrack(request))
                .build();
    }

    static LivekitRtc.SignalResponse unpublishFailed(
            LivekitRtc.UnpublishDataTrackRequest request, LivekitRtc.RequestResponse.Reason reason, String message) {
        return LivekitRtc.SignalResponse.newBuilder()
                .setRequestResponse(LivekitRtc.RequestResponse.newBuilder()
                        .setReason(reason)
                        .setMessage(message)
                        .setUnpublishDataTrack(request))
                .build();
    }

    static LivekitRtc.SignalResponse subscriberHandles(Map<String, DownTrack> subscriptions) {
        LivekitRtc.DataTrackSubscriberHandles.Builder b = LivekitRtc.DataTrackSubscriberHandles.newBuilder();
        for (DownTrack d : subscriptions.values()) {
            b.putSubHandles(d.subHandle, LivekitRtc.DataTrackSubscriberHandles.PublishedDataTrack.newBuilder()
                    .setPublisherIdentity(d.track.owner.identity)
                    .setPublisherSid(d.track.owner.sid)
                    .setTrackSid(d.track.sid())
                    .build());
        }
        return LivekitRtc.SignalResponse.newBuilder().setDataTrackSubscriberHandles(b).build();
    }
}
