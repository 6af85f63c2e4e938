package io.livekit.datatrack.sfu.testclient;

import io.livekit.datatrack.rtc.RtcEngine;
import io.livekit.datatrack.sfu.SfuServer;
import io.livekit.datatrack.token.VideoGrant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One SFU (and, in a network namespace, one WebRTC engine for the test clients) per test class:
 * {@code @RegisterExtension static final SfuExtension SFU = SfuExtension.netns();}.
 */
public final class SfuExtension implements BeforeAllCallback, AfterAllCallback {
    private final boolean netns;
    private SfuServer sfu;
    private RtcEngine engine;

    private SfuExtension(boolean netns) {
        this.netns = netns;
    }

    /** Signaling only: the SFU on loopback, clients without peer connections. */
    public static SfuExtension loopback() {
        return new SfuExtension(false);
    }

    /** The SFU on the namespace's first address, plus an engine for clients with peer connections. */
    public static SfuExtension netns() {
        return new SfuExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sfu = netns ? TestSfu.netns() : TestSfu.loopback();
        engine = netns ? RtcEngine.create() : null;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (sfu != null) {
            sfu.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    public SfuServer server() {
        return sfu;
    }

    public String url() {
        return sfu.url();
    }

    public RtcEngine engine() {
        return engine;
    }

    /** A signaling-only client that has its JoinResponse. */
    public TestClient join(String identity, String room) throws Exception {
        return TestClient.join(sfu.url(), Tokens.token(identity, room));
    }

    /** A client with a peer connection, joined, once the given data channels are open. */
    public TestClient connect(String identity, String room, String... channels) throws Exception {
        return connect(identity, room, UnaryOperator.identity(), channels);
    }

    /** As {@link #connect(String, String, String...)} with a changed grant. */
    public TestClient connect(String identity, String room, UnaryOperator<VideoGrant> grant, String... channels)
            throws Exception {
        TestClient c = TestClient.builder(sfu.url(), Tokens.token(identity, room, grant))
                .peer(engine).name(identity).connect();
        try {
            c.awaitJoin();
            for (String label : channels) {
                c.awaitChannel(label);
            }
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }
}
