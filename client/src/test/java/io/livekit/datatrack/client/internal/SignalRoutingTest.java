package io.livekit.datatrack.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.PublishException;
import io.livekit.datatrack.backend.local.LocalInput;
import io.livekit.datatrack.backend.remote.RemoteInput;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalRoutingTest {
    private final List<LocalInput> local = new ArrayList<>();
    private final List<RemoteInput> remote = new ArrayList<>();

    private boolean route(LivekitRtc.SignalResponse m) {
        return SignalRouting.route(m, "me", local::add, remote::add);
    }

    private static LivekitModels.DataTrackInfo info(int handle, String sid, String name) {
        return LivekitModels.DataTrackInfo.newBuilder().setPubHandle(handle).setSid(sid).setName(name).build();
    }

    @Test
    void publishResponsesGoToTheLocalManager() {
        assertThat(route(LivekitRtc.SignalResponse.newBuilder()
                .setPublishDataTrackResponse(LivekitRtc.PublishDataTrackResponse.newBuilder()
                        .setInfo(info(3, "DTR_abcdefghijkl", "a")))
                .build())).isTrue();
        assertThat(route(LivekitRtc.SignalResponse.newBuilder()
                .setRequestResponse(LivekitRtc.RequestResponse.newBuilder()
                        .setReason(LivekitRtc.RequestResponse.Reason.NOT_ALLOWED)
                        .setPublishDataTrack(LivekitRtc.PublishDataTrackRequest.newBuilder().setPubHandle(4).setName("b")))
                .build())).isTrue();
        assertThat(local).hasSize(2);
        assertThat(local.get(0)).isInstanceOf(LocalInput.SfuPublishResponse.class);
        assertThat(((LocalInput.SfuPublishFailed) local.get(1)).reason()).isEqualTo(PublishException.Reason.NOT_ALLOWED);
        assertThat(((LocalInput.SfuPublishFailed) local.get(1)).handle()).isEqualTo(4);
        assertThat(remote).isEmpty();
    }

    @Test
    void participantListsAndHandlesGoToTheRemoteManagerWithoutTheLocalParticipant() {
        LivekitRtc.SignalResponse update = LivekitRtc.SignalResponse.newBuilder()
                .setUpdate(LivekitRtc.ParticipantUpdate.newBuilder()
                        .addParticipants(LivekitModels.ParticipantInfo.newBuilder()
                                .setIdentity("me").setSid("PA_me").addDataTracks(info(1, "DTR_mineminemine", "x")))
                        .addParticipants(LivekitModels.ParticipantInfo.newBuilder()
                                .setIdentity("other").setSid("PA_other").addDataTracks(info(1, "DTR_othertrack01", "y"))))
                .build();
        assertThat(route(update)).isTrue();
        RemoteInput.ParticipantUpdate u = (RemoteInput.ParticipantUpdate) remote.get(0);
        assertThat(u.publishers()).hasSize(1);
        assertThat(u.publishers().get(0).identity()).isEqualTo("other");
        assertThat(route(LivekitRtc.SignalResponse.newBuilder()
                .setDataTrackSubscriberHandles(LivekitRtc.DataTrackSubscriberHandles.newBuilder()
                        .putSubHandles(9, LivekitRtc.DataTrackSubscriberHandles.PublishedDataTrack.newBuilder()
                                .setTrackSid("DTR_othertrack01").build()))
                .build())).isTrue();
        assertThat(((RemoteInput.SubscriberHandles) remote.get(1)).handles()).containsKey(9);
        assertThat(local).isEmpty();
    }

    @Test
    void malformedAndUnrelatedMessagesAreDropped() {
        assertThat(route(LivekitRtc.SignalResponse.newBuilder()
                .setPublishDataTrackResponse(LivekitRtc.PublishDataTrackResponse.getDefaultInstance())
                .build())).isFalse();
        assertThat(route(LivekitRtc.SignalResponse.newBuilder()
                .setDataTrackSubscriberHandles(LivekitRtc.DataTrackSubscriberHandles.newBuilder()
                        .putSubHandles(0, LivekitRtc.DataTrackSubscriberHandles.PublishedDataTrack.newBuilder()
                                .setTrackSid("DTR_othertrack01").build()))
                .build())).isFalse();
        assertThat(route(LivekitRtc.SignalResponse.newBuilder().setPong(5).build())).isFalse();
        assertThat(local).isEmpty();
        assertThat(remote).isEmpty();
    }
}
