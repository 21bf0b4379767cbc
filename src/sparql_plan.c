/* sparql_plan.c: the join planner and igmap's own evaluation of basic graph patterns and left
 * joins (see sparql_plan.h). */
#include "sparql_plan.h"

#include <stdlib.h>
#include <string.h>

#include "sparql_filter.h"
#include "store_lmdb.h"

#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

void sp_table_free(SpTable *t)
{
  size_t i;
  if (!t)
    return;
  for (i = 0; i < t->nrows * t->nvars; i++)
    if (t->cells[i])
      librdf_free_node(t->cells[i]);
  for (i = 0; i < t->nvars; i++)
    free(t->vars[i]);
  free(t->vars);
  free(t->cells);
  free(t);
}

/* ------------------------------------------------------------ estimates */

static int term_bound(const SpNode *t, const SpNode *bound)
{
  return t->kind != SP_VAR || sp_list_has_var(bound, t->str);
}

static double estimate(SpEval *ev, const SpNode *t, const SpNode *bound)
{
  int sb = term_bound(t->kids[0], bound), ob = term_bound(t->kids[2], bound);
  const SpNode *p = t->kids[1];
  double q = 0, s = 0, o = 0;
  if (p->kind == SP_IRI && ev->stats) {
    IgmLmdbPredicateStat ps;
    librdf_node *pn = librdf_new_node_from_uri_string(ev->world, (const unsigned char *)p->str);
    if (igm_lmdb_predicate_stats(ev->stats, pn, &ps) == 0) {
      q = (double)ps.quads;
      s = ps.subjects ? (double)ps.subjects : 1;
      o = ps.objects ? (double)ps.objects : 1;
    }
    librdf_free_node(pn);
    if (q == 0)
      return 0;
  } else {
    /* no statistics: a bound predicate narrows to 1000, subjects to 10, objects to 50 */
    uint64_t n = 100000;
    if (ev->stats)
      igm_lmdb_graph_size(ev->stats, NULL, &n);
    q = term_bound(p, bound) ? 1000 : (double)(n ? n : 100000);
    s = q / 10;
    o = q / 50;
    if (p->kind == SP_IRI && strcmp(p->str, RDF_TYPE) == 0)
      o = 5; /* few classes, many members */
  }
  if (sb && ob)
    return q / s / o < 1 ? q / s / o : 1;
  if (sb)
    return q / s;
  if (ob)
    return q / o;
  return q;
}

static int shares_var(const SpNode *t, const SpNode *bound)
{
  int k;
  for (k = 0; k < 3; k++)
    if (t->kids[k]->kind == SP_VAR && sp_list_has_var(bound, t->kids[k]->str))
      return 1;
  return 0;
}

void sp_plan_order(SpEval *ev, SpNode *g, size_t from, size_t to, const SpNode *bound_in)
{
  SpNode *bound = sp_node_copy(bound_in);
  size_t i, k;
  for (i = from; i < to; i++) {
    size_t best = i;
    double best_est = 0;
    int best_conn = -1;
    for (k = i; k < to; k++) {
      double est = estimate(ev, g->kids[k], bound);
      int conn = shares_var(g->kids[k], bound) || (i == from && bound->n == 0);
      if (best_conn < 0 || conn > best_conn || (conn == best_conn && est < best_est)) {
        best = k;
        best_est = est;
        best_conn = conn;
      }
    }
    if (best != i) {
      SpNode *t = g->kids[best];
      memmove(&g->kids[i + 1], &g->kids[i], (best - i) * sizeof *g->kids);
      g->kids[i] = t;
    }
    if (ev->explain) {
      char *text = sp_serialize_node(g->kids[i]);
      size_t len = text ? strlen(text) : 0;
      while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
        text[--len] = '\0';
      fprintf(ev->explain, "    %zu. %-70s est %.0f%s\n", i - from + 1, text ? text : "",
              best_est, best_conn ? "" : "  (not connected)");
      free(text);
    }
    sp_scope_vars(g->kids[i], bound);
  }
  sp_node_free(bound);
}

