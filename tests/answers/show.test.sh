#!/usr/bin/env bash
# igmap show TERM: one node of each kind, the spellings of a term, ambiguous and unknown terms.
. "$(dirname "$0")/lib.sh"
run_golden show-body 0 show CSTD
run_golden show-issue 0 show issue:cybersecurity
run_golden show-provision 0 show 'Tunis Agenda para 69'
run_golden show-recommendation 0 show draft:rec_17
run_golden show-document 0 show A/RES/70/125
run_golden show-meeting 0 show 'WGEC 5th meeting'
run_golden show-action-line 0 show C5
igm show body:cstd > "$tmp/a" || fail "show body:cstd"
for t in cstd '<https://w3id.org/igmap/id/body/cstd>' https://w3id.org/igmap/id/body/cstd \
         'Commission on Science and Technology for Development'; do
  igm show "$t" > "$tmp/b" 2>"$tmp/err" || fail "show $t: $(cat "$tmp/err")"
  cmp -s "$tmp/a" "$tmp/b" || fail "show $t differs from show body:cstd"
done
run_golden show-ambiguous 2 show WGEC
run_golden show-unknown 2 show 'Internet Governanse Forum'
run_golden show-unknown-iri 2 show body:no-such-body
run_golden show-no-term 2 show
run_golden show-two-terms 2 show CSTD IGF
finish
