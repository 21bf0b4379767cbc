/* sparql_exec.c: runs a parsed query over an IgmDataset. It prepares the model the query runs
 * on (the default graph as its own context when the dataset needs it), evaluates the closure
 * paths p*, p+ and p? itself (breadth first, each node visited once, so cycles end), rewrites
 * the query (sparql_rewrite.c), runs the SPARQL text through rasqal and corrects what rasqal
 * still gets wrong in the results (aggregates over empty input, B3 and B4). */
#include "sparql_exec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locale.h>
#include <rdf_storage_module.h>
#include <wctype.h>

#include "diag.h"
#include "format.h"
#include "sparql_order.h"
#include "sparql_plan.h"
#include "sparql_rewrite.h"
#include "store_lmdb.h"
#include "strmap.h"
#include "util.h"

#define IGM_DG_IRI "urn:x-igmap:default-graph"
#define IGM_UNION_IRI "urn:x-igmap:union"
#define IGM_PATH_NS "urn:x-igmap:path:"
#define XSD "http://www.w3.org/2001/XMLSchema#"

typedef struct Exec {
  librdf_world *world;
  librdf_model *model; /* what the query runs on */
  librdf_storage *tmp_storage;
  librdf_model *tmp; /* our own copy, or NULL */
  const IgmDataset *ds;
  int union_default;     /* default graph = every statement of `model` */
  librdf_node *dg;       /* context of the default graph in tmp, or NULL */
  SpNode *named;         /* graphs GRAPH reaches (SP_LIST of SP_IRI); NULL = all contexts */
  SpNode *default_list;  /* graphs merged into the default graph */
  int npaths;
  const char *source;
  /* indexed copies of the graphs closure paths run over (librdf's context lookups scan) */
  size_t ngm;
  librdf_node **gm_ctx;
  librdf_storage **gm_storage;
  librdf_model **gm_model;
  /* the default graph of a store with several graphs (igmap-union) */
  librdf_storage *view_storage;
  librdf_model *view;
  SpEval ev; /* the join planner's and igmap's own evaluation's view of the data */
} Exec;

static FILE *explain_out;

void sp_set_explain(FILE *out) { explain_out = out; }

/* ------------------------------------------------------------ nodes */

static librdf_node *term_node(Exec *x, const SpNode *t)
{
  if (t->kind == SP_IRI)
    return librdf_new_node_from_uri_string(x->world, (const unsigned char *)t->str);
  if (t->kind == SP_LITERAL) {
    librdf_uri *dt = NULL;
    librdf_node *n;
    const char *lex = t->str;
    char *tmp = NULL;
    if (t->dt)
      dt = librdf_new_uri(x->world, (const unsigned char *)t->dt);
    if ((t->flag & SP_LIT_BARE) && lex[0] == '+') {
      tmp = malloc(strlen(lex));
      if (!tmp)
        abort();
      strcpy(tmp, lex + 1);
      lex = tmp;
    }
    n = librdf_new_node_from_typed_literal(x->world, (const unsigned char *)lex, t->lang, dt);
    if (dt)
      librdf_free_uri(dt);
    free(tmp);
    return n;
  }
  return NULL;
}

/* ------------------------------------------------------------ node sets */

typedef struct NodeSet {
  librdf_node **v;
  size_t n, cap;
  size_t *slots; /* open addressing over v (index + 1; 0 = empty), for sets */
  size_t nslots;
} NodeSet;

static unsigned long node_hash(librdf_node *n)
{
  unsigned long h = 1469598103UL;
  const unsigned char *p = NULL;
  size_t len = 0, i;
  if (librdf_node_is_resource(n)) {
    p = librdf_uri_as_counted_string(librdf_node_get_uri(n), &len);
  } else if (librdf_node_is_literal(n)) {
    p = librdf_node_get_literal_value_as_counted_string(n, &len);
    h ^= 7;
  } else if (librdf_node_is_blank(n)) {
    p = librdf_node_get_blank_identifier(n);
    len = p ? strlen((const char *)p) : 0;
    h ^= 13;
  }
  for (i = 0; i < len; i++)
    h = (h ^ p[i]) * 16777619UL;
  return h;
}

static void set_rehash(NodeSet *s)
{
  size_t i;
  free(s->slots);
  s->nslots = s->nslots ? s->nslots * 2 : 64;
  s->slots = calloc(s->nslots, sizeof *s->slots);
  if (!s->slots)
    abort();
  for (i = 0; i < s->n; i++) {
    size_t k = node_hash(s->v[i]) & (s->nslots - 1);
    while (s->slots[k])
      k = (k + 1) & (s->nslots - 1);
    s->slots[k] = i + 1;
  }
}

static int set_has(const NodeSet *s, librdf_node *n)
{
  size_t k;
  if (!s->nslots)
    return 0;
  k = node_hash(n) & (s->nslots - 1);
  while (s->slots[k]) {
    if (librdf_node_equals(s->v[s->slots[k] - 1], n))
      return 1;
    k = (k + 1) & (s->nslots - 1);
  }
  return 0;
}

/* adds a copy of n unless present; returns 1 if added */
static int set_add(NodeSet *s, librdf_node *n)
{
  if (set_has(s, n))
    return 0;
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->v = realloc(s->v, s->cap * sizeof *s->v);
    if (!s->v)
      abort();
  }
  s->v[s->n++] = librdf_new_node_from_node(n);
  if (s->n * 2 > s->nslots) {
    set_rehash(s);
  } else {
    size_t k = node_hash(n) & (s->nslots - 1);
    while (s->slots[k])
      k = (k + 1) & (s->nslots - 1);
    s->slots[k] = s->n;
  }
  return 1;
}

static void set_free(NodeSet *s)
{
  size_t i;
  for (i = 0; i < s->n; i++)
    librdf_free_node(s->v[i]);
  free(s->v);
  free(s->slots);
  s->v = NULL;
  s->slots = NULL;
  s->n = s->cap = s->nslots = 0;
}

/* ------------------------------------------------------------ path evaluation */

static int is_hidden(librdf_node *p);

/* An indexed model holding the statements of context ctx of x->model (made on first use). */
static librdf_model *graph_model(Exec *x, librdf_node *ctx)
{
  size_t i;
  librdf_stream *st;
  for (i = 0; i < x->ngm; i++)
    if (librdf_node_equals(x->gm_ctx[i], ctx))
      return x->gm_model[i];
  x->gm_ctx = realloc(x->gm_ctx, (x->ngm + 1) * sizeof *x->gm_ctx);
  x->gm_storage = realloc(x->gm_storage, (x->ngm + 1) * sizeof *x->gm_storage);
  x->gm_model = realloc(x->gm_model, (x->ngm + 1) * sizeof *x->gm_model);
  if (!x->gm_ctx || !x->gm_storage || !x->gm_model)
    abort();
  x->gm_ctx[x->ngm] = librdf_new_node_from_node(ctx);
  x->gm_storage[x->ngm] = librdf_new_storage(x->world, "hashes", NULL, "hash-type='memory'");
  x->gm_model[x->ngm] = librdf_new_model(x->world, x->gm_storage[x->ngm], NULL);
  if (!x->gm_model[x->ngm])
    abort();
  st = librdf_model_context_as_stream(x->model, ctx);
  while (st && !librdf_stream_end(st)) {
    librdf_statement *s = librdf_stream_get_object(st);
    if (!is_hidden(librdf_statement_get_predicate(s)))
      librdf_model_add_statement(x->gm_model[x->ngm], s);
    librdf_stream_next(st);
  }
  if (st)
    librdf_free_stream(st);
  return x->gm_model[x->ngm++];
}

/* Statements of graph ctx (NULL: the default graph) matching (s, p, o); NULL parts are wild. */
static librdf_stream *find(Exec *x, librdf_node *ctx, librdf_node *s, librdf_node *p,
                           librdf_node *o)
{
  librdf_statement *pat = librdf_new_statement(x->world);
  librdf_stream *st;
  if (s)
    librdf_statement_set_subject(pat, librdf_new_node_from_node(s));
  if (p)
    librdf_statement_set_predicate(pat, librdf_new_node_from_node(p));
  if (o)
    librdf_statement_set_object(pat, librdf_new_node_from_node(o));
  if (!ctx)
    ctx = x->dg;
  if (ctx)
    st = librdf_model_find_statements(graph_model(x, ctx), pat);
  else
    st = librdf_model_find_statements(x->model, pat);
  librdf_free_statement(pat);
  return st;
}

static int is_hidden(librdf_node *p)
{
  const char *u;
  if (!librdf_node_is_resource(p))
    return 0;
  u = (const char *)librdf_uri_as_string(librdf_node_get_uri(p));
  return strncmp(u, IGM_PATH_NS, strlen(IGM_PATH_NS)) == 0;
}

/* Appends to out (with duplicates: a multiset) the nodes reached from `from` by one step of
 * path (forward, or backward when !fwd). */
static void path_step(Exec *x, librdf_node *ctx, const SpNode *path, librdf_node *from, int fwd,
                      NodeSet *out, int dedupe);

