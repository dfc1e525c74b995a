package io.alertlake.lake;

import io.alertlake.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffHeapGzipTest {

    @Test
    void writesTheBytesTheJdksGzipStreamWritesAtTheSameLevel() throws IOException {
        // fixtures (text that compresses), random bytes (that does not), lengths around the buffer's size, nothing
        ByteArrayOutputStream fixtures = new ByteArrayOutputStream();
        for (Fixtures.Webhook f : Fixtures.webhooks()) {
            fixtures.write(f.oneLineBody());
            fixtures.write('\n');
        }
        byte[] random = new byte[300_000];
        new Random(7).nextBytes(random);
        for (byte[] data : new byte[][]{fixtures.toByteArray(), random, new byte[0], new byte[1],
                slice(fixtures.toByteArray(), 4096), slice(random, 4097), slice(fixtures.toByteArray(), 4095)}) {
            for (int chunk : new int[]{1, 1000, 4096, 1 << 20}) {
                byte[] ours = gzip(data, chunk, out -> new OffHeapGzip(out, Deflater.BEST_SPEED, 4096));
                byte[] jdks = gzip(data, chunk, out -> new GZIPOutputStream(out, 4096) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                });
                assertThat(ours).as("%d bytes written %d at a time", data.length, chunk).isEqualTo(jdks);
                assertThat(new GZIPInputStream(new ByteArrayInputStream(ours)).readAllBytes()).isEqualTo(data);
            }
        }
    }

    @Test
    void aReaderCatchesACorruptedTrailer() throws IOException {
        byte[] file = gzip("{\"action\":\"fixed\"}\n".repeat(100).getBytes(), 64,
                out -> new OffHeapGzip(out, Deflater.BEST_SPEED, 4096));
        file[file.length - 6] ^= 1; // a bit of the CRC-32
        assertThatThrownBy(() -> new GZIPInputStream(new ByteArrayInputStream(file)).readAllBytes())
                .isInstanceOf(ZipException.class);
    }

    @Test
    void nothingIsWrittenAfterTheStreamIsClosed() throws IOException {
        OffHeapGzip gzip = new OffHeapGzip(new ByteArrayOutputStream(), Deflater.BEST_SPEED, 4096);
        gzip.close();
        assertThatThrownBy(() -> gzip.write(new byte[]{1})).isInstanceOf(IOException.class);
    }

    private interface Opener {
        OutputStream open(OutputStream to) throws IOException;
    }

    private static byte[] gzip(byte[] data, int chunk, Opener opener) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = opener.open(bytes)) {
            for (int i = 0; i < data.length; i += chunk) {
                out.write(data, i, Math.min(chunk, data.length - i));
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] slice(byte[] data, int length) {
        return java.util.Arrays.copyOf(data, length);
    }
}
