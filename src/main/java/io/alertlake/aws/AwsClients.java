package io.alertlake.aws;

import io.alertlake.config.AlertlakeConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.batchmanager.SqsAsyncBatchManager;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds the AWS SDK clients. Both modes use the same SDK code paths; local mode only points them at the
 * embedded stand-ins with dummy credentials.
 */
@Singleton
public class AwsClients {

    private final AlertlakeConfig config;
    private final Instance<EmbeddedAws> embedded;

    AwsClients(AlertlakeConfig config, Instance<EmbeddedAws> embedded) {
        this.config = config;
        this.embedded = embedded;
    }

    /** The endpoints of the stand-ins in local mode, empty in aws mode. */
    @Produces
    @Singleton
    LakeEndpoints endpoints() {
        if (!config.isLocal()) {
            return new LakeEndpoints(Optional.empty(), config.queue().maxMessageBytes());
        }
        if (!embedded.isResolvable()) {
            throw new IllegalStateException("alertlake.mode=local needs the embedded stand-ins, which this build "
                    + "(the native image) does not contain; set alertlake.mode=aws");
        }
        EmbeddedAws.Endpoints e = embedded.get().start();
        return new LakeEndpoints(Optional.of(e), Math.min(e.maxMessageBytes(), config.queue().maxMessageBytes()));
    }

    @Produces
    @Singleton
    SqsAsyncClient sqs(LakeEndpoints endpoints) {
        var builder = SqsAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(sqsConnections(config.receivers()))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(2)));
        endpoints.embedded().ifPresent(e -> builder
                .endpointOverride(e.sqs())
                .region(Region.US_EAST_1)
                .credentialsProvider(LOCAL_CREDENTIALS));
        if (endpoints.embedded().isEmpty()) {
            config.queue().endpoint().ifPresent(builder::endpointOverride);
        }
        return builder.build();
    }

    /**
     * SQS requests in flight at once: each receiver's long poll, the flusher's deletes and a heartbeat's visibility
     * extensions ({@code BatchFlusher.IN_FLIGHT} each), and ingest's sends beside them. A request that waits longer
     * than the acquisition timeout for a connection fails.
     */
    static int sqsConnections(int receivers) {
        return receivers + 64;
    }

    void closeSqs(@Disposes SqsAsyncClient client) {
        client.close();
    }

    @Produces
    @Singleton
    SqsBatching sqsBatching(SqsAsyncClient sqs) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sqs-batch-scheduler");
            t.setDaemon(true);
            return t;
        });
        SqsAsyncBatchManager manager = SqsAsyncBatchManager.builder()
                .client(sqs)
                .scheduledExecutor(scheduler)
                .overrideConfiguration(c -> c
                        .sendRequestFrequency(config.queue().batchWindow())
                        .maxBatchSize(10))
                .build();
        return new SqsBatching(manager, scheduler);
    }

    void closeBatching(@Disposes SqsBatching batching) {
        batching.close();
    }

    @Produces
    @Singleton
    S3Client s3(LakeEndpoints endpoints) {
        var builder = S3Client.builder().httpClientBuilder(s3Http());
        endpoints.embedded().ifPresent(e -> builder
                .endpointOverride(e.s3())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(LOCAL_CREDENTIALS));
        if (endpoints.embedded().isEmpty()) {
            config.lake().endpoint().ifPresent(builder::endpointOverride);
            builder.forcePathStyle(config.lake().pathStyle());
        }
        return builder.build();
    }

    /**
     * The S3 client's HTTP client: the URL-connection one (pure Java, native-friendly). From SDK 2.59 an I/O failure
     * on a pooled connection the server dropped (met on a PUT's {@code Expect: 100-continue}) reaches the SDK's
     * retries; 2.41 let it escape as an {@code UncheckedIOException}, failing a flush or a replay
     * (S3DroppedConnectionStubServerTest).
     * <p>
     * Its connections are the JDK's, which keeps 5 idle ones per host unless {@code http.maxConnections} says
     * otherwise: the consumer's writers upload 32 files at once, and beyond 5 each upload opened a new
     * connection (a TLS handshake to S3; 96 connections for 160 PUTs, 16 at a time). The property is read once, when
     * the JDK first keeps a connection alive, so it is set here, before any S3 request, unless it is set already.
     */
    public static SdkHttpClient.Builder<?> s3Http() {
        if (System.getProperty(KEEP_ALIVE_PROPERTY) == null) {
            System.setProperty(KEEP_ALIVE_PROPERTY, Integer.toString(KEEP_ALIVE_CONNECTIONS));
        }
        return UrlConnectionHttpClient.builder();
    }

    private static final String KEEP_ALIVE_PROPERTY = "http.maxConnections";
    /** Idle connections kept per host: twice the writers' default count, as a consumer may raise it. */
    private static final int KEEP_ALIVE_CONNECTIONS = 64;

    void closeS3(@Disposes S3Client client) {
        client.close();
    }

    /** The stand-ins check nothing, but the SDK signs every request and needs some credentials. */
    private static final StaticCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    /** Where the clients point, and the effective SQS message size limit. */
    public record LakeEndpoints(Optional<EmbeddedAws.Endpoints> embedded, int maxMessageBytes) {
    }

    /** The SDK's batch manager and the scheduler it owns, closed together. */
    public record SqsBatching(SqsAsyncBatchManager manager, ScheduledExecutorService scheduler) implements AutoCloseable {
        @Override
        public void close() {
            manager.close();
            scheduler.shutdownNow();
        }
    }
}
