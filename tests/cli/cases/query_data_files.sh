igmap --store memory: query --format csv --data $FIX/small.ttl --data $FIX/small.nt $FIX/labels.rq
