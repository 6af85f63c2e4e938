package io.livekit.datatrack.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order, kinds and delays of reconnect attempts, and their epochs. */
class ReconnectScheduleTest {
    private final ReconnectSchedule schedule = new ReconnectSchedule();

    private List<ReconnectSchedule.Attempt> drain() {
        List<ReconnectSchedule.Attempt> attempts = new ArrayList<>();
        ReconnectSchedule.Attempt a;
        while ((a = schedule.next()) != null) {
            attempts.add(a);
        }
        return attempts;
    }

    private static String describe(ReconnectSchedule.Attempt a) {
        return (a.full() ? "full" : "resume") + a.number() + "@" + a.delayMs() + (a.escalated() ? "!" : "");
    }

    @Test
    void resumesThenFullReconnectsThenGivesUp() {
        schedule.begin(false);
        assertThat(drain()).map(ReconnectScheduleTest::describe).containsExactly(
                "resume1@0", "resume2@300", "resume3@1200",
                "full1@0!", "full2@1000", "full3@2000", "full4@4000", "full5@7000");
        assertThat(schedule.fullInProgress()).isTrue();
    }

    @Test
    void aFullReconnectFromTheStart() {
        schedule.begin(true);
        assertThat(drain()).map(ReconnectScheduleTest::describe).containsExactly(
                "full1@0", "full2@1000", "full3@2000", "full4@4000", "full5@7000");
    }

    @Test
    void escalatingRestartsTheCountOnce() {
        schedule.begin(false);
        schedule.next();
        schedule.next();
        assertThat(schedule.escalate()).isTrue();
        assertThat(schedule.escalate()).isFalse();
        assertThat(describe(schedule.next())).isEqualTo("full1@0");
        assertThat(describe(schedule.next())).isEqualTo("full2@1000");
    }

    @Test
    void onlyTheLatestAttemptIsCurrent() {
        schedule.begin(true);
        ReconnectSchedule.Attempt first = schedule.next();
        ReconnectSchedule.Attempt second = schedule.next();
        assertThat(schedule.isCurrent(first.epoch())).isFalse();
        assertThat(schedule.isCurrent(second.epoch())).isTrue();
        drain(); // running out starts no new epoch after the last attempt
        assertThat(schedule.isCurrent(second.epoch() + 3)).isTrue();
    }

    @Test
    void finishTellsTheKindAndEndsTheFullReconnect() {
        schedule.begin(true);
        assertThat(schedule.finish()).isTrue();
        assertThat(schedule.fullInProgress()).isFalse();
        schedule.begin(false);
        assertThat(schedule.finish()).isFalse();
    }
}
