igmap --store s init --empty
igmap --store s stats --format csv
