package io.alertlake.api;

import io.alertlake.testing.GraphQl;
import io.alertlake.testing.TestDataDirs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request whose queries have used up {@code alertlake.api.request-timeout} runs no more: each further field is an
 * error saying why (here the request's time is a millisecond, gone before its first query starts).
 */
@QuarkusTest
@TestProfile(GraphQlRequestTimeoutTest.NoTime.class)
class GraphQlRequestTimeoutTest {

    public static class NoTime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alertlake.local.data-dir", TestDataDirs.fresh("request-timeout-test-data"),
                    "alertlake.api.cache-ttl", "0s", "alertlake.api.request-timeout", "1ms");
        }
    }

    @Test
    void aRequestOutOfTimeRunsNoMoreQueriesAndSaysWhy() {
        JsonPath r = GraphQl.query("{ a: remediation(groupBy: [ORG]) { org } b: alert(id: \"octo/api/dependabot/1\") { id } }");
        List<Map<String, Object>> errors = r.getList("errors");
        assertThat(errors).hasSize(2).allSatisfy(e -> assertThat((String) e.get("message"))
                .contains("alertlake.api.request-timeout").contains("fewer fields"));
    }
}
