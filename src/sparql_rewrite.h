/* sparql_rewrite.h: rewrites of a parsed query into SPARQL that rasqal 0.9.33 runs correctly.
 * Ownership: sp_rewrite changes the query in place; `named` stays owned by the caller. The
 * path callback borrows s, path, o and graph and appends the patterns it makes to `out`. */
#ifndef IGMAP_SPARQL_REWRITE_H
#define IGMAP_SPARQL_REWRITE_H

#include "sparql.h"
#include "status.h"

typedef struct SpRewrite SpRewrite;

/* Evaluates  s path o  (path is p*, p+ or p?) over the graph `graph` (NULL: the default graph;
 * an SP_IRI or SP_VAR of an enclosing GRAPH) and appends patterns that bind the same
 * solutions to `out`. */
typedef IgmStatus (*SpPathFn)(SpRewrite *rw, const SpNode *s, const SpNode *path,
                              const SpNode *o, const SpNode *graph, SpNode *out);

struct SpRewrite {
  const char *source;        /* for diagnostics */
  int fresh;                 /* counter of fresh variables (?__igmN) */
  const char *default_graph; /* when set, triples outside GRAPH go in GRAPH <default_graph> */
  const SpNode *named;       /* SP_LIST of SP_IRI that GRAPH may reach; NULL: any graph */
  const char *hidden_prefix; /* set when the data holds igmap's own rows, whose predicates
                                start with this: variable predicates must not match them */
  SpPathFn path_cb;          /* NULL: p*, p+, p? are refused */
  void *ud;                  /* for path_cb */
  SpNode *concat_fix;        /* SP_LIST the rewrite fills with SP_VAR nodes whose sep is the
                                GROUP_CONCAT separator to apply to that column; NULL: refuse */
  SpNode *fixes;             /* SP_LIST the rewrite fills with SP_VAR nodes naming result
                                columns igmap corrects (flag: SP_FIX_*); NULL: refuse */
  /* Orders the run of triple patterns g->kids[from .. to-1], given the variables bound by
   * what precedes it in the group (the join planner); NULL: the written order is kept. */
  void (*order_cb)(SpRewrite *rw, SpNode *g, size_t from, size_t to, const SpNode *bound);
};

enum { SP_FIX_UCASE = 1, SP_FIX_LCASE = 2 };

/* Rewrites q in place (SELECT * expanded, DESCRIBE turned into CONSTRUCT, ...). Returns
 * IGM_ESYNTAX, with a diagnostic, for a construct that cannot be answered correctly. */
IgmStatus sp_rewrite(SpRewrite *rw, SpQuery *q);

int sp_query_has_graph(const SpNode *n);
int sp_query_has_closure_path(const SpNode *n);
int sp_query_has_aggregate(const SpQuery *q);

#endif
