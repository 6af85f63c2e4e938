package io.livekit.datatrack.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.datatrack.DataTrackOptions;
import io.livekit.datatrack.DataTrackSid;
import io.livekit.datatrack.DataTrackSubscription;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.RemoteDataTrack;
import io.livekit.datatrack.sfu.SfuServer;
import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of the Java client against our embedded SFU, with a publisher and a subscriber streaming
 * two tracks continuously (50 fps each, every frame checked for integrity and for the track it
 * belongs to): a cut network path, signal loss of one party (resume), a crashed and restarted SFU
 * and a long signal outage of one party (full reconnect). In every case frames flow again without
 * any action of the application, the publisher's {@link LocalDataTrack} objects and the
 * subscriber's {@link DataTrackSubscription}s survive, and no corrupted or misrouted frame is ever
 * delivered.
 */
class FaultsNetnsTest {
    private static final int FPS = 50;
    private static final String API_KEY = "devkey";
    private static final String SECRET = "secret";
    /** Bound on fault end (or detection) → frames flowing again. */
    private static final Duration RECOVERY = Duration.ofSeconds(20);
    private static final long MILLIS_100 = TimeUnit.MILLISECONDS.toNanos(100);

    private final String address = netnsAddresses()[0];
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private SfuServer sfu;
    private int port;
    private boolean linkCut;

    // the running scenario
    private Room alice;
    private Room bob;
    private final Events aliceEvents = new Events();
    private final Events bobEvents = new Events();
    private LocalDataTrack alpha;
    private LocalDataTrack beta;
    private DataTrackSubscription subAlpha;
    private DataTrackSubscription subBeta;
    private CheckedStream stream;
    private CheckedStream.Receiver rxAlpha;
    private CheckedStream.Receiver rxBeta;

