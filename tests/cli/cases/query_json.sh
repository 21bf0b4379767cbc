igmap -q --store s init --empty
igmap -q --store s load $FIX/small.ttl
igmap --store s query --format json -e 'PREFIX ex: <http://example.org/> SELECT ?b ?m WHERE { ?b a ex:Body OPTIONAL { ?b ex:members ?m } } ORDER BY ?b'
