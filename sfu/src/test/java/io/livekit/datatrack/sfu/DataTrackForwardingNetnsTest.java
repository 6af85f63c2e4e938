package io.livekit.datatrack.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.internal.Packetizer;
import io.livekit.datatrack.packet.E2eeExtension;
import io.livekit.datatrack.packet.FrameMarker;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
import io.livekit.datatrack.packet.PacketHeader;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.sfu.room.ForwardingStats;
import io.livekit.datatrack.sfu.testclient.Requests;
import io.livekit.datatrack.sfu.testclient.SfuExtension;
import io.livekit.datatrack.sfu.testclient.TestClient;
import io.livekit.datatrack.sfu.testclient.TestSfu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Data-track packet forwarding over real peer connections (signaling.md 4.6, datatrack-core.md
 * 9.4): only the handle bytes change, per subscriber; unsubscribed subscribers get nothing;
 * malformed and foreign packets are counted and dropped without disturbing forwarding.
 */
class DataTrackForwardingNetnsTest {
    @RegisterExtension
    static final SfuExtension SFU = SfuExtension.netns();
    private static final String DT = "_data_track";
    private static final Duration QUIET = Duration.ofMillis(400);

    private static TestClient connect(String identity, String room) throws Exception {
        return SFU.connect(identity, room, DT);
    }

    /**
     * Data-track packets are dropped while the server has not seen the subscriber's channel open
     * (the client may see it open first): sends probes (sequence 60000+) until one arrives, then
     * discards any late probes.
     */
    static void awaitForwarding(TestClient publisher, int pubHandle, TestClient... subscribers) throws Exception {
        java.util.Set<TestClient> waiting = new java.util.HashSet<>(List.of(subscribers));
        for (int i = 0; i < 100 && !waiting.isEmpty(); i++) {
            publisher.sendData(DT, Packet.of(new PacketHeader(FrameMarker.SINGLE, pubHandle, 60_000 + i, 0, 0,
                    PacketExtensions.NONE), new byte[] {1}).toByteArray());
            Thread.sleep(50);
            for (TestClient s : List.copyOf(waiting)) {
                if (!s.drainData(DT, Duration.ZERO).isEmpty()) {
                    waiting.remove(s);
                }
            }
        }
        assertThat(waiting).as("%s: forwarding never started to", publisher).isEmpty();
        for (TestClient s : subscribers) {
            s.drainData(DT, Duration.ofMillis(100));
        }
    }

    /** Canonical packets of several shapes: no extensions, user timestamp, E2EE, both, a multi-packet frame. */
    private static List<byte[]> canonicalPackets(int handle) throws Exception {
        long[] clock = {0x4422_1188L};
        Packetizer packetizer = new Packetizer(handle, 1_000, () -> clock[0] += 3_000, 0xFFF0, 7);
        byte[] iv = new byte[12];
        for (int i = 0; i < iv.length; i++) {
            iv[i] = (byte) (0x3C + i);
        }
        List<PacketExtensions> shapes = List.of(
                PacketExtensions.NONE,
                PacketExtensions.of(null, OptionalLong.of(0x4411_2211_1111_8811L)),
                PacketExtensions.of(new E2eeExtension(0xFA, iv), OptionalLong.empty()),
                PacketExtensions.of(new E2eeExtension(3, iv), OptionalLong.of(1_700_000_000_000L)));
        List<byte[]> wire = new ArrayList<>();
        int n = 0;
        for (PacketExtensions ext : shapes) {
            for (Packet p : packetizer.packetize(payload(40 + n++), ext)) {
                wire.add(p.toByteArray());
            }
        }
        for (Packet p : packetizer.packetize(payload(2_500), PacketExtensions.NONE)) { // 3 packets, wraps the sequence
            wire.add(p.toByteArray());
        }
        wire.add(Packet.of(new PacketHeader(FrameMarker.SINGLE, handle, 5, 6, 7, PacketExtensions.NONE), new byte[0])
                .toByteArray()); // empty payload
        return wire;
    }

