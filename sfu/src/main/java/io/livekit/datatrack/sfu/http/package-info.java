/**
 * The SFU's HTTP/WebSocket edge: LiveKit's signaling endpoints on Jetty 12 core.
 *
 * <h2>Routes (shared/spec/signaling.md 1.1)</h2>
 * <ul>
 *   <li>{@code /rtc} (v0, dual PeerConnection) and {@code /rtc/v1} (v1, single PeerConnection):
 *       WebSocket upgrades. A request without {@code Upgrade: websocket} gets 404 with an empty body.
 *       A {@code join_request} parameter selects single-PC mode on either path; {@code /rtc/v1}
 *       without it is 400 {@code join_request is required}.</li>
 *   <li>{@code /rtc/validate}, {@code /rtc/v1/validate}: the same validation without upgrading;
 *       200 {@code success} or the error. Never a bare 404 (the JS client would fall back to v0,
 *       forever on the v0 path).</li>
 *   <li>{@code /}: 200 {@code OK} (health; JS sends {@code HEAD}). Other paths: 404.</li>
 *   <li>One leading {@code //} is normalised to {@code /}. Every response carries
 *       {@code Access-Control-Allow-Origin: *}; {@code OPTIONS} preflights get 204 with
 *       the allowed methods and the requested headers.</li>
 *   <li>Request line plus headers may be 128 KiB by default (a v1 join offer travels in the
 *       query).</li>
 * </ul>
 *
 * <h2>Validation before the upgrade (signaling.md 1.3–1.6)</h2>
 * In LiveKit's order: an {@code Authorization} header must start with {@code Bearer }; otherwise
 * the token is the {@code access_token} parameter. A bad token is 401 ({@code invalid authorization
 * token}, {@code invalid API key: <key>}, or {@code invalid authorization token: <reason>} — the
 * later LiveKit wording, since v1.13.5 echoes the raw token). Then the join parameters: v1 decodes
 * {@code join_request} (base64url, padded or not → {@code WrappedJoinRequest} → gzip or none, at most
 * 1 MiB decompressed → {@code JoinRequest}; 400 with LiveKit's messages); v0 maps the query
 * parameters of 1.4 into the same {@code JoinRequest} shape ({@code auto_subscribe} defaults to
 * true, optional settings only when present, {@code sid} only on a resume). Then grants: no token or
 * no {@code video} grant → 401 {@code no permissions to access the room}; no {@code roomJoin} → 401
 * {@code permissions denied}; empty identity → 400; no room → 400 {@code no room name}; identity or
 * room over 256 bytes → 400; metadata or attributes in the join request without
 * {@code canUpdateOwnMetadata} → 401. {@code ClientInfo.address} is set from the connection.
 *
 * <h2>After the upgrade</h2>
 * {@link io.livekit.datatrack.sfu.signal.SignalHandler#onJoin} is called once, from the WebSocket's
 * open event; every binary message is parsed as a {@code SignalRequest} and delivered to the
 * returned listener one at a time, in order. A message that does not decode, or a text message,
 * closes the connection (1007 / 1003), as LiveKit does; messages over 1 MiB are refused by Jetty
 * (1009). {@code onClose} runs exactly once, also when the server closes. Sends are non-blocking and
 * ordered through a per-connection queue with one Jetty send outstanding; more than 4 MiB queued
 * drops the connection. Ping frames go out every 10 s on idle connections; the idle timeout is 60 s.
 *
 * <h2>Logging</h2>
 * Tokens, query strings and secrets are never logged; refusals are logged at debug with status and
 * body only. No Jetty request log is installed, and Jetty's error pages are replaced by empty bodies
 * (the default page would echo the URI, token included).
 */
package io.livekit.datatrack.sfu.http;
