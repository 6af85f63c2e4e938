package io.livekit.datatrack.cli;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.PushFrameException;
import io.livekit.datatrack.client.Room;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code publish}: publishes a data track on any LiveKit server and streams frames. */
@Command(name = "publish", mixinStandardHelpOptions = true, description = "Publish a data track and stream frames.")
final class PublishCommand implements Callable<Integer> {
    @Mixin ConnectOptions connect;

    @Option(names = "--track", defaultValue = "telemetry", description = "Track name (default ${DEFAULT-VALUE}).")
    String track;

    @Option(names = "--size", defaultValue = "1024", description = "Frame size in bytes (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--fps", defaultValue = "10", description = "Frames per second (default ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--frames", defaultValue = "0", description = "Frames to send; 0 = until interrupted.")
    long frames;

    @Override
    public Integer call() throws Exception {
        try (Room room = Room.connect(connect.url, connect.token("publisher"), connect.roomOptions()).get(30, TimeUnit.SECONDS)) {
            LocalDataTrack local = room.localParticipant().publishDataTrack(DataTrackOptions.named(track))
                    .get(15, TimeUnit.SECONDS);
            System.err.println("published " + track + " as " + local.info().sid() + " in " + room.name());
            long interval = (long) (1_000_000_000L / fps);
            long start = System.nanoTime();
            long rejected = 0;
            long lastReport = start;
            for (long i = 0; frames == 0 || i < frames; i++) {
                long wait = start + i * interval - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                try {
                    local.tryPush(DataTrackFrame.wrap(InteropPeerCommand.frame((int) i, size)).withUserTimestampNow());
                } catch (PushFrameException e) {
                    rejected++;
                }
                if (System.nanoTime() - lastReport > 1_000_000_000L) {
                    lastReport = System.nanoTime();
                    var s = local.stats();
                    System.err.printf("sent %d frames (%d packets), rejected %d%n", s.framesSent(), s.packetsSent(), rejected);
                }
            }
            Thread.sleep(500);
            return 0;
        }
    }
}
