igmap --store s query --format yaml -e 'ASK {}'
