igmap -q --store s init --empty
igmap -q --store s load $FIX/small.ttl
igmap --store s query --format csv $FIX/labels.rq
