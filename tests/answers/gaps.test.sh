#!/usr/bin/env bash
# igmap gaps: every kind and format on the bundled data, and bad options.
. "$(dirname "$0")/lib.sh"
run_golden gaps-table 0 gaps
run_golden gaps-csv 0 gaps --format csv
run_golden gaps-tsv 0 gaps --format tsv
run_golden gaps-json 0 gaps --format json
for k in issues proposals paragraphs bodies; do
  run_golden "gaps-$k" 0 gaps --kind "$k"
  igm gaps --kind "$k" -f csv > "$tmp/k.csv" || fail "gaps --kind $k -f csv"
  # the kind's rows of the full report, no more, no less
  { head -1 "$tmp/gaps-csv.out"; grep "^$k," "$tmp/gaps-csv.out"; } | cmp -s - "$tmp/k.csv" ||
    fail "gaps --kind $k differs from its rows in the full report"
done
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(g["count"]==len(g["items"]) for g in d["gaps"])' \
    "$tmp/gaps-json.out" || fail "gaps json is not valid JSON with consistent counts"
fi
run_golden gaps-bad-kind 2 gaps --kind everything
run_golden gaps-bad-format 2 gaps --format xml
run_golden gaps-extra-arg 2 gaps issues
finish
