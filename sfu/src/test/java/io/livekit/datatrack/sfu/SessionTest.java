package io.livekit.datatrack.sfu;

import static io.livekit.datatrack.sfu.testclient.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitModels.DisconnectReason;
import io.livekit.datatrack.protocol.LivekitModels.ParticipantInfo.State;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.LeaveRequest.Action;
import io.livekit.datatrack.protocol.LivekitRtc.SignalResponse.MessageCase;
import io.livekit.datatrack.sfu.testclient.SfuExtension;
import io.livekit.datatrack.sfu.testclient.TestClient;
import io.livekit.datatrack.sfu.testclient.TestSfu;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session-level signaling without peer connections (signaling.md 3.2, 3.8–3.10, 6.2–6.3): the
 * JoinResponse, ping/pong, identity replacement, leave, resume and SyncState.
 */
class SessionTest {
    @RegisterExtension
    static final SfuExtension SFU = SfuExtension.loopback();
    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:[-+].*)?");
    private static final Duration QUIET = Duration.ofMillis(300);

    private static TestClient join(String identity, String room) throws Exception {
        return SFU.join(identity, room);
    }

    @Test
    void joinResponseDescribesRoomParticipantAndServer() throws Exception {
        String room = TestSfu.room("join");
        try (TestClient alice = join("alice", room)) {
            LivekitRtc.JoinResponse join = alice.joinResponse();

            assertThat(join.hasRoom()).isTrue();
            assertThat(join.getRoom().getSid()).matches("RM_[2-9A-HJ-NP-Za-km-z]{12}");
            assertThat(join.getRoom().getName()).isEqualTo(room);
            assertThat(join.getParticipant().getSid()).matches("PA_[2-9A-HJ-NP-Za-km-z]{12}");
            assertThat(join.getParticipant().getIdentity()).isEqualTo("alice");
            assertThat(join.getOtherParticipantsList()).isEmpty();
            assertThat(join.getPingInterval()).isEqualTo(5);
            assertThat(join.getPingTimeout()).isEqualTo(15);
            assertThat(join.getSubscriberPrimary()).as("v1: subscriber_primary must be false").isFalse();

            LivekitModels.ServerInfo server = join.getServerInfo();
            assertThat(server.getProtocol()).isEqualTo(17);
            Matcher v = SEMVER.matcher(server.getVersion());
            assertThat(v.matches()).as("semver: %s", server.getVersion()).isTrue();
            int[] version = {Integer.parseInt(v.group(1)), Integer.parseInt(v.group(2)), Integer.parseInt(v.group(3))};
            assertThat(version[0] > 1 || (version[0] == 1 && version[1] >= 8))
                    .as("server version %s >= 1.8.0 (JS RPC)", server.getVersion()).isTrue();
            assertThat(join.getServerVersion()).isEqualTo(server.getVersion());
        }
    }

    @Test
    void joinResponseListsOtherParticipantsWithTheirDataTracks() throws Exception {
        String room = TestSfu.room("others");
        try (TestClient alice = join("alice", room); TestClient bob = join("bob", room)) {
            LivekitModels.DataTrackInfo a1 = alice.publish(1, "alpha");
            LivekitModels.DataTrackInfo a2 = alice.publish(2, "beta");

            try (TestClient carol = join("carol", room)) {
                LivekitRtc.JoinResponse join = carol.joinResponse();
                assertThat(join.getRoom().getSid()).isEqualTo(alice.joinResponse().getRoom().getSid());
                assertThat(join.getOtherParticipantsList())
                        .extracting(LivekitModels.ParticipantInfo::getIdentity)
                        .containsExactlyInAnyOrder("alice", "bob");
                LivekitModels.ParticipantInfo aliceInfo = join.getOtherParticipantsList().stream()
                        .filter(i -> i.getIdentity().equals("alice")).findFirst().orElseThrow();
                assertThat(aliceInfo.getSid()).isEqualTo(alice.sid());
                assertThat(aliceInfo.getDataTracksList()).containsExactlyInAnyOrder(a1, a2);
                LivekitModels.ParticipantInfo bobInfo = join.getOtherParticipantsList().stream()
                        .filter(i -> i.getIdentity().equals("bob")).findFirst().orElseThrow();
                assertThat(bobInfo.getDataTracksList()).isEmpty();

                // the others learn about the newcomer
                assertThat(alice.awaitInfo("carol", "joined", i -> true).getSid()).isEqualTo(carol.sid());
                assertThat(bob.awaitInfo("carol", "joined", i -> true).getSid()).isEqualTo(carol.sid());
            }
        }
    }

    @Test
    void pingIsAnsweredWithPongAndPingReqWithPongResp() throws Exception {
        try (TestClient alice = join("alice", TestSfu.room("ping"))) {
            long before = System.currentTimeMillis();
            alice.send(LivekitRtc.SignalRequest.newBuilder().setPing(1234).build());
            long pong = alice.await(MessageCase.PONG).getPong();
            assertThat(pong).as("pong carries the server's time in ms").isBetween(before - 5_000, System.currentTimeMillis() + 5_000);

            alice.send(LivekitRtc.SignalRequest.newBuilder()
                    .setPingReq(LivekitRtc.Ping.newBuilder().setTimestamp(987_654_321L).setRtt(12))
                    .build());
            LivekitRtc.Pong resp = alice.await(MessageCase.PONG_RESP).getPongResp();
            assertThat(resp.getLastPingTimestamp()).isEqualTo(987_654_321L);
            assertThat(resp.getTimestamp()).isBetween(before - 5_000, System.currentTimeMillis() + 5_000);
        }
    }

    @Test
    void sameIdentityReplacesTheOldSession() throws Exception {
        String room = TestSfu.room("replace");
        try (TestClient bob = join("bob", room); TestClient first = join("alice", room)) {
            LivekitModels.DataTrackInfo track = first.publish(1, "t");
            int handle = bob.subscribe(track.getSid());

            try (TestClient second = join("alice", room)) {
                assertThat(second.sid()).startsWith("PA_").isNotEqualTo(first.sid());
                LivekitRtc.LeaveRequest leave = first.await(MessageCase.LEAVE).getLeave();
                assertThat(leave.getReason()).isEqualTo(DisconnectReason.DUPLICATE_IDENTITY);
                first.awaitClosed();

                // bob sees the new session, no DISCONNECTED notice for the replaced one, and the
                // replaced session's track leaves his handle map
                assertThat(bob.awaitInfo("alice", "new session", i -> i.getSid().equals(second.sid())).getState())
                        .isNotEqualTo(State.DISCONNECTED);
                assertThat(bob.awaitHandles()).doesNotContainKey(handle).isEmpty();
                bob.expectNone("DISCONNECTED notice for the replaced session",
                        r -> r.hasUpdate() && r.getUpdate().getParticipantsList().stream()
                                .anyMatch(i -> i.getSid().equals(first.sid()) && i.getState() == State.DISCONNECTED),
                        QUIET);
                assertThat(second.joinResponse().getOtherParticipantsList())
                        .extracting(LivekitModels.ParticipantInfo::getIdentity).containsExactly("bob");
            }
        }
    }

    @Test
    void replacingTheOnlyParticipantKeepsTheRoom() throws Exception {
        String room = TestSfu.room("replace-alone");
        try (TestClient first = join("alice", room); TestClient second = join("alice", room)) {
            first.await(MessageCase.LEAVE);
            assertThat(SFU.server().rooms()).contains(room);
            try (TestClient bob = join("bob", room)) {
                assertThat(bob.joinResponse().getRoom().getSid()).isEqualTo(second.joinResponse().getRoom().getSid());
                assertThat(bob.joinResponse().getOtherParticipantsList())
                        .extracting(LivekitModels.ParticipantInfo::getSid).containsExactly(second.sid());
                assertThat(second.awaitInfo("bob", "joined", i -> true).getSid()).isEqualTo(bob.sid());
            }
        }
    }

    @Test
    void leaveIsBroadcastAsDisconnectedAndEndsSubscriptions() throws Exception {
        String room = TestSfu.room("leave");
        try (TestClient alice = join("alice", room); TestClient bob = join("bob", room)) {
            LivekitModels.DataTrackInfo track = alice.publish(7, "leaving");
            bob.subscribe(track.getSid());
            bob.clearInbox();

            alice.leave();

            LivekitModels.ParticipantInfo gone = bob.awaitInfo("alice", "DISCONNECTED",
                    i -> i.getState() == State.DISCONNECTED);
            assertThat(gone.getSid()).isEqualTo(alice.sid());
            assertThat(gone.getDataTracksList()).isEmpty();
            assertThat(bob.awaitHandles()).isEmpty();
            alice.awaitClosed();

            try (TestClient carol = join("carol", room)) {
                assertThat(carol.joinResponse().getOtherParticipantsList())
                        .extracting(LivekitModels.ParticipantInfo::getIdentity).containsExactly("bob");
            }
        }
    }

    @Test
    void resumeOfAnUnknownParticipantIsAnsweredWithLeaveReconnect() throws Exception {
        String room = TestSfu.room("resume-unknown");
        try (TestClient nobody = TestClient.builder(SFU.url(), token("nobody", room))
                .joinRequest(b -> b.setReconnect(true).setParticipantSid("PA_unknown00000"))
                .connect()) {
            LivekitRtc.SignalResponse first = nobody.next();
            assertThat(first.hasLeave()).as("first message: %s", first).isTrue();
            assertThat(first.getLeave().getReason()).isEqualTo(DisconnectReason.STATE_MISMATCH);
            assertThat(first.getLeave().getAction()).isEqualTo(Action.RECONNECT);
            nobody.awaitClosed();
        }
    }

    @Test
    void v0ResumeWithAStaleSidIsAnsweredWithLeaveReconnect() throws Exception {
        String room = TestSfu.room("resume-stale");
        try (TestClient alice = join("alice", room);
                TestClient stale = TestClient.builder(SFU.url(), token("alice", room))
                        .v0("&reconnect=1&sid=PA_stale0000000")
                        .connect()) {
            LivekitRtc.SignalResponse first = stale.next();
            assertThat(first.hasLeave()).as("first message: %s", first).isTrue();
            assertThat(first.getLeave().getReason()).isEqualTo(DisconnectReason.STATE_MISMATCH);
            assertThat(first.getLeave().getAction()).isEqualTo(Action.RECONNECT);
            stale.awaitClosed();
            // the existing session is untouched
            alice.send(LivekitRtc.SignalRequest.newBuilder().setPing(1).build());
            alice.await(MessageCase.PONG);
        }
    }

    @Test
    void resumeKeepsTheSessionItsTracksAndSubscriptions() throws Exception {
        String room = TestSfu.room("resume");
        try (TestClient alice = join("alice", room); TestClient bob = join("bob", room)) {
            LivekitModels.DataTrackInfo track = alice.publish(3, "kept");
            int handle = bob.subscribe(track.getSid());
            alice.abortSignal();

            try (TestClient resumed = TestClient.builder(SFU.url(), token("alice", room))
                    .joinRequest(b -> b.setReconnect(true).setParticipantSid(alice.sid()))
                    .connect()) {
                LivekitRtc.SignalResponse first = resumed.next();
                assertThat(first.hasReconnect()).as("first message: %s", first).isTrue();
                assertThat(first.getReconnect().getServerInfo().getVersion()).isNotEmpty();
                LivekitRtc.SignalResponse snapshot = resumed.await(MessageCase.UPDATE);
                assertThat(snapshot.getUpdate().getParticipantsList())
                        .extracting(LivekitModels.ParticipantInfo::getSid)
                        .containsExactlyInAnyOrder(alice.sid(), bob.sid());
                assertThat(snapshot.getUpdate().getParticipantsList().stream()
                        .filter(i -> i.getSid().equals(alice.sid())).findFirst().orElseThrow().getDataTracksList())
                        .containsExactly(track);
                assertThat(resumed.await(MessageCase.ROOM_UPDATE).getRoomUpdate().getRoom().getName()).isEqualTo(room);

                // SyncState naming the track it still has: no reconnect demanded
                resumed.send(syncState(track));
                resumed.send(LivekitRtc.SignalRequest.newBuilder().setPing(1).build());
                resumed.await(MessageCase.PONG);
                resumed.expectNone(MessageCase.LEAVE, QUIET);
                bob.expectNone("a handle map change", r -> r.hasDataTrackSubscriberHandles(), Duration.ZERO);
                bob.expectNone("alice DISCONNECTED", r -> r.hasUpdate() && r.getUpdate().getParticipantsList()
                        .stream().anyMatch(i -> i.getState() == State.DISCONNECTED), Duration.ZERO);
                assertThat(handle).isNotZero();
            }
        }
    }

    @Test
    void resumeReportsParticipantsThatLeftWhileTheSignalWasDown() throws Exception {
        String room = TestSfu.room("resume-departed");
        try (TestClient alice = join("alice", room); TestClient carol = join("carol", room)) {
            TestClient bob = join("bob", room);
            alice.awaitInfo("bob", "joined", i -> true);
            alice.abortSignal();
            bob.leave();
            carol.awaitInfo("bob", "DISCONNECTED", i -> i.getState() == State.DISCONNECTED);
            bob.close();

            try (TestClient resumed = TestClient.builder(SFU.url(), token("alice", room))
                    .joinRequest(b -> b.setReconnect(true).setParticipantSid(alice.sid()))
                    .connect()) {
                assertThat(resumed.next().hasReconnect()).isTrue();
                // JS does not diff the snapshot: without this notice it keeps bob forever
                LivekitModels.ParticipantInfo gone = resumed.awaitInfo("bob", "DISCONNECTED",
                        i -> i.getState() == State.DISCONNECTED);
                assertThat(gone.getSid()).isEqualTo(bob.sid());
                assertThat(gone.getDataTracksList()).isEmpty();
                LivekitRtc.SignalResponse snapshot = resumed.await("the participant snapshot", r -> r.hasUpdate()
                        && r.getUpdate().getParticipantsList().stream().anyMatch(i -> i.getSid().equals(alice.sid())));
                assertThat(snapshot.getUpdate().getParticipantsList())
                        .extracting(LivekitModels.ParticipantInfo::getIdentity).containsExactlyInAnyOrder("alice", "carol");
            }
        }
    }

    @Test
    void hiddenParticipantsAreNeverShownToOthers() throws Exception {
        String room = TestSfu.room("hidden");
        try (TestClient alice = join("alice", room);
                TestClient ghost = TestClient.join(SFU.url(), token("ghost", room, g -> g.withHidden(true)))) {
            assertThat(ghost.joinResponse().getOtherParticipantsList())
                    .extracting(LivekitModels.ParticipantInfo::getIdentity).containsExactly("alice");
            ghost.awaitInfo("ghost", "its own update", i -> true);
            try (TestClient bob = join("bob", room)) {
                assertThat(bob.joinResponse().getOtherParticipantsList())
                        .extracting(LivekitModels.ParticipantInfo::getIdentity).containsExactly("alice");
            }
            ghost.leave();
            ghost.awaitClosed();
            alice.sync();
            alice.expectNone("anything about the hidden participant", r -> r.hasUpdate() && r.getUpdate()
                    .getParticipantsList().stream().anyMatch(i -> i.getIdentity().equals("ghost")), Duration.ZERO);
        }
    }

    @Test
    void closingTheServerTellsEveryoneToDisconnect() throws Exception {
        SfuServer own = TestSfu.loopback();
        try (TestClient alice = TestClient.join(own.url(), token("alice", "shutdown"));
                TestClient bob = TestClient.join(own.url(), token("bob", "shutdown-2"))) {
            own.close();
            for (TestClient c : new TestClient[] {alice, bob}) {
                LivekitRtc.LeaveRequest leave = c.await(MessageCase.LEAVE).getLeave();
                assertThat(leave.getReason()).isEqualTo(DisconnectReason.SERVER_SHUTDOWN);
                assertThat(leave.getAction()).isEqualTo(Action.DISCONNECT);
                c.awaitClosed();
            }
        } finally {
            own.close();
        }
    }

    @Test
    void anUndecodableRequestClosesOnlyThatConnection() throws Exception {
        String room = TestSfu.room("garbage-signal");
        try (TestClient alice = join("alice", room); TestClient bob = join("bob", room)) {
            LivekitModels.DataTrackInfo track = alice.publish(1, "t");
            bob.subscribe(track.getSid());

            alice.sendRaw(new byte[] {0x0A, 0x05, 0x01}); // field 1 (offer), 5 bytes announced, 1 present
            assertThat(alice.awaitClosed()).isNotEqualTo(1000);

            // everybody else goes on
            bob.sync();
            assertThat(bob.publish(1, "bob's").getSid()).startsWith("DTR_");
            try (TestClient carol = join("carol", room)) {
                assertThat(carol.joinResponse().getOtherParticipantsList())
                        .extracting(LivekitModels.ParticipantInfo::getIdentity).contains("bob");
            }
            // only the connection ended: the session can be resumed with its track
            try (TestClient resumed = TestClient.builder(SFU.url(), token("alice", room))
                    .joinRequest(b -> b.setReconnect(true).setParticipantSid(alice.sid()))
                    .connect()) {
                assertThat(resumed.next().hasReconnect()).isTrue();
                resumed.send(syncState(track));
                resumed.sync();
                resumed.expectNone(MessageCase.LEAVE, Duration.ZERO);
            }
        }
    }

    @Test
    void syncStateWithAnUnknownDataTrackDemandsAFullReconnect() throws Exception {
        String room = TestSfu.room("sync");
        try (TestClient alice = join("alice", room); TestClient bob = join("bob", room)) {
            LivekitModels.DataTrackInfo track = alice.publish(1, "real");
            LivekitModels.DataTrackInfo bogus = track.toBuilder().setSid("DTR_unknown00000").build();

            alice.send(syncState(track, bogus));

            LivekitRtc.LeaveRequest leave = alice.await(MessageCase.LEAVE).getLeave();
            assertThat(leave.getAction()).isEqualTo(Action.RECONNECT);
            assertThat(leave.getReason()).isEqualTo(DisconnectReason.STATE_MISMATCH);
            alice.awaitClosed();
            LivekitModels.ParticipantInfo gone = bob.awaitInfo("alice", "DISCONNECTED", i -> i.getState() == State.DISCONNECTED);
            assertThat(gone.getDataTracksList()).isEmpty();
        }
    }

    @Test
    void syncStateWithAnInfolessEntryDemandsAFullReconnect() throws Exception {
        try (TestClient alice = join("alice", TestSfu.room("sync-empty"))) {
            alice.send(LivekitRtc.SignalRequest.newBuilder()
                    .setSyncState(LivekitRtc.SyncState.newBuilder()
                            .addPublishDataTracks(LivekitRtc.PublishDataTrackResponse.getDefaultInstance()))
                    .build());
            assertThat(alice.await(MessageCase.LEAVE).getLeave().getAction()).isEqualTo(Action.RECONNECT);
        }
    }

    private static LivekitRtc.SignalRequest syncState(LivekitModels.DataTrackInfo... tracks) {
        LivekitRtc.SyncState.Builder sync = LivekitRtc.SyncState.newBuilder();
        for (LivekitModels.DataTrackInfo t : tracks) {
            sync.addPublishDataTracks(LivekitRtc.PublishDataTrackResponse.newBuilder().setInfo(t));
        }
        return LivekitRtc.SignalRequest.newBuilder().setSyncState(sync).build();
    }
}