static void push(NodeSet *out, librdf_node *n, int dedupe)
{
  if (dedupe) {
    set_add(out, n);
    return;
  }
  if (out->n == out->cap) {
    out->cap = out->cap ? out->cap * 2 : 16;
    out->v = realloc(out->v, out->cap * sizeof *out->v);
    if (!out->v)
      abort();
  }
  out->v[out->n++] = librdf_new_node_from_node(n);
}

static void closure(Exec *x, librdf_node *ctx, const SpNode *inner, librdf_node *from, int fwd,
                    int zero, NodeSet *out)
{
  NodeSet seen = {0};
  size_t i;
  if (zero)
    set_add(&seen, from);
  {
    /* breadth first: frontier = seen[i..] */
    NodeSet frontier = {0};
    set_add(&frontier, from);
    for (i = 0; i < frontier.n; i++) {
      NodeSet step = {0};
      size_t k;
      path_step(x, ctx, inner, frontier.v[i], fwd, &step, 1);
      for (k = 0; k < step.n; k++) {
        if (set_add(&seen, step.v[k]))
          set_add(&frontier, step.v[k]);
      }
      set_free(&step);
    }
    set_free(&frontier);
  }
  for (i = 0; i < seen.n; i++)
    set_add(out, seen.v[i]);
  set_free(&seen);
}

static void path_step(Exec *x, librdf_node *ctx, const SpNode *path, librdf_node *from, int fwd,
                      NodeSet *out, int dedupe)
{
  size_t i;
  switch (path->kind) {
  case SP_IRI: {
    librdf_node *p = librdf_new_node_from_uri_string(x->world, (const unsigned char *)path->str);
    librdf_stream *st = fwd ? find(x, ctx, from, p, NULL) : find(x, ctx, NULL, p, from);
    while (st && !librdf_stream_end(st)) {
      librdf_statement *s = librdf_stream_get_object(st);
      push(out, fwd ? librdf_statement_get_object(s) : librdf_statement_get_subject(s), dedupe);
      librdf_stream_next(st);
    }
    if (st)
      librdf_free_stream(st);
    librdf_free_node(p);
    break;
  }
  case SP_PATH_INV: path_step(x, ctx, path->kids[0], from, !fwd, out, dedupe); break;
  case SP_PATH_SEQ: {
    NodeSet cur = {0};
    push(&cur, from, 0);
    for (i = 0; i < path->n; i++) {
      NodeSet nxt = {0};
      size_t k;
      const SpNode *el = path->kids[fwd ? i : path->n - 1 - i];
      for (k = 0; k < cur.n; k++)
        path_step(x, ctx, el, cur.v[k], fwd, &nxt, dedupe);
      set_free(&cur);
      cur = nxt;
    }
    for (i = 0; i < cur.n; i++)
      push(out, cur.v[i], dedupe);
    set_free(&cur);
    break;
  }
  case SP_PATH_ALT:
    for (i = 0; i < path->n; i++)
      path_step(x, ctx, path->kids[i], from, fwd, out, dedupe);
    break;
  case SP_PATH_NEG: {
    /* forward members exclude predicates of s->o triples, ^members those of o->s triples */
    int dir;
    int nf = 0, ni = 0;
    for (i = 0; i < path->n; i++) {
      if (path->kids[i]->kind == SP_PATH_INV)
        ni++;
      else
        nf++;
    }
    for (dir = 0; dir < 2; dir++) {
      /* dir 0: the forward part (s p o), dir 1: the inverse part (o p s) */
      int step_fwd = dir == 0 ? fwd : !fwd;
      librdf_stream *st;
      if (dir == 0 && !(nf > 0 || ni == 0))
        continue;
      if (dir == 1 && ni == 0)
        continue;
      st = step_fwd ? find(x, ctx, from, NULL, NULL) : find(x, ctx, NULL, NULL, from);
      while (st && !librdf_stream_end(st)) {
        librdf_statement *s = librdf_stream_get_object(st);
        librdf_node *p = librdf_statement_get_predicate(s);
        int excluded = is_hidden(p);
        size_t k;
        for (k = 0; k < path->n && !excluded; k++) {
          const SpNode *m = path->kids[k];
          int inv = m->kind == SP_PATH_INV;
          const char *iri = inv ? m->kids[0]->str : m->str;
          if (inv == (dir == 1) &&
              strcmp(iri, (const char *)librdf_uri_as_string(librdf_node_get_uri(p))) == 0)
            excluded = 1;
        }
        if (!excluded)
          push(out, step_fwd ? librdf_statement_get_object(s) : librdf_statement_get_subject(s),
               dedupe);
        librdf_stream_next(st);
      }
      if (st)
        librdf_free_stream(st);
    }
    break;
  }
  case SP_PATH_STAR: closure(x, ctx, path->kids[0], from, fwd, 1, out); break;
  case SP_PATH_PLUS: closure(x, ctx, path->kids[0], from, fwd, 0, out); break;
  case SP_PATH_OPT: {
    NodeSet tmp = {0};
    size_t k;
    set_add(&tmp, from);
    path_step(x, ctx, path->kids[0], from, fwd, &tmp, 1);
    for (k = 0; k < tmp.n; k++)
      push(out, tmp.v[k], dedupe);
    set_free(&tmp);
    break;
  }
  default: break;
  }
}

/* Every subject and object of graph ctx (the candidates of a zero-length path). */
static void graph_nodes(Exec *x, librdf_node *ctx, NodeSet *out)
{
  librdf_stream *st = find(x, ctx, NULL, NULL, NULL);
  while (st && !librdf_stream_end(st)) {
    librdf_statement *s = librdf_stream_get_object(st);
    if (!is_hidden(librdf_statement_get_predicate(s))) {
      set_add(out, librdf_statement_get_subject(s));
      set_add(out, librdf_statement_get_object(s));
    }
    librdf_stream_next(st);
  }
  if (st)
    librdf_free_stream(st);
}

static void add_row(Exec *x, librdf_node *ctx, librdf_node *ps, librdf_node *po, librdf_node *s,
                    librdf_node *o)
{
  librdf_node *r = librdf_new_node(x->world); /* a fresh blank node per row */
  librdf_statement *st;
  if (!ctx)
    ctx = x->dg;
  /* context_add_statement copies the statement */
  st = librdf_new_statement_from_nodes(x->world, librdf_new_node_from_node(r),
                                       librdf_new_node_from_node(ps), librdf_new_node_from_node(s));
  librdf_model_context_add_statement(x->model, ctx, st);
  librdf_free_statement(st);
  st = librdf_new_statement_from_nodes(x->world, librdf_new_node_from_node(r),
                                       librdf_new_node_from_node(po), librdf_new_node_from_node(o));
  librdf_model_context_add_statement(x->model, ctx, st);
  librdf_free_statement(st);
  librdf_free_node(r);
}

typedef struct Row {
  librdf_node *s, *o;
} Row;

/* The rows of  s path o  over graph ctx, added to that graph after the evaluation. */
static void path_rows(Exec *x, const SpNode *s, const SpNode *path, const SpNode *o,
                      librdf_node *ctx, librdf_node *ps, librdf_node *po)
{
  librdf_node *sn = term_node(x, s), *on = term_node(x, o);
  size_t i, k;
  NodeSet rs = {0}, ro = {0}; /* pairs (rs.v[i], ro.v[i]) */
  if (sn || !on) {
    NodeSet starts = {0};
    if (sn)
      set_add(&starts, sn);
    else
      graph_nodes(x, ctx, &starts);
    for (i = 0; i < starts.n; i++) {
      NodeSet ends = {0};
      path_step(x, ctx, path, starts.v[i], 1, &ends, 1);
      for (k = 0; k < ends.n; k++)
        if (!on || librdf_node_equals(on, ends.v[k])) {
          push(&rs, starts.v[i], 0);
          push(&ro, ends.v[k], 0);
        }
      set_free(&ends);
    }
    set_free(&starts);
  } else {
    NodeSet ends = {0};
    path_step(x, ctx, path, on, 0, &ends, 1);
    for (k = 0; k < ends.n; k++) {
      push(&rs, ends.v[k], 0);
      push(&ro, on, 0);
    }
    set_free(&ends);
  }
  for (i = 0; i < rs.n; i++)
    add_row(x, ctx, ps, po, rs.v[i], ro.v[i]);
  set_free(&rs);
  set_free(&ro);
  if (sn)
    librdf_free_node(sn);
  if (on)
    librdf_free_node(on);
}

/* Rows go into the graph the path is evaluated over, as  _:r ps s . _:r po o  with predicates
 * of igmap's own namespace; the path becomes those two triple patterns. */
