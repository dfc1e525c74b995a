package io.alertlake.aws;

import io.alertlake.config.AlertlakeConfig;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.util.concurrent.TimeUnit;

/** Resolves the delivery queue and its dead-letter queue once, by configured URL or by name. */
@Singleton
public class QueueUrls {

    private final AlertlakeConfig config;
    private final SqsAsyncClient sqs;
    private volatile String deliveries;
    private volatile String deadLetters;

    QueueUrls(AlertlakeConfig config, SqsAsyncClient sqs, AwsClients.LakeEndpoints endpoints) {
        this.config = config;
        this.sqs = sqs;
    }

    /** URL of the queue every accepted delivery goes to. */
    public String deliveries() {
        String url = deliveries;
        if (url == null) {
            url = config.queue().url().orElseGet(() -> lookUp(config.queue().name()));
            deliveries = url;
        }
        return url;
    }

    /** URL of the dead-letter queue. */
    public String deadLetters() {
        String url = deadLetters;
        if (url == null) {
            url = lookUp(config.queue().dlqName());
            deadLetters = url;
        }
        return url;
    }

    private String lookUp(String name) {
        try {
            return sqs.getQueueUrl(r -> r.queueName(name)).get(10, TimeUnit.SECONDS).queueUrl();
        } catch (Exception e) {
            throw new IllegalStateException("cannot resolve the SQS queue '" + name + "': " + e.getMessage(), e);
        }
    }
}
