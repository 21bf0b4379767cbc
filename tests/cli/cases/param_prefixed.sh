igmap -q --store s init --empty
igmap -q --store s load $FIX/small.ttl
igmap --store s query --format csv --param b=ex:cstd -e 'SELECT ?l WHERE { $b <http://www.w3.org/2000/01/rdf-schema#label> ?l }'
