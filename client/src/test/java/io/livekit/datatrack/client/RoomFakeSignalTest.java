package io.livekit.datatrack.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livekit.datatrack.client.signal.SignalConnection;
import io.livekit.datatrack.client.signal.SignalHandshakeException;
import io.livekit.datatrack.client.signal.SignalTransport;
import io.livekit.datatrack.client.signal.SignalUrlsTest;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.rtc.RtcEngine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The room against a scripted signal transport: no server, no network (peer connections are
 * created but never connect). Covers URL/join-request building, the v1 → v0 decision, and the
 * routing of server messages into participants and the data-track managers.
 */
class RoomFakeSignalTest {
    private static RtcEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = RtcEngine.create();
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    /** One attempted connection. */
    record Attempt(URI uri, Map<String, String> headers, SignalConnection.Listener listener, FakeConnection connection) {}

    static final class FakeConnection implements SignalConnection {
        final BlockingQueue<LivekitRtc.SignalRequest> sent = new LinkedBlockingQueue<>();
        volatile boolean closed;

        @Override
        public boolean send(byte[] message) {
            try {
                sent.add(LivekitRtc.SignalRequest.parseFrom(message));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return !closed;
        }

        @Override
        public void close() {
            closed = true;
        }

        LivekitRtc.SignalRequest await(LivekitRtc.SignalRequest.MessageCase kind) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                LivekitRtc.SignalRequest r = sent.poll(100, TimeUnit.MILLISECONDS);
                if (r != null && r.getMessageCase() == kind) {
                    return r;
                }
            }
            throw new AssertionError("no " + kind + " sent");
        }
    }

    /** A transport whose answer to each attempt the test decides. */
    static final class FakeTransport implements SignalTransport {
        final List<Attempt> attempts = new CopyOnWriteArrayList<>();
        final BlockingQueue<Attempt> opened = new LinkedBlockingQueue<>();
        final Function<URI, Throwable> refuse;

        FakeTransport(Function<URI, Throwable> refuse) {
            this.refuse = refuse;
        }

        @Override
        public CompletableFuture<SignalConnection> connect(
                URI uri, Map<String, String> headers, SignalConnection.Listener listener) {
            Throwable error = refuse.apply(uri);
            FakeConnection c = error == null ? new FakeConnection() : null;
            Attempt a = new Attempt(uri, headers, listener, c);
            attempts.add(a);
            if (error != null) {
                return CompletableFuture.failedFuture(error);
            }
            opened.add(a);
            return CompletableFuture.completedFuture(c);
        }
    }

    private static RoomOptions options(FakeTransport transport, boolean v1) {
        return RoomOptions.builder()
                .signalTransport(transport)
                .rtcEngine(engine)
                .singlePeerConnection(v1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    private static LivekitRtc.SignalResponse joinResponse(boolean subscriberPrimary) {
        LivekitModels.ParticipantInfo publisher = LivekitModels.ParticipantInfo.newBuilder()
                .setSid("PA_publisher0001")
                .setIdentity("pub")
                .setState(LivekitModels.ParticipantInfo.State.ACTIVE)
                .addDataTracks(LivekitModels.DataTrackInfo.newBuilder()
                        .setPubHandle(1)
                        .setSid("DTR_track0000001")
                        .setName("imu"))
                .build();
        return LivekitRtc.SignalResponse.newBuilder()
                .setJoin(LivekitRtc.JoinResponse.newBuilder()
                        .setRoom(LivekitModels.Room.newBuilder().setSid("RM_room").setName("r"))
                        .setParticipant(LivekitModels.ParticipantInfo.newBuilder()
                                .setSid("PA_me0000000001")
                                .setIdentity("me"))
                        .addOtherParticipants(publisher)
                        .setSubscriberPrimary(subscriberPrimary)
                        .setPingInterval(5)
                        .setPingTimeout(15)
                        .setServerInfo(LivekitModels.ServerInfo.newBuilder().setVersion("1.13.5").setProtocol(17)))
                .build();
    }

    @Test
    void v1JoinCarriesOfferAndBearerTokenAndRoutesTheJoinResponse() throws Exception {
        FakeTransport transport = new FakeTransport(uri -> null);
        Events events = new Events();
        CompletableFuture<Room> connecting =
                Room.connect("http://sfu.example:7880", "tok123", options(transport, true), events, Runnable::run);
        Attempt a = transport.opened.poll(5, TimeUnit.SECONDS);
        assertThat(a).isNotNull();
        assertThat(a.uri().getScheme()).isEqualTo("ws");
        assertThat(a.uri().getPath()).isEqualTo("/rtc/v1");
        assertThat(a.uri().getRawQuery()).doesNotContain("access_token");
        assertThat(a.headers()).containsEntry("Authorization", "Bearer tok123");
        LivekitRtc.JoinRequest join =
                SignalUrlsTest.decodeJoinRequest(SignalUrlsTest.queryParam(a.uri(), "join_request"));
        assertThat(join.getReconnect()).isFalse();
        assertThat(join.getPublisherOffer().getType()).isEqualTo("offer");
        assertThat(join.getPublisherOffer().getId()).isEqualTo(1);
        assertThat(join.getPublisherOffer().getSdp()).contains("m=application").doesNotContain("m=audio", "m=video");
        assertThat(join.getConnectionSettings().getAutoSubscribe()).isFalse();

        a.listener().onMessage(joinResponse(false).toByteArray());
        RoomEvent.ParticipantJoined joined = events.await(RoomEvent.ParticipantJoined.class, Duration.ofSeconds(5));
        assertThat(joined.participant().identity()).isEqualTo("pub");
        RoomEvent.DataTrackPublished published = events.await(RoomEvent.DataTrackPublished.class, Duration.ofSeconds(5));
        assertThat(published.track().info().name()).isEqualTo("imu");
        assertThat(published.track().publisherIdentity()).isEqualTo("pub");

        // Subscribing sends UpdateDataSubscription; the handle map activates it.
        CompletableFuture<io.livekit.datatrack.DataTrackSubscription> sub = published.track().subscribe();
        LivekitRtc.SignalRequest update = a.connection().await(LivekitRtc.SignalRequest.MessageCase.UPDATE_DATA_SUBSCRIPTION);
        assertThat(update.getUpdateDataSubscription().getUpdates(0).getTrackSid()).isEqualTo("DTR_track0000001");
        assertThat(update.getUpdateDataSubscription().getUpdates(0).getSubscribe()).isTrue();
        a.listener().onMessage(LivekitRtc.SignalResponse.newBuilder()
                .setDataTrackSubscriberHandles(LivekitRtc.DataTrackSubscriberHandles.newBuilder()
                        .putSubHandles(42, LivekitRtc.DataTrackSubscriberHandles.PublishedDataTrack.newBuilder()
                                .setPublisherIdentity("pub")
                                .setPublisherSid("PA_publisher0001")
                                .setTrackSid("DTR_track0000001")
                                .build()))
                .build()
                .toByteArray());
        assertThat(sub.get(5, TimeUnit.SECONDS).track()).isSameAs(published.track());

        // The publisher leaves: its track goes away, then the participant.
        a.listener().onMessage(LivekitRtc.SignalResponse.newBuilder()
                .setUpdate(LivekitRtc.ParticipantUpdate.newBuilder()
                        .addParticipants(LivekitModels.ParticipantInfo.newBuilder()
                                .setSid("PA_publisher0001")
                                .setIdentity("pub")
                                .setState(LivekitModels.ParticipantInfo.State.DISCONNECTED)))
                .build()
                .toByteArray());
        events.await(RoomEvent.ParticipantLeft.class, Duration.ofSeconds(5));
        events.await(RoomEvent.DataTrackUnpublished.class, Duration.ofSeconds(5));
        assertThat(sub.get().isEnded()).isTrue();

        // Pings go out as ping_req... not within this test's time; the answer to our offer never
        // comes, so the connect fails with a timeout and the room cleans up.
        assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ConnectException.class)
                .extracting(e -> ((ConnectException) e).reason())
                .isEqualTo(ConnectException.Reason.TIMEOUT);
        assertThat(a.connection().closed).isTrue();
    }

    @Test
    void http404OnV1FallsBackToV0() throws Exception {
        FakeTransport transport = new FakeTransport(
                uri -> uri.getPath().endsWith("/rtc/v1") ? new SignalHandshakeException(404, "") : null);
        CompletableFuture<Room> connecting =
                Room.connect("ws://sfu.example:7880", "tok", options(transport, true), new Events(), Runnable::run);
        Attempt a = transport.opened.poll(5, TimeUnit.SECONDS);
        assertThat(a).isNotNull();
        assertThat(transport.attempts).hasSize(2);
        assertThat(transport.attempts.get(0).uri().getPath()).isEqualTo("/rtc/v1");
        assertThat(a.uri().getPath()).isEqualTo("/rtc");
        assertThat(SignalUrlsTest.queryParam(a.uri(), "protocol")).isEqualTo("17");
        assertThat(SignalUrlsTest.queryParam(a.uri(), "auto_subscribe")).isEqualTo("0");
        assertThat(SignalUrlsTest.queryParam(a.uri(), "join_request")).isNull();

        // v0: after the join response the client negotiates its publisher PC with a normal offer.
        a.listener().onMessage(joinResponse(true).toByteArray());
        LivekitRtc.SignalRequest offer = a.connection().await(LivekitRtc.SignalRequest.MessageCase.OFFER);
        assertThat(offer.getOffer().getId()).isEqualTo(1);
        assertThat(offer.getOffer().getSdp()).contains("m=application");
        assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void otherRefusalsDoNotFallBack() throws Exception {
        FakeTransport unauthorized = new FakeTransport(uri -> new SignalHandshakeException(401, "invalid token"));
        assertThatThrownBy(() -> Room.connect("ws://h", "bad", options(unauthorized, true)).get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(ConnectException.class)
                .satisfies(e -> {
                    assertThat(((ConnectException) e).reason()).isEqualTo(ConnectException.Reason.NOT_ALLOWED);
                    assertThat(((ConnectException) e).httpStatus()).isEqualTo(401);
                });
        assertThat(unauthorized.attempts).hasSize(1);

        FakeTransport noRoom = new FakeTransport(
                uri -> new SignalHandshakeException(404, "requested room does not exist"));
        assertThatThrownBy(() -> Room.connect("ws://h", "t", options(noRoom, true)).get(10, TimeUnit.SECONDS))
                .cause()
                .extracting(e -> ((ConnectException) e).reason())
                .isEqualTo(ConnectException.Reason.ROOM_NOT_FOUND);
        assertThat(noRoom.attempts).hasSize(1);

        FakeTransport unreachable = new FakeTransport(uri -> new java.net.ConnectException("refused"));
        assertThatThrownBy(() -> Room.connect("ws://h", "t", options(unreachable, true)).get(10, TimeUnit.SECONDS))
                .cause()
                .extracting(e -> ((ConnectException) e).reason())
                .isEqualTo(ConnectException.Reason.SERVER_UNREACHABLE);
    }

    @Test
    void leaveInsteadOfJoinFailsTheConnect() throws Exception {
        FakeTransport transport = new FakeTransport(uri -> null);
        CompletableFuture<Room> connecting =
                Room.connect("ws://h", "t", options(transport, false), new Events(), Runnable::run);
        Attempt a = transport.opened.poll(5, TimeUnit.SECONDS);
        a.listener().onMessage(LivekitRtc.SignalResponse.newBuilder()
                .setLeave(LivekitRtc.LeaveRequest.newBuilder().setReason(LivekitModels.DisconnectReason.ROOM_CLOSED))
                .build()
                .toByteArray());
        assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS))
                .cause()
                .extracting(e -> ((ConnectException) e).reason())
                .isEqualTo(ConnectException.Reason.REJECTED);
    }

    @Test
    void cancellingTheConnectAbandonsTheAttempt() throws Exception {
        FakeTransport transport = new FakeTransport(uri -> null);
        Events events = new Events();
        CompletableFuture<Room> connecting = Room.connect("ws://h", "t", options(transport, true), events, Runnable::run);
        Attempt a = transport.opened.poll(5, TimeUnit.SECONDS);
        assertThat(a).isNotNull();
        connecting.cancel(true);
        // The session closes its signal connection (and its peer connection) at once, long before
        // the 2 s connect timeout could fire.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!a.connection().closed && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(a.connection().closed).isTrue();
    }
}
