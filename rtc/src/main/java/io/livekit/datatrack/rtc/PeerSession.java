package io.livekit.datatrack.rtc;

import java.util.concurrent.CompletableFuture;

/**
 * One WebRTC peer connection. All operations are asynchronous and run, in call order, on the
 * engine's single WebRTC control thread; remote candidates are held until a remote description is
 * set. Events reach the {@link Listener} in order on the session's own serial executor.
 */
public interface PeerSession extends AutoCloseable {

    /**
     * Applies a remote offer and answers it. Media sections are answered inactive (data only).
     *
     * @return the answer SDP
     */
    CompletableFuture<String> answer(String offerSdp);

    /** Creates an offer (optionally an ICE restart) and sets it as the local description. */
    CompletableFuture<String> createOffer(boolean iceRestart);

    /**
     * Creates an offer but applies it as the local description only when its answer arrives
     * ({@link #applyAnswer}), so ICE gathering starts after ICE servers learnt meanwhile are set
     * ({@link #setIceServers}). For an offer sent before the server's configuration is known (the
     * LiveKit v1 join request).
     */
    CompletableFuture<String> createDeferredOffer();

    /** Applies the remote answer to our offer (first applying a deferred offer as the local description). */
    CompletableFuture<Void> applyAnswer(String answerSdp);

    /** Adds a remote candidate (held until a remote description is set). */
    void addRemoteCandidate(IceCandidate candidate);

    /** Creates an in-band data channel (policy {@code QUEUE} if reliable, else {@code DROP}). */
    CompletableFuture<DataChannel> createDataChannel(String label, boolean ordered, int maxRetransmits);

    /**
     * Creates an in-band data channel with an explicit send policy, for callers that pace sends
     * themselves (e.g. {@link SendPolicy#DIRECT} on an unreliable channel, gated by the caller on
     * {@link DataChannel#pendingBytes()}, so that the channel never drops part of a frame).
     * Implementations that cannot choose ignore {@code policy}.
     */
    default CompletableFuture<DataChannel> createDataChannel(
            String label, boolean ordered, int maxRetransmits, SendPolicy policy) {
        return createDataChannel(label, ordered, maxRetransmits);
    }

    /**
     * Replaces the ICE servers (STUN/TURN) and the transport policy; takes effect for candidates
     * gathered from now on (e.g. at the next ICE restart, or right away before gathering ends).
     *
     * @param relayOnly gather relay (TURN) candidates only
     */
    void setIceServers(java.util.List<IceServer> servers, boolean relayOnly);

    /** The current connection state. */
    PeerState state();

    /** Closes the peer connection and its channels; idempotent. */
    @Override
    void close();

    /** Receives a peer's events. */
    interface Listener {
        /** A local ICE candidate to send to the remote peer. */
        void onLocalCandidate(IceCandidate candidate);

        /** The connection state changed. */
        void onStateChange(PeerState state);

        /**
         * The remote peer opened a data channel. Messages that arrive before its listener is set
         * are held (up to a bound) and delivered when it is.
         */
        default void onDataChannel(DataChannel channel) {}
    }
}
