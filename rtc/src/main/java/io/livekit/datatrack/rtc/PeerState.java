package io.livekit.datatrack.rtc;

/** Connection state of a peer connection (the standard {@code RTCPeerConnectionState}). */
public enum PeerState {
    /** Created, nothing negotiated yet. */
    NEW,
    /** ICE/DTLS in progress. */
    CONNECTING,
    /** Transport up. */
    CONNECTED,
    /** Transport lost for now; may recover. */
    DISCONNECTED,
    /** Transport failed; an ICE restart is needed. */
    FAILED,
    /** Closed locally. */
    CLOSED
}
