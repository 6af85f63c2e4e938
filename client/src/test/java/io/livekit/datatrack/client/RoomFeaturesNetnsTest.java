package io.livekit.datatrack.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.PublishException;
import io.livekit.datatrack.SubscribeException;
import io.livekit.datatrack.e2ee.KeyProvider;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.token.VideoGrant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** E2EE, publish errors, data packets, resume and full reconnect against the real livekit-server. */
class RoomFeaturesNetnsTest {
    private static LivekitServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = LivekitServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Room connect(String token, RoomOptions options, Events events) throws Exception {
        return Room.connect(server.url(), token, options, events, Runnable::run).get(20, TimeUnit.SECONDS);
    }

    private static Room connect(String room, String identity, RoomOptions options, Events events) throws Exception {
        return connect(LivekitServer.token(room, identity), options, events);
    }

    private static String newRoom() {
        return "room-" + UUID.randomUUID();
    }

    @Test
    void typedTrackWithSchemaDefinition() throws Exception {
        TypedTrackScenario.run((room, identity, events) -> connect(room, identity, RoomOptions.defaults(), events));
    }

    @Test
    void twoHundredFiftySixTracksAtOnce() throws Exception {
        // 64 requests unanswered at most: livekit-server drops signal messages beyond 200 queued
        // per participant (measured here: bursts of 256 lost publish responses and handle maps).
        ManyTracksScenario.run((room, identity, events) -> connect(room, identity, RoomOptions.defaults(), events), 64);
    }

    @Test
    void slowSubscriberLosesOnlyTheOldestFrames() throws Exception {
        SlowSubscriberScenario.run((room, identity, events) -> connect(room, identity, RoomOptions.defaults(), events));
    }

