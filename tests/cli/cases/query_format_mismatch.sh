igmap -q --store s init --empty
igmap --store s query --format csv -e 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
