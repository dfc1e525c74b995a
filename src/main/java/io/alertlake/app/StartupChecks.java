package io.alertlake.app;

import io.alertlake.api.ApiTokens;
import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.Role;
import io.alertlake.ingest.SourceAllowlist;
import io.alertlake.ingest.WebhookSecrets;
import io.alertlake.query.QueryEngines;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * The settings that can stop the service, checked first as it starts: before the consumer receives anything (a
 * consumer that then stopped would leave its messages invisible for the visibility timeout) and before the first
 * request would meet them. Each check is the constructor of the bean that uses the setting, or its own check.
 */
@Singleton
class StartupChecks {

    void onStart(@Observes @Priority(10) StartupEvent event, AlertlakeConfig config, Instance<WebhookSecrets> secrets,
                 Instance<ApiTokens> tokens, Instance<SourceAllowlist> allowlist) {
        secrets.get();
        tokens.get();
        if (config.runs(Role.INGEST)) {
            allowlist.get();
        }
        if (config.runs(Role.API)) {
            QueryEngines.checkSettings(config);
        }
    }
}
