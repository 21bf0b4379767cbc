igmap -q --store s init --empty
igmap -q --store s load $FIX/small.ttl
while IFS= read -r q; do igmap --store s query -e "$q" 2>&1 || echo "exit $?"; done <<'Q'
SELECT ?x WHERE { ?x <http://example.org/p>+ ?y }
SELECT ?x WHERE { ?x <http://example.org/p>/<http://example.org/q> ?y }
SELECT ?x WHERE { ?x a ?c FILTER NOT EXISTS { ?x <http://example.org/p> ?y } }
SELECT ?x WHERE { ?x a ?c FILTER EXISTS { ?x <http://example.org/p> ?y } }
SELECT ?x WHERE { ?x a ?c MINUS { ?x <http://example.org/p> ?y } }
SELECT ?x WHERE { VALUES ?x { <http://example.org/igf> <http://example.org/cstd> } ?x a ?c }
SELECT (GROUP_CONCAT(?l; SEPARATOR=", ") AS ?all) WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l }
SELECT ?k (COUNT(*) AS ?n) WHERE { ?s a ?t } GROUP BY (STR(?t) AS ?k)
SELECT ?x (COUNT(?m) AS ?n) WHERE { ?x a ?c OPTIONAL { ?x <http://example.org/members> ?m } } GROUP BY ?x
DESCRIBE <http://example.org/igf>
INSERT DATA { <http://a> <http://b> <http://c> }
SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }
SELECT ?s FROM <http://example.org/g> WHERE { ?s ?p ?o }
SELECT (CONCAT(STR(?m), "-x") AS ?c) WHERE { ?x <http://example.org/members> ?m }
SELECT ?s ?d WHERE { BIND(?n * 2 AS ?d) ?s <http://example.org/members> ?n }
SELECT (YEAR(?d) AS ?y) WHERE { ?s <http://example.org/founded> ?d }
SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER REGEX(?l, "\\d") }
SELECT ?s WHERE { GRAPH <http://example.org/not-a-graph> { ?s ?p ?o } }
Q
