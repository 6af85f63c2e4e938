package io.livekit.datatrack.sfu.testclient;

import io.livekit.datatrack.sfu.SfuServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Starting the SFU for tests, and small waiting helpers. */
public final class TestSfu {
    private static final AtomicInteger ROOMS = new AtomicInteger();

    private TestSfu() {}

    /** An SFU on 127.0.0.1 with a free port: for signaling-only tests. */
    public static SfuServer loopback() {
        return SfuServer.builder().devMode().port(0).start();
    }

    /** The two addresses of the test network namespace ({@code LDT_NETNS_ADDRESSES}). */
    public static String[] netnsAddresses() {
        String value = System.getenv("LDT_NETNS_ADDRESSES");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("not inside the test network namespace (run as *NetnsTest)");
        }
        return value.split(",");
    }

    /** An SFU bound to and advertising the namespace's first address: for tests with peer connections. */
    public static SfuServer netns() {
        String a = netnsAddresses()[0];
        return SfuServer.builder().devMode().bind(a).port(0).advertise(a).start();
    }

    /** A room name no other test uses. */
    public static String room(String prefix) {
        return prefix + "-" + ROOMS.incrementAndGet();
    }

    /** Waits until {@code condition} holds; fails after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }
}
