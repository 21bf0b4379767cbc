igmap --store memory: query --param novalue -e 'ASK { ?s ?p ?o }'
