igmap -q --store s init --empty
igmap -q --store s load $FIX/small.ttl
igmap --store s query --format csv --param n=43 -e 'SELECT ?b WHERE { ?b <http://example.org/members> ?n }'
