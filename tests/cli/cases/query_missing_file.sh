igmap --store s query nosuch/file.rq
