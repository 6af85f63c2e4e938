package io.livekit.datatrack.cli;

import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code token}: mints an access token for a room join. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Mint a LiveKit access token (HS256).")
final class TokenCommand implements Callable<Integer> {
    @Option(names = "--api-key", defaultValue = "${env:LIVEKIT_API_KEY:-devkey}", description = "API key (env LIVEKIT_API_KEY; default devkey).")
    String apiKey;

    @Option(names = "--api-secret", defaultValue = "${env:LIVEKIT_API_SECRET:-secret}", description = "API secret (env LIVEKIT_API_SECRET; default secret).")
    String apiSecret;

    @Option(names = {"--identity", "-i"}, required = true, description = "Participant identity.")
    String identity;

    @Option(names = {"--room", "-r"}, required = true, description = "Room name.")
    String room;

    @Option(names = "--name", description = "Display name.")
    String name;

    @Option(names = "--ttl", defaultValue = "PT6H", description = "Validity as an ISO-8601 duration (default ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--no-publish-data", description = "Deny data packets and data track publishing.")
    boolean noPublishData;

    @Option(names = "--no-subscribe", description = "Deny subscriptions.")
    boolean noSubscribe;

    @Override
    public Integer call() {
        VideoGrant grant = VideoGrant.join(room).withCanPublishData(!noPublishData).withCanSubscribe(!noSubscribe);
        AccessToken.Builder b = AccessToken.builder(apiKey, apiSecret).identity(identity).ttl(ttl).videoGrant(grant);
        if (name != null) {
            b.name(name);
        }
        System.out.println(b.toJwt());
        return 0;
    }
}
