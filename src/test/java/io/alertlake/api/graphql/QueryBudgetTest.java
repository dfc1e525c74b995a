package io.alertlake.api.graphql;

import io.alertlake.query.QueryFailedException;
import io.alertlake.testing.MutableClock;
import io.alertlake.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each query of a request gets what is left of the request's time, at most a query's. */
class QueryBudgetTest {

    @Test
    void theQueriesOfOneRequestShareItsTime() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        QueryBudget budget = new QueryBudget(TestConfigs.of(Map.of("alertlake.api.query-timeout", "30s",
                "alertlake.api.request-timeout", "60s")), clock);

        assertThat(budget.deadline()).isEqualTo(Duration.ofSeconds(30)); // a query's time at most
        clock.advance(Duration.ofSeconds(45)); // two slow queries later
        assertThat(budget.deadline()).isEqualTo(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(15));
        assertThatThrownBy(budget::deadline).isInstanceOf(QueryFailedException.class)
                .hasMessageContaining("alertlake.api.request-timeout").hasMessageContaining("fewer fields");
    }

    @Test
    void byDefaultARequestHasTwoQueriesTime() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        QueryBudget budget = new QueryBudget(TestConfigs.of(Map.of()), clock);
        clock.advance(Duration.ofSeconds(50));
        assertThat(budget.deadline()).isEqualTo(Duration.ofSeconds(10));
    }
}
