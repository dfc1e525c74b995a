package io.alertlake.local;

import io.alertlake.local.ParquetReads.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The tables as views over the lake's Parquet files, read at every query, as Athena and Trino read them: a
 * question's SQL decides which {@code org=} folders are opened. Used to check partition pruning and to measure
 * what reading the files costs; local mode answers from {@link LakeCopy}.
 */
final class LakeFileViews implements LakeTables {

    private final Path lake;
    private final ParquetReads reads;
    /** Tables that have files: a glob matching nothing is an error in DuckDB. */
    private volatile Set<Table> present = EnumSet.noneOf(Table.class);
    /** Whether files of another schema version made DuckDB reconcile every file's columns by name. */
    private volatile boolean byName;

    LakeFileViews(Path lake, ParquetReads reads) {
        this.lake = lake;
        this.reads = reads;
    }

    @Override
    public synchronized void define(Connection c) throws SQLException {
        present = tablesWithFiles();
        try (Statement s = c.createStatement()) {
            // footers of lake files are read once per process, not once per query: files never change in place
            // except when a replay rewrites them, and DuckDB checks their modification time
            s.execute("SET parquet_metadata_cache = true");
            for (Table t : Table.values()) {
                List<String> files = present.contains(t) ? List.of(ParquetReads.everyFile(lake, t)) : List.of();
                s.execute("CREATE OR REPLACE VIEW " + t.sqlName() + " AS SELECT * FROM " + reads.read(t, files, byName, false));
            }
        }
    }

    /** Redefines the views once a table gets its first file; the globs see every later file by themselves. */
    @Override
    public void refresh(Connection c, boolean everyFile) throws SQLException {
        if (present.size() < Table.values().length && !tablesWithFiles().equals(present)) {
            define(c);
        }
    }

    @Override
    public boolean upToDate() {
        return present.size() == Table.values().length;
    }

    @Override
    public boolean readByName() {
        if (byName) {
            return false;
        }
        byName = true;
        return true;
    }

    @Override
    public void filesChanged(Collection<String> keys) {
        // nothing to do: every query lists the files again
    }

    private Set<Table> tablesWithFiles() {
        Set<Table> with = EnumSet.noneOf(Table.class);
        for (Table t : Table.values()) {
            Path dir = lake.resolve(t.prefix);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    if (s.anyMatch(p -> p.toString().endsWith(".parquet"))) {
                        with.add(t);
                    }
                } catch (IOException e) {
                    // unreadable: treated as empty until the next query
                }
            }
        }
        return with;
    }
}
