package io.alertlake.ingest;

import io.alertlake.aws.EmfDocuments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's webhook widgets draw metrics that the ingest stage writes to CloudWatch under those names. */
class IngestDashboardTest {

    @Test
    void everyWebhookMetricOnTheDashboardIsWritten() throws Exception {
        var written = EmfDocuments.writtenFor(registry -> {
            IngestMetrics metrics = new IngestMetrics(registry);
            metrics.enqueued("dependabot_alert", 1_000_000);
            metrics.rejected("signature_invalid");
        });
        assertThat(EmfDocuments.onTheDashboard("alertlake_webhook_")).isNotEmpty()
                .allSatisfy(name -> assertThat(written).contains(name));
    }
}
