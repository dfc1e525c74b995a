package io.alertlake.lake;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw archive's own deflate, read back by the JDK's zlib ({@link GZIPInputStream} checks the CRC and length of
 * the member's trailer too): inputs that reach each of its edges — nothing, a few bytes, runs that overlap their own
 * copy, bytes that repeat nothing, repeats just beyond deflate's window, chunk boundaries — and many random mixes.
 */
class FastGzipTest {

    @Test
    void nothingAndAFewBytesComeBack() throws IOException {
        assertRoundTrip(new byte[0]);
        Random random = new Random(1);
        for (int n = 1; n <= 40; n++) {
            byte[] data = new byte[n];
            random.nextBytes(data);
            assertRoundTrip(data);
            Arrays.fill(data, (byte) 'a');
            assertRoundTrip(data);
        }
    }

    @Test
    void aRunLongerThanAChunkComesBackAndShrinks() throws IOException {
        byte[] zeros = new byte[2 * FastGzip.CHUNK + 12_345];
        byte[] file = assertRoundTrip(zeros);
        assertThat(file.length).isLessThan(zeros.length / 100); // copies of the byte before, 258 at a time
    }

    @Test
    void bytesThatRepeatNothingComeBackAtNineEighthsAtMost() throws IOException {
        byte[] noise = new byte[FastGzip.CHUNK + FastGzip.WINDOW + 7];
        new Random(2).nextBytes(noise);
        byte[] file = assertRoundTrip(noise);
        assertThat(file.length).isLessThanOrEqualTo(noise.length / 8 * 9 + 64);
    }

    @Test
    void aRepeatBeyondTheWindowIsNotPointedAt() throws IOException {
        Random random = new Random(3);
        byte[] block = new byte[FastGzip.WINDOW + 1]; // its next copy starts one byte too far back to point at
        random.nextBytes(block);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < 6; i++) {
            data.write(block);
        }
        byte[] justInside = Arrays.copyOf(block, FastGzip.WINDOW);
        for (int i = 0; i < 6; i++) {
            data.write(justInside);
        }
        assertRoundTrip(data.toByteArray());
    }

    @Test
    void randomMixesOfLiteralsAndCopiesComeBackHoweverTheyAreWritten() throws IOException {
        Random random = new Random(4);
        for (int round = 0; round < 60; round++) {
            int size = round % 10 == 0 ? 2 * FastGzip.CHUNK + random.nextInt(FastGzip.WINDOW) : random.nextInt(200_000);
            byte[] data = mix(random, size);
            byte[] inOneWrite = assertRoundTrip(data);

            // the same bytes in writes of random sizes, some a byte at a time: the same file
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            try (FastGzip gzip = new FastGzip(file)) {
                ChunkingOutputStreamTest.writeInRandomSizes(gzip, data, random);
            }
            assertThat(file.toByteArray()).isEqualTo(inOneWrite);
        }
    }

    /** Literals from a small or a full alphabet, and copies of earlier bytes at every distance deflate has and past it. */
    private static byte[] mix(Random random, int size) {
        byte[] data = new byte[size];
        int at = 0;
        while (at < size) {
            int n = Math.min(size - at, 1 + random.nextInt(600));
            if (at > 0 && random.nextBoolean()) {
                int distance = 1 + random.nextInt(Math.min(at, random.nextBoolean() ? 300 : 40_000));
                for (int i = 0; i < n; i++, at++) {
                    data[at] = data[at - distance]; // overlapping when the distance is shorter than the copy
                }
            } else {
                int alphabet = random.nextBoolean() ? 4 : 256;
                for (int i = 0; i < n; i++, at++) {
                    data[at] = (byte) random.nextInt(alphabet);
                }
            }
        }
        return data;
    }

    private static byte[] assertRoundTrip(byte[] data) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (FastGzip gzip = new FastGzip(file)) {
            gzip.write(data);
        }
        byte[] gz = file.toByteArray();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        return gz;
    }
}
