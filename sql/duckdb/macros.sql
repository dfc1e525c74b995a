-- Functions Athena (Trino) has and DuckDB lacks, so the views run unchanged on both.
-- Each macro has a test in DuckDbMacrosTest.
-- The file is split at semicolons: comments must not contain one.
-- approx_percentile: Trino's t-digest gives, for populations as small as one group's closes, the value at 0-based
-- rank floor(p * n) of the sorted values, without interpolating (quantile_cont interpolates, quantile_disc takes
-- the rank below at exact ranks). Large populations agree within the t-digest's error of about 1%.
-- The list is sorted as it is collected, without nulls (a query's rows are mostly nulls for the measured value);
-- two percentiles of one value in one query share the one sorted list.
CREATE OR REPLACE MACRO approx_percentile(x, p) AS
    CASE WHEN count(x) > 0
         THEN (list(x ORDER BY x) FILTER (WHERE x IS NOT NULL))[CAST(least(floor(p * count(x)), count(x) - 1) AS BIGINT) + 1]
    END;
CREATE OR REPLACE MACRO to_unixtime(ts) AS epoch(ts);
CREATE OR REPLACE MACRO from_unixtime(s) AS make_timestamp(CAST(CAST(s AS DOUBLE) * 1000000 AS BIGINT));
