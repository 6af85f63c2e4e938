package io.livekit.datatrack.sfu.testclient;

import io.livekit.datatrack.token.AccessToken;
import io.livekit.datatrack.token.VideoGrant;
import java.util.function.UnaryOperator;

/** Access tokens for the SFU's development key ({@code devkey} / {@code secret}). */
public final class Tokens {
    public static final String API_KEY = "devkey";
    public static final String SECRET = "secret";

    private Tokens() {}

    /** A token for {@code identity} in {@code room} with publish, publish-data and subscribe rights. */
    public static String token(String identity, String room) {
        return token(identity, room, g -> g);
    }

    /** A token whose grant is {@link VideoGrant#join(String)} changed by {@code grant}. */
    public static String token(String identity, String room, UnaryOperator<VideoGrant> grant) {
        return AccessToken.builder(API_KEY, SECRET)
                .identity(identity)
                .name(identity + " (test)")
                .videoGrant(grant.apply(VideoGrant.join(room)))
                .toJwt();
    }
}
