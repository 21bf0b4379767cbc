/* sparql_plan.h: igmap's join planner and its own evaluation of basic graph patterns and left
 * joins over the store's indexes.
 *
 * The planner orders the triple patterns of a basic graph pattern by their estimated number of
 * matches, given the variables already bound: from the LMDB store's statistics (quads,
 * distinct subjects and objects per predicate) when there are any, else from which positions
 * are bound. A pattern that shares a variable with what is bound always goes before one that
 * does not (no cartesian product while a connected pattern is left).
 *
 * The evaluator runs a group made of triple patterns, OPTIONALs of triple patterns and FILTERs
 * of the form BOUND(?v) / !BOUND(?v) itself: an index nested-loop join in the planned order,
 * each OPTIONAL evaluated once per left row with that row's values pushed into its lookups (a
 * left join in time proportional to its output, where rasqal re-evaluates the right side for
 * every left row).
 *
 * Ownership: SpEval is the caller's; SpTable and its nodes are owned by the table
 * (sp_table_free). Query nodes are borrowed. */
#ifndef IGMAP_SPARQL_PLAN_H
#define IGMAP_SPARQL_PLAN_H

#include <librdf.h>
#include <stdio.h>

#include "sparql.h"

typedef struct SpEval {
  librdf_world *world;
  librdf_model *model;     /* what triple patterns are matched in */
  librdf_node *ctx;        /* the default graph's context in model, or NULL: every statement */
  librdf_storage *stats;   /* an LMDB storage whose statistics the planner reads, or NULL */
  FILE *explain;           /* where the plan is printed, or NULL */
  unsigned long lookups;   /* index lookups made (for --explain) */
} SpEval;

typedef struct SpTable {
  size_t nvars;
  char **vars;
  size_t nrows, cap;
  librdf_node **cells; /* nrows * nvars; NULL = unbound */
} SpTable;

void sp_table_free(SpTable *t);

/* Orders the triple patterns in g->kids[from .. to-1] (all SP_TRIPLE) given the variables in
 * `bound`; prints the order and estimates when ev->explain is set. */
void sp_plan_order(SpEval *ev, SpNode *g, size_t from, size_t to, const SpNode *bound);

/* 1 if igmap evaluates group g itself (sp_eval_group), else 0. */
int sp_eval_supported(const SpNode *g);

/* Evaluates group g (sp_eval_supported) into *out; at most max_rows rows (-1: no limit):
 * returns 0, or 1 when there were more rows than that, or when a row holds a blank node (the
 * caller then lets rasqal evaluate the group). */
int sp_eval_group(SpEval *ev, const SpNode *g, long max_rows, SpTable **out);

#endif
