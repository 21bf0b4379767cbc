igmap --store s load - < $FIX/small.nt
