package io.livekit.datatrack.sfu;

import static io.livekit.datatrack.sfu.testclient.Requests.publish;
import static io.livekit.datatrack.sfu.testclient.Requests.publishRequest;
import static io.livekit.datatrack.sfu.testclient.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackFrameEncoding;
import io.livekit.datatrack.protocol.LivekitModels.DataTrackSchemaEncoding;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.RequestResponse.Reason;
import io.livekit.datatrack.protocol.LivekitRtc.SignalResponse.MessageCase;
import io.livekit.datatrack.sfu.testclient.Requests;
import io.livekit.datatrack.sfu.testclient.SfuExtension;
import io.livekit.datatrack.sfu.testclient.TestClient;
import io.livekit.datatrack.sfu.testclient.TestSfu;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Publishing and unpublishing data tracks (signaling.md 4.2–4.4, datatrack-core.md 9.1–9.2): every
 * check in Go's order with its {@code RequestResponse}, the success response and the participant
 * updates.
 */
class DataTrackPublishTest {
    @RegisterExtension
    static final SfuExtension SFU = SfuExtension.loopback();

    private static TestClient join(String identity, String room) throws Exception {
        return SFU.join(identity, room);
    }

    /** Sends {@code request}; expects exactly one RequestResponse with {@code reason} and no success. */
    private static void assertRejected(TestClient c, LivekitRtc.PublishDataTrackRequest.Builder request, Reason reason)
            throws Exception {
        c.send(publish(request));
        c.sync();
        LivekitRtc.RequestResponse rr = c.await(MessageCase.REQUEST_RESPONSE).getRequestResponse();
        assertThat(rr.getReason()).isEqualTo(reason);
        assertThat(rr.getRequestId()).isZero();
        assertThat(rr.getRequestCase()).isEqualTo(LivekitRtc.RequestResponse.RequestCase.PUBLISH_DATA_TRACK);
        assertThat(rr.getPublishDataTrack()).isEqualTo(request.build());
        c.expectNone(MessageCase.REQUEST_RESPONSE, Duration.ZERO);
        c.expectNone(MessageCase.PUBLISH_DATA_TRACK_RESPONSE, Duration.ZERO);
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    @Test
    void withoutCanPublishDataThePublicationIsNotAllowed() throws Exception {
        try (TestClient c = TestClient.join(SFU.url(),
                token("viewer", TestSfu.room("no-data"), g -> g.withCanPublishData(false)))) {
            assertRejected(c, publishRequest(1, "t"), Reason.NOT_ALLOWED);
            // the permission check comes first: even an invalid request gets NOT_ALLOWED
            assertRejected(c, publishRequest(0, ""), Reason.NOT_ALLOWED);
        }
    }

    @Test
    void serverWithDataTracksDisabledRefusesEveryPublication() throws Exception {
        try (SfuServer disabled = SfuServer.builder().devMode().port(0).dataTracksEnabled(false).start();
                TestClient c = TestClient.join(disabled.url(), token("alice", TestSfu.room("disabled")))) {
            assertRejected(c, publishRequest(1, "t"), Reason.NOT_ALLOWED);
        }
    }

    @Test
    void handleMustBeOneTo65535() throws Exception {
        try (TestClient c = join("alice", TestSfu.room("handles"))) {
            assertRejected(c, publishRequest(0, "zero"), Reason.INVALID_HANDLE);
            assertRejected(c, publishRequest(70_000, "big"), Reason.INVALID_HANDLE);
            assertRejected(c, publishRequest(-1, "u32 max"), Reason.INVALID_HANDLE);
            // the handle check comes before the name check
            assertRejected(c, publishRequest(0, ""), Reason.INVALID_HANDLE);
            assertThat(c.publish(65_535, "max").getPubHandle()).isEqualTo(65_535);
        }
    }

    @Test
    void nameMustBeOneTo256Bytes() throws Exception {
        try (TestClient c = join("alice", TestSfu.room("names"))) {
            assertRejected(c, publishRequest(1, ""), Reason.INVALID_NAME);
            assertRejected(c, publishRequest(2, repeat("n", 257)), Reason.INVALID_NAME);
            String twoByteChars = repeat("é", 128) + "x"; // 129 characters, 257 bytes
            assertThat(twoByteChars.getBytes(StandardCharsets.UTF_8)).hasSize(257);
            assertRejected(c, publishRequest(3, twoByteChars), Reason.INVALID_NAME);

            String limit = repeat("€", 85) + "x"; // 86 characters, 256 bytes
            assertThat(limit.getBytes(StandardCharsets.UTF_8)).hasSize(256);
            assertThat(c.publish(4, limit).getName()).isEqualTo(limit);
            assertThat(c.publish(5, repeat("n", 256)).getName()).hasSize(256);
        }
    }

    @Test
    void customEncodingsMustBeOneTo32Bytes() throws Exception {
        try (TestClient c = join("alice", TestSfu.room("custom"))) {
            assertRejected(c, publishRequest(1, "a")
                    .setFrameEncoding(DataTrackFrameEncoding.newBuilder().setCustom(repeat("c", 33))), Reason.INVALID_REQUEST);
            assertRejected(c, publishRequest(2, "b")
                    .setFrameEncoding(DataTrackFrameEncoding.newBuilder().setCustom("")), Reason.INVALID_REQUEST);
            assertRejected(c, publishRequest(3, "c")
                    .setSchema(LivekitModels.DataTrackSchemaId.newBuilder().setName("s")
                            .setEncoding(DataTrackSchemaEncoding.newBuilder().setCustom(repeat("s", 33)))),
                    Reason.INVALID_REQUEST);
            // names are checked before encodings
            assertRejected(c, publishRequest(4, "")
                    .setFrameEncoding(DataTrackFrameEncoding.newBuilder().setCustom(repeat("c", 33))), Reason.INVALID_NAME);

            LivekitModels.DataTrackInfo ok = c.publish(5, "d"); // no encodings at all
            assertThat(ok.hasFrameEncoding()).isFalse();
            assertThat(ok.hasSchema()).isFalse();
            c.send(publish(publishRequest(6, "e")
                    .setFrameEncoding(DataTrackFrameEncoding.newBuilder().setCustom(repeat("c", 32)))));
            assertThat(c.await(MessageCase.PUBLISH_DATA_TRACK_RESPONSE).getPublishDataTrackResponse().getInfo()
                    .getFrameEncoding().getCustom()).hasSize(32);
        }
    }

    @Test
    void duplicateHandleAndDuplicateNameAreRefused() throws Exception {
        try (TestClient c = join("alice", TestSfu.room("dup"))) {
            c.publish(1, "first");
            assertRejected(c, publishRequest(1, "other name"), Reason.DUPLICATE_HANDLE);
            assertRejected(c, publishRequest(2, "first"), Reason.DUPLICATE_NAME);
            // same handle and same name as one existing track: the handle is checked first
            assertRejected(c, publishRequest(1, "first"), Reason.DUPLICATE_HANDLE);
        }
        // handles and names are per publisher
        String room = TestSfu.room("dup-per-publisher");
        try (TestClient a = join("alice", room); TestClient b = join("bob", room)) {
            a.publish(1, "same");
            assertThat(b.publish(1, "same").getSid()).startsWith("DTR_");
        }
    }

    @Test
    void successIsAPublishDataTrackResponseAndAParticipantUpdateForEveryone() throws Exception {
        String room = TestSfu.room("publish");
        try (TestClient alice = join("alice", room); TestClient bob = join("bob", room)) {
            int joinVersion = alice.joinResponse().getParticipant().getVersion();
            LivekitRtc.PublishDataTrackRequest.Builder request = publishRequest(42, "telemetry")
                    .setEncryption(LivekitModels.Encryption.Type.GCM)
                    .setFrameEncoding(DataTrackFrameEncoding.newBuilder()
                            .setWellKnown(DataTrackFrameEncoding.WellKnownFrameEncoding.WELL_KNOWN_FRAME_ENCODING_CBOR))
                    .setSchema(LivekitModels.DataTrackSchemaId.newBuilder().setName("pose")
                            .setEncoding(DataTrackSchemaEncoding.newBuilder().setCustom("my-idl")));
            alice.send(publish(request));

            LivekitModels.DataTrackInfo info = alice.await(MessageCase.PUBLISH_DATA_TRACK_RESPONSE)
                    .getPublishDataTrackResponse().getInfo();
            assertThat(info.getSid()).matches("DTR_[2-9A-HJ-NP-Za-km-z]{12}");
            assertThat(info.getPubHandle()).isEqualTo(42);
            assertThat(info.getName()).isEqualTo("telemetry");
            assertThat(info.getEncryption()).isEqualTo(LivekitModels.Encryption.Type.GCM);
            assertThat(info.getFrameEncoding()).isEqualTo(request.getFrameEncoding());
            assertThat(info.getSchema()).isEqualTo(request.getSchema());

            LivekitModels.ParticipantInfo own = alice.awaitInfo("alice", "with the track",
                    i -> i.getDataTracksList().contains(info));
            assertThat(own.getIsPublisher()).isTrue();
            assertThat(own.getVersion()).isGreaterThan(joinVersion);
            LivekitModels.ParticipantInfo seen = bob.awaitInfo("alice", "with the track",
                    i -> i.getDataTracksList().contains(info));
            assertThat(seen.getSid()).isEqualTo(alice.sid());
            assertThat(seen.getDataTracksList()).containsExactly(info);

            alice.sync();
            alice.expectNone(MessageCase.REQUEST_RESPONSE, Duration.ZERO);

            // a second track: the update carries the full list
            LivekitModels.DataTrackInfo second = alice.publish(43, "second");
            assertThat(second.getSid()).isNotEqualTo(info.getSid());
            assertThat(bob.awaitInfo("alice", "with both tracks", i -> i.getDataTracksCount() == 2)
                    .getDataTracksList()).containsExactlyInAnyOrder(info, second);
        }
    }

    @Test
    void unpublishingAnUnknownHandleIsNotFound() throws Exception {
        try (TestClient c = join("alice", TestSfu.room("unpublish-unknown"))) {
            c.publish(1, "t");
            c.send(Requests.unpublish(2));
            LivekitRtc.RequestResponse rr = c.await(MessageCase.REQUEST_RESPONSE).getRequestResponse();
            assertThat(rr.getReason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(rr.getRequestId()).isZero();
            assertThat(rr.getUnpublishDataTrack().getPubHandle()).isEqualTo(2);
            c.sync();
            c.expectNone(MessageCase.UNPUBLISH_DATA_TRACK_RESPONSE, Duration.ZERO);
        }
    }

    @Test
    void unpublishRemovesTheTrackEverywhere() throws Exception {
        String room = TestSfu.room("unpublish");
        try (TestClient alice = join("alice", room); TestClient bob = join("bob", room); TestClient carol = join("carol", room)) {
            LivekitModels.DataTrackInfo gone = alice.publish(1, "gone");
            LivekitModels.DataTrackInfo kept = alice.publish(2, "kept");
            int goneHandle = bob.subscribe(gone.getSid());
            bob.send(Requests.subscribe(kept.getSid()));
            assertThat(bob.awaitHandles()).hasSize(2).containsKey(goneHandle);
            bob.clearInbox();
            carol.clearInbox();
            alice.clearInbox();

            alice.send(Requests.unpublish(1));

            assertThat(alice.await(MessageCase.UNPUBLISH_DATA_TRACK_RESPONSE).getUnpublishDataTrackResponse().getInfo())
                    .isEqualTo(gone);
            assertThat(alice.awaitInfo("alice", "without the track", i -> !i.getDataTracksList().contains(gone))
                    .getDataTracksList()).containsExactly(kept);
            assertThat(carol.awaitInfo("alice", "without the track", i -> !i.getDataTracksList().contains(gone))
                    .getDataTracksList()).containsExactly(kept);
            assertThat(bob.awaitHandles()).doesNotContainKey(goneHandle)
                    .hasSize(1).allSatisfy((h, t) -> assertThat(t.getTrackSid()).isEqualTo(kept.getSid()));
            carol.sync();
            carol.expectNone("a handle map for a non-subscriber", r -> r.hasDataTrackSubscriberHandles(), Duration.ZERO);

            // the handle is free again; the new publication gets a new SID
            LivekitModels.DataTrackInfo again = alice.publish(1, "gone");
            assertThat(again.getSid()).isNotEqualTo(gone.getSid());
        }
    }
}
