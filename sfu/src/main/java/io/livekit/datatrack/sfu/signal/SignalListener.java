package io.livekit.datatrack.sfu.signal;

import io.livekit.datatrack.protocol.LivekitRtc;

/**
 * Receives what arrives on one signaling connection. Called from the connection's read thread,
 * one call at a time and in order; implementations hand work off and return quickly.
 */
public interface SignalListener {

    /** A well-formed {@code SignalRequest} arrived. */
    void onRequest(LivekitRtc.SignalRequest request);

    /** The connection closed (either side, or an undecodable message). Called exactly once. */
    void onClose();
}
