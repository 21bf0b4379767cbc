#!/usr/bin/env bash
# The validation rules give the same answers under plain rasqal (roqet) as through igmap: run each
# rule with roqet over an N-Triples export of the store (derived triples included), once for the
# bundled data (no rows) and once with the broken example loaded (the rows igmap reports).
# derived-asserted needs named graphs, which `roqet -D` does not keep; it is checked by igmap only.
. "$(dirname "$0")/lib.sh"
if ! command -v roqet > /dev/null; then
  echo "roqet (rasqal-utils) is not installed; nothing to compare" >&2
  exit 0
fi
init_store
igm export --format ntriples > "$tmp/clean.nt" || fail "export failed"
igm load "$DATA_TESTS/broken/all-rules.ttl" || fail "cannot load the broken example"
igm export --format ntriples > "$tmp/broken.nt" || fail "export failed"
rc=0
igm validate --format csv > "$tmp/igmap.csv" || rc=$?
[ "$rc" -eq 1 ] || fail "validate exited $rc on the broken example, expected 1"
for rq in "$IGMAP_SOURCE_DIR"/ontology/validate/*.rq; do
  rule=$(basename "$rq" .rq)
  [ "$rule" = derived-asserted ] && continue
  clean=$(roqet -q -W 0 -i sparql -r csv -D "$tmp/clean.nt" "$rq" | tr -d '\r' | grep -c -v -e '^focus,message$' -e '^$' || true)
  [ "$clean" -eq 0 ] || fail "roqet: rule $rule reports $clean rows on the bundled data"
  roqet -q -W 0 -i sparql -r csv -D "$tmp/broken.nt" "$rq" | tr -d '\r' \
    | grep -v -e '^focus,message$' -e '^$' | sed 's/_:[A-Za-z0-9]*/_:blank/g' | sort > "$tmp/r.rows"
  tr -d '\r' < "$tmp/igmap.csv" | grep "^$rule," | sed -e "s/^$rule,//" -e 's/_:[A-Za-z0-9]*/_:blank/g' | sort > "$tmp/i.rows"
  [ -s "$tmp/r.rows" ] || fail "roqet: rule $rule reports nothing on the broken example"
  diff -u "$tmp/i.rows" "$tmp/r.rows" || fail "rule $rule: roqet and igmap disagree"
done