static IgmStatus path_cb(SpRewrite *rw, const SpNode *s, const SpNode *path, const SpNode *o,
                         const SpNode *graph, SpNode *out)
{
  Exec *x = rw->ud;
  char bs[96], bo[96], rv[48];
  librdf_node *ps, *po;
  SpNode *t;
  int id = ++x->npaths;
  if ((s->kind != SP_VAR && s->kind != SP_IRI && s->kind != SP_LITERAL) ||
      (o->kind != SP_VAR && o->kind != SP_IRI && o->kind != SP_LITERAL)) {
    igm_diag(IGM_DIAG_ERROR, x->source, path->line, path->col,
             "a property path between these terms is not supported");
    return IGM_ESYNTAX;
  }
  snprintf(bs, sizeof bs, IGM_PATH_NS "%d:s", id);
  snprintf(bo, sizeof bo, IGM_PATH_NS "%d:o", id);
  snprintf(rv, sizeof rv, "__igmr%d", id);
  ps = librdf_new_node_from_uri_string(x->world, (const unsigned char *)bs);
  po = librdf_new_node_from_uri_string(x->world, (const unsigned char *)bo);
  if (!graph) {
    path_rows(x, s, path, o, NULL, ps, po);
  } else if (graph->kind == SP_IRI) {
    librdf_node *g = librdf_new_node_from_uri_string(x->world, (const unsigned char *)graph->str);
    path_rows(x, s, path, o, g, ps, po);
    librdf_free_node(g);
  } else {
    size_t i;
    for (i = 0; x->named && i < x->named->n; i++) {
      librdf_node *g =
          librdf_new_node_from_uri_string(x->world, (const unsigned char *)x->named->kids[i]->str);
      path_rows(x, s, path, o, g, ps, po);
      librdf_free_node(g);
    }
  }
  librdf_free_node(ps);
  librdf_free_node(po);
  t = sp_node_new(SP_TRIPLE, NULL, 0, 0);
  sp_node_add(t, sp_var(rv));
  sp_node_add(t, sp_iri(bs));
  sp_node_add(t, sp_node_copy(s));
  sp_node_add(out, t);
  t = sp_node_new(SP_TRIPLE, NULL, 0, 0);
  sp_node_add(t, sp_var(rv));
  sp_node_add(t, sp_iri(bo));
  sp_node_add(t, sp_node_copy(o));
  sp_node_add(out, t);
  rw->hidden_prefix = IGM_PATH_NS;
  return IGM_OK;
}

/* ------------------------------------------------------------ the model */

static void list_contexts(librdf_model *m, SpNode *out)
{
  librdf_iterator *it = librdf_model_get_contexts(m);
  while (it && !librdf_iterator_end(it)) {
    librdf_node *c = librdf_iterator_get_object(it);
    if (c && librdf_node_is_resource(c)) {
      const char *u = (const char *)librdf_uri_as_string(librdf_node_get_uri(c));
      if (!sp_list_has_var(out, u))
        sp_node_add(out, sp_iri(u));
    }
    librdf_iterator_next(it);
  }
  if (it)
    librdf_free_iterator(it);
}

static IgmStatus make_tmp(Exec *x, int copy_named)
{
  size_t i;
  librdf_storage *seen_storage;
  librdf_model *seen;
  x->tmp_storage = librdf_new_storage(x->world, "hashes", NULL, "hash-type='memory',contexts='yes'");
  if (!x->tmp_storage)
    return IGM_EINTERNAL;
  x->tmp = librdf_new_model(x->world, x->tmp_storage, NULL);
  if (!x->tmp)
    return IGM_EINTERNAL;
  seen_storage = librdf_new_storage(x->world, "hashes", NULL, "hash-type='memory'");
  seen = seen_storage ? librdf_new_model(x->world, seen_storage, NULL) : NULL;
  if (!seen) {
    if (seen_storage)
      librdf_free_storage(seen_storage);
    return IGM_EINTERNAL;
  }
  x->dg = librdf_new_node_from_uri_string(x->world, (const unsigned char *)IGM_DG_IRI);
  for (i = 0; i < x->default_list->n; i++) {
    librdf_node *c =
        librdf_new_node_from_uri_string(x->world, (const unsigned char *)x->default_list->kids[i]->str);
    librdf_stream *st = librdf_model_context_as_stream(x->ds->model, c);
    while (st && !librdf_stream_end(st)) {
      librdf_statement *s = librdf_stream_get_object(st);
      if (!librdf_model_contains_statement(seen, s)) {
        librdf_model_add_statement(seen, s);
        librdf_model_context_add_statement(x->tmp, x->dg, s);
      }
      librdf_stream_next(st);
    }
    if (st)
      librdf_free_stream(st);
    librdf_free_node(c);
  }
  librdf_free_model(seen);
  librdf_free_storage(seen_storage);
  for (i = 0; copy_named && i < x->named->n; i++) {
    librdf_node *c =
        librdf_new_node_from_uri_string(x->world, (const unsigned char *)x->named->kids[i]->str);
    librdf_stream *st = librdf_model_context_as_stream(x->ds->model, c);
    librdf_storage *ss = librdf_new_storage(x->world, "hashes", NULL, "hash-type='memory'");
    librdf_model *sm = ss ? librdf_new_model(x->world, ss, NULL) : NULL;
    while (sm && st && !librdf_stream_end(st)) {
      librdf_statement *s = librdf_stream_get_object(st);
      if (!librdf_model_contains_statement(sm, s)) {
        librdf_model_add_statement(sm, s);
        librdf_model_context_add_statement(x->tmp, c, s);
      }
      librdf_stream_next(st);
    }
    if (st)
      librdf_free_stream(st);
    if (sm)
      librdf_free_model(sm);
    if (ss)
      librdf_free_storage(ss);
    librdf_free_node(c);
  }
  x->model = x->tmp;
  return IGM_OK;
}


/* ------------------------------------------------------------ the default graph of a store */

/* A store's default graph is the merge (a set) of its graphs, but the storage returns one
 * statement per quad, so a triple asserted in two graphs would match twice. Queries over a
 * store with several graphs run on a thin storage "igmap-union" over the store's: it passes
 * every call through, except a search in the context <urn:x-igmap:union>, which returns each
 * triple of the whole store once. The rewrite confines the triples outside GRAPH to that
 * context; GRAPH ?g still sees every quad. */

static librdf_storage *view_pending; /* the storage the next "igmap-union" instance wraps */
static librdf_world *view_world;     /* the world the factory is registered in */

typedef struct View {
  librdf_storage *inner;
  librdf_node *uni;
  int lmdb; /* statements matching a pattern with a bound part come grouped by triple */
} View;

static View *view_of(librdf_storage *s) { return librdf_storage_get_instance(s); }

static int view_init(librdf_storage *s, const char *name, librdf_hash *options)
{
  View *v = calloc(1, sizeof *v);
  uint64_t n;
  (void)name;
  if (options)
    librdf_free_hash(options);
  if (!v || !view_pending)
    return 1;
  v->inner = view_pending;
  v->uni = librdf_new_node_from_uri_string(librdf_storage_get_world(s),
                                           (const unsigned char *)IGM_UNION_IRI);
  v->lmdb = igm_lmdb_graph_size(v->inner, NULL, &n) == 0;
  librdf_storage_set_instance(s, v);
  return 0;
}

static void view_terminate(librdf_storage *s)
{
  View *v = view_of(s);
  if (!v)
    return;
  if (v->uni)
    librdf_free_node(v->uni);
  free(v);
}

static int view_open(librdf_storage *s, librdf_model *m)
{
  (void)s;
  (void)m;
  return 0;
}
static int view_close(librdf_storage *s)
{
  (void)s;
  return 0;
}
static int view_size(librdf_storage *s) { return librdf_storage_size(view_of(s)->inner); }
static int view_contains(librdf_storage *s, librdf_statement *st)
{
  return librdf_storage_contains_statement(view_of(s)->inner, st);
}
static int view_has_arc_in(librdf_storage *s, librdf_node *n, librdf_node *p)
{
  return librdf_storage_has_arc_in(view_of(s)->inner, n, p);
}
static int view_has_arc_out(librdf_storage *s, librdf_node *n, librdf_node *p)
{
  return librdf_storage_has_arc_out(view_of(s)->inner, n, p);
}
static librdf_stream *view_serialise(librdf_storage *s)
{
  return librdf_storage_serialise(view_of(s)->inner);
}
static librdf_stream *view_find(librdf_storage *s, librdf_statement *st)
{
  return librdf_storage_find_statements(view_of(s)->inner, st);
}
static librdf_iterator *view_sources(librdf_storage *s, librdf_node *a, librdf_node *t)
{
  return librdf_storage_get_sources(view_of(s)->inner, a, t);
}
static librdf_iterator *view_arcs(librdf_storage *s, librdf_node *a, librdf_node *t)
{
  return librdf_storage_get_arcs(view_of(s)->inner, a, t);
}
static librdf_iterator *view_targets(librdf_storage *s, librdf_node *a, librdf_node *t)
{
  return librdf_storage_get_targets(view_of(s)->inner, a, t);
}
static librdf_iterator *view_arcs_in(librdf_storage *s, librdf_node *n)
{
  return librdf_storage_get_arcs_in(view_of(s)->inner, n);
}
static librdf_iterator *view_arcs_out(librdf_storage *s, librdf_node *n)
{
  return librdf_storage_get_arcs_out(view_of(s)->inner, n);
}
/* the store's graphs and <urn:x-igmap:union> (rasqal looks a GRAPH <iri> up among them) */
typedef struct CtxList {
  librdf_node **v;
  size_t n, at;
} CtxList;

static int cl_end(void *c) { return ((CtxList *)c)->at >= ((CtxList *)c)->n; }
static int cl_next(void *c)
{
  CtxList *l = c;
  if (l->at < l->n)
    l->at++;
  return l->at >= l->n;
}
static void *cl_get(void *c, int flags)
{
  CtxList *l = c;
  (void)flags;
  return l->at < l->n ? l->v[l->at] : NULL;
}
static void cl_finished(void *c)
{
  CtxList *l = c;
  size_t i;
  for (i = 0; i < l->n; i++)
    librdf_free_node(l->v[i]);
  free(l->v);
  free(l);
}

