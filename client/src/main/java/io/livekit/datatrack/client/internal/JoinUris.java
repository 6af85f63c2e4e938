package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.client.signal.SignalUrls;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.net.URI;

/**
 * The signal URIs that open a session: a join (v1 carries the publisher's offer in its
 * {@code JoinRequest}) and a resume of the participant's session. Stateless.
 */
final class JoinUris {
    private JoinUris() {}

    /** A v1 join ({@code /rtc/v1}): the JoinRequest carries the publisher's offer. */
    static URI v1Join(String url, LivekitRtc.SessionDescription publisherOffer) {
        LivekitRtc.JoinRequest join = LivekitRtc.JoinRequest.newBuilder()
                .setClientInfo(SignalUrls.clientInfo())
                .setConnectionSettings(SignalUrls.connectionSettings())
                .setPublisherOffer(publisherOffer)
                .build();
        return SignalUrls.signalUri(url, true, SignalUrls.v1Query(join));
    }

    /** A v0 join ({@code /rtc}, two peer connections). */
    static URI v0Join(String url) {
        return SignalUrls.signalUri(url, false, SignalUrls.v0Query(null));
    }

    /** A resume of the session of {@code participantSid}, over v1 or v0. */
    static URI resume(String url, boolean v1, String participantSid) {
        if (v1) {
            LivekitRtc.JoinRequest join = LivekitRtc.JoinRequest.newBuilder()
                    .setClientInfo(SignalUrls.clientInfo())
                    .setConnectionSettings(SignalUrls.connectionSettings())
                    .setReconnect(true)
                    .setParticipantSid(participantSid)
                    .build();
            return SignalUrls.signalUri(url, true, SignalUrls.v1Query(join));
        }
        return SignalUrls.signalUri(url, false, SignalUrls.v0Query(participantSid));
    }
}
