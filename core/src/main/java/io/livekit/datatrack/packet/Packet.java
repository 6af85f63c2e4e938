package io.livekit.datatrack.packet;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A version 0 data track packet: header plus payload. Immutable as far as this class goes; the
 * payload is a view of an array that the creator promises not to change (see {@link #wrap}).
 *
 * <p>One data channel message carries exactly one packet. Parse untrusted bytes with
 * {@link #parse(byte[])}; write with {@link #toByteArray()} or {@link #writeTo(ByteBuffer)}.
 */
public final class Packet {
    private final PacketHeader header;
    private final byte[] payload;
    private final int payloadOffset;
    private final int payloadLength;

    Packet(PacketHeader header, byte[] payload, int payloadOffset, int payloadLength) {
        this.header = Objects.requireNonNull(header, "header");
        this.payload = payload;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    /**
     * A packet whose payload is {@code length} bytes of {@code payload} starting at {@code offset},
     * without copying. The caller must not modify that range afterwards.
     */
    public static Packet wrap(PacketHeader header, byte[] payload, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        return new Packet(header, payload, offset, length);
    }

    /** A packet with a copy of {@code payload}. */
    public static Packet of(PacketHeader header, byte[] payload) {
        return new Packet(header, payload.clone(), 0, payload.length);
    }

    /**
     * Parses one packet. The returned packet's payload is a view of {@code data} (no copy): do not
     * modify the array while the packet is in use.
     *
     * @throws PacketFormatException with one {@link PacketFormatException.Reason} per malformation
     */
    public static Packet parse(byte[] data) throws PacketFormatException {
        return PacketReader.read(data, 0, data.length);
    }

    /** Parses {@code length} bytes of {@code data} from {@code offset}; see {@link #parse(byte[])}. */
    public static Packet parse(byte[] data, int offset, int length) throws PacketFormatException {
        Objects.checkFromIndexSize(offset, length, data.length);
        return PacketReader.read(data, offset, length);
    }

    /** The header. */
    public PacketHeader header() {
        return header;
    }

    /** Payload length in bytes (may be 0). */
    public int payloadLength() {
        return payloadLength;
    }

    /** A read-only view of the payload. */
    public ByteBuffer payload() {
        return ByteBuffer.wrap(payload, payloadOffset, payloadLength).slice().asReadOnlyBuffer();
    }

    /** A copy of the payload. */
    public byte[] payloadBytes() {
        return Arrays.copyOfRange(payload, payloadOffset, payloadOffset + payloadLength);
    }

    /** Copies the payload into {@code dst} at {@code offset}. */
    public void copyPayloadTo(byte[] dst, int offset) {
        System.arraycopy(payload, payloadOffset, dst, offset, payloadLength);
    }

    /** Header length plus payload length. */
    public int serializedLength() {
        return header.serializedLength() + payloadLength;
    }

    /** The canonical wire encoding. */
    public byte[] toByteArray() {
        byte[] out = new byte[serializedLength()];
        ByteBuffer buf = ByteBuffer.wrap(out);
        PacketWriter.writeHeader(header, buf);
        buf.put(payload, payloadOffset, payloadLength);
        return out;
    }

    /**
     * Writes the canonical encoding at the buffer's position.
     *
     * @throws PacketSerializeException if the header or the payload does not fit (nothing of the
     *     payload is written then)
     */
    public void writeTo(ByteBuffer dst) {
        int headerLength = header.serializedLength();
        if (dst.remaining() >= headerLength && dst.remaining() < headerLength + payloadLength) {
            throw new PacketSerializeException(
                    PacketSerializeException.Reason.TOO_SMALL_FOR_PAYLOAD,
                    headerLength + payloadLength,
                    dst.remaining());
        }
        PacketWriter.writeHeader(header, dst);
        dst.put(payload, payloadOffset, payloadLength);
    }

    /**
     * Replaces the track handle of an encoded packet in place (bytes 2 and 3), which is all an SFU
     * changes when forwarding a canonical packet. The caller must have parsed {@code wire} first.
     */
    public static void rewriteHandle(byte[] wire, int handle) {
        Handles.requireValid(handle);
        wire[2] = (byte) (handle >>> 8);
        wire[3] = (byte) handle;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Packet other
                && header.equals(other.header)
                && Arrays.equals(
                        payload, payloadOffset, payloadOffset + payloadLength,
                        other.payload, other.payloadOffset, other.payloadOffset + other.payloadLength);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + payloadLength;
    }

    @Override
    public String toString() {
        return "Packet[" + header + ", payloadLength=" + payloadLength + "]";
    }
}
