package io.livekit.datatrack.internal;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded buffer that never blocks its producer: when full, {@link #offer} drops the oldest
 * element and counts it. Consumers can block, wait with a timeout or poll. After {@link #end()},
 * offers are ignored and consumers drain what is left, then see the end.
 *
 * <p>Uses {@link ReentrantLock} rather than {@code synchronized} so a waiting virtual thread does
 * not pin its carrier on Java 21–23.
 *
 * @param <T> element type
 */
public final class FrameBuffer<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<T> items;
    private final int capacity;
    private long dropped;
    private boolean ended;
    private Runnable listener;

    /** A buffer holding at most {@code capacity} (≥ 1) elements. */
    public FrameBuffer(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.items = new ArrayDeque<>(this.capacity);
    }

    /**
     * Adds {@code item}, dropping the oldest element if full.
     *
     * @return false if the buffer has ended (the item is ignored)
     */
    public boolean offer(T item) {
        Runnable notify;
        lock.lock();
        try {
            if (ended) {
                return false;
            }
            if (items.size() >= capacity) {
                items.pollFirst();
                dropped++;
            }
            items.addLast(item);
            notEmpty.signal();
            notify = listener;
        } finally {
            lock.unlock();
        }
        if (notify != null) {
            notify.run();
        }
        return true;
    }

    /** Ends the stream; waiting consumers wake up. Idempotent. */
    public void end() {
        Runnable notify;
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            notEmpty.signalAll();
            notify = listener;
        } finally {
            lock.unlock();
        }
        if (notify != null) {
            notify.run();
        }
    }

    /** Waits for an element; null once ended and empty. */
    public T take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty() && !ended) {
                notEmpty.await();
            }
            return items.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to the timeout for an element; null on timeout or once ended and empty. */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (items.isEmpty() && !ended) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return items.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest element without waiting, or null. */
    public T poll() {
        lock.lock();
        try {
            return items.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** True once ended and drained. */
    public boolean isDrainedAndEnded() {
        lock.lock();
        try {
            return ended && items.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** True once {@link #end()} was called. */
    public boolean isEnded() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** Elements dropped because the buffer was full. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Elements waiting. */
    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets a callback run (outside the lock, on the producer's thread) after every offer and at the
     * end; used to drive a {@link java.util.concurrent.Flow.Subscriber}. Must not block.
     */
    public void setListener(Runnable onChange) {
        lock.lock();
        try {
            this.listener = onChange;
        } finally {
            lock.unlock();
        }
    }
}
