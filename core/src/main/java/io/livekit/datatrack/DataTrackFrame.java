package io.livekit.datatrack;

import io.livekit.datatrack.internal.FrameAccess;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One frame of a data track: an opaque payload and an optional user timestamp. Immutable and
 * thread-safe.
 *
 * <p>The user timestamp is an unsigned 64-bit value sent in clear beside the payload; by
 * convention it is UNIX time in milliseconds ({@link #withUserTimestampNow()}), which lets a
 * receiver compute end-to-end latency with {@link #durationSinceUserTimestamp()}. A timestamp of 0
 * that is set explicitly is sent.
 *
 * <p>{@link #of(byte[])} copies the payload; {@link #wrap(byte[])} does not and is for callers that
 * hand the array over for good.
 */
public final class DataTrackFrame {
    static {
        // Lets the publish pipeline read the payload without a copy; it never modifies it.
        FrameAccess.install(frame -> frame.payload);
    }

    private final byte[] payload;
    private final boolean hasUserTimestamp;
    private final long userTimestamp;

    private DataTrackFrame(byte[] payload, boolean hasUserTimestamp, long userTimestamp) {
        this.payload = payload;
        this.hasUserTimestamp = hasUserTimestamp;
        this.userTimestamp = userTimestamp;
    }

    /** A frame with a copy of {@code payload} and no user timestamp. */
    public static DataTrackFrame of(byte[] payload) {
        return new DataTrackFrame(payload.clone(), false, 0);
    }

    /**
     * A frame that takes {@code payload} over without copying. The caller must not modify the array
     * afterwards.
     */
    public static DataTrackFrame wrap(byte[] payload) {
        return new DataTrackFrame(Objects.requireNonNull(payload, "payload"), false, 0);
    }

    /** A copy of this frame with the given user timestamp (unsigned 64-bit). */
    public DataTrackFrame withUserTimestamp(long timestamp) {
        return new DataTrackFrame(payload, true, timestamp);
    }

    /** A copy of this frame stamped with the current UNIX time in milliseconds. */
    public DataTrackFrame withUserTimestampNow() {
        return withUserTimestamp(System.currentTimeMillis());
    }

    /** A copy of this frame stamped with {@code clock}'s time in milliseconds. */
    public DataTrackFrame withUserTimestampNow(Clock clock) {
        return withUserTimestamp(clock.millis());
    }

    /** A copy of this frame without a user timestamp. */
    public DataTrackFrame withoutUserTimestamp() {
        return new DataTrackFrame(payload, false, 0);
    }

    /** A read-only view of the payload. */
    public ByteBuffer payload() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /** A copy of the payload. */
    public byte[] toByteArray() {
        return payload.clone();
    }

    /** Payload length in bytes. */
    public int size() {
        return payload.length;
    }

    /** The user timestamp, if the frame has one. */
    public OptionalLong userTimestamp() {
        return hasUserTimestamp ? OptionalLong.of(userTimestamp) : OptionalLong.empty();
    }

    /**
     * Time elapsed since the user timestamp, read as UNIX milliseconds, if the frame has one and it
     * is not in the future.
     */
    public Optional<Duration> durationSinceUserTimestamp() {
        return durationSinceUserTimestamp(Clock.systemUTC());
    }

    /** As {@link #durationSinceUserTimestamp()}, measured with {@code clock}. */
    public Optional<Duration> durationSinceUserTimestamp(Clock clock) {
        if (!hasUserTimestamp) {
            return Optional.empty();
        }
        long elapsed = clock.millis() - userTimestamp;
        return userTimestamp < 0 || elapsed < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(elapsed));
    }


    @Override
    public boolean equals(Object o) {
        return o instanceof DataTrackFrame other
                && hasUserTimestamp == other.hasUserTimestamp
                && userTimestamp == other.userTimestamp
                && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(payload) + Long.hashCode(userTimestamp);
    }

    @Override
    public String toString() {
        return "DataTrackFrame[size=" + payload.length + ", userTimestamp="
                + (hasUserTimestamp ? Long.toUnsignedString(userTimestamp) : "none") + "]";
    }
}
