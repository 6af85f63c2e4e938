package io.livekit.datatrack.client.internal;

import io.livekit.datatrack.SchemaId;
import io.livekit.datatrack.client.SchemaException;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Schema definitions stored on the server as data blobs, and fetched from it. Confined to the
 * room's actor: every method runs there, timeouts come back through {@code actorExecutor}.
 *
 * <p>Requests carry ids 1, 2, … and are matched to their answers by id; each gets
 * {@link #TIMEOUT} (5 s, as in the Rust SDK). Definitions this participant stored are remembered so
 * they can be stored again after a full reconnect: servers keep blobs with the participant session
 * (livekit-server drops them with it), and subscribers fetch schemas by identity at any time.
 */
final class SchemaRequests {
    /** How long a request may wait for its answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Largest definition sent; livekit-server's default limit for all of a participant's blobs is 64000 bytes. */
    static final int MAX_DEFINITION_BYTES = 64_000;
    /** Longest schema name (protocol convention). */
    static final int MAX_NAME_CHARS = 256;

    private final Consumer<LivekitRtc.SignalRequest> send;
    private final ScheduledExecutorService scheduler;
    private final Executor actorExecutor;
    private final Executor userExecutor;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Map<SchemaId, byte[]> defined = new LinkedHashMap<>();
    private int nextId = 1;

    private record Pending(
            CompletableFuture<byte[]> result, boolean store, LivekitRtc.SignalRequest request, ScheduledFuture<?> timer) {}

    SchemaRequests(
            Consumer<LivekitRtc.SignalRequest> send,
            ScheduledExecutorService scheduler,
            Executor actorExecutor,
            Executor userExecutor) {
        this.send = send;
        this.scheduler = scheduler;
        this.actorExecutor = actorExecutor;
        this.userExecutor = userExecutor;
    }

    /** Checks arguments on the caller's thread, before anything is queued. */
    static void validate(SchemaId id, byte[] definition) {
        if (id.name().isEmpty() || id.name().length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("schema name must have 1.." + MAX_NAME_CHARS + " characters");
        }
        if (definition != null && (definition.length == 0 || definition.length > MAX_DEFINITION_BYTES)) {
            throw new IllegalArgumentException(
                    "schema definition must have 1.." + MAX_DEFINITION_BYTES + " bytes, not " + definition.length);
        }
    }

    /** Stores {@code definition} under {@code id}; completes when the server confirmed. */
    void define(SchemaId id, byte[] definition, CompletableFuture<Void> result) {
        CompletableFuture<byte[]> r = request(true, requestId -> DataBlobProto.store(requestId, id, definition));
        r.whenComplete((ok, error) -> {
            if (error == null) {
                defined.put(id, definition); // on the actor: answers and timeouts are handled there
            }
            deliver(result, null, error);
        });
    }

    /** Fetches the definition {@code owner} stored under {@code id}. */
    void get(String owner, SchemaId id, CompletableFuture<byte[]> result) {
        request(false, requestId -> DataBlobProto.get(requestId, owner, id))
                .whenComplete((bytes, error) -> deliver(result, bytes, error));
    }

    /**
     * After a full reconnect (a new server session): sends the requests still waiting again, and
     * stores every remembered definition again. Failures of the latter go to {@code onFailure}.
     */
    void onNewSession(Consumer<String> onFailure) {
        for (Pending p : pending.values()) {
            send.accept(p.request());
        }
        for (Map.Entry<SchemaId, byte[]> e : Map.copyOf(defined).entrySet()) {
            request(true, requestId -> DataBlobProto.store(requestId, e.getKey(), e.getValue()))
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            onFailure.accept(e.getKey().name() + ": " + error.getMessage());
                        }
                    });
        }
    }

    /** Consumes {@code message} if it answers one of our requests. */
    boolean onMessage(LivekitRtc.SignalResponse message) {
        Optional<DataBlobProto.Answer> a = DataBlobProto.answer(message);
        if (a.isEmpty()) {
            return false;
        }
        Pending p = pending.remove(a.get().requestId());
        if (p == null) {
            return message.getMessageCase() != LivekitRtc.SignalResponse.MessageCase.REQUEST_RESPONSE;
        }
        p.timer().cancel(false);
        if (a.get().failure() != null) {
            p.result().completeExceptionally(a.get().failure());
        } else if (!p.store() && a.get().contents() == null) {
            p.result().completeExceptionally(
                    new SchemaException(SchemaException.Reason.INTERNAL, "server answered without the blob"));
        } else {
            p.result().complete(a.get().contents());
        }
        return true;
    }

    /** Fails everything still waiting (room closed). */
    void failAll(String why) {
        for (Pending p : pending.values()) {
            p.timer().cancel(false);
            p.result().completeExceptionally(new SchemaException(SchemaException.Reason.DISCONNECTED, why));
        }
        pending.clear();
    }

    private CompletableFuture<byte[]> request(boolean store, IntFunction<LivekitRtc.SignalRequest> build) {
        int requestId = nextId;
        nextId = nextId == Integer.MAX_VALUE ? 1 : nextId + 1;
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        ScheduledFuture<?> timer = scheduler.schedule(
                () -> actorExecutor.execute(() -> onTimeout(requestId)), TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        LivekitRtc.SignalRequest request = build.apply(requestId);
        pending.put(requestId, new Pending(f, store, request, timer));
        send.accept(request);
        return f;
    }

    private void onTimeout(int requestId) {
        Pending p = pending.remove(requestId);
        if (p != null) {
            p.result().completeExceptionally(new SchemaException(SchemaException.Reason.TIMEOUT,
                    "no answer to the data blob request within " + TIMEOUT.toSeconds() + " s"));
        }
    }

    /** Completes a caller's future on the worker executor, never on the actor. */
    private <T> void deliver(CompletableFuture<T> f, T value, Throwable error) {
        userExecutor.execute(() -> {
            if (error == null) {
                f.complete(value);
            } else {
                f.completeExceptionally(error);
            }
        });
    }
}
