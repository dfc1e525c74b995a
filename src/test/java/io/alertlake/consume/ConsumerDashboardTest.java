package io.alertlake.consume;

import io.alertlake.aws.EmfDocuments;
import io.alertlake.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's consumer widgets draw metrics that a consuming task writes to CloudWatch under those names. */
class ConsumerDashboardTest {

    @Test
    void everyConsumerMetricOnTheDashboardIsWritten() throws Exception {
        var written = EmfDocuments.writtenFor(registry -> new ConsumerMetrics(registry,
                TestConfigs.of(Map.of("alertlake.roles", "consume"))).flushed(2_000_000_000L, 10, 2, 1000));
        assertThat(EmfDocuments.onTheDashboard("alertlake_consumer_")).hasSizeGreaterThan(5)
                .allSatisfy(name -> assertThat(written).contains(name));
    }
}
