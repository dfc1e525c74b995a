package io.alertlake.query;

import io.alertlake.config.AlertlakeConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.glue.GlueClient;

import java.time.Duration;
import java.util.List;

/** DuckDB in local mode, Athena in aws mode. */
@Singleton
public class QueryEngines {

    private static final Logger LOG = Logger.getLogger(QueryEngines.class);

    @Produces
    @Singleton
    QueryEngine engine(AlertlakeConfig config, Instance<EmbeddedQueryEngine> embedded) {
        if (config.isLocal()) {
            if (!embedded.isResolvable()) {
                throw new IllegalStateException("local mode needs the embedded DuckDB, which this build does not "
                        + "contain; set alertlake.mode=aws");
            }
            return embedded.get().engine();
        }
        AthenaEngine athena = new AthenaEngine(new AthenaStatements(
                AthenaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                config.athena().workgroup(), config.athena().database(), config.api().cacheTtl(),
                Duration.ofMillis(200), Duration.ofSeconds(2)));
        try {
            GlueViews catalog = new GlueViews(GlueClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build(), config.athena().database());
            List<String> applied = athena.applyViews(catalog, Duration.ofMinutes(2));
            LOG.infof("Athena views: %s", applied.isEmpty() ? "all current" : "re-created " + applied);
        } catch (RuntimeException e) {
            LOG.errorf("applying the views of sql/ to Athena failed; queries may use outdated views: %s", e.getMessage());
        }
        return athena;
    }
}
