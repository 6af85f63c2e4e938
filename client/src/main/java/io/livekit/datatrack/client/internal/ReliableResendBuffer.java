package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.rtc.DataChannel;
import java.util.ArrayDeque;

/**
 * The recent reliable data packets this participant sent, kept so a resume can re-send what the
 * server did not get (bounded by count and bytes). Confined to the room session's actor.
 */
final class ReliableResendBuffer {
    /** Reliable packets kept for re-sending after a resume. */
    static final int MAX_RESEND_PACKETS = 1024;
    static final long MAX_RESEND_BYTES = 4L * 1024 * 1024;

    private record SentPacket(long seq, byte[] message) {}

    private final ArrayDeque<SentPacket> sent = new ArrayDeque<>();
    private long sentBytes;
    private long resendAfter;

    /** Keeps recent reliable packets so a resume can re-send what the server did not get. */
    void remember(long seq, byte[] message) {
        sent.addLast(new SentPacket(seq, message));
        sentBytes += message.length;
        while (sent.size() > MAX_RESEND_PACKETS || sentBytes > MAX_RESEND_BYTES) {
            sentBytes -= sent.pollFirst().message().length;
        }
    }

    /** A resume's reconnect response: the server's {@code last_message_seq}. */
    void resendAfter(long lastMessageSeq) {
        resendAfter = lastMessageSeq;
    }

    /** The sequence set by {@link #resendAfter(long)}. */
    long resendAfter() {
        return resendAfter;
    }

    /**
     * After a resume: re-sends the reliable packets after the server's {@code last_message_seq} on
     * {@code channel} (none if it is null or not open) and forgets the ones the server has.
     *
     * @return how many packets were re-sent
     */
    int resend(DataChannel channel) {
        int resent = 0;
        for (SentPacket p : sent) {
            if (p.seq() > resendAfter && channel != null && channel.isOpen()) {
                channel.send(p.message());
                resent++;
            }
        }
        sent.removeIf(p -> p.seq() <= resendAfter);
        sentBytes = sent.stream().mapToLong(p -> p.message().length).sum();
        return resent;
    }

    /** A new session: the server knows none of them. */
    void clear() {
        sent.clear();
        sentBytes = 0;
    }
}
