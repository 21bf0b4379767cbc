igmap --store s load
