package io.livekit.datatrack.packet;

import io.livekit.datatrack.packet.PacketFormatException.Reason;

/**
 * Strict reader for packet format v0, following the reference (Rust) algorithm step by step:
 * length, version (before the handle), marker, handle, counters, then the extension block, where
 * zero tags are consumed in pairs, known ids shorter than their size are skipped as unknown, longer
 * ones are read with the excess skipped, and the last duplicate wins.
 */
final class PacketReader {
    private PacketReader() {}

    static Packet read(byte[] data, int offset, int length) throws PacketFormatException {
        if (length < PacketHeader.BASE_LENGTH) {
            throw new PacketFormatException(Reason.TOO_SHORT, 0, "packet shorter than 12 bytes: " + length);
        }
        int b0 = data[offset] & 0xFF;
        int version = b0 >>> 5;
        if (version != 0) {
            throw new PacketFormatException(Reason.UNSUPPORTED_VERSION, version, "unsupported version " + version);
        }
        FrameMarker marker = FrameMarker.fromBits(b0 >>> 3);
        boolean x = (b0 & 0x04) != 0;
        int handle = u16(data, offset + 2);
        if (handle == 0) {
            throw new PacketFormatException(Reason.INVALID_HANDLE, 0, "track handle 0 is reserved");
        }
        int sequence = u16(data, offset + 4);
        int frameNumber = u16(data, offset + 6);
        long timestamp = u32(data, offset + 8);

        int pos = offset + PacketHeader.BASE_LENGTH;
        int end = offset + length;
        PacketExtensions extensions = PacketExtensions.NONE;
        if (x) {
            if (end - pos < 2) {
                throw new PacketFormatException(Reason.MISSING_EXT_WORDS, 0, "extension length field missing");
            }
            int words = u16(data, pos);
            pos += 2;
            int block = 4 * (words + 1) - 2;
            if (block > end - pos) {
                throw new PacketFormatException(
                        Reason.HEADER_OVERRUN, 0, "extension block of " + block + " bytes overruns packet");
            }
            extensions = readExtensions(data, pos, pos + block);
            pos += block;
        }
        PacketHeader header = new PacketHeader(marker, handle, sequence, frameNumber, timestamp, extensions);
        return new Packet(header, data, pos, end - pos);
    }

    private static PacketExtensions readExtensions(byte[] data, int pos, int end) throws PacketFormatException {
        E2eeExtension e2ee = null;
        boolean hasUserTs = false;
        long userTs = 0;
        while (end - pos >= 2) {
            int tag = data[pos] & 0xFF;
            int len = data[pos + 1] & 0xFF;
            pos += 2;
            if (tag == 0) {
                continue; // padding: the pair is consumed, nothing else
            }
            if (len > end - pos) {
                throw new PacketFormatException(
                        Reason.MALFORMED_EXT, tag, "extension " + tag + " of length " + len + " overruns its block");
            }
            if (tag == E2eeExtension.ID && len >= E2eeExtension.LENGTH) {
                byte[] iv = new byte[E2eeExtension.IV_LENGTH];
                System.arraycopy(data, pos + 1, iv, 0, iv.length);
                e2ee = new E2eeExtension(data[pos] & 0xFF, iv);
            } else if (tag == PacketExtensions.USER_TIMESTAMP_ID && len >= PacketExtensions.USER_TIMESTAMP_LENGTH) {
                hasUserTs = true;
                userTs = u64(data, pos);
            }
            // unknown ids, and known ids shorter than their size, are skipped
            pos += len;
        }
        if (e2ee == null && !hasUserTs) {
            return PacketExtensions.NONE;
        }
        PacketExtensions ext = PacketExtensions.NONE.withE2ee(e2ee);
        return hasUserTs ? ext.withUserTimestamp(userTs) : ext;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }

    private static long u64(byte[] b, int i) {
        return (u32(b, i) << 32) | u32(b, i + 4);
    }
}
