package io.livekit.datatrack.sfu.http;

import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.sfu.signal.JoinIntent;
import io.livekit.datatrack.sfu.signal.SignalConnection;
import io.livekit.datatrack.sfu.signal.SignalHandler;
import io.livekit.datatrack.sfu.signal.SignalListener;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A room layer stand-in: records joins, requests and closes; sends a JoinResponse on join. */
final class FakeSignalHandler implements SignalHandler {

    final BlockingQueue<Joined> joins = new LinkedBlockingQueue<>();
    volatile Consumer<Joined> onJoin = j -> j.connection.send(LivekitRtc.SignalResponse.newBuilder()
            .setJoin(LivekitRtc.JoinResponse.getDefaultInstance())
            .build());

    @Override
    public SignalListener onJoin(JoinIntent intent, SignalConnection connection) {
        Joined joined = new Joined(intent, connection);
        joins.add(joined);
        onJoin.accept(joined);
        return joined.listener;
    }

    Joined awaitJoin() throws InterruptedException {
        Joined j = joins.poll(10, TimeUnit.SECONDS);
        if (j == null) {
            throw new AssertionError("no join within 10 s");
        }
        return j;
    }

    static final class Joined {
        final JoinIntent intent;
        final SignalConnection connection;
        final Recording listener = new Recording();

        Joined(JoinIntent intent, SignalConnection connection) {
            this.intent = intent;
            this.connection = connection;
        }
    }

    /** Records what arrives and checks the listener contract (one call at a time, onClose once). */
    static final class Recording implements SignalListener {
        final BlockingQueue<LivekitRtc.SignalRequest> requests = new LinkedBlockingQueue<>();
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicBoolean violation = new AtomicBoolean();
        private final AtomicInteger inFlight = new AtomicInteger();
        volatile Consumer<LivekitRtc.SignalRequest> onRequest = r -> {};

        @Override
        public void onRequest(LivekitRtc.SignalRequest request) {
            if (inFlight.incrementAndGet() != 1 || closes.get() > 0) {
                violation.set(true);
            }
            try {
                requests.add(request);
                onRequest.accept(request);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void onClose() {
            if (inFlight.incrementAndGet() != 1) {
                violation.set(true);
            }
            closes.incrementAndGet();
            inFlight.decrementAndGet();
            closed.countDown();
        }

        boolean awaitClose() throws InterruptedException {
            return closed.await(10, TimeUnit.SECONDS);
        }
    }
}
