package io.livekit.datatrack.internal;

/**
 * A frame the depacketizer gave up on.
 *
 * @param reason why
 * @param frameNumber the frame that was lost
 * @param newFrameNumber for {@link Reason#INTERRUPTED}: the frame whose arrival evicted it; else -1
 * @param received for {@link Reason#INCOMPLETE}: payloads held at the final packet; else 0
 * @param expected for {@link Reason#INCOMPLETE}: packets the frame spans (mod 65536); else 0
 */
public record DepacketizerDrop(Reason reason, int frameNumber, int newFrameNumber, int received, int expected) {

    /** The four ways a partial frame is lost. */
    public enum Reason {
        /** Evicted because a newer frame needed the slot ({@code maxPartialFrames} reached). */
        INTERRUPTED,
        /** An inter or final packet for a frame whose start packet was never seen (or was evicted). */
        UNKNOWN_FRAME,
        /** The frame grew past 128 packets. */
        BUFFER_FULL,
        /** The final packet arrived while a packet of the frame was still missing. */
        INCOMPLETE
    }

    static DepacketizerDrop interrupted(int frameNumber, int newFrameNumber) {
        return new DepacketizerDrop(Reason.INTERRUPTED, frameNumber, newFrameNumber, 0, 0);
    }

    static DepacketizerDrop of(Reason reason, int frameNumber) {
        return new DepacketizerDrop(reason, frameNumber, -1, 0, 0);
    }
}
