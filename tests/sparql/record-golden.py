#!/usr/bin/python3
# record-golden.py DATA CASES: records the answers of rdflib (a second engine, python3-rdflib on
# Debian 12) to cases/*.rq as cases/*.csv. Run once by hand, never in CI. One golden is corrected
# by hand afterwards: group-by-empty.csv (rdflib 6.1 gives one row; SPARQL 1.1 gives none).
import sys, glob, os, rdflib
g = rdflib.ConjunctiveGraph(); g.get_context(rdflib.URIRef('file://' + os.path.abspath(sys.argv[1]))).parse(sys.argv[1], format='turtle')
for rq in sorted(glob.glob(os.path.join(sys.argv[2], '*.rq'))):
    q = open(rq).read()
    res = g.query(q, base='file://' + os.path.abspath(rq))
    out = res.serialize(format='csv').decode('utf-8')
    open(rq[:-3] + '.csv', 'w', newline='').write(out)
    print(os.path.basename(rq), len(out.splitlines()) - 1, 'rows')
