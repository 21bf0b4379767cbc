/* sparql_exec.h: runs a parsed SPARQL query over a dataset (see query_exec.h for IgmDataset).
 * Ownership: the query and dataset are borrowed; *out is a new IgmResults the caller frees. */
#ifndef IGMAP_SPARQL_EXEC_H
#define IGMAP_SPARQL_EXEC_H

#include <stdio.h>

#include "query_exec.h"
#include "results.h"
#include "sparql.h"

/* Errors are printed naming `source`; the status is the exit code. */
IgmStatus sp_execute(const SpQuery *q, const char *source, const IgmDataset *ds,
                     IgmResults **out);

/* Where `igmap query --explain` prints the plan (the join orders and their estimates, what
 * igmap evaluates and what rasqal runs); NULL (the default) prints nothing. */
void sp_set_explain(FILE *out);

#endif
