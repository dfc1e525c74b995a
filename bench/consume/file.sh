#!/usr/bin/env bash
# Per-file cost of writing findings Parquet: CPU per file and bytes per file by records per file, one thread,
# median of 8 rounds after 3 warm-up rounds.
#   [PARQUET_AVRO=true] bench/consume/file.sh [RECORDS_PER_FILE ...]        (default 9 18 100 1000)
# PARQUET_AVRO=true also writes each file through parquet-avro's write support, round by round in turn with the
# lake's own (GenericRecordWriteSupport), and gives both.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx2g -Dbench.parquet-avro="${PARQUET_AVRO:-false}" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.alertlake.bench.ParquetFileBench "$@"
