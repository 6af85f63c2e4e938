package io.livekit.datatrack.rtc;

/** What a {@link DataChannel} does with a message when the channel's send buffer is full. */
public enum SendPolicy {
    /** Keep the message queued and send it when the buffer drains (reliable channels). */
    QUEUE,
    /** Drop the message and count it (lossy and data-track channels): never build up latency. */
    DROP
}
