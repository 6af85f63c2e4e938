package io.livekit.datatrack.sfu.http;

import static io.livekit.datatrack.sfu.http.TestJoins.q;
import static io.livekit.datatrack.sfu.http.EdgeFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.sfu.http.FakeSignalHandler.Joined;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebSocket behaviour of the edge against the JDK client: joins, routing, closing, sending, abuse. */
class SfuHttpServerWebSocketTest {

    private EdgeFixture edge;

    @BeforeEach
    void start() throws Exception {
        edge = new EdgeFixture();
    }

    @AfterEach
    void stop() {
        edge.close();
    }

    private static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }

    private static LivekitRtc.SignalRequest ping(long n) {
        return LivekitRtc.SignalRequest.newBuilder().setPing(n).build();
    }

    private static LivekitRtc.SignalResponse pong(long n) {
        return LivekitRtc.SignalResponse.newBuilder().setPong(n).build();
    }

    @Test
    void v0JoinWithQueryParameters() throws Exception {
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token("alice", "my-room")
                + "&auto_subscribe=0&sdk=rust&version=0.8.2&protocol=17&client_protocol=2&os=linux"
                + "&capabilities=" + q("CAP_PACKET_TRAILER,CAP_COMPRESSION_DEFLATE_RAW") + "&adaptive_stream=1");
        Joined joined = edge.handler.awaitJoin();

        assertThat(client.next().hasJoin()).as("the handler's JoinResponse arrives first").isTrue();
        assertThat(joined.intent.singlePeerConnection()).isFalse();
        assertThat(joined.intent.claims().identity()).isEqualTo("alice");
        assertThat(joined.intent.claims().video().room()).isEqualTo("my-room");
        assertThat(joined.intent.remoteAddress()).startsWith("127.0.0.1:");
        assertThat(joined.connection.remoteAddress()).isEqualTo(joined.intent.remoteAddress());
        assertThat(joined.connection.isOpen()).isTrue();
        LivekitRtc.JoinRequest jr = joined.intent.joinRequest();
        assertThat(jr.getClientInfo().getSdk()).isEqualTo(LivekitModels.ClientInfo.SDK.RUST);
        assertThat(jr.getClientInfo().getVersion()).isEqualTo("0.8.2");
        assertThat(jr.getClientInfo().getProtocol()).isEqualTo(17);
        assertThat(jr.getClientInfo().getClientProtocol()).isEqualTo(2);
        assertThat(jr.getClientInfo().getOs()).isEqualTo("linux");
        assertThat(jr.getClientInfo().getAddress()).isEqualTo("127.0.0.1");
        assertThat(jr.getClientInfo().getCapabilitiesCount()).isEqualTo(2);
        assertThat(jr.getConnectionSettings().getAutoSubscribe()).isFalse();
        assertThat(jr.getConnectionSettings().getAdaptiveStream()).isTrue();
        assertThat(edge.server.openConnections()).isEqualTo(1);
        assertThat(edge.handler.joins).isEmpty();
    }

    @Test
    void v1JoinWithBearerHeader() throws Exception {
        LivekitRtc.JoinRequest sample = JoinRequestsTest.sample();
        String jr = TestJoins.encodeJoin(sample, true, true);
        EdgeFixture.WsClient client = edge.connect("/rtc/v1?join_request=" + q(jr),
                "Authorization", "Bearer " + token("bob", "r2"));
        Joined joined = edge.handler.awaitJoin();
        assertThat(client.next().hasJoin()).isTrue();
        assertThat(joined.intent.singlePeerConnection()).isTrue();
        assertThat(joined.intent.claims().identity()).isEqualTo("bob");
        assertThat(joined.intent.joinRequest().getPublisherOffer()).isEqualTo(sample.getPublisherOffer());
        assertThat(joined.intent.joinRequest().getClientInfo().getAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void refusedUpgradesAnswerWithStatusAndBody() throws Exception {
        EdgeFixture.RawResponse noToken = edge.rawUpgrade("/rtc");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.body()).isEqualTo("no permissions to access the room");
        assertThat(noToken.headers()).containsEntry("access-control-allow-origin", "*");

        EdgeFixture.RawResponse notBearer = edge.rawUpgrade("/rtc", "Authorization", "Basic x");
        assertThat(notBearer.status()).isEqualTo(401);
        assertThat(notBearer.body()).isEqualTo("invalid authorization header. Must start with Bearer ");

        EdgeFixture.RawResponse noJoinRequest = edge.rawUpgrade("/rtc/v1?access_token=" + token());
        assertThat(noJoinRequest.status()).isEqualTo(400);
        assertThat(noJoinRequest.body()).isEqualTo("join_request is required");

        EdgeFixture.RawResponse badJoinRequest = edge.rawUpgrade("/rtc/v1?access_token=" + token() + "&join_request=%2A");
        assertThat(badJoinRequest.status()).isEqualTo(400);
        assertThat(badJoinRequest.body()).isEqualTo("cannot base64 decode wrapped join request");

        EdgeFixture.RawResponse noRoom = edge.rawUpgrade("//rtc?access_token=" + token("a", ""));
        assertThat(noRoom.status()).isEqualTo(400);
        assertThat(noRoom.body()).isEqualTo("no room name");

        // the JDK client sees the status, too
        assertThatThrownBy(() -> edge.connect("/rtc?access_token=garbage"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
        assertThat(edge.handler.joins).isEmpty();
        assertThat(edge.server.openConnections()).isZero();
    }

    @Test
    void doubleSlashUpgrade() throws Exception {
        EdgeFixture.WsClient client = edge.connect("//rtc?access_token=" + token());
        edge.handler.awaitJoin();
        assertThat(client.next().hasJoin()).isTrue();
    }

    @Test
    void requestsAreRoutedInOrder() throws Exception {
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        client.next();
        int n = 500;
        for (int i = 0; i < n; i++) {
            client.send(ping(i));
        }
        for (int i = 0; i < n; i++) {
            LivekitRtc.SignalRequest r = joined.listener.requests.poll(10, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(r.getPing()).isEqualTo(i);
        }
        LivekitRtc.SignalRequest offer = LivekitRtc.SignalRequest.newBuilder()
                .setPublishDataTrackRequest(LivekitRtc.PublishDataTrackRequest.newBuilder().setPubHandle(7).setName("imu"))
                .build();
        client.send(offer);
        assertThat(joined.listener.requests.poll(10, TimeUnit.SECONDS)).isEqualTo(offer);
        assertThat(joined.listener.violation).isFalse();
        assertThat(joined.listener.closes).hasValue(0);
    }

    @Test
    void clientCloseRunsOnCloseOnce() throws Exception {
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        client.next();
        client.ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        assertThat(joined.listener.awaitClose()).isTrue();
        until(() -> edge.server.openConnections() == 0);
        assertThat(joined.connection.isOpen()).isFalse();
        joined.connection.send(pong(1)); // ignored, no exception
        joined.connection.close();       // idempotent
        Thread.sleep(100);
        assertThat(joined.listener.closes).hasValue(1);
        assertThat(joined.listener.violation).isFalse();
    }

    @Test
    void abruptDisconnectRunsOnCloseOnce() throws Exception {
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        client.next();
        client.abort();
        assertThat(joined.listener.awaitClose()).isTrue();
        Thread.sleep(100);
        assertThat(joined.listener.closes).hasValue(1);
    }

    @Test
    void undecodableMessageClosesTheConnection() throws Exception {
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        client.next();
        client.send(ping(1));
        client.send(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThat(client.awaitClose()).isEqualTo(1007);
        assertThat(joined.listener.awaitClose()).isTrue();
        Thread.sleep(100);
        assertThat(joined.listener.closes).hasValue(1);
        assertThat(joined.listener.requests).extracting(LivekitRtc.SignalRequest::getPing).containsExactly(1L);
        assertThat(joined.listener.violation).isFalse();
    }

    @Test
    void textMessageClosesTheConnection() throws Exception {
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        client.next();
        client.sendText("{\"ping\":1}");
        assertThat(client.awaitClose()).isEqualTo(1003);
        assertThat(joined.listener.awaitClose()).isTrue();
        assertThat(joined.listener.requests).isEmpty();
    }

    @Test
    void oversizedMessageClosesTheConnection() throws Exception {
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        client.next();
        byte[] huge = LivekitRtc.SignalRequest.newBuilder()
                .setOffer(LivekitRtc.SessionDescription.newBuilder().setSdp("x".repeat(2 * 1024 * 1024)))
                .build().toByteArray();
        client.send(huge);
        assertThat(client.awaitClose()).isIn(1009, -1);
        assertThat(joined.listener.awaitClose()).isTrue();
        assertThat(joined.listener.requests).isEmpty();
        Thread.sleep(100);
        assertThat(joined.listener.closes).hasValue(1);
        // the server is fine
        EdgeFixture.WsClient second = edge.connect("/rtc?access_token=" + token());
        assertThat(second.next().hasJoin()).isTrue();
    }

    @Test
    void randomBytesNeverCrashTheServer() throws Exception {
        Random random = new Random(7);
        List<Joined> joins = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token("u" + c, "r"));
            joins.add(edge.handler.awaitJoin());
            client.next();
            for (int m = 0; m < 20; m++) {
                byte[] junk = new byte[random.nextInt(2000)];
                random.nextBytes(junk);
                client.send(junk);
            }
            if (c % 2 == 0) {
                client.abort();
            }
        }
        // raw TCP garbage, and a half-sent request
        for (int i = 0; i < 5; i++) {
            try (Socket s = new Socket("127.0.0.1", edge.server.port())) {
                byte[] junk = new byte[4096];
                random.nextBytes(junk);
                OutputStream out = s.getOutputStream();
                out.write(junk);
                out.flush();
            } catch (java.io.IOException ignored) {
                // the server may reset the connection; that is fine
            }
        }
        try (Socket s = new Socket("127.0.0.1", edge.server.port())) {
            s.getOutputStream().write("GET /rtc?access_token=".getBytes(StandardCharsets.US_ASCII));
        }
        for (Joined j : joins) {
            assertThat(j.listener.violation).isFalse();
        }
        // still serving
        assertThat(edge.get("/").statusCode()).isEqualTo(200);
        EdgeFixture.WsClient fresh = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        assertThat(fresh.next().hasJoin()).isTrue();
        fresh.send(ping(42));
        assertThat(joined.listener.requests.poll(10, TimeUnit.SECONDS).getPing()).isEqualTo(42);
    }

    @Test
    void sendsKeepCallOrderUnderConcurrency() throws Exception {
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        client.next();
        int threads = 8;
        int perThread = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            long base = t * 1_000_000L;
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    joined.connection.send(pong(base + i));
                }
            });
        }
        go.countDown();
        Map<Long, Long> lastPerThread = new HashMap<>();
        for (int i = 0; i < threads * perThread; i++) {
            long value = client.next().getPong();
            long thread = value / 1_000_000L;
            long seq = value % 1_000_000L;
            Long previous = lastPerThread.put(thread, seq);
            assertThat(seq).as("thread %d", thread).isEqualTo(previous == null ? 0 : previous + 1);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(client.messages).isEmpty();
    }

    @Test
    void closeFlushesQueuedMessagesFirst() throws Exception {
        edge.handler.onJoin = j -> {
            for (int i = 0; i < 100; i++) {
                j.connection.send(pong(i));
            }
            j.connection.send(LivekitRtc.SignalResponse.newBuilder()
                    .setLeave(LivekitRtc.LeaveRequest.getDefaultInstance()).build());
            j.connection.close();
            j.connection.send(pong(999)); // after close: dropped
            assertThat(j.connection.isOpen()).isFalse();
        };
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        for (int i = 0; i < 100; i++) {
            assertThat(client.next().getPong()).isEqualTo(i);
        }
        assertThat(client.next().hasLeave()).isTrue();
        assertThat(client.awaitClose()).isEqualTo(1000);
        assertThat(joined.listener.awaitClose()).isTrue();
        assertThat(client.messages).isEmpty();
    }

    @Test
    void listenerMayCloseFromOnRequest() throws Exception {
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        joined.listener.onRequest = r -> {
            joined.connection.send(pong(r.getPing()));
            joined.connection.close();
        };
        client.next();
        client.send(ping(5));
        client.send(ping(6)); // may or may not arrive before the close; never after onClose
        assertThat(client.next().getPong()).isEqualTo(5);
        assertThat(client.awaitClose()).isEqualTo(1000);
        assertThat(joined.listener.awaitClose()).isTrue();
        Thread.sleep(100);
        assertThat(joined.listener.closes).hasValue(1);
        assertThat(joined.listener.violation).isFalse();
    }

    @Test
    void handlerFailureClosesTheConnection() throws Exception {
        edge.handler.onJoin = j -> {
            throw new IllegalStateException("room layer bug");
        };
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        assertThat(client.awaitClose()).isEqualTo(1011);
        until(() -> edge.server.openConnections() == 0);
        assertThat(edge.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void listenerFailureClosesTheConnectionAndStillRunsOnClose() throws Exception {
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        joined.listener.onRequest = r -> {
            throw new IllegalStateException("room layer bug");
        };
        client.next();
        client.send(ping(1));
        assertThat(client.awaitClose()).isEqualTo(1011);
        assertThat(joined.listener.awaitClose()).isTrue();
    }

    @Test
    void slowReaderIsDisconnected() throws Exception {
        edge.close();
        edge = new EdgeFixture(b -> b.maxQueuedSendBytes(256 * 1024));
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        client.next();
        client.autoRequest = false; // stop reading after the next message
        LivekitRtc.SignalResponse big = LivekitRtc.SignalResponse.newBuilder()
                .setRefreshToken("x".repeat(64 * 1024)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (joined.connection.isOpen() && System.nanoTime() < deadline) {
            joined.connection.send(big); // never blocks
        }
        assertThat(joined.connection.isOpen()).isFalse();
        assertThat(joined.listener.awaitClose()).isTrue();
    }

    @Test
    void serverCloseRunsOnCloseForOpenConnections() throws Exception {
        EdgeFixture.WsClient a = edge.connect("/rtc?access_token=" + token("a", "r"));
        Joined ja = edge.handler.awaitJoin();
        EdgeFixture.WsClient b = edge.connect("/rtc?access_token=" + token("b", "r"));
        Joined jb = edge.handler.awaitJoin();
        a.next();
        b.next();
        edge.server.close();
        assertThat(ja.listener.awaitClose()).isTrue();
        assertThat(jb.listener.awaitClose()).isTrue();
        assertThat(ja.listener.closes).hasValue(1);
        assertThat(jb.listener.closes).hasValue(1);
        assertThat(edge.server.openConnections()).isZero();
        edge.server.close(); // idempotent
    }

    @Test
    void closeStopsAllThreads() throws Exception {
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        edge.handler.awaitJoin();
        client.next();
        assertThat(serverThreads()).isNotEmpty();
        edge.server.close();
        until(() -> serverThreads().isEmpty());
        assertThatThrownBy(() -> edge.server.start()).isInstanceOf(IllegalStateException.class);
    }

    private static List<String> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("sfu-http") || n.startsWith("sfu-ws-ping"))
                .toList();
    }

    @Test
    void pingFramesKeepIdleConnectionsAlive() throws Exception {
        edge.close();
        edge = new EdgeFixture(b -> b.pingInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(700)));
        EdgeFixture.WsClient client = edge.connect("/rtc?access_token=" + token());
        Joined joined = edge.handler.awaitJoin();
        client.next();
        // the JDK client answers pings with pongs, which count as traffic for Jetty's idle timeout
        Thread.sleep(2000);
        assertThat(joined.connection.isOpen()).isTrue();
        assertThat(joined.listener.closes).hasValue(0);
    }

    @Test
    void idleTimeoutClosesSilentConnections() throws Exception {
        edge.close();
        edge = new EdgeFixture(b -> b.pingInterval(Duration.ZERO).idleTimeout(Duration.ofMillis(500)));
        edge.connect("/rtc?access_token=" + token()).next();
        Joined joined = edge.handler.awaitJoin();
        assertThat(joined.listener.awaitClose()).isTrue();
    }
}
