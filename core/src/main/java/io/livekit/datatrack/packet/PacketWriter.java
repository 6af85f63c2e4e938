package io.livekit.datatrack.packet;

import java.nio.ByteBuffer;

/**
 * Canonical writer for packet format v0 (all three upstream implementations produce these bytes):
 * E2EE extension first, then the user timestamp, then minimal trailing zero padding so that the
 * 2-byte length field, the extensions and the padding fill {@code 4 * (L + 1)} bytes.
 */
final class PacketWriter {
    private static final int E2EE_ELEMENT = 2 + E2eeExtension.LENGTH;
    private static final int USER_TS_ELEMENT = 2 + PacketExtensions.USER_TIMESTAMP_LENGTH;

    private PacketWriter() {}

    /** Bytes of extension elements (id + len + data), excluding the length field and padding. */
    private static int extensionBytes(PacketExtensions ext) {
        int n = 0;
        if (ext.e2eeOrNull() != null) {
            n += E2EE_ELEMENT;
        }
        if (ext.hasUserTimestamp()) {
            n += USER_TS_ELEMENT;
        }
        return n;
    }

    /** Number of 4-byte words the block occupies, length field included. */
    private static int extensionWords(int extBytes) {
        return (2 + extBytes + 3) / 4;
    }

    static int headerLength(PacketExtensions ext) {
        if (ext.isEmpty()) {
            return PacketHeader.BASE_LENGTH;
        }
        return PacketHeader.BASE_LENGTH + 4 * extensionWords(extensionBytes(ext));
    }

    static void writeHeader(PacketHeader h, ByteBuffer dst) {
        int needed = headerLength(h.extensions());
        if (dst.remaining() < needed) {
            throw new PacketSerializeException(
                    PacketSerializeException.Reason.TOO_SMALL_FOR_HEADER, needed, dst.remaining());
        }
        PacketExtensions ext = h.extensions();
        boolean x = !ext.isEmpty();
        dst.put((byte) ((h.marker().bits() << 3) | (x ? 0x04 : 0)));
        dst.put((byte) 0);
        dst.putShort((short) h.trackHandle());
        dst.putShort((short) h.sequence());
        dst.putShort((short) h.frameNumber());
        dst.putInt((int) h.timestamp());
        if (!x) {
            return;
        }
        int extBytes = extensionBytes(ext);
        int words = extensionWords(extBytes);
        dst.putShort((short) (words - 1));
        E2eeExtension e2ee = ext.e2eeOrNull();
        if (e2ee != null) {
            dst.put((byte) E2eeExtension.ID);
            dst.put((byte) E2eeExtension.LENGTH);
            dst.put((byte) e2ee.keyIndex());
            e2ee.writeIv(dst);
        }
        if (ext.hasUserTimestamp()) {
            dst.put((byte) PacketExtensions.USER_TIMESTAMP_ID);
            dst.put((byte) PacketExtensions.USER_TIMESTAMP_LENGTH);
            dst.putLong(ext.rawUserTimestamp());
        }
        for (int pad = 4 * words - 2 - extBytes; pad > 0; pad--) {
            dst.put((byte) 0);
        }
    }
}
