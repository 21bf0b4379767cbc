igmap --store memory: query -e 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }' > /dev/full
