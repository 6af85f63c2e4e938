package io.livekit.datatrack.sfu.testclient;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.SignalRequest;

/** Builders for the signaling requests the tests send. */
public final class Requests {
    private Requests() {}

    public static LivekitRtc.PublishDataTrackRequest.Builder publishRequest(int handle, String name) {
        return LivekitRtc.PublishDataTrackRequest.newBuilder()
                .setPubHandle(handle)
                .setName(name)
                .setEncryption(LivekitModels.Encryption.Type.NONE);
    }

    public static SignalRequest publish(LivekitRtc.PublishDataTrackRequest.Builder request) {
        return SignalRequest.newBuilder().setPublishDataTrackRequest(request).build();
    }

    public static SignalRequest publish(int handle, String name) {
        return publish(publishRequest(handle, name));
    }

    public static SignalRequest unpublish(int handle) {
        return SignalRequest.newBuilder()
                .setUnpublishDataTrackRequest(LivekitRtc.UnpublishDataTrackRequest.newBuilder().setPubHandle(handle))
                .build();
    }

    public static SignalRequest subscribe(String trackSid, boolean subscribe) {
        return SignalRequest.newBuilder()
                .setUpdateDataSubscription(LivekitRtc.UpdateDataSubscription.newBuilder()
                        .addUpdates(LivekitRtc.UpdateDataSubscription.Update.newBuilder()
                                .setTrackSid(trackSid)
                                .setSubscribe(subscribe)))
                .build();
    }

    public static SignalRequest subscribe(String trackSid) {
        return subscribe(trackSid, true);
    }

    public static SignalRequest unsubscribe(String trackSid) {
        return subscribe(trackSid, false);
    }
}
