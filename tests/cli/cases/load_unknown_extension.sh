cp $FIX/small.nt data.txt
igmap --store s load data.txt
