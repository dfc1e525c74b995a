package io.alertlake.query;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Athena as a {@link QueryEngine}: the views of sql/ over the Glue tables Terraform created. */
public class AthenaEngine implements QueryEngine {

    private final AthenaStatements statements;

    public AthenaEngine(AthenaStatements statements) {
        this.statements = statements;
    }

    /** Applies the views of sql/ ({@code CREATE OR REPLACE VIEW} is idempotent). */
    public void applyViews(Duration deadline) {
        for (String view : SqlFiles.viewStatements()) {
            statements.query(view, List.of(), deadline);
        }
    }

    @Override
    public List<Map<String, Object>> query(String sql, List<?> parameters, Duration deadline) {
        return statements.query(sql, parameters, deadline);
    }

    @Override
    public String name() {
        return "athena";
    }
}
