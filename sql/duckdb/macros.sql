-- Functions Athena (Trino) has and DuckDB lacks, so the views run unchanged on both.
-- Each macro has a test in DuckDbMacrosTest.
-- The file is split at semicolons: comments must not contain one.
-- approx_percentile: Trino's t-digest gives, for populations as small as one group's closes, the value at 0-based
-- rank floor(p * n) of the sorted values, without interpolating (quantile_cont interpolates). DuckDB's
-- quantile_disc takes rank ceil(p * n) - 1, one below at exact ranks: p + 1e-9 lifts those to Trino's rank and
-- moves no other while the fraction of p * n stays more than n * 1e-9 below 1 (for p = 0.5 or 0.9: any
-- population under 100 million). Large populations agree within the t-digest's error of about 1%.
-- Only Trino's array form, approx_percentile(x, ARRAY[p1, p2]), is provided: one aggregate gives every
-- percentile a query needs, where DuckDB would otherwise collect and sort the values once per percentile.
CREATE OR REPLACE MACRO approx_percentile(x, ps) AS quantile_disc(x, list_transform(ps, lambda p: p + 1e-9));
CREATE OR REPLACE MACRO to_unixtime(ts) AS epoch(ts);
-- from_unixtime(s): s seconds after the epoch, in the session's time zone (UTC here)
-- from_unixtime(s, zone): the wall-clock time in zone, as Trino's two-argument form gives it (a timestamp with that
-- zone there, a timestamp here: only year, month and truncation are taken of it)
CREATE OR REPLACE MACRO from_unixtime(s) AS make_timestamp(CAST(CAST(s AS DOUBLE) * 1000000 AS BIGINT)),
    (s, zone) AS timezone(zone, to_timestamp(CAST(s AS DOUBLE)));
-- with_timezone(ts, zone): the instant at which the wall-clock time ts is read in zone
CREATE OR REPLACE MACRO with_timezone(ts, zone) AS timezone(zone, ts);
-- sequence: Trino's array of values from start to stop (both included) by step, here of timestamps by months
CREATE OR REPLACE MACRO sequence(start, stop, step) AS generate_series(start, stop, step);
