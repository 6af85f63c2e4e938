package io.livekit.datatrack.internal;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exposes a {@link FrameBuffer} as a single-subscriber {@link Flow.Publisher}. Signals are
 * delivered one at a time on a {@link SerialExecutor} over the given executor, never on the
 * producer's thread; demand is honoured (the buffer's drop-oldest rule applies beyond it).
 *
 * @param <T> element type
 */
public final class BufferPublisher<T> implements Flow.Publisher<T> {
    private final FrameBuffer<T> buffer;
    private final SerialExecutor signals;
    private final Runnable onCancel;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    /**
     * @param buffer the source
     * @param executor where subscriber callbacks run (serialised)
     * @param onCancel run once when the subscriber cancels
     */
    public BufferPublisher(FrameBuffer<T> buffer, Executor executor, Runnable onCancel) {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.signals = new SerialExecutor("flow-publisher", executor);
        this.onCancel = Objects.requireNonNull(onCancel, "onCancel");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            signals.execute(() -> {
                subscriber.onSubscribe(new NoopSubscription());
                subscriber.onError(new IllegalStateException("this publisher accepts one subscriber"));
            });
            return;
        }
        Delivery delivery = new Delivery(subscriber);
        signals.execute(() -> subscriber.onSubscribe(delivery));
        buffer.setListener(delivery::schedule);
    }

    private final class Delivery implements Flow.Subscription {
        private final Flow.Subscriber<? super T> subscriber;
        private long demand; // confined to signals
        private boolean done; // confined to signals

        Delivery(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        void schedule() {
            signals.execute(this::drain);
        }

        @Override
        public void request(long n) {
            signals.execute(() -> {
                if (done) {
                    return;
                }
                if (n <= 0) {
                    finish();
                    subscriber.onError(new IllegalArgumentException("request must be positive (§3.9): " + n));
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                drain();
            });
        }

        @Override
        public void cancel() {
            signals.execute(() -> {
                if (!done) {
                    finish();
                    onCancel.run();
                }
            });
        }

        private void drain() {
            while (!done && demand > 0) {
                T item = buffer.poll();
                if (item == null) {
                    break;
                }
                demand--;
                subscriber.onNext(item);
            }
            if (!done && buffer.isDrainedAndEnded()) {
                finish();
                subscriber.onComplete();
            }
        }

        private void finish() {
            done = true;
            buffer.setListener(null);
        }
    }

    private static final class NoopSubscription implements Flow.Subscription {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    }
}
