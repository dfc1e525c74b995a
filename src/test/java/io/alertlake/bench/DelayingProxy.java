package io.alertlake.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that holds every chunk of bytes for half of a round trip in each direction, in order: a
 * service on this machine made to answer as one across a network does (an SQS request waits one round trip more),
 * over its own protocol. For benchmarks; also counts the connections it was asked for.
 */
final class DelayingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final long halfTripNanos;
    private final AtomicInteger connections = new AtomicInteger();

    DelayingProxy(int upstreamPort, int roundTripMillis) {
        this.upstreamPort = upstreamPort;
        this.halfTripNanos = roundTripMillis * 1_000_000L / 2;
        try {
            server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("proxy-accept", this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                connections.incrementAndGet();
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("proxy: " + e);
                }
            }
        }
    }

    /** Bytes read from {@code from} are written to {@code to} half a round trip later, in the order read. */
    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> held = new LinkedBlockingQueue<>();
        daemon("proxy-read", () -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream(); // not closed here: closing it would close the socket
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    held.add(new Chunk(System.nanoTime() + halfTripNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException e) {
                // the other side closed
            }
            held.add(new Chunk(System.nanoTime() + halfTripNanos, null));
        });
        daemon("proxy-write", () -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk c = held.take();
                    long wait = c.due() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    if (c.bytes() == null) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(c.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side closed
            }
        });
    }

    private record Chunk(long due, byte[] bytes) {
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