    private static byte[] payload(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + length);
        }
        return b;
    }

    private static byte[] withHandle(byte[] packet, int handle) {
        byte[] copy = packet.clone();
        copy[2] = (byte) (handle >>> 8);
        copy[3] = (byte) handle;
        return copy;
    }

    private static int sequenceOf(byte[] packet) {
        return ((packet[4] & 0xFF) << 8) | (packet[5] & 0xFF);
    }

    /** Receives {@code expected.size()} packets and checks them byte for byte (the channel is unordered). */
    private static void assertReceivesExactly(TestClient c, List<byte[]> expected) throws InterruptedException {
        Map<Integer, byte[]> bySequence = new HashMap<>();
        for (byte[] e : expected) {
            bySequence.put(sequenceOf(e), e);
        }
        assertThat(bySequence).as("test packets have distinct sequence numbers").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            byte[] got = c.awaitData(DT);
            byte[] want = bySequence.remove(sequenceOf(got));
            assertThat(want).as("%s: unexpected or repeated packet with sequence %d", c, sequenceOf(got)).isNotNull();
            assertThat(got).isEqualTo(want);
        }
        assertThat(c.pollData(DT, Duration.ofMillis(100))).as("%s: an extra packet", c).isNull();
    }

    @Test
    void subscribersReceiveThePacketsWithOnlyTheirHandleChanged() throws Exception {
        String room = TestSfu.room("forward");
        try (TestClient alice = connect("alice", room); TestClient bob = connect("bob", room);
                TestClient carol = connect("carol", room)) {
            LivekitModels.DataTrackInfo track = alice.publish(0x8811, "canonical");
            int hb = bob.subscribe(track.getSid());
            int hc = carol.subscribe(track.getSid());
            awaitForwarding(alice, 0x8811, bob, carol);
            List<byte[]> sent = canonicalPackets(0x8811);
            long forwardedBefore = SFU.server().stats().dataTrackPacketsForwarded();

            for (byte[] p : sent) {
                alice.sendData(DT, p);
            }

            assertReceivesExactly(bob, sent.stream().map(p -> withHandle(p, hb)).toList());
            assertReceivesExactly(carol, sent.stream().map(p -> withHandle(p, hc)).toList());
            assertThat(alice.pollData(DT, Duration.ZERO)).as("nothing goes back to the publisher").isNull();
            assertThat(SFU.server().stats().dataTrackPacketsForwarded() - forwardedBefore).isEqualTo(2L * sent.size());

            // after unsubscribing, bob gets nothing while carol still does
            bob.send(Requests.unsubscribe(track.getSid()));
            assertThat(bob.awaitHandles()).isEmpty();
            byte[] late = Packet.of(new PacketHeader(FrameMarker.SINGLE, 0x8811, 100, 100, 100, PacketExtensions.NONE),
                    payload(10)).toByteArray();
            alice.sendData(DT, late);
            assertThat(carol.awaitData(DT)).isEqualTo(withHandle(late, hc));
            assertThat(bob.pollData(DT, QUIET)).isNull();
        }
    }

    @Test
    void twoTracksOfOnePublisherAreKeptApart() throws Exception {
        String room = TestSfu.room("two-tracks");
        try (TestClient alice = connect("alice", room); TestClient bob = connect("bob", room)) {
            LivekitModels.DataTrackInfo t1 = alice.publish(1, "one");
            LivekitModels.DataTrackInfo t2 = alice.publish(2, "two");
            int h1 = bob.subscribe(t1.getSid());
            int h2 = bob.subscribe(t2.getSid());
            assertThat(h2).isNotEqualTo(h1);
            awaitForwarding(alice, 1, bob);
            byte[] p1 = Packet.of(new PacketHeader(FrameMarker.SINGLE, 1, 1, 1, 1, PacketExtensions.NONE), payload(5)).toByteArray();
            byte[] p2 = Packet.of(new PacketHeader(FrameMarker.SINGLE, 2, 2, 2, 2, PacketExtensions.NONE), payload(6)).toByteArray();
            alice.sendData(DT, p1);
            alice.sendData(DT, p2);
            assertReceivesExactly(bob, List.of(withHandle(p1, h1), withHandle(p2, h2)));
        }
    }

    @Test
    void malformedAndForeignPacketsAreCountedAndDropped() throws Exception {
        String room = TestSfu.room("garbage");
        try (TestClient alice = connect("alice", room); TestClient bob = connect("bob", room);
                TestClient carol = connect("carol", room)) {
            alice.publish(5, "good");
            LivekitModels.DataTrackInfo track = alice.publish(6, "subscribed");
            carol.publish(77, "carol's");
            int hb = bob.subscribe(track.getSid());
            awaitForwarding(alice, 6, bob);
            byte[] good = Packet.of(new PacketHeader(FrameMarker.SINGLE, 6, 1, 1, 1, PacketExtensions.NONE), payload(20))
                    .toByteArray();
            List<byte[]> malformed = List.of(
                    new byte[0],
                    new byte[] {0x18, 0, 0, 6, 0, 1},                                   // too short
                    withVersion(good, 1),                                               // version 1
                    withVersion(good, 7),                                               // version 7
                    withHandle(good, 0),                                                // handle 0
                    new byte[] {0x1C, 0, 0, 6, 0, 1, 0, 1, 0, 0, 0, 1},                 // X set, no length field
                    new byte[] {0x1C, 0, 0, 6, 0, 1, 0, 1, 0, 0, 0, 1, 0},              // X set, half a length field
                    new byte[] {0x1C, 0, 0, 6, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 2, 8},     // L = 1: 6 bytes, only 2 present
                    new byte[] {0x1C, 0, 0, 6, 0, 1, 0, 1, 0, 0, 0, 1, (byte) 0xFF, (byte) 0xFF, 0, 0},
                    new byte[] {0x1C, 0, 0, 6, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 2, 8});    // user ts ext overruns its block
            ForwardingStats before = SFU.server().stats();

            for (byte[] m : malformed) {
                alice.sendData(DT, m.length == 0 ? new byte[] {0} : m);
            }
            alice.sendData(DT, withHandle(good, 99));  // no track of alice has handle 99
            alice.sendData(DT, withHandle(good, 77));  // carol's handle, not alice's
            alice.sendData(DT, withHandle(good, hb));  // the subscriber's handle means nothing upstream
            bob.sendData(DT, withHandle(good, 6));     // bob has no track 6: not forwarded to anyone

            TestSfu.until("malformed packets counted", Duration.ofSeconds(5),
                    () -> SFU.server().stats().dataTrackPacketsMalformed() - before.dataTrackPacketsMalformed() == malformed.size());
            TestSfu.until("unknown-handle packets counted", Duration.ofSeconds(5),
                    () -> SFU.server().stats().dataTrackPacketsUnknownHandle() - before.dataTrackPacketsUnknownHandle() == 4);
            assertThat(bob.pollData(DT, QUIET)).as("nothing forwarded").isNull();
            assertThat(carol.pollData(DT, Duration.ZERO)).isNull();
            assertThat(SFU.server().stats().dataTrackPacketsForwarded()).isEqualTo(before.dataTrackPacketsForwarded());

            // forwarding goes on
            alice.sendData(DT, good);
            assertThat(bob.awaitData(DT)).isEqualTo(withHandle(good, hb));
            ForwardingStats after = SFU.server().stats();
            assertThat(after.dataTrackPacketsMalformed() - before.dataTrackPacketsMalformed()).isEqualTo(malformed.size());
            assertThat(after.dataTrackPacketsUnknownHandle() - before.dataTrackPacketsUnknownHandle()).isEqualTo(4);
        }
    }

    private static byte[] withVersion(byte[] packet, int version) {
        byte[] copy = packet.clone();
        copy[0] = (byte) ((copy[0] & 0x1F) | (version << 5));
        return copy;
    }
}
