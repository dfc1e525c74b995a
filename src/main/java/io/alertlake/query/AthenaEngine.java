package io.alertlake.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Athena as a {@link QueryEngine}: the views of sql/ over the Glue tables Terraform created. */
public class AthenaEngine implements QueryEngine, AutoCloseable {

    private final AthenaStatements statements;

    public AthenaEngine(AthenaStatements statements) {
        this.statements = statements;
    }

    /**
     * Re-creates the views of sql/ whose text differs from what the catalog holds, in file order (later views read
     * earlier ones), and returns their names. Unchanged views are left alone, so a restart runs no Athena query.
     */
    public List<String> applyViews(GlueViews catalog, Duration deadline) {
        List<String> applied = new ArrayList<>();
        for (String statement : SqlFiles.viewStatements()) {
            GlueViews.View view = GlueViews.View.of(statement);
            if (!catalog.isCurrent(view)) {
                // the statement alone: Athena documents no comment before DDL, and no result reuse for it
                statements.run(view.statement(), deadline);
                applied.add(view.name());
            }
        }
        return applied;
    }

    @Override
    public List<Map<String, Object>> query(String sql, List<?> parameters, Duration deadline) {
        return statements.query(sql, parameters, deadline);
    }

    @Override
    public String name() {
        return "athena";
    }

    /** Closes its Athena client. */
    @Override
    public void close() {
        statements.close();
    }
}
