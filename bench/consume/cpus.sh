#!/usr/bin/env bash
# How fast each CPU of this machine maps deliveries now: bench/consume/map.sh's work (20,000 deliveries, median of
# 8 rounds after 3 warm-up rounds) pinned to one CPU at a time with taskset. On a shared machine one vCPU can run
# half as fast as the other for minutes (a busy neighbour on the host), which moves every figure of run.sh; run.sh
# prints this before and after its run so that its figures can be read against the machine's speed at the time.
#   bench/consume/cpus.sh          (needs taskset; prints nothing without it)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
command -v taskset >/dev/null || exit 0
[ -f target/bench.classpath ] || ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
for cpu in $(seq 0 $(($(nproc) - 1))); do
  printf 'CPU %s: ' "$cpu"
  taskset -c "$cpu" java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.alertlake.bench.MappingBench 20000 2>/dev/null | sed -n 's/^mapping: \([0-9.]* µs of CPU per delivery ([^)]*)\).*/mapping \1/p'
done
