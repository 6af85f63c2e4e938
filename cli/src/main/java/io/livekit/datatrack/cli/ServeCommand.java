package io.livekit.datatrack.cli;

import io.livekit.datatrack.sfu.SfuServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: runs the embedded SFU until SIGINT/SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the embedded data-only LiveKit SFU.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--dev", description = "Development mode: API key 'devkey', secret 'secret'.")
    boolean dev;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "7880", description = "HTTP/WebSocket port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--node-ip", split = ",",
            description = "Address(es) to advertise in ICE candidates (default: every interface).")
    List<String> nodeIps = List.of();

    @Option(names = "--keys", defaultValue = "${env:LIVEKIT_KEYS}",
            description = "API keys as 'key: secret[, key2: secret2]' (env LIVEKIT_KEYS).")
    String keys;

    @Option(names = "--key-file", description = "File with one 'key: secret' per line.")
    Path keyFile;

    @Option(names = "--rtc-port-range", description = "UDP port range for ICE, e.g. 50000-60000.")
    String portRange;

    @Override
    public Integer call() throws Exception {
        SfuServer.Builder b = SfuServer.builder().bind(bind).port(port);
        if (dev) {
            b.devMode();
        }
        if (keys != null && !keys.isBlank()) {
            KeyOptions.parse(keys).forEach(b::key);
        }
        if (keyFile != null) {
            KeyOptions.parse(Files.readString(keyFile)).forEach(b::key);
        }
        if (!nodeIps.isEmpty()) {
            b.advertise(nodeIps.toArray(new String[0]));
        }
        if (portRange != null) {
            String[] parts = portRange.split("-");
            b.icePortRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        }
        SfuServer server;
        try {
            server = b.start();
        } catch (IllegalStateException e) {
            System.err.println("livekit-dt serve: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sfu-shutdown"));
        System.out.println("SFU ready at " + server.url() + (dev ? "  (dev keys: devkey / secret)" : ""));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
