/* results.c: see results.h. */
#include "results.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

IgmResults *igm_results_new(IgmResultKind kind)
{
  IgmResults *r = igm_xmalloc(sizeof *r);
  memset(r, 0, sizeof *r);
  r->kind = kind;
  return r;
}

void igm_results_free(IgmResults *r)
{
  size_t i;
  if (!r)
    return;
  for (i = 0; i < r->nrows * r->nvars; i++)
    if (r->cells[i])
      librdf_free_node(r->cells[i]);
  free(r->cells);
  for (i = 0; i < r->nvars; i++)
    free(r->vars[i]);
  free(r->vars);
  for (i = 0; i < r->ntriples; i++)
    librdf_free_statement(r->triples[i]);
  free(r->triples);
  free(r);
}

IgmStatus igm_results_add_var(IgmResults *r, const char *name)
{
  if (r->nrows) /* columns are fixed once rows exist */
    return IGM_EINTERNAL;
  r->vars = igm_xrealloc(r->vars, (r->nvars + 1) * sizeof *r->vars);
  r->vars[r->nvars++] = igm_strdup(name);
  return IGM_OK;
}

IgmStatus igm_results_add_row(IgmResults *r, librdf_node **cells)
{
  if (r->nrows == r->rows_cap) {
    r->rows_cap = r->rows_cap ? r->rows_cap * 2 : 64;
    r->cells = igm_xrealloc(r->cells, r->rows_cap * (r->nvars ? r->nvars : 1) * sizeof *r->cells);
  }
  if (r->nvars)
    memcpy(r->cells + r->nrows * r->nvars, cells, r->nvars * sizeof *cells);
  r->nrows++;
  return IGM_OK;
}

IgmStatus igm_results_add_triple(IgmResults *r, librdf_statement *st)
{
  if (r->ntriples == r->triples_cap) {
    r->triples_cap = r->triples_cap ? r->triples_cap * 2 : 64;
    r->triples = igm_xrealloc(r->triples, r->triples_cap * sizeof *r->triples);
  }
  r->triples[r->ntriples++] = st;
  return IGM_OK;
}

IgmStatus igm_results_from_librdf(librdf_query_results *qr, IgmResults **out)
{
  IgmResults *r = NULL;
  *out = NULL;
  if (librdf_query_results_is_boolean(qr)) {
    int b = librdf_query_results_get_boolean(qr);
    if (b < 0)
      return IGM_ESYNTAX;
    r = igm_results_new(IGM_RES_BOOLEAN);
    r->boolean = b > 0;
  } else if (librdf_query_results_is_bindings(qr)) {
    int n = librdf_query_results_get_bindings_count(qr), i;
    librdf_node **row;
    r = igm_results_new(IGM_RES_BINDINGS);
    for (i = 0; i < n; i++) {
      const char *name = librdf_query_results_get_binding_name(qr, i);
      igm_results_add_var(r, name ? name : "");
    }
    row = igm_xmalloc(((size_t)n + 1) * sizeof *row);
    while (!librdf_query_results_finished(qr)) {
      for (i = 0; i < n; i++)
        row[i] = librdf_query_results_get_binding_value(qr, i);
      igm_results_add_row(r, row);
      if (librdf_query_results_next(qr))
        break;
    }
    free(row);
  } else if (librdf_query_results_is_graph(qr)) {
    librdf_stream *st = librdf_query_results_as_stream(qr);
    r = igm_results_new(IGM_RES_GRAPH);
    while (st && !librdf_stream_end(st)) {
      librdf_statement *s = librdf_stream_get_object(st);
      if (s)
        igm_results_add_triple(r, librdf_new_statement_from_statement(s));
      librdf_stream_next(st);
    }
    if (st)
      librdf_free_stream(st);
  } else {
    return IGM_EINTERNAL;
  }
  *out = r;
  return IGM_OK;
}
