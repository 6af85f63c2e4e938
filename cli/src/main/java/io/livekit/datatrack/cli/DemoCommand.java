package io.livekit.datatrack.cli;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.FrameEncoding;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.client.Room;
import io.livekit.datatrack.client.RoomEvent;
import io.livekit.datatrack.client.RoomOptions;
import io.livekit.datatrack.e2ee.KeyProvider;
import io.livekit.datatrack.sfu.SfuServer;
import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the embedded SFU, a Java publisher streaming synthetic IMU frames on a data track
 * and a Java subscriber, with a live progress line and a summary. Runs inside a private network
 * namespace (bin/livekit-dt arranges that), since WebRTC needs a non-loopback interface.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Embedded SFU + Java publisher and subscriber streaming sensor frames.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--frames", defaultValue = "1000", description = "Frames to send (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--fps", defaultValue = "100", description = "Frames per second (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--e2ee", description = "End-to-end encrypt the track (shared passphrase).")
    boolean e2ee;

    @Option(names = "--bind", description = "Address for the SFU (default: the namespace's first test address).")
    String bind;

    @Override
    public Integer call() throws Exception {
        String address = bind != null ? bind : firstTestAddress();
        if (address == null) {
            System.err.println("demo: WebRTC needs a non-loopback address. Run it as `bin/livekit-dt demo`"
                    + " (as root it creates a private network namespace), or pass --bind <address>.");
            return 2;
        }
        System.out.println("LiveKit data tracks for Java: demo");
        try (SfuServer sfu = SfuServer.builder().devMode().bind(address).port(0).advertise(address).start()) {
            System.out.println("  embedded SFU at " + sfu.url());
            RoomOptions.Builder options = RoomOptions.builder();
            if (e2ee) {
                options.encryption(KeyProvider.withSharedPassphrase("demo passphrase"));
            }
            try (Room dashboard = Room.connect(sfu.url(), token("dashboard"), options.build()).get(20, TimeUnit.SECONDS);
                    Room robot = Room.connect(sfu.url(), token("robot"), options.build()).get(20, TimeUnit.SECONDS)) {
                return run(dashboard, robot);
            }
        } finally {
            System.out.println();
            System.out.println("Next: `bin/livekit-dt serve --dev --bind <LAN address>` serves real clients;"
                    + " a browser page using livekit-client (publishDataTrack / DataTrackPublished) can join it"
                    + " with a token from `bin/livekit-dt token --identity web --room demo`.");
        }
    }

    private int run(Room dashboard, Room robot) throws Exception {
        CompletableFuture<RemoteDataTrack> announced = new CompletableFuture<>();
        dashboard.addListener(event -> {
            if (event instanceof RoomEvent.DataTrackPublished p) {
                announced.complete(p.track());
            }
        });
        LocalDataTrack imu = robot.localParticipant()
                .publishDataTrack(DataTrackOptions.named("imu").withFrameEncoding(FrameEncoding.custom(SensorFrame.ENCODING)))
                .get(15, TimeUnit.SECONDS);
        System.out.println("  robot published data track '" + imu.info().name() + "' (" + imu.info().sid()
                + (imu.info().usesE2ee() ? ", end-to-end encrypted" : "") + ")");
        RemoteDataTrack remote = announced.get(15, TimeUnit.SECONDS);
        DataTrackSubscription subscription = remote.subscribe().get(15, TimeUnit.SECONDS);
        System.out.println("  dashboard subscribed; streaming " + frames + " frames at " + fps + " fps");

        boolean console = System.console() != null;
        StreamRun.Result r = StreamRun.run(imu, subscription, frames, fps, SensorFrame::encode, SensorFrame::valid,
                console ? 250_000_000L : 1_000_000_000L, this::progress);
        System.err.println();
        subscription.close();
        imu.unpublish();

        Histogram latency = r.latencyMicros();
        System.out.println();
        System.out.println("  summary");
        System.out.printf("  %-22s %10d%n", "frames sent", r.sent());
        System.out.printf("  %-22s %10d%n", "frames received", r.received());
        System.out.printf("  %-22s %10d%n", "frames lost", r.lost());
        System.out.printf("  %-22s %10d%n", "frames corrupted", r.corrupted());
        System.out.printf("  %-22s %10d%n", "push rejected", r.rejected());
        System.out.printf("  %-22s %10.2f%n", "latency p50 (ms)", latency.getValueAtPercentile(50) / 1000.0);
        System.out.printf("  %-22s %10.2f%n", "latency p99 (ms)", latency.getValueAtPercentile(99) / 1000.0);
        System.out.printf("  %-22s %10.2f%n", "latency max (ms)", latency.getMaxValue() / 1000.0);
        return r.corrupted() == 0 ? 0 : 1;
    }

    private void progress(long sent, long received, Histogram latency, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        boolean console = System.console() != null;
        System.err.printf((console ? "\r" : "") + "  sent %6d  received %6d  %6.1f frames/s  loss %5.1f%%  p50 %6.2f ms  p99 %6.2f ms ",
                sent, received, received / Math.max(seconds, 1e-3),
                sent == 0 ? 0.0 : 100.0 * Math.max(0, sent - received) / sent,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
        if (!console) {
            System.err.println();
        }
    }

    private static String firstTestAddress() {
        String addresses = System.getenv("LDT_NETNS_ADDRESSES");
        return addresses == null || addresses.isBlank() ? null : addresses.split(",")[0].trim();
    }

    private static String token(String identity) {
        return AccessToken.builder("devkey", "secret").identity(identity).videoGrant(VideoGrant.join("demo")).toJwt();
    }

    /** A synthetic IMU sample: index, 3-axis acceleration and angular rate, and a checksum. */
    static final class SensorFrame {
        /** The track's custom frame encoding: this fixed big-endian layout. */
        static final String ENCODING = "ldt-demo-imu-v1";
        static final int SIZE = 4 + 6 * 4 + 4;

        static byte[] encode(int index) {
            ByteBuffer b = ByteBuffer.allocate(SIZE).putInt(index);
            double t = index / 100.0;
            float[] values = {(float) Math.sin(t), (float) Math.cos(t), 9.81f, (float) (0.1 * Math.sin(3 * t)), 0.02f, -0.01f};
            int checksum = index;
            for (float v : values) {
                b.putFloat(v);
                checksum = 31 * checksum + Float.floatToIntBits(v);
            }
            return b.putInt(checksum).array();
        }

        static boolean valid(DataTrackFrame frame) {
            if (frame.size() != SIZE) {
                return false;
            }
            ByteBuffer b = frame.payload();
            int index = b.getInt();
            int checksum = index;
            for (int i = 0; i < 6; i++) {
                checksum = 31 * checksum + Float.floatToIntBits(b.getFloat());
            }
            return checksum == b.getInt();
        }
    }
}
