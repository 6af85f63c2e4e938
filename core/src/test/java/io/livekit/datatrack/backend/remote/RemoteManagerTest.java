package io.livekit.datatrack.backend.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.SubscribeException;
import io.livekit.datatrack.SubscribeOptions;
import io.livekit.datatrack.e2ee.DecryptionProvider;
import io.livekit.datatrack.e2ee.E2eeException;
import io.livekit.datatrack.internal.Packetizer;
import io.livekit.datatrack.packet.E2eeExtension;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
import io.livekit.datatrack.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The subscribe state machine and receive path, on a manual scheduler. */
class RemoteManagerTest {
    private static final DataTrackSid SID = DataTrackSid.of("DTR_one");
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<RemoteOutput> outputs = new ArrayList<>();
    private long wallClock = 1_000_000;
    private RemoteManager manager = newManager(null);

    private RemoteManager newManager(DecryptionProvider decryption) {
        return RemoteManager.builder()
                .executor(scheduler)
                .scheduler(scheduler)
                .decryption(decryption)
                .output(outputs::add)
                .wallClock(() -> wallClock)
                .build();
    }

    private static DataTrackInfo info(DataTrackSid sid, int handle, String name) {
        return DataTrackInfo.builder(sid, handle, name).build();
    }

    private RemoteDataTrack announce(String identity, DataTrackInfo... infos) {
        int before = outputs.size();
        manager.handle(new RemoteInput.ParticipantUpdate(
                List.of(new RemoteInput.PublisherTracks(identity, List.of(infos)))));
        scheduler.runPending();
        for (RemoteOutput o : outputs.subList(before, outputs.size())) {
            if (o instanceof RemoteOutput.TrackPublished p) {
                return p.track(); // the first track announced by this update
            }
        }
        return null;
    }

    private DataTrackSubscription subscribeActive(RemoteDataTrack track, int handle, SubscribeOptions options)
            throws Exception {
        CompletableFuture<DataTrackSubscription> f = track.subscribe(options);
        scheduler.runPending();
        manager.handle(new RemoteInput.SubscriberHandles(Map.of(handle, track.info().sid())));
        scheduler.runPending();
        assertThat(f).isCompleted();
        return f.get();
    }

    /** Packetizes {@code payload} for subscriber handle {@code handle} and feeds every packet. */
    private void send(Packetizer packetizer, byte[] payload, PacketExtensions ext) throws Exception {
        for (Packet p : packetizer.packetize(payload, ext)) {
            manager.onPacket(p.toByteArray());
        }
        scheduler.runPending();
    }

    private DataTrackSubscription subscribeNow(RemoteDataTrack track) throws Exception {
        CompletableFuture<DataTrackSubscription> f = track.subscribe();
        scheduler.runPending();
        assertThat(f).isCompleted();
        return f.get();
    }

