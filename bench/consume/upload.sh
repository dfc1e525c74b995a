#!/usr/bin/env bash
# A flush's Parquet files uploaded to an S3 stub server that answers every request after a fixed delay (S3's round
# trip, which the local stand-in does not have), by LakeWriter with several alertlake.consumer.writers counts in turn.
#   [MONTHS=1] [PUT_DELAY_MS=30] [WRITERS=1,2,8,16,32] [ROUNDS=3] bench/consume/upload.sh [N]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx4g -Dbench.months="${MONTHS:-1}" -Dbench.put-delay-ms="${PUT_DELAY_MS:-30}" -Dbench.writers="${WRITERS:-1,2,8,16,32}" \
  -Dbench.rounds="${ROUNDS:-3}" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.alertlake.bench.UploadBench "${1:-100000}"
