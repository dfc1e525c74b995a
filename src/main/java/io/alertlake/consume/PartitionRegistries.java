package io.alertlake.consume;

import io.alertlake.config.AlertlakeConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.GlueClient;

/** Glue in aws mode; in local mode DuckDB discovers partitions from the paths, so there is nothing to do. */
@Singleton
public class PartitionRegistries {

    @Produces
    @Singleton
    PartitionRegistry registry(AlertlakeConfig config) {
        if (config.isLocal() || !config.lake().registerPartitions()) {
            return (findings, repositoryDays) -> {
            };
        }
        return new GluePartitions(GlueClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                config);
    }
}
