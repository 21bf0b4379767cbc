#!/bin/bash
# Store benchmark: load 100k and 1M generated N-Triples into igmap's lmdb store and into
# librdf's hashes (Berkeley DB, with a context), side by side, then time one query on each.
# Reports wall time (s) and peak RSS (MB) from /usr/bin/time. Usage: bench/store/run.sh [SIZES]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
work=${BENCH_DIR:-$(mktemp -d /tmp/igm-bench-XXXXXX)}
sizes=${*:-100000 1000000}
cflags="-O2 -std=c11 -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags redland) -I$src/src"
cc -O2 -o "$work/gen_nt" "$here/gen_nt.c"
cc $cflags -o "$work/load" "$here/load.c" "$src/src/store_lmdb.c" $(pkg-config --libs redland) -llmdb
query='SELECT ?s ?l WHERE { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/bench/Class7> . ?s <http://example.org/bench/link0> ?o . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l }'
measure() { # label, command... -> prints "label seconds MB output"
  local label=$1; shift
  local out
  out=$( { /usr/bin/time -f "TIME %e %M" "$@" 2>&1 1>&3; } 3>&1 )
  local t=$(echo "$out" | awk '/^TIME/ {print $2}') m=$(echo "$out" | awk '/^TIME/ {printf "%.0f", $3/1024}')
  local res=$(echo "$out" | grep -v '^TIME' | tail -1)
  printf '%-34s %8s s %6s MB   %s\n' "$label" "$t" "$m" "$res"
}
echo "store benchmark in $work ($(nproc) cpus)"
for n in $sizes; do
  f="$work/bench-$n.nt"
  "$work/gen_nt" "$n" > "$f"
  echo "== $n triples ($(du -m "$f" | cut -f1) MB of N-Triples)"
  rm -rf "$work/lmdb-$n" "$work/bdb-$n" "$work/rdfproc-$n"; mkdir -p "$work/bdb-$n" "$work/rdfproc-$n"
  sync
  measure "load lmdb (one transaction)" "$work/load" lmdb "$work/lmdb-$n" load "$f"
  measure "load hashes-bdb, context" "$work/load" bdb "$work/bdb-$n" load "$f"
  measure "load rdfproc hashes-bdb, context" rdfproc -q -n -s hashes \
    -t "hash-type='bdb',dir='$work/rdfproc-$n',contexts='yes'" bench parse "$f" ntriples \
    "file://$f" http://example.org/bench/graph
  echo "   store size: lmdb $(du -sm "$work/lmdb-$n" | cut -f1) MB, hashes-bdb $(du -sm "$work/bdb-$n" | cut -f1) MB"
  measure "query lmdb (rows)" "$work/load" lmdb "$work/lmdb-$n" query "$query"
  measure "query hashes-bdb (rows)" "$work/load" bdb "$work/bdb-$n" query "$query"
done
[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
