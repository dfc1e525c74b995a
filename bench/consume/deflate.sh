#!/usr/bin/env bash
# zlib's deflate (the JDK's, hence the raw archive's) against libdeflate on the lines of one raw archive file:
# CPU µs and bytes per line at levels 1-3, on one thread. Needs gcc, zlib's header and Debian's libdeflate0.
#   bench/consume/deflate.sh [ARCHIVE]   (default: the first raw file of the last run.sh run; .gz or .zst)
set -euo pipefail
cd "$(dirname "$0")/../.."
archive="${1:-$(ls bench/consume/out/alertlake/raw/* | head -1)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
case "$archive" in
  *.zst) zstd -q -dc "$archive" > "$work/lines.ndjson" ;;
  *) gzip -dc "$archive" > "$work/lines.ndjson" ;;
esac
gcc -O2 -o "$work/deflate" bench/consume/deflate.c -lz -l:libdeflate.so.0
echo "$archive"
"$work/deflate" "$work/lines.ndjson"
