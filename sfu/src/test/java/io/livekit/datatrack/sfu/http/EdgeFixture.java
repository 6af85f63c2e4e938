package io.livekit.datatrack.sfu.http;

import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A running {@link SfuHttpServer} on 127.0.0.1 with a {@link FakeSignalHandler}, and clients for it. */
final class EdgeFixture implements AutoCloseable {

    static final String KEY = "devkey";
    static final String SECRET = "secret";

    final FakeSignalHandler handler = new FakeSignalHandler();
    final SfuHttpServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    EdgeFixture() throws IOException {
        this(b -> b);
    }

    EdgeFixture(UnaryOperator<SfuHttpConfig.Builder> customize) throws IOException {
        SfuHttpConfig config = customize.apply(SfuHttpConfig.builder(Map.of(KEY, SECRET)).host("127.0.0.1").port(0))
                .build();
        server = new SfuHttpServer(config, handler);
        server.start();
    }

    @Override
    public void close() {
        server.close();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    static String token(String identity, String room) {
        return AccessToken.builder(KEY, SECRET).identity(identity).videoGrant(VideoGrant.join(room)).toJwt();
    }

    static String token() {
        return token("alice", "my-room");
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        return request("GET", pathAndQuery, headers);
    }

    HttpResponse<String> request(String method, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An HTTP/1.1 response read off a raw socket. */
    record RawResponse(int status, Map<String, String> headers, String body) {}

    /** Sends a WebSocket upgrade request by hand, to see the status and body of a refusal. */
    RawResponse rawUpgrade(String pathAndQuery, String... headers) throws IOException {
        StringBuilder req = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(server.port()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        req.append("\r\n");
        return raw(req.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    RawResponse raw(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> hdrs = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                hdrs.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            String body = "";
            String length = hdrs.get("content-length");
            if (length != null) {
                body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
            }
            return new RawResponse(status, hdrs, body);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in the response head");
            }
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    WsClient connect(String pathAndQuery, String... headers) throws Exception {
        WsClient client = new WsClient();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        client.ws = b.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery), client)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    /** A JDK WebSocket client: collects binary messages, serializes sends, records the close. */
    static final class WsClient implements WebSocket.Listener {
        volatile WebSocket ws;
        final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
        volatile boolean autoRequest = true;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                messages.add(partial.toByteArray());
                partial.reset();
            }
            if (autoRequest) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }

        synchronized CompletableFuture<?> send(byte[] bytes) {
            sendChain = sendChain.thenCompose(x -> ws.sendBinary(ByteBuffer.wrap(bytes), true));
            return sendChain;
        }

        CompletableFuture<?> send(LivekitRtc.SignalRequest request) {
            return send(request.toByteArray());
        }

        synchronized CompletableFuture<?> sendText(String text) {
            sendChain = sendChain.thenCompose(x -> ws.sendText(text, true));
            return sendChain;
        }

        LivekitRtc.SignalResponse next() throws Exception {
            byte[] m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 10 s");
            }
            return LivekitRtc.SignalResponse.parseFrom(m);
        }

        int awaitClose() throws Exception {
            return closeCode.get(10, TimeUnit.SECONDS);
        }

        void abort() {
            ws.abort();
        }
    }
}
