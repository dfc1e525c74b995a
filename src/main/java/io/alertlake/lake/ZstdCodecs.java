package io.alertlake.lake;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Parquet's codec factory for ZSTD in pure Java (aircompressor). Parquet's own factory needs Hadoop's codec
 * classes and zstd-jni's native library; this one needs neither, which keeps Hadoop out of the runtime and
 * JNI out of the native image. Uncompressed pages pass through unchanged.
 */
final class ZstdCodecs implements CompressionCodecFactory {

    static final ZstdCodecs INSTANCE = new ZstdCodecs();

    private ZstdCodecs() {
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