    @Test
    void e2eeWithSharedPassphrase() throws Exception {
        String room = newRoom();
        RoomOptions aliceOptions = RoomOptions.builder().encryption(KeyProvider.withSharedPassphrase("open sesame")).build();
        RoomOptions bobOptions = RoomOptions.builder().encryption(KeyProvider.withSharedPassphrase("open sesame")).build();
        Events bobEvents = new Events();
        Events carolEvents = new Events();
        try (Room alice = connect(room, "alice", aliceOptions, new Events());
                Room bob = connect(room, "bob", bobOptions, bobEvents);
                Room carol = connect(room, "carol", RoomOptions.defaults(), carolEvents)) {
            LocalDataTrack track = alice.localParticipant().publishDataTrack(DataTrackOptions.named("secret"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(track.info().usesE2ee()).isTrue();
            var published = bobEvents.await(RoomEvent.DataTrackPublished.class, Duration.ofSeconds(10));
            assertThat(published.track().info().usesE2ee()).isTrue();
            // Without a key provider an encrypted track cannot be subscribed.
            var seenByCarol = carolEvents.await(RoomEvent.DataTrackPublished.class, Duration.ofSeconds(10));
            assertThatThrownBy(() -> seenByCarol.track().subscribe().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SubscribeException.class)
                    .cause()
                    .extracting(e -> ((SubscribeException) e).reason())
                    .isEqualTo(SubscribeException.Reason.MISSING_DECRYPTION);
            try (DataTrackSubscription sub = published.track().subscribe().get(10, TimeUnit.SECONDS)) {
                Transfer.Result r = Transfer.run(track, sub, 300, 1024, 100);
                System.out.println("[e2ee v1 300x1024B @100fps] " + r);
                Transfer.assertDelivered(r, alice.stats());
                assertThat(published.track().stats().framesUndecryptable()).isZero();
            }
        }
    }

    @Test
    void publishWithoutCanPublishDataIsNotAllowed() throws Exception {
        String room = newRoom();
        String token = LivekitServer.token(VideoGrant.join(room).withCanPublishData(false), "viewer");
        try (Room viewer = connect(token, RoomOptions.defaults(), new Events())) {
            assertThatThrownBy(() -> viewer.localParticipant()
                            .publishDataTrack(DataTrackOptions.named("nope"))
                            .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(PublishException.class)
                    .extracting(e -> ((PublishException) e).reason())
                    .isEqualTo(PublishException.Reason.NOT_ALLOWED);
        }
    }

    @Test
    void duplicateNameIsRefused() throws Exception {
        try (Room alice = connect(newRoom(), "alice", RoomOptions.defaults(), new Events())) {
            LocalDataTrack first = alice.localParticipant().publishDataTrack(DataTrackOptions.named("twin"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(first.isPublished()).isTrue();
            assertThatThrownBy(() -> alice.localParticipant()
                            .publishDataTrack(DataTrackOptions.named("twin"))
                            .get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(PublishException.class)
                    .extracting(e -> ((PublishException) e).reason())
                    .isEqualTo(PublishException.Reason.DUPLICATE_NAME);
            // Unpublish frees the name.
            first.unpublish().get(5, TimeUnit.SECONDS);
            assertThat(first.isPublished()).isFalse();
            Thread.sleep(200);
            LocalDataTrack again = alice.localParticipant().publishDataTrack(DataTrackOptions.named("twin"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(again.info().sid()).isNotEqualTo(first.info().sid());
        }
    }

    @Test
    void dataPacketsReliableAndLossyWithTopicAndDestinations() throws Exception {
        String room = newRoom();
        Events bobEvents = new Events();
        Events carolEvents = new Events();
        try (Room alice = connect(room, "alice", RoomOptions.builder().singlePeerConnection(false).build(), new Events());
                Room bob = connect(room, "bob", RoomOptions.defaults(), bobEvents);
                Room carol = connect(room, "carol", RoomOptions.defaults(), carolEvents)) {
            bobEvents.await(RoomEvent.ParticipantJoined.class, e -> e.participant().identity().equals("alice"), Duration.ofSeconds(5));
            int n = 50;
            for (int i = 0; i < n; i++) {
                alice.localParticipant().publishData(bytes("r" + i), true, "chat", List.of()).get(5, TimeUnit.SECONDS);
            }
            for (int i = 0; i < n; i++) {
                var e = bobEvents.await(RoomEvent.DataReceived.class, d -> d.reliable(), Duration.ofSeconds(5));
                assertThat(new String(e.payload(), StandardCharsets.UTF_8)).isEqualTo("r" + i); // ordered, none lost
                assertThat(e.participantIdentity()).isEqualTo("alice");
                assertThat(e.topic()).isEqualTo("chat");
            }
            for (int i = 0; i < 20; i++) {
                alice.localParticipant().publishData(bytes("l" + i), false, "", List.of("bob")).get(5, TimeUnit.SECONDS);
                Thread.sleep(5);
            }
            int lossy = 0;
            try {
                while (lossy < 20) {
                    var e = bobEvents.await(RoomEvent.DataReceived.class, d -> !d.reliable(), Duration.ofSeconds(2));
                    assertThat(new String(e.payload(), StandardCharsets.UTF_8)).startsWith("l");
                    lossy++;
                }
            } catch (AssertionError timeout) {
                // lossy may lose some, but on one host it should not lose many
            }
            assertThat(lossy).isGreaterThanOrEqualTo(18);
            // carol got the broadcast reliable packets but none of the lossy ones addressed to bob
            int carolReliable = 0;
            RoomEvent e;
            while ((e = carolEvents.queue.poll(300, TimeUnit.MILLISECONDS)) != null) {
                if (e instanceof RoomEvent.DataReceived d) {
                    assertThat(d.reliable()).isTrue();
                    carolReliable++;
                }
            }
            assertThat(carolReliable).isEqualTo(n);
            assertThat(alice.stats().dataPacketsSent()).isEqualTo(n + 20);
            assertThatThrownBy(() -> alice.localParticipant().publishData(new byte[70_000], true, null, List.of())
                            .get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void resumeKeepsTracksAndSubscriptions() throws Exception {
        resume(RoomOptions.defaults());
    }

    @Test
    void resumeKeepsTracksAndSubscriptionsV0() throws Exception {
        resume(RoomOptions.builder().singlePeerConnection(false).build());
    }

    @Test
    void sameIdentityElsewhereDisconnectsTheOldSession() throws Exception {
        String room = newRoom();
        Events firstEvents = new Events();
        try (Room first = connect(room, "dup", RoomOptions.defaults(), firstEvents);
                Room second = connect(room, "dup", RoomOptions.defaults(), new Events())) {
            RoomEvent.Disconnected d = firstEvents.await(RoomEvent.Disconnected.class, Duration.ofSeconds(10));
            assertThat(d.reason()).isEqualTo(DisconnectReason.DUPLICATE_IDENTITY);
            assertThat(first.isConnected()).isFalse();
            Thread.sleep(500);
            assertThat(second.isConnected()).isTrue();
        }
    }

    private void resume(RoomOptions options) throws Exception {
        String room = newRoom();
        Events aliceEvents = new Events();
        Events bobEvents = new Events();
        try (Room alice = connect(room, "alice", options, aliceEvents);
                Room bob = connect(room, "bob", options, bobEvents)) {
            LocalDataTrack track = alice.localParticipant().publishDataTrack(DataTrackOptions.named("steady"))
                    .get(10, TimeUnit.SECONDS);
            DataTrackSid sid = track.info().sid();
            var published = bobEvents.await(RoomEvent.DataTrackPublished.class, Duration.ofSeconds(10));
            try (DataTrackSubscription sub = published.track().subscribe().get(10, TimeUnit.SECONDS)) {
                assertThat(pushAndReceive(track, sub, 1)).isTrue();
                String aliceSid = alice.localParticipant().sid();

                for (int i = 0; i < 20; i++) {
                    alice.localParticipant().publishData(bytes("p" + i), true, "", List.of());
                }
                alice.session().simulateSignalLoss();
                aliceEvents.await(RoomEvent.Reconnecting.class, e -> !e.fullReconnect(), Duration.ofSeconds(5));
                aliceEvents.await(RoomEvent.Reconnected.class, e -> !e.fullReconnect(), Duration.ofSeconds(15));
                for (int i = 20; i < 40; i++) {
                    alice.localParticipant().publishData(bytes("p" + i), true, "", List.of()).get(5, TimeUnit.SECONDS);
                }
                for (int i = 0; i < 40; i++) { // every reliable packet once, in order, across the resume
                    var d = bobEvents.await(RoomEvent.DataReceived.class, Duration.ofSeconds(5));
                    assertThat(new String(d.payload(), StandardCharsets.UTF_8)).isEqualTo("p" + i);
                }
                assertThat(alice.localParticipant().sid()).isEqualTo(aliceSid);
                assertThat(track.info().sid()).isEqualTo(sid);
                assertThat(pushAndReceive(track, sub, 2)).isTrue();

                bob.session().simulateSignalLoss();
                bobEvents.await(RoomEvent.Reconnected.class, e -> !e.fullReconnect(), Duration.ofSeconds(15));
                assertThat(pushAndReceive(track, sub, 3)).isTrue();
                assertThat(alice.stats().resumes()).isEqualTo(1);
                assertThat(bob.stats().resumes()).isEqualTo(1);
                assertThat(bobEvents.queue).noneMatch(e -> e instanceof RoomEvent.DataTrackUnpublished);
            }
        }
    }

    @Test
    void fullReconnectRepublishesWithNewSid() throws Exception {
        String room = newRoom();
        Events aliceEvents = new Events();
        Events bobEvents = new Events();
        try (Room alice = connect(room, "alice", RoomOptions.defaults(), aliceEvents);
                Room bob = connect(room, "bob", RoomOptions.defaults(), bobEvents)) {
            LocalDataTrack track = alice.localParticipant().publishDataTrack(DataTrackOptions.named("phoenix"))
                    .get(10, TimeUnit.SECONDS);
            DataTrackSid sid = track.info().sid();
            var published = bobEvents.await(RoomEvent.DataTrackPublished.class, Duration.ofSeconds(10));
            DataTrackSubscription sub = published.track().subscribe().get(10, TimeUnit.SECONDS);
            assertThat(pushAndReceive(track, sub, 1)).isTrue();
            String aliceSid = alice.localParticipant().sid();

            // The server drops alice's session ("node failure"): her resume is refused with a leave
            // (RECONNECT), so she reconnects from scratch and republishes.
            alice.session().sendSignalRequest(LivekitRtc.SignalRequest.newBuilder()
                    .setSimulate(LivekitRtc.SimulateScenario.newBuilder().setNodeFailure(true))
                    .build());
            aliceEvents.await(RoomEvent.Reconnecting.class, RoomEvent.Reconnecting::fullReconnect, Duration.ofSeconds(20));
            aliceEvents.await(RoomEvent.Reconnected.class, RoomEvent.Reconnected::fullReconnect, Duration.ofSeconds(20));
            assertThat(alice.localParticipant().sid()).isNotEqualTo(aliceSid);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (track.info().sid().equals(sid) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(track.isPublished()).isTrue();
            assertThat(track.info().sid()).isNotEqualTo(sid);
            assertThat(alice.stats().fullReconnects()).isEqualTo(1);

            // livekit-server removes the failed session and tells the others (DISCONNECTED), so this
            // is not a SID reassignment (signaling.md 6.4): Bob sees alice leave with her track
            // (his subscription ends) and come back with the republished track, which he
            // subscribes to anew. (Against our SFU, which replaces the session silently, the same
            // subscription follows the track: FaultsNetnsTest.)
            bobEvents.await(RoomEvent.ParticipantLeft.class, e -> e.participant().sid().equals(aliceSid), Duration.ofSeconds(10));
            var unpublished = bobEvents.await(RoomEvent.DataTrackUnpublished.class, Duration.ofSeconds(10));
            assertThat(unpublished.track()).isSameAs(published.track());
            assertThat(unpublished.track().info().sid()).isEqualTo(sid);
            var again = bobEvents.await(RoomEvent.DataTrackPublished.class, Duration.ofSeconds(10));
            assertThat(again.track()).isNotSameAs(published.track());
            assertThat(again.track().info().name()).isEqualTo("phoenix");
            assertThat(again.track().info().sid()).isEqualTo(track.info().sid());
            long deadline2 = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!sub.isEnded() && System.nanoTime() < deadline2) {
                sub.poll(Duration.ofMillis(50));
            }
            assertThat(sub.isEnded()).isTrue();
            sub.close();
            sub = again.track().subscribe().get(10, TimeUnit.SECONDS);
            assertThat(pushAndReceive(track, sub, 3)).isTrue();
            sub.close();
        }
    }

    /** Pushes frames until one with {@code marker} arrives (the path may need a moment). */
    private static boolean pushAndReceive(LocalDataTrack track, DataTrackSubscription sub, int marker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                track.tryPush(DataTrackFrame.of(new byte[] {(byte) marker, 1, 2, 3}));
            } catch (RuntimeException e) {
                // republishing: try again
            }
            Optional<DataTrackFrame> f = sub.poll(Duration.ofMillis(100));
            while (f.isPresent()) {
                if (f.get().toByteArray()[0] == (byte) marker) {
                    return true;
                }
                f = sub.tryReceive();
            }
            if (sub.isEnded()) {
                return false;
            }
        }
        return false;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
