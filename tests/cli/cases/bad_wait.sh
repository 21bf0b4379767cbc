igmap --wait soon --store s load x.ttl
