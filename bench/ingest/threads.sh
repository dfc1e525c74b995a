#!/usr/bin/env bash
# CPU seconds a process's threads spent, summed by thread group: bench/ingest/threads.sh PID > snapshot
# Two snapshots, before and after a load, give where the CPU went (bench/ingest/run.sh prints the difference).
# Reads /proc/PID/task/*/stat (utime + stime, in clock ticks); thread names are cut at 15 characters there.
set -euo pipefail
tick=$(getconf CLK_TCK)
for t in /proc/"$1"/task/*; do
  stat=$(cat "$t/stat" 2>/dev/null) || continue
  name=${stat#*(}; name=${name%)*}
  rest=${stat##*) }
  set -- $rest
  echo "$name	$(( ${12} + ${13} ))"
done | awk -F'\t' -v tick="$tick" '
  { n = $1
    if (n ~ /^alertlake-sqs/) g = "embedded ElasticMQ (Pekko dispatchers)"
    else if (n ~ /^vert\.x-eventloo/) g = "Vert.x event loops (HTTP, HMAC, request handling)"
    else if (n ~ /^executor-thread/) g = "Quarkus worker threads"
    else if (n ~ /^aws-java-sdk|^sdk-async/) g = "AWS SDK client (Netty event loops, async responses)"
    else if (n ~ /^sqs-batch/) g = "SDK batch manager (SendMessageBatch assembly)"
    else if (n ~ /Compiler/) g = "JIT compiler"
    else if (n ~ /^GC |^G1 /) g = "garbage collector"
    else g = "other JVM threads"
    cpu[g] += $2 }
  END { for (g in cpu) printf "%s\t%.2f\n", g, cpu[g] / tick }'
