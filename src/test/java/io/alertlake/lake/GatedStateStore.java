package io.alertlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertlake.config.AlertlakeConfig;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The lake's {@code state/}, where each write of one document waits at a gate until the test lets it through: what
 * a slow write to S3 looks like to the code that made it, for as long as a test needs.
 */
public class GatedStateStore extends StateStore {

    private final String gated;
    private final Semaphore arrived = new Semaphore(0);
    private final Semaphore through = new Semaphore(0);

    public GatedStateStore(S3Client s3, AlertlakeConfig config, String gated) {
        super(s3, config);
        this.gated = gated;
    }

    @Override
    public void write(String name, JsonNode value) {
        if (name.equals(gated)) {
            arrived.release();
            try {
                through.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stopped at the gate before writing " + name, e);
            }
        }
        super.write(name, value);
    }

    /** Whether a write of the document came to the gate within {@code within} (each one answers once). */
    public boolean arrived(Duration within) throws InterruptedException {
        return arrived.tryAcquire(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets {@code writes} writes of the document through, those waiting first. */
    public void letThrough(int writes) {
        through.release(writes);
    }
}
