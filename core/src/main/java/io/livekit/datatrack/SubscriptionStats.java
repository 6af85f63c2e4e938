package io.livekit.datatrack;

/**
 * What one {@link DataTrackSubscription} has seen. Latency is measured for frames that carry a
 * user timestamp (by convention UNIX milliseconds, see {@link DataTrackFrame#withUserTimestampNow()}):
 * wall-clock time when the frame was handed to this subscription minus the timestamp, so it
 * includes the publisher's queueing, the network, the SFU and reassembly, and is only as good as
 * the two clocks' agreement. Percentiles are exact below 128 ms and within 6.25 % above.
 *
 * @param framesReceived complete frames handed to this subscription
 * @param framesLagged frames dropped because the application read too slowly (the oldest ones)
 * @param framesTimed frames with a user timestamp, the basis of the latency figures
 * @param latencyP50Millis median latency, 0 if {@code framesTimed} is 0
 * @param latencyP99Millis 99th percentile latency, 0 if {@code framesTimed} is 0
 * @param latencyMaxMillis largest latency, 0 if {@code framesTimed} is 0
 */
public record SubscriptionStats(
        long framesReceived,
        long framesLagged,
        long framesTimed,
        long latencyP50Millis,
        long latencyP99Millis,
        long latencyMaxMillis) {}
