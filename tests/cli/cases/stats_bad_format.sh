igmap --store s stats --format yaml
