igmap query -e 'ASK { ?s ?p ?o }' --format csv
ls default-store
