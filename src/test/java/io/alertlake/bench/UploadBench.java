package io.alertlake.bench;

import com.sun.net.httpserver.HttpServer;
import io.alertlake.aws.AwsClients;
import io.alertlake.lake.LakeWriter;
import io.alertlake.ocsf.PartitionKey;
import io.alertlake.testing.IgnoredEvents;
import io.alertlake.testing.TestConfigs;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A flush's Parquet files written to an S3 that answers each request after a fixed delay (a stub server on the
 * JDK's HTTP server standing in for S3's round trip, which the local stand-in does not have), by the consumer's own
 * {@link LakeWriter} and S3 client, with several counts of {@code alertlake.consumer.writers} in turn: the
 * findings of N synthetic deliveries (spread over {@code bench.months} months), wall time per flush, median of
 * {@code bench.rounds} after a warm-up round of each, and the connections the S3 client opened. Run by
 * bench/consume/upload.sh, not by the tests.
 */
public final class UploadBench {

    public static void main(String[] args) {
        BenchLogging.likeTheService();
        int n = args.length == 0 ? 100_000 : Integer.parseInt(args[0]);
        int delayMs = Integer.getInteger("bench.put-delay-ms", 30);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int[] writers = Arrays.stream(System.getProperty("bench.writers", "1,2,8,16,32").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        Map<PartitionKey, List<GenericRecord>> partitions = ConsumeBench.findingsByPartition(n);
        int records = partitions.values().stream().mapToInt(List::size).sum();
        Set<Integer> connections = ConcurrentHashMap.newKeySet(); // client ports: one per connection opened
        HttpServer s3;
        try {
            s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        s3.setExecutor(Executors.newFixedThreadPool(256));
        s3.createContext("/", exchange -> {
            connections.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().add("ETag", "\"bench\"");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        s3.start();
        System.out.printf("%d deliveries, %d records, %d files a flush, %d months; every S3 request answered after %d ms;"
                        + " %d cores; wall seconds a flush, median of %d after a warm-up%n%n", n, records,
                partitions.size(), Integer.getInteger("bench.months", 1), delayMs,
                Runtime.getRuntime().availableProcessors(), rounds);
        System.out.println("| writers | seconds a flush (median, min–max) | files/s | records/s | connections opened |");
        System.out.println("|---|---|---|---|---|");
        try (S3Client client = S3Client.builder().httpClientBuilder(AwsClients.s3Http())
                .endpointOverride(URI.create("http://127.0.0.1:" + s3.getAddress().getPort())).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .build()) {
            List<LakeWriter> lakes = new ArrayList<>();
            for (int w : writers) {
                lakes.add(new LakeWriter(client, TestConfigs.of(Map.of("alertlake.consumer.writers",
                        Integer.toString(w))), new IgnoredEvents<>()));
            }
            double[][] seconds = new double[writers.length][rounds];
            int[] opened = new int[writers.length];
            for (int round = -1; round < rounds; round++) { // round -1: warm-up
                for (int i = 0; i < writers.length; i++) {
                    int before = connections.size();
                    long started = System.nanoTime();
                    lakes.get(i).writeFindings("bench-" + round + "-" + i, partitions);
                    if (round >= 0) {
                        seconds[i][round] = (System.nanoTime() - started) / 1e9;
                        opened[i] += connections.size() - before;
                    }
                }
            }
            for (int i = 0; i < writers.length; i++) {
                double[] s = seconds[i].clone();
                Arrays.sort(s);
                double median = s[s.length / 2];
                System.out.printf("| %d | %.2f (%.2f–%.2f) | %.0f | %.0f | %d |%n", writers[i], median, s[0],
                        s[s.length - 1], partitions.size() / median, records / median, opened[i]);
            }
        } finally {
            s3.stop(0);
        }
        System.exit(0); // the stub server's threads are not daemons
    }
}
