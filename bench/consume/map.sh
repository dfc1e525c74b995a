#!/usr/bin/env bash
# OCSF mapping cost per delivery on one thread: CPU µs per delivery, median of 8 rounds after 3 warm-up rounds,
# over N synthetic deliveries of one month's spread.
#   bench/consume/map.sh [N]        (default 40000)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx4g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.alertlake.bench.MappingBench "$@"
