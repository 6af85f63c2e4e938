package io.livekit.datatrack.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.client.RemoteParticipant;
import io.livekit.datatrack.protocol.LivekitModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Joins, updates and departures from the server's participant lists. */
class ParticipantDirectoryTest {
    private final ParticipantDirectory directory = new ParticipantDirectory();
    private final List<String> changes = new ArrayList<>();
    private final ParticipantDirectory.Changes record = new ParticipantDirectory.Changes() {
        @Override
        public void joined(RemoteParticipant participant) {
            changes.add("+" + participant.identity() + "/" + participant.sid());
        }

        @Override
        public void left(RemoteParticipant participant) {
            changes.add("-" + participant.identity() + "/" + participant.sid());
        }
    };

    private static LivekitModels.ParticipantInfo info(String identity, String sid, boolean disconnected) {
        return LivekitModels.ParticipantInfo.newBuilder()
                .setIdentity(identity)
                .setSid(sid)
                .setName(identity + " name")
                .setState(disconnected
                        ? LivekitModels.ParticipantInfo.State.DISCONNECTED
                        : LivekitModels.ParticipantInfo.State.ACTIVE)
                .build();
    }

    @Test
    void joinsUpdatesAndLeavesSkippingTheLocalParticipant() {
        directory.apply(List.of(info("me", "PA_me", false), info("bob", "PA_b1", false)), "me", record);
        directory.apply(List.of(info("bob", "PA_b1", false)), "me", record); // an update: no event
        assertThat(changes).containsExactly("+bob/PA_b1");
        assertThat(directory.snapshot()).containsOnlyKeys("bob");
        assertThat(directory.snapshot().get("bob").name()).isEqualTo("bob name");

        directory.apply(List.of(info("bob", "PA_b1", true)), "me", record);
        assertThat(changes).containsExactly("+bob/PA_b1", "-bob/PA_b1");
        assertThat(directory.snapshot()).isEmpty();
    }

    @Test
    void aDepartureOfAnOlderSessionIsIgnored() {
        directory.apply(List.of(info("bob", "PA_b2", false)), "me", record);
        directory.apply(List.of(info("bob", "PA_b1", true), info("carol", "PA_c", true)), "me", record);
        assertThat(changes).containsExactly("+bob/PA_b2");
        assertThat(directory.snapshot().get("bob").sid()).isEqualTo("PA_b2");
    }

    @Test
    void theSnapshotIsACopy() {
        directory.apply(List.of(info("bob", "PA_b1", false)), "me", record);
        var before = directory.snapshot();
        directory.apply(List.of(info("bob", "PA_b1", true)), "me", record);
        assertThat(before).containsOnlyKeys("bob");
    }
}
