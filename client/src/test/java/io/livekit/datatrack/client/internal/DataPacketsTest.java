package io.livekit.datatrack.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.client.RoomEvent;
import io.livekit.datatrack.protocol.LivekitModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataPacketsTest {

    @Test
    @SuppressWarnings("deprecation")
    void encodesUserPacketWithSenderAndSequence() throws Exception {
        byte[] wire = DataPackets.encodeUser(new byte[] {1, 2}, true, "t", List.of("bob"), "alice", "PA_a", 7);
        LivekitModels.DataPacket p = LivekitModels.DataPacket.parseFrom(wire);
        assertThat(p.getKind()).isEqualTo(LivekitModels.DataPacket.Kind.RELIABLE);
        assertThat(p.getSequence()).isEqualTo(7);
        assertThat(p.getParticipantIdentity()).isEqualTo("alice");
        assertThat(p.getParticipantSid()).isEqualTo("PA_a");
        assertThat(p.getDestinationIdentitiesList()).containsExactly("bob");
        assertThat(p.getUser().getPayload().toByteArray()).containsExactly(1, 2);
        assertThat(p.getUser().getTopic()).isEqualTo("t");
        assertThat(p.getUser().getDestinationIdentitiesList()).containsExactly("bob");
        byte[] lossy = DataPackets.encodeUser(new byte[0], false, null, List.of(), "alice", "PA_a", 0);
        LivekitModels.DataPacket l = LivekitModels.DataPacket.parseFrom(lossy);
        assertThat(l.getKind()).isEqualTo(LivekitModels.DataPacket.Kind.LOSSY);
        assertThat(l.getUser().hasTopic()).isFalse();
    }

    @Test
    void dropsReliableDuplicatesPerSender() {
        DataPackets d = new DataPackets();
        byte[] a1 = DataPackets.encodeUser(new byte[] {1}, true, "", List.of(), "alice", "PA_a", 1);
        byte[] a2 = DataPackets.encodeUser(new byte[] {2}, true, "", List.of(), "alice", "PA_a", 2);
        byte[] b1 = DataPackets.encodeUser(new byte[] {3}, true, "", List.of(), "bob", "PA_b", 1);
        assertThat(d.decode(a1, true)).isPresent();
        assertThat(d.decode(a2, true)).isPresent();
        assertThat(d.decode(a1, true)).isEmpty(); // replayed
        assertThat(d.decode(a2, true)).isEmpty();
        assertThat(d.decode(b1, true)).isPresent(); // other sender, own sequence space
        RoomEvent.DataReceived e = d.decode(
                DataPackets.encodeUser(new byte[] {4}, false, "x", List.of(), "alice", "PA_a", 0), false).orElseThrow();
        assertThat(e.reliable()).isFalse();
        assertThat(e.topic()).isEqualTo("x");
        assertThat(e.participantIdentity()).isEqualTo("alice");
        d.forget("PA_a");
        assertThat(d.decode(a1, true)).isPresent(); // a new session of the same sender starts over
        assertThat(d.decode(new byte[] {(byte) 0xff, 0x01}, true)).isEmpty(); // garbage
    }
}
