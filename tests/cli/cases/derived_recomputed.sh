igmap -q --store s init --empty
igmap -q --store s load $FIX/landscape.ttl
printf '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<https://w3id.org/igmap/def/issue/security> skos:broader <https://w3id.org/igmap/def/issue/top> .\n' > more.ttl
igmap -q --store s load more.ttl
igmap --store s query --format csv -e 'SELECT ?x WHERE { ?x <http://www.w3.org/2004/02/skos/core#broaderTransitive> <https://w3id.org/igmap/def/issue/top> } ORDER BY ?x'
printf '' > more.ttl
igmap -q --store s load more.ttl
igmap --store s query --format csv -e 'SELECT ?x WHERE { ?x <http://www.w3.org/2004/02/skos/core#broaderTransitive> <https://w3id.org/igmap/def/issue/top> } ORDER BY ?x'
