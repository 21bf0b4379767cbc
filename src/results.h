/* results.h: a query answer held in memory, independent of where it came from
 * (rasqal through librdf, or igmap's own evaluation), written by the formatters of format.c.
 * Ownership: IgmResults owns every string, node and statement it holds; igm_results_free frees
 * them all. Functions that "add" a node or statement take ownership of it. */
#ifndef IGMAP_RESULTS_H
#define IGMAP_RESULTS_H

#include <librdf.h>
#include <stddef.h>

#include "status.h"

typedef enum IgmResultKind { IGM_RES_BINDINGS, IGM_RES_BOOLEAN, IGM_RES_GRAPH } IgmResultKind;

typedef struct IgmResults {
  IgmResultKind kind;
  int boolean;        /* IGM_RES_BOOLEAN */
  size_t nvars;       /* IGM_RES_BINDINGS: column names without '?' */
  char **vars;
  size_t nrows, rows_cap;
  librdf_node **cells; /* nrows * nvars, row-major; NULL = unbound */
  size_t ntriples, triples_cap;
  librdf_statement **triples; /* IGM_RES_GRAPH */
  int ordered;                /* the query had a top-level ORDER BY: keep row order */
} IgmResults;

IgmResults *igm_results_new(IgmResultKind kind);
void igm_results_free(IgmResults *r); /* NULL is a no-op */
IgmStatus igm_results_add_var(IgmResults *r, const char *name);
/* Appends one row of nvars cells (taken over; NULL entries are unbound). */
IgmStatus igm_results_add_row(IgmResults *r, librdf_node **cells);
IgmStatus igm_results_add_triple(IgmResults *r, librdf_statement *st);
/* Reads every row/triple/boolean from a librdf query result (which stays owned by the caller). */
IgmStatus igm_results_from_librdf(librdf_query_results *qr, IgmResults **out);

#endif
