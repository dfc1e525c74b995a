#!/usr/bin/env bash
# Query benchmark: the GraphQL API's remediation query on the embedded DuckDB engine over a generated lake.
#   [RUNS=5] [LAKE_FILES=false] bench/query/run.sh [EVENTS] [ORGS] [REPO_GROUPS]   (defaults 1000000 20 25)
# Times the questions twice: reading the Parquet files at every query (as Athena does; LAKE_FILES=false skips it)
# and from the local engine's copy of the lake in a DuckDB database file (what local mode answers from).
# The lake is generated once under bench/query/out/ and reused by later runs with the same sizes.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
mkdir -p bench/query/out
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx4g --enable-native-access=ALL-UNNAMED -Dbench.runs="${RUNS:-5}" -Dbench.lake-files="${LAKE_FILES:-true}" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.alertlake.bench.QueryBench "${1:-1000000}" bench/query/out "${2:-20}" "${3:-25}" \
  | tee "bench/query/out/results-${1:-1000000}.md"
