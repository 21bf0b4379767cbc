igmap -q --store s init --empty
igmap -q --store s load $FIX/landscape.ttl
igmap --store s stats
igmap --store s stats --format json | head -8
