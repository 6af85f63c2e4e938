package io.livekit.datatrack.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two peer sessions of one engine connect over the namespace's veth pair, LiveKit-style: the
 * "client" creates the channels and offers, the "server" answers and adopts them by label.
 */
class PeerLoopbackNetnsTest {
    private RtcEngine engine;
    private ExecutorService events;

    @BeforeEach
    void setUp() {
        assertThat(System.getenv("LDT_NETNS_ADDRESSES")).as("must run inside the test namespace").isNotBlank();
        engine = RtcEngine.create();
        events = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() {
        engine.close();
        events.shutdownNow();
    }

    private static final class Recorder implements PeerSession.Listener {
        final BlockingQueue<IceCandidate> candidates = new LinkedBlockingQueue<>();
        final List<PeerState> states = new CopyOnWriteArrayList<>();
        final BlockingQueue<DataChannel> channels = new LinkedBlockingQueue<>();
        PeerSession other;

        @Override
        public void onLocalCandidate(IceCandidate candidate) {
            // Through JSON, as signaling carries it.
            other.addRemoteCandidate(IceCandidate.fromJson(candidate.toJson()));
        }

        @Override
        public void onStateChange(PeerState state) {
            states.add(state);
        }

        @Override
        public void onDataChannel(DataChannel channel) {
            channels.add(channel);
        }
    }

    @Test
    void clientOfferServerAnswerChannelsCarryMessagesBothWays() throws Exception {
        Recorder clientEvents = new Recorder();
        Recorder serverEvents = new Recorder();
        PeerSession client = engine.newPeer("client", clientEvents, events);
        PeerSession server = engine.newPeer("server", serverEvents, events);
        clientEvents.other = server;
        serverEvents.other = client;

        DataChannel reliable = client.createDataChannel("_reliable", true, -1).get(5, TimeUnit.SECONDS);
        DataChannel dataTrack = client.createDataChannel("_data_track", false, 0).get(5, TimeUnit.SECONDS);
        assertThat(reliable.policy()).isEqualTo(SendPolicy.QUEUE);
        assertThat(dataTrack.policy()).isEqualTo(SendPolicy.DROP);
        BlockingQueue<byte[]> atClient = new LinkedBlockingQueue<>();
        CompletableFuture<Void> open = new CompletableFuture<>();
        dataTrack.setListener(new DataChannel.Listener() {
            @Override
            public void onMessage(DataChannel channel, byte[] data, boolean binary) {
                atClient.add(data);
            }

            @Override
            public void onOpen(DataChannel channel) {
                open.complete(null);
            }
        });

        String offer = client.createOffer(false).get(5, TimeUnit.SECONDS);
        assertThat(offer).contains("m=application");
        String answer = server.answer(offer).get(5, TimeUnit.SECONDS);
        assertThat(answer).contains("a=sctp-port");
        client.applyAnswer(answer).get(5, TimeUnit.SECONDS);

        open.get(10, TimeUnit.SECONDS);
        DataChannel first = serverEvents.channels.poll(10, TimeUnit.SECONDS);
        DataChannel second = serverEvents.channels.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        DataChannel serverDataTrack = first.label().equals("_data_track") ? first : second;
        assertThat(serverDataTrack.label()).isEqualTo("_data_track");
        assertThat(serverDataTrack.policy()).isEqualTo(SendPolicy.DROP);

        BlockingQueue<byte[]> atServer = new LinkedBlockingQueue<>();
        serverDataTrack.setListener((channel, data, binary) -> atServer.add(data));
        for (int i = 0; i < 50; i++) {
            assertThat(dataTrack.send(new byte[] {(byte) i, 1, 2, 3})).isTrue();
        }
        for (int i = 0; i < 50; i++) {
            byte[] m = atServer.poll(5, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m).hasSize(4);
        }
        assertThat(serverDataTrack.send(new byte[16_000])).isTrue();
        assertThat(atClient.poll(5, TimeUnit.SECONDS)).hasSize(16_000);
        assertThat(dataTrack.send(new byte[DataChannel.MAX_MESSAGE_SIZE + 1])).isFalse();
        assertThat(clientEvents.states).contains(PeerState.CONNECTED);

        // A 32 MB burst on the lossy channel (created without an explicit policy, so DROP applies):
        // the sender drops above its threshold instead of letting libwebrtc's buffer pass ~16 MiB,
        // where libwebrtc silently closes the channel. The channel stays usable.
        long sentBefore = dataTrack.messagesSent();
        long droppedBefore = dataTrack.messagesDropped();
        int burst = 2000;
        for (int i = 0; i < burst; i++) {
            dataTrack.send(new byte[16_000]);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (dataTrack.messagesSent() - sentBefore + dataTrack.messagesDropped() - droppedBefore < burst
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(dataTrack.messagesSent() - sentBefore + dataTrack.messagesDropped() - droppedBefore).isEqualTo(burst);
        assertThat(dataTrack.messagesDropped() - droppedBefore).isPositive();
        assertThat(dataTrack.isOpen()).isTrue();
        Thread.sleep(2000); // let the burst drain
        atServer.clear();
        assertThat(dataTrack.send(new byte[] {42})).isTrue();
        byte[] after = atServer.poll(10, TimeUnit.SECONDS);
        while (after != null && after.length != 1) {
            after = atServer.poll(10, TimeUnit.SECONDS); // the tail of the burst
        }
        assertThat(after).containsExactly(42);

        client.close();
        server.close();
        assertThat(client.state()).isEqualTo(PeerState.CLOSED);
    }
}
