#!/usr/bin/env bash
# The sizes the data contract promises (issue: all 15 introduction paragraphs and 21 recommendation
# items of the draft, 122 Tunis Agenda paragraphs, >= 45 bodies, >= 150 engagements over >= 35 bodies
# and >= 30 issues or action lines). One COUNT per query: rasqal mis-answers a UNION of aggregate
# subqueries, and COUNT(DISTINCT ?v) miscounts (so distinct counts use a DISTINCT subquery).
. "$(dirname "$0")/lib.sh"
init_store
P='PREFIX ig: <https://w3id.org/igmap/def/ig#> PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX doc: <https://w3id.org/igmap/id/doc/>'
count() {
  local n
  n=$(igm query --format tsv -e "$P $2" | tail -n 1 | tr -d '\r') || fail "query for '$1' failed"
  echo "$1,$n"
}
{
  count "draft introduction paragraphs" 'SELECT (COUNT(*) AS ?n) WHERE { ?p ig:inDocument doc:wgec-2018-chair-draft ; ig:section "Introduction" }'
  count "draft recommendation items" 'SELECT (COUNT(*) AS ?n) WHERE { ?p ig:inDocument doc:wgec-2018-chair-draft ; ig:section "Recommendations" }'
  count "draft recommendations" 'SELECT (COUNT(*) AS ?n) WHERE { ?p ig:inDocument doc:wgec-2018-chair-draft ; a ig:Recommendation }'
  count "draft proposals (recommendations included)" 'SELECT (COUNT(*) AS ?n) WHERE { ?p ig:inDocument doc:wgec-2018-chair-draft ; a ig:Proposal }'
  count "Tunis Agenda paragraphs" 'SELECT (COUNT(*) AS ?n) WHERE { ?p eli:is_part_of doc:tunis-agenda-2005 ; ig:section ?s FILTER(?s != "Annex") }'
  count "Tunis Agenda sub-items" 'SELECT (COUNT(*) AS ?n) WHERE { ?p ig:inDocument doc:tunis-agenda-2005 ; eli:is_part_of ?parent . ?parent a ig:Provision }'
  count "A/RES/70/125 paragraphs" 'SELECT (COUNT(*) AS ?n) WHERE { ?p ig:inDocument doc:a-res-70-125 }'
  count "documents" 'SELECT (COUNT(*) AS ?n) WHERE { ?d a ig:Document }'
  count "bodies" 'SELECT (COUNT(*) AS ?n) WHERE { ?b a ig:Body }'
  count "bodies with a parent" 'SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?b WHERE { ?b a ig:Body ; <http://www.w3.org/ns/org#subOrganizationOf> ?p } } }'
  count "meetings" 'SELECT (COUNT(*) AS ?n) WHERE { ?m a ig:Meeting }'
  count "engagements" 'SELECT (COUNT(*) AS ?n) WHERE { ?e a ig:Engagement }'
  count "engagements asserted in source" 'SELECT (COUNT(*) AS ?n) WHERE { ?e ig:status <https://w3id.org/igmap/def/status/asserted-in-source> }'
  count "engagements curator-inferred" 'SELECT (COUNT(*) AS ?n) WHERE { ?e ig:status <https://w3id.org/igmap/def/status/curator-inferred> }'
  count "bodies with an engagement" 'SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?b WHERE { ?e ig:body ?b } } }'
  count "issues engaged" 'SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?t WHERE { ?e ig:target ?t . ?t a ig:Issue } } }'
  count "action lines engaged" 'SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?t WHERE { ?e ig:target ?t . ?t a ig:ActionLine } } }'
  count "issues" 'SELECT (COUNT(*) AS ?n) WHERE { ?i a ig:Issue }'
  count "action lines" 'SELECT (COUNT(*) AS ?n) WHERE { ?a a ig:ActionLine }'
  count "characteristics" 'SELECT (COUNT(*) AS ?n) WHERE { ?c a ig:Characteristic }'
} > "$tmp/c.out"
compare dataset-counts.csv "$tmp/c.out"
