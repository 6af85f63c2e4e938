package io.livekit.datatrack.client;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records a room's events for tests. */
final class Events implements RoomListener {
    final BlockingQueue<RoomEvent> queue = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(RoomEvent event) {
        queue.add(event);
    }

    /** The first event of {@code type} matching {@code filter}, skipping others; fails after {@code timeout}. */
    <T extends RoomEvent> T await(Class<T> type, Predicate<T> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            RoomEvent e = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + timeout);
            }
            if (type.isInstance(e) && filter.test(type.cast(e))) {
                return type.cast(e);
            }
        }
    }

    <T extends RoomEvent> T await(Class<T> type, Duration timeout) throws InterruptedException {
        return await(type, x -> true, timeout);
    }
}
