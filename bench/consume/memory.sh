#!/usr/bin/env bash
# Heap per buffered record in the consumer: mapped records alone, and with their raw archive lines.
#   bench/consume/memory.sh [RECORDS]        (default 20000)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.alertlake.bench.BufferMemoryBench "${1:-20000}"
