package io.alertlake.api.graphql;

import io.alertlake.query.QueryEngine;
import io.alertlake.testing.GraphQl;
import io.alertlake.testing.LoggedLines;
import io.alertlake.testing.TestDataDirs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resolver failing in a way nobody planned for: the client is told "System error" and nothing more, and the
 * log says which field of which request failed, with the exception, so an operator can find it.
 */
@QuarkusTest
@TestProfile(UnexpectedErrorsTest.Profile.class)
class UnexpectedErrorsTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("alertlake.local.data-dir", TestDataDirs.fresh("graphql-unexpected-error-test-data"));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(BrokenAlertLookup.class);
        }
    }

    /** The real metrics, but one alert's lookup hits a bug. */
    @Alternative
    @Singleton
    public static class BrokenAlertLookup extends SqlAlertMetrics {
        @Inject
        BrokenAlertLookup(QueryEngine engine, io.alertlake.config.AlertlakeConfig config) {
            super(engine, config);
        }

        @Override
        public Optional<Alert> alert(String org, String repo, AlertType type, int number) {
            if (number == 13) {
                throw new IllegalStateException("a resolver bug for alert " + number);
            }
            return super.alert(org, repo, type, number);
        }
    }

    @Test
    void anUnexpectedExceptionIsSystemErrorToTheClientAndLoggedWithItsStack() throws Exception {
        List<String> logged = LoggedLines.of(UnexpectedErrors.class,
                Level.SEVERE, () -> {
                    JsonPath r = GraphQl.query("{ alert(id: \"octo/api/dependabot/13\") { id } }");
                    assertThat(r.getString("errors[0].message")).isEqualTo("System error");
                    assertThat(r.getString("errors[0].message")).doesNotContain("resolver bug");
                });
        assertThat(logged).singleElement().satisfies(line -> assertThat(line)
                .contains("alert").contains("failed unexpectedly").contains("System error"));
    }

    @Test
    void invalidArgumentsAreTheClientsAndNotLoggedAsErrors() throws Exception {
        List<String> logged = LoggedLines.of(UnexpectedErrors.class,
                Level.SEVERE, () -> {
                    JsonPath r = GraphQl.query("{ alert(id: \"not-an-id\") { id } }");
                    assertThat(r.getString("errors[0].message")).contains("not-an-id");
                    JsonPath fine = GraphQl.query("{ alert(id: \"octo/api/dependabot/12\") { id } }");
                    assertThat(fine.getList("errors")).isNull();
                });
        assertThat(logged).isEmpty();
    }
}
