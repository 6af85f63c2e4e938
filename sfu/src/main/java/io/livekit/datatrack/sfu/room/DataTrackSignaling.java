package io.livekit.datatrack.sfu.room;

import io.livekit.datatrack.protocol.LivekitModels;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.protocol.LivekitRtc.RequestResponse.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-track signaling of one room, on the room's actor: publish validation and responses,
 * unpublish, subscriptions with subscriber handles and the complete handle map per subscriber, and
 * cleanup when a participant leaves. Keeps the forwarding snapshots up to date.
 */
final class DataTrackSignaling {
    private static final Logger LOG = LoggerFactory.getLogger(DataTrackSignaling.class);
    private static final int MAX_NAME_BYTES = 256;

    private final Room room;
    private final RoomContext ctx;
    private final RandomGenerator random;
    private final Map<String, PublishedTrack> tracksBySid = new HashMap<>();

    DataTrackSignaling(Room room, RoomContext ctx, RandomGenerator random) {
        this.room = room;
        this.ctx = ctx;
        this.random = random;
    }

    boolean isTrackOf(Participant p, String sid) {
        PublishedTrack t = tracksBySid.get(sid);
        return t != null && t.owner == p;
    }

    /** Answers a refused publish (a RequestResponse copying the request) and logs why. */
    private void refuse(Participant p, LivekitRtc.PublishDataTrackRequest r, Reason reason, String message) {
        LOG.info("room {}: {} may not publish data track \"{}\" (handle {}): {}",
                room.name, p, printable(r.getName()), r.getPubHandle() & 0xFFFF_FFFFL, reason);
        p.send(SfuProto.publishFailed(r, reason, message));
    }

    /** A client-chosen name, shortened and with control characters escaped, for a log line. */
    private static String printable(String name) {
        String s = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    void publish(Participant p, LivekitRtc.PublishDataTrackRequest r) {
        if (!p.claims.video().canPublishData() || !ctx.dataTracksEnabled()) {
            refuse(p, r, Reason.NOT_ALLOWED, "does not have permission to publish data");
            return;
        }
        long handle = r.getPubHandle() & 0xFFFF_FFFFL;
        if (handle == 0 || handle > 0xFFFF) {
            refuse(p, r, Reason.INVALID_HANDLE, "invalid handle");
            return;
        }
        int nameBytes = r.getName().getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes == 0 || nameBytes > MAX_NAME_BYTES) {
            refuse(p, r, Reason.INVALID_NAME, "invalid name");
            return;
        }
        if (badCustom(r.hasFrameEncoding() && r.getFrameEncoding().hasCustom(), r.getFrameEncoding().getCustom())
                || badCustom(r.hasSchema() && r.getSchema().hasEncoding() && r.getSchema().getEncoding().hasCustom(),
                        r.getSchema().getEncoding().getCustom())) {
            refuse(p, r, Reason.INVALID_REQUEST, "invalid custom encoding");
            return;
        }
        for (PublishedTrack t : p.tracksByHandle.values()) {
            if (t.handle() == handle) {
                refuse(p, r, Reason.DUPLICATE_HANDLE, "duplicate handle");
                return;
            }
            if (t.info.getName().equals(r.getName())) {
                refuse(p, r, Reason.DUPLICATE_NAME, "duplicate name");
                return;
            }
        }
        LivekitModels.DataTrackInfo.Builder info = LivekitModels.DataTrackInfo.newBuilder()
                .setPubHandle((int) handle)
                .setSid(Ids.dataTrack())
                .setName(r.getName())
                .setEncryptionValue(r.getEncryptionValue());
        if (r.hasFrameEncoding()) {
            info.setFrameEncoding(r.getFrameEncoding());
        }
        if (r.hasSchema()) {
            info.setSchema(r.getSchema());
        }
        PublishedTrack track = new PublishedTrack(p, info.build());
        tracksBySid.put(track.sid(), track);
        Map<Integer, PublishedTrack> next = new HashMap<>(p.tracksByHandle);
        next.put(track.handle(), track);
        p.tracksByHandle = Map.copyOf(next);
        p.isPublisher = true;
        p.version++;
        room.broadcast(p);
        p.send(LivekitRtc.SignalResponse.newBuilder()
                .setPublishDataTrackResponse(LivekitRtc.PublishDataTrackResponse.newBuilder().setInfo(track.info))
                .build());
        LOG.info("room {}: {} published data track {} ({}, handle {})", room.name, p, track.sid(),
                r.getName(), handle);
    }

