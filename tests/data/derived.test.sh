#!/usr/bin/env bash
# igmap derives what the data never asserts: ig:inDocument, eli:has_part, skos:broaderTransitive,
# org:transitiveSubOrganizationOf, ig:addresses, ig:addressedTo and inferred types.
. "$(dirname "$0")/lib.sh"
init_store
igm query --format csv -e '
PREFIX ig: <https://w3id.org/igmap/def/ig#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?s ?p ?o WHERE {
  GRAPH <https://w3id.org/igmap/graph/inferred> { ?s ?p ?o }
  FILTER(?s IN (<https://w3id.org/igmap/id/doc/tunis-agenda-2005/para_35/point_a>,
                <https://w3id.org/igmap/def/issue/affordable-connectivity>,
                <https://w3id.org/igmap/id/body/wgec>,
                <https://w3id.org/igmap/id/doc/wgec-2018-chair-draft/rec_19>))
  FILTER(?p IN (ig:inDocument, skos:broaderTransitive, org:transitiveSubOrganizationOf, ig:addresses,
                ig:addressedTo, <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>))
}
ORDER BY ?s ?p ?o' > "$tmp/d.out" || fail "query failed"
compare derived.csv "$tmp/d.out"
