#!/usr/bin/env bash
# The progress line of `igmap load`: with --progress, a load longer than a second prints
# "igmap: loading FILE: N triples, R triples/s, T s" lines on stderr, the last with the total;
# without --progress (stderr not a terminal) or with -q it prints none.
set -u
bin=${IGMAP_BIN:?IGMAP_BIN must name the igmap binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp" || exit 1
awk 'BEGIN { for (i = 0; i < 300000; i++)
  printf "<http://ex.org/e/%d> <http://ex.org/p%d> \"value %d\" .\n", int(i / 5), i % 5, i }' >f.nt
"$bin" -q --store s init --empty || fail "init"

start=$(date +%s.%N)
"$bin" --store s load --progress f.nt 2>err || fail "load --progress"
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
lines=$(grep -c '^igmap: loading ' err)
if grep '^igmap: loading ' err | grep -Ev '^igmap: loading f\.nt: [0-9]+ triples, [0-9]+ triples/s, [0-9]+\.[0-9] s$'; then
  fail "a progress line is malformed"
fi
if [ "$(echo "$elapsed >= 2.5" | bc)" = 1 ]; then
  [ "$lines" -ge 1 ] || fail "a load of $elapsed s printed no progress line"
fi
if [ "$lines" -ge 1 ]; then
  grep '^igmap: loading ' err | tail -1 | grep -q ': 300000 triples, ' ||
    fail "the last progress line does not give the total"
fi
grep -q '^igmap: note: loaded 300000 triples from f.nt' err || fail "no summary note"

"$bin" --store s load f.nt 2>err2 || fail "load"
grep -q '^igmap: loading ' err2 && fail "progress without --progress on a non-terminal"
"$bin" -q --store s load --progress f.nt 2>err3 || fail "load -q"
[ -s err3 ] && fail "-q printed something: $(head -2 err3)"
echo ok
