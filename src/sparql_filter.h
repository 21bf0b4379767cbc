/* sparql_filter.h: FILTER expressions igmap evaluates itself (see sparql_filter.c). */
#ifndef IGMAP_SPARQL_FILTER_H
#define IGMAP_SPARQL_FILTER_H

#include <librdf.h>
#include <stddef.h>

#include "sparql.h"

/* results of sp_filter_eval besides 0 (false) and 1 (true) */
#define SP_F_ERROR 2     /* an expression error: the FILTER rejects the row */
#define SP_F_UNDECIDED 3 /* igmap cannot decide this value exactly: leave the query to rasqal */

/* 1 if e is an expression sp_filter_eval handles */
int sp_filter_supported(const SpNode *e);

/* e over one row (vars[i] is the name of row[i]; NULL = unbound) */
int sp_filter_eval(const SpNode *e, char *const *vars, size_t nvars, librdf_node *const *row);

#endif
