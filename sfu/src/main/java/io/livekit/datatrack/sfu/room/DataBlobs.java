package io.livekit.datatrack.sfu.room;

import com.google.protobuf.ByteString;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.RequestResponse.Reason;
import java.util.HashMap;
import java.util.Map;

/**
 * The room's data blob store, used by typed data tracks for their schema definitions: a
 * participant stores blobs under keys ({@code generic} or a schema id), anyone in the room fetches
 * them by the owner's identity and the key. Blobs belong to the identity, so they survive the
 * owner's reconnects, and disappear with the room. Confined to the room's actor.
 */
final class DataBlobs {
    /** Largest blob accepted (the protocol's limit of about 50 KB). */
    static final int MAX_CONTENTS = 50_000;
    /** Blobs one identity may keep. */
    static final int MAX_BLOBS_PER_IDENTITY = 256;

    private final Map<String, Map<ByteString, LivekitModels.DataBlob>> byOwner = new HashMap<>();

    void store(Participant p, LivekitRtc.StoreDataBlobRequest r) {
        if (!p.claims.video().canPublishData()) {
            p.send(error(r.getRequestId(), Reason.NOT_ALLOWED, "does not have permission to publish data"));
            return;
        }
        LivekitModels.DataBlob blob = r.getBlob();
        if (!r.hasBlob() || !validKey(blob.getKey())) {
            p.send(error(r.getRequestId(), Reason.INVALID_REQUEST, "blob key missing or empty"));
            return;
        }
        if (blob.getContents().isEmpty()) { // as livekit-server
            p.send(error(r.getRequestId(), Reason.INVALID_REQUEST, "data blob is empty"));
            return;
        }
        if (blob.getContents().size() > MAX_CONTENTS) {
            p.send(error(r.getRequestId(), Reason.LIMIT_EXCEEDED, "blob larger than " + MAX_CONTENTS + " bytes"));
            return;
        }
        Map<ByteString, LivekitModels.DataBlob> blobs = byOwner.computeIfAbsent(p.identity, k -> new HashMap<>());
        ByteString key = blob.getKey().toByteString();
        if (!blobs.containsKey(key) && blobs.size() >= MAX_BLOBS_PER_IDENTITY) {
            p.send(error(r.getRequestId(), Reason.LIMIT_EXCEEDED, "too many blobs"));
            return;
        }
        blobs.put(key, blob);
        p.send(LivekitRtc.SignalResponse.newBuilder()
                .setStoreDataBlobResponse(LivekitRtc.StoreDataBlobResponse.newBuilder()
                        .setRequestId(r.getRequestId())
                        .setKey(blob.getKey()))
                .build());
    }

    void get(Participant p, LivekitRtc.GetDataBlobRequest r) {
        Map<ByteString, LivekitModels.DataBlob> blobs = byOwner.get(r.getParticipantIdentity());
        LivekitModels.DataBlob blob = blobs == null ? null : blobs.get(r.getKey().toByteString());
        if (blob == null) {
            p.send(error(r.getRequestId(), Reason.NOT_FOUND, "data blob not found"));
            return;
        }
        p.send(LivekitRtc.SignalResponse.newBuilder()
                .setGetDataBlobResponse(LivekitRtc.GetDataBlobResponse.newBuilder()
                        .setRequestId(r.getRequestId())
                        .setBlob(blob))
                .build());
    }

    private static boolean validKey(LivekitModels.DataBlobKey key) {
        return switch (key.getKeyCase()) {
            case GENERIC -> !key.getGeneric().isEmpty();
            case SCHEMA_ID -> !key.getSchemaId().getName().isEmpty();
            default -> false;
        };
    }

    private static LivekitRtc.SignalResponse error(int requestId, Reason reason, String message) {
        return LivekitRtc.SignalResponse.newBuilder()
                .setRequestResponse(LivekitRtc.RequestResponse.newBuilder()
                        .setRequestId(requestId)
                        .setReason(reason)
                        .setMessage(message))
                .build();
    }
}
