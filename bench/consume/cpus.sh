#!/usr/bin/env bash
# How fast each CPU of this machine maps deliveries now: bench/consume/map.sh's work (20,000 deliveries, median of
# 8 rounds after 3 warm-up rounds) pinned to one CPU at a time with taskset. On a shared machine one vCPU can run
# half as fast as the other for minutes (a busy neighbour on the host), which moves every figure of run.sh; run.sh
# prints this before and after its run so that its figures can be read against the machine's speed at the time.
#   [SKIP_BUILD=true] bench/consume/cpus.sh          (needs taskset; prints nothing without it)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
command -v taskset >/dev/null || exit 0
# run.sh has just built the code it measures; on its own, this builds it (SKIP_BUILD=true: as it is)
[ "${SKIP_BUILD:-false}" = true ] || ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
for cpu in $(seq 0 $(($(nproc) - 1))); do
  line=$(taskset -c "$cpu" java -Xmx1g -Duser.language=en -Duser.country=US \
    -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.alertlake.bench.MappingBench 20000 2>&1 \
    | sed -n 's/^mapping: \([0-9.]* µs of CPU per delivery ([^)]*)\).*/mapping \1/p' || true)
  echo "CPU $cpu: ${line:-the mapping did not run (MappingBench failed)}"
done
