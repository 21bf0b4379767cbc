#!/bin/bash
# `igmap extract --load` adds the triples to the store in graph:extract/KEY; loading again
# replaces that graph; the bodies of mentions come from the store when --bodies is not given.
set -u
dir="$IGMAP_SOURCE_DIR/tests/extract"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
G='https://w3id.org/igmap/graph/extract/test-dot'
count() {
  "$IGMAP_BIN" --store "$tmp/store" query --format csv \
    -e "SELECT (COUNT(*) AS ?c) WHERE { GRAPH <$G> { ?s ?p ?o } }" | tail -1 | tr -d '\r'
}
"$IGMAP_BIN" --store "$tmp/store" -q init >/dev/null 2>&1 || { echo "FAIL: init"; exit 1; }
for round in 1 2; do
  if ! "$IGMAP_BIN" --store "$tmp/store" extract --load --doc test-dot --aliases "$dir/aliases.tsv" \
    "$dir/cases/dot.txt" >"$tmp/out" 2>"$tmp/err"; then
    echo "FAIL: --load round $round: $(head -c 300 "$tmp/err")"; exit 1
  fi
  [ -s "$tmp/out" ] && { echo "FAIL: --load wrote to stdout"; fail=1; }
  n=$(count)
  [ "$round" = 1 ] && first=$n
  echo "round $round: $n triples in graph:extract/test-dot"
done
[ "$first" -gt 20 ] && [ "$n" = "$first" ] || { echo "FAIL: $first then $n triples"; fail=1; }
# mentions from the bundled bodies in the store: the IGF of paragraph 1
"$IGMAP_BIN" --store "$tmp/store" extract --doc test-dot --aliases "$dir/aliases.tsv" --format ntriples \
  "$dir/cases/dot.txt" >"$tmp/nt" 2>"$tmp/err"
grep -q '/para_1> <https://w3id.org/igmap/def/ig#mentions> <https://w3id.org/igmap/id/body/igf>' "$tmp/nt" ||
  { echo "FAIL: no mention of the IGF from the store's bodies"; fail=1; }
exit $fail
