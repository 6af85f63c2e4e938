package io.livekit.datatrack.cli;

import io.livekit.datatrack.client.RoomOptions;
import io.livekit.datatrack.e2ee.KeyProvider;
import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import picocli.CommandLine.Option;

/** Where and as whom to connect: shared by {@code publish} and {@code subscribe}. */
final class ConnectOptions {
    @Option(names = "--url", defaultValue = "${env:LIVEKIT_URL:-ws://127.0.0.1:7880}",
            description = "Server URL (env LIVEKIT_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", defaultValue = "${env:LIVEKIT_TOKEN}",
            description = "Access token; otherwise one is minted from the API key and secret.")
    String token;

    @Option(names = "--api-key", defaultValue = "${env:LIVEKIT_API_KEY:-devkey}", description = "API key (env LIVEKIT_API_KEY).")
    String apiKey;

    @Option(names = "--api-secret", defaultValue = "${env:LIVEKIT_API_SECRET:-secret}", description = "API secret (env LIVEKIT_API_SECRET).")
    String apiSecret;

    @Option(names = "--room", defaultValue = "demo", description = "Room (when minting; default ${DEFAULT-VALUE}).")
    String room;

    @Option(names = "--identity", description = "Identity (when minting).")
    String identity;

    @Option(names = "--e2ee-passphrase", description = "End-to-end encryption with this shared passphrase.")
    String passphrase;

    @Option(names = "--v0", description = "Dual peer connection signalling instead of single (v1).")
    boolean v0;

    String token(String defaultIdentity) {
        if (token != null && !token.isBlank()) {
            return token;
        }
        return AccessToken.builder(apiKey, apiSecret)
                .identity(identity != null ? identity : defaultIdentity)
                .videoGrant(VideoGrant.join(room))
                .toJwt();
    }

    RoomOptions roomOptions() {
        RoomOptions.Builder b = RoomOptions.builder().singlePeerConnection(!v0);
        if (passphrase != null) {
            b.encryption(KeyProvider.withSharedPassphrase(passphrase));
        }
        return b.build();
    }
}
