package io.livekit.datatrack.rtc;

import java.util.List;
import java.util.Objects;

/**
 * A STUN or TURN server for ICE, as a LiveKit server hands them out in {@code JoinResponse} /
 * {@code ReconnectResponse} ({@code ICEServer { urls, username, credential }}).
 *
 * @param urls {@code stun:host:port}, {@code turn:host:port?transport=udp}, {@code turns:…}
 * @param username TURN username, empty for STUN
 * @param credential TURN password, empty for STUN
 */
public record IceServer(List<String> urls, String username, String credential) {
    /** Copies the list and checks for null. */
    public IceServer {
        urls = List.copyOf(urls);
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(credential, "credential");
    }

    /** A STUN server (no credentials). */
    public static IceServer stun(String url) {
        return new IceServer(List.of(url), "", "");
    }

    @Override
    public String toString() {
        return "IceServer" + urls + (username.isEmpty() ? "" : " user " + username); // never the credential
    }
}
