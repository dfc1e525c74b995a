package io.alertlake.bench;

import io.alertlake.config.RawCompression;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.SecretValues;
import io.alertlake.lake.RawArchive;
import io.alertlake.ocsf.OcsfMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the raw archive costs per delivery on one thread: a gzip'd NDJSON file of the benchmark's synthetic
 * deliveries (one month's spread) with every body escaped into a string, as the archive wrote them before
 * 2026-12-05 (deflated by zlib at level 2, the default then), and with one-line bodies copied in, as it writes them
 * now: gzip'd by zlib at levels 2 and 1 and by alertlake's own deflate (the default since 2026-12-06), and in
 * Zstandard ({@code alertlake.lake.raw-compression=zstd}); then the secret redaction check alone
 * over the secret scanning deliveries. CPU time of this thread, median of 8 rounds after 2 warm-up rounds. Run by
 * bench/consume/raw.sh, not by the tests.
 */
public final class RawArchiveBench {

    private static final OptionalInt ZLIB_LEVEL_2 = OptionalInt.of(2);

    public static void main(String[] args) {
        BenchLogging.likeTheService();
        int n = Integer.parseInt(args.length > 0 ? args[0] : "40000");
        System.setProperty("bench.months", System.getProperty("bench.months", "1"));
        OcsfMapper mapper = new OcsfMapper();
        List<RawArchive.Line> escaped = new ArrayList<>();
        List<RawArchive.Line> copied = new ArrayList<>();
        List<Delivery> secretScanning = new ArrayList<>();
        for (Iterator<Delivery> it = ConsumeBench.deliveries(n); it.hasNext(); ) {
            Delivery d = it.next();
            escaped.add(new RawArchive.Line(d, null));
            copied.add(RawArchive.Line.mapped(d, mapper.map(d)));
            if (d.event().startsWith("secret_scanning")) {
                secretScanning.add(d);
            }
        }
        System.out.println("| archive lines | deliveries | CPU µs per delivery (median, min–max) | bytes per delivery |");
        System.out.println("|---|---|---|---|");
        report("bodies escaped into strings", escaped, RawCompression.GZIP, ZLIB_LEVEL_2);
        report("one-line bodies copied in, zlib at level 2 (raw-gzip-level=2, the default before 2026-12-06)",
                copied, RawCompression.GZIP, ZLIB_LEVEL_2);
        report("one-line bodies copied in, zlib at level 1 (raw-gzip-level=1)", copied, RawCompression.GZIP,
                OptionalInt.of(1));
        report("one-line bodies copied in, gzip by alertlake's own deflate (raw-gzip-level unset, the default)",
                copied, RawCompression.GZIP, OptionalInt.empty());
        report("one-line bodies copied in, Zstandard (raw-compression=zstd)", copied, RawCompression.ZSTD,
                OptionalInt.empty());
        CpuRounds perPayload = CpuRounds.measure(2, secretScanning.size(), () -> {
            for (Delivery d : secretScanning) {
                SecretValues.redact(d.event(), d.body());
            }
        });
        System.out.printf("%nsecret redaction check: %.2f µs per secret scanning payload (%d payloads, %d bytes on"
                        + " average), median of 8 rounds%n", perPayload.median(), secretScanning.size(),
                secretScanning.stream().mapToInt(d -> d.body().length).sum() / Math.max(1, secretScanning.size()));
        // as ingest queues GitHub's payloads, which carry alert.secret: the value already replaced
        List<byte[]> redacted = secretScanning.stream().map(d -> new String(d.body(), StandardCharsets.UTF_8)
                .replaceFirst("\"alert\":\\{", "\"alert\":{\"secret\":\"" + SecretValues.REDACTED + "\",")
                .getBytes(StandardCharsets.UTF_8)).toList();
        CpuRounds perRedacted = CpuRounds.measure(2, redacted.size(), () -> {
            for (byte[] body : redacted) {
                SecretValues.redact("secret_scanning_alert", body);
            }
        });
        System.out.printf("secret redaction check of payloads whose alert.secret ingest already replaced: %.2f µs per"
                + " payload, median of 8 rounds%n", perRedacted.median());
    }

    private static void report(String label, List<RawArchive.Line> lines, RawCompression compression,
                               OptionalInt gzipLevel) {
        long[] bytes = new long[1];
        CpuRounds perDelivery = CpuRounds.measure(2, lines.size(),
                () -> bytes[0] = RawArchive.write(lines, compression, gzipLevel).length);
        System.out.printf("| %s | %d | %.1f (%.1f–%.1f) | %d |%n", label, lines.size(), perDelivery.median(),
                perDelivery.min(), perDelivery.max(), bytes[0] / lines.size());
    }
}
