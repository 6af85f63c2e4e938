package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.rtc.IceCandidate;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offer/answer and trickle for the room session's peer transports: the publisher's offers (the
 * v1 first one travels in the join request) and their answers, the answer to a v0 subscriber's
 * offer, remote candidates, and local candidates held until the description is sent and the
 * signal is up. Confined to the room session's actor; the negotiation state it keeps lives in
 * each {@link PeerTransport}.
 */
final class PeerNegotiation {
    private static final Logger LOG = LoggerFactory.getLogger(PeerNegotiation.class);

    private final String name;
    private final Executor actor;
    private final PeerTransports peers;
    private final SignalLink signal;
    private final BooleanSupplier sessionClosed;
    private final Runnable answered;

    /**
     * @param name the room session's name, for logs
     * @param actor the room session's actor, where every completion is handled
     * @param sessionClosed true once the session is closed (late completions are then dropped)
     * @param answered runs when the publisher's latest offer has its answer applied
     */
    PeerNegotiation(
            String name,
            Executor actor,
            PeerTransports peers,
            SignalLink signal,
            BooleanSupplier sessionClosed,
            Runnable answered) {
        this.name = name;
        this.actor = actor;
        this.peers = peers;
        this.signal = signal;
        this.sessionClosed = sessionClosed;
        this.answered = answered;
    }

    /**
     * v1: creates the publisher's first offer (id 1), for the join request. {@code then} gets the
     * offer or the error on the actor, unless the publisher was replaced or the session closed.
     */
    void offerForJoin(PeerTransport pub, BiConsumer<LivekitRtc.SessionDescription, Throwable> then) {
        pub.holdCandidates = true;
        pub.offerId = 1;
        pub.awaitingAnswer = true;
        // As livekit-client: the offer is applied only with the answer, so gathering uses the
        // ICE servers of the join response.
        pub.pc.createDeferredOffer().whenComplete((sdp, error) -> actor.execute(() -> {
            if (pub != peers.publisher() || sessionClosed.getAsBoolean()) {
                return;
            }
            if (error != null) {
                then.accept(null, error);
                return;
            }
            then.accept(LivekitRtc.SessionDescription.newBuilder()
                    .setType("offer")
                    .setSdp(sdp)
                    .setId(pub.offerId)
                    .build(), null);
        }));
    }

    /** Sends a new offer of the publisher (with an ICE restart after a resume). */
    void negotiatePublisher(boolean iceRestart) {
        PeerTransport pub = peers.publisher();
        pub.holdCandidates = true;
        pub.awaitingAnswer = true;
        int id = ++pub.offerId;
        pub.pc.createOffer(iceRestart).whenComplete((sdp, error) -> actor.execute(() -> {
            if (pub != peers.publisher() || sessionClosed.getAsBoolean()) {
                return;
            }
            if (error != null) {
                LOG.warn("{}: cannot create an offer: {}", name, error.toString());
                return;
            }
            signal.send(LivekitRtc.SignalRequest.newBuilder()
                    .setOffer(LivekitRtc.SessionDescription.newBuilder().setType("offer").setSdp(sdp).setId(id))
                    .build());
            flushCandidates(pub);
        }));
    }

    void onAnswer(LivekitRtc.SessionDescription answer) {
        PeerTransport pub = peers.publisher();
        if (pub == null) {
            return;
        }
        if (answer.getId() != 0 && answer.getId() != pub.offerId) {
            LOG.debug("{}: ignoring answer {} (latest offer {})", name, answer.getId(), pub.offerId);
            return;
        }
        pub.pc.applyAnswer(answer.getSdp()).whenComplete((v, error) -> actor.execute(() -> {
            if (pub != peers.publisher()) {
                return;
            }
            if (error != null) {
                LOG.warn("{}: cannot apply the answer: {}", name, error.toString());
                return;
            }
            pub.awaitingAnswer = false;
            answered.run();
        }));
    }

    /** A server offer: answered for a v0 subscriber, ignored otherwise. */
    void onOffer(LivekitRtc.SessionDescription offer, boolean v1) {
        PeerTransport sub = peers.subscriber();
        if (v1 || sub == null) {
            LOG.debug("{}: ignoring a server offer", name);
            return;
        }
        sub.holdCandidates = true;
        sub.pc.answer(offer.getSdp()).whenComplete((sdp, error) -> actor.execute(() -> {
            if (sub != peers.subscriber() || sessionClosed.getAsBoolean()) {
                return;
            }
            if (error != null) {
                LOG.warn("{}: cannot answer the subscriber offer: {}", name, error.toString());
                return;
            }
            signal.send(LivekitRtc.SignalRequest.newBuilder()
                    .setAnswer(LivekitRtc.SessionDescription.newBuilder()
                            .setType("answer")
                            .setSdp(sdp)
                            .setId(offer.getId()))
                    .build());
            flushCandidates(sub);
        }));
    }

    void onTrickle(LivekitRtc.TrickleRequest trickle, boolean v1) {
        IceCandidate candidate;
        try {
            candidate = IceCandidate.fromJson(trickle.getCandidateInit());
        } catch (IllegalArgumentException e) {
            LOG.debug("{}: bad trickle dropped: {}", name, e.getMessage());
            return;
        }
        PeerTransport target = !v1 && trickle.getTarget() == LivekitRtc.SignalTarget.SUBSCRIBER
                ? peers.subscriber()
                : peers.publisher();
        if (target != null) {
            target.pc.addRemoteCandidate(candidate);
        }
    }

    /** A local candidate of {@code t} (null before its transport existed): trickled now or held. */
    void onLocalCandidate(PeerTransport t, IceCandidate candidate) {
        if (!peers.isCurrent(t) || sessionClosed.getAsBoolean()) {
            return;
        }
        if (t.holdCandidates || !signal.isUp()) {
            t.heldCandidates.add(candidate);
            return;
        }
        sendTrickle(t, candidate);
    }

    /** Stops holding {@code t}'s candidates and, if the signal is up, trickles the held ones. */
    void flushCandidates(PeerTransport t) {
        t.holdCandidates = false;
        if (!signal.isUp()) {
            return;
        }
        for (IceCandidate c : t.heldCandidates) {
            sendTrickle(t, c);
        }
        t.heldCandidates.clear();
    }

    private void sendTrickle(PeerTransport t, IceCandidate c) {
        signal.send(LivekitRtc.SignalRequest.newBuilder()
                .setTrickle(LivekitRtc.TrickleRequest.newBuilder()
                        .setCandidateInit(c.toJson())
                        .setTarget(t.subscriber ? LivekitRtc.SignalTarget.SUBSCRIBER : LivekitRtc.SignalTarget.PUBLISHER))
                .build());
    }
}
