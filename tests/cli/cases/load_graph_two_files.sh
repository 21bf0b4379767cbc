igmap --store s load --graph graph:x $FIX/small.nt $FIX/small.ttl
