package io.livekit.datatrack.cli;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.FrameEncoding;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.PushFrameException;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.SchemaEncoding;
import io.livekit.datatrack.SchemaId;
import io.livekit.datatrack.client.LocalParticipant;
import io.livekit.datatrack.client.Room;
import io.livekit.datatrack.client.RoomEvent;
import io.livekit.datatrack.client.RoomOptions;
import io.livekit.datatrack.client.SchemaException;
import io.livekit.datatrack.e2ee.KeyProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code interop-peer}: this project's Java client as a peer of the interop harness
 * ({@code interop/README.md} describes the contract shared with the JS and Rust peers): JSON events
 * and the final report on stdout, logs on stderr.
 */
@Command(name = "interop-peer", hidden = true, description = "Interop harness peer (see interop/README.md).")
final class InteropPeerCommand implements Callable<Integer> {
    @Option(names = "--url", required = true) String url;
    @Option(names = "--token", required = true) String token;
    @Option(names = "--role", required = true) String role;
    @Option(names = "--track", required = true) String track;
    @Option(names = "--frames", defaultValue = "1000") int frames;
    @Option(names = "--size", defaultValue = "1024") int size;
    @Option(names = "--fps", defaultValue = "100") double fps;
    @Option(names = "--e2ee-passphrase") String passphrase;
    @Option(names = "--v0") boolean v0;
    @Option(names = "--publisher") String publisher;
    @Option(names = "--timeout-ms", defaultValue = "120000") long timeoutMs;
    @Option(names = "--buffer-size", defaultValue = "64") int bufferSize;
    // Typed tracks (interop/README.md, "Typed tracks").
    @Option(names = "--frame-encoding") String frameEncoding;
    @Option(names = "--schema-name") String schemaName;
    @Option(names = "--schema-encoding") String schemaEncoding;
    @Option(names = "--define-schema-file") Path defineSchemaFile;
    @Option(names = "--define-schema") String defineSchemaText;
    @Option(names = "--get-schema") boolean getSchema;
    @Option(names = "--get-undefined-schema") String getUndefinedSchema;

    private final List<String> errors = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        RoomOptions.Builder options = RoomOptions.builder().singlePeerConnection(!v0);
        if (passphrase != null) {
            options.encryption(KeyProvider.withSharedPassphrase(passphrase));
        }
        Room room;
        try {
            room = Room.connect(url, token, options.build()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            errors.add("connect: " + e);
            emit(report("publish".equals(role) ? "framesSent" : "framesReceived", 0, Stats.EMPTY, ""));
            return 1;
        }
        try (room) {
            return "publish".equals(role) ? publish(room) : subscribe(room);
        }
    }

