package io.livekit.datatrack.client.signal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Joins the parts in which the JDK WebSocket delivers a binary message. Not thread-safe (the JDK
 * calls the listener one part at a time).
 */
final class MessageAssembler {
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /**
     * Adds a part.
     *
     * @return the complete message when {@code last}, else null
     */
    byte[] add(ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        if (last && partial.size() == 0) {
            return chunk;
        }
        partial.write(chunk, 0, chunk.length);
        if (!last) {
            return null;
        }
        byte[] message = partial.toByteArray();
        partial.reset();
        return message;
    }
}
