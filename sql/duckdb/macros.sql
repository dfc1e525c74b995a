-- Functions Athena (Trino) has and DuckDB lacks, so the views run unchanged on both.
-- Each macro has a test in DuckDbMacrosTest.
CREATE OR REPLACE MACRO approx_percentile(x, p) AS quantile_cont(x, p);
CREATE OR REPLACE MACRO to_unixtime(ts) AS epoch(ts);
CREATE OR REPLACE MACRO from_unixtime(s) AS make_timestamp(CAST(CAST(s AS DOUBLE) * 1000000 AS BIGINT));
