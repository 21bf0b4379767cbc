igmap --store s load --format yaml $FIX/small.nt
