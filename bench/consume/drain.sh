#!/usr/bin/env bash
# The packaged consumer draining N queued deliveries from an SQS that answers one network round trip later (ElasticMQ
# behind a delaying proxy; s3proxy for S3), with several alertlake.consumer.receivers counts in turn. On a machine of
# two or more cores the consumer runs on one CPU (a 1-vCPU task, as terraform/ sizes it) and the stand-ins on the rest.
#   [MONTHS=1] [RTT_MS=20] [RECEIVERS=2,16,64] [CONSUMER_HEAP=1536m] [JFR=file.jfr] bench/consume/drain.sh [N]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
./mvnw -q -B package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cpus=$(nproc)
consumer_cpu=""; harness=()
if [ "$cpus" -ge 2 ] && command -v taskset >/dev/null; then
  consumer_cpu=$((cpus - 1)); harness=(taskset -c "0-$((cpus - 2))")
fi
"${harness[@]}" java -Xmx6g -Dbench.months="${MONTHS:-1}" -Dbench.rtt-ms="${RTT_MS:-20}" -Dbench.receivers="${RECEIVERS:-2,16,64}" \
  -Dbench.consumer-cpus="$consumer_cpu" -Dbench.consumer-heap="${CONSUMER_HEAP:-1536m}" -Dbench.consumer-jfr="${JFR:-}" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.alertlake.bench.DrainBench "${1:-200000}"
