igmap --store memory: query --param x=1 -e 'ASK { ?s ?p ?o }'
