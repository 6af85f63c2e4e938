package io.livekit.datatrack.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.client.ConnectException;
import io.livekit.datatrack.client.DisconnectReason;
import io.livekit.datatrack.client.signal.SignalHandshakeException;
import io.livekit.datatrack.protocol.LivekitModels;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Signal connect errors as connect failures, leave reasons as disconnect reasons. */
class FailureReasonsTest {

    @Test
    void onlyAPlain404MeansNoV1() {
        assertThat(FailureReasons.lacksV1(new SignalHandshakeException(404, "page not found"))).isTrue();
        assertThat(FailureReasons.lacksV1(new SignalHandshakeException(404, "requested room does not exist"))).isFalse();
        assertThat(FailureReasons.lacksV1(new SignalHandshakeException(401, ""))).isFalse();
        assertThat(FailureReasons.lacksV1(new IOException("refused"))).isFalse();
    }

    @Test
    void signalConnectErrors() {
        assertThat(FailureReasons.ofSignalConnect(new SignalHandshakeException(401, "")).reason())
                .isEqualTo(ConnectException.Reason.NOT_ALLOWED);
        assertThat(FailureReasons.ofSignalConnect(new SignalHandshakeException(403, "")).reason())
                .isEqualTo(ConnectException.Reason.NOT_ALLOWED);
        assertThat(FailureReasons.ofSignalConnect(new SignalHandshakeException(404, "requested room does not exist")).reason())
                .isEqualTo(ConnectException.Reason.ROOM_NOT_FOUND);
        assertThat(FailureReasons.ofSignalConnect(new SignalHandshakeException(500, "")).reason())
                .isEqualTo(ConnectException.Reason.SERVER_ERROR);
        assertThat(FailureReasons.ofSignalConnect(new IOException("refused")).reason())
                .isEqualTo(ConnectException.Reason.SERVER_UNREACHABLE);
    }

    @Test
    void leaveReasons() {
        assertThat(FailureReasons.ofLeave(LivekitModels.DisconnectReason.DUPLICATE_IDENTITY))
                .isEqualTo(DisconnectReason.DUPLICATE_IDENTITY);
        assertThat(FailureReasons.ofLeave(LivekitModels.DisconnectReason.ROOM_CLOSED))
                .isEqualTo(DisconnectReason.ROOM_CLOSED);
        assertThat(FailureReasons.ofLeave(LivekitModels.DisconnectReason.UNKNOWN_REASON))
                .isEqualTo(DisconnectReason.UNKNOWN);
    }
}
