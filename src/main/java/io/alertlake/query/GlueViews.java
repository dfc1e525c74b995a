package io.alertlake.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The views Athena holds, as the Glue catalog stores them: a {@code VIRTUAL_VIEW} table whose
 * {@code ViewOriginalText} is {@code /* Presto View: <base64 JSON> *}{@code /} with the view's query in
 * {@code originalSql}. Comparing it with {@code sql/} lets startup re-create only the views that changed.
 */
public final class GlueViews {

    private static final Pattern CREATE = Pattern.compile(
            "CREATE\\s+OR\\s+REPLACE\\s+VIEW\\s+(\\w+)\\s+AS\\s+(.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern PRESTO_VIEW = Pattern.compile("/\\*\\s*Presto View:\\s*([A-Za-z0-9+/=]+)\\s*\\*/");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A {@code CREATE OR REPLACE VIEW} statement taken apart. */
    public record View(String name, String query) {

        /** The statement that creates the view, without the file's comments before it. */
        public String statement() {
            return "CREATE OR REPLACE VIEW " + name + " AS\n" + query;
        }

        public static View of(String createStatement) {
            Matcher m = CREATE.matcher(createStatement);
            if (!m.find()) {
                throw new IllegalArgumentException("not a CREATE OR REPLACE VIEW statement");
            }
            return new View(m.group(1).toLowerCase(Locale.ROOT), m.group(2).strip());
        }
    }

    private final GlueClient glue;
    private final String database;

    public GlueViews(GlueClient glue, String database) {
        this.glue = glue;
        this.database = database;
    }

    /** The query of the view as the catalog holds it; empty when there is no such view (or it cannot be read). */
    public Optional<String> storedQuery(String view) {
        Table table;
        try {
            table = glue.getTable(b -> b.databaseName(database).name(view)).table();
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        }
        if (table == null || table.viewOriginalText() == null) {
            return Optional.empty();
        }
        Matcher m = PRESTO_VIEW.matcher(table.viewOriginalText());
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            JsonNode definition = JSON.readTree(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
            return Optional.ofNullable(definition.path("originalSql").asText(null));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the catalog holds exactly this view (whitespace aside). */
    public boolean isCurrent(View view) {
        return storedQuery(view.name()).map(GlueViews::normalized).filter(normalized(view.query())::equals).isPresent();
    }

    private static String normalized(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }
}
