/**
 * Implementation of data-track end-to-end encryption: the key derivation functions (PBKDF2 and
 * HKDF over raw bytes), AES-128-GCM, IV generation, key material with its ratchet, and key rings.
 *
 * <p>Not API: the types are public only so that other packages of this library can use them.
 * Applications use {@link io.livekit.datatrack.e2ee}.
 */
package io.livekit.datatrack.internal.e2ee;
