#!/usr/bin/env bash
# Ingest benchmark: signed fixture deliveries against a running local alertlake (each 202 means SQS accepted
# the delivery) and against the @octokit/webhooks reference receiver (verify + answer only), side by side; and
# the embedded queue by itself (SendMessageBatch requests of 10 deliveries straight to ElasticMQ).
#   bench/ingest/run.sh            DURATION=20s CONNECTIONS="16 64 256" WARMUP=60s to change the load
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

# the embedded queue's own endpoint, from the startup banner
QUEUE_URL=$(grep -o 'queue *: http[^ ]*' out/alertlake.log | sed 's/.*: //')
QUEUE_URL=$QUEUE_URL node deliveries.mjs "$REPO/src/test/resources/fixtures/github/webhooks"
QUEUE_ROOT=$(echo "$QUEUE_URL" | cut -d/ -f1-3)

# Nothing consumes here (ALERTLAKE_ROLES=ingest), and ElasticMQ keeps its messages in memory: every load starts
# from an empty queue, as with a consumer draining it, so that no load pays the garbage collector for the last.
purge() {
  curl -sf -X POST -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: AmazonSQS.PurgeQueue' \
    -d "{\"QueueUrl\":\"$QUEUE_URL\"}" "$QUEUE_ROOT/" >/dev/null
}
field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }   # one figure of a wrk RESULT line
run() { purge; wrk -t2 -c"$2" -d"$3" --latency -s "${4:-post.lua}" "$1" | grep RESULT; }
# warm-up: let the JIT compile the hot paths first (the embedded queue's Scala code keeps the compiler busy for
# a minute or more; the JIT compiler's row in the CPU table says how much it still took during a load)
run "http://127.0.0.1:$PORT" 64 "${WARMUP:-60s}" >/dev/null
: > out/cpu.md
{
  echo "| target | connections | req/s | p50 ms | p99 ms | non-2xx |"
  echo "|---|---|---|---|---|---|"
  for c in $CONNECTIONS; do
    ./threads.sh $APP > out/cpu-before.tsv
    a=$(run "http://127.0.0.1:$PORT" "$c" "$DURATION")
    ./threads.sh $APP > out/cpu-after.tsv
    # where alertlake's process spent its CPU during this load, per delivery queued
    awk -F'\t' -v c="$c" -v n="$(field "$a" requests)" \
      'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; total += d; cpu[$1] = d }
       END { for (g in cpu) printf "| %s | %s | %.1f | %.0f | %.0f %% |\n", c, g, cpu[g], 1e6 * cpu[g] / n, 100 * cpu[g] / total }' \
      out/cpu-before.tsv out/cpu-after.tsv | sort -t'|' -k4 -nr >> out/cpu.md
    r=$(run "http://127.0.0.1:$REF_PORT" "$c" "$DURATION")
    q=$(run "$QUEUE_ROOT" "$c" "$DURATION" sqs-batch.lua)
    echo "| alertlake (queued) | $c | $(field "$a" rps) | $(field "$a" p50_ms) | $(field "$a" p99_ms) | $(field "$a" non2xx) |"
    echo "| @octokit/webhooks (verify only) | $c | $(field "$r" rps) | $(field "$r" p50_ms) | $(field "$r" p99_ms) | $(field "$r" non2xx) |"
    echo "| ratio alertlake / reference | $c | $(awk "BEGIN{printf \"%.2f\", $(field "$a" rps)/$(field "$r" rps)}") | | | |"
    echo "| embedded ElasticMQ alone, deliveries/s (batches of 10) | $c | $(awk "BEGIN{printf \"%.0f\", 10*$(field "$q" rps)}") | $(field "$q" p50_ms) | $(field "$q" p99_ms) | $(field "$q" non2xx) |"
  done
  echo
  echo "CPU of alertlake's process during its loads (bench/ingest/threads.sh):"
  echo
  echo "| connections | thread group | CPU s | CPU µs per delivery | share |"
  echo "|---|---|---|---|---|"
  cat out/cpu.md
  echo
  echo "$(nproc) cores; $(java -version 2>&1 | head -1); node $(node --version); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
} | tee out/results.md
