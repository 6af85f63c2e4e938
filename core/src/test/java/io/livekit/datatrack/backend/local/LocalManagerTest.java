package io.livekit.datatrack.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.FrameEncoding;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.PublishException;
import io.livekit.datatrack.PushFrameException;
import io.livekit.datatrack.SchemaEncoding;
import io.livekit.datatrack.SchemaId;
import io.livekit.datatrack.e2ee.EncryptedPayload;
import io.livekit.datatrack.packet.FrameMarker;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The publish state machine, driven through its event interface on a manual scheduler. */
class LocalManagerTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<LocalOutput> outputs = new ArrayList<>();
    private final List<OutgoingFrame> frames = new ArrayList<>();
    private LocalManager manager = newManager(null);

    private LocalManager newManager(io.livekit.datatrack.e2ee.EncryptionProvider encryption) {
        return LocalManager.builder()
                .executor(scheduler)
                .scheduler(scheduler)
                .encryption(encryption)
                .output(outputs::add)
                .packets(frames::add)
                .random(new Random(7))
                .build();
    }

    private static DataTrackInfo info(int handle, String sid, String name) {
        return DataTrackInfo.builder(DataTrackSid.of(sid), handle, name).build();
    }

    private LocalDataTrack publishOk(String name, int expectedHandle, String sid) throws Exception {
        CompletableFuture<LocalDataTrack> f = manager.publish(DataTrackOptions.named(name));
        scheduler.runPending();
        assertThat(outputs).last().isEqualTo(new LocalOutput.SfuPublishRequest(expectedHandle, name, false, null, null));
        manager.handle(new LocalInput.SfuPublishResponse(info(expectedHandle, sid, name)));
        scheduler.runPending();
        assertThat(f).isCompleted();
        return f.get();
    }

    private static PublishException.Reason failureReason(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
        } catch (ExecutionException e) {
            return ((PublishException) e.getCause()).reason();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not failed");
    }

    @Test
    void publishSucceedsWithServerInfo() throws Exception {
        LocalDataTrack track = publishOk("imu", 1, "DTR_a");
        assertThat(track.info().sid().value()).isEqualTo("DTR_a");
        assertThat(track.info().publisherHandle()).isEqualTo(1);
        assertThat(track.isPublished()).isTrue();
        assertThat(scheduler.pendingTimers()).isZero();
    }

    @Test
    void serverRefusalsSurfaceWithTheirReason() {
        for (PublishException.Reason reason : List.of(
                PublishException.Reason.NOT_ALLOWED,
                PublishException.Reason.DUPLICATE_NAME,
                PublishException.Reason.INVALID_NAME,
                PublishException.Reason.INTERNAL)) {
            CompletableFuture<LocalDataTrack> f = manager.publish(DataTrackOptions.named("x"));
            scheduler.runPending();
            int handle = ((LocalOutput.SfuPublishRequest) outputs.get(outputs.size() - 1)).handle();
            manager.handle(new LocalInput.SfuPublishFailed(handle, reason, "refused"));
            scheduler.runPending();
            assertThat(failureReason(f)).isEqualTo(reason);
        }
    }

    @Test
    void handlesAreNeverReusedEvenAfterFailure() throws Exception {
        CompletableFuture<LocalDataTrack> first = manager.publish(DataTrackOptions.named("a"));
        scheduler.runPending();
        manager.handle(new LocalInput.SfuPublishFailed(1, PublishException.Reason.DUPLICATE_NAME, "dup"));
        scheduler.runPending();
        assertThat(failureReason(first)).isEqualTo(PublishException.Reason.DUPLICATE_NAME);
        LocalDataTrack second = publishOk("a", 2, "DTR_b");
        second.unpublish();
        scheduler.runPending();
        publishOk("a", 3, "DTR_c");
    }

    @Test
    void timeoutAfterTenSecondsThenLateSuccessIsUndone() {
        CompletableFuture<LocalDataTrack> f = manager.publish(DataTrackOptions.named("slow"));
        scheduler.runPending();
        scheduler.advance(Duration.ofMillis(9_999));
        assertThat(f).isNotDone();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(failureReason(f)).isEqualTo(PublishException.Reason.TIMEOUT);

        manager.handle(new LocalInput.SfuPublishResponse(info(1, "DTR_late", "slow")));
        scheduler.runPending();
        assertThat(outputs).last().isEqualTo(new LocalOutput.SfuUnpublishRequest(1));
    }

    @Test
    void cancellationThenLateSuccessIsUndone() {
        CompletableFuture<LocalDataTrack> f = manager.publish(DataTrackOptions.named("c"));
        scheduler.runPending();
        f.cancel(true);
        scheduler.runPending();
        assertThat(scheduler.pendingTimers()).isZero();
        manager.handle(new LocalInput.SfuPublishResponse(info(1, "DTR_x", "c")));
        scheduler.runPending();
        assertThat(outputs).last().isEqualTo(new LocalOutput.SfuUnpublishRequest(1));
    }

    @Test
    void invalidSchemaFailsWithoutARequest() {
        CompletableFuture<LocalDataTrack> noEncoding =
                manager.publish(DataTrackOptions.named("t").withSchema(SchemaId.of("s", SchemaEncoding.PROTOBUF)));
        CompletableFuture<LocalDataTrack> noSchema =
                manager.publish(DataTrackOptions.named("t").withFrameEncoding(FrameEncoding.PROTOBUF));
        CompletableFuture<LocalDataTrack> incompatible = manager.publish(DataTrackOptions.named("t")
                .withFrameEncoding(FrameEncoding.CDR)
                .withSchema(SchemaId.of("s", SchemaEncoding.PROTOBUF)));
        scheduler.runPending();
        assertThat(outputs).isEmpty();
        for (var f : List.of(noEncoding, noSchema, incompatible)) {
            assertThat(failureReason(f)).isEqualTo(PublishException.Reason.INVALID_SCHEMA);
        }
        assertThatThrownBy(noSchema::join).cause().satisfies(e -> assertThat(((PublishException) e).schemaProblem())
                .contains(PublishException.SchemaProblem.MISSING_SCHEMA_ID));
    }

    @Test
    void typedTrackRequestCarriesEncodingAndSchema() throws Exception {
        SchemaId schema = SchemaId.of("pose", SchemaEncoding.ROS2_MSG);
        manager.publish(DataTrackOptions.named("pose").withFrameEncoding(FrameEncoding.CDR).withSchema(schema));
        scheduler.runPending();
        assertThat(outputs).containsExactly(
                new LocalOutput.SfuPublishRequest(1, "pose", false, FrameEncoding.CDR, schema));
    }

    @Test
    void pushedFramesArePacketizedOffTheCallerThread() throws Exception {
        LocalDataTrack track = publishOk("data", 1, "DTR_a");
        byte[] big = new byte[40_000];
        Arrays.fill(big, (byte) 7);
        track.tryPush(DataTrackFrame.of(new byte[] {1, 2, 3}).withUserTimestamp(42));
        track.tryPush(DataTrackFrame.of(big));
        assertThat(frames).isEmpty(); // nothing ran on the caller's thread
        scheduler.runPending();
        assertThat(frames).hasSize(2);

        Packet single = Packet.parse(frames.get(0).packets().get(0));
        assertThat(single.header().marker()).isEqualTo(FrameMarker.SINGLE);
        assertThat(single.header().trackHandle()).isEqualTo(1);
        assertThat(single.header().extensions().userTimestamp()).hasValue(42);
        assertThat(single.payloadBytes()).containsExactly(1, 2, 3);

        List<byte[]> parts = frames.get(1).packets();
        assertThat(parts).hasSize(3);
        int sequence = single.header().sequence();
        for (byte[] wire : parts) {
            Packet p = Packet.parse(wire);
            assertThat(p.header().sequence()).isEqualTo(++sequence);
            assertThat(p.header().frameNumber()).isEqualTo(1);
        }
        assertThat(track.stats().framesSent()).isEqualTo(2);
        assertThat(track.stats().packetsSent()).isEqualTo(4);
    }

    @Test
    void fullQueueHandsTheFrameBack() throws Exception {
        LocalDataTrack track = publishOk("q", 1, "DTR_a");
        for (int i = 0; i < LocalManager.TRACK_QUEUE_CAPACITY; i++) {
            track.tryPush(DataTrackFrame.of(new byte[] {(byte) i}));
        }
        DataTrackFrame extra = DataTrackFrame.of(new byte[] {99});
        assertThatThrownBy(() -> track.tryPush(extra))
                .isInstanceOfSatisfying(PushFrameException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PushFrameException.Reason.QUEUE_FULL);
                    assertThat(e.frame()).isSameAs(extra);
                });
        scheduler.runPending();
        assertThat(frames).hasSize(16);
        track.tryPush(extra); // room again
        assertThat(track.stats().framesRejected()).isEqualTo(1);
    }

    @Test
    void localUnpublishStopsPushesAndTellsTheServer() throws Exception {
        LocalDataTrack track = publishOk("u", 1, "DTR_a");
        track.tryPush(DataTrackFrame.of(new byte[] {1}));
        track.unpublish();
        assertThat(track.isPublished()).isFalse();
        assertThatThrownBy(() -> track.tryPush(DataTrackFrame.of(new byte[] {2})))
                .isInstanceOfSatisfying(PushFrameException.class,
                        e -> assertThat(e.reason()).isEqualTo(PushFrameException.Reason.TRACK_UNPUBLISHED));
        scheduler.runPending();
        assertThat(outputs).last().isEqualTo(new LocalOutput.SfuUnpublishRequest(1));
        assertThat(frames).isEmpty(); // the queued frame was discarded
        // The server's confirmation changes nothing and emits no notice.
        int before = outputs.size();
        manager.handle(new LocalInput.SfuUnpublishResponse(1));
        scheduler.runPending();
        assertThat(outputs).hasSize(before);
        track.close(); // idempotent
        scheduler.runPending();
        assertThat(outputs).hasSize(before);
    }

    @Test
    void serverInitiatedUnpublishIsNoticed() throws Exception {
        LocalDataTrack track = publishOk("s", 1, "DTR_a");
        manager.handle(new LocalInput.SfuUnpublishResponse(1));
        scheduler.runPending();
        assertThat(track.isPublished()).isFalse();
        assertThat(outputs).last().isEqualTo(new LocalOutput.TrackUnpublished(track.info()));
    }

    @Test
    void fullReconnectRepublishesWithSameHandleAndNewSid() throws Exception {
        LocalDataTrack track = publishOk("r", 1, "DTR_old");
        CompletableFuture<LocalDataTrack> pending = manager.publish(DataTrackOptions.named("p"));
        scheduler.runPending();
        outputs.clear();

        manager.handle(new LocalInput.RepublishTracks());
        scheduler.runPending();
        assertThat(failureReason(pending)).isEqualTo(PublishException.Reason.DISCONNECTED);
        assertThat(outputs).containsExactly(new LocalOutput.SfuPublishRequest(1, "r", false, null, null));
        assertThatThrownBy(() -> track.tryPush(DataTrackFrame.of(new byte[] {1})))
                .isInstanceOfSatisfying(PushFrameException.class,
                        e -> assertThat(e.reason()).isEqualTo(PushFrameException.Reason.QUEUE_FULL));
        assertThat(manager.activeTracks()).isNotDone();
        scheduler.runPending();

        manager.handle(new LocalInput.SfuPublishResponse(info(1, "DTR_new", "r")));
        scheduler.runPending();
        assertThat(track.info().sid().value()).isEqualTo("DTR_new");
        track.tryPush(DataTrackFrame.of(new byte[] {1}));
        scheduler.runPending();
        assertThat(frames).hasSize(1);
        assertThat(Packet.parse(frames.get(0).packets().get(0)).header().trackHandle()).isEqualTo(1);
        var active = manager.activeTracks();
        scheduler.runPending();
        assertThat(active.get()).extracting(i -> i.sid().value()).containsExactly("DTR_new");
    }

    @Test
    void failedRepublishSurfacesAsUnpublished() throws Exception {
        LocalDataTrack track = publishOk("r", 1, "DTR_old");
        manager.handle(new LocalInput.RepublishTracks());
        scheduler.runPending();
        manager.handle(new LocalInput.SfuPublishFailed(1, PublishException.Reason.DUPLICATE_NAME, "dup"));
        scheduler.runPending();
        assertThat(track.isPublished()).isFalse();
        assertThat(outputs).last().isInstanceOf(LocalOutput.TrackUnpublished.class);
    }

    @Test
    void republishThatNeverCompletesTimesOut() throws Exception {
        LocalDataTrack track = publishOk("r", 1, "DTR_old");
        manager.handle(new LocalInput.RepublishTracks());
        scheduler.runPending();
        scheduler.advance(LocalManager.PUBLISH_TIMEOUT);
        assertThat(track.isPublished()).isFalse();
    }

    @Test
    void shutdownFailsPendingAndUnpublishesTracks() throws Exception {
        LocalDataTrack track = publishOk("a", 1, "DTR_a");
        CompletableFuture<LocalDataTrack> pending = manager.publish(DataTrackOptions.named("b"));
        scheduler.runPending();
        manager.close();
        scheduler.runPending();
        assertThat(failureReason(pending)).isEqualTo(PublishException.Reason.DISCONNECTED);
        assertThat(track.isPublished()).isFalse();
        assertThat(scheduler.pendingTimers()).isZero();
        CompletableFuture<LocalDataTrack> after = manager.publish(DataTrackOptions.named("c"));
        scheduler.runPending();
        assertThat(failureReason(after)).isEqualTo(PublishException.Reason.DISCONNECTED);
    }

    @Test
    void encryptedTrackCarriesE2eeExtensionOnEveryPacket() throws Exception {
        byte[] iv = new byte[12];
        Arrays.fill(iv, (byte) 0x3c);
        // A fake cipher that prefixes a marker: crypto itself is tested elsewhere.
        manager = newManager(plaintext -> {
            byte[] out = new byte[plaintext.length + 16];
            System.arraycopy(plaintext, 0, out, 16, plaintext.length);
            Arrays.fill(out, 0, 16, (byte) 0xEE);
            return new EncryptedPayload(out, 3, iv);
        });
        CompletableFuture<LocalDataTrack> f = manager.publish(DataTrackOptions.named("secret"));
        scheduler.runPending();
        assertThat(outputs).last().isEqualTo(new LocalOutput.SfuPublishRequest(1, "secret", true, null, null));
        manager.handle(new LocalInput.SfuPublishResponse(
                DataTrackInfo.builder(DataTrackSid.of("DTR_e"), 1, "secret").usesE2ee(true).build()));
        scheduler.runPending();
        LocalDataTrack track = f.get();
        track.tryPush(DataTrackFrame.of(new byte[20_000]));
        track.tryPush(DataTrackFrame.of(new byte[0])); // an empty frame is still sent when encrypted
        scheduler.runPending();
        assertThat(frames).hasSize(2);
        for (OutgoingFrame frame : frames) {
            for (byte[] wire : frame.packets()) {
                var e2ee = Packet.parse(wire).header().extensions().e2ee();
                assertThat(e2ee).isPresent();
                assertThat(e2ee.get().keyIndex()).isEqualTo(3);
                assertThat(e2ee.get().iv()).isEqualTo(iv);
            }
        }
        assertThat(Packet.parse(frames.get(1).packets().get(0)).payloadLength()).isEqualTo(16);
    }

    @Test
    void serverMarkingTrackEncryptedWithoutE2eeIsRefused() {
        CompletableFuture<LocalDataTrack> f = manager.publish(DataTrackOptions.named("x"));
        scheduler.runPending();
        manager.handle(new LocalInput.SfuPublishResponse(
                DataTrackInfo.builder(DataTrackSid.of("DTR_e"), 1, "x").usesE2ee(true).build()));
        scheduler.runPending();
        assertThat(failureReason(f)).isEqualTo(PublishException.Reason.INTERNAL);
        assertThat(outputs).last().isEqualTo(new LocalOutput.SfuUnpublishRequest(1));
    }

    @Test
    void emptyUnencryptedFrameSendsNothing() throws Exception {
        LocalDataTrack track = publishOk("e", 1, "DTR_a");
        track.tryPush(DataTrackFrame.of(new byte[0]));
        scheduler.runPending();
        assertThat(frames).isEmpty();
        assertThat(track.stats().framesSent()).isEqualTo(1);
    }
}
