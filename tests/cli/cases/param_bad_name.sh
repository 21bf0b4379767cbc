igmap --store memory: query --param 'a b=1' -e 'ASK { ?s ?p ?o }'
