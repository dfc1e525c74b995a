package io.alertlake.local;

import io.alertlake.local.ParquetReads.Table;
import io.alertlake.ocsf.FindingSchema;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lake's tables copied into DuckDB's own storage and kept in step with the lake's files, so that a question
 * reads columns DuckDB already holds instead of opening thousands of Parquet files. Each row remembers the file
 * it came from ({@code source_file}); {@code lake_files} records each copied file's size and modification time.
 * A refresh loads new and changed files and drops the rows of changed and deleted ones, in one transaction:
 * the copy holds exactly the rows of the files it lists. The whole lake is compared at startup; after that,
 * only the files the consumer or a replay reports ({@link #filesChanged}): a file put into the data directory
 * by hand is seen at the next start. A copy made with another schema, or another version of this layout, is rebuilt.
 */
final class LakeCopy implements LakeTables {

    private static final Logger LOG = Logger.getLogger(LakeCopy.class);
    /** Changes when the copy's own tables change shape. */
    private static final String LAYOUT = "1";
    /** Files per INSERT: bounds the statement's length and the files DuckDB keeps open at once. */
    private static final int FILES_PER_LOAD = 500;

    private final Path lake;
    private final ParquetReads reads;
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    /** Each table's columns as a select list: columns of a file that the current schema lacks are left out. */
    private final Map<Table, String> columns = new java.util.EnumMap<>(Table.class);
    private final EventStatesTable eventStates = new EventStatesTable();
    private final MonthRowsTable monthRows;

    /** @param clock where the current month comes from: the month rows end with it */
    LakeCopy(Path lake, ParquetReads reads, Clock clock) {
        this.lake = lake.toAbsolutePath().normalize();
        this.reads = reads;
        this.monthRows = new MonthRowsTable(clock);
    }

    @Override
    public synchronized void define(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS lake_copy (fingerprint VARCHAR)");
            String fingerprint = LAYOUT + ":" + Integer.toHexString(
                    (FindingSchema.finding().toString() + FindingSchema.repository().toString()).hashCode());
            String existing = null;
            try (ResultSet rs = s.executeQuery("SELECT max(fingerprint) FROM lake_copy")) {
                if (rs.next()) {
                    existing = rs.getString(1);
                }
            }
            if (!fingerprint.equals(existing)) {
                if (existing != null) {
                    LOG.infof("the query engine's copy of the lake was made by another version: copying it again");
                }
                for (Table t : Table.values()) {
                    s.execute("DROP VIEW IF EXISTS " + t.sqlName());
                    s.execute("DROP TABLE IF EXISTS lake_" + t.sqlName());
                }
                s.execute("DROP TABLE IF EXISTS lake_files");
                EventStatesTable.drop(s);
                MonthRowsTable.drop(s);
                s.execute("DELETE FROM lake_copy");
                s.execute("INSERT INTO lake_copy VALUES (" + ParquetReads.literal(fingerprint) + ")");
            }
            for (Table t : Table.values()) {
                s.execute("CREATE TABLE IF NOT EXISTS lake_" + t.sqlName() + " AS SELECT *, CAST(NULL AS VARCHAR) AS source_file"
                        + " FROM " + reads.read(t, List.of(), false, false) + " LIMIT 0");
                s.execute("CREATE OR REPLACE VIEW " + t.sqlName() + " AS SELECT * EXCLUDE (source_file) FROM lake_" + t.sqlName());
            }
            s.execute("CREATE TABLE IF NOT EXISTS lake_files (path VARCHAR PRIMARY KEY, table_name VARCHAR, "
                    + "size BIGINT, modified_ms BIGINT)");
            for (Table t : Table.values()) {
                List<String> names = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT column_name FROM duckdb_columns() WHERE table_name = 'lake_"
                        + t.sqlName() + "' AND column_name <> 'source_file' ORDER BY column_index")) {
                    while (rs.next()) {
                        names.add('"' + rs.getString(1).replace("\"", "\"\"") + '"');
                    }
                }
                columns.put(t, String.join(", ", names));
            }
        }
    }

    @Override
    public synchronized void viewsDefined(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            eventStates.define(s);
        }
        monthRows.define(c); // made, when due, by the refresh that follows: from the rows it copies
    }

    @Override
    public MonthRowsTable.Coverage monthRows() {
        return monthRows.coverage();
    }

    @Override
    public boolean upToDate() {
        return changed.isEmpty() && !monthRows.rebuildDue();
    }

    @Override
    public synchronized void refresh(Connection c, boolean everyFile) throws SQLException {
        if (everyFile) {
            changed.clear();
            Map<String, FileState> known = known(c, null);
            Map<String, FileState> found = new HashMap<>();
            for (Table t : Table.values()) {
                found.putAll(walk(t));
            }
            apply(c, found, known, false);
        } else if (!changed.isEmpty()) {
            List<String> keys = List.copyOf(changed);
            List<String> paths = new ArrayList<>();
            Map<String, FileState> found = new HashMap<>();
            for (String key : keys) {
                changed.remove(key);
                Path file = lake.resolve(key).normalize();
                paths.add(file.toString());
                FileState state = stat(file, Table.of(key));
                if (state != null) {
                    found.put(file.toString(), state);
                }
            }
            try {
                // reported files are reloaded even if size and time look the same: a rewrite can keep both
                apply(c, found, known(c, paths), true);
            } catch (SQLException | RuntimeException e) {
                changed.addAll(keys); // reloaded whole by the next refresh: the event states may lag the rows
                throw e;
            }
        }
        if (monthRows.rebuildDue()) {
            changeMonthRows(c, s -> monthRows.rebuild(c));
        }
    }

    @Override
    public boolean readByName() {
        return false; // files are always loaded by column name
    }

    @Override
    public void filesChanged(Collection<String> keys) {
        for (String key : keys) {
            if (Table.of(key) != null) {
                changed.add(key);
            }
        }
    }

    /** Loads new and changed files, drops the rows of changed and vanished ones: one transaction. */
    private void apply(Connection c, Map<String, FileState> found, Map<String, FileState> known, boolean reload)
            throws SQLException {
        Map<Table, List<String>> load = new TreeMap<>();
        List<String> drop = new ArrayList<>();
        found.forEach((path, state) -> {
            FileState before = known.get(path);
            if (reload || !state.equals(before)) {
                load.computeIfAbsent(state.table(), t -> new ArrayList<>()).add(path);
            }
        });
        known.forEach((path, state) -> {
            if (reload || !state.equals(found.get(path))) {
                drop.add(path);
            }
        });
        if (load.isEmpty() && drop.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        List<EventStatesTable.Recomputed> recomputed = new ArrayList<>(1);
        inTransaction(c, s -> {
            eventStates.begin(s);
            if (!drop.isEmpty()) {
                s.execute("CREATE OR REPLACE TEMP TABLE lake_dropped (path VARCHAR)");
                insertPaths(c, "INSERT INTO lake_dropped VALUES (?)", drop, null);
                eventStates.touch(s, "lake_dropped");
                for (Table t : Table.values()) {
                    s.execute("DELETE FROM lake_" + t.sqlName() + " WHERE source_file IN (SELECT path FROM lake_dropped)");
                }
                s.execute("DELETE FROM lake_files WHERE path IN (SELECT path FROM lake_dropped)");
                s.execute("DROP TABLE lake_dropped");
            }
            for (var e : load.entrySet()) {
                List<String> files = e.getValue();
                // in path order, so that rows of one org and repository sit together and DuckDB's min/max
                // statistics skip the rest for a question about one org
                files.sort(null);
                for (int from = 0; from < files.size(); from += FILES_PER_LOAD) {
                    List<String> chunk = files.subList(from, Math.min(files.size(), from + FILES_PER_LOAD));
                    s.execute("INSERT INTO lake_" + e.getKey().sqlName() + " BY NAME SELECT " + columns.get(e.getKey())
                            + ", filename AS source_file FROM " + reads.read(e.getKey(), chunk, true, true));
                }
                insertPaths(c, "INSERT INTO lake_files VALUES (?, ?, ?, ?)", files, found);
                if (e.getKey() == Table.FINDINGS) {
                    s.execute("CREATE OR REPLACE TEMP TABLE lake_loaded (path VARCHAR)");
                    insertPaths(c, "INSERT INTO lake_loaded VALUES (?)", files, null);
                    eventStates.touch(s, "lake_loaded");
                    s.execute("DROP TABLE lake_loaded");
                }
            }
        });
        // the touched alerts' event states are computed from the committed rows, in a change of their own: DuckDB
        // 2.0.0 corrupts its native heap (a SIGSEGV then, or at the commit) when that query reads findings rows
        // deleted and appended earlier in the same transaction (reloaded files do that; the write lock of
        // DuckDbEngine keeps queries from seeing the rows before their states)
        inTransaction(c, s -> recomputed.add(eventStates.update(s)));
        // the touched alerts are still listed (a temporary table): their month rows follow, in a change of their own
        if (recomputed.get(0) != EventStatesTable.Recomputed.NOTHING) {
            changeMonthRows(c, s -> monthRows.update(c, EventStatesTable.TOUCHED,
                    recomputed.get(0) == EventStatesTable.Recomputed.EVERY_ALERT));
        }
        try (Statement s = c.createStatement()) {
            eventStates.end(s);
        }
        LOG.debugf("lake copy: %d files loaded, %d dropped in %d ms",
                load.values().stream().mapToInt(List::size).sum(), drop.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Work on the copy that is applied whole or not at all. */
    private interface Change {
        void apply(Statement s) throws SQLException;
    }

    /**
     * Changes the month rows in a transaction of their own. They only make questions faster: when a change fails,
     * questions by month are answered from the events until the rows are made again.
     */
    private void changeMonthRows(Connection c, Change change) {
        try {
            inTransaction(c, change);
        } catch (SQLException | RuntimeException e) {
            monthRows.forget();
            LOG.warnf("the lake copy's month rows could not be brought up to date; questions by month are answered "
                    + "from the events until they are made again (in %s at the earliest): %s",
                    MonthRowsTable.RETRY, e.getMessage());
        }
    }

    private static void inTransaction(Connection c, Change change) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            change.apply(s);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void insertPaths(Connection c, String sql, List<String> paths, Map<String, FileState> states)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String path : paths) {
                ps.setString(1, path);
                if (states != null) {
                    FileState state = states.get(path);
                    ps.setString(2, state.table().name());
                    ps.setLong(3, state.size());
                    ps.setLong(4, state.modifiedMs());
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The copied files, all of them or those of the given paths. */
    private static Map<String, FileState> known(Connection c, List<String> paths) throws SQLException {
        Map<String, FileState> known = new HashMap<>();
        String sql = "SELECT path, table_name, size, modified_ms FROM lake_files"
                + (paths == null ? "" : " WHERE path IN (" + String.join(", ", java.util.Collections.nCopies(paths.size(), "?")) + ")");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; paths != null && i < paths.size(); i++) {
                ps.setString(i + 1, paths.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), new FileState(Table.valueOf(rs.getString(2)), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return known;
    }

    private Map<String, FileState> walk(Table table) {
        Map<String, FileState> files = new HashMap<>();
        Path root = lake.resolve(table.prefix);
        if (!Files.isDirectory(root)) {
            return files;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String path = file.toString();
                    if (path.endsWith(".parquet")) {
                        files.put(path, new FileState(table, attributes.size(), attributes.lastModifiedTime().toMillis()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted while listing
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The file's size and time, or null when it is gone. */
    private static FileState stat(Path file, Table table) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileState(table, a.size(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the copy knows of a file: a different size or modification time means it was rewritten. */
    private record FileState(Table table, long size, long modifiedMs) {
    }
}
