package io.livekit.datatrack.sfu.room;

import com.google.protobuf.InvalidProtocolBufferException;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketFormatException;
import io.livekit.datatrack.packet.PacketHeader;
import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.rtc.DataChannel;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarding hot path. Runs on the WebRTC thread that delivered the message, reads only
 * immutable snapshots published by the room actor (participants, each publisher's tracks, each
 * track's down tracks), takes no locks, and hands every outgoing message to the recipient
 * channel's bounded, non-blocking send queue, whose send policy drops data-track packets for a
 * congested subscriber.
 */
final class Forwarding {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);

    private final RoomContext.Counters counters;
    private volatile Participant[] participants = new Participant[0];

    Forwarding(RoomContext.Counters counters) {
        this.counters = counters;
    }

    /** Actor: publishes the current participant list. */
    void setParticipants(Collection<Participant> current) {
        participants = current.toArray(new Participant[0]);
    }

    /**
     * A data-track packet from {@code publisher}: validate (strict reader), find the publisher's
     * track by handle, rewrite the handle per subscriber (bytes 2–3, nothing else) and send.
     */
    void dataTrackPacket(Participant publisher, byte[] data) {
        PacketHeader header;
        try {
            header = Packet.parse(data).header();
        } catch (PacketFormatException e) {
            counters.dataTrackPacketsMalformed.increment();
            LOG.debug("{}: malformed data track packet dropped: {}", publisher, e.getMessage());
            return;
        }
        PublishedTrack track = publisher.tracksByHandle.get(header.trackHandle());
        if (track == null) {
            counters.dataTrackPacketsUnknownHandle.increment();
            return;
        }
        track.stats.onPacket(header.sequence(), data.length, header.marker().isLast());
        DownTrack[] routes = track.routes;
        for (int i = 0; i < routes.length; i++) {
            DownTrack down = routes[i];
            DataChannel channel = down.subscriber.downDataTrack;
            if (channel == null || !channel.isOpen()) {
                down.dropped();
                continue;
            }
            byte[] out;
            if (i == routes.length - 1) {
                out = data; // the received array is ours: the last subscriber gets it rewritten in place
                Packet.rewriteHandle(out, down.subHandle);
            } else {
                out = forwardedCopy(data, down.subHandle);
            }
            channel.send(out, down); // counted as forwarded or dropped by the down track when decided
        }
    }

    /**
     * The bytes a subscriber receives for a validated packet: a copy with the handle (bytes 2–3)
     * replaced and nothing else changed. For the canonical packets clients write this equals what
     * LiveKit's server produces by re-serialising; no extension is ever added.
     */
    static byte[] forwardedCopy(byte[] packet, int subscriberHandle) {
        byte[] copy = packet.clone();
        Packet.rewriteHandle(copy, subscriberHandle);
        return copy;
    }

    /**
     * An ordinary data packet ({@code _reliable} or {@code _lossy}) from {@code sender}: stamp the
     * sender, the kind and (for user packets) the destinations as LiveKit's server does, drop
     * reliable duplicates, and send it to the other participants it is addressed to.
     */
    void dataPacket(Participant sender, boolean reliable, byte[] data) {
        if (!sender.claims.video().canPublishData() || sender.removed) {
            counters.dataPacketsDropped.increment();
            return;
        }
        LivekitModels.DataPacket packet;
        try {
            packet = LivekitModels.DataPacket.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            counters.dataPacketsDropped.increment();
            return;
        }
        long sequence = Integer.toUnsignedLong(packet.getSequence()); // uint32 on the wire
        if (reliable && sequence > 0) {
            if (sequence <= sender.lastReliableSequence) {
                counters.dataPacketsDropped.increment();
                return; // duplicate or out of order
            }
            sender.lastReliableSequence = sequence;
        }
        String identity = sender.hidden() ? "" : sender.identity;
        LivekitModels.DataPacket.Builder b = packet.toBuilder()
                .setParticipantSid(sender.sid)
                .setParticipantIdentity(identity)
                .setKind(reliable ? LivekitModels.DataPacket.Kind.RELIABLE : LivekitModels.DataPacket.Kind.LOSSY);
        List<String> destinations = packet.getDestinationIdentitiesList();
        List<String> destinationSids = List.of();
        if (packet.hasUser()) {
            LivekitModels.UserPacket.Builder user = packet.getUser().toBuilder()
                    .setParticipantSid(sender.hidden() ? "" : sender.sid)
                    .setParticipantIdentity(identity);
            if (destinations.isEmpty()) {
                destinations = packet.getUser().getDestinationIdentitiesList();
                b.clearDestinationIdentities().addAllDestinationIdentities(destinations);
            } else {
                user.clearDestinationIdentities().addAllDestinationIdentities(destinations);
            }
            destinationSids = packet.getUser().getDestinationSidsList();
            b.setUser(user);
        }
        byte[] out = b.build().toByteArray();
        Set<String> toIdentities = destinations.isEmpty() ? Set.of() : new HashSet<>(destinations);
        Set<String> toSids = destinationSids.isEmpty() ? Set.of() : new HashSet<>(destinationSids);
        boolean everyone = toIdentities.isEmpty() && toSids.isEmpty();
        for (Participant recipient : participants) {
            if (recipient == sender || recipient.removed) {
                continue;
            }
            if (!everyone && !toIdentities.contains(recipient.identity) && !toSids.contains(recipient.sid)) {
                continue;
            }
            boolean sent;
            if (reliable) {
                // sequenced reliable packets wait for a recipient whose channel is not open yet
                sent = recipient.sendReliable(out, packet.getSequence() != 0);
            } else {
                DataChannel channel = recipient.downLossy;
                sent = channel != null && channel.isOpen() && channel.send(out);
            }
            if (sent) {
                counters.dataPacketsForwarded.increment();
            } else {
                counters.dataPacketsDropped.increment();
            }
        }
    }
}
