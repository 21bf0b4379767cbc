igmap --store s query -e 'ASK {}' other.rq
