package io.livekit.datatrack.cli;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.client.Room;
import io.livekit.datatrack.client.RoomEvent;
import io.livekit.datatrack.client.RoomOptions;
import io.livekit.datatrack.sfu.SfuServer;
import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: sweeps payload size × frame rate between two Java clients through an SFU (the
 * embedded one by default, or any LiveKit server with {@code --url}) and prints CSV with
 * HdrHistogram latency percentiles. The cross-SDK comparison is {@code interop/run-bench.mjs}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Sweep payload size x rate between Java peers through an SFU; CSV out.",
        footer = {"", "Java only. For Java vs the LiveKit JS and Rust SDKs (latency and lossless 60 KB throughput,"
                + " through our SFU and livekit-server, one table), run from the repository root:",
                "  interop/scripts/run-in-netns.sh -- node interop/run-bench.mjs [--quick]",
                "(see benchmarks/README.md, \"Cross-SDK\")."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "1024,16000,60000", description = "Payload sizes in bytes.")
    List<Integer> sizes;

    @Option(names = "--rates", split = ",", defaultValue = "10,100,500", description = "Frames per second.")
    List<Integer> rates;

    @Option(names = "--seconds", defaultValue = "5", description = "Duration of each point (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--url", description = "Benchmark through this server instead of the embedded SFU.")
    String url;

    @Option(names = "--api-key", defaultValue = "${env:LIVEKIT_API_KEY:-devkey}")
    String apiKey;

    @Option(names = "--api-secret", defaultValue = "${env:LIVEKIT_API_SECRET:-secret}")
    String apiSecret;

    @Option(names = "--bind", description = "Address for the embedded SFU (default: the namespace's first test address).")
    String bind;

    @Option(names = "--v0", description = "Dual peer connection signalling.")
    boolean v0;

    @Override
    public Integer call() throws Exception {
        String address = bind != null ? bind : firstTestAddress();
        if (url == null && address == null) {
            System.err.println("bench: WebRTC needs a non-loopback address. Run `bin/livekit-dt bench` as root"
                    + " (private network namespace), or pass --bind <address> or --url <server>.");
            return 2;
        }
        PrintStream out = System.out;
        out.println("server,signalling,size_bytes,rate_fps,sent,received,lost,loss_pct,p50_ms,p99_ms,max_ms,goodput_mbps");
        SfuServer sfu = url == null
                ? SfuServer.builder().devMode().bind(address).port(0).advertise(address).start()
                : null;
        try {
            String server = sfu != null ? sfu.url() : url;
            for (int size : sizes) {
                for (int rate : rates) {
                    point(out, server, sfu != null ? "java-sfu" : "external", size, rate);
                }
            }
        } finally {
            if (sfu != null) {
                sfu.close();
            }
        }
        return 0;
    }

    private void point(PrintStream out, String server, String label, int size, int rate) throws Exception {
        String room = "bench-" + size + "-" + rate + "-" + System.nanoTime();
        RoomOptions options = RoomOptions.builder().singlePeerConnection(!v0).build();
        CompletableFuture<RemoteDataTrack> announced = new CompletableFuture<>();
        try (Room sub = Room.connect(server, token("sub", room), options, event -> {
                    if (event instanceof RoomEvent.DataTrackPublished p) {
                        announced.complete(p.track());
                    }
                }, Runnable::run).get(20, TimeUnit.SECONDS);
                Room pub = Room.connect(server, token("pub", room), options).get(20, TimeUnit.SECONDS)) {
            LocalDataTrack track = pub.localParticipant().publishDataTrack(DataTrackOptions.named("bench"))
                    .get(15, TimeUnit.SECONDS);
            DataTrackSubscription subscription = announced.get(15, TimeUnit.SECONDS).subscribe(
                    io.livekit.datatrack.SubscribeOptions.defaults().withBufferSize(1024)).get(15, TimeUnit.SECONDS);
            int frames = (int) Math.max(1, Math.round(rate * seconds));
            StreamRun.Result r = StreamRun.run(track, subscription, frames, rate,
                    i -> InteropPeerCommand.frame(i, size), f -> valid(f, size), Long.MAX_VALUE, null);
            Histogram h = r.latencyMicros();
            double goodput = r.received() * (double) size * 8 / (r.elapsedNanos() / 1e9) / 1e6;
            out.printf("%s,%s,%d,%d,%d,%d,%d,%.2f,%.3f,%.3f,%.3f,%.2f%n", label, v0 ? "v0" : "v1", size, rate,
                    r.sent(), r.received(), r.lost(), r.sent() == 0 ? 0.0 : 100.0 * r.lost() / r.sent(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getMaxValue() / 1000.0, goodput);
            out.flush();
            subscription.close();
            track.unpublish();
        }
    }

    private static boolean valid(DataTrackFrame f, int size) {
        byte[] p = f.toByteArray();
        if (p.length != size || size < 4) {
            return p.length == size;
        }
        int index = ((p[0] & 0xFF) << 24) | ((p[1] & 0xFF) << 16) | ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
        return java.util.Arrays.equals(p, InteropPeerCommand.frame(index, size));
    }

    private String token(String identity, String room) {
        return AccessToken.builder(apiKey, apiSecret).identity(identity).videoGrant(VideoGrant.join(room)).toJwt();
    }

    private static String firstTestAddress() {
        String addresses = System.getenv("LDT_NETNS_ADDRESSES");
        return addresses == null || addresses.isBlank() ? null : addresses.split(",")[0].trim();
    }
}
