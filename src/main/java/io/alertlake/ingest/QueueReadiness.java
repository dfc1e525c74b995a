package io.alertlake.ingest;

import io.alertlake.aws.QueueUrls;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.concurrent.TimeUnit;

/** Ready only while the delivery queue answers: without it no delivery can be acknowledged. */
@Readiness
@Singleton
public class QueueReadiness implements HealthCheck {

    private final SqsAsyncClient sqs;
    private final QueueUrls queues;

    QueueReadiness(SqsAsyncClient sqs, QueueUrls queues) {
        this.sqs = sqs;
        this.queues = queues;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("delivery-queue");
        try {
            var attributes = sqs.getQueueAttributes(r -> r.queueUrl(queues.deliveries())
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .get(2, TimeUnit.SECONDS).attributes();
            return response.up()
                    .withData("messages", attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "?"))
                    .build();
        } catch (Exception e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
