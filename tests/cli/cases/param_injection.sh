igmap -q --store s init --empty
igmap -q --store s load $FIX/small.ttl
for v in 'CSTD" } ?s ?p ?o . { "x' "x' } UNION { ?s ?p ?o } #" '<http://x> } UNION { ?s ?p ?o' 'a
b\\' '} >'; do igmap --store s query --format csv --param l="$v" -e 'SELECT ?b WHERE { ?b <http://www.w3.org/2000/01/rdf-schema#label> ?l }'; done
