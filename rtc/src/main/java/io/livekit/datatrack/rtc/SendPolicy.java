package io.livekit.datatrack.rtc;

/** How a {@link DataChannel} sends, and what it does with a message when its send buffer is full. */
public enum SendPolicy {
    /** Keep the message queued and send it when the buffer drains (reliable channels). */
    QUEUE,
    /** Drop the message and count it (lossy and data-track channels): never build up latency. */
    DROP,
    /**
     * No queue: {@link DataChannel#send} writes the message on the caller's thread, blocking for
     * the native send (tens to hundreds of microseconds, more under load), and never drops for a
     * full buffer. For a caller that paces itself on {@link DataChannel#pendingBytes()} from its
     * own thread, such as a LiveKit client's data-track sender: it saves a thread hand-off per
     * message and makes the pending bytes it reads exact.
     */
    DIRECT
}
