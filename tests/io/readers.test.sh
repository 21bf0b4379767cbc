#!/usr/bin/env bash
# Readers running in a loop while writers load never fail and never see a partial state; a
# second writer that does not wait is told "store is locked" (exit 4) or gets through, never
# anything else.
. "$(dirname "$0")/common.sh"
s="$tmp/store"
igmap -q --store "$s" init --empty || fail "init"
n_triples 5000 a >"$tmp/a.nt"
igmap -q --store "$s" load --graph graph:g "$tmp/a.nt" || fail "load"
n_triples 7000 b >"$tmp/b.nt"
reader() {
  local i n
  for i in $(seq 30); do
    n=$("$bin" --store "$s" query --format csv -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/igmap/graph/g> { ?s ?p ?o } }' | tail -1 | tr -d '\r') || { echo "reader error"; return 1; }
    case "$n" in 5000|7000) ;; *) echo "partial view: $n"; return 1;; esac
  done
}
for r in 1 2 3 4; do reader >"$tmp/r$r" 2>&1 & done
impatient() {
  local i rc ok=0 locked=0
  for i in $(seq 20); do
    "$bin" -q --store "$s" load --graph graph:other "$tmp/a.nt" 2>"$tmp/imp.err"; rc=$?
    case $rc in
      0) ok=$((ok + 1));;
      4) grep -q "store is locked" "$tmp/imp.err" || { echo "exit 4 without 'store is locked'"; return 1; }
         locked=$((locked + 1));;
      *) echo "impatient writer: exit $rc: $(cat "$tmp/imp.err")"; return 1;;
    esac
  done
  echo "$ok $locked" >"$tmp/imp.count"
}
impatient >"$tmp/imp" 2>&1 & imp_pid=$!
for i in 1 2 3 4 5; do
  "$bin" -q --store "$s" --wait 30 load --graph graph:g "$tmp/b.nt" || fail "writer b"
  "$bin" -q --store "$s" --wait 30 load --graph graph:g "$tmp/a.nt" || fail "writer a"
done
wait
for r in 1 2 3 4; do [ -s "$tmp/r$r" ] && fail "reader $r: $(cat "$tmp/r$r")"; done
[ -s "$tmp/imp" ] && fail "$(cat "$tmp/imp")"
read -r ok locked <"$tmp/imp.count"
echo "ok: 4 readers x 30 queries during 10 loads; a writer without --wait: $ok through, $locked told locked"
