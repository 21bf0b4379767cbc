igmap -q --store s init --empty
igmap -q --store s load $FIX/small.ttl
igmap --store s query --format tsv -e 'PREFIX ex: <http://example.org/> SELECT ?b ?m ?n WHERE { ?b a ex:Body OPTIONAL { ?b ex:members ?m } OPTIONAL { ?b ex:note ?n } } ORDER BY ?b'
