package io.alertlake.query;

import java.util.List;

/**
 * SQL text and the values of its {@code ?}, in order: what a query engine runs. Every value a user gave is one
 * of the parameters, never part of the text.
 */
public record BoundSql(String sql, List<Object> parameters) {
}
