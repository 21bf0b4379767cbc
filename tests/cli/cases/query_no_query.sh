igmap --store s query