/* ------------------------------------------------------------ evaluation */

/* Terms igmap looks up exactly as rasqal does: variables and IRIs without dot segments.
 * Literal constants are left to rasqal, which matches language tags without regard to case
 * and numbers by value; raptor removes ./ and ../ from IRIs. */
static int plain_triple(const SpNode *t)
{
  int k;
  if (t->kind != SP_TRIPLE)
    return 0;
  for (k = 0; k < 3; k++) {
    const SpNode *x = t->kids[k];
    if (x->kind == SP_VAR)
      continue;
    if (x->kind != SP_IRI || strstr(x->str, "/./") || strstr(x->str, "/../"))
      return 0;
  }
  return 1;
}

int sp_eval_supported(const SpNode *g)
{
  size_t i, k;
  int ntriples = 0, nfilters = 0, optional_seen = 0, union_seen = 0, bind_seen = 0;
  if (!g || g->kind != SP_GROUP)
    return 0;
  for (i = 0; i < g->n; i++) {
    const SpNode *e = g->kids[i];
    if (e->kind == SP_TRIPLE) {
      /* a triple pattern after an OPTIONAL joins with the left join's result: the OPTIONAL
       * may bind its variables first (igmap joins every triple pattern before any OPTIONAL) */
      if (!plain_triple(e) || ntriples >= 64 || optional_seen || bind_seen) /* Ev: 64 patterns */
        return 0;
      ntriples++;
      continue;
    }
    if (e->kind == SP_UNION) {
      /* one UNION of groups igmap evaluates, joined with the group's triple patterns */
      if (union_seen || optional_seen || bind_seen)
        return 0;
      union_seen = 1;
      for (k = 0; k < e->n; k++)
        if (e->kids[k]->kind != SP_GROUP || !sp_eval_supported(e->kids[k]))
          return 0;
      continue;
    }
    if (e->kind == SP_BIND) {
      /* BIND of a quoted literal or an IRI, after the patterns, to a variable nothing else in
       * the group binds */
      const SpNode *c = e->kids[0];
      SpNode *others;
      int clash;
      if (!(c->kind == SP_IRI || (c->kind == SP_LITERAL && !(c->flag & SP_LIT_BARE))) ||
          e->kids[1]->kind != SP_VAR)
        return 0;
      others = sp_node_new(SP_LIST, NULL, 0, 0);
      for (k = 0; k < g->n; k++)
        if (k != i)
          sp_scope_vars(g->kids[k], others);
      clash = sp_list_has_var(others, e->kids[1]->str);
      sp_node_free(others);
      if (clash)
        return 0;
      bind_seen = 1;
      continue;
    }
    if (e->kind == SP_OPTIONAL) {
      const SpNode *o = e->kids[0];
      if (bind_seen)
        return 0;
      optional_seen = 1;
      if (o->kind != SP_GROUP || o->n == 0 || o->n > 64)
        return 0;
      for (k = 0; k < o->n; k++)
        if (!plain_triple(o->kids[k]))
          return 0;
      continue;
    }
    if (e->kind == SP_FILTER) {
      const SpNode *f = e->kids[0];
      if (f->kind == SP_OP && strcmp(f->str, "!") == 0 && f->n == 1)
        f = f->kids[0];
      if (++nfilters > 32) /* sp_eval_group holds 32 of each kind */
        return 0;
      if (f->kind == SP_CALL && strcmp(f->str, "BOUND") == 0 && f->n == 1 &&
          f->kids[0]->kind == SP_VAR)
        continue;
      if (sp_filter_supported(e->kids[0]))
        continue;
      return 0;
    }
    return 0;
  }
  return ntriples > 0 || union_seen;
}

