#!/usr/bin/env bash
# Consumer benchmark: the CPU path of a flush (OCSF mapping, the raw archive, ZSTD Parquet per partition) over N
# synthetic deliveries, against DuckDB converting the same deliveries into the same partitioned Parquet layout.
#   [FLUSH_RECORDS=100000] [MONTHS=12] [PIECE_BARRIER=true] [DUCKDB=false] [RAW=false|escaped] [RAW_LEVEL=0…9] [RAW_COMPRESSION=zstd] [HEAP=…] [CPUS=false] bench/consume/run.sh [N]   (default 1000000)
# Deliveries are flushed as the consumer flushes a backlog: FLUSH_RECORDS at a time (the default of
# alertlake.consumer.flush-records). MONTHS spreads the events' days over that many months (12: a backfill of a
# year; 1: a month). DUCKDB=false skips the DuckDB reference (and writing the NDJSON it reads); RAW=false leaves
# the raw archive out (as the figures before 2026-12-05 did); RAW=escaped escapes every body into a string, as
# the archive did before it copied one-line JSON bodies as they are; RAW_LEVEL deflates it with zlib at that level
# (alertlake.lake.raw-gzip-level; unset, alertlake's own deflate, the default); RAW_COMPRESSION=zstd writes it in Zstandard
# (alertlake.lake.raw-compression; unset, gzip). PIECE_BARRIER=true makes the two receivers wait for each other after
# each 64 MiB piece of a flush, as the harness did before 2026-12-07 (evening); the consumer's receivers do not. HEAP sets the heap beyond -Xmx8g: by default
# fixed and touched before the clock starts (-Xms8g -XX:+AlwaysPreTouch), as a consumer that has been running for a
# while has it; HEAP= leaves G1 to size the heap (and the kernel to fault its pages in) as the runs before
# 2026-12-05 (last runs of the day) did. Before and after the run, each CPU's speed at mapping (bench/consume/cpus.sh)
# is printed, as "CPU n: mapping … µs" lines (since 2026-12-07; CPUS=false leaves them out): the machine's vCPUs
# each drift between ~10.7 and ~18 µs there, and the run's figures with them.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
mkdir -p bench/consume/out
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
[ "${CPUS:-true}" = false ] || SKIP_BUILD=true bench/consume/cpus.sh | sed 's/^/before: /' | tee bench/consume/out/cpus.txt
java -Xmx8g ${HEAP--Xms8g -XX:+AlwaysPreTouch} -Dbench.flush-records="${FLUSH_RECORDS:-100000}" -Dbench.duckdb="${DUCKDB:-true}" -Dbench.raw="${RAW:-true}" ${RAW_LEVEL:+-Dbench.raw-level=$RAW_LEVEL} ${RAW_COMPRESSION:+-Dbench.raw-compression=$RAW_COMPRESSION} -Dbench.months="${MONTHS:-12}" -Dbench.piece-barrier="${PIECE_BARRIER:-false}" ${FLUSH_BYTES:+-Dbench.flush-bytes=$FLUSH_BYTES} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.alertlake.bench.ConsumeBench "${1:-1000000}" bench/consume/out | tee bench/consume/out/results.md
[ "${CPUS:-true}" = false ] || SKIP_BUILD=true bench/consume/cpus.sh | sed 's/^/after: /' | tee -a bench/consume/out/cpus.txt
