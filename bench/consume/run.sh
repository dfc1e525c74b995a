#!/usr/bin/env bash
# Consumer benchmark: the CPU path of a flush (OCSF mapping + ZSTD Parquet per partition) over N synthetic
# deliveries, against DuckDB converting the same deliveries into the same partitioned Parquet layout.
#   bench/consume/run.sh [N]        (default 200000)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
mkdir -p bench/consume/out
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx8g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.alertlake.bench.ConsumeBench "${1:-200000}" bench/consume/out | tee bench/consume/out/results.md
