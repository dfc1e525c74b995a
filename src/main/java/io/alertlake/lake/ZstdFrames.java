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
final class ZstdFrames extends ChunkingOutputStream {

    /**
     * Input per frame: a frame spans hundreds of payloads, which share most of their text. Each frame builds a
     * compression context of about a MiB (aircompressor keeps none between calls): frames of 4 MiB rather than 1 MiB
     * cut that allocation to a quarter, and GitHub's payloads took 5.5–6.1 instead of 6.5–7.9 µs and 82 instead of
     * 96 bytes a delivery (bench/consume/raw.sh, docs/benchmarks.md); 8 MiB gained no more.
     */
    static final int FRAME_BYTES = 1 << 22;

    private final ZstdCompressor compressor = new ZstdCompressor();
    private final OutputStream out;
    private byte[] frame = new byte[0];

    ZstdFrames(OutputStream out) {
        super(FRAME_BYTES);
        this.out = out;
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

    @Override
    protected void full() throws IOException {
        writeFrame();
    }

    private void writeFrame() throws IOException {
        int bound = compressor.maxCompressedLength(filled);
        if (frame.length < bound) {
            frame = new byte[bound];
        }
        int n = compressor.compress(buffer, 0, filled, frame, 0, frame.length);
        out.write(frame, 0, n);
        filled = 0;
    }
}