static librdf_iterator *view_contexts(librdf_storage *s)
{
  View *v = view_of(s);
  CtxList *l = calloc(1, sizeof *l);
  librdf_iterator *it, *out;
  size_t cap = 8;
  if (!l)
    return NULL;
  l->v = malloc(cap * sizeof *l->v);
  if (!l->v)
    abort();
  it = librdf_storage_get_contexts(v->inner);
  while (it && !librdf_iterator_end(it)) {
    librdf_node *c = librdf_iterator_get_object(it);
    if (c) {
      if (l->n + 1 >= cap) {
        cap *= 2;
        l->v = realloc(l->v, cap * sizeof *l->v);
        if (!l->v)
          abort();
      }
      l->v[l->n++] = librdf_new_node_from_node(c);
    }
    librdf_iterator_next(it);
  }
  if (it)
    librdf_free_iterator(it);
  l->v[l->n++] = librdf_new_node_from_node(v->uni);
  out = librdf_new_iterator(librdf_storage_get_world(s), l, cl_end, cl_next, cl_get, cl_finished);
  if (!out)
    cl_finished(l);
  return out;
}
static librdf_node *view_feature(librdf_storage *s, librdf_uri *f)
{
  return librdf_storage_get_feature(view_of(s)->inner, f);
}

/* each triple once: a statement equal to the one before is skipped; where the order is not
 * known to group copies, a statement is kept only in the first graph an exact lookup gives */
typedef struct UStream {
  librdf_stream *in;
  View *v;
  librdf_statement *prev;
  int check_first;
  int use_set;     /* not LMDB: remember the triples given (a lookup per triple is a scan) */
  IgmStrMap seen;  /* N-Triples text of each triple given, when use_set */
} UStream;

/* 1 the first time this triple is seen by the stream. */
static int first_seen(UStream *u, librdf_statement *s)
{
  char *a = igm_node_ntriples(librdf_statement_get_subject(s));
  char *b = igm_node_ntriples(librdf_statement_get_predicate(s));
  char *c = igm_node_ntriples(librdf_statement_get_object(s));
  char *key = igm_printf("%s %s %s", a, b, c);
  int added = 0;
  igm_strmap_intern(&u->seen, key, 1, &added);
  free(a);
  free(b);
  free(c);
  free(key);
  return added;
}

static int first_copy(UStream *u, librdf_statement *s)
{
  librdf_node *c = librdf_stream_get_context2(u->in);
  librdf_node *ctx = c ? librdf_new_node_from_node(c) : NULL;
  librdf_statement *copy = librdf_new_statement_from_statement(s);
  librdf_stream *st = librdf_storage_find_statements(u->v->inner, copy);
  int first = 1;
  if (st && !librdf_stream_end(st)) {
    librdf_node *c0 = librdf_stream_get_context2(st);
    first = (!c0 && !ctx) || (c0 && ctx && librdf_node_equals(c0, ctx));
  }
  if (st)
    librdf_free_stream(st);
  librdf_free_statement(copy);
  if (ctx)
    librdf_free_node(ctx);
  return first;
}

static void us_settle(UStream *u)
{
  while (!librdf_stream_end(u->in)) {
    librdf_statement *s = librdf_stream_get_object(u->in);
    if (u->use_set) {
      if (first_seen(u, s))
        return;
    } else if (!(u->prev && librdf_statement_equals(u->prev, s)) &&
               (!u->check_first || first_copy(u, s))) {
      return;
    }
    librdf_stream_next(u->in);
  }
}

static int us_end(void *c) { return librdf_stream_end(((UStream *)c)->in); }

static int us_next(void *c)
{
  UStream *u = c;
  if (librdf_stream_end(u->in))
    return 1;
  if (u->prev)
    librdf_free_statement(u->prev);
  u->prev = librdf_new_statement_from_statement(librdf_stream_get_object(u->in));
  librdf_stream_next(u->in);
  us_settle(u);
  return librdf_stream_end(u->in);
}

static void *us_get(void *c, int flags)
{
  UStream *u = c;
  if (flags == LIBRDF_STREAM_GET_METHOD_GET_CONTEXT)
    return u->v->uni;
  return librdf_stream_get_object(u->in);
}

static void us_finished(void *c)
{
  UStream *u = c;
  if (u->prev)
    librdf_free_statement(u->prev);
  if (u->in)
    librdf_free_stream(u->in);
  igm_strmap_free(&u->seen);
  free(u);
}

static librdf_stream *union_stream(librdf_storage *s, librdf_statement *pattern)
{
  View *v = view_of(s);
  UStream *u = calloc(1, sizeof *u);
  librdf_stream *out;
  int bound = pattern && (librdf_statement_get_subject(pattern) ||
                          librdf_statement_get_predicate(pattern) ||
                          librdf_statement_get_object(pattern));
  if (!u)
    return NULL;
  u->v = v;
  u->in = pattern ? librdf_storage_find_statements(v->inner, pattern)
                  : librdf_storage_serialise(v->inner);
  if (!u->in) {
    free(u);
    return NULL;
  }
  u->check_first = !(v->lmdb && bound);
  u->use_set = !v->lmdb;
  us_settle(u);
  out = librdf_new_stream(librdf_storage_get_world(s), u, us_end, us_next, us_get, us_finished);
  if (!out)
    us_finished(u);
  return out;
}

static librdf_stream *view_context_serialise(librdf_storage *s, librdf_node *ctx)
{
  View *v = view_of(s);
  if (ctx && librdf_node_equals(ctx, v->uni))
    return union_stream(s, NULL);
  return librdf_storage_context_as_stream(v->inner, ctx);
}

static librdf_stream *view_find_in_context(librdf_storage *s, librdf_statement *st,
                                           librdf_node *ctx)
{
  View *v = view_of(s);
  if (ctx && librdf_node_equals(ctx, v->uni))
    return union_stream(s, st);
  return librdf_storage_find_statements_in_context(v->inner, st, ctx);
}

static void view_factory(librdf_storage_factory *f)
{
  f->version = LIBRDF_STORAGE_INTERFACE_VERSION;
  f->init = view_init;
  f->terminate = view_terminate;
  f->open = view_open;
  f->close = view_close;
  f->size = view_size;
  f->contains_statement = view_contains;
  f->has_arc_in = view_has_arc_in;
  f->has_arc_out = view_has_arc_out;
  f->serialise = view_serialise;
  f->find_statements = view_find;
  f->find_sources = view_sources;
  f->find_arcs = view_arcs;
  f->find_targets = view_targets;
  f->get_arcs_in = view_arcs_in;
  f->get_arcs_out = view_arcs_out;
  f->context_serialise = view_context_serialise;
  f->find_statements_in_context = view_find_in_context;
  f->get_contexts = view_contexts;
  f->get_feature = view_feature;
}

/* A model over `inner` whose context <urn:x-igmap:union> is the store's default graph. */
static IgmStatus union_model(Exec *x)
{
  if (view_world != x->world) {
    if (librdf_storage_register_factory(x->world, "igmap-union", "igmap default graph",
                                        view_factory))
      return IGM_EINTERNAL;
    view_world = x->world;
  }
  view_pending = librdf_model_get_storage(x->ds->model);
  x->view_storage = librdf_new_storage(x->world, "igmap-union", NULL, NULL);
  view_pending = NULL;
  if (!x->view_storage)
    return IGM_EINTERNAL;
  x->view = librdf_new_model(x->world, x->view_storage, NULL);
  if (!x->view)
    return IGM_EINTERNAL;
  x->model = x->view;
  return IGM_OK;
}


/* ------------------------------------------------------------ igmap's own evaluation */

static void plan_cb(SpRewrite *rw, SpNode *g, size_t from, size_t to, const SpNode *bound)
{
  Exec *x = rw->ud;
  if (x->ev.explain)
    fprintf(x->ev.explain, "  join order of a run of triple patterns:\n");
  sp_plan_order(&x->ev, g, from, to, bound);
}

/* GRAPH <default graph> { triples } -> the triples (in a copy), for igmap's evaluation */
static void unwrap_default(SpNode *g, const char *dg)
{
  size_t i, k;
  for (i = 0; i < g->n; i++) {
    SpNode *e = g->kids[i];
    if (e->kind == SP_OPTIONAL) {
      unwrap_default(e->kids[0], dg);
    } else if (dg && e->kind == SP_GRAPH && e->kids[0]->kind == SP_IRI &&
               strcmp(e->kids[0]->str, dg) == 0 && e->kids[1]->kind == SP_GROUP) {
      SpNode *body = sp_node_remove(e, 1);
      sp_node_free(sp_node_remove(g, i));
      for (k = 0; k < body->n; k++)
        sp_node_insert(g, i + k, body->kids[k]);
      i += body->n;
      body->n = 0;
      sp_node_free(body);
      i--;
    }
  }
}

static void distinct_limit(IgmResults *r, int distinct, long offset, long limit);

/* ORDER BY of rows igmap evaluated: the key columns (-1: a variable never bound), DESC flags,
 * and the projected columns for ties */