typedef struct Ev {
  SpEval *ev;
  SpTable *t;
  const SpNode *pats[64]; /* the patterns being joined, in order */
  size_t npats;
  int *col[64]; /* column of each position's variable, -1 if none */
  librdf_node *consts[64][3];
  long max_rows;
  int overflow;
  int exists_only; /* stop at the first solution */
  int found;
  /* FILTERs evaluated inside the join, each as soon as its variables are bound */
  const SpNode *fexpr[32];
  size_t fdepth[32];
  size_t nf;
  int undecided; /* a FILTER igmap cannot decide: the caller leaves the query to rasqal */
} Ev;

static int var_col(SpTable *t, const char *name)
{
  size_t i;
  for (i = 0; i < t->nvars; i++)
    if (strcmp(t->vars[i], name) == 0)
      return (int)i;
  return -1;
}

static librdf_node *const_node(SpEval *ev, const SpNode *t)
{
  if (t->kind == SP_IRI)
    return librdf_new_node_from_uri_string(ev->world, (const unsigned char *)t->str);
  if (t->kind == SP_LITERAL) {
    librdf_uri *dt = t->dt ? librdf_new_uri(ev->world, (const unsigned char *)t->dt) : NULL;
    const char *lex = t->str;
    librdf_node *n;
    if ((t->flag & SP_LIT_BARE) && lex[0] == '+')
      lex++;
    n = librdf_new_node_from_typed_literal(ev->world, (const unsigned char *)lex, t->lang, dt);
    if (dt)
      librdf_free_uri(dt);
    return n;
  }
  return NULL;
}

static void add_row(Ev *e, librdf_node **row)
{
  SpTable *t = e->t;
  size_t i;
  if (e->max_rows >= 0 && (long)t->nrows >= e->max_rows) {
    e->overflow = 1;
    return;
  }
  if (t->nrows == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->cells = realloc(t->cells, t->cap * t->nvars * sizeof *t->cells);
    if (!t->cells)
      abort();
  }
  for (i = 0; i < t->nvars; i++)
    t->cells[t->nrows * t->nvars + i] = row[i] ? librdf_new_node_from_node(row[i]) : NULL;
  t->nrows++;
}

static librdf_stream *find(SpEval *ev, librdf_node *s, librdf_node *p, librdf_node *o)
{
  librdf_statement *pat = librdf_new_statement(ev->world);
  librdf_stream *st;
  if (s)
    librdf_statement_set_subject(pat, librdf_new_node_from_node(s));
  if (p)
    librdf_statement_set_predicate(pat, librdf_new_node_from_node(p));
  if (o)
    librdf_statement_set_object(pat, librdf_new_node_from_node(o));
  ev->lookups++;
  if (ev->ctx)
    st = librdf_model_find_statements_in_context(ev->model, pat, ev->ctx);
  else
    st = librdf_model_find_statements(ev->model, pat);
  librdf_free_statement(pat);
  return st;
}

/* Joins patterns k.. into row; each complete row goes to `done` (or the table). */
typedef void (*RowFn)(Ev *e, librdf_node **row, void *ud);

