/* query_exec.h: the one door through which SPARQL text becomes an answer.
 * cmd_query.c (and the canned-answer commands) call only these functions; how the query is
 * parsed, checked, rewritten and evaluated (rasqal, or igmap's own evaluation) is decided here.
 *
 * Ownership: the dataset is borrowed; *out is a new IgmResults the caller frees. */
#ifndef IGMAP_QUERY_EXEC_H
#define IGMAP_QUERY_EXEC_H

#include <librdf.h>
#include <stddef.h>

#include "results.h"
#include "status.h"

/* What a query runs against.
 * - A store: default_is_union = 1; every statement lives in a context (named graph), the default
 *   graph is the union of all of them (graph:inferred included), GRAPH ?g reaches each.
 * - --data / --named files: each file was loaded into its own context named by its file URI
 *   (file:///abs/path); default_graphs lists the contexts whose merge is the default graph (the
 *   --data files), named_graphs those reachable through GRAPH (the --named files). A file given
 *   as both appears in both lists. default_is_union = 0. */
typedef struct IgmDataset {
  librdf_world *world;
  librdf_model *model;
  int default_is_union;
  size_t ndefault;
  char **default_graphs;
  size_t nnamed;
  char **named_graphs;
} IgmDataset;

/* Parse only (query --check): IGM_OK or IGM_ESYNTAX, with diagnostics naming source_name. */
IgmStatus igm_query_check(const char *text, const char *source_name, const char *base_uri);

/* Parse, check, run. source_name is used in diagnostics (a file name, "-e" or "<stdin>");
 * base_uri resolves relative IRIs in the query. Errors are printed; the status is the exit code
 * (IGM_ESYNTAX for syntax errors and refused constructs). */
IgmStatus igm_query_execute(const char *text, const char *source_name, const char *base_uri,
                            const IgmDataset *ds, IgmResults **out);

#endif
