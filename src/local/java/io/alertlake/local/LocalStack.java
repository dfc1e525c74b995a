package io.alertlake.local;

import io.alertlake.aws.EmbeddedAws;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.lake.LakePaths;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import scala.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Local mode's stand-ins for AWS, in-process and on loopback only: ElasticMQ speaks the real SQS protocol,
 * s3proxy serves a directory of {@code alertlake.local.data-dir} over the real S3 protocol. Creates the
 * delivery queue, its dead-letter queue with the redrive policy, and the bucket.
 *
 * <p>The queue data lives in an actor that outlives the REST server, so {@link #stopQueue()} and
 * {@link #startQueue()} simulate an SQS outage without losing what SQS already acknowledged. ElasticMQ keeps
 * messages in memory: a delivery queued but not yet consumed when the process exits is gone, which is why the
 * consumer flushes on shutdown and local mode is not a production setup.
 */
@Singleton
public class LocalStack implements EmbeddedAws {

    private static final Logger LOG = Logger.getLogger(LocalStack.class);
    private static final String LOOPBACK = "127.0.0.1";
    /** How long a claim-checked body is kept: the days of the bucket's lifecycle rule on AWS. */
    static final int CLAIM_CHECK_DAYS = 30;
    /** ElasticMQ enforces SQS's classic 256 KiB limit. */
    private static final int ELASTICMQ_MAX_MESSAGE_BYTES = 262_144;

    private final AlertlakeConfig config;
    private Endpoints endpoints;
    private ActorSystem actors;
    private ActorRef queueManager;
    private SQSRestServer sqsServer;
    private int sqsPort;
    private S3Proxy s3Proxy;

    LocalStack(AlertlakeConfig config) {
        this.config = config;
    }

    @Override
    public synchronized Endpoints start() {
        if (endpoints != null) {
            return endpoints;
        }
        try {
            Path s3Root = dataDir().resolve("s3");
            Files.createDirectories(s3Root);
            actors = ActorSystem.create("alertlake-sqs");
            queueManager = actors.actorOf(Props.create(QueueManagerActor.class,
                    new NowProvider(), QueueLimits.INSTANCE, Option.empty()));
            sqsPort = 0;
            startQueue();
            s3Proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(s3Root.toString()))
                    .endpoint(URI.create("http://" + LOOPBACK + ":0"))
                    .awsAuthentication(AuthenticationType.NONE, null, null)
                    .build();
            s3Proxy.start();
            waitForS3();
            endpoints = new Endpoints(URI.create("http://" + LOOPBACK + ":" + sqsPort),
                    URI.create("http://" + LOOPBACK + ":" + s3Proxy.getPort()), ELASTICMQ_MAX_MESSAGE_BYTES);
            createQueues();
            createBucket();
            expireClaimChecks();
            LOG.infof("local SQS (ElasticMQ) at %s, local S3 (s3proxy) at %s over %s",
                    endpoints.sqs(), endpoints.s3(), s3Root.toAbsolutePath().normalize());
            return endpoints;
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the local stand-ins for SQS and S3: " + e.getMessage(), e);
        }
    }

    /** Root of local mode's files. */
    public Path dataDir() {
        return config.local().dataDir().toAbsolutePath().normalize();
    }

    /** Directory holding the objects of the lake bucket (the S3 emulator's backing store). */
    public Path bucketDir() {
        return dataDir().resolve("s3").resolve(config.lake().bucket());
    }

    /** Stops the SQS endpoint (queue contents survive): what an SQS outage looks like to a client. */
    public synchronized void stopQueue() {
        if (sqsServer != null) {
            sqsServer.stopAndWait();
            sqsServer = null;
        }
    }

    /** Starts the SQS endpoint again, on the same port. */
    public synchronized void startQueue() {
        if (sqsServer != null) {
            return;
        }
        var builder = SQSRestServerBuilder.withActorSystem(actors)
                .withQueueManagerActor(queueManager)
                .withSQSLimits(QueueLimits.INSTANCE)
                .withInterface(LOOPBACK);
        SQSRestServer server = (sqsPort == 0 ? builder.withDynamicPort() : builder.withPort(sqsPort)).start();
        sqsPort = server.waitUntilStarted().localAddress().getPort();
        sqsServer = server;
    }

    /** Stops the S3 endpoint (files stay on disk). */
    public synchronized void stopS3() throws Exception {
        s3Proxy.stop();
    }

    /** Starts the S3 endpoint again on the same port. */
    public synchronized void startS3() throws Exception {
        s3Proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dataDir().resolve("s3").toString()))
                .endpoint(endpoints.s3())
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .build();
        s3Proxy.start();
        waitForS3();
    }

    /** Last among shutdown observers: the consumer flushes into these stand-ins as it stops. */
    void onShutdown(@Observes @Priority(5000) ShutdownEvent event) {
        stop();
    }

    synchronized void stop() {
        try {
            if (s3Proxy != null) {
                s3Proxy.stop();
            }
        } catch (Exception e) {
            LOG.debug("stopping s3proxy", e);
        }
        stopQueue();
        if (actors != null) {
            actors.terminate();
        }
    }

    private void waitForS3() throws InterruptedException {
        for (int i = 0; i < 200 && !"STARTED".equals(s3Proxy.getState()); i++) {
            Thread.sleep(10);
        }
    }

    private void createQueues() {
        try (SqsClient sqs = SqsClient.builder()
                .endpointOverride(endpoints.sqs())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            String dlq = sqs.createQueue(r -> r.queueName(config.queue().dlqName())).queueUrl();
            String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                    + config.queue().maxReceiveCount() + "\"}";
            sqs.createQueue(r -> r.queueName(config.queue().name()).attributes(Map.of(
                    QueueAttributeName.REDRIVE_POLICY, redrive,
                    QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(config.queue().visibilityTimeout().toSeconds()))));
        }
    }

    private void createBucket() {
        try (S3Client s3 = s3Client()) {
            String bucket = config.lake().bucket();
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(r -> r.bucket(bucket));
            }
        }
    }

    /**
     * Deletes the claim-checked bodies ({@code raw/oversize/}) older than {@link #CLAIM_CHECK_DAYS} days, as the
     * bucket's lifecycle rule does on AWS (terraform/lake.tf, "claim-checks-expire"): the consumer has copied each
     * into the raw archive long before, and a long-lived local data directory would otherwise keep them all. Runs at
     * start and daily; the number deleted.
     */
    public synchronized int expireClaimChecks() {
        if (endpoints == null) {
            return 0; // not local mode, or stopped
        }
        Instant before = Instant.now().minus(Duration.ofDays(CLAIM_CHECK_DAYS));
        int deleted = 0;
        try (S3Client s3 = s3Client()) {
            String bucket = config.lake().bucket();
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(LakePaths.OVERSIZE)).contents()) {
                if (o.lastModified().isBefore(before)) {
                    s3.deleteObject(r -> r.bucket(bucket).key(o.key()));
                    deleted++;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("expiring claim-checked bodies older than %d days failed (tried again tomorrow): %s",
                    CLAIM_CHECK_DAYS, e.toString());
        }
        if (deleted > 0) {
            LOG.infof("deleted %d claim-checked bodies older than %d days from %s", deleted, CLAIM_CHECK_DAYS,
                    LakePaths.OVERSIZE);
        }
        return deleted;
    }

    @Scheduled(identity = "local-claim-check-expiry", every = "24h", delayed = "24h")
    void expireClaimChecksDaily() {
        expireClaimChecks();
    }

    /** A client for tests and tools that want to look into the local bucket over S3. */
    public S3Client s3Client() {
        return S3Client.builder()
                .endpointOverride(endpoints.s3())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
