/**
 * Public API of LiveKit data tracks: frames, track info, options, local (published) and remote
 * (subscribed) tracks, subscriptions and the exceptions the API reports.
 *
 * <p>Data tracks carry arbitrary binary frames through a LiveKit room with low latency; delivery
 * is lossy by design (frames are dropped, never queued without bound), optionally end-to-end
 * encrypted (see {@code io.livekit.datatrack.e2ee}).
 */
package io.livekit.datatrack;
