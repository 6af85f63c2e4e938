package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.rtc.IceServer;
import java.util.ArrayList;
import java.util.List;

/** Reads the ICE configuration a server hands out in its join and reconnect responses. */
final class IceConfigProto {
    private IceConfigProto() {}

    /** The STUN/TURN servers; entries without URLs are skipped. */
    static List<IceServer> servers(List<LivekitRtc.ICEServer> servers) {
        List<IceServer> out = new ArrayList<>();
        for (LivekitRtc.ICEServer s : servers) {
            if (s.getUrlsCount() > 0) {
                out.add(new IceServer(s.getUrlsList(), s.getUsername(), s.getCredential()));
            }
        }
        return out;
    }

    /** Whether the server asks for relay-only ICE ({@code client_configuration.force_relay = ENABLED}). */
    static boolean forcesRelay(LivekitModels.ClientConfiguration configuration) {
        return configuration.getForceRelay() == LivekitModels.ClientConfigSetting.ENABLED;
    }
}
