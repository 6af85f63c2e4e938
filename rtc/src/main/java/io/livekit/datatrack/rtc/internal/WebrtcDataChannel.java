package io.livekit.datatrack.rtc.internal;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import io.livekit.datatrack.rtc.DataChannel;
import io.livekit.datatrack.rtc.SendPolicy;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DataChannel} over a webrtc-java {@link RTCDataChannel}. The native observer runs on the
 * factory's signaling thread: it copies each message out of native memory and hands it to the
 * listener at once (or holds it until a listener is set).
 */
final class WebrtcDataChannel implements DataChannel, RTCDataChannelObserver {
    private static final Logger LOG = LoggerFactory.getLogger(WebrtcDataChannel.class);
    private static final int MAX_HELD = 1024;

    private final RTCDataChannel dc;
    private final String label;
    private final SendPolicy policy;
    private final ChannelSender sender;
    private final Executor control;
    private final Object listenerLock = new Object();
    private final ArrayDeque<Object[]> held = new ArrayDeque<>();
    private Listener listener; // guarded by listenerLock
    private volatile boolean open;
    private volatile boolean closed;

    /** {@code policy} null: {@code QUEUE} for reliable channels, {@code DROP} for the others. */
    WebrtcDataChannel(
            RTCDataChannel dc, SendPolicy policy, Executor control, Executor io, ScheduledExecutorService scheduler) {
        this.dc = dc;
        this.control = control;
        this.label = dc.getLabel();
        this.policy = policy != null ? policy : dc.isReliable() ? SendPolicy.QUEUE : SendPolicy.DROP;
        this.open = dc.getState() == RTCDataChannelState.OPEN;
        this.sender = new ChannelSender(new ChannelSender.NativeChannel() {
            @Override
            public boolean write(byte[] message) {
                return writeNative(message);
            }

            @Override
            public long bufferedAmount() {
                return closed ? 0 : dc.getBufferedAmount();
            }
        }, this.policy, io, scheduler, System::nanoTime);
        dc.registerObserver(this);
    }

    private boolean writeNative(byte[] message) {
        if (!open || closed) {
            return false;
        }
        try {
            // webrtc-java sends a heap buffer's whole backing array (position and limit are
            // ignored) and copies it during the call: wrapping the exact message needs no copy
            // and no direct memory.
            dc.send(new RTCDataChannelBuffer(ByteBuffer.wrap(message), true));
            return true;
        } catch (Exception e) {
            LOG.debug("{}: send failed: {}", label, e.toString());
            return false;
        }
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public boolean isOpen() {
        return open && !closed;
    }

    @Override
    public SendPolicy policy() {
        return policy;
    }

    @Override
    public boolean send(byte[] message, SendOutcome outcome) {
        if (message.length > MAX_MESSAGE_SIZE) {
            sender.refuse(outcome); // it would silently close the native channel
            return false;
        }
        if (policy == SendPolicy.DIRECT) {
            return sender.writeNow(message, outcome);
        }
        return sender.offer(message, outcome);
    }

    @Override
    public long pendingBytes() {
        long queued = sender.queuedBytes();
        return closed ? queued : queued + dc.getBufferedAmount();
    }

    /** The latest buffered amount; a DIRECT channel has no sender task polling it, so it is read now. */
    @Override
    public long bufferedAmount() {
        return policy == SendPolicy.DIRECT && !closed ? dc.getBufferedAmount() : sender.bufferedAmount();
    }

    @Override
    public long messagesSent() {
        return sender.sent();
    }

    @Override
    public long messagesDropped() {
        return sender.dropped();
    }

    @Override
    public void setListener(Listener value) {
        synchronized (listenerLock) {
            listener = value;
            if (value == null) {
                return;
            }
            Object[] m;
            while ((m = held.pollFirst()) != null) {
                value.onMessage(this, (byte[]) m[0], (Boolean) m[1]);
            }
            if (open) {
                value.onOpen(this);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        open = false;
        sender.close();
        ControlThread.runOrSkip(control, () -> {
            try {
                dc.unregisterObserver();
                dc.close();
                dc.dispose();
            } catch (RuntimeException e) {
                LOG.debug("{}: close failed: {}", label, e.toString());
            }
        });
        notifyClosed();
    }

    // ---- native callbacks (signaling thread) ----

    @Override
    public void onBufferedAmountChange(long previousAmount) {
        // Never called by webrtc-java 0.14; the sender polls instead.
    }

    @Override
    public void onStateChange() {
        if (closed) {
            return;
        }
        RTCDataChannelState state = dc.getState();
        if (state == RTCDataChannelState.OPEN && !open) {
            open = true;
            synchronized (listenerLock) {
                if (listener != null) {
                    listener.onOpen(this);
                }
            }
        } else if (state == RTCDataChannelState.CLOSED || state == RTCDataChannelState.CLOSING) {
            open = false;
            if (state == RTCDataChannelState.CLOSED) {
                sender.close();
                notifyClosed();
            }
        }
    }

    @Override
    public void onMessage(RTCDataChannelBuffer buffer) {
        ByteBuffer data = buffer.data;
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        synchronized (listenerLock) {
            if (listener != null) {
                listener.onMessage(this, copy, buffer.binary);
            } else if (held.size() < MAX_HELD) {
                held.addLast(new Object[] {copy, buffer.binary});
            }
        }
    }

    private void notifyClosed() {
        synchronized (listenerLock) {
            if (listener != null) {
                listener.onClose(this);
                listener = null;
            }
        }
    }

    @Override
    public String toString() {
        return "DataChannel[" + label + (isOpen() ? ", open" : "") + "]";
    }
}
