package io.alertlake.lake;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A gzip stream (RFC 1952: one member holding one deflate block of RFC 1951's fixed Huffman codes) whose deflate
 * looks for long repeats instead of the best short ones. A raw archive's lines repeat most of the lines before them
 * (the repository, the organization, the sender, the rule or advisory), in runs of hundreds of bytes; zlib, even at
 * its fastest level, weighs several short candidates at each position byte by byte. Here each position tries two
 * candidates — the distance of the last match, and the last position whose next eight bytes hashed alike — and a
 * match is extended by comparing many bytes at once ({@link Arrays#mismatch}). Over the benchmark's deliveries the
 * raw archive takes a quarter of the CPU it took with the JDK's zlib at level 1 or 2, in a third fewer bytes than
 * level 2; on GitHub's fixture payloads it writes fewer bytes than level 1 (docs/benchmarks.md, RawArchiveTest).
 * Any gzip reader reads it. Worst case, bytes that repeat nothing, the output is 9/8 of the input (the fixed codes
 * spend 9 bits on a byte from 0x90 up, 8 below).
 */
final class FastGzip extends ChunkingOutputStream {

    /** How far back deflate may point. */
    static final int WINDOW = 32 * 1024;
    /** Bytes taken in before they are deflated (their CRC too), after the window kept from the bytes before. */
    static final int CHUNK = 1024 * 1024;

    private static final int HASH_BITS = 15;
    private static final int MIN_MATCH = 4; // deflate allows 3; a 3-byte match saves nothing under fixed codes
    private static final int MAX_MATCH = 258;
    /** A match from the last distance this long is taken without looking up the hash's candidate. */
    private static final int GOOD_MATCH = 32;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    // RFC 1951 §3.2.5: the length and distance codes, their base values and extra bits
    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
            67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
            5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
            513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DISTANCE_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
            10, 11, 11, 12, 12, 13, 13};
    /** Literal/length symbol (0–287) → its fixed code (§3.2.6), bit-reversed: Huffman codes go out first bit first. */
    private static final int[] CODE = new int[288];
    private static final int[] CODE_BITS = new int[288];
    /** Distance code (0–29) → its fixed 5-bit code, bit-reversed. */
    private static final int[] DISTANCE_CODE = new int[30];
    /** Match length → its symbol's code and extra bits, as they go out one after the other, and their count. */
    private static final int[] LENGTH_BITS = new int[MAX_MATCH + 1];
    private static final int[] LENGTH_BIT_COUNT = new int[MAX_MATCH + 1];
    private static final int END_OF_BLOCK = 256;

    static {
        for (int symbol = 0; symbol < 288; symbol++) {
            int code;
            int bits;
            if (symbol < 144) {
                code = 0x30 + symbol;
                bits = 8;
            } else if (symbol < 256) {
                code = 0x190 + symbol - 144;
                bits = 9;
            } else if (symbol < 280) {
                code = symbol - 256;
                bits = 7;
            } else {
                code = 0xC0 + symbol - 280;
                bits = 8;
            }
            CODE[symbol] = Integer.reverse(code) >>> (32 - bits);
            CODE_BITS[symbol] = bits;
        }
        for (int code = 0; code < DISTANCE_CODE.length; code++) {
            DISTANCE_CODE[code] = Integer.reverse(code) >>> 27;
        }
        for (int code = 0; code < LENGTH_BASE.length; code++) {
            // 258 has a code of its own (the last), not 227 + 31 of the one before
            int last = code == LENGTH_BASE.length - 1 ? MAX_MATCH : Math.min(LENGTH_BASE[code + 1] - 1, MAX_MATCH - 1);
            int symbol = 257 + code;
            for (int length = LENGTH_BASE[code]; length <= last; length++) {
                LENGTH_BITS[length] = CODE[symbol] | (length - LENGTH_BASE[code]) << CODE_BITS[symbol];
                LENGTH_BIT_COUNT[length] = CODE_BITS[symbol] + LENGTH_EXTRA[code];
            }
        }
    }

    private final OutputStream out;
    // the buffer holds the last WINDOW bytes deflated (from index 0), then the bytes taken in since, up to a chunk
    private int deflated;
    /** Eight bytes' hash → the latest position in the buffer (+ 1; 0: none) whose next eight bytes had it. */
    private final int[] lastPosition = new int[1 << HASH_BITS];
    private int lastDistance;
    private final CRC32 crc = new CRC32();
    private long length;

    private final byte[] output = new byte[64 * 1024];
    private int outputCount;
    private long bits;
    private int bitCount;

    FastGzip(OutputStream out) throws IOException {
        super(WINDOW + CHUNK);
        this.out = out;
        // ID1 ID2, CM deflate, no flags, no time, XFL 0, OS unknown
        byte[] header = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255};
        System.arraycopy(header, 0, output, 0, header.length);
        outputCount = header.length;
        put(1, 1); // BFINAL: the stream's one block
        put(1, 2); // BTYPE 01: fixed Huffman codes
    }

    /** Writes out what is complete; bytes taken in stay until their chunk fills or the stream closes. */
    @Override
    public void flush() throws IOException {
        out.write(output, 0, outputCount);
        outputCount = 0;
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        deflate();
        put(CODE[END_OF_BLOCK], CODE_BITS[END_OF_BLOCK]);
        room(Integer.BYTES + 8);
        while (bitCount > 0) { // the last bits, padded to a byte
            output[outputCount++] = (byte) bits;
            bits >>>= 8;
            bitCount = Math.max(0, bitCount - 8);
        }
        INTS.set(output, outputCount, (int) crc.getValue());
        INTS.set(output, outputCount + 4, (int) length); // ISIZE: the length modulo 2^32
        outputCount += 8;
        flush();
        out.close();
    }

    /** Deflates the bytes taken in, then keeps the last window of them at the start for the next chunk to point at. */
    @Override
    protected void full() throws IOException {
        deflate();
        int keep = Math.min(WINDOW, filled);
        int shift = filled - keep;
        System.arraycopy(buffer, shift, buffer, 0, keep);
        for (int h = 0; h < lastPosition.length; h++) {
            lastPosition[h] = Math.max(0, lastPosition[h] - shift);
        }
        filled = keep;
        deflated = keep;
    }

    private void deflate() throws IOException {
        crc.update(buffer, deflated, filled - deflated);
        length += filled - deflated;
        int end = filled;
        int i = deflated;
        while (i <= end - Long.BYTES) {
            int matchLength = 0;
            int distance = lastDistance;
            if (distance > 0 && i >= distance
                    && (int) INTS.get(buffer, i) == (int) INTS.get(buffer, i - distance)) {
                matchLength = matchLength(i, i - distance, end);
            }
            long eight = (long) LONGS.get(buffer, i);
            int hash = hash(eight);
            int candidate = lastPosition[hash] - 1;
            lastPosition[hash] = i + 1;
            if (matchLength < GOOD_MATCH && candidate >= 0 && i - candidate <= WINDOW
                    && (long) LONGS.get(buffer, candidate) == eight) {
                int candidateLength = matchLength(i, candidate, end);
                if (candidateLength > matchLength) {
                    matchLength = candidateLength;
                    distance = i - candidate;
                }
            }
            if (matchLength >= MIN_MATCH) {
                putMatch(matchLength, distance);
                lastDistance = distance;
                int last = i + matchLength - Long.BYTES; // the match's end, for the next copy of what follows it
                if (last > i && last <= end - Long.BYTES) {
                    lastPosition[hash((long) LONGS.get(buffer, last))] = last + 1;
                }
                i += matchLength;
            } else {
                putLiteral(buffer[i] & 0xff);
                i++;
            }
        }
        for (; i < end; i++) {
            putLiteral(buffer[i] & 0xff);
        }
        deflated = end;
    }

    private static int hash(long eight) {
        return (int) ((eight * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - HASH_BITS));
    }

    /** How many bytes from {@code at} repeat those from {@code from}, at most 258 and not past {@code end}. */
    private int matchLength(int at, int from, int end) {
        int max = Math.min(MAX_MATCH, end - at);
        int mismatch = Arrays.mismatch(buffer, at, at + max, buffer, from, from + max);
        return mismatch < 0 ? max : mismatch;
    }

    private void putLiteral(int b) throws IOException {
        put(CODE[b], CODE_BITS[b]);
    }

    /** A match's length and distance, their codes and extra bits, in one append (at most 13 + 18 bits). */
    private void putMatch(int length, int distance) throws IOException {
        int code = distanceCode(distance);
        int distanceBits = DISTANCE_CODE[code] | (distance - DISTANCE_BASE[code]) << 5;
        int lengthCount = LENGTH_BIT_COUNT[length];
        put(LENGTH_BITS[length] | distanceBits << lengthCount, lengthCount + 5 + DISTANCE_EXTRA[code]);
    }

    /** The distance code (0–29) of a distance (1–32768): two codes per power of two from 5 on. */
    static int distanceCode(int distance) {
        if (distance <= 4) {
            return distance - 1;
        }
        int log = 31 - Integer.numberOfLeadingZeros(distance - 1);
        return 2 * log + (((distance - 1) >>> (log - 1)) & 1);
    }

    /** Appends {@code count} (at most 31) bits, first bit lowest, as deflate packs them. */
    private void put(int value, int count) throws IOException {
        bits |= (long) value << bitCount;
        bitCount += count;
        if (bitCount >= Integer.SIZE) {
            room(Integer.BYTES);
            INTS.set(output, outputCount, (int) bits);
            outputCount += Integer.BYTES;
            bits >>>= Integer.SIZE;
            bitCount -= Integer.SIZE;
        }
    }

    private void room(int bytes) throws IOException {
        if (outputCount + bytes > output.length) {
            out.write(output, 0, outputCount);
            outputCount = 0;
        }
    }
}
