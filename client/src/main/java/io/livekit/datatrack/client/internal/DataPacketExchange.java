package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.client.RoomEvent;
import io.livekit.datatrack.rtc.DataChannel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's ordinary data packets ({@code _reliable} / {@code _lossy}) in both directions:
 * the reliable sequence, the reliable packets kept for a resend after a resume, duplicate
 * suppression on receipt, and the counters. Confined to the room session's actor, except the
 * counters, which any thread may read.
 */
final class DataPacketExchange {
    private static final Logger LOG = LoggerFactory.getLogger(DataPacketExchange.class);

    private final String name;
    private final AtomicLong reliableSequence = new AtomicLong();
    private final ReliableResendBuffer resendBuffer = new ReliableResendBuffer();
    private final DataPackets dataPackets = new DataPackets();
    private final LongAdder dataPacketsSent = new LongAdder();
    private final LongAdder dataPacketsReceived = new LongAdder();
    private final LongAdder dataPacketsDuplicate = new LongAdder();

    /** @param name the room session's name, for logs */
    DataPacketExchange(String name) {
        this.name = name;
    }

    /**
     * Numbers a packet (reliable ones from 1, lossy ones 0) and sends it on {@code channel} (open);
     * {@code done} fails if it is too large or the channel refuses it.
     *
     * @param encode the packet with the given sequence
     */
    void send(DataChannel channel, boolean reliable, LongFunction<byte[]> encode, CompletableFuture<Void> done) {
        long seq = reliable ? reliableSequence.incrementAndGet() : 0;
        byte[] message = encode.apply(seq);
        if (message.length > DataPackets.MAX_PACKET_SIZE) {
            if (reliable) {
                reliableSequence.decrementAndGet();
            }
            done.completeExceptionally(new IllegalArgumentException(
                    "data packet of " + message.length + " bytes exceeds " + DataPackets.MAX_PACKET_SIZE));
            return;
        }
        if (reliable) {
            resendBuffer.remember(seq, message);
        }
        if (channel.send(message)) {
            dataPacketsSent.increment();
            done.complete(null);
        } else {
            done.completeExceptionally(new IllegalStateException("data channel refused the packet"));
        }
    }

    /** A received packet as an event; empty for duplicates, other packet kinds and garbage. */
    Optional<RoomEvent.DataReceived> receive(byte[] data, boolean reliable) {
        var event = dataPackets.decode(data, reliable);
        if (event.isPresent()) {
            dataPacketsReceived.increment();
        } else if (reliable) {
            dataPacketsDuplicate.increment(); // (or a non-user packet; both are ignored)
        }
        return event;
    }

    /** Forgets a sender (it left). */
    void forget(String participantSid) {
        dataPackets.forget(participantSid);
    }

    /** A resume's reconnect response: the server's {@code last_message_seq}. */
    void resendAfter(long lastMessageSeq) {
        resendBuffer.resendAfter(lastMessageSeq);
    }

    /** After a resume: re-sends the reliable packets after the server's {@code last_message_seq}. */
    void resend(DataChannel reliableChannel) {
        int resent = resendBuffer.resend(reliableChannel);
        if (resent > 0) {
            LOG.debug("{}: re-sent {} reliable packets after sequence {}", name, resent, resendBuffer.resendAfter());
        }
    }

    /** A new session (full reconnect): the server knows none of the packets sent. */
    void forgetSent() {
        resendBuffer.clear();
    }

    long sent() {
        return dataPacketsSent.sum();
    }

    long received() {
        return dataPacketsReceived.sum();
    }

    long duplicates() {
        return dataPacketsDuplicate.sum();
    }
}
