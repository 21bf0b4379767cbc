igmap -q --store s init --empty
igmap --store s load $FIX/bad.ttl