static void join(Ev *e, size_t k, librdf_node **row, RowFn done, void *ud)
{
  librdf_node *part[3];
  librdf_stream *st;
  int j;
  if (e->overflow || (e->exists_only && e->found))
    return;
  if (k == e->npats) {
    done(e, row, ud);
    return;
  }
  for (j = 0; j < 3; j++)
    part[j] = e->consts[k][j] ? e->consts[k][j] : (e->col[k][j] >= 0 ? row[e->col[k][j]] : NULL);
  st = find(e->ev, part[0], part[1], part[2]);
  while (st && !librdf_stream_end(st) && !e->overflow && !(e->exists_only && e->found)) {
    librdf_statement *s = librdf_stream_get_object(st);
    librdf_node *got[3];
    int set[3] = {0, 0, 0}, ok = 1;
    got[0] = librdf_statement_get_subject(s);
    got[1] = librdf_statement_get_predicate(s);
    got[2] = librdf_statement_get_object(s);
    for (j = 0; j < 3 && ok; j++) {
      int c = e->col[k][j];
      if (part[j] || c < 0)
        continue;
      if (row[c]) { /* the same variable twice in the pattern */
        ok = librdf_node_equals(row[c], got[j]);
        continue;
      }
      row[c] = librdf_new_node_from_node(got[j]);
      set[j] = 1;
    }
    if (ok) {
      size_t f;
      for (f = 0; f < e->nf && ok; f++)
        if (e->fdepth[f] == k) {
          int v = sp_filter_eval(e->fexpr[f], e->t->vars, e->t->nvars, row);
          if (v == SP_F_UNDECIDED) {
            e->undecided = 1;
            e->overflow = 1; /* stop */
          }
          ok = v == 1;
        }
    }
    if (ok)
      join(e, k + 1, row, done, ud);
    for (j = 0; j < 3; j++)
      if (set[j]) {
        librdf_free_node(row[e->col[k][j]]);
        row[e->col[k][j]] = NULL;
      }
    librdf_stream_next(st);
  }
  if (st)
    librdf_free_stream(st);
}

static void setup(Ev *e, const SpNode *group_of_triples)
{
  size_t i;
  int j;
  e->npats = 0;
  for (i = 0; i < group_of_triples->n && e->npats < 64; i++) {
    const SpNode *t = group_of_triples->kids[i];
    if (t->kind != SP_TRIPLE)
      continue;
    e->pats[e->npats] = t;
    e->col[e->npats] = malloc(3 * sizeof(int));
    if (!e->col[e->npats])
      abort();
    for (j = 0; j < 3; j++) {
      e->col[e->npats][j] = t->kids[j]->kind == SP_VAR ? var_col(e->t, t->kids[j]->str) : -1;
      e->consts[e->npats][j] = t->kids[j]->kind == SP_VAR ? NULL : const_node(e->ev, t->kids[j]);
    }
    e->npats++;
  }
}

static void teardown(Ev *e)
{
  size_t i;
  int j;
  for (i = 0; i < e->npats; i++) {
    for (j = 0; j < 3; j++)
      if (e->consts[i][j])
        librdf_free_node(e->consts[i][j]);
    free(e->col[i]);
  }
  e->npats = 0;
}

static void to_table(Ev *e, librdf_node **row, void *ud)
{
  (void)ud;
  add_row(e, row);
}

static void mark_found(Ev *e, librdf_node **row, void *ud)
{
  (void)row;
  (void)ud;
  e->found = 1;
}

/* the FILTERs of the group, as (column, want_bound) */
typedef struct Check {
  int col;
  int want;
} Check;

static int row_passes(const Check *checks, size_t n, librdf_node **row)
{
  size_t i;
  for (i = 0; i < n; i++)
    if ((row[checks[i].col] != NULL) != checks[i].want)
      return 0;
  return 1;
}

