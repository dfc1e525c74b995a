package io.alertlake.local;

import io.alertlake.lake.LakePaths;
import io.alertlake.lake.ParquetFiles;
import io.alertlake.ocsf.FindingSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * DuckDB {@code read_parquet} calls over lake files. Each call lists first an empty file written with the current
 * schema, so DuckDB takes the columns from it rather than from whichever file comes first: older files lacking a
 * struct field read it as null, and nothing has to open every footer just to learn the columns (unless a
 * top-level column differs: then the caller reads by name). Partition values stay text, as in Athena and Trino:
 * an org or repository named {@code 2024} is not a number.
 */
final class ParquetReads {

    /** The two tables of the lake, with the glob of their files. */
    enum Table {
        FINDINGS(LakePaths.FINDINGS, "*/*/*/*/*.parquet", "class=none/org=none/repo=none/day=1970-01-01"),
        REPOSITORIES(LakePaths.REPOSITORIES, "*/*.parquet", "day=1970-01-01");

        final String prefix;
        final String glob;
        final String emptyPartition;

        Table(String prefix, String glob, String emptyPartition) {
            this.prefix = prefix;
            this.glob = glob;
            this.emptyPartition = emptyPartition;
        }

        String sqlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The table a lake object key belongs to, or null for objects of neither table. */
        static Table of(String key) {
            for (Table t : values()) {
                if (key.startsWith(t.prefix) && key.endsWith(".parquet")) {
                    return t;
                }
            }
            return null;
        }
    }

    private final Path placeholders;

    /** Writes the empty files in the current schema under {@code workDir}. */
    ParquetReads(Path workDir) {
        this.placeholders = workDir.resolve("empty-tables");
        try {
            for (Table t : Table.values()) {
                Path file = empty(t);
                Files.createDirectories(file.getParent());
                Files.write(file, ParquetFiles.write(t == Table.FINDINGS ? FindingSchema.finding()
                        : FindingSchema.repository(), List.of()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code read_parquet} over the empty file and the given files or globs (absolute paths). */
    String read(Table table, List<String> files, boolean byName, boolean withFileName) {
        String list = java.util.stream.Stream.concat(java.util.stream.Stream.of(empty(table).toString()), files.stream())
                .map(ParquetReads::literal).collect(Collectors.joining(", ", "[", "]"));
        return "read_parquet(" + list + ", hive_partitioning = true, hive_types_autocast = false"
                + (byName ? ", union_by_name = true" : "") + (withFileName ? ", filename = true" : "") + ")";
    }

    /** The glob matching every file of a table under the lake root. */
    static String everyFile(Path lake, Table table) {
        return lake.toAbsolutePath().normalize() + "/" + table.prefix + table.glob;
    }

    /** Whether DuckDB refused files because their top-level columns differ from the current schema's. */
    static boolean schemaMismatch(java.sql.SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("schema mismatch");
    }

    private Path empty(Table table) {
        return placeholders.resolve(table.prefix + table.emptyPartition + "/empty.parquet").toAbsolutePath().normalize();
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
