package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.client.RoomEvent;
import io.livekit.datatrack.client.RoomListener;
import io.livekit.datatrack.internal.SerialExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Room listeners, each with its own serial executor so it sees events in order. Thread-safe. */
public final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private record Registration(RoomListener listener, SerialExecutor executor) {}

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();

    public void add(RoomListener listener, Executor executor) {
        registrations.add(new Registration(listener, new SerialExecutor("room-listener", executor)));
    }

    public void remove(RoomListener listener) {
        registrations.removeIf(r -> r.listener == listener);
    }

    public void emit(RoomEvent event) {
        for (Registration r : registrations) {
            r.executor.execute(() -> {
                try {
                    r.listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("room listener failed on {}", event, e);
                }
            });
        }
    }
}
