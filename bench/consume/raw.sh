#!/usr/bin/env bash
# Raw archive cost per delivery on one thread: bodies escaped into strings (as before 2026-12-05) against one-line
# bodies copied in (as now), gzip'd by zlib at levels 2 and 1 and by alertlake's own deflate (the default), and in Zstandard (alertlake.lake.raw-compression=zstd), CPU µs and bytes per delivery, then the secret redaction check alone (on the synthetic
# payloads, which carry no secret, and on the same with alert.secret already replaced, as ingest queues them);
# median of 8 rounds after 2 warm-up rounds, over N synthetic deliveries of one month's spread.
#   bench/consume/raw.sh [N]        (default 40000)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx4g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.alertlake.bench.RawArchiveBench "$@"
