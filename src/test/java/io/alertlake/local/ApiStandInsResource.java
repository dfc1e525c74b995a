package io.alertlake.local;

import java.util.HashMap;
import java.util.Map;

/**
 * The stand-ins of {@link StandInsResource} for the packaged application with the api role: GraphQL on a self-hosted
 * Trino that is not there (nothing listens on the port), so a query reaches the engine and fails there — after the
 * views' SQL was read from the application's resources.
 */
public class ApiStandInsResource extends StandInsResource {

    public static final String TOKEN = "it-token-of-twenty-characters-or-more"; // aws mode refuses shorter ones

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("alertlake.roles", "api");
        config.put("alertlake.api.tokens", TOKEN);
        config.put("alertlake.api.admin-tokens", TOKEN);
        config.put("alertlake.query.engine", "trino");
        config.put("alertlake.trino.url", "jdbc:trino://127.0.0.1:9/lake/alertlake");
        return config;
    }
}
