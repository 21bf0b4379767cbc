#!/bin/bash
# Load benchmark, one run, side by side: `igmap load` into a fresh default (lmdb) store,
# rdfproc into librdf's Berkeley DB hashes store with a named graph, and `rapper -c` (parse
# only). Prints wall time, peak RSS and the ratios the load targets are stated in.
# Usage: bench/store/load.sh IGMAP_BINARY FILE.nt...
set -eu
bin=$1; shift
work=${BENCH_DIR:-$(mktemp -d /tmp/igm-load-XXXXXX)}
measure() { # label, command... -> sets T (seconds) and M (MB); prints one row
  local label=$1; shift
  local out
  out=$( { /usr/bin/time -f "TIME %e %M" "$@" >/dev/null 2>"$work/err"; } 2>&1; tail -1 "$work/err")
  T=$(echo "$out" | awk '/^TIME/ {print $2}')
  M=$(echo "$out" | awk '/^TIME/ {printf "%.0f", $3/1024}')
  printf '  %-28s %8s s %6s MB\n' "$label" "$T" "$M"
}
for f in "$@"; do
  n=$(wc -l <"$f")
  echo "== $f: $n lines, $(du -m "$f" | cut -f1) MB"
  rm -rf "$work/igm" "$work/bdb"; mkdir -p "$work/bdb"
  "$bin" --store "$work/igm" -q init --empty
  sync
  measure "rapper -c" rapper -q -i ntriples -c "$f"; tr=$T
  measure "igmap load" "$bin" --store "$work/igm" load "$f"; ti=$T
  measure "rdfproc hashes-bdb, graph" rdfproc -q -n -s hashes \
    -t "hash-type='bdb',dir='$work/bdb',contexts='yes'" bench parse "file:$f" ntriples \
    "file:$f" http://example.org/g; tb=$T
  awk -v n="$n" -v ti="$ti" -v tb="$tb" -v tr="$tr" 'BEGIN {
    printf "  igmap %.0f triples/s; rdfproc/igmap %.2fx (target >= 2); igmap/rapper %.2fx (target <= 3)\n",
      n / ti, tb / ti, ti / tr }'
done
[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