    private static SubscribeException.Reason failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
        } catch (ExecutionException e) {
            return ((SubscribeException) e.getCause()).reason();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError();
    }

    @Test
    void publicationDiffEmitsPublishedAndUnpublishedOnce() {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        assertThat(track).isNotNull();
        assertThat(track.publisherIdentity()).isEqualTo("alice");
        int before = outputs.size();
        announce("alice", info(SID, 1, "imu")); // unchanged: nothing
        announce("bob"); // another publisher: alice untouched
        assertThat(outputs).hasSize(before);
        assertThat(track.isPublished()).isTrue();

        manager.handle(new RemoteInput.ParticipantUpdate(List.of(new RemoteInput.PublisherTracks("alice", List.of()))));
        scheduler.runPending();
        assertThat(outputs).last().isEqualTo(new RemoteOutput.TrackUnpublished(track));
        assertThat(track.isPublished()).isFalse();
    }

    @Test
    void subscribeReceivesFramesWithUserTimestamps() throws Exception {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        CompletableFuture<DataTrackSubscription> f = track.subscribe();
        scheduler.runPending();
        assertThat(outputs).last().isEqualTo(new RemoteOutput.SfuUpdateSubscription(SID, true));
        CompletableFuture<DataTrackSubscription> second = track.subscribe();
        scheduler.runPending();
        assertThat(outputs.stream().filter(o -> o instanceof RemoteOutput.SfuUpdateSubscription)).hasSize(1);

        manager.handle(new RemoteInput.SubscriberHandles(Map.of(77, SID)));
        scheduler.runPending();
        DataTrackSubscription sub = f.get();
        DataTrackSubscription sub2 = second.get();

        Packetizer p = new Packetizer(77, Packetizer.DEFAULT_MTU, () -> 0, 0, 0);
        byte[] big = new byte[50_000];
        Arrays.fill(big, (byte) 5);
        send(p, new byte[] {1, 2, 3}, PacketExtensions.NONE.withUserTimestamp(1234));
        send(p, big, PacketExtensions.NONE);
        DataTrackFrame first = sub.tryReceive().orElseThrow();
        assertThat(first.toByteArray()).containsExactly(1, 2, 3);
        assertThat(first.userTimestamp()).hasValue(1234);
        assertThat(sub.tryReceive().orElseThrow().toByteArray()).isEqualTo(big);
        assertThat(sub2.tryReceive()).isPresent();
        assertThat(track.stats().framesReceived()).isEqualTo(2);
        assertThat(track.stats().packetsReceived()).isEqualTo(5);

        // An active subscription answers new subscribers at once.
        CompletableFuture<DataTrackSubscription> third = track.subscribe();
        scheduler.runPending();
        assertThat(third).isCompleted();
    }

    @Test
    void subscribeTimesOutAndWithdrawsTheRequest() {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        CompletableFuture<DataTrackSubscription> f = track.subscribe();
        scheduler.runPending();
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(failure(f)).isEqualTo(SubscribeException.Reason.TIMEOUT);
        assertThat(outputs).last().isEqualTo(new RemoteOutput.SfuUpdateSubscription(SID, false));
        // A late handle map for a withdrawn subscription routes nothing.
        manager.handle(new RemoteInput.SubscriberHandles(Map.of(5, SID)));
        scheduler.runPending();
        manager.onPacket(Packet.of(new io.livekit.datatrack.packet.PacketHeader(
                io.livekit.datatrack.packet.FrameMarker.SINGLE, 5, 0, 0, 0, PacketExtensions.NONE), new byte[1])
                .toByteArray());
        assertThat(manager.packetsUnroutable()).isEqualTo(1);
    }

    @Test
    void unpublishWhilePendingFailsWithUnpublished() {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        CompletableFuture<DataTrackSubscription> f = track.subscribe();
        scheduler.runPending();
        announce("alice");
        assertThat(failure(f)).isEqualTo(SubscribeException.Reason.UNPUBLISHED);
        assertThat(scheduler.pendingTimers()).isZero();
        CompletableFuture<DataTrackSubscription> late = track.subscribe();
        scheduler.runPending();
        assertThat(failure(late)).isEqualTo(SubscribeException.Reason.UNPUBLISHED);
    }

    @Test
    void shutdownFailsPendingEndsStreamsAndUnpublishes() throws Exception {
        RemoteDataTrack a = announce("alice", info(SID, 1, "a"), info(DataTrackSid.of("DTR_two"), 2, "b"));
        RemoteDataTrack b = ((RemoteOutput.TrackPublished) outputs.get(1)).track();
        DataTrackSubscription active = subscribeActive(a, 9, SubscribeOptions.defaults());
        CompletableFuture<DataTrackSubscription> pending = b.subscribe();
        scheduler.runPending();
        manager.close();
        scheduler.runPending();
        assertThat(failure(pending)).isEqualTo(SubscribeException.Reason.DISCONNECTED);
        assertThat(active.receive()).isEmpty();
        assertThat(active.isEnded()).isTrue();
        assertThat(a.isPublished()).isFalse();
        assertThat(outputs.stream().filter(o -> o instanceof RemoteOutput.TrackUnpublished)).hasSize(2);
    }

    @Test
    void handleReplacementReroutes() throws Exception {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        DataTrackSubscription sub = subscribeActive(track, 10, SubscribeOptions.defaults());
        manager.handle(new RemoteInput.SubscriberHandles(Map.of(11, SID)));
        scheduler.runPending();
        send(new Packetizer(10, Packetizer.DEFAULT_MTU, () -> 0, 0, 0), new byte[] {1}, PacketExtensions.NONE);
        assertThat(sub.tryReceive()).isEmpty();
        assertThat(manager.packetsUnroutable()).isEqualTo(1);
        send(new Packetizer(11, Packetizer.DEFAULT_MTU, () -> 0, 0, 0), new byte[] {2}, PacketExtensions.NONE);
        assertThat(sub.tryReceive().orElseThrow().toByteArray()).containsExactly(2);
    }

    @Test
    void slowSubscriberLosesOnlyTheOldestFrames() throws Exception {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        DataTrackSubscription slow = subscribeActive(track, 3, SubscribeOptions.defaults().withBufferSize(2));
        DataTrackSubscription fast = subscribeNow(track);
        Packetizer p = new Packetizer(3, Packetizer.DEFAULT_MTU, () -> 0, 0, 0);
        for (int i = 1; i <= 5; i++) {
            send(p, new byte[] {(byte) i}, PacketExtensions.NONE);
        }
        assertThat(slow.tryReceive().orElseThrow().toByteArray()).containsExactly(4);
        assertThat(slow.tryReceive().orElseThrow().toByteArray()).containsExactly(5);
        assertThat(slow.tryReceive()).isEmpty();
        assertThat(slow.framesLagged()).isEqualTo(3);
        for (int i = 1; i <= 5; i++) {
            assertThat(fast.tryReceive().orElseThrow().toByteArray()).containsExactly(i);
        }
        assertThat(fast.framesLagged()).isZero();
        assertThat(slow.stats().framesReceived()).isEqualTo(5);
        assertThat(slow.stats().framesLagged()).isEqualTo(3);
        assertThat(fast.stats().framesLagged()).isZero();
    }

    @Test
    void subscriptionStatsMeasureLatencyFromUserTimestamps() throws Exception {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        DataTrackSubscription sub = subscribeActive(track, 3, SubscribeOptions.defaults().withBufferSize(200));
        Packetizer p = new Packetizer(3, Packetizer.DEFAULT_MTU, () -> 0, 0, 0);
        for (int i = 1; i <= 100; i++) { // latencies 1..100 ms
            send(p, new byte[] {(byte) i}, PacketExtensions.NONE.withUserTimestamp(wallClock - i));
        }
        send(p, new byte[] {0}, PacketExtensions.NONE); // no timestamp: counted, not timed
        var stats = sub.stats();
        assertThat(stats.framesReceived()).isEqualTo(101);
        assertThat(stats.framesTimed()).isEqualTo(100);
        assertThat(stats.latencyP50Millis()).isEqualTo(50);
        assertThat(stats.latencyP99Millis()).isEqualTo(99);
        assertThat(stats.latencyMaxMillis()).isEqualTo(100);
        assertThat(stats.framesLagged()).isZero();
    }

    @Test
    void lastSubscriberLeavingEndsTheServerSubscription() throws Exception {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        DataTrackSubscription one = subscribeActive(track, 3, SubscribeOptions.defaults());
        DataTrackSubscription two = subscribeNow(track);
        one.close();
        scheduler.runPending();
        assertThat(outputs).last().isNotEqualTo(new RemoteOutput.SfuUpdateSubscription(SID, false));
        two.close();
        two.close();
        scheduler.runPending();
        assertThat(outputs).last().isEqualTo(new RemoteOutput.SfuUpdateSubscription(SID, false));
        send(new Packetizer(3, Packetizer.DEFAULT_MTU, () -> 0, 0, 0), new byte[] {1}, PacketExtensions.NONE);
        assertThat(manager.packetsUnroutable()).isEqualTo(1);
        // Subscribing again starts from scratch.
        track.subscribe();
        scheduler.runPending();
        assertThat(outputs).last().isEqualTo(new RemoteOutput.SfuUpdateSubscription(SID, true));
    }

    @Test
    void republishedTrackKeepsItsObjectAndResubscribes() throws Exception {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        DataTrackSubscription sub = subscribeActive(track, 3, SubscribeOptions.defaults());
        int before = outputs.size();
        DataTrackSid newSid = DataTrackSid.of("DTR_new");
        announce("alice", info(newSid, 1, "imu"));
        assertThat(outputs).hasSize(before + 1);
        assertThat(outputs).last().isEqualTo(new RemoteOutput.SfuUpdateSubscription(newSid, true));
        assertThat(track.info().sid()).isEqualTo(newSid);
        assertThat(track.isPublished()).isTrue();
        manager.handle(new RemoteInput.SubscriberHandles(Map.of(4, newSid)));
        scheduler.runPending();
        send(new Packetizer(4, Packetizer.DEFAULT_MTU, () -> 0, 0, 0), new byte[] {8}, PacketExtensions.NONE);
        assertThat(sub.tryReceive().orElseThrow().toByteArray()).containsExactly(8);
    }

    @Test
    void differentPublicationWithSameHandleIsNewTrack() {
        RemoteDataTrack old = announce("alice", info(SID, 1, "imu"));
        RemoteDataTrack fresh = announce("alice", info(DataTrackSid.of("DTR_x"), 1, "other-name"));
        assertThat(fresh).isNotNull().isNotSameAs(old);
        assertThat(old.isPublished()).isFalse();
    }

    private void session(String identity, String participantSid, boolean departed, DataTrackInfo... infos) {
        manager.handle(new RemoteInput.ParticipantUpdate(List.of(
                new RemoteInput.PublisherTracks(identity, List.of(infos), participantSid, departed))));
        scheduler.runPending();
    }

    @Test
    void publisherBackInANewSessionKeepsTheTrackUntilItIsRepublished() throws Exception {
        session("alice", "PA_1", false, info(SID, 1, "imu"));
        RemoteDataTrack track = ((RemoteOutput.TrackPublished) outputs.get(0)).track();
        DataTrackSubscription sub = subscribeActive(track, 3, SubscribeOptions.defaults());
        int before = outputs.size();

        // The publisher reconnected from scratch: its new session shows up before its republish.
        session("alice", "PA_2", false);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(outputs).hasSize(before);
        assertThat(track.isPublished()).isTrue();
        assertThat(sub.isEnded()).isFalse();

        DataTrackSid newSid = DataTrackSid.of("DTR_new");
        session("alice", "PA_2", false, info(newSid, 1, "imu"));
        assertThat(outputs.subList(before, outputs.size()))
                .containsExactly(new RemoteOutput.SfuUpdateSubscription(newSid, true));
        assertThat(track.info().sid()).isEqualTo(newSid);
        manager.handle(new RemoteInput.SubscriberHandles(Map.of(4, newSid)));
        scheduler.runPending();
        send(new Packetizer(4, Packetizer.DEFAULT_MTU, () -> 0, 0, 0), new byte[] {9}, PacketExtensions.NONE);
        assertThat(sub.tryReceive().orElseThrow().toByteArray()).containsExactly(9);

        // The grace timer is gone: nothing happens later.
        scheduler.advance(RemoteManager.REPUBLISH_GRACE);
        assertThat(track.isPublished()).isTrue();
        assertThat(sub.isEnded()).isFalse();
    }

    @Test
    void trackNotRepublishedByTheNewSessionIsUnpublishedAfterTheGrace() throws Exception {
        session("alice", "PA_1", false, info(SID, 1, "imu"));
        RemoteDataTrack track = ((RemoteOutput.TrackPublished) outputs.get(0)).track();
        DataTrackSubscription sub = subscribeActive(track, 3, SubscribeOptions.defaults());
        session("alice", "PA_2", false);
        scheduler.advance(RemoteManager.REPUBLISH_GRACE.minusMillis(1));
        assertThat(track.isPublished()).isTrue();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(track.isPublished()).isFalse();
        assertThat(sub.isEnded()).isTrue();
        assertThat(outputs).last().isEqualTo(new RemoteOutput.TrackUnpublished(track));
    }

    @Test
    void sameSessionWithoutTheTrackOrItsDepartureUnpublishesAtOnce() {
        session("alice", "PA_1", false, info(SID, 1, "imu"));
        RemoteDataTrack first = ((RemoteOutput.TrackPublished) outputs.get(0)).track();
        session("alice", "PA_1", false);
        assertThat(first.isPublished()).isFalse();

        DataTrackSid other = DataTrackSid.of("DTR_two");
        session("alice", "PA_1", false, info(other, 2, "gps"));
        RemoteDataTrack second = ((RemoteOutput.TrackPublished) outputs.get(outputs.size() - 1)).track();
        session("alice", "PA_1", true);
        assertThat(second.isPublished()).isFalse();
    }

    @Test
    void lateDepartureOfAnOlderSessionIsIgnored() {
        session("alice", "PA_1", false, info(SID, 1, "imu"));
        RemoteDataTrack track = ((RemoteOutput.TrackPublished) outputs.get(0)).track();
        DataTrackSid newSid = DataTrackSid.of("DTR_new");
        session("alice", "PA_2", false, info(newSid, 1, "imu")); // republished at once: reassigned
        session("alice", "PA_1", true); // the old session's DISCONNECTED notice, late
        assertThat(track.isPublished()).isTrue();
        assertThat(track.info().sid()).isEqualTo(newSid);
    }

    @Test
    void localFullReconnectResendsAndForgetsOldHandles() throws Exception {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        DataTrackSubscription sub = subscribeActive(track, 3, SubscribeOptions.defaults());
        manager.handle(new RemoteInput.ResendSubscriptions());
        scheduler.runPending();
        assertThat(outputs).last().isEqualTo(new RemoteOutput.SfuUpdateSubscription(SID, true));
        send(new Packetizer(3, Packetizer.DEFAULT_MTU, () -> 0, 0, 0), new byte[] {1}, PacketExtensions.NONE);
        assertThat(sub.tryReceive()).isEmpty(); // old handle: dropped, not misrouted
        manager.handle(new RemoteInput.SubscriberHandles(Map.of(6, SID)));
        scheduler.runPending();
        send(new Packetizer(6, Packetizer.DEFAULT_MTU, () -> 0, 0, 0), new byte[] {2}, PacketExtensions.NONE);
        assertThat(sub.tryReceive().orElseThrow().toByteArray()).containsExactly(2);
    }

    @Test
    void encryptedTrackNeedsAKeyProvider() {
        RemoteDataTrack track = announce("alice", DataTrackInfo.builder(SID, 1, "s").usesE2ee(true).build());
        CompletableFuture<DataTrackSubscription> f = track.subscribe();
        scheduler.runPending();
        assertThat(failure(f)).isEqualTo(SubscribeException.Reason.MISSING_DECRYPTION);
        assertThat(outputs).noneMatch(o -> o instanceof RemoteOutput.SfuUpdateSubscription);
    }

    @Test
    void encryptedFramesAreDecryptedAndFailuresNeverDelivered() throws Exception {
        // Fake cipher: "ciphertext" = 0xEE marker + plaintext; anything else fails.
        manager = newManager((payload, sender) -> {
            byte[] c = payload.ciphertext();
            if (!sender.equals("alice") || c.length == 0 || c[0] != (byte) 0xEE) {
                throw new E2eeException(E2eeException.Reason.DECRYPTION_FAILED, "bad");
            }
            return Arrays.copyOfRange(c, 1, c.length);
        });
        RemoteDataTrack track = announce("alice", DataTrackInfo.builder(SID, 1, "s").usesE2ee(true).build());
        DataTrackSubscription sub = subscribeActive(track, 2, SubscribeOptions.defaults());
        Packetizer p = new Packetizer(2, Packetizer.DEFAULT_MTU, () -> 0, 0, 0);
        PacketExtensions e2ee = PacketExtensions.NONE.withE2ee(new E2eeExtension(0, new byte[12]));
        send(p, new byte[] {(byte) 0xEE, 1, 2}, e2ee);
        send(p, new byte[] {0x00, 9, 9}, e2ee); // fails to decrypt
        send(p, new byte[] {(byte) 0xEE, 3}, PacketExtensions.NONE); // no E2EE metadata
        assertThat(sub.tryReceive().orElseThrow().toByteArray()).containsExactly(1, 2);
        assertThat(sub.tryReceive()).isEmpty();
        assertThat(track.stats().framesUndecryptable()).isEqualTo(2);
    }

    @Test
    void malformedPacketsAreCountedAndDropped() {
        manager.onPacket(new byte[3]);
        manager.onPacket(new byte[] {0x18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // handle 0
        assertThat(manager.packetsUnparseable()).isEqualTo(2);
    }

    @Test
    void maxPartialFramesLetsInterleavedFramesSurvive() throws Exception {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        DataTrackSubscription sub = subscribeActive(track, 3, SubscribeOptions.defaults());
        Packetizer p = new Packetizer(3, 20, () -> 0, 0, 0); // 8 payload bytes per packet
        List<Packet> a = p.packetize(new byte[16], PacketExtensions.NONE);
        byte[] bBytes = new byte[16];
        Arrays.fill(bBytes, (byte) 1);
        List<Packet> b = p.packetize(bBytes, PacketExtensions.NONE);

        track.setMaxPartialFrames(2);
        for (Packet pk : List.of(a.get(0), b.get(0), a.get(1), b.get(1))) {
            manager.onPacket(pk.toByteArray());
        }
        scheduler.runPending();
        assertThat(sub.tryReceive()).isPresent();
        assertThat(sub.tryReceive()).isPresent();

        track.setMaxPartialFrames(1);
        a = p.packetize(new byte[16], PacketExtensions.NONE);
        b = p.packetize(bBytes, PacketExtensions.NONE);
        for (Packet pk : List.of(a.get(0), b.get(0), a.get(1), b.get(1))) {
            manager.onPacket(pk.toByteArray());
        }
        scheduler.runPending();
        assertThat(sub.tryReceive().orElseThrow().toByteArray()).isEqualTo(bBytes);
        assertThat(sub.tryReceive()).isEmpty();
        assertThat(track.stats().framesInterrupted()).isEqualTo(1);
        assertThat(track.stats().framesUnknown()).isEqualTo(1);
    }

    @Test
    void flowPublisherHonoursDemandAndCompletes() throws Exception {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        DataTrackSubscription sub = subscribeActive(track, 3, SubscribeOptions.defaults());
        List<String> events = new ArrayList<>();
        Flow.Subscription[] handle = new Flow.Subscription[1];
        sub.asPublisher().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                handle[0] = s;
                s.request(1);
            }

            @Override
            public void onNext(DataTrackFrame item) {
                events.add("next:" + item.toByteArray()[0]);
            }

            @Override
            public void onError(Throwable t) {
                events.add("error");
            }

            @Override
            public void onComplete() {
                events.add("complete");
            }
        });
        scheduler.runPending();
        Packetizer p = new Packetizer(3, Packetizer.DEFAULT_MTU, () -> 0, 0, 0);
        send(p, new byte[] {1}, PacketExtensions.NONE);
        send(p, new byte[] {2}, PacketExtensions.NONE);
        assertThat(events).containsExactly("next:1");
        handle[0].request(5);
        scheduler.runPending();
        assertThat(events).containsExactly("next:1", "next:2");
        announce("alice");
        scheduler.runPending();
        assertThat(events).containsExactly("next:1", "next:2", "complete");
    }

    @Test
    void cancellingTheOnlyWaiterWithdrawsTheRequest() {
        RemoteDataTrack track = announce("alice", info(SID, 1, "imu"));
        CompletableFuture<DataTrackSubscription> f = track.subscribe();
        scheduler.runPending();
        f.cancel(true);
        scheduler.runPending();
        assertThat(outputs).last().isEqualTo(new RemoteOutput.SfuUpdateSubscription(SID, false));
        assertThat(scheduler.pendingTimers()).isZero();
    }
}
