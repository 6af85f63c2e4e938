package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.backend.ProtocolConversionException;
import io.livekit.datatrack.backend.local.LocalInput;
import io.livekit.datatrack.backend.local.LocalProto;
import io.livekit.datatrack.backend.remote.RemoteInput;
import io.livekit.datatrack.backend.remote.RemoteProto;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the data-track part of server messages into the managers: publish-side responses to the
 * local manager, participant lists and subscriber handle maps to the remote manager. Malformed
 * data-track content is logged and dropped.
 */
public final class SignalRouting {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRouting.class);

    private SignalRouting() {}

    /** @return true if the message was routed to one of the managers */
    public static boolean route(
            LivekitRtc.SignalResponse message,
            String localIdentity,
            Consumer<LocalInput> local,
            Consumer<RemoteInput> remote) {
        try {
            Optional<LocalInput> l = LocalProto.input(message);
            if (l.isPresent()) {
                local.accept(l.get());
                return true;
            }
        } catch (ProtocolConversionException e) {
            LOG.debug("dropping malformed {}: {}", message.getMessageCase(), e.getMessage());
            return false;
        }
        try {
            Optional<RemoteInput> r = RemoteProto.input(message, localIdentity);
            if (r.isPresent()) {
                remote.accept(r.get());
                return true;
            }
        } catch (ProtocolConversionException e) {
            LOG.debug("dropping malformed {}: {}", message.getMessageCase(), e.getMessage());
        }
        return false;
    }
}
