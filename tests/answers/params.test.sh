#!/usr/bin/env bash
# Parameter values of canned queries: a key, an IRI, a prefixed name, a label or an acronym name
# the same term; unknown, ambiguous, wrong-kind, missing and undeclared parameters exit 2.
. "$(dirname "$0")/lib.sh"
igm query -f csv bodies-for-issue --param issue=issue:cybersecurity > "$tmp/ref" || fail "reference run"
for v in cybersecurity Cybersecurity '<https://w3id.org/igmap/def/issue/cybersecurity>' \
         https://w3id.org/igmap/def/issue/cybersecurity 3.1; do
  igm query -f csv bodies-for-issue --param issue="$v" > "$tmp/alt" 2>"$tmp/err" || fail "issue=$v: $(cat "$tmp/err")"
  cmp -s "$tmp/ref" "$tmp/alt" || fail "issue=$v gives another answer than issue:cybersecurity"
done
igm query -f csv issues-of-body --param body=body:cstd > "$tmp/ref" || fail "reference run"
for v in cstd CSTD 'Commission on Science and Technology for Development' \
         'commission  on science and technology for development'; do
  igm query -f csv issues-of-body --param body="$v" > "$tmp/alt" 2>"$tmp/err" || fail "body=$v: $(cat "$tmp/err")"
  cmp -s "$tmp/ref" "$tmp/alt" || fail "body=$v gives another answer than body:cstd"
done
igm query -f csv document-provisions --param document=A/RES/70/125 > "$tmp/a" || fail "document by symbol"
igm query -f csv document-provisions --param document=a-res-70-125 > "$tmp/b" || fail "document by key"
cmp -s "$tmp/a" "$tmp/b" || fail "document symbol and key differ"
igm query -f csv provision-cites --param 'provision=ta:para_35\/point_a' > "$tmp/a" || fail "escaped slash"
igm query -f csv provision-cites --param provision=ta:para_35/point_a > "$tmp/b" || fail "plain slash"
cmp -s "$tmp/a" "$tmp/b" || fail "escaped and plain slash differ"

run_golden param-ambiguous 2 query issues-of-body --param body=WGEC
run_golden param-unknown 2 query issues-of-body --param body=CTSD
run_golden param-wrong-kind 2 query issues-of-body --param body=cybersecurity
run_golden param-unknown-iri 2 query bodies-for-issue --param issue=issue:no-such-issue
run_golden param-missing 2 query bodies-for-issue
run_golden param-undeclared 2 query bodies-for-issue --param issue=spam --param colour=red
run_golden param-malformed 2 query bodies-for-issue --param issue
run_golden param-empty 2 query bodies-for-issue --param issue=
run_golden query-unknown-name 4 query no-such-canned-query
finish
