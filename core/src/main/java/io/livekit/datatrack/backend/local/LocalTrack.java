package io.livekit.datatrack.backend.local;

import io.livekit.datatrack.DataTrackFrame;
import io.livekit.datatrack.DataTrackInfo;
import io.livekit.datatrack.LocalDataTrack;
import io.livekit.datatrack.LocalTrackStats;
import io.livekit.datatrack.PushFrameException;
import io.livekit.datatrack.e2ee.E2eeException;
import io.livekit.datatrack.e2ee.EncryptedPayload;
import io.livekit.datatrack.e2ee.EncryptionProvider;
import io.livekit.datatrack.internal.FrameAccess;
import io.livekit.datatrack.internal.Packetizer;
import io.livekit.datatrack.internal.SerialExecutor;
import io.livekit.datatrack.packet.E2eeExtension;
import io.livekit.datatrack.packet.Packet;
import io.livekit.datatrack.packet.PacketExtensions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A published track: a bounded frame queue that {@link #tryPush} fills without blocking, drained
 * by the track's pipeline (encrypt → packetize → serialize) on a serial executor. The publication
 * state is written by the {@link LocalManager}'s actor and read by any thread.
 */
final class LocalTrack implements LocalDataTrack {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTrack.class);

    enum State {
        PUBLISHED,
        REPUBLISHING,
        UNPUBLISHED
    }

    private final LocalManager manager;
    private final int handle;
    private final ArrayBlockingQueue<DataTrackFrame> queue;
    private final SerialExecutor pipeline;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Packetizer packetizer; // confined to pipeline
    private final EncryptionProvider encryption; // null when the track is not encrypted
    private final Consumer<OutgoingFrame> sink;

    private final AtomicReference<State> state = new AtomicReference<>(State.PUBLISHED);
    private volatile DataTrackInfo info;

    private final LongAdder pushed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder packetsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();

    LocalTrack(
            LocalManager manager,
            DataTrackInfo info,
            int queueCapacity,
            SerialExecutor pipeline,
            Packetizer packetizer,
            EncryptionProvider encryption,
            Consumer<OutgoingFrame> sink) {
        this.manager = manager;
        this.info = info;
        this.handle = info.publisherHandle();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.pipeline = pipeline;
        this.packetizer = packetizer;
        this.encryption = encryption;
        this.sink = sink;
    }

    int handle() {
        return handle;
    }

    State state() {
        return state.get();
    }

    /**
     * Moves from {@code expected} to {@code next}; false if the state was something else (an
     * unpublish from any thread always wins, since UNPUBLISHED is terminal).
     */
    boolean transition(State expected, State next) {
        return state.compareAndSet(expected, next);
    }

    /** Makes the track unpublished (terminal), discarding queued frames; returns the previous state. */
    State markUnpublished() {
        State previous = state.getAndSet(State.UNPUBLISHED);
        queue.clear();
        return previous;
    }

    /** Actor only. */
    void setInfo(DataTrackInfo newInfo) {
        info = newInfo;
    }

    @Override
    public DataTrackInfo info() {
        return info;
    }

    @Override
    public boolean isPublished() {
        return state.get() != State.UNPUBLISHED;
    }

    @Override
    public void tryPush(DataTrackFrame frame) {
        State s = state.get();
        if (s == State.UNPUBLISHED) {
            rejected.increment();
            throw new PushFrameException(PushFrameException.Reason.TRACK_UNPUBLISHED, frame);
        }
        if (s == State.REPUBLISHING || !queue.offer(frame)) {
            rejected.increment();
            throw new PushFrameException(PushFrameException.Reason.QUEUE_FULL, frame);
        }
        pushed.increment();
        if (drainScheduled.compareAndSet(false, true)) {
            pipeline.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            DataTrackFrame frame;
            while ((frame = queue.poll()) != null) {
                process(frame);
            }
            drainScheduled.set(false);
            // A push may have slipped in between the last poll and the flag reset.
            if (queue.isEmpty() || !drainScheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void process(DataTrackFrame frame) {
        if (state.get() != State.PUBLISHED) {
            failed.increment(); // queued before a republish or unpublish: discarded
            return;
        }
        byte[] payload = FrameAccess.payloadArray(frame);
        OptionalLong userTimestamp = frame.userTimestamp();
        PacketExtensions extensions = PacketExtensions.of(null, userTimestamp);
        if (encryption != null) {
            try {
                EncryptedPayload encrypted = encryption.encrypt(payload);
                payload = encrypted.ciphertext();
                extensions = extensions.withE2ee(new E2eeExtension(encrypted.keyIndex(), encrypted.iv()));
            } catch (E2eeException e) {
                failed.increment();
                LOG.debug("track {}: frame dropped, encryption failed: {}", handle, e.reason());
                return;
            }
        }
        List<Packet> packets;
        try {
            packets = packetizer.packetize(payload, extensions);
        } catch (Packetizer.MtuTooShortException e) {
            failed.increment();
            LOG.warn("track {}: frame dropped: {}", handle, e.getMessage());
            return;
        }
        if (packets.isEmpty()) {
            sent.increment(); // an empty unencrypted frame is sent as nothing at all
            return;
        }
        List<byte[]> wire = new ArrayList<>(packets.size());
        for (Packet p : packets) {
            wire.add(p.toByteArray());
        }
        OutgoingFrame out = OutgoingFrame.of(handle, wire);
        sink.accept(out);
        sent.increment();
        packetsSent.add(wire.size());
        bytesSent.add(frame.size());
    }

    @Override
    public CompletableFuture<Void> unpublish() {
        return manager.unpublish(this);
    }

    @Override
    public LocalTrackStats stats() {
        return new LocalTrackStats(
                pushed.sum(), rejected.sum(), sent.sum(), failed.sum(), packetsSent.sum(), bytesSent.sum());
    }

    @Override
    public void close() {
        unpublish();
    }

    @Override
    public String toString() {
        return "LocalDataTrack[" + info + ", " + state.get() + "]";
    }
}
