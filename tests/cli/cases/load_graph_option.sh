igmap -q --store s init --empty
igmap --store s load --graph '<http://example.org/mine>' $FIX/small.nt
igmap --store s load -g graph:other $FIX/small.nt
igmap --store s query -f csv -e 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g'