    private static boolean badCustom(boolean present, String value) {
        return present && (value.isEmpty()
                || value.getBytes(StandardCharsets.UTF_8).length > RoomContext.MAX_CUSTOM_ENCODING_BYTES);
    }

    void unpublish(Participant p, LivekitRtc.UnpublishDataTrackRequest r) {
        PublishedTrack track = p.tracksByHandle.get(r.getPubHandle());
        if (track == null) {
            p.send(SfuProto.unpublishFailed(r, Reason.NOT_FOUND, "data track not found"));
            return;
        }
        remove(track);
        p.version++;
        room.broadcast(p);
        p.send(LivekitRtc.SignalResponse.newBuilder()
                .setUnpublishDataTrackResponse(LivekitRtc.UnpublishDataTrackResponse.newBuilder().setInfo(track.info))
                .build());
    }

    void updateSubscription(Participant p, LivekitRtc.UpdateDataSubscription update) {
        boolean changed = false;
        for (LivekitRtc.UpdateDataSubscription.Update u : update.getUpdatesList()) {
            if (u.getSubscribe()) {
                changed |= subscribe(p, u.getTrackSid());
            } else {
                changed |= unsubscribe(p, u.getTrackSid());
            }
        }
        if (changed) {
            p.send(SfuProto.subscriberHandles(p.subscriptions));
        }
    }

    private boolean subscribe(Participant p, String sid) {
        if (p.subscriptions.containsKey(sid)) {
            return false; // already established: nothing changes, no new map (as LiveKit's server)
        }
        PublishedTrack track = tracksBySid.get(sid);
        if (track == null || track.owner == p) {
            LOG.debug("room {}: {} cannot subscribe to {}: no such remote track", room.name, p, sid);
            return false;
        }
        if (!p.claims.video().canSubscribe()) {
            LOG.debug("room {}: {} may not subscribe", room.name, p);
            return false;
        }
        DownTrack down = new DownTrack(p, track, p.allocateSubHandle(), ctx.counters());
        p.subscriptions.put(sid, down);
        List<DownTrack> routes = new ArrayList<>(List.of(track.routes));
        routes.add(down);
        track.routes = routes.toArray(new DownTrack[0]);
        return true;
    }

    private boolean unsubscribe(Participant p, String sid) {
        DownTrack down = p.subscriptions.remove(sid);
        if (down == null) {
            return false;
        }
        dropRoute(down);
        return true;
    }

    private static void dropRoute(DownTrack down) {
        List<DownTrack> routes = new ArrayList<>(List.of(down.track.routes));
        routes.remove(down);
        down.track.routes = routes.toArray(new DownTrack[0]);
    }

    /** Unpublishes {@code track}: every subscriber loses it and gets its new handle map. */
    private void remove(PublishedTrack track) {
        tracksBySid.remove(track.sid());
        Participant owner = track.owner;
        Map<Integer, PublishedTrack> next = new HashMap<>(owner.tracksByHandle);
        next.remove(track.handle());
        owner.tracksByHandle = Map.copyOf(next);
        DownTrack[] routes = track.routes;
        track.routes = new DownTrack[0];
        Set<Participant> affected = new LinkedHashSet<>();
        StringBuilder downs = new StringBuilder();
        for (DownTrack d : routes) {
            d.subscriber.subscriptions.remove(track.sid());
            affected.add(d.subscriber);
            downs.append(' ').append(d.subscriber.identity).append("(forwarded=").append(d.forwarded.sum())
                    .append(" dropped=").append(d.dropped.sum()).append(')');
        }
        for (Participant s : affected) {
            s.send(SfuProto.subscriberHandles(s.subscriptions));
        }
        LOG.info("room {}: data track {} of {} removed: {};{}", room.name, track.sid(), owner, track.stats, downs);
    }

    /** A participant leaves: its tracks are unpublished and its subscriptions end. */
    void removeAllOf(Participant p) {
        for (PublishedTrack t : new ArrayList<>(p.tracksByHandle.values())) {
            remove(t);
        }
        for (DownTrack d : new ArrayList<>(p.subscriptions.values())) {
            dropRoute(d);
        }
        p.subscriptions.clear();
    }
}
