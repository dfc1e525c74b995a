package io.alertlake.ingest;

import io.alertlake.aws.AwsClients;
import io.alertlake.aws.QueueUrls;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.DeliveryMessages;
import io.alertlake.lake.LakePaths;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.context.ManagedExecutor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Puts accepted deliveries on the SQS queue. Sends go through the SDK's batch manager, so concurrent
 * deliveries share SendMessageBatch calls; each caller's future completes only when SQS has accepted its
 * own message, and fails after {@code alertlake.webhook.enqueue-timeout}.
 */
@Singleton
public class DeliveryQueue {

    /** Room left for SQS's own accounting beyond what {@link DeliveryMessages#sqsSize} counts. */
    private static final int SIZE_MARGIN = 1024;

    private final AwsClients.SqsBatching batching;
    private final QueueUrls queues;
    private final S3Client s3;
    private final ManagedExecutor executor;
    private final String bucket;
    private final int maxMessageBytes;
    private final long timeoutMillis;

    DeliveryQueue(AwsClients.SqsBatching batching, QueueUrls queues, S3Client s3, ManagedExecutor executor,
                  AlertlakeConfig config, AwsClients.LakeEndpoints endpoints) {
        this.batching = batching;
        this.queues = queues;
        this.s3 = s3;
        this.executor = executor;
        this.bucket = config.lake().bucket();
        this.maxMessageBytes = endpoints.maxMessageBytes();
        this.timeoutMillis = config.webhook().enqueueTimeout().toMillis();
    }

    /** Completes once SQS holds the delivery; fails when it does not within the enqueue timeout. */
    public CompletionStage<Void> enqueue(Delivery delivery) {
        DeliveryMessages.Outgoing message = DeliveryMessages.inline(delivery);
        CompletableFuture<DeliveryMessages.Outgoing> ready;
        if (DeliveryMessages.sqsSize(message) + SIZE_MARGIN <= maxMessageBytes) {
            ready = CompletableFuture.completedFuture(message);
        } else {
            // too large for SQS: park the body in S3 and queue a pointer to it (claim check)
            ready = CompletableFuture.supplyAsync(() -> storeOversize(delivery), executor);
        }
        return ready
                .thenCompose(m -> batching.manager().sendMessage(SendMessageRequest.builder()
                        .queueUrl(queues.deliveries())
                        .messageBody(m.body())
                        .messageAttributes(m.attributes())
                        .build()))
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .thenApply(response -> null);
    }

    private DeliveryMessages.Outgoing storeOversize(Delivery delivery) {
        String key = LakePaths.oversize(delivery);
        s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/octet-stream"),
                RequestBody.fromBytes(delivery.body()));
        return DeliveryMessages.claimCheck(delivery, key);
    }
}
