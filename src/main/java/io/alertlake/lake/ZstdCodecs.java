package io.alertlake.lake;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Parquet's codec factory for ZSTD in pure Java (aircompressor). Parquet's own factory needs Hadoop's codec
 * classes and zstd-jni's native library; this one needs neither, which keeps Hadoop out of the runtime and
 * JNI out of the native image. Uncompressed pages pass through unchanged.
 */
final class ZstdCodecs implements CompressionCodecFactory {

    static final ZstdCodecs INSTANCE = new ZstdCodecs();

    /**
     * Pages smaller than this are stored in a ZSTD frame without compressing them. A small file (a partition with
     * a few records: most files of a backlog spread over many days) has a page per column of tens of bytes, which
     * ZSTD hardly shrinks, while each compression builds a new context and Huffman tables (aircompressor keeps no
     * context between calls): compressing them was 30 % of the CPU of writing a 9-record findings file. With this
     * and the leaner footer of ParquetFiles, such a file takes ~0.7 ms of CPU instead of ~1 ms
     * (bench/consume/file.sh, docs/benchmarks.md); stored pages make it ~3 KB larger than compressed ones would.
     */
    static final int STORE_BELOW_BYTES = 256;

    /** The first four bytes of a Zstandard frame, little-endian (RFC 8878 §3.1.1). */
    static final int ZSTD_MAGIC = 0xFD2FB528;

    private ZstdCodecs() {
    }

    /**
     * {@code data} as one ZSTD frame (RFC 8878 §3.1.1) holding it in a single raw block: magic number; frame
     * header descriptor 0xA0 (single segment, 4-byte content size, no checksum, no dictionary); the content size;
     * the block header (last block, type Raw, the size). Any ZSTD decoder reads it back as {@code data}.
     * A raw block holds at most 128 KiB; callers pass far less.
     */
    static byte[] storedFrame(byte[] data) {
        if (data.length >= 128 * 1024) {
            throw new IllegalArgumentException("a single raw ZSTD block holds at most 128 KiB");
        }
        ByteBuffer frame = ByteBuffer.allocate(4 + 1 + 4 + 3 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(ZSTD_MAGIC);
        frame.put((byte) 0xA0);
        frame.putInt(data.length);
        int blockHeader = 1 | (data.length << 3); // last block, block type 0 (raw), block size
        frame.put((byte) blockHeader).put((byte) (blockHeader >>> 8)).put((byte) (blockHeader >>> 16));
        frame.put(data);
        return frame.array();
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> new Compressor();
            case UNCOMPRESSED -> new Uncompressed();
            default -> throw new IllegalArgumentException("only ZSTD and UNCOMPRESSED are supported, not " + codec);
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> new Decompressor();
            case UNCOMPRESSED -> new Uncompressed();
            default -> throw new IllegalArgumentException("only ZSTD and UNCOMPRESSED are supported, not " + codec);
        };
    }

    @Override
    public void release() {
    }

    private static final class Compressor implements BytesInputCompressor {
        private final ZstdCompressor zstd = new ZstdCompressor();

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] in = bytes.toByteArray();
            if (in.length < STORE_BELOW_BYTES) {
                return BytesInput.from(storedFrame(in));
            }
            byte[] out = new byte[zstd.maxCompressedLength(in.length)];
            int n = zstd.compress(in, 0, in.length, out, 0, out.length);
            return BytesInput.from(out, 0, n);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {
        }
    }

    private static final class Decompressor implements BytesInputDecompressor {
        private final ZstdDecompressor zstd = new ZstdDecompressor();

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            byte[] in = bytes.toByteArray();
            byte[] out = new byte[uncompressedSize];
            zstd.decompress(in, 0, in.length, out, 0, out.length);
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(decompress(BytesInput.from(in), uncompressedSize).toByteArray());
        }

        @Override
        public void release() {
        }
    }

    private static final class Uncompressed implements BytesInputCompressor, BytesInputDecompressor {
        @Override
        public BytesInput compress(BytesInput bytes) {
            return bytes;
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.UNCOMPRESSED;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
            return bytes;
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(in);
        }

        @Override
        public void release() {
        }
    }
}
