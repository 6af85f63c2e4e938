package io.livekit.datatrack.client.internal;

import com.google.protobuf.ByteString;
import io.livekit.datatrack.SchemaId;
import io.livekit.datatrack.backend.DataTrackProto;
import io.livekit.datatrack.client.SchemaException;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import java.util.Optional;

/**
 * Maps schema definitions to the data-blob signaling messages and back: {@code
 * store_data_blob_request} (22) / {@code get_data_blob_request} (23) out, {@code
 * store_data_blob_response} (30), {@code get_data_blob_response} (31) and {@code request_response}
 * (22, matched by {@code request_id}) in.
 */
final class DataBlobProto {
    private DataBlobProto() {}

    /** An answer to one of our blob requests. */
    record Answer(int requestId, byte[] contents, SchemaException failure) {}

    static LivekitRtc.SignalRequest store(int requestId, SchemaId id, byte[] definition) {
        return LivekitRtc.SignalRequest.newBuilder()
                .setStoreDataBlobRequest(LivekitRtc.StoreDataBlobRequest.newBuilder()
                        .setRequestId(requestId)
                        .setBlob(LivekitModels.DataBlob.newBuilder()
                                .setKey(key(id))
                                .setContents(ByteString.copyFrom(definition))))
                .build();
    }

    static LivekitRtc.SignalRequest get(int requestId, String ownerIdentity, SchemaId id) {
        return LivekitRtc.SignalRequest.newBuilder()
                .setGetDataBlobRequest(LivekitRtc.GetDataBlobRequest.newBuilder()
                        .setRequestId(requestId)
                        .setParticipantIdentity(ownerIdentity)
                        .setKey(key(id)))
                .build();
    }

    /**
     * The blob answer in {@code message}, if it is one. A {@code request_response} counts only when
     * it copies no request (data-track publish failures copy theirs), so callers must still check
     * that the id is one of theirs.
     */
    static Optional<Answer> answer(LivekitRtc.SignalResponse message) {
        return switch (message.getMessageCase()) {
            case STORE_DATA_BLOB_RESPONSE -> Optional.of(
                    new Answer(message.getStoreDataBlobResponse().getRequestId(), null, null));
            case GET_DATA_BLOB_RESPONSE -> Optional.of(new Answer(
                    message.getGetDataBlobResponse().getRequestId(),
                    message.getGetDataBlobResponse().getBlob().getContents().toByteArray(),
                    null));
            case REQUEST_RESPONSE -> {
                LivekitRtc.RequestResponse r = message.getRequestResponse();
                if (r.getRequestCase() != LivekitRtc.RequestResponse.RequestCase.REQUEST_NOT_SET || r.getRequestId() == 0) {
                    yield Optional.empty();
                }
                yield Optional.of(new Answer(r.getRequestId(), null,
                        r.getReason() == LivekitRtc.RequestResponse.Reason.OK ? null : failure(r)));
            }
            default -> Optional.empty();
        };
    }

    private static SchemaException failure(LivekitRtc.RequestResponse r) {
        SchemaException.Reason reason = switch (r.getReason()) {
            case NOT_FOUND -> SchemaException.Reason.NOT_FOUND;
            case NOT_ALLOWED -> SchemaException.Reason.NOT_ALLOWED;
            case LIMIT_EXCEEDED -> SchemaException.Reason.LIMIT_EXCEEDED;
            case INVALID_REQUEST -> SchemaException.Reason.INVALID_REQUEST;
            default -> SchemaException.Reason.INTERNAL;
        };
        String name = r.getReason() == LivekitRtc.RequestResponse.Reason.UNRECOGNIZED
                ? "reason " + r.getReasonValue()
                : r.getReason().name();
        return new SchemaException(reason, "server refused: " + name + (r.getMessage().isEmpty() ? "" : ": " + r.getMessage()));
    }

    private static LivekitModels.DataBlobKey key(SchemaId id) {
        return LivekitModels.DataBlobKey.newBuilder().setSchemaId(DataTrackProto.toProto(id)).build();
    }
}
