package io.livekit.datatrack.client;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real Go livekit-server as a child process, inside the test's network namespace (the JVM runs
 * there, see scripts/netns-jvm). HTTP, ICE/TCP and ICE/UDP on free ports of the first namespace
 * address; its log goes to target/livekit-server-*.log.
 */
final class LivekitServer implements AutoCloseable {
    static final String API_KEY = "devkey";
    static final String API_SECRET = "datatrack-client-test-secret-0123456789";

    private final Process process;
    private final String address;
    private final int port;
    final Path log;

    private LivekitServer(Process process, String address, int port, Path log) {
        this.process = process;
        this.address = address;
        this.port = port;
        this.log = log;
    }

    static Path binary() {
        String env = System.getenv("LDT_LIVEKIT_SERVER");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "livekit-datatrack", "bin", "livekit-server");
    }

    static LivekitServer start() throws Exception {
        String addresses = System.getenv("LDT_NETNS_ADDRESSES");
        if (addresses == null || addresses.isBlank()) {
            throw new IllegalStateException("must run inside the test namespace (*NetnsTest)");
        }
        Path bin = binary();
        assumeTrue(Files.isExecutable(bin), "livekit-server not found at " + bin + "; install it with "
                + "GOBIN=$HOME/.cache/livekit-datatrack/bin go install github.com/livekit/livekit-server/cmd/server@v1.13.5"
                + " and rename server to livekit-server (or set LDT_LIVEKIT_SERVER)");
        String address = addresses.split(",")[0].trim();
        int http = freeTcpPort(address);
        int tcp = freeTcpPort(address);
        int udp = freeUdpPort(address);
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        Path config = Files.createTempFile(dir, "livekit-", ".yaml");
        Files.writeString(config, String.join("\n",
                "port: " + http,
                "enable_participant_data_blob: true",
                "rtc:",
                "  udp_port: " + udp,
                "  tcp_port: " + tcp,
                "  use_external_ip: false",
                "  node_ip: " + address,
                "keys:",
                "  " + API_KEY + ": " + API_SECRET,
                "logging:",
                "  level: info",
                ""));
        Path log = dir.resolve("livekit-server-" + http + ".log");
        Process p = new ProcessBuilder(List.of(
                        bin.toString(), "--config", config.toString(), "--bind", address, "--node-ip", address))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LivekitServer server = new LivekitServer(p, address, http, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("livekit-server exited: see " + log.toAbsolutePath());
            }
            if (server.healthy()) {
                return server;
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IllegalStateException("livekit-server did not become healthy: see " + log.toAbsolutePath());
    }

    private boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://" + address + ":" + port + "/").openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    String url() {
        return "ws://" + address + ":" + port;
    }

    String httpUrl() {
        return "http://" + address + ":" + port;
    }

    static String token(String room, String identity) {
        return token(VideoGrant.join(room), identity);
    }

    static String token(VideoGrant grant, String identity) {
        return AccessToken.builder(API_KEY, API_SECRET).identity(identity).videoGrant(grant).toJwt();
    }

    private static int freeTcpPort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort(String address) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
