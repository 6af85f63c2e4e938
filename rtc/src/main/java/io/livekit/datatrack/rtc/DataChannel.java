package io.livekit.datatrack.rtc;

/**
 * A WebRTC data channel with a non-blocking send. Messages are queued and written by a sender
 * task off the caller's thread (webrtc-java's own {@code send} blocks); the channel's buffered
 * amount is polled (webrtc-java never reports it) and the {@link SendPolicy} decides what happens
 * when it is high. The exception is {@link SendPolicy#DIRECT}, chosen by callers that pace
 * themselves: {@code send} then writes on the caller's thread. Thread-safe.
 */
public interface DataChannel {

    /** The label (LiveKit identifies channels by label: {@code _reliable}, {@code _lossy}, {@code _data_track}). */
    String label();

    /** True while the channel is open. */
    boolean isOpen();

    /** The policy applied when the buffer is full. */
    SendPolicy policy();

    /**
     * Queues one binary message. Never blocks (but see {@link SendPolicy#DIRECT}).
     *
     * @return false if the message was refused at once (channel closed, queue limit reached, or
     *     larger than {@link #MAX_MESSAGE_SIZE}); it is then counted as dropped
     */
    default boolean send(byte[] message) {
        return send(message, null);
    }

    /**
     * Queues one binary message and tells {@code outcome} what became of it: exactly one of
     * {@link SendOutcome#sent()} or {@link SendOutcome#dropped()}, once, on whichever thread
     * decides it (the caller's, for a message refused at once; the sender's, for a message
     * written, dropped by the {@link SendPolicy} or discarded at close). Never blocks (but see {@link SendPolicy#DIRECT}).
     *
     * @param outcome told the fate of the message; null if the caller needs only the return value
     * @return false if the message was refused at once (as {@link #send(byte[])})
     */
    boolean send(byte[] message, SendOutcome outcome);

    /** The latest buffered amount read from the channel (bytes). */
    long bufferedAmount();

    /**
     * Bytes accepted by {@link #send} that have not left yet: this channel's own queue plus the
     * native buffered amount, <em>read now</em> (a native call of tens of microseconds; do not call
     * it on latency-critical threads). For callers that pace their own sends, such as a LiveKit
     * client's data-track sender, which must stop within a frame while more than 8 KiB wait.
     * Implementations that cannot read the native value return {@link #bufferedAmount()}.
     */
    default long pendingBytes() {
        return bufferedAmount();
    }

    /** Messages handed to the channel so far. */
    long messagesSent();

    /** Messages dropped so far (policy DROP, refused sends, or closed channel). */
    long messagesDropped();

    /**
     * Sets the receiver. Messages are delivered on a WebRTC thread, in order; the listener must
     * copy nothing (the array is its own) and must not block.
     */
    void setListener(Listener listener);

    /** Closes the channel; idempotent. */
    void close();

    /** Largest message accepted: bigger ones silently close a libwebrtc channel. */
    int MAX_MESSAGE_SIZE = 256 * 1024;

    /** What became of a message given to {@link #send(byte[], SendOutcome)}; must not block. */
    interface SendOutcome {
        /** The message was handed to the native channel. */
        void sent();

        /** The message was dropped (refused, over the send policy's threshold, or discarded at close). */
        void dropped();
    }

    /** Receives a channel's events. */
    interface Listener {
        /** A message arrived ({@code binary} false for text messages). */
        void onMessage(DataChannel channel, byte[] data, boolean binary);

        /** The channel opened. */
        default void onOpen(DataChannel channel) {}

        /** The channel closed. */
        default void onClose(DataChannel channel) {}
    }
}
