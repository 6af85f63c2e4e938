package io.livekit.datatrack.internal;

import io.livekit.datatrack.packet.PacketExtensions;

/**
 * A frame rebuilt from its packets, before decryption.
 *
 * @param payload the concatenated payloads (owned by the receiver)
 * @param extensions the extensions of the frame's first packet
 */
public record ReassembledFrame(byte[] payload, PacketExtensions extensions) {}
