package io.livekit.datatrack.sfu.http;

import com.google.protobuf.InvalidProtocolBufferException;
import io.livekit.datatrack.protocol.LivekitRtc;
import io.livekit.datatrack.sfu.signal.JoinIntent;
import io.livekit.datatrack.sfu.signal.SignalConnection;
import io.livekit.datatrack.sfu.signal.SignalHandler;
import io.livekit.datatrack.sfu.signal.SignalListener;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted signaling WebSocket: the Jetty endpoint on one side, the room layer's
 * {@link SignalConnection} on the other.
 *
 * <p>Receiving: each binary message is parsed as a {@code SignalRequest} and handed to the
 * {@link SignalListener} under {@link #listenerLock}, so the listener sees one call at a time, in
 * order, and nothing after {@link SignalListener#onClose()} (which runs exactly once). A message that
 * does not decode, or a text message, closes the connection.
 *
 * <p>Sending: {@link #send} serializes on the caller's thread and queues; {@link #pump()} keeps at
 * most one Jetty send outstanding (the Jetty WebSocket API requires it) and continues from the send
 * callback. Queued bytes are bounded; a peer that does not read is disconnected. {@link #close()}
 * queues the close frame behind what is already queued.
 *
 * <p>Internal: public only because Jetty invokes WebSocket endpoints through public method handles.
 * Instances are created by {@link SfuHttpServer} alone; the room layer sees them as
 * {@link SignalConnection}.
 */
public final class SignalSocket implements Session.Listener.AutoDemanding, SignalConnection {

    private static final Logger LOG = LoggerFactory.getLogger(SignalSocket.class);

    /** Callbacks from the socket's lifecycle to the server's registry. */
    interface Registry {
        void opened(SignalSocket socket);

        void closed(SignalSocket socket);
    }

    private final JoinIntent intent;
    private final SignalHandler handler;
    private final Registry registry;
    private final long maxQueuedBytes;

    private volatile Session session;

    // receive side, guarded by listenerLock
    private final ReentrantLock listenerLock = new ReentrantLock();
    private SignalListener listener;
    private boolean transportClosed;
    private boolean closeNotified;
    private boolean delivering;

    // send side, guarded by sendLock
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean sending;
    private boolean accepting = true;

    SignalSocket(JoinIntent intent, SignalHandler handler, Registry registry, long maxQueuedBytes) {
        this.intent = intent;
        this.handler = handler;
        this.registry = registry;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    JoinIntent intent() {
        return intent;
    }

    // ---------------------------------------------------------------- Jetty endpoint

    /** Jetty callback; not for application use. */
    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        registry.opened(this);
        SignalListener l;
        try {
            l = handler.onJoin(intent, this);
            if (l == null) {
                throw new NullPointerException("SignalHandler.onJoin returned null");
            }
        } catch (RuntimeException e) {
            LOG.warn("signal handler failed to accept a join from {}", intent.remoteAddress(), e);
            abort(StatusCode.SERVER_ERROR, "server error");
            return;
        }
        listenerLock.lock();
        try {
            listener = l;
            if (transportClosed && !closeNotified) {
                fireCloseLocked(); // closed while onJoin ran
            }
        } finally {
            listenerLock.unlock();
        }
    }

    /** Jetty callback; not for application use. */
    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        LivekitRtc.SignalRequest request;
        try {
            request = LivekitRtc.SignalRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            callback.succeed();
            LOG.debug("closing signal connection from {}: undecodable request ({} bytes)",
                    intent.remoteAddress(), payload.remaining());
            abort(StatusCode.BAD_PAYLOAD, "undecodable request");
            return;
        }
        boolean failed = false;
        listenerLock.lock();
        try {
            if (listener != null && !closeNotified) {
                delivering = true;
                try {
                    listener.onRequest(request);
                } finally {
                    delivering = false;
                }
                if (transportClosed && !closeNotified) {
                    fireCloseLocked(); // the close happened inside onRequest, on this thread
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("signal listener failed on a request from {}", intent.remoteAddress(), e);
            failed = true;
        } finally {
            listenerLock.unlock();
        }
        // completing the callback lets Jetty read the next message: only after this one was delivered
        callback.succeed();
        if (failed) {
            abort(StatusCode.SERVER_ERROR, "server error");
        }
    }

    /** Jetty callback; not for application use. */
    @Override
    public void onWebSocketText(String message) {
        LOG.debug("closing signal connection from {}: text frames are not supported", intent.remoteAddress());
        abort(StatusCode.BAD_DATA, "binary frames only");
    }

    /** Jetty callback; not for application use. */
    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("signal connection from {} failed: {}", intent.remoteAddress(), cause.toString());
        transportClosed();
    }

    /** Jetty callback; not for application use. */
    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        LOG.debug("signal connection from {} closed: {} {}", intent.remoteAddress(), statusCode, reason);
        try {
            transportClosed();
        } finally {
            callback.succeed();
        }
    }

    private void transportClosed() {
        sendLock.lock();
        try {
            accepting = false;
            queue.clear();
            queuedBytes = 0;
        } finally {
            sendLock.unlock();
        }
        notifyClosed();
    }

    /**
     * Runs the listener's onClose once, after any in-flight onRequest, and unregisters. Called on
     * the thread that is inside onRequest (a send from the listener that failed and closed the
     * socket), it only marks the close; onRequest's caller runs onClose when the listener returns,
     * so the listener never sees onClose nested in onRequest.
     */
    void notifyClosed() {
        listenerLock.lock();
        try {
            transportClosed = true;
            if (!delivering && listener != null && !closeNotified) {
                fireCloseLocked();
            }
        } finally {
            listenerLock.unlock();
        }
        registry.closed(this);
    }

    private void fireCloseLocked() {
        closeNotified = true;
        try {
            listener.onClose();
        } catch (RuntimeException e) {
            LOG.warn("signal listener failed on close of {}", intent.remoteAddress(), e);
        }
    }

    // ---------------------------------------------------------------- SignalConnection

    @Override
    public void send(LivekitRtc.SignalResponse response) {
        Objects.requireNonNull(response, "response");
        byte[] bytes = response.toByteArray();
        boolean overflow = false;
        sendLock.lock();
        try {
            if (!accepting) {
                return;
            }
            if (queuedBytes > 0 && queuedBytes + bytes.length > maxQueuedBytes) {
                overflow = true;
                accepting = false;
                queue.clear();
                queuedBytes = 0;
            } else {
                queue.add(new Outgoing(Outgoing.Kind.BINARY, bytes));
                queuedBytes += bytes.length;
            }
        } finally {
            sendLock.unlock();
        }
        if (overflow) {
            LOG.warn("dropping signal connection from {}: more than {} bytes queued", intent.remoteAddress(),
                    maxQueuedBytes);
            Session s = session;
            if (s != null) {
                s.disconnect();
            }
            return;
        }
        pump();
    }

    @Override
    public void close() {
        sendLock.lock();
        try {
            if (!accepting) {
                return;
            }
            accepting = false;
            queue.add(new Outgoing(Outgoing.Kind.CLOSE, null));
        } finally {
            sendLock.unlock();
        }
        pump();
    }

    @Override
    public boolean isOpen() {
        Session s = session;
        sendLock.lock();
        try {
            return accepting && s != null && s.isOpen();
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public String remoteAddress() {
        return intent.remoteAddress();
    }

    /** Queues a ping frame if nothing else is queued or in flight (an idle connection). */
    void ping() {
        sendLock.lock();
        try {
            if (!accepting || sending || !queue.isEmpty()) {
                return;
            }
            queue.add(new Outgoing(Outgoing.Kind.PING, null));
        } finally {
            sendLock.unlock();
        }
        pump();
    }

    /** Closes at once, discarding queued messages (protocol violations, listener failures). */
    private void abort(int statusCode, String reason) {
        sendLock.lock();
        try {
            accepting = false;
            queue.clear();
            queuedBytes = 0;
        } finally {
            sendLock.unlock();
        }
        Session s = session;
        if (s != null) {
            s.close(statusCode, reason, Callback.NOOP);
        }
    }

    /**
     * Starts the next send unless one is in flight. Loops while sends complete inline, so a long
     * queue never recurses; a send that completes later continues from its callback.
     */
    private void pump() {
        while (true) {
            Outgoing item;
            Flight flight;
            sendLock.lock();
            try {
                if (sending || queue.isEmpty()) {
                    return;
                }
                item = queue.poll();
                sending = true;
                flight = new Flight(item);
            } finally {
                sendLock.unlock();
            }
            try {
                Session s = session;
                switch (item.kind) {
                    case BINARY -> s.sendBinary(ByteBuffer.wrap(item.bytes), flight);
                    case PING -> s.sendPing(ByteBuffer.allocate(0), flight);
                    case CLOSE -> s.close(StatusCode.NORMAL, null, flight);
                }
            } catch (RuntimeException e) {
                flight.fail(e);
            }
            sendLock.lock();
            try {
                flight.returned = true;
                if (!flight.completed) {
                    return; // the callback continues
                }
            } finally {
                sendLock.unlock();
            }
        }
    }

    /** Completion of one Jetty send. Fields guarded by {@link #sendLock}. */
    private final class Flight implements Callback {
        private final Outgoing item;
        private boolean returned;
        private boolean completed;

        Flight(Outgoing item) {
            this.item = item;
        }

        @Override
        public void succeed() {
            boolean resume;
            sendLock.lock();
            try {
                if (completed) {
                    return;
                }
                completed = true;
                sending = false;
                if (item.bytes != null) {
                    queuedBytes = Math.max(0, queuedBytes - item.bytes.length);
                }
                resume = returned;
            } finally {
                sendLock.unlock();
            }
            if (resume) {
                pump();
            }
        }

        @Override
        public void fail(Throwable cause) {
            sendLock.lock();
            try {
                if (completed) {
                    return;
                }
                completed = true;
                sending = false;
                accepting = false;
                queue.clear();
                queuedBytes = 0;
            } finally {
                sendLock.unlock();
            }
            LOG.debug("send to {} failed: {}", intent.remoteAddress(), cause.toString());
            Session s = session;
            if (s != null && s.isOpen()) {
                s.disconnect();
            }
        }
    }

    /** One queued outgoing frame. */
    private record Outgoing(Kind kind, byte[] bytes) {
        enum Kind { BINARY, PING, CLOSE }
    }
}