    private int publish(Room room) throws Exception {
        DataTrackOptions trackOptions = DataTrackOptions.named(track);
        if (frameEncoding != null) {
            trackOptions = trackOptions.withFrameEncoding(parseFrameEncoding(frameEncoding));
        }
        SchemaId schemaId = null;
        if (schemaName != null || schemaEncoding != null) {
            if (schemaName == null || schemaEncoding == null) {
                throw new IllegalArgumentException("--schema-name and --schema-encoding go together");
            }
            schemaId = SchemaId.of(schemaName, parseSchemaEncoding(schemaEncoding));
            trackOptions = trackOptions.withSchema(schemaId);
        }
        String schemaDefine = "";
        byte[] definition = defineSchemaFile != null ? Files.readAllBytes(defineSchemaFile)
                : defineSchemaText != null ? defineSchemaText.getBytes(StandardCharsets.UTF_8) : null;
        if (definition != null) {
            if (schemaId == null) {
                throw new IllegalArgumentException("--define-schema(-file) needs --schema-name and --schema-encoding");
            }
            long t = System.currentTimeMillis();
            String outcome;
            try {
                room.localParticipant().defineSchema(schemaId, definition).get(15, TimeUnit.SECONDS);
                outcome = ",\"ok\":true";
            } catch (ExecutionException e) {
                outcome = ",\"ok\":false,\"error\":" + schemaError(e.getCause());
                errors.add("defineSchema: " + e.getCause());
            }
            schemaDefine = ",\"schemaDefine\":{\"schema\":" + schemaJson(Optional.of(schemaId)) + digestJson(definition)
                    + ",\"ms\":" + (System.currentTimeMillis() - t) + outcome + "}";
            System.err.println("[java-peer publish] defineSchema " + schemaId + " (" + definition.length + " B): " + outcome);
        }
        LocalDataTrack local;
        try {
            local = room.localParticipant().publishDataTrack(trackOptions).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // The contract: a peer that cannot publish still prints a report with errors, exits 1.
            errors.add("publish: " + e.getCause());
            emit(report("framesSent", 0, Stats.EMPTY, ",\"pushFailed\":0,\"identity\":\""
                    + room.localParticipant().identity() + "\"" + schemaDefine));
            return 1;
        }
        emit("{\"event\":\"published\",\"sdk\":\"java\",\"trackSid\":\"" + local.info().sid() + "\"}");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = stdin.readLine()) != null && !line.trim().equals("start")) {
            // wait for the orchestrator
        }
        long interval = (long) (1_000_000_000L / fps);
        long start = System.nanoTime();
        int sent = 0;
        int pushFailed = 0;
        long maxLag = 0;
        for (int i = 0; i < frames; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            try {
                local.tryPush(DataTrackFrame.wrap(frame(i, size)).withUserTimestampNow());
                sent++;
            } catch (PushFrameException e) {
                pushFailed++;
            }
        }
        long pushDurationMs = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(1000);
        var rs = room.stats();
        emit(report("framesSent", sent, Stats.EMPTY, ",\"pushFailed\":" + pushFailed + ",\"pushDurationMs\":"
                + pushDurationMs + ",\"maxScheduleLagMs\":" + maxLag / 1_000_000
                + ",\"senderFramesDropped\":" + rs.dataTrackFramesDropped()
                + ",\"channelMessagesDropped\":" + rs.channelMessagesDropped() + ",\"identity\":\""
                + room.localParticipant().identity() + "\"" + typedJson(local.info()) + schemaDefine));
        return 0;
    }

    private int subscribe(Room room) throws Exception {
        CompletableFuture<RemoteDataTrack> found = new CompletableFuture<>();
        room.addListener(event -> {
            if (event instanceof RoomEvent.DataTrackPublished p && matches(p.track())) {
                found.complete(p.track());
            }
        });
        for (RemoteDataTrack t : room.remoteDataTracks().get(10, TimeUnit.SECONDS)) {
            if (matches(t)) {
                found.complete(t);
            }
        }
        RemoteDataTrack remote = found.get(timeoutMs, TimeUnit.MILLISECONDS);
        String schemaFetches = "";
        if (getSchema) {
            Optional<SchemaId> id = remote.info().schema();
            if (id.isEmpty()) {
                errors.add("--get-schema: the remote track has no schema id");
                schemaFetches += ",\"schemaFetch\":{\"ok\":false,\"error\":{\"reason\":\"NO_SCHEMA_ID\",\"message\":\"the remote track has no schema id\"}}";
            } else {
                schemaFetches += ",\"schemaFetch\":" + fetchSchema(room.localParticipant(), remote.publisherIdentity(), id.get());
            }
        }
        if (getUndefinedSchema != null) {
            SchemaEncoding enc = remote.info().schema().map(SchemaId::encoding).orElse(SchemaEncoding.PROTOBUF);
            schemaFetches += ",\"undefinedSchemaFetch\":"
                    + fetchSchema(room.localParticipant(), remote.publisherIdentity(), SchemaId.of(getUndefinedSchema, enc));
        }
        DataTrackSubscription subscription = remote.subscribe(
                io.livekit.datatrack.SubscribeOptions.defaults().withBufferSize(bufferSize)).get(15, TimeUnit.SECONDS);
        emit("{\"event\":\"subscribed\",\"sdk\":\"java\",\"trackSid\":\"" + remote.info().sid() + "\"}");
        Stats stats = new Stats(frames);
        long deadline = System.currentTimeMillis() + timeoutMs;
        boolean first = true;
        while (stats.distinct() < frames && System.currentTimeMillis() < deadline) {
            Optional<DataTrackFrame> next = subscription.poll(first ? Duration.ofMillis(deadline - System.currentTimeMillis()) : Duration.ofSeconds(5));
            if (next.isEmpty()) {
                if (subscription.isEnded()) {
                    errors.add("subscription stream ended before all frames arrived");
                }
                if (!first || subscription.isEnded()) {
                    break;
                }
                continue;
            }
            first = false;
            stats.add(next.get(), size);
        }
        subscription.close();
        var t = remote.stats();
        String trackStats = ",\"trackStats\":{\"packetsReceived\":" + t.packetsReceived() + ",\"packetsDropped\":"
                + t.packetsDropped() + ",\"framesInterrupted\":" + t.framesInterrupted() + ",\"framesUnknown\":"
                + t.framesUnknown() + ",\"framesIncomplete\":" + t.framesIncomplete() + ",\"framesUndecryptable\":"
                + t.framesUndecryptable() + ",\"lagged\":" + subscription.framesLagged() + "}";
        emit(report("framesReceived", stats.received, stats, trackStats + ",\"identity\":\""
                + room.localParticipant().identity() + "\",\"publisher\":" + json(remote.publisherIdentity())
                + typedJson(remote.info()) + schemaFetches));
        return 0;
    }

    /** getSchema(owner, id) as the report object {owner, schema, ok, ms, length, sha256, base64 | error}. */
    private static String fetchSchema(LocalParticipant lp, String owner, SchemaId id) throws Exception {
        long t = System.currentTimeMillis();
        StringBuilder b = new StringBuilder("{\"owner\":").append(json(owner)).append(",\"schema\":").append(schemaJson(Optional.of(id)));
        String outcome;
        try {
            byte[] def = lp.getSchema(owner, id).get(15, TimeUnit.SECONDS);
            b.append(",\"ok\":true,\"ms\":").append(System.currentTimeMillis() - t).append(digestJson(def))
                    .append(",\"base64\":\"").append(Base64.getEncoder().encodeToString(def)).append('"');
            outcome = def.length + " B";
        } catch (ExecutionException e) {
            b.append(",\"ok\":false,\"ms\":").append(System.currentTimeMillis() - t).append(",\"error\":").append(schemaError(e.getCause()));
            outcome = String.valueOf(e.getCause());
        }
        System.err.println("[java-peer subscribe] getSchema " + owner + " " + id + ": " + outcome);
        return b.append('}').toString();
    }

    private static String schemaError(Throwable e) {
        String reason = e instanceof SchemaException se ? se.reason().name() : e.getClass().getSimpleName();
        return "{\"reason\":" + json(reason) + ",\"message\":" + json(String.valueOf(e.getMessage())) + "}";
    }

    private static String digestJson(byte[] b) throws Exception {
        return ",\"length\":" + b.length + ",\"sha256\":\""
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)) + "\"";
    }

    /** The track's frame encoding and schema id as report fields (null when absent). */
    private static String typedJson(DataTrackInfo info) {
        return ",\"frameEncoding\":" + info.frameEncoding().map(e -> json(encodingName(e.kind().name(), e.customName()))).orElse("null")
                + ",\"schema\":" + schemaJson(info.schema());
    }

    private static String schemaJson(Optional<SchemaId> id) {
        return id.map(s -> "{\"name\":" + json(s.name()) + ",\"encoding\":"
                + json(encodingName(s.encoding().kind().name(), s.encoding().customName())) + "}").orElse("null");
    }

    /** protobuf, json_schema, custom:NAME, unspecified (OTHER): the flag spelling shared with the Rust peer. */
    private static String encodingName(String kind, String customName) {
        return switch (kind) {
            case "CUSTOM" -> "custom:" + customName;
            case "OTHER" -> "unspecified";
            default -> kind.toLowerCase(Locale.ROOT);
        };
    }

    static FrameEncoding parseFrameEncoding(String v) {
        if (v.startsWith("custom:")) {
            return FrameEncoding.custom(v.substring(7));
        }
        FrameEncoding.Kind k = FrameEncoding.Kind.valueOf(v.toUpperCase(Locale.ROOT));
        if (k == FrameEncoding.Kind.CUSTOM || k == FrameEncoding.Kind.OTHER) {
            throw new IllegalArgumentException("--frame-encoding " + v);
        }
        return new FrameEncoding(k, "");
    }

    static SchemaEncoding parseSchemaEncoding(String v) {
        if (v.startsWith("custom:")) {
            return SchemaEncoding.custom(v.substring(7));
        }
        SchemaEncoding.Kind k = SchemaEncoding.Kind.valueOf(v.toUpperCase(Locale.ROOT));
        if (k == SchemaEncoding.Kind.CUSTOM || k == SchemaEncoding.Kind.OTHER) {
            throw new IllegalArgumentException("--schema-encoding " + v);
        }
        return new SchemaEncoding(k, "");
    }

    /** A JSON string literal. */
    static String json(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private boolean matches(RemoteDataTrack t) {
        return t.info().name().equals(track) && (publisher == null || publisher.equals(t.publisherIdentity()));
    }

    /** Frame i: bytes 0–3 = i big-endian, byte k ≥ 4 = (i·31 + k·7) mod 256 (the harness contract). */
    static byte[] frame(int index, int size) {
        byte[] b = new byte[size];
        for (int k = 0; k < size; k++) {
            b[k] = k < 4 ? (byte) (index >>> (8 * (3 - k))) : (byte) (index * 31 + k * 7);
        }
        return b;
    }

    private String report(String countKey, int count, Stats stats, String extra) {
        StringBuilder b = new StringBuilder("{\"event\":\"report\",\"sdk\":\"java\",\"role\":\"")
                .append("publish".equals(role) ? "publish" : "subscribe").append("\",\"")
                .append(countKey).append("\":").append(count)
                .append(",\"corrupted\":").append(stats.corrupted)
                .append(",\"lost\":").append(stats == Stats.EMPTY ? 0 : frames - stats.distinct())
                .append(",\"outOfOrder\":").append(stats.outOfOrder)
                .append(",\"duplicates\":").append(stats.duplicates)
                .append(",\"userTimestampMissing\":").append(stats.timestampMissing)
                .append(",\"decryptFailed\":0")
                .append(",\"latencyMs\":").append(stats.latencyJson())
                .append(extra)
                .append(",\"errors\":[");
        for (int i = 0; i < errors.size(); i++) {
            b.append(i == 0 ? "" : ",").append('"').append(errors.get(i).replace("\\", "\\\\").replace("\"", "'")).append('"');
        }
        return b.append("]}").toString();
    }

    private static void emit(String json) {
        System.out.println(json);
        System.out.flush();
    }

    /** What a subscriber saw. */
    private static final class Stats {
        static final Stats EMPTY = new Stats(0);
        final BitSet seen;
        final List<Long> latencies = new ArrayList<>();
        int received;
        int corrupted;
        int duplicates;
        int outOfOrder;
        int timestampMissing;
        int lastIndex = -1;

        Stats(int frames) {
            seen = new BitSet(frames);
        }

        int distinct() {
            return seen.cardinality();
        }

        void add(DataTrackFrame f, int size) {
            received++;
            byte[] p = f.toByteArray();
            int index = p.length >= 4 ? ((p[0] & 0xFF) << 24) | ((p[1] & 0xFF) << 16) | ((p[2] & 0xFF) << 8) | (p[3] & 0xFF) : -1;
            if (index < 0 || p.length != size || !java.util.Arrays.equals(p, frame(index, size))) {
                corrupted++;
                return;
            }
            if (seen.get(index)) {
                duplicates++;
                return;
            }
            seen.set(index);
            if (index < lastIndex) {
                outOfOrder++;
            }
            lastIndex = Math.max(lastIndex, index);
            if (f.userTimestamp().isEmpty()) {
                timestampMissing++;
            } else {
                latencies.add(System.currentTimeMillis() - f.userTimestamp().getAsLong());
            }
        }

        String latencyJson() {
            if (latencies.isEmpty()) {
                return "{\"p50\":null,\"p99\":null,\"max\":null}";
            }
            List<Long> sorted = new ArrayList<>(latencies);
            sorted.sort(null);
            return "{\"p50\":" + pct(sorted, 0.50) + ",\"p99\":" + pct(sorted, 0.99) + ",\"max\":" + sorted.get(sorted.size() - 1) + "}";
        }

        private static long pct(List<Long> sorted, double q) {
            int i = (int) Math.ceil(q * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        }
    }
}
