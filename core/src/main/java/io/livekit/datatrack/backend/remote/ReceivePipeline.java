package io.livekit.datatrack.backend.remote;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.e2ee.DecryptionProvider;
import io.livekit.datatrack.e2ee.E2eeException;
import io.livekit.datatrack.e2ee.EncryptedPayload;
import io.livekit.datatrack.internal.Depacketizer;
import io.livekit.datatrack.internal.ReassembledFrame;
import io.livekit.datatrack.internal.SerialExecutor;
import io.livekit.datatrack.packet.E2eeExtension;
import io.livekit.datatrack.packet.Packet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive side of one active subscription: a bounded packet queue filled by the transport
 * (never blocking it), drained on a serial executor through depacketize → decrypt → fan-out to the
 * local subscribers' drop-oldest buffers.
 */
final class ReceivePipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivePipeline.class);

    private final RemoteTrack track;
    private final ArrayBlockingQueue<Packet> packets;
    private final SerialExecutor executor;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Depacketizer depacketizer; // confined to executor
    private final DecryptionProvider decryption; // null for unencrypted tracks
    private final List<RemoteSubscription> subscribers = new CopyOnWriteArrayList<>();
    private final RemoteTrackCounters counters;

    ReceivePipeline(RemoteTrack track, int packetQueueCapacity, SerialExecutor executor, DecryptionProvider decryption) {
        this.track = track;
        this.packets = new ArrayBlockingQueue<>(packetQueueCapacity);
        this.executor = executor;
        this.decryption = decryption;
        this.depacketizer = new Depacketizer(track.maxPartialFrames());
        this.counters = track.counters();
    }

    RemoteTrack track() {
        return track;
    }

    /** Transport side: queue one packet or count it as dropped. Never blocks. */
    void offer(Packet packet) {
        counters.packetsReceived.increment();
        if (!packets.offer(packet)) {
            counters.packetsDropped.increment();
            return;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    void add(RemoteSubscription subscription) {
        subscribers.add(subscription);
    }

    /** Removes a subscriber; true if none is left. */
    boolean remove(RemoteSubscription subscription) {
        subscribers.remove(subscription);
        return subscribers.isEmpty();
    }

    boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    /** Ends every subscriber's stream. */
    void endAll() {
        for (RemoteSubscription s : subscribers) {
            s.end();
        }
        subscribers.clear();
        packets.clear();
    }

    private void drain() {
        while (true) {
            Packet packet;
            while ((packet = packets.poll()) != null) {
                process(packet);
            }
            drainScheduled.set(false);
            if (packets.isEmpty() || !drainScheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void process(Packet packet) {
        depacketizer.setMaxPartialFrames(track.maxPartialFrames());
        Depacketizer.Result result = depacketizer.push(packet);
        if (result.drop() != null) {
            counters.dropped(result.drop().reason());
            LOG.debug("track {}: {}", track.info().sid(), result.drop());
        }
        ReassembledFrame frame = result.frame();
        if (frame == null) {
            return;
        }
        Optional<byte[]> payload = decrypt(frame);
        if (payload.isEmpty()) {
            counters.framesUndecryptable.increment();
            return;
        }
        OptionalLong userTimestamp = frame.extensions().userTimestamp();
        DataTrackFrame out = DataTrackFrame.wrap(payload.get());
        if (userTimestamp.isPresent()) {
            out = out.withUserTimestamp(userTimestamp.getAsLong());
        }
        counters.framesReceived.increment();
        counters.bytesReceived.add(out.size());
        for (RemoteSubscription s : subscribers) {
            s.deliver(out);
        }
    }

    private Optional<byte[]> decrypt(ReassembledFrame frame) {
        if (!track.info().usesE2ee()) {
            return Optional.of(frame.payload());
        }
        Optional<E2eeExtension> e2ee = frame.extensions().e2ee();
        if (decryption == null || e2ee.isEmpty()) {
            LOG.debug("track {}: encrypted frame without {}", track.info().sid(),
                    decryption == null ? "a key provider" : "E2EE metadata");
            return Optional.empty(); // never hand ciphertext to the application
        }
        try {
            EncryptedPayload encrypted =
                    new EncryptedPayload(frame.payload(), e2ee.get().keyIndex(), e2ee.get().iv());
            return Optional.of(decryption.decrypt(encrypted, track.publisherIdentity()));
        } catch (E2eeException e) {
            LOG.debug("track {}: frame not decrypted: {}", track.info().sid(), e.reason());
            return Optional.empty();
        }
    }
}
