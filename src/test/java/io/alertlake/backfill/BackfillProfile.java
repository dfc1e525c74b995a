package io.alertlake.backfill;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The whole pipeline (ingest, consumer, API) with a GitHub App whose API is a WireMock stub. */
public class BackfillProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "alertlake.roles", "ingest,consume,api",
                "alertlake.local.data-dir", "target/backfill-test-data/" + System.currentTimeMillis(), // a fresh lake per run
                "alertlake.consumer.flush-interval", "300ms",
                "alertlake.consumer.poll-wait", "1s",
                "alertlake.api.cache-ttl", "0s", // the tests read numbers while they change
                "alertlake.github.opt-in-secret-types", "password");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(GitHubStubResource.class));
    }
}
