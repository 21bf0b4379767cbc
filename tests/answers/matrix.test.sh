#!/usr/bin/env bash
# igmap matrix: every format and both row modes on the bundled data, and bad options.
# (Rendering the html in a browser and the dot with Graphviz is checked by hand, not here.)
. "$(dirname "$0")/lib.sh"
run_golden matrix-csv 0 matrix
run_golden matrix-csv-explicit 0 matrix --format csv --issues all
run_golden matrix-tsv 0 matrix --format tsv
run_golden matrix-md 0 matrix --format md
run_golden matrix-html 0 matrix --format html
run_golden matrix-dot 0 matrix --format dot
run_golden matrix-cluster-csv 0 matrix --issues cluster
run_golden matrix-cluster-md 0 matrix --issues cluster --format md
run_golden matrix-cluster-html 0 matrix --issues cluster --format html
run_golden matrix-cluster-dot 0 matrix --issues cluster --format dot
# the html page is self-contained: nothing fetched from the network
grep -Eqi '(src|href)=|@import|url\(' "$tmp/matrix-html.out" && fail "the html page refers to other files"
grep -q 'position: sticky' "$tmp/matrix-html.out" || fail "the html headers do not stay visible"
grep -q 'class="legend"' "$tmp/matrix-html.out" || fail "the html page has no legend"
if command -v dot >/dev/null; then
  dot -Tsvg "$tmp/matrix-dot.out" -o /dev/null 2> "$tmp/dot.err" || fail "dot -Tsvg failed"
  [ ! -s "$tmp/dot.err" ] || fail "dot -Tsvg warned: $(cat "$tmp/dot.err")"
fi
run_golden matrix-bad-format 2 matrix --format png
run_golden matrix-bad-issues 2 matrix --issues some
finish
