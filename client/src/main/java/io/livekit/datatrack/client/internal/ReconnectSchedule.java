package io.livekit.datatrack.client.internal;

/**
 * Which reconnect attempt comes next and after what delay: resumes first, then full reconnects,
 * each kind with its attempt counter and delays, and an epoch that tells the current attempt's
 * timers from stale ones. Confined to the room session's actor.
 */
final class ReconnectSchedule {
    static final int MAX_RESUME_ATTEMPTS = 3;
    static final int MAX_FULL_RECONNECT_ATTEMPTS = 5;
    static final long[] RESUME_DELAYS_MS = {0, 300, 1200};
    static final long[] FULL_RECONNECT_DELAYS_MS = {0, 1000, 2000, 4000, 7000};

    /**
     * One planned attempt.
     *
     * @param number 1 for the first attempt of its kind
     * @param escalated the resumes ran out: this is the first full reconnect
     */
    record Attempt(boolean full, int number, long delayMs, int epoch, boolean escalated) {}

    private boolean fullReconnectInProgress;
    private int reconnectAttempt;
    private int attemptEpoch;

    /** A reconnect of the given kind begins: attempts count from the first. */
    void begin(boolean full) {
        reconnectAttempt = 0;
        fullReconnectInProgress = full;
    }

    /** Switches to full reconnects, counted from the first; false if they were in progress already. */
    boolean escalate() {
        if (fullReconnectInProgress) {
            return false;
        }
        fullReconnectInProgress = true;
        reconnectAttempt = 0;
        return true;
    }

    boolean fullInProgress() {
        return fullReconnectInProgress;
    }

    /**
     * Plans the next attempt (switching to full reconnects when the resumes have run out) and
     * starts a new epoch.
     *
     * @return the attempt, or null when the full reconnects have run out too
     */
    Attempt next() {
        int attempt = reconnectAttempt++;
        boolean escalated = false;
        if (!fullReconnectInProgress && attempt >= MAX_RESUME_ATTEMPTS) {
            fullReconnectInProgress = true;
            reconnectAttempt = 1;
            attempt = 0;
            escalated = true;
        }
        if (fullReconnectInProgress && attempt >= MAX_FULL_RECONNECT_ATTEMPTS) {
            return null;
        }
        long delay = fullReconnectInProgress ? FULL_RECONNECT_DELAYS_MS[attempt] : RESUME_DELAYS_MS[attempt];
        return new Attempt(fullReconnectInProgress, attempt + 1, delay, ++attemptEpoch, escalated);
    }

    /** True if {@code epoch} is the latest attempt's (its timers still count). */
    boolean isCurrent(int epoch) {
        return epoch == attemptEpoch;
    }

    /** The reconnect succeeded. @return whether it was a full reconnect */
    boolean finish() {
        boolean full = fullReconnectInProgress;
        fullReconnectInProgress = false;
        return full;
    }
}
