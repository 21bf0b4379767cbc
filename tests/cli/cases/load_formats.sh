igmap -q --store s init --empty
igmap --store s load $FIX/small.ttl $FIX/small.nt $FIX/small.rdf
igmap --store s stats --format csv | grep -v inferred
