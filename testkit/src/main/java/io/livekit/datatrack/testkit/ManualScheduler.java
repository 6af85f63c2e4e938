package io.livekit.datatrack.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic executor and scheduler for tests: nothing runs until the test calls
 * {@link #runPending()} or {@link #advance(Duration)}, and time is virtual ({@link #nanoTime()}).
 * Everything runs on the test's thread, so actor tests need no sleeps and no locks.
 *
 * <p>Periodic scheduling is not supported (the library does not use it).
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timed<?>> timers =
            new PriorityQueue<>(Comparator.<Timed<?>>comparingLong(t -> t.due).thenComparingLong(t -> t.seq));
    private long now = 1_000_000_000L;
    private long seq;
    private boolean shutdown;

    /** Virtual time in nanoseconds (starts at 1 s). */
    public long nanoTime() {
        return now;
    }

    @Override
    public void execute(Runnable command) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("scheduler shut down");
        }
        ready.add(command);
    }

    /** Runs queued tasks, including tasks they queue, until none is left; returns how many ran. */
    public int runPending() {
        int n = 0;
        Runnable r;
        while ((r = ready.poll()) != null) {
            r.run();
            n++;
        }
        return n;
    }

    /** Moves virtual time forward, running due timers in order and all ready tasks between them. */
    public void advance(Duration duration) {
        long target = now + duration.toNanos();
        runPending();
        while (!timers.isEmpty() && timers.peek().due <= target) {
            Timed<?> t = timers.poll();
            now = Math.max(now, t.due);
            if (!t.isCancelled()) {
                t.run();
            }
            runPending();
        }
        now = target;
    }

    /** Number of timers not yet fired or cancelled. */
    public int pendingTimers() {
        return (int) timers.stream().filter(t -> !t.isCancelled()).count();
    }

    /** Number of ready tasks. */
    public int pendingTasks() {
        return ready.size();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Timed<V> t = new Timed<>(callable, now + unit.toNanos(Math.max(0, delay)), seq++);
        timers.add(t);
        return t;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks are not supported");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks are not supported");
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(ready);
        ready.clear();
        timers.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && ready.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Timed<V> extends FutureTask<V> implements ScheduledFuture<V> {
        final long due;
        final long seq;

        Timed(Callable<V> callable, long due, long seq) {
            super(callable);
            this.due = due;
            this.seq = seq;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
