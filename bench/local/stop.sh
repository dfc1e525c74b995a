#!/usr/bin/env bash
# How long the packaged jar in local mode takes to stop: starts it with a fresh data directory, waits until it is
# running (and 3 s more), sends SIGTERM and times the exit. Extra arguments go to the JVM before -jar, e.g.
#   bench/local/stop.sh -Dalertlake.consumer.poll-wait=10s
# Build the jar first (./mvnw package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
jar=$PWD/target/quarkus-app/quarkus-run.jar
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
java -Dquarkus.http.port=0 -Dalertlake.local.data-dir="$dir/data" "$@" -jar "$jar" > "$dir/out.txt" 2>&1 &
pid=$!
for _ in $(seq 240); do grep -q 'alertlake is running' "$dir/out.txt" && break; sleep 0.5; done
sleep 3
start=$(date +%s%N)
kill -TERM "$pid"
wait "$pid" || true
echo "stopped in $(( ($(date +%s%N) - start) / 1000000 )) ms"
