igmap query --check -e 'SELECT ?x WHERE { ?x ?p ?o }'
