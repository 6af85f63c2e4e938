package io.livekit.datatrack.backend.local;

import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.PublishException;
import io.livekit.datatrack.backend.DataTrackProto;
import io.livekit.datatrack.backend.ProtocolConversionException;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.RequestResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts between signaling messages and the {@link LocalManager}'s {@link LocalInput} /
 * {@link LocalOutput} events (publish side).
 *
 * <p>Responses are correlated by publisher handle: {@code info.pub_handle} of a success, the
 * {@code pub_handle} of the request copied into a {@code RequestResponse} for a failure.
 */
public final class LocalProto {
    private LocalProto() {}

    /**
     * The publish-side event in a server message, if any.
     *
     * <ul>
     *   <li>{@code publish_data_track_response} → {@link LocalInput.SfuPublishResponse};
     *   <li>{@code unpublish_data_track_response} → {@link LocalInput.SfuUnpublishResponse};
     *   <li>{@code request_response} carrying a {@code publish_data_track} request →
     *       {@link LocalInput.SfuPublishFailed}, whatever the reason (also {@code OK}: success is
     *       only ever signalled with a {@code PublishDataTrackResponse});
     *   <li>anything else, including a {@code request_response} for an unpublish request (the
     *       server did not know the handle; nothing to do) → empty.
     * </ul>
     *
     * @throws ProtocolConversionException if the message is for data tracks but malformed (missing
     *     info, bad SID, handle or encryption); the caller logs and drops it
     */
    public static Optional<LocalInput> input(LivekitRtc.SignalResponse message) throws ProtocolConversionException {
        return switch (message.getMessageCase()) {
            case PUBLISH_DATA_TRACK_RESPONSE -> {
                LivekitRtc.PublishDataTrackResponse r = message.getPublishDataTrackResponse();
                if (!r.hasInfo()) {
                    throw new ProtocolConversionException("publish data track response without info");
                }
                yield Optional.of(new LocalInput.SfuPublishResponse(DataTrackProto.toDomain(r.getInfo())));
            }
            case UNPUBLISH_DATA_TRACK_RESPONSE -> {
                LivekitRtc.UnpublishDataTrackResponse r = message.getUnpublishDataTrackResponse();
                if (!r.hasInfo()) {
                    throw new ProtocolConversionException("unpublish data track response without info");
                }
                int handle = DataTrackProto.handle(r.getInfo().getPubHandle(), "unpublish data track response");
                yield Optional.of(new LocalInput.SfuUnpublishResponse(handle));
            }
            case REQUEST_RESPONSE -> publishFailure(message.getRequestResponse());
            default -> Optional.empty();
        };
    }

    private static Optional<LocalInput> publishFailure(RequestResponse response) throws ProtocolConversionException {
        if (response.getRequestCase() != RequestResponse.RequestCase.PUBLISH_DATA_TRACK) {
            return Optional.empty();
        }
        int handle = DataTrackProto.handle(
                response.getPublishDataTrack().getPubHandle(), "request response for a publish data track request");
        PublishException.Reason reason = switch (response.getReason()) {
            case NOT_ALLOWED -> PublishException.Reason.NOT_ALLOWED;
            case DUPLICATE_NAME -> PublishException.Reason.DUPLICATE_NAME;
            case INVALID_NAME -> PublishException.Reason.INVALID_NAME;
            case LIMIT_EXCEEDED -> PublishException.Reason.LIMIT_REACHED;
            default -> PublishException.Reason.INTERNAL;
        };
        RequestResponse.Reason serverReason = response.getReason();
        String reasonText = serverReason == RequestResponse.Reason.UNRECOGNIZED
                ? "reason " + response.getReasonValue()
                : serverReason.name();
        String text = "SFU rejected: " + reasonText
                + (response.getMessage().isEmpty() ? "" : ": " + response.getMessage());
        return Optional.of(new LocalInput.SfuPublishFailed(handle, reason, text));
    }

    /**
     * The {@code publish_data_track_request} for {@code request}: handle, name, encryption
     * {@code GCM} iff the track uses E2EE (else {@code NONE}), and the frame encoding and schema
     * when set.
     */
    public static LivekitRtc.SignalRequest request(LocalOutput.SfuPublishRequest request) {
        LivekitRtc.PublishDataTrackRequest.Builder b = LivekitRtc.PublishDataTrackRequest.newBuilder()
                .setPubHandle(request.handle())
                .setName(request.name())
                .setEncryption(DataTrackProto.encryption(request.usesE2ee()));
        request.frameEncodingIfAny().ifPresent(e -> b.setFrameEncoding(DataTrackProto.toProto(e)));
        request.schemaIfAny().ifPresent(s -> b.setSchema(DataTrackProto.toProto(s)));
        return LivekitRtc.SignalRequest.newBuilder().setPublishDataTrackRequest(b).build();
    }

    /** The {@code unpublish_data_track_request} for {@code request}. */
    public static LivekitRtc.SignalRequest request(LocalOutput.SfuUnpublishRequest request) {
        return LivekitRtc.SignalRequest.newBuilder()
                .setUnpublishDataTrackRequest(
                        LivekitRtc.UnpublishDataTrackRequest.newBuilder().setPubHandle(request.handle()))
                .build();
    }

    /**
     * The entries for {@code SyncState.publish_data_tracks} when resuming a session: one
     * {@code PublishDataTrackResponse{info}} per active publication, in the given order (with
     * frame encoding and schema, as the Rust client sends them).
     *
     * @param activeTracks the infos of the published (or republishing) tracks; pending
     *     publications must not be listed, the server would answer with a full reconnect
     */
    public static List<LivekitRtc.PublishDataTrackResponse> syncState(List<DataTrackInfo> activeTracks) {
        List<LivekitRtc.PublishDataTrackResponse> entries = new ArrayList<>(activeTracks.size());
        for (DataTrackInfo info : activeTracks) {
            entries.add(LivekitRtc.PublishDataTrackResponse.newBuilder()
                    .setInfo(DataTrackProto.toProto(info))
                    .build());
        }
        return List.copyOf(entries);
    }
}
