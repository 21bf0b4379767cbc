igmap -q --store s init --empty
igmap -q --store s load $FIX/small.ttl
Q='PREFIX ex: <http://example.org/> CONSTRUCT { ?b ex:size ?m } WHERE { ?b ex:members ?m }'
for f in turtle ntriples rdfxml; do igmap --store s query --format $f -e "$Q"; done
