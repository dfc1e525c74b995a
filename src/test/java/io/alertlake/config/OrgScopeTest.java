package io.alertlake.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OrgScopeTest {

    @Test
    void loginsAreMatchedInAnyCaseAndNoneMeansEveryOne() {
        OrgScope scope = OrgScope.of(Set.of("Acme"));
        assertThat(scope.includes("acme")).isTrue();
        assertThat(scope.includes("ACME")).isTrue();
        assertThat(scope.includes("beta")).isFalse();
        assertThat(scope.includes(null)).isFalse();
        assertThat(OrgScope.of(Set.of()).includes("anyone")).isTrue();
    }

    @Test
    void aListWrittenWithSpacesAfterItsCommasCountsEveryLoginInIt() {
        // as the configuration hands over alertlake.github.orgs=acme, beta (or ALERTLAKE_GITHUB_ORGS)
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("orgs", "acme, beta ,"), "test", 100)).build();
        List<String> configured = config.getValues("orgs", String.class);
        assertThat(configured).contains(" beta "); // what made " beta " match no login

        OrgScope scope = OrgScope.of(configured);
        assertThat(scope.includes("beta")).isTrue();
        assertThat(scope.includes("acme")).isTrue();
        assertThat(scope.logins()).containsExactlyInAnyOrder("acme", "beta");
        assertThat(OrgScope.of(List.of(" ", "")).includes("anyone")).as("blanks alone: every org").isTrue();
    }
}
