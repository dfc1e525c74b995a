package io.alertlake.lake;

import io.airlift.compress.zstd.ZstdCompressor;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A Zstandard stream written as a series of frames, one per {@link #FRAME_BYTES} of input, each compressed whole by
 * aircompressor (pure Java, as {@link ZstdCodecs}). Concatenated frames are one valid stream (RFC 8878 §3.1): any
 * Zstandard reader reads the file as if it were one frame. aircompressor's own stream compresses each write it is
 * handed, which for the archive's small writes gave 20× the bytes.
 */
final class ZstdFrames extends OutputStream {

    /**
     * Input per frame: a frame spans hundreds of payloads, which share most of their text. Each frame builds a
     * compression context of about a MiB (aircompressor keeps none between calls): frames of 4 MiB rather than 1 MiB
     * cut that allocation to a quarter, and GitHub's payloads took 5.5–6.1 instead of 6.5–7.9 µs and 82 instead of
     * 96 bytes a delivery (bench/consume/raw.sh, docs/benchmarks.md); 8 MiB gained no more.
     */
    static final int FRAME_BYTES = 1 << 22;

    private final ZstdCompressor compressor = new ZstdCompressor();
    private final OutputStream out;
    private final byte[] input = new byte[FRAME_BYTES];
    private final byte[] frame = new byte[compressor.maxCompressedLength(FRAME_BYTES)];
    private int filled;
    private boolean closed;

    ZstdFrames(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == input.length) {
            writeFrame();
        }
        input[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == input.length) {
                writeFrame();
            }
            int n = Math.min(len, input.length - filled);
            System.arraycopy(b, off, input, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** The last frame, then the stream it writes to. An empty stream is one empty frame. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            writeFrame();
            out.close();
        }
    }

    private void writeFrame() throws IOException {
        int n = compressor.compress(input, 0, filled, frame, 0, frame.length);
        out.write(frame, 0, n);
        filled = 0;
    }
}
