package io.livekit.datatrack.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal STUN server for tests (RFC 5389 binding requests only): answers every binding
 * request with a fixed XOR-MAPPED-ADDRESS, so a client that uses it reports a server-reflexive
 * candidate with that address.
 */
final class StunResponder implements AutoCloseable {
    private static final int MAGIC_COOKIE = 0x2112A442;
    private final DatagramSocket socket;
    private final byte[] mappedAddress;
    private final int mappedPort;
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread thread;

    StunResponder(String bindAddress, InetAddress mapped, int mappedPort) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(bindAddress, 0));
        this.mappedAddress = mapped.getAddress();
        this.mappedPort = mappedPort;
        this.thread = new Thread(this::serve, "stun-responder");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "stun:" + socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    int requests() {
        return requests.get();
    }

    private void serve() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
            } catch (IOException e) {
                return;
            }
            ByteBuffer req = ByteBuffer.wrap(in.getData(), 0, in.getLength());
            if (in.getLength() < 20 || req.getShort(0) != 0x0001 || req.getInt(4) != MAGIC_COOKIE) {
                continue; // not a binding request
            }
            requests.incrementAndGet();
            ByteBuffer out = ByteBuffer.allocate(20 + 12);
            out.putShort((short) 0x0101).putShort((short) 12).putInt(MAGIC_COOKIE);
            out.put(in.getData(), 8, 12); // transaction id
            out.putShort((short) 0x0020).putShort((short) 8); // XOR-MAPPED-ADDRESS, IPv4
            out.put((byte) 0).put((byte) 1).putShort((short) (mappedPort ^ (MAGIC_COOKIE >>> 16)));
            int address = ByteBuffer.wrap(mappedAddress).getInt();
            out.putInt(address ^ MAGIC_COOKIE);
            try {
                socket.send(new DatagramPacket(out.array(), out.position(), in.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
