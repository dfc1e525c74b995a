package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.QueryEngineType;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * Glue in aws mode with Athena. DuckDB (local mode) discovers partitions from the paths and the Trino engine lists
 * the lake itself ({@code alertlake.trino.partition-refresh}), so with them there is nothing to do.
 */
@Singleton
public class PartitionRegistries {

    @Produces
    @Singleton
    PartitionRegistry registry(AlertlakeConfig config) {
        if (config.isLocal() || !config.lake().registerPartitions()
                || config.query().engine() == QueryEngineType.TRINO) {
            return (findings, repositoryDays) -> {
            };
        }
        return new GluePartitions(GlueClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                config);
    }
}
