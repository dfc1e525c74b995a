package io.alertlake.lake;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkingOutputStreamTest {

    /** Keeps each chunk it is handed, and what is left at close. */
    private static final class Chunks extends ChunkingOutputStream {
        final List<byte[]> chunks = new ArrayList<>();

        Chunks(int largest) {
            super(largest);
        }

        @Override
        protected void full() {
            chunks.add(java.util.Arrays.copyOf(buffer, filled));
            filled = 0;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                chunks.add(java.util.Arrays.copyOf(buffer, filled));
            }
        }
    }

    @Test
    void bytesWrittenInWritesOfAnySizeAreHandedOnInFullChunksOfTheLargestSize() throws IOException {
        int largest = 200_000; // the buffer grows 64 KiB → 128 KiB → 200,000
        byte[] data = new byte[3 * largest + 12_345];
        new Random(7).nextBytes(data);
        Chunks stream = new Chunks(largest);
        writeInRandomSizes(stream, data, new Random(8));
        stream.close();

        assertThat(stream.chunks).hasSize(4);
        assertThat(stream.chunks.subList(0, 3)).allSatisfy(chunk -> assertThat(chunk).hasSize(largest));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] chunk : stream.chunks) {
            joined.write(chunk);
        }
        assertThat(joined.toByteArray()).isEqualTo(data);
    }

    /** {@code data} in writes of random sizes up to 70,000 bytes, a third of them a single byte. */
    static void writeInRandomSizes(OutputStream stream, byte[] data, Random random) throws IOException {
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, random.nextInt(3) == 0 ? 1 : random.nextInt(70_000));
            if (n == 1) {
                stream.write(data[at]);
            } else {
                stream.write(data, at, n);
            }
            at += n;
        }
    }

    @Test
    void bothArchiveStreamsRefuseAWriteAfterClose() throws IOException {
        for (OutputStream stream : List.of(new FastGzip(new ByteArrayOutputStream()),
                new ZstdFrames(new ByteArrayOutputStream()))) {
            stream.write(new byte[10]);
            stream.close();
            stream.close(); // a second close does nothing
            assertThatThrownBy(() -> stream.write(1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
            assertThatThrownBy(() -> stream.write(new byte[3])).isInstanceOf(IOException.class);
        }
    }
}
