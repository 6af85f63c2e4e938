package io.livekit.datatrack.backend.remote;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.SubscriptionStats;
import io.livekit.datatrack.internal.BufferPublisher;
import io.livekit.datatrack.internal.FrameBuffer;
import io.livekit.datatrack.internal.LatencyHistogram;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One local subscriber: a drop-oldest {@link FrameBuffer} filled by the track's pipeline and read
 * by the application.
 */
final class RemoteSubscription implements DataTrackSubscription {
    private final RemoteTrack track;
    private final FrameBuffer<DataTrackFrame> buffer;
    private final Flow.Publisher<DataTrackFrame> publisher;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<RemoteSubscription> onClose;
    private final LongSupplier wallClockMillis;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LongAdder framesReceived = new LongAdder();

    RemoteSubscription(
            RemoteTrack track,
            int bufferSize,
            Executor executor,
            LongSupplier wallClockMillis,
            Consumer<RemoteSubscription> onClose) {
        this.track = track;
        this.wallClockMillis = wallClockMillis;
        this.buffer = new FrameBuffer<>(bufferSize);
        this.onClose = onClose;
        this.publisher = new BufferPublisher<>(buffer, executor, this::close);
    }

    /** Pipeline side: never blocks. */
    void deliver(DataTrackFrame frame) {
        if (buffer.offer(frame)) {
            framesReceived.increment();
            OptionalLong sent = frame.userTimestamp();
            if (sent.isPresent()) {
                latency.record(wallClockMillis.getAsLong() - sent.getAsLong());
            }
        }
    }

    /** Ends the stream without telling the manager (it is the one ending it). */
    void end() {
        closed.set(true);
        buffer.end();
    }

    @Override
    public RemoteDataTrack track() {
        return track;
    }

    @Override
    public Optional<DataTrackFrame> receive() throws InterruptedException {
        return Optional.ofNullable(buffer.take());
    }

    @Override
    public Optional<DataTrackFrame> poll(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(buffer.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public Optional<DataTrackFrame> tryReceive() {
        return Optional.ofNullable(buffer.poll());
    }

    @Override
    public boolean isEnded() {
        return buffer.isDrainedAndEnded();
    }

    @Override
    public long framesLagged() {
        return buffer.dropped();
    }

    @Override
    public SubscriptionStats stats() {
        return new SubscriptionStats(
                framesReceived.sum(),
                buffer.dropped(),
                latency.count(),
                latency.percentile(50),
                latency.percentile(99),
                latency.max());
    }

    @Override
    public Flow.Publisher<DataTrackFrame> asPublisher() {
        return publisher;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            buffer.end();
            onClose.accept(this);
        }
    }

    @Override
    public String toString() {
        return "DataTrackSubscription[" + track.info().sid() + ", lagged=" + buffer.dropped() + "]";
    }
}