    @BeforeEach
    void startSfu() {
        sfu = SfuServer.builder().devMode().bind(address).port(0).advertise(address).start();
        port = sfu.port();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (linkCut) {
            linkUp();
        }
        if (stream != null) {
            stream.close();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // best effort
            }
        }
        if (sfu != null) {
            sfu.close();
        }
    }

    // =====================================================================================
    // a. the network path is cut
    // =====================================================================================

    /**
     * The link to the SFU goes down for 0.8 s: every packet to or from the SFU's address is
     * discarded and the TCP connections through it are reset (as when an interface goes down), so
     * both clients lose signal and peer connection at once (they report Reconnecting). Both resume
     * on the same session when the link is back: same participant and track SIDs, the same
     * subscriptions keep delivering.
     */
    @Test
    void shortLinkDropResumesBothParties() throws Exception {
        start(null, null);
        String aliceSid = alice.localParticipant().sid();
        String bobSid = bob.localParticipant().sid();
        DataTrackSid alphaSid = alpha.info().sid();
        DataTrackSid betaSid = beta.info().sid();

        long fault = linkDown();
        aliceEvents.await(RoomEvent.Reconnecting.class, e -> !e.fullReconnect(), Duration.ofSeconds(5));
        bobEvents.await(RoomEvent.Reconnecting.class, e -> !e.fullReconnect(), Duration.ofSeconds(5));
        long detected = System.nanoTime();
        Thread.sleep(800);
        long healed = linkUp();
        aliceEvents.await(RoomEvent.Reconnected.class, e -> !e.fullReconnect(), Duration.ofSeconds(20));
        bobEvents.await(RoomEvent.Reconnected.class, e -> !e.fullReconnect(), Duration.ofSeconds(20));

        awaitFlowing(healed);
        report("short link drop (0.8 s)", fault, detected, healed);
        // the data path was really cut: nothing arrived while the link was down
        assertThat(rxAlpha.receivedBetween(fault + MILLIS_100, healed)).isZero();
        assertThat(alice.stats().resumes()).isEqualTo(1);
        assertThat(bob.stats().resumes()).isEqualTo(1);
        assertThat(alice.stats().fullReconnects()).isZero();
        assertThat(bob.stats().fullReconnects()).isZero();
        assertThat(alice.localParticipant().sid()).isEqualTo(aliceSid);
        assertThat(bob.localParticipant().sid()).isEqualTo(bobSid);
        assertThat(alpha.info().sid()).isEqualTo(alphaSid);
        assertThat(beta.info().sid()).isEqualTo(betaSid);
        assertIntact();
    }

    /**
     * The link is down for 5 s, longer than the clients' resume attempts (about 1.5 s): both
     * reconnect from scratch while the SFU still holds their old sessions (which the new joins
     * replace). The tracks are republished under new SIDs and the subscriptions follow them.
     */
    @Test
    void longLinkDropFullyReconnectsBothParties() throws Exception {
        start(null, null);
        String aliceSid = alice.localParticipant().sid();
        DataTrackSid alphaSid = alpha.info().sid();
        DataTrackSid betaSid = beta.info().sid();

        long fault = linkDown();
        aliceEvents.await(RoomEvent.Reconnecting.class, RoomEvent.Reconnecting::fullReconnect, Duration.ofSeconds(10));
        bobEvents.await(RoomEvent.Reconnecting.class, RoomEvent.Reconnecting::fullReconnect, Duration.ofSeconds(10));
        long detected = System.nanoTime();
        Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(5) - ms(System.nanoTime() - fault)));
        long healed = linkUp();
        aliceEvents.await(RoomEvent.Reconnected.class, RoomEvent.Reconnected::fullReconnect, Duration.ofSeconds(20));
        bobEvents.await(RoomEvent.Reconnected.class, RoomEvent.Reconnected::fullReconnect, Duration.ofSeconds(20));

        awaitFlowing(healed);
        report("long link drop (5 s)", fault, detected, healed);
        assertThat(rxAlpha.receivedBetween(fault + MILLIS_100, healed)).isZero();
        assertThat(alice.stats().fullReconnects()).isEqualTo(1);
        assertThat(bob.stats().fullReconnects()).isEqualTo(1);
        assertThat(alice.stats().resumes()).isZero();
        assertThat(bob.stats().resumes()).isZero();
        assertThat(alice.localParticipant().sid()).isNotEqualTo(aliceSid);
        assertRepublished(alpha, alphaSid);
        assertRepublished(beta, betaSid);
        assertIntact();
    }

    // =====================================================================================
    // b. signal loss of one party: resume
    // =====================================================================================

    @Test
    void publisherSignalLossResumes() throws Exception {
        start(null, null);
        DataTrackSid alphaSid = alpha.info().sid();
        long fault = System.nanoTime();
        alice.session().simulateSignalLoss();
        aliceEvents.await(RoomEvent.Reconnecting.class, e -> !e.fullReconnect(), Duration.ofSeconds(5));
        aliceEvents.await(RoomEvent.Reconnected.class, e -> !e.fullReconnect(), Duration.ofSeconds(15));
        long healed = System.nanoTime();
        awaitFlowing(healed);
        report("publisher signal loss", fault, fault, healed);
        assertThat(alice.stats().resumes()).isEqualTo(1);
        assertThat(alice.stats().fullReconnects()).isZero();
        assertThat(bob.stats().resumes()).isZero();
        assertThat(alpha.info().sid()).isEqualTo(alphaSid);
        assertThat(bobEvents.queue).noneMatch(e -> e instanceof RoomEvent.Reconnecting);
        assertIntact();
    }

    @Test
    void subscriberSignalLossResumes() throws Exception {
        start(null, null);
        long fault = System.nanoTime();
        bob.session().simulateSignalLoss();
        bobEvents.await(RoomEvent.Reconnecting.class, e -> !e.fullReconnect(), Duration.ofSeconds(5));
        bobEvents.await(RoomEvent.Reconnected.class, e -> !e.fullReconnect(), Duration.ofSeconds(15));
        long healed = System.nanoTime();
        awaitFlowing(healed);
        report("subscriber signal loss", fault, fault, healed);
        assertThat(bob.stats().resumes()).isEqualTo(1);
        assertThat(bob.stats().fullReconnects()).isZero();
        assertThat(alice.stats().resumes()).isZero();
        assertThat(aliceEvents.queue).noneMatch(e -> e instanceof RoomEvent.Reconnecting);
        assertIntact();
    }

    // =====================================================================================
    // c. the SFU crashes and comes back
    // =====================================================================================

    /**
     * The SFU dies without a goodbye (its connections are reset and it is closed while its address
     * is cut off, so no Leave reaches anyone) and a new SFU starts on the same address and port. Both clients fully reconnect by
     * themselves; the publisher's track objects get new SIDs; the subscriber's subscriptions
     * follow the republished tracks and deliver again.
     */
    @Test
    void sfuRestartFullyReconnectsBothParties() throws Exception {
        start(null, null);
        String aliceSid = alice.localParticipant().sid();
        DataTrackSid alphaSid = alpha.info().sid();
        DataTrackSid betaSid = beta.info().sid();

        long fault = linkDown(); // the crash: connections reset, no Leave reaches anyone
        sfu.close();
        linkUp();
        sfu = SfuServer.builder().devMode().bind(address).port(port).advertise(address).start();
        long healed = System.nanoTime();
        aliceEvents.await(RoomEvent.Reconnected.class, RoomEvent.Reconnected::fullReconnect, Duration.ofSeconds(30));
        bobEvents.await(RoomEvent.Reconnected.class, RoomEvent.Reconnected::fullReconnect, Duration.ofSeconds(30));

        awaitFlowing(healed);
        report("SFU restart", fault, fault, healed);
        assertThat(alice.stats().fullReconnects()).isEqualTo(1);
        assertThat(bob.stats().fullReconnects()).isEqualTo(1);
        assertThat(alice.localParticipant().sid()).isNotEqualTo(aliceSid);
        assertRepublished(alpha, alphaSid);
        assertRepublished(beta, betaSid);
        assertIntact();
    }

    // =====================================================================================
    // d. a long signal outage of one party: full reconnect of that party only
    // =====================================================================================

    /**
     * The publisher's signal path is down for longer than its resume attempts: it reconnects from
     * scratch (new participant SID, replacing its old session), republishes its tracks under new
     * SIDs, and the subscriber's subscriptions follow them.
     */
    @Test
    void publisherFullReconnect() throws Exception {
        CuttableSignalTransport aliceSignal = new CuttableSignalTransport();
        start(aliceSignal, null);
        String aliceSid = alice.localParticipant().sid();
        DataTrackSid alphaSid = alpha.info().sid();
        DataTrackSid betaSid = beta.info().sid();
        String bobSid = bob.localParticipant().sid();

        long fault = System.nanoTime();
        aliceSignal.cut(Duration.ofSeconds(3));
        aliceEvents.await(RoomEvent.Reconnecting.class, RoomEvent.Reconnecting::fullReconnect, Duration.ofSeconds(10));
        aliceEvents.await(RoomEvent.Reconnected.class, RoomEvent.Reconnected::fullReconnect, Duration.ofSeconds(20));
        long healed = System.nanoTime();
        awaitFlowing(healed);
        report("publisher full reconnect (3 s signal outage)", fault, fault, fault + TimeUnit.SECONDS.toNanos(3));
        assertThat(alice.stats().fullReconnects()).isEqualTo(1);
        assertThat(alice.localParticipant().sid()).isNotEqualTo(aliceSid);
        assertRepublished(alpha, alphaSid);
        assertRepublished(beta, betaSid);
        assertThat(bob.stats().fullReconnects()).isZero();
        assertThat(bob.stats().resumes()).isZero();
        assertThat(bob.localParticipant().sid()).isEqualTo(bobSid);
        assertIntact();
    }

    /**
     * The subscriber's signal path is down for longer than its resume attempts: it reconnects
     * from scratch and asks again for its subscriptions, which keep delivering; the publisher
     * notices nothing.
     */
    @Test
    void subscriberFullReconnect() throws Exception {
        CuttableSignalTransport bobSignal = new CuttableSignalTransport();
        start(null, bobSignal);
        String bobSid = bob.localParticipant().sid();
        DataTrackSid alphaSid = alpha.info().sid();

        long fault = System.nanoTime();
        bobSignal.cut(Duration.ofSeconds(3));
        bobEvents.await(RoomEvent.Reconnecting.class, RoomEvent.Reconnecting::fullReconnect, Duration.ofSeconds(10));
        bobEvents.await(RoomEvent.Reconnected.class, RoomEvent.Reconnected::fullReconnect, Duration.ofSeconds(20));
        long healed = System.nanoTime();
        awaitFlowing(healed);
        report("subscriber full reconnect (3 s signal outage)", fault, fault, fault + TimeUnit.SECONDS.toNanos(3));
        assertThat(bob.stats().fullReconnects()).isEqualTo(1);
        assertThat(bob.localParticipant().sid()).isNotEqualTo(bobSid);
        assertThat(alice.stats().fullReconnects()).isZero();
        assertThat(alice.stats().resumes()).isZero();
        assertThat(alpha.info().sid()).isEqualTo(alphaSid);
        assertThat(subAlpha.track().info().sid()).isEqualTo(alphaSid);
        assertIntact();
    }

    // =====================================================================================
    // scenario
    // =====================================================================================

    /** alice publishes alpha and beta, bob subscribes to both, frames flow both ways checked. */
    private void start(CuttableSignalTransport aliceSignal, CuttableSignalTransport bobSignal) throws Exception {
        String room = "faults-" + UUID.randomUUID();
        alice = connect(room, "alice", aliceSignal, aliceEvents);
        bob = connect(room, "bob", bobSignal, bobEvents);
        alpha = alice.localParticipant().publishDataTrack(DataTrackOptions.named("alpha")).get(10, TimeUnit.SECONDS);
        beta = alice.localParticipant().publishDataTrack(DataTrackOptions.named("beta")).get(10, TimeUnit.SECONDS);
        Map<String, RemoteDataTrack> seen = new java.util.HashMap<>();
        while (seen.size() < 2) {
            var p = bobEvents.await(RoomEvent.DataTrackPublished.class, Duration.ofSeconds(10));
            seen.put(p.track().info().name(), p.track());
        }
        subAlpha = seen.get("alpha").subscribe().get(10, TimeUnit.SECONDS);
        subBeta = seen.get("beta").subscribe().get(10, TimeUnit.SECONDS);
        closeables.add(subAlpha);
        closeables.add(subBeta);
        stream = new CheckedStream();
        rxAlpha = stream.receive(subAlpha, "alpha");
        rxBeta = stream.receive(subBeta, "beta");
        stream.push(alpha, FPS);
        stream.push(beta, FPS);
        until("frames flowing before the fault", Duration.ofSeconds(10),
                () -> rxAlpha.received.get() >= 25 && rxBeta.received.get() >= 25);
    }

    private Room connect(String room, String identity, CuttableSignalTransport signal, Events events) throws Exception {
        RoomOptions.Builder options = RoomOptions.builder();
        if (signal != null) {
            options.signalTransport(signal);
        }
        String token = AccessToken.builder(API_KEY, SECRET).identity(identity).videoGrant(VideoGrant.join(room)).toJwt();
        Room r = Room.connect("ws://" + address + ":" + port, token, options.build(), events, Runnable::run)
                .get(20, TimeUnit.SECONDS);
        closeables.add(r);
        return r;
    }

    /** Waits until both subscriptions have received 25 frames (half a second) after {@code since}. */
    private void awaitFlowing(long since) throws InterruptedException {
        until("frames flowing again on both tracks", RECOVERY,
                () -> rxAlpha.receivedAfter(since) >= 25 && rxBeta.receivedAfter(since) >= 25);
    }

    private static void assertRepublished(LocalDataTrack track, DataTrackSid oldSid) throws InterruptedException {
        until(track.info().name() + " republished", Duration.ofSeconds(10), () -> !track.info().sid().equals(oldSid));
        assertThat(track.isPublished()).isTrue();
    }

    /** Nothing corrupted, misrouted or duplicated was delivered; the subscriptions never ended. */
    private void assertIntact() {
        for (CheckedStream.Receiver r : List.of(rxAlpha, rxBeta)) {
            assertThat(r.problems).as(r.trackName).isEmpty();
            assertThat(r.corrupted.get()).as(r.trackName).isZero();
            assertThat(r.misrouted.get()).as(r.trackName).isZero();
            assertThat(r.duplicates.get()).as(r.trackName).isZero();
            assertThat(r.isEnded()).as(r.trackName + " subscription ended").isFalse();
        }
        assertThat(subAlpha.track().info().sid()).isEqualTo(alpha.info().sid());
        assertThat(subBeta.track().info().sid()).isEqualTo(beta.info().sid());
        assertThat(bobEvents.queue).noneMatch(e -> e instanceof RoomEvent.DataTrackUnpublished);
    }

    private void report(String what, long fault, long detected, long healed) {
        long recoveredAlpha = rxAlpha.firstArrivalAfter(healed);
        long recoveredBeta = rxBeta.firstArrivalAfter(healed);
        long recovered = Math.max(recoveredAlpha, recoveredBeta);
        System.out.printf("[faults] %s: detected after %d ms, fault over after %d ms, first frames again %d ms later "
                        + "(%d ms after the fault); longest gap alpha %d ms, beta %d ms; %s %s; alice %s; bob %s%n",
                what, ms(detected - fault), ms(healed - fault), ms(recovered - healed), ms(recovered - fault),
                longestGap(rxAlpha, fault), longestGap(rxBeta, fault), rxAlpha, rxBeta, alice.stats(), bob.stats());
    }

    private static long longestGap(CheckedStream.Receiver r, long since) {
        long last = -1;
        long gap = 0;
        for (long[] a : r.arrivals) {
            if (last != -1 && a[0] - since > 0) {
                gap = Math.max(gap, a[0] - last);
            }
            last = a[0];
        }
        return ms(gap);
    }

    /**
     * Cuts the SFU's address off: policy rules ahead of the local table discard every packet to or
     * from it, and the TCP connections through it are reset (as when an interface goes down).
     */
    private long linkDown() throws Exception {
        long now = System.nanoTime();
        ip("rule", "add", "pref", "10", "to", address, "blackhole");
        ip("rule", "add", "pref", "11", "from", address, "blackhole");
        linkCut = true;
        run("ss", "-K", "-t", "src", address);
        run("ss", "-K", "-t", "dst", address);
        return now;
    }

    private long linkUp() throws Exception {
        ip("rule", "del", "pref", "10");
        ip("rule", "del", "pref", "11");
        linkCut = false;
        return System.nanoTime();
    }

    /** The local table moves behind the test's blackhole rules (pref 10, 11) for this class. */
    @BeforeAll
    static void moveLocalRule() throws Exception {
        ip("rule", "add", "pref", "100", "lookup", "local");
        ip("rule", "del", "pref", "0");
    }

    @AfterAll
    static void restoreLocalRule() throws Exception {
        ip("rule", "add", "pref", "0", "lookup", "local");
        ip("rule", "del", "pref", "100");
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        run(cmd.toArray(new String[0]));
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(List.of(cmd) + " failed: " + out);
        }
    }

    private static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String[] netnsAddresses() {
        String value = System.getenv("LDT_NETNS_ADDRESSES");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("not inside the test network namespace (run as *NetnsTest)");
        }
        return value.split(",");
    }
}
