package io.alertlake.query;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Athena's rule for parameterized queries (its "Considerations and limitations"): a {@code ?} may stand only in a
 * WHERE clause ({@code SELECT ? FROM t} is refused). Trino, which the dialect-conformance test runs, accepts
 * parameters anywhere, so this checks the rule on the SQL text: it reads the statement token by token (string
 * literals, quoted names and comments skipped), keeps the clause each parenthesis level is in, and reports every
 * {@code ?} whose clause is not WHERE. A parenthesis inherits its clause ({@code WHERE x IN (?, ?)}), a subquery
 * starts its own, and an aggregate's {@code FILTER (WHERE …)} is not a WHERE clause.
 */
public final class AthenaParameterRule {

    private static final Set<String> CLAUSES = Set.of("SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT",
            "OFFSET", "FETCH", "VALUES", "ON", "JOIN", "USING", "WINDOW");

    private AthenaParameterRule() {
    }

    /** A {@code ?} of a statement: its offset in the text and the clause it stands in ("" before any). */
    public record Placeholder(int offset, String clause) {
        public boolean allowed() {
            return clause.equals("WHERE");
        }
    }

    /** The {@code ?} outside a WHERE clause. */
    public static List<Placeholder> violations(String sql) {
        return placeholders(sql).stream().filter(p -> !p.allowed()).toList();
    }

    /** Every {@code ?} of the statement outside literals, quoted names and comments, with its clause. */
    public static List<Placeholder> placeholders(String sql) {
        List<Placeholder> found = new ArrayList<>();
        Deque<String> clauses = new ArrayDeque<>();
        clauses.push("");
        String previousWord = "";
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = closingQuote(sql, i, c) + 1;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", i)) {
                i = sql.indexOf("*/", i + 2) + 2;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                String word = sql.substring(i, end).toUpperCase(Locale.ROOT);
                if (CLAUSES.contains(word) && !clauses.peek().equals("FILTER")) {
                    clauses.pop();
                    clauses.push(word);
                }
                previousWord = word;
                i = end;
            } else {
                if (c == '(') {
                    clauses.push(previousWord.equals("FILTER") ? "FILTER" : clauses.peek());
                } else if (c == ')') {
                    clauses.pop();
                } else if (c == '?') {
                    found.add(new Placeholder(i, clauses.peek()));
                }
                if (!Character.isWhitespace(c)) {
                    previousWord = "";
                }
                i++;
            }
        }
        return found;
    }

    private static int closingQuote(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2; // a doubled quote stands for itself
                    continue;
                }
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException("unclosed " + quote + " at " + open);
    }
}
