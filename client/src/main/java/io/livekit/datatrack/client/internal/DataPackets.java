package io.livekit.datatrack.client.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.livekit.datatrack.client.RoomEvent;
import io.livekit.datatrack.protocol.LivekitModels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ordinary data packets on {@code _reliable} / {@code _lossy} (spec signaling §5): encoding with the
 * sender's identity, SID and reliable sequence (from 1), and decoding with duplicate suppression by
 * ({@code participant_sid}, {@code sequence}). Not thread-safe: used from the room actor.
 */
public final class DataPackets {
    /** Largest message the clients send (min of the SCTP max-message-size and 64000). */
    public static final int MAX_PACKET_SIZE = 64_000;

    private final Map<String, Long> lastSequence = new HashMap<>();

    /**
     * Encodes a user packet.
     *
     * @param sequence the reliable sequence (≥ 1), or 0 for lossy
     */
    @SuppressWarnings("deprecation") // kind and the UserPacket copies are deprecated but still read by peers
    public static byte[] encodeUser(
            byte[] payload,
            boolean reliable,
            String topic,
            List<String> destinations,
            String identity,
            String sid,
            long sequence) {
        LivekitModels.UserPacket.Builder user = LivekitModels.UserPacket.newBuilder()
                .setPayload(ByteString.copyFrom(payload))
                .setParticipantIdentity(identity)
                .setParticipantSid(sid)
                .addAllDestinationIdentities(destinations);
        if (topic != null && !topic.isEmpty()) {
            user.setTopic(topic);
        }
        return LivekitModels.DataPacket.newBuilder()
                .setKind(reliable ? LivekitModels.DataPacket.Kind.RELIABLE : LivekitModels.DataPacket.Kind.LOSSY)
                .setParticipantIdentity(identity)
                .setParticipantSid(sid)
                .addAllDestinationIdentities(destinations)
                .setSequence((int) sequence)
                .setUser(user)
                .build()
                .toByteArray();
    }

    /**
     * Decodes a received packet into an event, if it carries a user payload and is not a duplicate.
     *
     * @param reliable true if it arrived on {@code _reliable}
     * @return the event; empty for other packet kinds, duplicates and garbage
     */
    @SuppressWarnings("deprecation") // older senders fill only UserPacket.participant_identity
    public Optional<RoomEvent.DataReceived> decode(byte[] message, boolean reliable) {
        LivekitModels.DataPacket packet;
        try {
            packet = LivekitModels.DataPacket.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        if (!isNew(packet, reliable)) {
            return Optional.empty();
        }
        if (!packet.hasUser()) {
            return Optional.empty();
        }
        LivekitModels.UserPacket user = packet.getUser();
        String identity = packet.getParticipantIdentity().isEmpty()
                ? user.getParticipantIdentity()
                : packet.getParticipantIdentity();
        return Optional.of(new RoomEvent.DataReceived(user.getPayload().toByteArray(), identity, user.getTopic(), reliable));
    }

    /** False for a reliable packet whose sequence is not above the last one seen from its sender. */
    boolean isNew(LivekitModels.DataPacket packet, boolean reliable) {
        long seq = Integer.toUnsignedLong(packet.getSequence());
        if (!reliable || seq == 0 || packet.getParticipantSid().isEmpty()) {
            return true;
        }
        Long last = lastSequence.get(packet.getParticipantSid());
        if (last != null && seq <= last) {
            return false;
        }
        lastSequence.put(packet.getParticipantSid(), seq);
        return true;
    }

    /** Forgets a sender (it left). */
    public void forget(String participantSid) {
        lastSequence.remove(participantSid);
    }
}