typedef struct SortCtx {
  const SpTable *t;
  const int *key;
  const int *desc;
  size_t nkeys;
  const size_t *proj;
  size_t nproj;
} SortCtx;

static const SortCtx *sort_ctx;

static int row_cmp(const void *pa, const void *pb)
{
  size_t a = *(const size_t *)pa, b = *(const size_t *)pb, i;
  const SortCtx *c = sort_ctx;
  librdf_node *const *ra = &c->t->cells[a * c->t->nvars], *const *rb = &c->t->cells[b * c->t->nvars];
  int d;
  for (i = 0; i < c->nkeys; i++) {
    if (c->key[i] < 0)
      continue;
    d = sp_order_compare(ra[c->key[i]], rb[c->key[i]]);
    if (d)
      return c->desc[i] ? -d : d;
  }
  for (i = 0; i < c->nproj; i++) {
    if (c->proj[i] >= c->t->nvars)
      continue;
    d = sp_term_total_compare(ra[c->proj[i]], rb[c->proj[i]]);
    if (d)
      return d;
  }
  return a < b ? -1 : a > b;
}

/* Aggregates igmap computes over the rows it evaluated: COUNT(*), COUNT(?v), COUNT(DISTINCT ?v)
 * and SUM(IF(BOUND(?v), 1, 0)) (the count of bound values, as queries write COUNT(?v) for rasqal,
 * B2). Each is a count, written as an xsd:integer. */
enum { AGG_ROWS, AGG_BOUND, AGG_DISTINCT };

static int is_int_literal(const SpNode *n, const char *v)
{
  return n->kind == SP_LITERAL && n->dt && strcmp(n->dt, XSD "integer") == 0 && !n->lang &&
         strcmp(n->str, v) == 0;
}

/* the kind of an aggregate igmap computes, and its variable; -1 if it does not */
static int agg_kind(const SpNode *e, const char **var)
{
  *var = NULL;
  if (e->kind != SP_AGG)
    return -1;
  if (strcmp(e->str, "COUNT") == 0) {
    if (e->n == 0)
      return e->flag & SP_AGG_DISTINCT ? -1 : AGG_ROWS;
    if (e->n != 1 || e->kids[0]->kind != SP_VAR)
      return -1;
    *var = e->kids[0]->str;
    return e->flag & SP_AGG_DISTINCT ? AGG_DISTINCT : AGG_BOUND;
  }
  if (strcmp(e->str, "SUM") == 0 && !(e->flag & SP_AGG_DISTINCT) && e->n == 1) {
    const SpNode *c = e->kids[0];
    if (c->kind == SP_CALL && strcmp(c->str, "IF") == 0 && c->n == 3 &&
        c->kids[0]->kind == SP_CALL && strcmp(c->kids[0]->str, "BOUND") == 0 &&
        c->kids[0]->n == 1 && c->kids[0]->kids[0]->kind == SP_VAR &&
        is_int_literal(c->kids[1], "1") && is_int_literal(c->kids[2], "0")) {
      *var = c->kids[0]->kids[0]->str;
      return AGG_BOUND;
    }
  }
  return -1;
}

/* 1 if igmap can group q itself: GROUP BY plain variables (or none, with aggregates), every
 * projected item a group key or an aggregate agg_kind knows, no HAVING */
static int grouping_supported(const SpQuery *q)
{
  size_t i, k;
  if (q->having || !q->proj)
    return 0;
  for (i = 0; q->group_by && i < q->group_by->n; i++)
    if (q->group_by->kids[i]->kind != SP_VAR)
      return 0;
  for (i = 0; i < q->proj->n; i++) {
    const SpNode *it = q->proj->kids[i];
    const char *v;
    if (it->kind == SP_AS) {
      if (agg_kind(it->kids[0], &v) < 0)
        return 0;
      continue;
    }
    if (it->kind != SP_VAR || !q->group_by)
      return 0;
    for (k = 0; k < q->group_by->n; k++)
      if (strcmp(q->group_by->kids[k]->str, it->str) == 0)
        break;
    if (k == q->group_by->n)
      return 0;
  }
  return 1;
}

static int col_of(const SpTable *t, const char *name)
{
  size_t k;
  for (k = 0; name && k < t->nvars; k++)
    if (strcmp(t->vars[k], name) == 0)
      return (int)k;
  return -1;
}

static const SortCtx *group_ctx;

static int group_row_cmp(const void *pa, const void *pb)
{
  size_t a = *(const size_t *)pa, b = *(const size_t *)pb, i;
  const SortCtx *c = group_ctx;
  for (i = 0; i < c->nkeys; i++) {
    int d;
    if (c->key[i] < 0)
      continue;
    d = sp_term_total_compare(c->t->cells[a * c->t->nvars + (size_t)c->key[i]],
                              c->t->cells[b * c->t->nvars + (size_t)c->key[i]]);
    if (d)
      return d;
  }
  return a < b ? -1 : a > b;
}

static int node_ptr_cmp(const void *a, const void *b)
{
  return sp_term_total_compare(*(librdf_node *const *)a, *(librdf_node *const *)b);
}

/* The groups of t as a table: the GROUP BY variables, then one column per aggregate alias. */
static SpTable *group_rows(Exec *x, const SpQuery *q, const SpTable *t)
{
  size_t nkeys = q->group_by ? q->group_by->n : 0, nagg = 0, i, k, r, start, ncols;
  SpTable *g = calloc(1, sizeof *g);
  size_t *idx = malloc((t->nrows + 1) * sizeof *idx);
  int *key = calloc(nkeys + 1, sizeof *key);
  librdf_node **vals = malloc((t->nrows + 1) * sizeof *vals);
  librdf_uri *xsd_int = librdf_new_uri(x->world, (const unsigned char *)XSD "integer");
  if (!g || !idx || !key || !vals || !xsd_int)
    abort();
  for (i = 0; i < q->proj->n; i++)
    nagg += q->proj->kids[i]->kind == SP_AS;
  ncols = nkeys + nagg;
  g->nvars = ncols;
  g->vars = calloc(ncols + 1, sizeof *g->vars);
  if (!g->vars)
    abort();
  for (i = 0; i < nkeys; i++) {
    g->vars[i] = igm_strdup(q->group_by->kids[i]->str);
    key[i] = col_of(t, q->group_by->kids[i]->str);
  }
  for (i = 0, k = nkeys; i < q->proj->n; i++)
    if (q->proj->kids[i]->kind == SP_AS)
      g->vars[k++] = igm_strdup(q->proj->kids[i]->kids[1]->str);
  for (r = 0; r < t->nrows; r++)
    idx[r] = r;
  {
    SortCtx c = {t, key, NULL, nkeys, NULL, 0};
    group_ctx = &c;
    qsort(idx, t->nrows, sizeof *idx, group_row_cmp);
    group_ctx = NULL;
  }
  /* one group over no rows only without GROUP BY (COUNT of nothing is 0) */
  for (start = 0; start < t->nrows || (start == 0 && !q->group_by);) {
    size_t end = start + 1, a;
    if (start < t->nrows) {
      while (end < t->nrows) {
        int same = 1;
        for (i = 0; i < nkeys && same; i++)
          if (key[i] >= 0)
            same = sp_term_total_compare(t->cells[idx[start] * t->nvars + (size_t)key[i]],
                                         t->cells[idx[end] * t->nvars + (size_t)key[i]]) == 0;
        if (!same)
          break;
        end++;
      }
    } else {
      end = start; /* the empty group */
    }
    if (g->nrows == g->cap) {
      g->cap = g->cap ? g->cap * 2 : 64;
      g->cells = realloc(g->cells, g->cap * ncols * sizeof *g->cells);
      if (!g->cells)
        abort();
    }
    for (i = 0; i < nkeys; i++) {
      librdf_node *v =
          start < end && key[i] >= 0 ? t->cells[idx[start] * t->nvars + (size_t)key[i]] : NULL;
      g->cells[g->nrows * ncols + i] = v ? librdf_new_node_from_node(v) : NULL;
    }
    for (i = 0, a = nkeys; i < q->proj->n; i++) {
      const char *var;
      int kind, c;
      unsigned long count = 0;
      char num[32];
      if (q->proj->kids[i]->kind != SP_AS)
        continue;
      kind = agg_kind(q->proj->kids[i]->kids[0], &var);
      c = col_of(t, var);
      if (kind == AGG_ROWS) {
        count = end - start;
      } else if (c >= 0) {
        size_t nv = 0;
        for (r = start; r < end; r++)
          if (t->cells[idx[r] * t->nvars + (size_t)c])
            vals[nv++] = t->cells[idx[r] * t->nvars + (size_t)c];
        if (kind == AGG_BOUND) {
          count = nv;
        } else {
          qsort(vals, nv, sizeof *vals, node_ptr_cmp);
          for (r = 0; r < nv; r++)
            count += r == 0 || sp_term_total_compare(vals[r - 1], vals[r]) != 0;
        }
      }
      snprintf(num, sizeof num, "%lu", count);
      g->cells[g->nrows * ncols + a++] =
          librdf_new_node_from_typed_literal(x->world, (const unsigned char *)num, NULL, xsd_int);
    }
    g->nrows++;
    if (end == start)
      break;
    start = end;
  }
  librdf_free_uri(xsd_int);
  free(vals);
  free(key);
  free(idx);
  return g;
}

