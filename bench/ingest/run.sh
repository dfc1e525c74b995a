#!/usr/bin/env bash
# Ingest benchmark: signed fixture deliveries against a running local alertlake (each 202 means SQS accepted
# the delivery) and against the @octokit/webhooks reference receiver (verify + answer only), side by side.
#   bench/ingest/run.sh            DURATION=20s CONNECTIONS="16 64 256" to change the load
set -euo pipefail
cd "$(dirname "$0")"
REPO=$(cd ../.. && pwd)
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-"16 64 256"}
PORT=${PORT:-8090}
REF_PORT=${REF_PORT:-8091}
SECRET=bench-$(date +%s)
export SECRET
mkdir -p out
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y wrk >/dev/null); }
[ -d node_modules/@octokit/webhooks ] || npm ci --no-audit --no-fund --loglevel=error
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
[ -f "$REPO/target/quarkus-app/quarkus-run.jar" ] || (cd "$REPO" && ./mvnw -q -B package -DskipTests)

node deliveries.mjs "$REPO/src/test/resources/fixtures/github/webhooks"
DATA=$(mktemp -d)
ALERTLAKE_WEBHOOK_SECRET=$SECRET ALERTLAKE_ROLES=ingest QUARKUS_HTTP_PORT=$PORT ALERTLAKE_LOCAL_DATA_DIR=$DATA \
  java -Xmx4g -jar "$REPO/target/quarkus-app/quarkus-run.jar" > out/alertlake.log 2>&1 &
APP=$!
PORT=$REF_PORT node reference.mjs > out/reference.log 2>&1 &
REF=$!
trap 'kill $APP $REF 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.5; done

run() { wrk -t2 -c"$2" -d"$3" --latency -s post.lua "http://127.0.0.1:$1" | grep RESULT; }
run "$PORT" 64 20s >/dev/null   # warm-up: let the JIT compile the hot paths first
{
  echo "| target | connections | req/s | p50 ms | p99 ms | non-2xx |"
  echo "|---|---|---|---|---|---|"
  for c in $CONNECTIONS; do
    a=$(run "$PORT" "$c" "$DURATION"); r=$(run "$REF_PORT" "$c" "$DURATION")
    field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
    echo "| alertlake (queued) | $c | $(field "$a" rps) | $(field "$a" p50_ms) | $(field "$a" p99_ms) | $(field "$a" non2xx) |"
    echo "| @octokit/webhooks (verify only) | $c | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" non2xx) |"
    echo "| ratio alertlake / reference | $c | $(awk "BEGIN{printf \"%.2f\", $(field "$a" rps)/$(field "$r" rps)}") | | | |"
  done
  echo
  echo "$(nproc) cores; $(java -version 2>&1 | head -1); node $(node --version); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
} | tee out/results.md
