package io.alertlake.lake;

import io.airlift.compress.zstd.ZstdDecompressor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ZstdCodecsTest {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 255, 4096})
    void aStoredFrameDecompressesToItsBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);

        byte[] frame = ZstdCodecs.storedFrame(data);

        assertThat(ZstdDecompressor.getDecompressedSize(frame, 0, frame.length)).isEqualTo(size);
        byte[] out = new byte[size];
        int n = new ZstdDecompressor().decompress(frame, 0, frame.length, out, 0, out.length);
        assertThat(n).isEqualTo(size);
        assertThat(out).isEqualTo(data);
        assertThat(frame).hasSize(size + 12); // magic, descriptor, content size, block header
    }
}