/* SELECT of plain variables, no aggregates or grouping, ORDER BY on variables only, whose WHERE
 * igmap evaluates itself: the rows come from sp_eval_group, not from rasqal; igmap orders them
 * (sparql_order.c), removes duplicates and slices. Returns 1 if done, 0 to leave it to rasqal. */
static int run_direct(Exec *x, const SpQuery *orig, const SpQuery *q, const char *dg,
                      IgmResults **out, IgmStatus *st)
{
  SpNode *where;
  SpTable *t = NULL;
  IgmResults *r;
  size_t i, k, *map, *order = NULL, nkeys;
  int *key = NULL, *desc = NULL;
  long skip, left, max_rows = -1;
  int grouped = orig->form == SP_SELECT && (orig->group_by || sp_query_has_aggregate(orig));
  const SpNode *okeys;
  if (grouped) {
    /* grouping and aggregates are read from the query as written (the rewrites for rasqal's
     * aggregate bugs do not apply), its WHERE evaluated as written */
    if (!grouping_supported(orig) || orig->values || x->npaths || !orig->where)
      return 0;
    where = sp_node_copy(orig->where);
    q = orig;
  } else {
    if (q->form != SP_SELECT || q->reduced || q->group_by || q->having || q->values || !q->proj ||
        !q->where || x->npaths || sp_query_has_aggregate(q))
      return 0;
    for (i = 0; i < q->proj->n; i++)
      if (q->proj->kids[i]->kind != SP_VAR)
        return 0;
    where = NULL;
  }
  if (q->reduced)
    return 0;
  /* the keys as written (the rewrites for rasqal add some) */
  okeys = orig->order;
  nkeys = okeys ? okeys->n : 0;
  for (i = 0; i < nkeys; i++)
    if (okeys->kids[i]->n != 1 || okeys->kids[i]->kids[0]->kind != SP_VAR) {
      sp_node_free(where);
      return 0;
    }
  if (!where) {
    where = sp_node_copy(q->where);
    unwrap_default(where, dg);
    if (!sp_eval_supported(where) && orig->where && orig->form == SP_SELECT && !orig->values) {
      /* the rewrites for rasqal (of UNION branches with BIND, for one) may hide a WHERE igmap
       * evaluates as written */
      sp_node_free(where);
      where = sp_node_copy(orig->where);
    }
  }
  if (!sp_eval_supported(where)) {
    sp_node_free(where);
    return 0;
  }
  if (!nkeys && !q->distinct && q->limit >= 0)
    max_rows = q->limit + (q->offset > 0 ? q->offset : 0);
  if (x->ev.explain)
    fprintf(x->ev.explain, "evaluated by igmap (no rasqal):\n");
  if (sp_eval_group(&x->ev, where, grouped ? -1 : max_rows, &t) < 0) {
    sp_node_free(where);
    sp_table_free(t);
    return 0;
  }
  sp_node_free(where);
  if (grouped) {
    SpTable *g = group_rows(x, q, t);
    sp_table_free(t);
    t = g;
    if (x->ev.explain)
      fprintf(x->ev.explain, "  GROUP BY (igmap): %zu groups\n", t->nrows);
  }
  map = calloc(q->proj->n + 1, sizeof *map);
  key = calloc(nkeys + 1, sizeof *key);
  desc = calloc(nkeys + 1, sizeof *desc);
  order = malloc((t->nrows + 1) * sizeof *order);
  if (!map || !key || !desc || !order)
    abort();
  for (i = 0; i < q->proj->n; i++) {
    const SpNode *it = q->proj->kids[i];
    const char *name = it->kind == SP_AS ? it->kids[1]->str : it->str;
    map[i] = t->nvars;
    for (k = 0; k < t->nvars; k++)
      if (strcmp(t->vars[k], name) == 0)
        map[i] = k;
  }
  for (i = 0; i < nkeys; i++) {
    const SpNode *o = okeys->kids[i];
    key[i] = -1;
    desc[i] = o->flag;
    for (k = 0; k < t->nvars; k++)
      if (strcmp(t->vars[k], o->kids[0]->str) == 0)
        key[i] = (int)k;
    if (key[i] >= 0 && !sp_order_column_supported(t->cells, t->nrows, t->nvars, (size_t)key[i])) {
      if (x->ev.explain)
        fprintf(x->ev.explain, "  ORDER BY ?%s: values igmap does not order itself; rasqal "
                               "evaluates the query instead\n", o->kids[0]->str);
      free(map);
      free(key);
      free(desc);
      free(order);
      sp_table_free(t);
      return 0;
    }
  }
  for (k = 0; k < t->nrows; k++)
    order[k] = k;
  if (nkeys) {
    SortCtx c = {t, key, desc, nkeys, map, q->proj->n};
    sort_ctx = &c;
    qsort(order, t->nrows, sizeof *order, row_cmp);
    sort_ctx = NULL;
    if (x->ev.explain)
      fprintf(x->ev.explain, "  ORDER BY (igmap): %zu keys\n", nkeys);
  }
  r = igm_results_new(IGM_RES_BINDINGS);
  for (i = 0; i < q->proj->n; i++) {
    const SpNode *it = q->proj->kids[i];
    igm_results_add_var(r, it->kind == SP_AS ? it->kids[1]->str : it->str);
  }
  /* with DISTINCT every row is projected first, then distinct_limit slices */
  skip = q->distinct ? 0 : (q->offset > 0 ? q->offset : 0);
  left = q->distinct ? -1 : (q->limit >= 0 ? q->limit : -1);
  for (k = 0; k < t->nrows && left != 0; k++) {
    librdf_node **row;
    librdf_node *const *src = &t->cells[order[k] * t->nvars];
    if (skip > 0) {
      skip--;
      continue;
    }
    row = calloc(q->proj->n + 1, sizeof *row);
    if (!row)
      abort();
    for (i = 0; i < q->proj->n; i++)
      if (map[i] < t->nvars && src[map[i]])
        row[i] = librdf_new_node_from_node(src[map[i]]);
    igm_results_add_row(r, row);
    free(row);
    if (left > 0)
      left--;
  }
  if (q->distinct)
    distinct_limit(r, 1, q->offset, q->limit);
  r->ordered = nkeys > 0;
  free(map);
  free(key);
  free(desc);
  free(order);
  sp_table_free(t);
  *out = r;
  *st = IGM_OK;
  return 1;
}

/* ------------------------------------------------------------ running */

static IgmStatus run_text(Exec *x, const char *text, librdf_query_results **qr_out,
                          librdf_query **q_out)
{
  unsigned errors = igm_diag_error_count();
  librdf_query *q = librdf_new_query(x->world, "sparql", NULL, (const unsigned char *)text, NULL);
  librdf_query_results *qr;
  *qr_out = NULL;
  *q_out = NULL;
  if (!q || igm_diag_error_count() != errors) {
    if (q)
      librdf_free_query(q);
    igm_diag(IGM_DIAG_ERROR, x->source, 0, 0,
             "internal error: the rewritten query was not accepted by rasqal");
    return IGM_EINTERNAL;
  }
  qr = librdf_model_query_execute(x->model, q);
  if (!qr || igm_diag_error_count() != errors) {
    if (qr)
      librdf_free_query_results(qr);
    librdf_free_query(q);
    igm_diag(IGM_DIAG_ERROR, x->source, 0, 0, "query execution failed");
    return IGM_EINTERNAL;
  }
  *qr_out = qr;
  *q_out = q;
  return IGM_OK;
}

static librdf_node *integer_node(Exec *x, const char *v)
{
  librdf_uri *dt = librdf_new_uri(x->world, (const unsigned char *)XSD "integer");
  librdf_node *n = librdf_new_node_from_typed_literal(x->world, (const unsigned char *)v, NULL, dt);
  librdf_free_uri(dt);
  return n;
}

/* The row an aggregate query without GROUP BY gives over empty input (B3). */
static void empty_aggregate_row(Exec *x, const SpQuery *orig, IgmResults *r)
{
  librdf_node **row = calloc(r->nvars + 1, sizeof *row);
  size_t i, k;
  if (!row)
    abort();
  for (i = 0; orig->proj && i < orig->proj->n; i++) {
    const SpNode *it = orig->proj->kids[i];
    const SpNode *e;
    if (it->kind != SP_AS)
      continue;
    e = it->kids[0];
    for (k = 0; k < r->nvars; k++)
      if (strcmp(r->vars[k], it->kids[1]->str) == 0)
        break;
    if (k == r->nvars || e->kind != SP_AGG)
      continue;
    if (strcmp(e->str, "COUNT") == 0 || strcmp(e->str, "SUM") == 0 || strcmp(e->str, "AVG") == 0)
      row[k] = integer_node(x, "0");
    else if (strcmp(e->str, "GROUP_CONCAT") == 0)
      row[k] = librdf_new_node_from_literal(x->world, (const unsigned char *)"", NULL, 0);
  }
  igm_results_add_row(r, row);
  free(row);
}

