#!/usr/bin/env bash
# The Parquet part of one flush: every partition's file of N synthetic deliveries, on every core, written by the
# lake's write support and by parquet-avro's in turn, round after round; process CPU per record, median of 8.
#   [MONTHS=12] bench/consume/flush.sh [N]   (default 100000, the consumer's flush-records)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx8g -Dbench.months="${MONTHS:-12}" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.alertlake.bench.FlushParquetBench "${1:-100000}"
