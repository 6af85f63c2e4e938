/**
 * End-to-end encryption of data-track frames, compatible with the LiveKit JS and Rust SDKs.
 *
 * <p>A publisher encrypts each whole frame once, before it is split into packets, with
 * AES-128-GCM; the key index and the 12-byte IV travel in clear in the packets' E2EE extension,
 * and the receiver decrypts the reassembled frame. {@link io.livekit.datatrack.e2ee.KeyProvider}
 * holds the keys (one shared key, or one per participant, each in a ring of indexed slots) and
 * hands out the {@link io.livekit.datatrack.e2ee.EncryptionProvider} and {@link
 * io.livekit.datatrack.e2ee.DecryptionProvider} the pipelines use. Applications may also implement
 * those two interfaces themselves.
 */
package io.livekit.datatrack.e2ee;
