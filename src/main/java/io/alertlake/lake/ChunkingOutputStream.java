package io.alertlake.lake;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The raw archive's compressing streams take their input in chunks, not write by write (a line reaches them in
 * several small writes): this gathers what is written in a buffer that starts at 64 KiB and doubles up to its
 * largest size as bytes come — so that a file of a few lines does not take megabytes — and hands the buffer, full at
 * that size, to the subclass, which must then make room in it. Writing after {@link #close} is refused.
 */
abstract class ChunkingOutputStream extends OutputStream {

    private static final int FIRST_BYTES = 64 * 1024;

    private final int largest;
    /** What is gathered, from index 0 (or from what the subclass kept there) to {@link #filled}. */
    protected byte[] buffer;
    protected int filled;
    protected boolean closed;

    ChunkingOutputStream(int largest) {
        this.largest = largest;
        this.buffer = new byte[Math.min(FIRST_BYTES, largest)];
    }

    @Override
    public void write(int b) throws IOException {
        if (closed || filled == buffer.length) {
            makeRoom();
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (closed || filled == buffer.length) {
                makeRoom();
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** The buffer is full at its largest size: compress what it holds and lower {@link #filled}. */
    protected abstract void full() throws IOException;

    private void makeRoom() throws IOException {
        if (closed) {
            throw new IOException("the stream is closed");
        }
        if (buffer.length < largest) {
            buffer = Arrays.copyOf(buffer, Math.min(2 * buffer.length, largest));
        } else {
            full();
        }
    }
}
