package io.alertlake.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds JDBC parameters and reads a JDBC result into the rows every {@link QueryEngine} returns, so that the
 * same query gives the same Java values on every engine: Integer, Long, Double, String, Boolean or null.
 */
public final class JdbcRows {

    private JdbcRows() {
    }

    /** Binds the values of a statement's {@code ?} in order; a null is bound as a typed SQL NULL. */
    public static void bind(PreparedStatement ps, List<?> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object p = parameters.get(i);
            if (p == null) {
                ps.setNull(i + 1, java.sql.Types.VARCHAR);
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    public static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.put(md.getColumnLabel(i), normalize(rs.getObject(i)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** DuckDB's sums are HUGEINT and DECIMAL, Trino's small integers SMALLINT and TINYINT: one type per kind. */
    static Object normalize(Object v) {
        if (v instanceof BigInteger b) {
            return b.longValue();
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        return v;
    }
}
