package io.alertlake.lake;

import io.airlift.compress.zstd.ZstdInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ZstdFramesTest {

    /** Text that compresses like the archive's lines: runs of a small vocabulary. */
    private static byte[] text(int length, Random random) {
        String[] words = {"{\"action\":", "\"fixed\",", "\"alert\":{", "\"number\":", "42,", "\"rule\":", "\"js/xss\"",
                "},", " ", "\n"};
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        while (out.size() < length) {
            byte[] word = words[random.nextInt(words.length)].getBytes();
            out.write(word, 0, Math.min(word.length, length - out.size()));
        }
        return out.toByteArray();
    }

    /** Writes {@code data} in pieces of random sizes, single bytes among them. */
    private static byte[] framed(byte[] data, Random random) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (ZstdFrames out = new ZstdFrames(file)) {
            int at = 0;
            while (at < data.length) {
                if (random.nextInt(8) == 0) {
                    out.write(data[at++]);
                } else {
                    int n = Math.min(data.length - at, 1 + random.nextInt(200_000));
                    out.write(data, at, n);
                    at += n;
                }
            }
        }
        return file.toByteArray();
    }

    @Test
    void whatIsWrittenReadsBackAtEverySizeAroundTheBuffersEdges() throws IOException {
        Random random = new Random(5);
        int[] sizes = {0, 1, (1 << 16) - 1, 1 << 16, (1 << 16) + 1, ZstdFrames.FRAME_BYTES - 1, ZstdFrames.FRAME_BYTES,
                ZstdFrames.FRAME_BYTES + 1, ZstdFrames.FRAME_BYTES * 5 / 2};
        for (int size : sizes) {
            byte[] data = text(size, random);
            byte[] file = framed(data, random);
            byte[] back = new ZstdInputStream(new ByteArrayInputStream(file)).readAllBytes();
            assertThat(back).as("%d bytes", size).isEqualTo(data);
            if (size > 1000) {
                assertThat(file.length).as("%d bytes", size).isLessThan(size / 4);
            }
        }
    }

    @Test
    void aLargeInputIsCutIntoFramesOfFrameBytes() throws IOException {
        Random random = new Random(6);
        byte[] data = text(ZstdFrames.FRAME_BYTES * 5 / 2, random);
        byte[] file = framed(data, random);
        // each frame starts with the magic number: three frames (two full, one half). A frame's compressed content
        // could hold those four bytes too; with this seed none does, so the count is exact
        ByteBuffer little = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magics = 0;
        for (int i = 0; i + 3 < file.length; i++) {
            if (little.getInt(i) == ZstdCodecs.ZSTD_MAGIC) {
                magics++;
            }
        }
        assertThat(magics).isEqualTo(3);
    }
}
