package io.alertlake.lake;

import com.sun.net.httpserver.HttpServer;
import io.alertlake.aws.AwsClients;
import io.alertlake.delivery.Delivery;
import io.alertlake.demo.DemoDeliveries;
import io.alertlake.ocsf.Mapped;
import io.alertlake.ocsf.OcsfMapper;
import io.alertlake.ocsf.PartitionKey;
import io.alertlake.testing.IgnoredEvents;
import io.alertlake.testing.TestConfigs;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flush's Parquet files uploaded by {@link LakeWriter} to a stub server standing in for S3 (the JDK's HTTP server,
 * holding the first PUTs until 16 are in flight, as S3's round trip makes writers wait): with the default number of
 * writers the uploads overlap, however few cores the machine has and however slowly it encodes, and every file
 * arrives.
 */
class LakeWriterUploadsStubServerTest {

    private HttpServer s3;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    /** The first PUTs wait until 16 are in flight at once (or 10 s): what overlapping writers reach at once. */
    private final java.util.concurrent.CountDownLatch sixteenAtOnce = new java.util.concurrent.CountDownLatch(16);

    @BeforeEach
    void start() throws Exception {
        s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        s3.setExecutor(Executors.newFixedThreadPool(64));
        s3.createContext("/", exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                exchange.getRequestBody().readAllBytes();
                sixteenAtOnce.countDown();
                sixteenAtOnce.await(10, java.util.concurrent.TimeUnit.SECONDS);
                received.add(exchange.getRequestURI().getPath());
                exchange.getResponseHeaders().add("ETag", "\"stub\"");
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        s3.start();
    }

    @AfterEach
    void stop() {
        s3.stop(0);
    }

    @Test
    void theDefaultWritersUploadManyFilesAtOnce() {
        Map<PartitionKey, List<GenericRecord>> partitions = new HashMap<>();
        OcsfMapper mapper = new OcsfMapper();
        for (DemoDeliveries.Demo d : DemoDeliveries.generate(7, LocalDate.parse("2026-11-01"), 1)) {
            Mapped mapped = mapper.map(new Delivery(d.event(), d.deliveryId(), null, null, null, d.at(), d.body()));
            for (Mapped.Finding f : mapped.findings()) {
                partitions.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f.record());
            }
        }
        assertThat(partitions).hasSizeGreaterThan(64);
        try (S3Client client = S3Client.builder().httpClientBuilder(AwsClients.s3Http())
                .endpointOverride(URI.create("http://127.0.0.1:" + s3.getAddress().getPort()))
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            LakeWriter lake = new LakeWriter(client, TestConfigs.of(Map.of("alertlake.lake.bucket", "lake")),
                    new IgnoredEvents<>());
            List<LakeWriter.Written> written = lake.writeFindings("batch-1", partitions);
            lake.close();
            assertThat(written).hasSize(partitions.size());
            assertThat(received).hasSize(partitions.size())
                    .allMatch(path -> path.startsWith("/lake/findings/class=") && path.endsWith("/batch-1.parquet"));
        }
        // one file at a time per core was the old default: on a 1-vCPU consumer, one PUT at a time
        assertThat(mostInFlight.get()).isGreaterThanOrEqualTo(16);
    }

    @Test
    void writersAreThirtyTwoByDefaultAndAsConfigured() {
        assertThat(LakeWriter.writers(TestConfigs.of(Map.of())))
                .isEqualTo(Math.max(32, Runtime.getRuntime().availableProcessors()));
        assertThat(LakeWriter.writers(TestConfigs.of(Map.of("alertlake.consumer.writers", "3")))).isEqualTo(3);
    }
}
