#!/usr/bin/env bash
# Two versions of the consumer's CPU path, run in turn: A, B, A, B… — the way to compare them on a shared machine
# whose speed drifts by ±20 % from one run to the next (a change of speed then falls on both alike).
#   [PAIRS=2] [MONTHS=1] [FLUSH_RECORDS=100000] [RAW=true] [RAW_COMPRESSION=zstd] [HEAP=…] bench/consume/ab.sh REV_A REV_B [N]   (default 1000000)
# REV_A and REV_B are git revisions (a commit, a branch, HEAD); each is exported from git and built on its own
# under target/ab/, so the working tree is neither used nor changed. Each run is bench/consume/run.sh's ConsumeBench
# with DUCKDB=false and its HEAP; a line a run gives its seconds, events/s (after the first flush), and the process's CPU time
# per delivery, over the whole timed part and after the first flush (versions before 2026-12-05 print no CPU
# time: "–").
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
[ $# -ge 2 ] || { sed -n 2,8p "$0"; exit 2; }
n=${3:-1000000}
declare -A dir
for rev in "$1" "$2"; do
  commit=$(git rev-parse --short "$rev^{commit}")
  dir[$rev]=target/ab/$commit
  if [ ! -f "${dir[$rev]}/target/bench.classpath" ]; then
    rm -rf "${dir[$rev]}" && mkdir -p "${dir[$rev]}"
    git archive "$commit" | tar -x -C "${dir[$rev]}"
    (cd "${dir[$rev]}" && ./mvnw -q -B test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
  fi
done
mkdir -p bench/consume/out/ab
for i in $(seq "${PAIRS:-2}"); do
  for rev in "$1" "$2"; do
    d=${dir[$rev]}
    out=$(java -Xmx8g ${HEAP--Xms8g -XX:+AlwaysPreTouch} -Dbench.flush-records="${FLUSH_RECORDS:-100000}" -Dbench.duckdb=false -Dbench.raw="${RAW:-true}" ${RAW_COMPRESSION:+-Dbench.raw-compression=$RAW_COMPRESSION} \
      -Dbench.months="${MONTHS:-1}" -cp "$d/target/test-classes:$d/target/classes:$(cat "$d/target/bench.classpath")" \
      io.alertlake.bench.ConsumeBench "$n" bench/consume/out/ab 2>&1)
    row=$(echo "$out" | grep '^| alertlake' | awk -F'|' '{gsub(/ /, ""); print $5 " s, " $6 " events/s (" $7 " after the first flush)"}')
    all=$(echo "$out" | sed -nE 's/^process CPU while timed: .*: ([0-9.]+) µs per delivery/\1/p')
    warm=$(echo "$out" | grep '^flush .*process CPU' | tail -n +2 \
      | sed -E 's/^flush [0-9]+: ([0-9]+) records.*CPU ([0-9.]+) s user, ([0-9.]+) s system/\1 \2 \3/' \
      | awk '{r += $1; c += $2 + $3} END {if (r > 0) printf "%.1f", c * 1e6 / r}')
    echo "$rev, run $i: $row; CPU ${all:-–} µs per delivery (${warm:-–} after the first flush)"
  done
done
