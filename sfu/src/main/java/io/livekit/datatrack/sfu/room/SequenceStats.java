package io.livekit.datatrack.sfu.room;

/**
 * Per-track forwarding statistics from 16-bit packet sequence numbers, as LiveKit's server keeps
 * them: a difference of 0 is a duplicate, more than 32768 is out of order, otherwise in order with
 * {@code diff − 1} packets lost. Updated from one thread at a time (the publisher's receive
 * thread); read racily for reports.
 */
final class SequenceStats {
    private volatile long packets;
    private volatile long bytes;
    private volatile long frames;
    private volatile long lost;
    private volatile long outOfOrder;
    private volatile long duplicates;
    private int lastSequence = -1;

    void onPacket(int sequence, int length, boolean lastOfFrame) {
        packets++;
        bytes += length;
        if (lastOfFrame) {
            frames++;
        }
        if (lastSequence >= 0) {
            int diff = (sequence - lastSequence) & 0xFFFF;
            if (diff == 0) {
                duplicates++;
                return;
            }
            if (diff > 0x8000) {
                outOfOrder++;
                return;
            }
            lost += diff - 1;
        }
        lastSequence = sequence;
    }

    long packets() {
        return packets;
    }

    long bytes() {
        return bytes;
    }

    long frames() {
        return frames;
    }

    long lost() {
        return lost;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    long duplicates() {
        return duplicates;
    }

    @Override
    public String toString() {
        return "packets=" + packets + " frames=" + frames + " bytes=" + bytes + " lost=" + lost
                + " outOfOrder=" + outOfOrder + " duplicates=" + duplicates;
    }
}
