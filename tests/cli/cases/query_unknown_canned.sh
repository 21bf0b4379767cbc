igmap --store s query nosuchquery
