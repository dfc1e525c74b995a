package io.alertlake.lake;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream (RFC 1952, one member, the header {@link java.util.zip.GZIPOutputStream} writes) whose deflater
 * reads and writes direct buffers. Given heap arrays, {@link Deflater} holds them in a JNI critical section, which
 * pins their heap region: a young collection that meets a pinned region fails to evacuate it and pays for that
 * (in the consumer benchmark, a third of G1's pause time went to such pinned-region failures, all from the raw
 * archive's deflater; docs/benchmarks.md). Direct buffers are not on the heap, so nothing is pinned; the price is
 * a copy of each chunk into and out of them. Not thread-safe; release the native memory with {@link #close}.
 */
final class OffHeapGzip extends OutputStream {

    /** ID1, ID2, CM = deflate, no flags, no time, no extra flags, OS unknown: as GZIPOutputStream writes it. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final ByteBuffer input;
    private final ByteBuffer output;
    private final byte[] copy;
    private boolean finished;

    /**
     * @param level  deflate's level (1 is the fastest)
     * @param buffer the size of each direct buffer, and of the chunks written to {@code out}
     */
    OffHeapGzip(OutputStream out, int level, int buffer) throws IOException {
        this.out = out;
        this.deflater = new Deflater(level, true); // raw deflate: the gzip header and trailer are written here
        this.input = ByteBuffer.allocateDirect(buffer);
        this.output = ByteBuffer.allocateDirect(buffer);
        this.copy = new byte[buffer];
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("the gzip stream is finished");
        }
        while (len > 0) {
            int n = Math.min(len, input.capacity());
            input.clear();
            input.put(b, off, n).flip();
            crc.update(input.duplicate());
            deflater.setInput(input);
            while (input.hasRemaining()) {
                drain(Deflater.NO_FLUSH);
            }
            off += n;
            len -= n;
        }
    }

    /** Ends the deflate stream and writes the trailer: the CRC-32 and length (mod 2^32) of what was written. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        deflater.finish();
        while (!deflater.finished()) {
            drain(Deflater.NO_FLUSH);
        }
        ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putInt((int) crc.getValue()).putInt((int) deflater.getBytesRead());
        out.write(trailer.array());
    }

    /** One deflate call into the output buffer, its bytes passed on. */
    private void drain(int flush) throws IOException {
        output.clear();
        deflater.deflate(output, flush);
        output.flip();
        int n = output.remaining();
        output.get(copy, 0, n);
        out.write(copy, 0, n);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
            out.close();
        } finally {
            deflater.end();
        }
    }
}