static IgmStatus ask_where(Exec *x, const SpQuery *rewritten, int *nonempty)
{
  SpQuery *a = sp_query_new();
  char *text;
  librdf_query_results *qr;
  librdf_query *q;
  IgmStatus st;
  a->form = SP_ASK;
  a->where = sp_node_copy(rewritten->where);
  text = sp_serialize(a);
  sp_query_free(a);
  st = run_text(x, text, &qr, &q);
  free(text);
  if (st != IGM_OK)
    return st;
  *nonempty = librdf_query_results_get_boolean(qr) > 0;
  librdf_free_query_results(qr);
  librdf_free_query(q);
  return IGM_OK;
}


static int hexval(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* "a%20b c" with separator ", " -> "a b, c" (the values were ENCODE_FOR_URI'd) */
static librdf_node *regroup(Exec *x, librdf_node *cell, const char *sep)
{
  const char *v = (const char *)librdf_node_get_literal_value(cell);
  SpBuf b = {0};
  librdf_node *n;
  int first = 1;
  while (v && *v) {
    const char *e = strchr(v, ' ');
    size_t len = e ? (size_t)(e - v) : strlen(v), i;
    if (!first)
      sp_buf_puts(&b, sep);
    first = 0;
    for (i = 0; i < len; i++) {
      if (v[i] == '%' && i + 2 < len + 1 && hexval((unsigned char)v[i + 1]) >= 0 &&
          hexval((unsigned char)v[i + 2]) >= 0) {
        char c = (char)(hexval((unsigned char)v[i + 1]) * 16 + hexval((unsigned char)v[i + 2]));
        sp_buf_putn(&b, &c, 1);
        i += 2;
      } else {
        sp_buf_putn(&b, v + i, 1);
      }
    }
    v = e ? e + 1 : v + len;
  }
  n = librdf_new_node_from_literal(x->world, (const unsigned char *)(b.s ? b.s : ""), NULL, 0);
  free(b.s);
  return n;
}


/* ------------------------------------------------------------ corrections of values */

static size_t utf8_decode(const unsigned char *p, size_t len, wint_t *out)
{
  if (p[0] < 0x80) {
    *out = p[0];
    return 1;
  }
  if ((p[0] & 0xE0) == 0xC0 && len >= 2) {
    *out = (wint_t)(((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu));
    return 2;
  }
  if ((p[0] & 0xF0) == 0xE0 && len >= 3) {
    *out = (wint_t)(((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu));
    return 3;
  }
  if ((p[0] & 0xF8) == 0xF0 && len >= 4) {
    *out = (wint_t)(((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
                    (p[3] & 0x3Fu));
    return 4;
  }
  *out = p[0];
  return 1;
}

static void utf8_put(SpBuf *b, wint_t c)
{
  char t[4];
  size_t n;
  if (c < 0x80) {
    t[0] = (char)c;
    n = 1;
  } else if (c < 0x800) {
    t[0] = (char)(0xC0 | (c >> 6));
    t[1] = (char)(0x80 | (c & 0x3F));
    n = 2;
  } else if (c < 0x10000) {
    t[0] = (char)(0xE0 | (c >> 12));
    t[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    t[2] = (char)(0x80 | (c & 0x3F));
    n = 3;
  } else {
    t[0] = (char)(0xF0 | (c >> 18));
    t[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    t[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    t[3] = (char)(0x80 | (c & 0x3F));
    n = 4;
  }
  sp_buf_putn(b, t, n);
}

/* UCASE/LCASE over every letter (rasqal changes ASCII letters only, B13): the same literal
 * (language and datatype kept) with its lexical form case-mapped. */
static librdf_node *case_map(Exec *x, librdf_node *cell, int upper)
{
  static locale_t loc = (locale_t)0;
  size_t len = 0, i = 0;
  const unsigned char *v = librdf_node_get_literal_value_as_counted_string(cell, &len);
  SpBuf b = {0};
  librdf_node *n;
  const char *lang;
  if (!loc)
    loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
  if (!v || !loc)
    return librdf_new_node_from_node(cell);
  while (i < len) {
    /* the unconditional one-to-many mappings of Unicode SpecialCasing.txt that occur in
     * Latin text; the rest map one to one */
    static const struct {
      wint_t c;
      int upper;
      const char *to;
    } special[] = {{0xDF, 1, "SS"},   {0xFB00, 1, "FF"}, {0xFB01, 1, "FI"},
                   {0xFB02, 1, "FL"}, {0xFB03, 1, "FFI"}, {0xFB04, 1, "FFL"},
                   {0xFB05, 1, "ST"}, {0xFB06, 1, "ST"}, {0x130, 0, "i\xCC\x87"}};
    wint_t c;
    size_t k;
    i += utf8_decode(v + i, len - i, &c);
    for (k = 0; k < sizeof special / sizeof special[0]; k++)
      if (special[k].c == c && special[k].upper == upper)
        break;
    if (k < sizeof special / sizeof special[0])
      sp_buf_puts(&b, special[k].to);
    else
      utf8_put(&b, upper ? towupper_l(c, loc) : towlower_l(c, loc));
  }
  lang = librdf_node_get_literal_value_language(cell);
  n = librdf_new_node_from_typed_counted_literal(
      x->world, (const unsigned char *)(b.s ? b.s : ""), b.len, lang, lang ? strlen(lang) : 0,
      librdf_node_get_literal_value_datatype_uri(cell));
  free(b.s);
  return n;
}


/* DISTINCT, OFFSET and LIMIT of the outer SELECT applied by igmap (rows kept in order): rasqal's
 * DISTINCT over rows from GRAPH patterns leaks the whole query (librdf D11 reaches it). */
static void distinct_limit(IgmResults *r, int distinct, long offset, long limit)
{
  size_t nslots = 64, i, k, out = 0, *slots, from, to;
  while (nslots < r->nrows * 2)
    nslots *= 2;
  slots = calloc(nslots, sizeof *slots);
  if (!slots)
    abort();
  for (i = 0; i < r->nrows; i++) {
    librdf_node **row = &r->cells[i * r->nvars];
    int keep = 1;
    unsigned long h = 7;
    size_t slot = 0;
    if (distinct) {
      for (k = 0; k < r->nvars; k++)
        h = h * 31 + (row[k] ? node_hash(row[k]) : 1);
      slot = h & (nslots - 1);
      while (slots[slot] && keep) {
        librdf_node **other = &r->cells[(slots[slot] - 1) * r->nvars];
        size_t c;
        int same = 1;
        for (c = 0; c < r->nvars && same; c++)
          same = (!row[c] && !other[c]) ||
                 (row[c] && other[c] && librdf_node_equals(row[c], other[c]));
        if (same)
          keep = 0;
        else
          slot = (slot + 1) & (nslots - 1);
      }
    }
    if (!keep) {
      for (k = 0; k < r->nvars; k++)
        if (row[k])
          librdf_free_node(row[k]);
      continue;
    }
    for (k = 0; k < r->nvars && out != i; k++)
      r->cells[out * r->nvars + k] = row[k];
    if (distinct)
      slots[slot] = out + 1;
    out++;
  }
  free(slots);
  from = offset > 0 ? (size_t)offset : 0;
  if (from > out)
    from = out;
  to = limit >= 0 && from + (size_t)limit < out ? from + (size_t)limit : out;
  for (i = 0; i < out; i++)
    for (k = 0; k < r->nvars; k++) {
      librdf_node *c = r->cells[i * r->nvars + k];
      if (i < from || i >= to) {
        if (c)
          librdf_free_node(c);
      } else {
        r->cells[(i - from) * r->nvars + k] = c;
      }
    }
  r->nrows = to - from;
}

static IgmStatus collect(Exec *x, const SpQuery *orig, const SpQuery *rw, const SpNode *concat_fix,
                         const SpNode *fixes, librdf_query_results *qr, IgmResults **out)
{
  IgmResults *r;
  size_t i;
  if (orig->form == SP_ASK) {
    int b = librdf_query_results_get_boolean(qr);
    if (b < 0)
      return IGM_EINTERNAL;
    r = igm_results_new(IGM_RES_BOOLEAN);
    r->boolean = b > 0;
  } else if (orig->form == SP_CONSTRUCT || orig->form == SP_DESCRIBE) {
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
    SpNode *vars = sp_node_new(SP_LIST, NULL, 0, 0);
    librdf_node **row;
    sp_query_result_vars(orig, vars);
    r = igm_results_new(IGM_RES_BINDINGS);
    for (i = 0; i < vars->n; i++)
      igm_results_add_var(r, vars->kids[i]->str);
    row = calloc(vars->n + 1, sizeof *row);
    if (!row)
      abort();
    while (librdf_query_results_is_bindings(qr) && !librdf_query_results_finished(qr)) {
      for (i = 0; i < vars->n; i++) {
        row[i] = librdf_query_results_get_binding_value_by_name(qr, vars->kids[i]->str);
        if (row[i] && librdf_node_is_literal(row[i]) && concat_fix &&
            sp_list_has_var(concat_fix, vars->kids[i]->str)) {
          size_t k;
          for (k = 0; k < concat_fix->n; k++)
            if (strcmp(concat_fix->kids[k]->str, vars->kids[i]->str) == 0) {
              librdf_node *fixed = regroup(x, row[i], concat_fix->kids[k]->sep);
              librdf_free_node(row[i]);
              row[i] = fixed;
              break;
            }
        }
        if (row[i] && librdf_node_is_literal(row[i]) && fixes) {
          size_t k;
          for (k = 0; k < fixes->n; k++)
            if (strcmp(fixes->kids[k]->str, vars->kids[i]->str) == 0 &&
                (fixes->kids[k]->flag == SP_FIX_UCASE || fixes->kids[k]->flag == SP_FIX_LCASE)) {
              librdf_node *fixed = case_map(x, row[i], fixes->kids[k]->flag == SP_FIX_UCASE);
              librdf_free_node(row[i]);
              row[i] = fixed;
              break;
            }
        }
      }
      igm_results_add_row(r, row);
      if (librdf_query_results_next(qr))
        break;
    }
    free(row);
    sp_node_free(vars);
    r->ordered = orig->order != NULL && orig->order->n > 0;
    if (sp_query_has_aggregate(orig) && !orig->group_by && !orig->having && r->nrows == 0)
      empty_aggregate_row(x, orig, r);
    if (orig->group_by && r->nrows == 1) {
      /* rasqal makes one group out of empty input (B4) */
      int nonempty = 1;
      IgmStatus st = ask_where(x, rw, &nonempty);
      if (st != IGM_OK) {
        igm_results_free(r);
        return st;
      }
      if (!nonempty) {
        for (i = 0; i < r->nvars; i++)
          if (r->cells[i])
            librdf_free_node(r->cells[i]);
        r->nrows = 0;
      }
    }
  }
  *out = r;
  return IGM_OK;
}

static int list_has(const SpNode *l, const char *iri) { return l && sp_list_has_var(l, iri); }

IgmStatus sp_execute(const SpQuery *parsed, const char *source, const IgmDataset *ds,
                     IgmResults **out)
{
  Exec x;
  SpRewrite rw;
  SpQuery *q = sp_query_copy(parsed);
  IgmStatus st = IGM_OK;
  char *text = NULL;
  librdf_query_results *qr = NULL;
  librdf_query *lq = NULL;
  size_t i;
  int has_graph, has_paths, need_tmp;
  int own_distinct = 0;
  long lim_offset = -1, lim_limit = -1;

  *out = NULL;
  memset(&x, 0, sizeof x);
  memset(&rw, 0, sizeof rw);
  x.world = ds->world;
  x.model = ds->model;
  x.ds = ds;
  x.source = source;
  x.default_list = sp_node_new(SP_LIST, NULL, 0, 0);

  has_graph = sp_query_has_graph(q->where);
  has_paths = sp_query_has_closure_path(q->where);
  if (q->from || q->from_named) {
    /* FROM / FROM NAMED choose among the graphs igmap holds; nothing is fetched */
    SpNode *held = sp_node_new(SP_LIST, NULL, 0, 0);
    if (ds->default_is_union) {
      list_contexts(ds->model, held);
    } else {
      for (i = 0; i < ds->ndefault; i++)
        sp_list_add_var(held, ds->default_graphs[i]);
      for (i = 0; i < ds->nnamed; i++)
        sp_list_add_var(held, ds->named_graphs[i]);
    }
    for (i = 0; q->from && i < q->from->n; i++) {
      if (list_has(held, q->from->kids[i]->str))
        sp_list_add_var(x.default_list, q->from->kids[i]->str);
      else
        igm_diag(IGM_DIAG_WARNING, source, q->from->kids[i]->line, q->from->kids[i]->col,
                 "FROM <%s>: no such graph here; it is taken as empty", q->from->kids[i]->str);
    }
    x.named = sp_node_new(SP_LIST, NULL, 0, 0);
    for (i = 0; q->from_named && i < q->from_named->n; i++)
      if (list_has(held, q->from_named->kids[i]->str))
        sp_list_add_var(x.named, q->from_named->kids[i]->str);
    sp_node_free(held);
    need_tmp = 1;
  } else if (ds->default_is_union) {
    x.union_default = 1;
    need_tmp = has_paths;
    x.named = sp_node_new(SP_LIST, NULL, 0, 0);
    list_contexts(ds->model, x.named);
    if (need_tmp)
      list_contexts(ds->model, x.default_list);
  } else {
    SpNode *ctxs = sp_node_new(SP_LIST, NULL, 0, 0);
    for (i = 0; i < ds->ndefault; i++)
      sp_list_add_var(x.default_list, ds->default_graphs[i]);
    x.named = sp_node_new(SP_LIST, NULL, 0, 0);
    for (i = 0; i < ds->nnamed; i++)
      sp_list_add_var(x.named, ds->named_graphs[i]);
    list_contexts(ds->model, ctxs);
    /* the model may be used as it is when its statements are exactly the default graph */
    need_tmp = has_graph || has_paths || x.default_list->n != 1 || ctxs->n != 1 ||
               strcmp(ctxs->kids[0]->str, x.default_list->kids[0]->str) != 0;
    if (ctxs->n == 0 && x.default_list->n == 0 && !has_graph && !has_paths)
      need_tmp = 0; /* an empty model */
    sp_node_free(ctxs);
  }
  if (!need_tmp && x.union_default && x.named->n > 1) {
    /* several graphs: the default graph is their merge, each triple once */
    st = union_model(&x);
    if (st != IGM_OK) {
      igm_diag(IGM_DIAG_ERROR, source, 0, 0, "cannot open the store's default graph");
      goto done;
    }
    rw.default_graph = IGM_UNION_IRI;
  }
  if (need_tmp) {
    st = make_tmp(&x, has_graph);
    if (st != IGM_OK) {
      igm_diag(IGM_DIAG_ERROR, source, 0, 0, "cannot create an in-memory model");
      goto done;
    }
    if (has_graph || has_paths)
      rw.default_graph = IGM_DG_IRI;
  }
  /* the dataset is settled: FROM and FROM NAMED must not reach rasqal */
  sp_node_free(q->from);
  sp_node_free(q->from_named);
  q->from = q->from_named = NULL;
  rw.source = source;
  rw.named = x.named;
  rw.path_cb = path_cb;
  rw.concat_fix = sp_node_new(SP_LIST, NULL, 0, 0);
  rw.fixes = sp_node_new(SP_LIST, NULL, 0, 0);
  rw.ud = &x;
  x.ev.world = x.world;
  x.ev.model = x.model;
  x.ev.explain = explain_out;
  if (x.view) {
    x.ev.ctx = librdf_new_node_from_uri_string(x.world, (const unsigned char *)IGM_UNION_IRI);
  } else if (x.dg) {
    x.ev.ctx = librdf_new_node_from_node(x.dg);
  }
  if (ds->default_is_union) {
    uint64_t n;
    librdf_storage *sto = librdf_model_get_storage(ds->model);
    if (sto && igm_lmdb_graph_size(sto, NULL, &n) == 0)
      x.ev.stats = sto;
  }
  if (x.ev.explain)
    fprintf(x.ev.explain, "plan (statistics: %s):\n",
            x.ev.stats ? "the store's per-predicate counts" : "none; bound positions only");
  rw.order_cb = plan_cb;
  /* grouping igmap does itself reads the query as written: before the rewrites for rasqal
   * (and its refusals, such as COUNT(DISTINCT) of a variable that may be unbound) */
  if (parsed->form == SP_SELECT && (parsed->group_by || sp_query_has_aggregate(parsed)) &&
      run_direct(&x, parsed, parsed, rw.default_graph, out, &st))
    goto done;
  st = sp_rewrite(&rw, q);
  if (st != IGM_OK)
    goto done;
  if (run_direct(&x, parsed, q, rw.default_graph, out, &st))
    goto done;
  if (q->form == SP_SELECT && q->distinct && has_graph) {
    own_distinct = 1;
    lim_offset = q->offset;
    lim_limit = q->limit;
    q->distinct = 0;
    q->offset = q->limit = -1;
  }
  text = sp_serialize(q);
  if (getenv("IGMAP_SPARQL_DEBUG"))
    fprintf(stderr, "%s", text);
  if (x.ev.explain)
    fprintf(x.ev.explain, "run by rasqal as:\n%s", text);
  st = run_text(&x, text, &qr, &lq);
  if (st != IGM_OK)
    goto done;
  st = collect(&x, parsed, q, rw.concat_fix, rw.fixes, qr, out);
  if (st == IGM_OK && own_distinct)
    distinct_limit(*out, 1, lim_offset, lim_limit);
done:
  if (qr)
    librdf_free_query_results(qr);
  if (lq)
    librdf_free_query(lq);
  free(text);
  sp_query_free(q);
  if (x.dg)
    librdf_free_node(x.dg);
  if (x.tmp)
    librdf_free_model(x.tmp);
  if (x.tmp_storage)
    librdf_free_storage(x.tmp_storage);
  sp_node_free(x.named);
  sp_node_free(x.default_list);
  sp_node_free(rw.concat_fix);
  sp_node_free(rw.fixes);
  if (x.ev.ctx)
    librdf_free_node(x.ev.ctx);
  if (x.view)
    librdf_free_model(x.view);
  if (x.view_storage)
    librdf_free_storage(x.view_storage);
  for (i = 0; i < x.ngm; i++) {
    librdf_free_model(x.gm_model[i]);
    librdf_free_storage(x.gm_storage[i]);
    librdf_free_node(x.gm_ctx[i]);
  }
  free(x.gm_model);
  free(x.gm_storage);
  free(x.gm_ctx);
  return st;
}
