#!/usr/bin/env bash
# The bundled ontology and data load into a fresh store and pass every validation rule, and
# every bundled file is valid Turtle for rapper too.
set -eu
bin=${IGMAP_BIN:?}; src=${IGMAP_SOURCE_DIR:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in "$src"/ontology/*.ttl "$src"/data/*.ttl; do
  rapper -q -i turtle -c "$f" 2>"$tmp/err" || { echo "rapper rejects $f: $(cat "$tmp/err")"; exit 1; }
done
"$bin" -q --store "$tmp/s" init
"$bin" --store "$tmp/s" validate >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/out" "$tmp/err"; exit 1; }
grep -q "no violations" "$tmp/err"
echo "ok"
