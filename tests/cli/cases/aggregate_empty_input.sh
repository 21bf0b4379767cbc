igmap -q --store s init --empty
igmap -q --store s load $FIX/small.ttl
igmap --store s query --format csv -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/none> ?o }'
igmap --store s query --format csv -e 'SELECT ?o (COUNT(?s) AS ?n) WHERE { ?s <http://example.org/none> ?o } GROUP BY ?o'
