/*
 * Deflate in zlib (what the JDK's GZIPOutputStream uses) against libdeflate, on the lines of one raw archive file:
 * CPU µs and gzip bytes per line, levels 1-3, median of 5 rounds. libdeflate has no streaming API, so it
 * compresses 4 MiB at a time into concatenated gzip members (a valid .gz file). Its prototypes are declared here
 * because Debian's runtime package (libdeflate0) carries no header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

struct libdeflate_compressor;
struct libdeflate_compressor *libdeflate_alloc_compressor(int level);
size_t libdeflate_gzip_compress(struct libdeflate_compressor *c, const void *in, size_t in_bytes, void *out,
                                size_t out_bytes_avail);
void libdeflate_free_compressor(struct libdeflate_compressor *c);

#define ROUNDS 5
#define MEMBER (4L << 20)

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static size_t with_zlib(const unsigned char *in, long n, unsigned char *out, size_t cap, int level) {
    z_stream s;
    memset(&s, 0, sizeof s);
    deflateInit2(&s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY); /* 15 + 16: a gzip wrapper */
    s.next_in = (unsigned char *) in;
    s.avail_in = (uInt) n;
    s.next_out = out;
    s.avail_out = (uInt) cap;
    deflate(&s, Z_FINISH);
    size_t bytes = s.total_out;
    deflateEnd(&s);
    return bytes;
}

static size_t with_libdeflate(const unsigned char *in, long n, unsigned char *out, size_t cap, int level) {
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
    size_t bytes = 0;
    for (long off = 0; off < n; off += MEMBER) {
        long len = n - off < MEMBER ? n - off : MEMBER;
        bytes += libdeflate_gzip_compress(c, in + off, len, out, cap);
    }
    libdeflate_free_compressor(c);
    return bytes;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s LINES.ndjson\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *in = malloc(n);
    if (fread(in, 1, n, f) != (size_t) n) {
        perror(argv[1]);
        return 1;
    }
    fclose(f);
    long lines = 0;
    for (long i = 0; i < n; i++) lines += in[i] == '\n';
    size_t cap = n + n / 2 + (1 << 20);
    unsigned char *out = malloc(cap);
    printf("%ld lines, %.0f bytes a line\n\n", lines, (double) n / lines);
    printf("| level | zlib µs per line | zlib bytes per line | libdeflate µs per line | libdeflate bytes per line |\n");
    printf("|---|---|---|---|---|\n");
    for (int level = 1; level <= 3; level++) {
        double z[ROUNDS], d[ROUNDS];
        size_t zb = 0, db = 0;
        for (int r = 0; r < ROUNDS; r++) { /* in turn, so that a drift of the machine falls on both */
            double t = cpu_seconds();
            zb = with_zlib(in, n, out, cap, level);
            z[r] = cpu_seconds() - t;
            t = cpu_seconds();
            db = with_libdeflate(in, n, out, cap, level);
            d[r] = cpu_seconds() - t;
        }
        qsort(z, ROUNDS, sizeof z[0], by_value);
        qsort(d, ROUNDS, sizeof d[0], by_value);
        printf("| %d | %.1f | %.0f | %.1f | %.0f |\n", level, z[ROUNDS / 2] * 1e6 / lines, (double) zb / lines,
               d[ROUNDS / 2] * 1e6 / lines, (double) db / lines);
    }
    return 0;
}
