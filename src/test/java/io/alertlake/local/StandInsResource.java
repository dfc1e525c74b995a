package io.alertlake.local;

import io.alertlake.aws.EmbeddedAws;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.testing.Webhooks;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Map;

/**
 * ElasticMQ and s3proxy started in the test JVM, for integration tests that run the packaged application in aws
 * mode against them: the application only sees SQS and S3 endpoints, as it would on AWS.
 */
public class StandInsResource implements QuarkusTestResourceLifecycleManager {

    private static LocalStack stack;

    @Override
    public Map<String, String> start() {
        // Quarkus' converters for "30s"-style durations and "64M" sizes, as the application reads them
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(AlertlakeConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withConverter(io.quarkus.runtime.configuration.MemorySize.class, 200,
                        new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withDefaultValue("alertlake.local.data-dir", "target/it-data/" + System.currentTimeMillis())
                .build();
        stack = new LocalStack(config.getConfigMapping(AlertlakeConfig.class));
        EmbeddedAws.Endpoints endpoints = stack.start();
        return Map.ofEntries(
                Map.entry("alertlake.mode", "aws"),
                Map.entry("alertlake.roles", "ingest,consume"),
                Map.entry("alertlake.webhook.secret", Webhooks.SECRET),
                Map.entry("alertlake.queue.endpoint", endpoints.sqs().toString()),
                Map.entry("alertlake.queue.max-message-bytes", Integer.toString(endpoints.maxMessageBytes())),
                Map.entry("alertlake.lake.endpoint", endpoints.s3().toString()),
                Map.entry("alertlake.lake.path-style", "true"),
                Map.entry("alertlake.lake.register-partitions", "false"),
                Map.entry("alertlake.consumer.flush-interval", "500ms"),
                Map.entry("alertlake.consumer.poll-wait", "1s"),
                // the AWS SDK's own settings: the stand-ins check no credentials but requests are signed
                Map.entry("aws.region", "us-east-1"),
                Map.entry("aws.accessKeyId", "test"),
                Map.entry("aws.secretAccessKey", "test"));
    }

    /** A client on the stand-in S3, to look into the lake the application wrote. */
    public static S3Client s3() {
        return stack.s3Client();
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.stop();
        }
    }
}
