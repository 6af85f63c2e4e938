package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.client.signal.SignalConnection;
import io.livekit.datatrack.client.signal.SignalTransport;
import io.livekit.datatrack.client.signal.SignalUrls;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room session's signal connection: opening one (each open is a new generation; messages that
 * arrive before the connection object are kept and handled in order), what it waits for, the
 * first-message timer, sending and closing. Confined to the room session's actor.
 */
final class SignalLink {
    private static final Logger LOG = LoggerFactory.getLogger(SignalLink.class);

    static final Duration FIRST_MESSAGE_TIMEOUT = Duration.ofSeconds(5);

    /** What the current signal connection is waiting for. */
    enum Phase { NONE, AWAIT_JOIN, AWAIT_RECONNECT, UP }

    /** What the link reports to the room session; every method is called on the actor. */
    interface Events {
        /** A message of the current connection. */
        void message(byte[] message);

        /** The current open failed; {@code error} is unwrapped from {@link CompletionException}s. */
        void connectFailed(Throwable error);

        /** The connection opened as {@code generation} closed (it may no longer be the current one). */
        void lost(int generation, String why);

        /** The current connection has not had its join or reconnect response in time. */
        void firstMessageTimeout();

        /** True once the session is closed: a connection that completes then is closed at once. */
        boolean sessionClosed();
    }

    private final String name;
    private final SignalTransport transport;
    private final ScheduledExecutorService scheduler;
    private final Executor actor;
    private final SignalKeepalive keepalive;
    private final Events events;
    private final List<byte[]> earlyMessages = new ArrayList<>();
    private SignalConnection signal;
    private Phase phase = Phase.NONE;
    private int signalGeneration;
    private ScheduledFuture<?> phaseTimer;

    /**
     * @param name the room session's name, for logs
     * @param actor the room session's actor, where every callback runs
     * @param keepalive told when a connection opens (the server was heard from)
     */
    SignalLink(
            String name,
            SignalTransport transport,
            ScheduledExecutorService scheduler,
            Executor actor,
            SignalKeepalive keepalive,
            Events events) {
        this.name = name;
        this.transport = transport;
        this.scheduler = scheduler;
        this.actor = actor;
        this.keepalive = keepalive;
        this.events = events;
    }

    /** Opens a connection (a new generation) that waits for {@code awaiting}. */
    void open(URI uri, String token, Phase awaiting) {
        int generation = ++signalGeneration;
        phase = awaiting;
        earlyMessages.clear();
        SignalConnection.Listener listener = new SignalConnection.Listener() {
            @Override
            public void onMessage(byte[] message) {
                actor.execute(() -> {
                    if (generation != signalGeneration) {
                        return;
                    }
                    if (signal == null) {
                        earlyMessages.add(message);
                    } else {
                        events.message(message);
                    }
                });
            }

            @Override
            public void onClosed(Throwable error) {
                actor.execute(() -> events.lost(generation, error == null ? "closed by server" : error.toString()));
            }
        };
        LOG.debug("{}: connecting to {}", name, uri.getRawPath());
        transport.connect(uri, SignalUrls.authHeaders(token), listener).whenComplete((conn, error) -> actor.execute(() -> {
            if (generation != signalGeneration || events.sessionClosed()) {
                if (conn != null) {
                    conn.close();
                }
                return;
            }
            if (error != null) {
                events.connectFailed(unwrap(error));
                return;
            }
            signal = conn;
            keepalive.heard();
            cancel(phaseTimer);
            phaseTimer = scheduler.schedule(
                    () -> actor.execute(() -> onFirstMessageTimeout(generation)),
                    FIRST_MESSAGE_TIMEOUT.toNanos(),
                    TimeUnit.NANOSECONDS);
            // Messages that arrived before the connection object: handle them now, in order.
            List<byte[]> early = new ArrayList<>(earlyMessages);
            earlyMessages.clear();
            for (byte[] m : early) {
                if (generation == signalGeneration) {
                    events.message(m);
                }
            }
        }));
    }

    private void onFirstMessageTimeout(int generation) {
        if (generation != signalGeneration || (phase != Phase.AWAIT_JOIN && phase != Phase.AWAIT_RECONNECT)) {
            return;
        }
        events.firstMessageTimeout();
    }

    /** The join or reconnect response arrived: stops the first-message timer. */
    void up() {
        cancel(phaseTimer);
        phase = Phase.UP;
    }

    Phase phase() {
        return phase;
    }

    /** True if there is a connection and it is up (not awaiting a join or reconnect response). */
    boolean isUp() {
        return signal != null && phase == Phase.UP;
    }

    /** The current generation; each open and each close starts a new one. */
    int generation() {
        return signalGeneration;
    }

    /** Sends on the connection, if there is one. */
    void send(LivekitRtc.SignalRequest request) {
        SignalConnection s = signal;
        if (s != null) {
            s.send(request.toByteArray());
        }
    }

    /** Closes the connection without starting a new generation, as if the network dropped it. */
    void dropConnection() {
        if (signal != null) {
            signal.close();
        }
    }

    /** Closes the connection (if any) and starts a new generation: its late events are ignored. */
    void close() {
        signalGeneration++;
        phase = Phase.NONE;
        cancel(phaseTimer);
        if (signal != null) {
            signal.close();
            signal = null;
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
