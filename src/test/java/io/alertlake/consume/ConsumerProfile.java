package io.alertlake.consume;

import io.alertlake.testing.TestDataDirs;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Runs the consumer with short timings so flushes and redeliveries happen within a test, and its raw archive
 * stored rather than compressed (level 0; the other tests run the default, 2), which the replay reads back.
 */
public class ConsumerProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "alertlake.roles", "ingest,consume,api",
                "alertlake.local.data-dir", TestDataDirs.fresh("consumer-test-data"),
                "alertlake.consumer.flush-interval", "300ms",
                "alertlake.consumer.poll-wait", "1s",
                "alertlake.queue.visibility-timeout", "2s",
                "alertlake.lake.raw-gzip-level", "0");
    }

    /** The same consumer, in a data directory of its own, with one bean replaced by a test's alternative. */
    public abstract static class WithAlternative extends ConsumerProfile {
        private final String dataDir;
        private final Class<?> alternative;

        protected WithAlternative(String dataDir, Class<?> alternative) {
            this.dataDir = dataDir;
            this.alternative = alternative;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
            config.put("alertlake.local.data-dir", TestDataDirs.fresh(dataDir));
            return config;
        }

        @Override
        public java.util.Set<Class<?>> getEnabledAlternatives() {
            return java.util.Set.of(alternative);
        }
    }
}