int sp_eval_group(SpEval *ev, const SpNode *g, long max_rows, SpTable **out)
{
  SpNode *vars = sp_node_new(SP_LIST, NULL, 0, 0), *bgp = sp_node_new(SP_GROUP, NULL, 0, 0);
  SpNode *bound = sp_node_new(SP_LIST, NULL, 0, 0);
  SpTable *t = calloc(1, sizeof *t), *cur;
  Check checks[32];
  const SpNode *late[32]; /* FILTERs over the final rows */
  size_t nchecks = 0, nlate = 0, i, r, ntrip;
  Ev e;
  librdf_node **row;
  int rc = 0;
  memset(&e, 0, sizeof e);
  if (!t)
    abort();
  sp_scope_vars(g, vars);
  t->nvars = vars->n;
  t->vars = calloc(vars->n + 1, sizeof *t->vars);
  if (!t->vars)
    abort();
  for (i = 0; i < vars->n; i++) {
    t->vars[i] = malloc(strlen(vars->kids[i]->str) + 1);
    if (!t->vars[i])
      abort();
    strcpy(t->vars[i], vars->kids[i]->str);
  }
  for (i = 0; i < g->n; i++) {
    const SpNode *f;
    int want = 1, c;
    if (g->kids[i]->kind == SP_TRIPLE)
      sp_node_add(bgp, sp_node_copy(g->kids[i]));
    if (g->kids[i]->kind != SP_FILTER)
      continue;
    f = g->kids[i]->kids[0];
    if (!(f->kind == SP_CALL && strcmp(f->str, "BOUND") == 0) &&
        !(f->kind == SP_OP && strcmp(f->str, "!") == 0 && f->kids[0]->kind == SP_CALL &&
          strcmp(f->kids[0]->str, "BOUND") == 0 && f->kids[0]->kids[0]->kind == SP_VAR)) {
      if (e.nf < 32)
        e.fexpr[e.nf++] = f; /* placed below, once the join order is known */
      continue;
    }
    if (f->kind == SP_OP) {
      want = 0;
      f = f->kids[0];
    }
    c = var_col(t, f->kids[0]->str);
    if (c < 0) {
      if (want) { /* BOUND of a variable the group never binds: no rows */
        sp_node_free(vars);
        sp_node_free(bgp);
        sp_node_free(bound);
        *out = t;
        return 0;
      }
      continue;
    }
    if (nchecks < 32) {
      checks[nchecks].col = c;
      checks[nchecks++].want = want;
    }
  }
  e.ev = ev;
  e.max_rows = -1;
  {
    /* a plain join under a LIMIT stops once it has the rows asked for */
    int optionals = 0;
    for (i = 0; i < g->n; i++)
      optionals |= g->kids[i]->kind == SP_OPTIONAL || g->kids[i]->kind == SP_UNION;
    if (!optionals && !nchecks && !e.nf && max_rows >= 0)
      e.max_rows = max_rows;
  }
  /* the basic graph pattern, planned; then each OPTIONAL */
  if (ev->explain)
    fprintf(ev->explain, "  join (igmap, index nested loop):\n");
  ntrip = bgp->n;
  sp_plan_order(ev, bgp, 0, ntrip, bound);
  {
    /* each FILTER right after the pattern that binds the last of its variables; a FILTER on a
     * variable the triple patterns do not bind (an OPTIONAL's, or none) over the final rows */
    SpNode *seen = sp_node_new(SP_LIST, NULL, 0, 0), *fv = sp_node_new(SP_LIST, NULL, 0, 0);
    size_t f, k, keep = 0;
    for (f = 0; f < e.nf; f++) {
      size_t at = ntrip;
      fv->n = 0;
      sp_node_free(fv);
      fv = sp_node_new(SP_LIST, NULL, 0, 0);
      sp_all_vars(e.fexpr[f], fv);
      sp_node_free(seen);
      seen = sp_node_new(SP_LIST, NULL, 0, 0);
      for (k = 0; k < ntrip; k++) {
        size_t v;
        int all = 1;
        sp_scope_vars(bgp->kids[k], seen);
        for (v = 0; v < fv->n && all; v++)
          all = sp_list_has_var(seen, fv->kids[v]->str);
        if (all) {
          at = k;
          break;
        }
      }
      if (ev->explain) {
        char *text = sp_serialize_node(e.fexpr[f]);
        size_t len = text ? strlen(text) : 0;
        while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
          text[--len] = '\0';
        if (at < ntrip)
          fprintf(ev->explain, "    FILTER %s after pattern %zu (igmap)\n", text ? text : "", at + 1);
        else
          fprintf(ev->explain, "    FILTER %s on the final rows (igmap)\n", text ? text : "");
        free(text);
      }
      if (at < ntrip) {
        e.fexpr[keep] = e.fexpr[f];
        e.fdepth[keep++] = at;
      } else if (nlate < 32) {
        late[nlate++] = e.fexpr[f];
      }
    }
    e.nf = keep;
    sp_node_free(seen);
    sp_node_free(fv);
  }
  cur = calloc(1, sizeof *cur);
  if (!cur)
    abort();
  cur->nvars = t->nvars;
  cur->vars = t->vars; /* shared names: only cells are freed below */
  e.t = cur;
  setup(&e, bgp);
  row = calloc(t->nvars + 1, sizeof *row);
  if (!row)
    abort();
  {
    /* the UNION's rows (each branch evaluated by igmap), each joined with the triple patterns;
     * without a UNION, one empty row */
    const SpNode *un = NULL;
    SpTable *ut = NULL;
    for (i = 0; i < g->n; i++)
      if (g->kids[i]->kind == SP_UNION)
        un = g->kids[i];
    if (un) {
      size_t b, c, k;
      ut = calloc(1, sizeof *ut);
      if (!ut)
        abort();
      ut->nvars = t->nvars;
      ut->vars = t->vars;
      for (b = 0; b < un->n && !e.undecided; b++) {
        SpTable *bt = NULL;
        int *map;
        if (ev->explain)
          fprintf(ev->explain, "  union branch %zu (igmap):\n", b + 1);
        if (sp_eval_group(ev, un->kids[b], -1, &bt) < 0)
          e.undecided = 1;
        map = malloc((bt->nvars + 1) * sizeof *map);
        if (!map)
          abort();
        for (c = 0; c < bt->nvars; c++)
          map[c] = var_col(t, bt->vars[c]);
        for (r = 0; r < bt->nrows && !e.undecided; r++) {
          for (k = 0; k < t->nvars; k++)
            row[k] = NULL;
          for (c = 0; c < bt->nvars; c++)
            if (map[c] >= 0)
              row[map[c]] = bt->cells[r * bt->nvars + c];
          e.t = ut;
          add_row(&e, row); /* copies */
        }
        free(map);
        sp_table_free(bt);
      }
      for (k = 0; k < t->nvars; k++)
        row[k] = NULL;
      e.t = cur;
      sp_scope_vars(un, bound); /* what the union may bind: no anti-join on it below */
    }
    if (!un) {
      join(&e, 0, row, to_table, NULL);
    } else {
      size_t c;
      for (r = 0; r < ut->nrows && !e.overflow; r++) {
        for (c = 0; c < t->nvars; c++)
          row[c] = ut->cells[r * t->nvars + c] ? librdf_new_node_from_node(ut->cells[r * t->nvars + c])
                                               : NULL;
        join(&e, 0, row, to_table, NULL);
        for (c = 0; c < t->nvars; c++)
          if (row[c]) {
            librdf_free_node(row[c]);
            row[c] = NULL;
          }
      }
      for (r = 0; r < ut->nrows * t->nvars; r++)
        if (ut->cells[r])
          librdf_free_node(ut->cells[r]);
      free(ut->cells);
      free(ut);
    }
  }
  teardown(&e);
  e.nf = 0; /* the OPTIONALs' joins run no group FILTER */
  e.overflow = e.undecided; /* an undecided FILTER ends the evaluation here */
  sp_scope_vars(bgp, bound);
  for (i = 0; i < g->n; i++) {
    SpNode *opt, *ovars;
    SpTable *next;
    int anti = 0;
    size_t c;
    if (g->kids[i]->kind != SP_OPTIONAL)
      continue;
    opt = sp_node_copy(g->kids[i]->kids[0]);
    ovars = sp_node_new(SP_LIST, NULL, 0, 0);
    sp_scope_vars(opt, ovars);
    /* FILTER(!BOUND(?v)) on a variable this OPTIONAL always binds and nothing before it does:
     * only whether the left row has a match matters (an anti-join) */
    for (c = 0; c < nchecks; c++)
      if (!checks[c].want && sp_list_has_var(ovars, t->vars[checks[c].col]) &&
          !sp_list_has_var(bound, t->vars[checks[c].col]))
        anti = 1;
    if (ev->explain)
      fprintf(ev->explain, "  left join (igmap, the left row's values pushed into each lookup%s):\n",
              anti ? "; rows with a match are dropped: FILTER(!BOUND)" : "");
    sp_plan_order(ev, opt, 0, opt->n, bound);
    next = calloc(1, sizeof *next);
    if (!next)
      abort();
    next->nvars = t->nvars;
    next->vars = t->vars;
    e.t = next;
    setup(&e, opt);
    for (r = 0; r < cur->nrows; r++) {
      librdf_node **left = &cur->cells[r * cur->nvars];
      size_t before = next->nrows;
      for (c = 0; c < t->nvars; c++)
        row[c] = left[c] ? librdf_new_node_from_node(left[c]) : NULL;
      if (anti) {
        e.exists_only = 1;
        e.found = 0;
        join(&e, 0, row, mark_found, NULL);
        e.exists_only = 0;
        if (!e.found)
          add_row(&e, row);
      } else {
        join(&e, 0, row, to_table, NULL);
        if (next->nrows == before)
          add_row(&e, row);
      }
      for (c = 0; c < t->nvars; c++)
        if (row[c]) {
          librdf_free_node(row[c]);
          row[c] = NULL;
        }
    }
    teardown(&e);
    sp_scope_vars(opt, bound);
    cur->vars = NULL;
    cur->nvars = t->nvars;
    for (c = 0; c < cur->nrows * cur->nvars; c++)
      if (cur->cells[c])
        librdf_free_node(cur->cells[c]);
    free(cur->cells);
    free(cur);
    cur = next;
    sp_node_free(opt);
    sp_node_free(ovars);
  }
  /* BIND of constants, after the patterns */
  for (i = 0; i < g->n; i++) {
    const SpNode *bd = g->kids[i];
    int c;
    librdf_node *val;
    if (bd->kind != SP_BIND)
      continue;
    c = var_col(t, bd->kids[1]->str);
    val = const_node(ev, bd->kids[0]);
    for (r = 0; c >= 0 && val && r < cur->nrows; r++) {
      librdf_node **cell = &cur->cells[r * cur->nvars + (size_t)c];
      if (!*cell)
        *cell = librdf_new_node_from_node(val);
    }
    if (val)
      librdf_free_node(val);
  }
  /* the FILTERs, then at most max_rows rows */
  for (r = 0; r < cur->nrows && !e.undecided; r++) {
    librdf_node **cells = &cur->cells[r * cur->nvars];
    int pass = row_passes(checks, nchecks, cells);
    size_t f;
    for (f = 0; f < nlate && pass; f++) {
      int v = sp_filter_eval(late[f], t->vars, t->nvars, cells);
      if (v == SP_F_UNDECIDED)
        e.undecided = 1;
      pass = v == 1;
    }
    if (pass) {
      if (max_rows >= 0 && (long)t->nrows >= max_rows) {
        rc = 1;
        break;
      }
      e.t = t;
      add_row(&e, cells);
    }
  }
  for (r = 0; r < cur->nrows * cur->nvars; r++)
    if (cur->cells[r])
      librdf_free_node(cur->cells[r]);
  free(cur->cells);
  free(cur);
  free(row);
  sp_node_free(vars);
  sp_node_free(bgp);
  sp_node_free(bound);
  if (ev->explain)
    fprintf(ev->explain, "  %zu rows, %lu index lookups\n", t->nrows, ev->lookups);
  if (e.undecided) {
    if (ev->explain)
      fprintf(ev->explain, "  a FILTER value igmap does not decide itself: rasqal evaluates the "
                           "query instead\n");
    rc = -1;
  }
  *out = t;
  return rc;
}
