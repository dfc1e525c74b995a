package io.alertlake.aws;

import java.net.URI;

/**
 * The in-process stand-ins for SQS and S3 used in local mode. The implementation lives in the JVM-only
 * source set ({@code src/local/java}) and is absent from the native image, which runs in aws mode only.
 */
public interface EmbeddedAws {

    /** Starts the stand-ins if needed (queues and bucket included) and returns where they listen. */
    Endpoints start();

    /** Loopback endpoints of the running stand-ins. */
    record Endpoints(URI sqs, URI s3, int maxMessageBytes) {
    }
}
