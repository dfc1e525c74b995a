package io.alertlake.query;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.QueryEngineType;
import io.alertlake.config.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.glue.GlueClient;

import java.time.Duration;
import java.util.List;

/** DuckDB in local mode; Athena, or a self-hosted Trino, in aws mode ({@code alertlake.query.engine}). */
@Singleton
public class QueryEngines {

    private static final Logger LOG = Logger.getLogger(QueryEngines.class);

    /**
     * The API's engine is made as the service starts, not by its first query: outside local mode with it the views
     * of {@code sql/} in Athena or Trino, which users query in Athena directly, before anyone has asked the GraphQL
     * API anything; in local mode DuckDB's copy of the lake (10 s and more on two cores), which the README's first
     * question would otherwise wait for — but not in tests, which lay a lake out by hand before their first
     * question. On a thread of its own, so that a slow catalog does not hold up readiness; a query arriving
     * meanwhile waits for the same engine, and one made in vain is made again by the first query.
     */
    void onStart(@Observes StartupEvent event, AlertlakeConfig config, Instance<QueryEngine> engine) {
        if (config.runs(Role.API) && !(config.isLocal() && LaunchMode.current() == LaunchMode.TEST)) {
            Thread.ofPlatform().name("query-views").daemon().start(() -> {
                try {
                    engine.get();
                } catch (RuntimeException e) {
                    LOG.warnf("the query engine could not be made at startup; the first query tries again: %s",
                            e.getMessage());
                }
            });
        }
    }

    @Produces
    @Singleton
    QueryEngine engine(AlertlakeConfig config, Instance<EmbeddedQueryEngine> embedded, MeterRegistry registry) {
        return new TimedQueryEngine(untimed(config, embedded), registry);
    }

    /**
     * At shutdown, closes the engine made here: Trino's driver and its partition refresher (which would otherwise go
     * on querying while the service stops), Athena's client. Local mode's DuckDB belongs to the embedded engine,
     * which closes it after the consumer's last flush.
     */
    void close(@Disposes QueryEngine engine, AlertlakeConfig config) {
        QueryEngine made = engine instanceof TimedQueryEngine timed ? timed.untimed() : engine;
        if (!config.isLocal() && made instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warnf("closing the %s engine failed: %s", made.name(), e.toString());
            }
        }
    }

    private QueryEngine untimed(AlertlakeConfig config, Instance<EmbeddedQueryEngine> embedded) {
        if (config.isLocal()) {
            if (!embedded.isResolvable()) {
                throw new IllegalStateException("local mode needs the embedded DuckDB, which this build does not "
                        + "contain; set alertlake.mode=aws");
            }
            return embedded.get().engine();
        }
        if (config.query().engine() == QueryEngineType.TRINO) {
            return trino(config);
        }
        AthenaEngine athena = new AthenaEngine(new AthenaStatements(
                AthenaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                config.athena().workgroup(), config.athena().database(), config.api().cacheTtl(),
                Duration.ofMillis(200), Duration.ofSeconds(2)));
        try (GlueClient glue = GlueClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            GlueViews catalog = new GlueViews(glue, config.athena().database());
            List<String> applied = athena.applyViews(catalog, Duration.ofMinutes(2));
            LOG.infof("Athena views: %s", applied.isEmpty() ? "all current" : "re-created " + applied);
        } catch (RuntimeException e) {
            LOG.errorf("applying the views of sql/ to Athena failed; queries may use outdated views: %s", e.getMessage());
        }
        return athena;
    }

    /** The engine's settings, checked as the service starts (the engine itself is made on a thread of its own). */
    public static void checkSettings(AlertlakeConfig config) {
        if (config.isLocal() || config.query().engine() != QueryEngineType.TRINO) {
            return;
        }
        if (config.trino().url().filter(u -> !u.isBlank()).isEmpty()) {
            throw new IllegalStateException(
                    "alertlake.query.engine=trino needs alertlake.trino.url (jdbc:trino://host:port/catalog/schema)");
        }
        Duration refresh = config.trino().partitionRefresh();
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalStateException("alertlake.trino.partition-refresh must be positive, not " + refresh);
        }
    }

    private static TrinoEngine trino(AlertlakeConfig config) {
        checkSettings(config);
        String url = config.trino().url().orElseThrow();
        Duration refresh = config.trino().partitionRefresh();
        TrinoEngine trino = new TrinoEngine(url, config.trino().user(),
                config.trino().lakeLocation().orElse("s3://" + config.lake().bucket() + "/"));
        try {
            trino.createTablesAndViews(Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            LOG.errorf("creating the tables and views of sql/ in Trino failed; queries may fail: %s", e.getMessage());
        }
        trino.syncPartitionsEvery(refresh);
        return trino;
    }
}
