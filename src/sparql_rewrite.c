/* sparql_rewrite.c: rewrites of a parsed query into SPARQL that rasqal 0.9.33 answers
 * correctly (redland-notes.md A and B). Each rewrite keeps the SPARQL 1.1 semantics:
 *   SELECT *            -> the explicit in-scope variables (fresh variables never leak)
 *   blank nodes in WHERE -> fresh variables (BGPs may be split by the path rewrites)
 *   FILTER NOT EXISTS{P} -> OPTIONAL { P BIND(1 AS ?m) } ... !BOUND(?m)
 *   FILTER EXISTS{P}    -> OPTIONAL { SELECT DISTINCT shared (1 AS ?m) { P } } ... BOUND(?m)
 *   MINUS {P}           -> OPTIONAL { P' BIND(1 AS ?m) FILTER(compatible and sharing) }
 *                          FILTER(!BOUND(?m)), P' = P with its variables renamed
 *   paths a/b, ^a, a|b, !(..) -> joins, swaps, UNION, a variable predicate with NOT IN
 *   paths p*, p+, p?    -> handed to a callback that evaluates them over the data
 *   GROUP BY (e AS ?k)  -> BIND(e AS ?k) at the end of WHERE, GROUP BY ?k
 *   COUNT(?v)           -> SUM(IF(BOUND(?v), 1, 0))
 *   HAVING on an unprojected aggregate -> also projected, as a hidden column
 *   DESCRIBE            -> CONSTRUCT of the resources' triples */
#include "sparql_rewrite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

static int has_agg(const SpNode *n);

static SpNode *fresh_var(SpRewrite *rw)
{
  char buf[48];
  snprintf(buf, sizeof buf, "__igm%d", ++rw->fresh);
  return sp_var(buf);
}

static SpNode *call1(const char *name, SpNode *a)
{
  SpNode *c = sp_node_new(SP_CALL, name, 0, 0);
  sp_node_add(c, a);
  return c;
}

static SpNode *op2(const char *op, SpNode *a, SpNode *b)
{
  SpNode *n = sp_node_new(SP_OP, op, 0, 0);
  sp_node_add(n, a);
  sp_node_add(n, b);
  return n;
}

static SpNode *op1(const char *op, SpNode *a)
{
  SpNode *n = sp_node_new(SP_OP, op, 0, 0);
  sp_node_add(n, a);
  return n;
}

static SpNode *triple(SpNode *s, SpNode *p, SpNode *o)
{
  SpNode *t = sp_node_new(SP_TRIPLE, NULL, 0, 0);
  sp_node_add(t, s);
  sp_node_add(t, p);
  sp_node_add(t, o);
  return t;
}

#define IGM_ANCHOR_IRI "urn:x-igmap:anchor"

static SpNode *one(void) { return sp_literal("1", NULL, "http://www.w3.org/2001/XMLSchema#integer", 1); }

static IgmStatus refuse(SpRewrite *rw, const SpNode *at, const char *what, const char *instead)
{
  igm_diag(IGM_DIAG_ERROR, rw->source, at ? at->line : 0, at ? at->col : 0,
           "%s is not supported: it cannot be answered correctly; %s", what, instead);
  return IGM_ESYNTAX;
}

/* ------------------------------------------------------------ SELECT * */

static void expand_star(SpQuery *q);

static void expand_star_in(SpNode *n)
{
  size_t i;
  if (!n)
    return;
  if (n->kind == SP_SUBSELECT)
    expand_star(n->query);
  for (i = 0; i < n->n; i++)
    expand_star_in(n->kids[i]);
}

static void expand_star(SpQuery *q)
{
  expand_star_in(q->where);
  expand_star_in(q->proj);
  expand_star_in(q->having);
  expand_star_in(q->order);
  if (q->star && (q->form == SP_SELECT || q->form == SP_DESCRIBE)) {
    SpNode *vars = sp_node_new(SP_LIST, NULL, 0, 0);
    sp_query_result_vars(q, vars);
    sp_node_free(q->proj);
    q->proj = vars;
    q->star = 0;
  }
}

/* ------------------------------------------------------------ blank nodes -> variables */

static void bnodes_to_vars(SpRewrite *rw, SpNode *n, SpNode *map);
static void bnodes_query(SpRewrite *rw, SpQuery *q, SpNode *map)
{
  bnodes_to_vars(rw, q->where, map);
  bnodes_to_vars(rw, q->proj, map);
  bnodes_to_vars(rw, q->having, map);
  bnodes_to_vars(rw, q->order, map);
}

static void bnodes_to_vars(SpRewrite *rw, SpNode *n, SpNode *map)
{
  size_t i;
  if (!n)
    return;
  if (n->kind == SP_BNODE) {
    const char *name = NULL;
    for (i = 0; i < map->n; i++)
      if (strcmp(map->kids[i]->str, n->str) == 0)
        name = map->kids[i]->lang;
    if (!name) {
      SpNode *v = fresh_var(rw);
      SpNode *m = sp_node_new(SP_VAR, n->str, 0, 0);
      m->lang = v->str;
      v->str = NULL;
      sp_node_free(v);
      sp_node_add(map, m);
      name = m->lang;
    }
    n->kind = SP_VAR;
    free(n->str);
    n->str = malloc(strlen(name) + 1);
    if (!n->str)
      abort();
    strcpy(n->str, name);
    return;
  }
  for (i = 0; i < n->n; i++)
    bnodes_to_vars(rw, n->kids[i], map);
  if (n->query)
    bnodes_query(rw, n->query, map);
}

/* ------------------------------------------------------------ renaming */

static void rename_vars(SpNode *n, const SpNode *keep, SpNode *map, SpRewrite *rw);
static void rename_query(SpQuery *q, const SpNode *keep, SpNode *map, SpRewrite *rw)
{
  rename_vars(q->where, keep, map, rw);
  rename_vars(q->proj, keep, map, rw);
  rename_vars(q->group_by, keep, map, rw);
  rename_vars(q->having, keep, map, rw);
  rename_vars(q->order, keep, map, rw);
  rename_vars(q->values, keep, map, rw);
}

/* Renames every variable not in `keep` to a fresh one (consistently, through map: SP_VAR
 * nodes whose str is the old name and lang the new one). */
static void rename_vars(SpNode *n, const SpNode *keep, SpNode *map, SpRewrite *rw)
{
  size_t i;
  if (!n)
    return;
  if (n->kind == SP_VAR && !sp_list_has_var(keep, n->str)) {
    const char *name = NULL;
    for (i = 0; i < map->n; i++)
      if (strcmp(map->kids[i]->str, n->str) == 0)
        name = map->kids[i]->lang;
    if (!name) {
      SpNode *v = fresh_var(rw);
      SpNode *m = sp_node_new(SP_VAR, n->str, 0, 0);
      m->lang = v->str;
      v->str = NULL;
      sp_node_free(v);
      sp_node_add(map, m);
      name = m->lang;
    }
    free(n->str);
    n->str = malloc(strlen(name) + 1);
    if (!n->str)
      abort();
    strcpy(n->str, name);
    return;
  }
  for (i = 0; i < n->n; i++)
    rename_vars(n->kids[i], keep, map, rw);
  if (n->query)
    rename_query(n->query, keep, map, rw);
}

static const char *map_lookup(const SpNode *map, const char *name)
{
  size_t i;
  for (i = 0; i < map->n; i++)
    if (strcmp(map->kids[i]->str, name) == 0)
      return map->kids[i]->lang;
  return NULL;
}

/* ------------------------------------------------------------ EXISTS and MINUS */

static IgmStatus rewrite_group(SpRewrite *rw, SpNode *g, const SpNode *graph);
static IgmStatus rewrite_query_where(SpRewrite *rw, SpQuery *q, const SpNode *graph);

static int contains_exists(const SpNode *n)
{
  size_t i;
  if (!n)
    return 0;
  if (n->kind == SP_EXISTS)
    return 1;
  for (i = 0; i < n->n; i++)
    if (contains_exists(n->kids[i]))
      return 1;
  return 0;
}

/* scope of the group's elements other than FILTERs */
static void group_scope(const SpNode *g, SpNode *vars)
{
  size_t i;
  for (i = 0; i < g->n; i++)
    if (g->kids[i]->kind != SP_FILTER)
      sp_scope_vars(g->kids[i], vars);
}

/* Variables used in the top-level FILTERs of group p but not bound by p's own patterns. */
static int filters_use_outer(const SpNode *p)
{
  SpNode *inner = sp_node_new(SP_LIST, NULL, 0, 0), *used = sp_node_new(SP_LIST, NULL, 0, 0);
  size_t i;
  int outer = 0;
  group_scope(p, inner);
  for (i = 0; i < p->n; i++)
    if (p->kids[i]->kind == SP_FILTER)
      sp_all_vars(p->kids[i], used);
  for (i = 0; i < used->n; i++)
    if (!sp_list_has_var(inner, used->kids[i]->str))
      outer = 1;
  sp_node_free(inner);
  sp_node_free(used);
  return outer;
}

static SpNode *same_term(const char *v, const char *w)
{
  SpNode *st = sp_node_new(SP_CALL, "SAMETERM", 0, 0);
  sp_node_add(st, sp_var(v));
  sp_node_add(st, sp_var(w));
  return st;
}

/* Replaces each EXISTS in expression *e (not inside nested EXISTS) by a BOUND test of a marker,
 * appending the matching OPTIONAL to `extra`. */
static IgmStatus replace_exists(SpRewrite *rw, SpNode **e, const SpNode *scope, SpNode *extra,
                                const SpNode *graph)
{
  size_t i;
  SpNode *n = *e;
  if (n->kind == SP_EXISTS) {
    SpNode *pat = sp_node_remove(n, 0);
    SpNode *map = sp_node_new(SP_LIST, NULL, 0, 0);
    SpNode *m = fresh_var(rw);
    SpNode *opt = sp_node_new(SP_OPTIONAL, NULL, 0, 0);
    SpNode *test;
    IgmStatus st;
    int neg = n->flag;
    SpNode *own = sp_node_new(SP_LIST, NULL, 0, 0), *keep = sp_node_new(SP_LIST, NULL, 0, 0);
    SpNode *cond = NULL;
    sp_scope_vars(pat, own);
    if (neg) {
      /* every variable P binds is renamed; the left join checks the shared ones:
       * (!BOUND(?v) || !BOUND(?v2) || sameTerm(?v, ?v2)). Variables P only uses in FILTERs
       * keep their names: they are the outer ones. */
      sp_all_vars(pat, keep);
      for (i = 0; i < keep->n;) {
        if (sp_list_has_var(own, keep->kids[i]->str))
          sp_node_free(sp_node_remove(keep, i));
        else
          i++;
      }
      rename_vars(pat, keep, map, rw);
      for (i = 0; i < own->n; i++) {
        const char *v = own->kids[i]->str, *w = map_lookup(map, v);
        SpNode *c;
        if (!w || !sp_list_has_var(scope, v))
          continue;
        c = op2("||", op2("||", op1("!", call1("BOUND", sp_var(v))), op1("!", call1("BOUND", sp_var(w)))),
                same_term(v, w));
        cond = cond ? op2("&&", cond, c) : c;
      }
    } else {
      rename_vars(pat, scope, map, rw);
    }
    sp_node_free(own);
    sp_node_free(keep);
    sp_node_free(map);
    st = rewrite_group(rw, pat, graph);
    if (st != IGM_OK) {
      sp_node_free(pat);
      sp_node_free(m);
      sp_node_free(opt);
      sp_node_free(cond);
      return st;
    }
    if (cond) {
      SpNode *f = sp_node_new(SP_FILTER, NULL, 0, 0);
      sp_node_add(f, cond);
      sp_node_add(pat, f);
    }
    if (neg) {
      SpNode *bind = sp_node_new(SP_BIND, NULL, 0, 0);
      sp_node_add(bind, one());
      sp_node_add(bind, sp_node_copy(m));
      /* filters last: they are the left join's condition */
      {
        size_t k, nf = 0;
        for (k = 0; k < pat->n; k++)
          if (pat->kids[k]->kind != SP_FILTER)
            nf = k + 1;
        sp_node_insert(pat, nf, bind);
      }
      sp_node_add(opt, pat);
      test = op1("!", call1("BOUND", m));
    } else {
      SpQuery *sub;
      SpNode *shared = sp_node_new(SP_LIST, NULL, 0, 0), *inner = sp_node_new(SP_LIST, NULL, 0, 0);
      SpNode *as = sp_node_new(SP_AS, NULL, 0, 0), *sel, *g;
      if (filters_use_outer(pat)) {
        sp_node_free(pat);
        sp_node_free(shared);
        sp_node_free(inner);
        sp_node_free(as);
        sp_node_free(m);
        sp_node_free(opt);
        return refuse(rw, n, "EXISTS whose FILTER uses variables bound only outside it",
                      "move the FILTER out of EXISTS or bind the variable inside");
      }
      sp_scope_vars(pat, inner);
      for (i = 0; i < inner->n; i++)
        if (sp_list_has_var(scope, inner->kids[i]->str))
          sp_list_add_var(shared, inner->kids[i]->str);
      if (graph && graph->kind == SP_VAR && !sp_list_has_var(shared, graph->str) &&
          sp_list_has_var(scope, graph->str))
        sp_list_add_var(shared, graph->str);
      sp_node_add(as, one());
      sp_node_add(as, sp_node_copy(m));
      sp_node_add(shared, as);
      sub = sp_query_new();
      sub->form = SP_SELECT;
      sub->distinct = 1;
      sub->proj = shared;
      if (graph) {
        SpNode *gg = sp_node_new(SP_GRAPH, NULL, 0, 0);
        sp_node_add(gg, sp_node_copy(graph));
        sp_node_add(gg, pat);
        sub->where = sp_node_new(SP_GROUP, NULL, 0, 0);
        sp_node_add(sub->where, gg);
      } else {
        sub->where = pat;
      }
      sel = sp_node_new(SP_SUBSELECT, NULL, 0, 0);
      sel->query = sub;
      g = sp_node_new(SP_GROUP, NULL, 0, 0);
      sp_node_add(g, sel);
      sp_node_add(opt, g);
      sp_node_free(inner);
      test = call1("BOUND", m);
    }
    sp_node_add(extra, opt);
    sp_node_free(n);
    *e = test;
    return IGM_OK;
  }
  for (i = 0; i < n->n; i++)
    IGM_TRY(replace_exists(rw, &n->kids[i], scope, extra, graph));
  return IGM_OK;
}

/* MINUS removes a left row when some right row is compatible with it and shares a bound
 * variable: for the shared variables v (renamed w on the right)
 *   AND(!BOUND(v) || !BOUND(w) || sameTerm(v, w)) && OR(BOUND(v) && BOUND(w)) */
static SpNode *minus_condition(const SpNode *shared, const SpNode *map)
{
  SpNode *all = NULL, *any = NULL;
  size_t i;
  for (i = 0; i < shared->n; i++) {
    const char *v = shared->kids[i]->str, *w = map_lookup(map, v);
    SpNode *compat, *both;
    if (!w)
      continue;
    compat = op2("||", op2("||", op1("!", call1("BOUND", sp_var(v))), op1("!", call1("BOUND", sp_var(w)))),
                 same_term(v, w));
    both = op2("&&", call1("BOUND", sp_var(v)), call1("BOUND", sp_var(w)));
    all = all ? op2("&&", all, compat) : compat;
    any = any ? op2("||", any, both) : both;
  }
  if (!all)
    return sp_literal("false", NULL, "http://www.w3.org/2001/XMLSchema#boolean", 1);
  return op2("&&", all, any);
}

/* The real MINUS rewrite (the pattern is detached first so it survives). */
static IgmStatus rewrite_minus(SpRewrite *rw, SpNode *g, size_t at, const SpNode *graph)
{
  SpNode *pat = sp_node_remove(g->kids[at], 0);
  SpNode *left = sp_node_new(SP_GROUP, NULL, 0, 0);
  SpNode *lscope = sp_node_new(SP_LIST, NULL, 0, 0), *rscope = sp_node_new(SP_LIST, NULL, 0, 0);
  SpNode *shared = sp_node_new(SP_LIST, NULL, 0, 0), *map = sp_node_new(SP_LIST, NULL, 0, 0);
  SpNode *none = sp_node_new(SP_LIST, NULL, 0, 0);
  size_t i, k, total = at;
  IgmStatus st;

  st = rewrite_group(rw, pat, graph);
  if (st != IGM_OK)
    goto fail;
  /* the left side: every non-FILTER element before the MINUS (left in place: the OPTIONAL
   * takes the MINUS's position and the FILTER on its marker goes to the group's end) */
  for (k = 0; k < total; k++)
    if (g->kids[k]->kind != SP_FILTER)
      sp_node_add(left, sp_node_copy(g->kids[k]));
  i = at;
  sp_node_free(sp_node_remove(g, at)); /* the empty MINUS node */
  sp_scope_vars(left, lscope);
  sp_scope_vars(pat, rscope);
  for (i = 0; i < rscope->n; i++)
    if (sp_list_has_var(lscope, rscope->kids[i]->str))
      sp_list_add_var(shared, rscope->kids[i]->str);
  sp_node_free(left);
  left = NULL;
  if (shared->n == 0) {
    sp_node_free(pat);
  } else {
    SpNode *m = fresh_var(rw), *opt = sp_node_new(SP_OPTIONAL, NULL, 0, 0);
    SpNode *bind = sp_node_new(SP_BIND, NULL, 0, 0), *f = sp_node_new(SP_FILTER, NULL, 0, 0);
    SpNode *f2 = sp_node_new(SP_FILTER, NULL, 0, 0), *cond, *wrap;
    rename_vars(pat, none, map, rw);
    cond = minus_condition(shared, map);
    wrap = sp_node_new(SP_GROUP, NULL, 0, 0);
    {
      /* the right side as a sub-select of its own (renamed) variables: evaluated alone */
      SpQuery *sub = sp_query_new();
      SpNode *sel = sp_node_new(SP_SUBSELECT, NULL, 0, 0), *as = sp_node_new(SP_AS, NULL, 0, 0);
      SpNode *inner = sp_node_new(SP_GROUP, NULL, 0, 0);
      sub->form = SP_SELECT;
      sub->distinct = 1;
      sub->proj = sp_node_new(SP_LIST, NULL, 0, 0);
      for (i = 0; i < shared->n; i++) {
        const char *w = map_lookup(map, shared->kids[i]->str);
        if (w)
          sp_node_add(sub->proj, sp_var(w));
      }
      sp_node_add(as, one());
      sp_node_add(as, sp_node_copy(m));
      sp_node_add(sub->proj, as);
      sub->where = pat;
      sel->query = sub;
      sp_node_add(inner, sel);
      sp_node_add(wrap, inner);
      sp_node_free(bind);
      bind = NULL;
    }
    sp_node_add(f, cond);
    sp_node_add(wrap, f);
    sp_node_add(opt, wrap);
    sp_node_insert(g, at, opt);
    sp_node_add(f2, op1("!", call1("BOUND", m)));
    sp_node_add(g, f2);
  }
  sp_node_free(lscope);
  sp_node_free(rscope);
  sp_node_free(shared);
  sp_node_free(map);
  sp_node_free(none);
  return IGM_OK;
fail:
  sp_node_free(pat);
  sp_node_free(left);
  sp_node_free(lscope);
  sp_node_free(rscope);
  sp_node_free(shared);
  sp_node_free(map);
  sp_node_free(none);
  return st;
}

/* ------------------------------------------------------------ property paths */

static int is_simple_pred(const SpNode *p) { return p->kind == SP_IRI || p->kind == SP_VAR; }

/* Appends to group `out` the patterns for  s path o. */
static IgmStatus path_patterns(SpRewrite *rw, SpNode *s, const SpNode *path, SpNode *o,
                               SpNode *out, const SpNode *graph)
{
  size_t i;
  switch (path->kind) {
  case SP_IRI:
  case SP_VAR: sp_node_add(out, triple(s, sp_node_copy(path), o)); return IGM_OK;
  case SP_PATH_INV: return path_patterns(rw, o, path->kids[0], s, out, graph);
  case SP_PATH_SEQ: {
    SpNode *cur = s;
    for (i = 0; i < path->n; i++) {
      int last = i + 1 == path->n;
      SpNode *nxt = last ? o : fresh_var(rw);
      SpNode *keep = last ? NULL : sp_node_copy(nxt);
      IgmStatus st = path_patterns(rw, cur, path->kids[i], nxt, out, graph);
      if (st != IGM_OK) {
        sp_node_free(keep);
        if (!last)
          sp_node_free(o);
        return st;
      }
      cur = keep;
    }
    return IGM_OK;
  }
  case SP_PATH_ALT: {
    SpNode *u = sp_node_new(SP_UNION, NULL, 0, 0);
    for (i = 0; i < path->n; i++) {
      SpNode *g = sp_node_new(SP_GROUP, NULL, 0, 0);
      IgmStatus st;
      sp_node_add(u, g);
      st = path_patterns(rw, sp_node_copy(s), path->kids[i], sp_node_copy(o), g, graph);
      if (st != IGM_OK) {
        sp_node_free(u);
        sp_node_free(s);
        sp_node_free(o);
        return st;
      }
    }
    sp_node_free(s);
    sp_node_free(o);
    sp_node_add(out, u);
    return IGM_OK;
  }
  case SP_PATH_NEG: {
    SpNode *fwd = sp_node_new(SP_IN, NULL, 0, 0), *inv = sp_node_new(SP_IN, NULL, 0, 0);
    SpNode *parts[2] = {NULL, NULL};
    int nf = 0, ni = 0, k;
    fwd->flag = inv->flag = 1;
    sp_node_add(fwd, fresh_var(rw));
    sp_node_add(inv, fresh_var(rw));
    for (i = 0; i < path->n; i++) {
      if (path->kids[i]->kind == SP_PATH_INV) {
        sp_node_add(inv, sp_node_copy(path->kids[i]->kids[0]));
        ni++;
      } else {
        sp_node_add(fwd, sp_node_copy(path->kids[i]));
        nf++;
      }
    }
    /* !(a|b) has only a forward part; !(^a) only an inverse part; both: union; !() forward */
    for (k = 0; k < 2; k++) {
      SpNode *in = k == 0 ? fwd : inv;
      SpNode *g, *f;
      if ((k == 0 && !(nf > 0 || ni == 0)) || (k == 1 && ni == 0))
        continue;
      g = sp_node_new(SP_GROUP, NULL, 0, 0);
      if (k == 0)
        sp_node_add(g, triple(sp_node_copy(s), sp_node_copy(in->kids[0]), sp_node_copy(o)));
      else
        sp_node_add(g, triple(sp_node_copy(o), sp_node_copy(in->kids[0]), sp_node_copy(s)));
      if (in->n > 1) {
        f = sp_node_new(SP_FILTER, NULL, 0, 0);
        sp_node_add(f, sp_node_copy(in));
        sp_node_add(g, f);
      }
      parts[k] = g;
    }
    sp_node_free(fwd);
    sp_node_free(inv);
    sp_node_free(s);
    sp_node_free(o);
    if (parts[0] && parts[1]) {
      SpNode *u = sp_node_new(SP_UNION, NULL, 0, 0);
      sp_node_add(u, parts[0]);
      sp_node_add(u, parts[1]);
      sp_node_add(out, u);
    } else {
      sp_node_add(out, parts[0] ? parts[0] : parts[1]);
    }
    return IGM_OK;
  }
  case SP_PATH_STAR:
  case SP_PATH_PLUS:
  case SP_PATH_OPT: {
    IgmStatus st;
    if (!rw->path_cb) {
      sp_node_free(s);
      sp_node_free(o);
      return refuse(rw, path, "the property path operators *, + and ? without data",
                    "run the query against a store or --data files");
    }
    st = rw->path_cb(rw, s, path, o, graph, out);
    sp_node_free(s);
    sp_node_free(o);
    return st;
  }
  default: break;
  }
  sp_node_free(s);
  sp_node_free(o);
  return refuse(rw, path, "this property path", "rewrite it as triple patterns");
}


/* ------------------------------------------------------------ expressions */

#define XSD_NS "http://www.w3.org/2001/XMLSchema#"

/* YEAR/MONTH/DAY of an xsd:date are unbound in rasqal (B11):
 * IF(DATATYPE(e) = xsd:date, xsd:integer(SUBSTR(STR(e), from, len)), YEAR(e)) */
static void fix_date_parts(SpNode *n)
{
  size_t i;
  if (!n)
    return;
  for (i = 0; i < n->n; i++)
    fix_date_parts(n->kids[i]);
  if (n->kind == SP_CALL && !(n->flag & SP_FN_IRI) && n->n == 1 &&
      (strcmp(n->str, "YEAR") == 0 || strcmp(n->str, "MONTH") == 0 || strcmp(n->str, "DAY") == 0)) {
    const char *from = n->str[0] == 'Y' ? "1" : n->str[0] == 'M' ? "6" : "9";
    const char *len = n->str[0] == 'Y' ? "4" : "2";
    SpNode *e = n->kids[0];
    SpNode *orig = sp_node_copy(n), *iff = sp_node_new(SP_CALL, "IF", 0, 0);
    SpNode *sub = sp_node_new(SP_CALL, "SUBSTR", 0, 0), *cast;
    sp_node_add(iff, op2("=", call1("DATATYPE", sp_node_copy(e)), sp_iri(XSD_NS "date")));
    sp_node_add(sub, call1("STR", sp_node_copy(e)));
    sp_node_add(sub, sp_literal(from, NULL, XSD_NS "integer", 1));
    sp_node_add(sub, sp_literal(len, NULL, XSD_NS "integer", 1));
    cast = sp_node_new(SP_CALL, XSD_NS "integer", 0, 0);
    cast->flag = SP_FN_IRI;
    sp_node_add(cast, sub);
    sp_node_add(iff, cast);
    sp_node_add(iff, orig);
    /* n becomes the IF */
    sp_node_free(sp_node_remove(n, 0));
    free(n->str);
    n->str = iff->str;
    iff->str = NULL;
    free(n->kids);
    n->kids = iff->kids;
    n->n = iff->n;
    n->cap = iff->cap;
    iff->kids = NULL;
    iff->n = iff->cap = 0;
    sp_node_free(iff);
  }
}

/* REGEX and REPLACE patterns in PCRE syntax that POSIX regcomp treats differently (B12) */
static const SpNode *pcre_pattern(const SpNode *n)
{
  size_t i;
  if (!n)
    return NULL;
  if (n->kind == SP_CALL && (strcmp(n->str, "REGEX") == 0 || strcmp(n->str, "REPLACE") == 0) &&
      n->n >= 2 && n->kids[1]->kind == SP_LITERAL) {
    const char *pat = n->kids[1]->str;
    static const char *const bad[] = {"\\d", "\\D", "\\p", "\\P", "(?", "*?", "+?", "??", "}?"};
    size_t k;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++)
      if (strstr(pat, bad[k]))
        return n;
  }
  for (i = 0; i < n->n; i++) {
    const SpNode *r = pcre_pattern(n->kids[i]);
    if (r)
      return r;
  }
  return NULL;
}

/* CONCAT, STRBEFORE and STRAFTER read freed memory when an argument is itself a function call
 * (B8): such arguments are bound to fresh variables first. Appends BIND nodes to `binds`;
 * returns 0 if an argument holds an aggregate (cannot be hoisted). */
static int hoist_calls(SpRewrite *rw, SpNode *n, SpNode *binds)
{
  size_t i;
  int ok = 1;
  if (!n)
    return 1;
  for (i = 0; i < n->n; i++)
    if (!hoist_calls(rw, n->kids[i], binds))
      ok = 0;
  if (n->kind == SP_CALL && !(n->flag & SP_FN_IRI) &&
      (strcmp(n->str, "CONCAT") == 0 || strcmp(n->str, "STRBEFORE") == 0 ||
       strcmp(n->str, "STRAFTER") == 0)) {
    for (i = 0; i < n->n; i++) {
      SpNode *a = n->kids[i];
      if (a->kind == SP_CALL || a->kind == SP_OP || a->kind == SP_IN || a->kind == SP_AGG) {
        SpNode *v, *b;
        if (has_agg(a)) {
          ok = 0;
          continue;
        }
        v = fresh_var(rw);
        b = sp_node_new(SP_BIND, NULL, 0, 0);
        sp_node_add(b, a);
        sp_node_add(b, sp_node_copy(v));
        sp_node_add(binds, b);
        n->kids[i] = v;
      }
    }
  }
  return ok;
}

static int uses_hoistable(const SpNode *n)
{
  size_t i;
  if (!n)
    return 0;
  if (n->kind == SP_CALL && !(n->flag & SP_FN_IRI) &&
      (strcmp(n->str, "CONCAT") == 0 || strcmp(n->str, "STRBEFORE") == 0 ||
       strcmp(n->str, "STRAFTER") == 0))
    for (i = 0; i < n->n; i++) {
      SpKind k = n->kids[i]->kind;
      if (k == SP_CALL || k == SP_OP || k == SP_IN || k == SP_AGG)
        return 1;
    }
  for (i = 0; i < n->n; i++)
    if (uses_hoistable(n->kids[i]))
      return 1;
  return 0;
}

/* Expression fixes inside one group: date parts, hoisted arguments, PCRE refusal. */
static IgmStatus fix_group_exprs(SpRewrite *rw, SpNode *g)
{
  size_t i;
  for (i = 0; i < g->n; i++) {
    SpNode *e = g->kids[i];
    const SpNode *bad;
    if (e->kind != SP_FILTER && e->kind != SP_BIND)
      continue;
    bad = pcre_pattern(e->kids[0]);
    if (bad)
      return refuse(rw, bad, "a regular expression in PCRE syntax (\\d, \\p, (?...), lazy quantifiers)",
                    "write it in POSIX syntax: [0-9] for \\d, plain ( ) groups");
    fix_date_parts(e->kids[0]);
    if (uses_hoistable(e->kids[0])) {
      SpNode *binds = sp_node_new(SP_LIST, NULL, 0, 0);
      size_t k, at = e->kind == SP_BIND ? i : g->n;
      hoist_calls(rw, e->kids[0], binds);
      for (k = 0; k < binds->n; k++)
        sp_node_insert(g, at + k, binds->kids[k]);
      if (e->kind == SP_BIND)
        i += binds->n;
      binds->n = 0;
      sp_node_free(binds);
    }
  }
  return IGM_OK;
}

/* rasqal drops the row when a BIND expression raises an error; SPARQL leaves the variable
 * unbound: BIND(COALESCE(e) AS ?v) does that in rasqal */
static void guard_binds(SpNode *g)
{
  size_t i;
  for (i = 0; i < g->n; i++) {
    SpNode *e = g->kids[i];
    if (e->kind == SP_BIND && e->kids[0]->kind != SP_LITERAL && e->kids[0]->kind != SP_IRI &&
        !(e->kids[0]->kind == SP_CALL && strcmp(e->kids[0]->str, "COALESCE") == 0))
      e->kids[0] = call1("COALESCE", e->kids[0]);
  }
}

/* BIND(e AS ?v) ends the group it is in: everything before it and the BIND become one
 * nested group, so rasqal never sees a BIND followed by patterns (B9). */
static void nest_binds(SpNode *g)
{
  size_t i, k;
  for (i = 0; i < g->n; i++) {
    if (g->kids[i]->kind != SP_BIND)
      continue;
    for (k = i + 1; k < g->n; k++)
      if (g->kids[k]->kind != SP_FILTER && g->kids[k]->kind != SP_BIND)
        break;
    if (k == g->n)
      return; /* only FILTERs and BINDs follow */
    {
      SpNode *inner = sp_node_new(SP_GROUP, NULL, 0, 0);
      size_t j = 0, upto = i;
      for (k = 0; k <= upto; k++) {
        if (g->kids[j]->kind == SP_FILTER) {
          j++;
          continue;
        }
        sp_node_add(inner, sp_node_remove(g, j));
      }
      sp_node_insert(g, j, inner);
      i = j;
    }
  }
}


/* ------------------------------------------------------------ IRIs, case, language tags */

#define IGM_IRI_KEY "urn:x-igmap:iri"

/* Replaces the content of n by that of with (with is consumed). */
static void become(SpNode *n, SpNode *with)
{
  SpNode tmp = *n;
  *n = *with;
  *with = tmp;
  sp_node_free(with);
}

/* key(e) = IF(isIRI(e), STRDT(STR(e), <urn:x-igmap:iri>), e): rasqal compares IRIs wrongly
 * in DISTINCT aggregates and in MIN/MAX (B17); as typed literals they compare as strings. */
static SpNode *iri_key(SpNode *e)
{
  SpNode *iff = sp_node_new(SP_CALL, "IF", 0, 0), *strdt = sp_node_new(SP_CALL, "STRDT", 0, 0);
  sp_node_add(iff, call1("ISIRI", sp_node_copy(e)));
  sp_node_add(strdt, call1("STR", sp_node_copy(e)));
  sp_node_add(strdt, sp_iri(IGM_IRI_KEY));
  sp_node_add(iff, strdt);
  sp_node_add(iff, e);
  return iff;
}

/* COUNT(DISTINCT e), GROUP_CONCAT(DISTINCT e): over key(e). MIN(e), MAX(e):
 * IF(DATATYPE(m) = <urn:x-igmap:iri>, IRI(STR(m)), m) with m = MIN(key(e)). */
static void fix_iri_aggregates(SpNode *n)
{
  size_t i;
  if (!n)
    return;
  if (n->kind == SP_AGG && n->n == 1) {
    int is_minmax = strcmp(n->str, "MIN") == 0 || strcmp(n->str, "MAX") == 0;
    if (is_minmax || ((n->flag & SP_AGG_DISTINCT) &&
                      (strcmp(n->str, "COUNT") == 0 || strcmp(n->str, "GROUP_CONCAT") == 0)))
      n->kids[0] = iri_key(n->kids[0]);
    if (is_minmax) {
      SpNode *iff = sp_node_new(SP_CALL, "IF", 0, 0);
      sp_node_add(iff, op2("=", call1("DATATYPE", sp_node_copy(n)), sp_iri(IGM_IRI_KEY)));
      sp_node_add(iff, call1("IRI", call1("STR", sp_node_copy(n))));
      sp_node_add(iff, sp_node_copy(n));
      become(n, iff);
    }
    return;
  }
  for (i = 0; i < n->n; i++)
    fix_iri_aggregates(n->kids[i]);
}

static int is_call(const SpNode *n, const char *name)
{
  return n && n->kind == SP_CALL && !(n->flag & SP_FN_IRI) && strcmp(n->str, name) == 0;
}

static void ascii_lower(char *s)
{
  for (; s && *s; s++)
    if (*s >= 'A' && *s <= 'Z')
      *s = (char)(*s - 'A' + 'a');
}

static int has_non_ascii(const char *s)
{
  for (; s && *s; s++)
    if ((unsigned char)*s >= 0x80)
      return 1;
  return 0;
}

/* The functions rasqal answers wrongly for some inputs (B13, B15), in one expression.
 * `allowed` lists the nodes igmap corrects itself (top-level projections). Language tags come
 * out of rasqal in lower case (an RDF 1.1 normal form); a comparison of LANG() with constants
 * is made on lower-cased constants, so that it is case-insensitive, as tags are. */
static const SpNode *expr_unsafe(SpNode *n, const SpNode *allowed)
{
  size_t i;
  if (!n)
    return NULL;
  for (i = 0; allowed && i < allowed->n; i++)
    if (allowed->kids[i]->query == (void *)n)
      return NULL;
  if (n->kind == SP_OP && n->n == 2 && (strcmp(n->str, "=") == 0 || strcmp(n->str, "!=") == 0)) {
    for (i = 0; i < 2; i++) {
      SpNode *o = n->kids[1 - i];
      if (is_call(n->kids[i], "LANG") && o->kind == SP_LITERAL && !o->dt && !o->lang)
        ascii_lower(o->str);
    }
    if (is_call(n->kids[0], "LANG") || is_call(n->kids[1], "LANG")) {
      for (i = 0; i < 2; i++) {
        SpNode *k = n->kids[i];
        const SpNode *bad;
        if (is_call(k, "LANG"))
          bad = expr_unsafe(k->kids[0], allowed);
        else if (k->kind == SP_LITERAL && !k->dt && !k->lang)
          bad = NULL;
        else
          return n;
        if (bad)
          return bad;
      }
      return NULL;
    }
  }
  if (n->kind == SP_IN && n->n >= 1 && is_call(n->kids[0], "LANG")) {
    for (i = 1; i < n->n; i++) {
      if (n->kids[i]->kind != SP_LITERAL || n->kids[i]->dt || n->kids[i]->lang)
        return n;
      ascii_lower(n->kids[i]->str);
    }
    return expr_unsafe(n->kids[0]->kids[0], allowed);
  }
  if (is_call(n, "LANGMATCHES") && n->n == 2 && is_call(n->kids[0], "LANG")) {
    const SpNode *bad = expr_unsafe(n->kids[0]->kids[0], allowed);
    return bad ? bad : expr_unsafe(n->kids[1], allowed);
  }
  if (is_call(n, "LANG") || is_call(n, "UCASE") || is_call(n, "LCASE"))
    return n;
  if ((is_call(n, "REGEX") && n->n == 3) || (is_call(n, "REPLACE") && n->n == 4)) {
    const SpNode *flags = n->kids[n->n - 1], *pat = n->kids[1];
    if (flags->kind != SP_LITERAL || strchr(flags->str, 'i'))
      if (pat->kind != SP_LITERAL || has_non_ascii(pat->str))
        return n;
  }
  for (i = 0; i < n->n; i++) {
    const SpNode *bad = expr_unsafe(n->kids[i], allowed);
    if (bad)
      return bad;
  }
  return NULL;
}

static const SpNode *query_unsafe(SpQuery *q, const SpNode *allowed);

static const SpNode *pattern_unsafe(SpNode *p, const SpNode *allowed)
{
  size_t i;
  const SpNode *bad = NULL;
  if (!p)
    return NULL;
  switch (p->kind) {
  case SP_FILTER:
  case SP_BIND: return expr_unsafe(p->kids[0], allowed);
  case SP_SUBSELECT: return query_unsafe(p->query, allowed);
  case SP_EXISTS: return pattern_unsafe(p->kids[0], allowed);
  case SP_TRIPLE:
  case SP_VALUES: return NULL;
  default: break;
  }
  if (p->kind == SP_OP || p->kind == SP_CALL || p->kind == SP_IN)
    return expr_unsafe(p, allowed);
  for (i = 0; i < p->n && !bad; i++)
    bad = pattern_unsafe(p->kids[i], allowed);
  return bad;
}

static const SpNode *query_unsafe(SpQuery *q, const SpNode *allowed)
{
  const SpNode *bad = pattern_unsafe(q->where, allowed);
  size_t i;
  SpNode *lists[4];
  lists[0] = q->proj;
  lists[1] = q->group_by;
  lists[2] = q->having;
  lists[3] = q->order;
  for (i = 0; i < 4 && !bad; i++)
    bad = expr_unsafe(lists[i], allowed);
  return bad;
}

/* UCASE, LCASE (ASCII only in rasqal, B13), REGEX and REPLACE with the "i" flag and a
 * non-ASCII pattern, LANG() outside comparisons and LANGMATCHES (B15). A top-level projection
 * (UCASE(e) AS ?v) or (LCASE(e) AS ?v) is corrected by igmap on the results (rw->fixes). */
static IgmStatus fix_case_functions(SpRewrite *rw, SpQuery *q)
{
  SpNode *allowed = sp_node_new(SP_LIST, NULL, 0, 0);
  const SpNode *bad;
  size_t i;
  for (i = 0; q->form == SP_SELECT && q->proj && rw->fixes && i < q->proj->n; i++) {
    SpNode *it = q->proj->kids[i];
    if (it->kind == SP_AS && (is_call(it->kids[0], "UCASE") || is_call(it->kids[0], "LCASE")) &&
        it->kids[0]->n == 1) {
      SpNode *mark = sp_node_new(SP_LIST, NULL, 0, 0), *fix = sp_var(it->kids[1]->str);
      mark->query = (void *)it->kids[0]; /* a pointer only: never freed through mark */
      sp_node_add(allowed, mark);
      fix->flag = it->kids[0]->str[0] == 'U' ? SP_FIX_UCASE : SP_FIX_LCASE;
      sp_node_add(rw->fixes, fix);
    }
  }
  bad = query_unsafe(q, allowed);
  for (i = 0; i < allowed->n; i++)
    allowed->kids[i]->query = NULL;
  sp_node_free(allowed);
  if (!bad)
    return IGM_OK;
  if (is_call(bad, "LANG"))
    return refuse(rw, bad, "LANG() outside a comparison with a string or LANGMATCHES",
                  "rasqal gives language tags in lower case; compare with = or use LANGMATCHES");
  if (is_call(bad, "REGEX") || is_call(bad, "REPLACE"))
    return refuse(rw, bad, "the \"i\" flag with a non-ASCII pattern",
                  "rasqal ignores case for ASCII letters only; spell out both cases, as (é|É)");
  if (is_call(bad, "UCASE") || is_call(bad, "LCASE"))
    return refuse(rw, bad, "UCASE and LCASE other than as a projected (UCASE(e) AS ?v)",
                  "rasqal changes ASCII letters only; project the value and compare it outside");
  return refuse(rw, bad, "LANG() compared with a non-string", "compare it with a string");
}

/* A literal constant as a triple's object: "x" and "x"^^xsd:string are one term in RDF 1.1,
 * two in the store (B14): { s p "x" } UNION { s p "x"^^xsd:string }. */
static void fix_string_constants(SpNode *g)
{
  size_t i;
  for (i = 0; i < g->n; i++) {
    SpNode *t = g->kids[i], *o, *u, *a, *b, *t2;
    if (t->kind != SP_TRIPLE || t->kids[2]->kind != SP_LITERAL)
      continue;
    o = t->kids[2];
    if (o->lang || (o->flag & SP_LIT_BARE) ||
        (o->dt && strcmp(o->dt, XSD_NS "string") != 0))
      continue;
    t2 = sp_node_copy(t);
    free(t2->kids[2]->dt);
    t2->kids[2]->dt = NULL;
    if (!o->dt) {
      t2->kids[2]->dt = malloc(sizeof XSD_NS "string");
      if (!t2->kids[2]->dt)
        abort();
      strcpy(t2->kids[2]->dt, XSD_NS "string");
    }
    u = sp_node_new(SP_UNION, NULL, 0, 0);
    a = sp_node_new(SP_GROUP, NULL, 0, 0);
    b = sp_node_new(SP_GROUP, NULL, 0, 0);
    sp_node_add(a, sp_node_remove(g, i));
    sp_node_add(b, t2);
    sp_node_add(u, a);
    sp_node_add(u, b);
    sp_node_insert(g, i, u);
  }
}

/* ------------------------------------------------------------ groups */

static void rename_one(SpNode *n, const char *from, const char *to)
{
  size_t i;
  if (!n)
    return;
  if (n->kind == SP_VAR && strcmp(n->str, from) == 0) {
    free(n->str);
    n->str = malloc(strlen(to) + 1);
    if (!n->str)
      abort();
    strcpy(n->str, to);
    return;
  }
  for (i = 0; i < n->n; i++)
    rename_one(n->kids[i], from, to);
  if (n->query) {
    rename_one(n->query->where, from, to);
    rename_one(n->query->proj, from, to);
    rename_one(n->query->group_by, from, to);
    rename_one(n->query->having, from, to);
    rename_one(n->query->order, from, to);
    rename_one(n->query->values, from, to);
  }
}

/* OPTIONAL { P } after triples that always bind ?v, where P mentions ?v only below its own
 * top level (a nested OPTIONAL, UNION, ...): SPARQL evaluates P on its own, rasqal with ?v
 * already bound. ?v inside P becomes ?v2 and the left join checks
 * FILTER(!BOUND(?v2) || sameTerm(?v, ?v2)). */
static void fix_optional(SpRewrite *rw, SpNode *g, size_t at)
{
  SpNode *left = sp_node_new(SP_LIST, NULL, 0, 0), *top = sp_node_new(SP_LIST, NULL, 0, 0);
  SpNode *all = sp_node_new(SP_LIST, NULL, 0, 0);
  SpNode *p = g->kids[at]->kids[0];
  size_t i;
  for (i = 0; i < at; i++)
    if (g->kids[i]->kind == SP_TRIPLE)
      sp_scope_vars(g->kids[i], left);
  for (i = 0; i < p->n; i++)
    if (p->kids[i]->kind == SP_TRIPLE)
      sp_scope_vars(p->kids[i], top);
  sp_all_vars(p, all);
  for (i = 0; i < all->n; i++) {
    const char *v = all->kids[i]->str;
    if (sp_list_has_var(left, v) && !sp_list_has_var(top, v)) {
      SpNode *w = fresh_var(rw), *f = sp_node_new(SP_FILTER, NULL, 0, 0);
      SpNode *st = sp_node_new(SP_CALL, "SAMETERM", 0, 0);
      int nested = 0;
      size_t k;
      for (k = 0; k < p->n; k++)
        if (p->kids[k]->kind != SP_TRIPLE && p->kids[k]->kind != SP_FILTER) {
          SpNode *tmp = sp_node_new(SP_LIST, NULL, 0, 0);
          sp_all_vars(p->kids[k], tmp);
          if (sp_list_has_var(tmp, v))
            nested = 1;
          sp_node_free(tmp);
        }
      if (!nested) {
        sp_node_free(w);
        sp_node_free(f);
        sp_node_free(st);
        continue;
      }
      rename_one(p, v, w->str);
      sp_node_add(st, sp_var(v));
      sp_node_add(st, sp_var(w->str));
      sp_node_add(f, op2("||", op1("!", call1("BOUND", sp_var(w->str))), st));
      sp_node_add(p, f);
      sp_node_free(w);
    }
  }
  sp_node_free(left);
  sp_node_free(top);
  sp_node_free(all);
}

/* Variables a pattern binds by BIND or by an expression projected from a sub-select. */
static void computed_vars(const SpNode *p, SpNode *vars)
{
  size_t i;
  if (!p)
    return;
  switch (p->kind) {
  case SP_BIND: sp_list_add_var(vars, p->kids[1]->str); return;
  case SP_SUBSELECT:
    for (i = 0; p->query->proj && i < p->query->proj->n; i++)
      if (p->query->proj->kids[i]->kind == SP_AS)
        sp_list_add_var(vars, p->query->proj->kids[i]->kids[1]->str);
    return;
  case SP_GROUP:
  case SP_UNION:
    for (i = 0; i < p->n; i++)
      computed_vars(p->kids[i], vars);
    return;
  case SP_OPTIONAL: computed_vars(p->kids[0], vars); return;
  case SP_GRAPH: computed_vars(p->kids[1], vars); return;
  default: return;
  }
}

/* rasqal keeps one value and one defining expression per variable name for the whole query:
 * a variable bound by BIND (or projected as an expression of a sub-select) in one UNION branch
 * keeps that value or expression in the other branches, which then lose their rows or repeat
 * the wrong value. In every branch such a variable ?v becomes a fresh ?w, and the branch ends
 * with BIND(COALESCE(?w) AS ?v). */
static void fix_union_binds(SpRewrite *rw, SpNode *u)
{
  SpNode *computed = sp_node_new(SP_LIST, NULL, 0, 0);
  size_t k, i;
  computed_vars(u, computed);
  for (k = 0; computed->n > 0 && k < u->n; k++) {
    SpNode *br = u->kids[k], *scope = sp_node_new(SP_LIST, NULL, 0, 0);
    sp_scope_vars(br, scope);
    for (i = 0; i < computed->n; i++) {
      const char *v = computed->kids[i]->str;
      SpNode *w, *b;
      if (!sp_list_has_var(scope, v))
        continue;
      w = fresh_var(rw);
      rename_one(br, v, w->str);
      b = sp_node_new(SP_BIND, NULL, 0, 0);
      sp_node_add(b, call1("COALESCE", w));
      sp_node_add(b, sp_var(v));
      sp_node_add(br, b);
    }
    sp_node_free(scope);
  }
  sp_node_free(computed);
}

/* VALUES in a group with no triple pattern: rasqal 0.9.33 evaluates the group's FILTERs, BINDs,
 * and the query's ORDER BY, GROUP BY and aggregates as if the VALUES variables were unbound
 * (FILTER(?n > 1) keeps nothing, ORDER BY ?n keeps the written order, SUM(?n) is unbound).
 * An OPTIONAL of one ground triple after the VALUES makes rasqal bind them; it changes no
 * answer, since a left join with a pattern without variables keeps every row as it is. */
static void anchor_values(SpNode *g)
{
  size_t i;
  int values = -1;
  for (i = 0; i < g->n; i++) {
    if (g->kids[i]->kind == SP_TRIPLE)
      return;
    if (g->kids[i]->kind == SP_VALUES && values < 0)
      values = (int)i;
  }
  if (values >= 0) {
    SpNode *opt = sp_node_new(SP_OPTIONAL, NULL, 0, 0), *og = sp_node_new(SP_GROUP, NULL, 0, 0);
    sp_node_add(og, triple(sp_iri(IGM_ANCHOR_IRI), sp_iri(IGM_ANCHOR_IRI), sp_iri(IGM_ANCHOR_IRI)));
    sp_node_add(opt, og);
    sp_node_insert(g, (size_t)values + 1, opt);
  }
}

/* { { A } UNION { B } T } -> { { A T } UNION { B T } } for a group of one UNION, triple patterns
 * T and FILTERs: a join distributes over a union, so the answer is the same; rasqal joins a
 * UNION with the patterns after it by evaluating those patterns with nothing bound (at 1M
 * triples, bodies-for-issue ran for minutes in gigabytes), while each branch alone is a basic
 * graph pattern the planner orders. A branch of anything but triple patterns is kept whole as
 * a sub-group, so its FILTERs see what they saw. The group's FILTERs stay where they are. */
static void distribute_union(SpNode *g)
{
  size_t i, k, nunion = 0, ntriples = 0, u = 0;
  for (i = 0; i < g->n; i++) {
    SpKind kind = g->kids[i]->kind;
    if (kind == SP_UNION) {
      nunion++;
      u = i;
    } else if (kind == SP_TRIPLE) {
      ntriples++;
    } else if (kind != SP_FILTER) {
      return;
    }
  }
  if (nunion != 1 || ntriples == 0)
    return;
  {
    SpNode *un = g->kids[u];
    for (k = 0; k < un->n; k++) {
      SpNode *b = un->kids[k];
      int plain = b->kind == SP_GROUP;
      for (i = 0; plain && i < b->n; i++)
        plain = b->kids[i]->kind == SP_TRIPLE;
      if (!plain) {
        SpNode *wrap = sp_node_new(SP_GROUP, NULL, 0, 0);
        sp_node_add(wrap, b);
        un->kids[k] = wrap;
        b = wrap;
      }
      for (i = 0; i < g->n; i++)
        if (g->kids[i]->kind == SP_TRIPLE)
          sp_node_add(b, sp_node_copy(g->kids[i]));
    }
  }
  for (i = 0; i < g->n;) {
    if (g->kids[i]->kind == SP_TRIPLE)
      sp_node_free(sp_node_remove(g, i));
    else
      i++;
  }
}

static IgmStatus rewrite_group(SpRewrite *rw, SpNode *g, const SpNode *graph)
{
  size_t i;
  SpNode *extra = NULL;
  int moved_filters = 0;
  distribute_union(g);
  /* children first */
  for (i = 0; i < g->n; i++) {
    SpNode *e = g->kids[i];
    switch (e->kind) {
    case SP_GROUP: IGM_TRY(rewrite_group(rw, e, graph)); break;
    case SP_OPTIONAL: IGM_TRY(rewrite_group(rw, e->kids[0], graph)); break;
    case SP_UNION: {
      size_t k;
      for (k = 0; k < e->n; k++)
        IGM_TRY(rewrite_group(rw, e->kids[k], graph));
      fix_union_binds(rw, e);
      break;
    }
    case SP_GRAPH: IGM_TRY(rewrite_group(rw, e->kids[1], e->kids[0])); break;
    case SP_SERVICE:
      return refuse(rw, e, "SERVICE", "igmap never reaches the network; load the data instead");
    case SP_SUBSELECT: IGM_TRY(rewrite_query_where(rw, e->query, graph)); break;
    case SP_BIND:
      if (contains_exists(e->kids[0]))
        return refuse(rw, e, "EXISTS inside BIND", "use it in a FILTER instead");
      break;
    default: break;
    }
  }
  /* sub-selects first in their stretch of joins: rasqal would evaluate them once per row of
   * what precedes, with its values pushed in, which breaks LIMIT and aggregates inside */
  {
    size_t start = 0;
    for (i = 0; i < g->n; i++) {
      SpKind k = g->kids[i]->kind;
      if (k == SP_OPTIONAL || k == SP_MINUS || k == SP_BIND) {
        start = i + 1;
      } else if (k == SP_GROUP && g->kids[i]->n == 1 && g->kids[i]->kids[0]->kind == SP_SUBSELECT) {
        if (i > start)
          sp_node_insert(g, start, sp_node_remove(g, i));
        start++;
      }
    }
  }
  /* OPTIONALs that are not well designed (rasqal pushes the left side's values into them) */
  for (i = 0; i < g->n; i++)
    if (g->kids[i]->kind == SP_OPTIONAL)
      fix_optional(rw, g, i);
  /* property paths */
  for (i = 0; i < g->n; i++) {
    SpNode *e = g->kids[i];
    if (e->kind == SP_TRIPLE && !is_simple_pred(e->kids[1])) {
      SpNode *t = sp_node_remove(g, i);
      SpNode *tmp = sp_node_new(SP_GROUP, NULL, 0, 0);
      SpNode *subj = sp_node_remove(t, 0);
      SpNode *obj = sp_node_remove(t, 1);
      IgmStatus st = path_patterns(rw, subj, t->kids[0], obj, tmp, graph);
      size_t k;
      sp_node_free(t);
      if (st != IGM_OK) {
        sp_node_free(tmp);
        return st;
      }
      for (k = 0; k < tmp->n; k++)
        sp_node_insert(g, i + k, tmp->kids[k]);
      i += tmp->n;
      tmp->n = 0;
      sp_node_free(tmp);
      i--;
    }
  }
  /* MINUS, left to right */
  for (i = 0; i < g->n; i++)
    if (g->kids[i]->kind == SP_MINUS) {
      IGM_TRY(rewrite_minus(rw, g, i, graph));
      i = 0;
    }
  IGM_TRY(fix_group_exprs(rw, g));
  fix_string_constants(g);
  /* EXISTS in FILTERs */
  for (i = 0; i < g->n; i++) {
    SpNode *e = g->kids[i];
    if (e->kind == SP_FILTER && contains_exists(e->kids[0])) {
      SpNode *scope = sp_node_new(SP_LIST, NULL, 0, 0);
      IgmStatus st;
      group_scope(g, scope);
      if (!extra)
        extra = sp_node_new(SP_LIST, NULL, 0, 0);
      st = replace_exists(rw, &e->kids[0], scope, extra, graph);
      sp_node_free(scope);
      if (st != IGM_OK) {
        sp_node_free(extra);
        return st;
      }
    }
  }
  if (extra) {
    /* the OPTIONALs go after every pattern, the FILTERs after them */
    SpNode *filters = sp_node_new(SP_LIST, NULL, 0, 0);
    for (i = 0; i < g->n;) {
      if (g->kids[i]->kind == SP_FILTER)
        sp_node_add(filters, sp_node_remove(g, i));
      else
        i++;
    }
    for (i = 0; i < extra->n; i++)
      sp_node_add(g, extra->kids[i]);
    extra->n = 0;
    for (i = 0; i < filters->n; i++)
      sp_node_add(g, filters->kids[i]);
    filters->n = 0;
    sp_node_free(filters);
    sp_node_free(extra);
    moved_filters = 1;
  }
  (void)moved_filters;
  anchor_values(g);
  guard_binds(g);
  nest_binds(g);
  if (rw->order_cb) {
    /* the join planner orders each run of triple patterns; rasqal joins them as written */
    size_t from;
    for (i = 0; i < g->n; i++) {
      if (g->kids[i]->kind != SP_TRIPLE)
        continue;
      from = i;
      while (i < g->n && g->kids[i]->kind == SP_TRIPLE)
        i++;
      if (i - from > 1) {
        SpNode *bound = sp_node_new(SP_LIST, NULL, 0, 0);
        size_t k;
        for (k = 0; k < from; k++)
          if (g->kids[k]->kind != SP_FILTER)
            sp_scope_vars(g->kids[k], bound);
        rw->order_cb(rw, g, from, i, bound);
        sp_node_free(bound);
      }
    }
  }
  return IGM_OK;
}

/* ------------------------------------------------------------ aggregates */

static int has_agg(const SpNode *n)
{
  size_t i;
  if (!n)
    return 0;
  if (n->kind == SP_AGG)
    return 1;
  for (i = 0; i < n->n; i++)
    if (has_agg(n->kids[i]))
      return 1;
  return 0;
}

static void replace_expr(SpNode *n, const SpNode *expr, const char *var)
{
  size_t i;
  for (i = 0; i < n->n; i++) {
    if (sp_node_equal(n->kids[i], expr)) {
      sp_node_free(n->kids[i]);
      n->kids[i] = sp_var(var);
    } else {
      replace_expr(n->kids[i], expr, var);
    }
  }
}

/* COUNT(?v) -> SUM(IF(BOUND(?v), 1, 0)) (rasqal counts unbound values, B2) */
static void fix_count(SpNode *n)
{
  size_t i;
  if (!n)
    return;
  if (n->kind == SP_AGG && strcmp(n->str, "COUNT") == 0 && !(n->flag & SP_AGG_DISTINCT) &&
      n->n == 1 && n->kids[0]->kind == SP_VAR) {
    SpNode *v = sp_node_remove(n, 0);
    SpNode *iff = sp_node_new(SP_CALL, "IF", 0, 0);
    sp_node_add(iff, call1("BOUND", v));
    sp_node_add(iff, one());
    sp_node_add(iff, sp_literal("0", NULL, "http://www.w3.org/2001/XMLSchema#integer", 1));
    free(n->str);
    n->str = malloc(4);
    if (!n->str)
      abort();
    strcpy(n->str, "SUM");
    sp_node_add(n, iff);
    return;
  }
  for (i = 0; i < n->n; i++)
    fix_count(n->kids[i]);
}

static void collect_aggs(const SpNode *n, SpNode *out)
{
  size_t i;
  if (!n)
    return;
  if (n->kind == SP_AGG) {
    for (i = 0; i < out->n; i++)
      if (sp_node_equal(out->kids[i], n))
        return;
    sp_node_add(out, sp_node_copy(n));
    return;
  }
  for (i = 0; i < n->n; i++)
    collect_aggs(n->kids[i], out);
}

static void rewrite_grouping(SpRewrite *rw, SpQuery *q)
{
  size_t i;
  if (q->group_by) {
    SpNode *binds = NULL;
    for (i = 0; i < q->group_by->n; i++) {
      SpNode *g = q->group_by->kids[i];
      SpNode *var, *expr, *b;
      if (g->kind == SP_VAR)
        continue;
      if (g->kind == SP_AS) {
        expr = sp_node_remove(g, 0);
        var = sp_node_remove(g, 0);
      } else {
        expr = g;
        var = fresh_var(rw);
        if (q->proj)
          replace_expr(q->proj, expr, var->str);
        if (q->having)
          replace_expr(q->having, expr, var->str);
        if (q->order)
          replace_expr(q->order, expr, var->str);
        q->group_by->kids[i] = NULL;
      }
      sp_node_free(q->group_by->kids[i]);
      q->group_by->kids[i] = sp_var(var->str);
      b = sp_node_new(SP_BIND, NULL, 0, 0);
      sp_node_add(b, expr);
      sp_node_add(b, var);
      if (!binds)
        binds = sp_node_new(SP_LIST, NULL, 0, 0);
      sp_node_add(binds, b);
    }
    if (binds) {
      SpNode *w = sp_node_new(SP_GROUP, NULL, 0, 0);
      sp_node_add(w, q->where);
      for (i = 0; i < binds->n; i++)
        sp_node_add(w, binds->kids[i]);
      binds->n = 0;
      sp_node_free(binds);
      q->where = w;
    }
  }
  fix_count(q->proj);
  fix_count(q->having);
  fix_count(q->order);
  /* HAVING with an aggregate that is not projected: project it as a hidden column (B6) */
  if (q->having && q->proj) {
    SpNode *aggs = sp_node_new(SP_LIST, NULL, 0, 0);
    collect_aggs(q->having, aggs);
    for (i = 0; i < aggs->n; i++) {
      size_t k;
      int found = 0;
      for (k = 0; k < q->proj->n; k++)
        if (q->proj->kids[k]->kind == SP_AS && sp_node_equal(q->proj->kids[k]->kids[0], aggs->kids[i]))
          found = 1;
      if (!found) {
        SpNode *as = sp_node_new(SP_AS, NULL, 0, 0);
        sp_node_add(as, sp_node_copy(aggs->kids[i]));
        sp_node_add(as, fresh_var(rw));
        sp_node_add(q->proj, as);
      }
    }
    sp_node_free(aggs);
  }
}



/* rasqal compares aggregates by their structure with every variable equal to every other:
 * SUM(?x) and SUM(?y), COUNT(?e) and COUNT(?r), SAMPLE(?a) and SAMPLE(?b) all get the value of
 * the first. Each different aggregate's argument e becomes IF(true, e, "__igm_aggN"), which
 * rasqal tells apart by the constant. */
static void tag_aggregates(SpNode *n, SpNode *seen)
{
  size_t i;
  if (!n)
    return;
  if (n->kind == SP_AGG && n->n == 1) {
    SpNode *iff;
    char tagbuf[48];
    for (i = 0; i < seen->n; i++)
      if (sp_node_equal(seen->kids[i], n))
        break;
    if (i == seen->n)
      sp_node_add(seen, sp_node_copy(n));
    snprintf(tagbuf, sizeof tagbuf, "__igm_agg%zu", i + 1);
    iff = sp_node_new(SP_CALL, "IF", 0, 0);
    sp_node_add(iff, sp_literal("true", NULL, XSD_NS "boolean", 1));
    sp_node_add(iff, n->kids[0]);
    sp_node_add(iff, sp_literal(tagbuf, NULL, NULL, 0));
    n->kids[0] = iff;
    return;
  }
  for (i = 0; i < n->n; i++)
    tag_aggregates(n->kids[i], seen);
}

/* COUNT(DISTINCT ?v) counts an unbound ?v as a value (B2): refused unless ?v is bound by a
 * triple at the top level of WHERE. */
static const SpNode *count_distinct_unsafe(const SpNode *n, const SpNode *safe)
{
  size_t i;
  if (!n)
    return NULL;
  if (n->kind == SP_AGG && strcmp(n->str, "COUNT") == 0 && (n->flag & SP_AGG_DISTINCT) &&
      n->n == 1) {
    SpNode *vars = sp_node_new(SP_LIST, NULL, 0, 0);
    const SpNode *bad = NULL;
    sp_all_vars(n->kids[0], vars);
    for (i = 0; i < vars->n; i++)
      if (!sp_list_has_var(safe, vars->kids[i]->str))
        bad = n;
    sp_node_free(vars);
    return bad;
  }
  for (i = 0; i < n->n; i++) {
    const SpNode *b = count_distinct_unsafe(n->kids[i], safe);
    if (b)
      return b;
  }
  return NULL;
}

static IgmStatus fix_count_distinct(SpRewrite *rw, SpQuery *q)
{
  SpNode *safe = sp_node_new(SP_LIST, NULL, 0, 0);
  const SpNode *bad;
  size_t i;
  for (i = 0; q->where && i < q->where->n; i++)
    if (q->where->kids[i]->kind == SP_TRIPLE)
      sp_scope_vars(q->where->kids[i], safe);
  bad = count_distinct_unsafe(q->proj, safe);
  if (!bad)
    bad = count_distinct_unsafe(q->having, safe);
  sp_node_free(safe);
  if (bad)
    return refuse(rw, bad, "COUNT(DISTINCT ...) of a variable that may be unbound",
                  "add FILTER(BOUND(?v)) in a sub-select, or count in two steps");
  return IGM_OK;
}

static int has_separator(const SpNode *n)
{
  size_t i;
  if (!n)
    return 0;
  if (n->kind == SP_AGG && n->sep && strcmp(n->sep, " ") != 0)
    return 1;
  for (i = 0; i < n->n; i++)
    if (has_separator(n->kids[i]))
      return 1;
  return 0;
}

/* GROUP_CONCAT(e; SEPARATOR=s): rasqal always joins with a space (B7). A projected
 * (GROUP_CONCAT(e; SEPARATOR=s) AS ?v) becomes GROUP_CONCAT(ENCODE_FOR_URI(STR(e))) and the
 * executor splits, decodes and joins the values with s. */
static IgmStatus fix_group_concat(SpRewrite *rw, SpQuery *q)
{
  size_t i;
  if (has_separator(q->having) || has_separator(q->order))
    return refuse(rw, NULL, "GROUP_CONCAT with SEPARATOR in HAVING or ORDER BY",
                  "project it and filter or order the results yourself");
  for (i = 0; q->proj && i < q->proj->n; i++) {
    SpNode *it = q->proj->kids[i], *agg, *enc;
    if (it->kind != SP_AS || !has_separator(it->kids[0]))
      continue;
    agg = it->kids[0];
    if (agg->kind != SP_AGG || strcmp(agg->str, "GROUP_CONCAT") != 0 || !rw->concat_fix)
      return refuse(rw, agg, "GROUP_CONCAT with SEPARATOR inside an expression",
                    "project (GROUP_CONCAT(...; SEPARATOR=...) AS ?v) on its own");
    enc = call1("ENCODE_FOR_URI", call1("STR", sp_node_remove(agg, 0)));
    sp_node_add(agg, enc);
    {
      SpNode *fix = sp_var(it->kids[1]->str);
      fix->sep = agg->sep;
      agg->sep = NULL;
      sp_node_add(rw->concat_fix, fix);
    }
  }
  return IGM_OK;
}

/* ORDER BY DESC(?v): rasqal puts the rows where ?v is unbound first, as in ascending order,
 * where SPARQL reverses the whole order. DESC(BOUND(?v)) before it puts them last. Only for
 * queries without grouping (there ?v may name an aggregate). */
static void desc_unbound_last(SpQuery *q)
{
  size_t i;
  if (!q->order || q->group_by || sp_query_has_aggregate(q))
    return;
  for (i = 0; i < q->order->n; i++) {
    SpNode *o = q->order->kids[i], *b;
    if (!o->flag || o->n != 1 || o->kids[0]->kind != SP_VAR)
      continue;
    b = sp_node_new(SP_ORDER, NULL, 0, 0);
    b->flag = 1;
    sp_node_add(b, call1("BOUND", sp_var(o->kids[0]->str)));
    sp_node_insert(q->order, i, b);
    i++;
  }
}

static IgmStatus rewrite_query_where(SpRewrite *rw, SpQuery *q, const SpNode *graph)
{
  desc_unbound_last(q);
  if (q->where)
    IGM_TRY(rewrite_group(rw, q->where, graph));
  if (contains_exists(q->proj) || contains_exists(q->having) || contains_exists(q->order) ||
      contains_exists(q->group_by))
    return refuse(rw, NULL, "EXISTS outside FILTER", "use it in a FILTER in WHERE");
  {
    const SpNode *bad = pcre_pattern(q->proj);
    if (!bad)
      bad = pcre_pattern(q->having);
    if (!bad)
      bad = pcre_pattern(q->order);
    if (bad)
      return refuse(rw, bad, "a regular expression in PCRE syntax (\\d, \\p, (?...), lazy quantifiers)",
                    "write it in POSIX syntax: [0-9] for \\d, plain ( ) groups");
  }
  fix_date_parts(q->proj);
  fix_date_parts(q->having);
  fix_date_parts(q->order);
  if (uses_hoistable(q->having) || uses_hoistable(q->order) || uses_hoistable(q->group_by))
    return refuse(rw, NULL, "a function call inside CONCAT, STRBEFORE or STRAFTER in GROUP BY, HAVING or ORDER BY",
                  "BIND the inner expression to a variable in WHERE first");
  if (uses_hoistable(q->proj)) {
    SpNode *binds = sp_node_new(SP_LIST, NULL, 0, 0), *w;
    size_t i;
    if (!hoist_calls(rw, q->proj, binds)) {
      sp_node_free(binds);
      return refuse(rw, NULL, "an aggregate inside CONCAT, STRBEFORE or STRAFTER",
                    "project the aggregate and build the string outside the query");
    }
    w = sp_node_new(SP_GROUP, NULL, 0, 0);
    sp_node_add(w, q->where);
    for (i = 0; i < binds->n; i++)
      sp_node_add(w, binds->kids[i]);
    binds->n = 0;
    sp_node_free(binds);
    q->where = w;
  }
  IGM_TRY(fix_count_distinct(rw, q));
  fix_iri_aggregates(q->proj);
  fix_iri_aggregates(q->having);
  fix_iri_aggregates(q->order);
  IGM_TRY(fix_group_concat(rw, q));
  rewrite_grouping(rw, q);
  {
    SpNode *seen = sp_node_new(SP_LIST, NULL, 0, 0);
    collect_aggs(q->proj, seen);
    collect_aggs(q->having, seen);
    collect_aggs(q->order, seen);
    if (seen->n < 2) {
      sp_node_free(seen);
      return IGM_OK;
    }
    sp_node_free(seen);
    seen = sp_node_new(SP_LIST, NULL, 0, 0);
    tag_aggregates(q->proj, seen);
    tag_aggregates(q->having, seen);
    tag_aggregates(q->order, seen);
    sp_node_free(seen);
  }
  return IGM_OK;
}

/* ------------------------------------------------------------ DESCRIBE */

static void describe_to_construct(SpRewrite *rw, SpQuery *q)
{
  SpNode *tmpl = sp_node_new(SP_LIST, NULL, 0, 0);
  SpNode *u = sp_node_new(SP_UNION, NULL, 0, 0);
  SpNode *where = sp_node_new(SP_GROUP, NULL, 0, 0);
  size_t i;
  for (i = 0; q->proj && i < q->proj->n; i++) {
    SpNode *t = q->proj->kids[i];
    SpNode *p = fresh_var(rw), *o = fresh_var(rw);
    SpNode *g = sp_node_new(SP_GROUP, NULL, 0, 0);
    sp_node_add(tmpl, triple(sp_node_copy(t), sp_node_copy(p), sp_node_copy(o)));
    sp_node_add(g, triple(sp_node_copy(t), p, o));
    sp_node_add(u, g);
  }
  if (q->where)
    sp_node_add(where, q->where);
  if (u->n == 1) {
    sp_node_add(where, sp_node_remove(u, 0));
    sp_node_free(u);
  } else if (u->n > 1) {
    sp_node_add(where, u);
  } else {
    sp_node_free(u);
  }
  q->where = where;
  q->tmpl = tmpl;
  q->form = SP_CONSTRUCT;
  sp_node_free(q->proj);
  q->proj = NULL;
}

/* ------------------------------------------------------------ default graph and GRAPH */

static IgmStatus dataset_group(SpRewrite *rw, SpNode *g, int in_graph);

static int has_subselect(const SpNode *n)
{
  size_t i;
  if (n->kind == SP_SUBSELECT)
    return 1;
  for (i = 0; i < n->n; i++)
    if (has_subselect(n->kids[i]))
      return 1;
  return 0;
}

static IgmStatus dataset_query(SpRewrite *rw, SpQuery *q, int in_graph)
{
  if (q->where)
    return dataset_group(rw, q->where, in_graph);
  return IGM_OK;
}

static SpNode *false_group(void)
{
  SpNode *g = sp_node_new(SP_GROUP, NULL, 0, 0), *f = sp_node_new(SP_FILTER, NULL, 0, 0);
  sp_node_add(f, sp_literal("false", NULL, "http://www.w3.org/2001/XMLSchema#boolean", 1));
  sp_node_add(g, f);
  return g;
}

static IgmStatus dataset_expr(SpRewrite *rw, SpNode *n, int in_graph)
{
  size_t i;
  if (!n)
    return IGM_OK;
  if (n->kind == SP_EXISTS)
    return dataset_group(rw, n->kids[0], in_graph);
  for (i = 0; i < n->n; i++)
    IGM_TRY(dataset_expr(rw, n->kids[i], in_graph));
  return IGM_OK;
}

static IgmStatus dataset_group(SpRewrite *rw, SpNode *g, int in_graph)
{
  size_t i;
  for (i = 0; i < g->n; i++) {
    SpNode *e = g->kids[i];
    switch (e->kind) {
    case SP_GROUP: IGM_TRY(dataset_group(rw, e, in_graph)); break;
    case SP_OPTIONAL:
    case SP_MINUS: IGM_TRY(dataset_group(rw, e->kids[0], in_graph)); break;
    case SP_UNION: {
      size_t k;
      for (k = 0; k < e->n; k++)
        IGM_TRY(dataset_group(rw, e->kids[k], in_graph));
      break;
    }
    case SP_SUBSELECT: IGM_TRY(dataset_query(rw, e->query, in_graph)); break;
    case SP_FILTER:
    case SP_BIND: IGM_TRY(dataset_expr(rw, e->kids[0], in_graph)); break;
    case SP_GRAPH: {
      SpNode *gt = e->kids[0];
      IGM_TRY(dataset_group(rw, e->kids[1], 1));
      if (gt->kind == SP_IRI && rw->named && !sp_list_has_var(rw->named, gt->str)) {
        /* a graph outside the dataset matches nothing (rasqal gives one empty row, B10) */
        sp_node_free(g->kids[i]);
        g->kids[i] = false_group();
      } else if (gt->kind == SP_VAR && rw->named && rw->named->n > 0 &&
                 has_subselect(e->kids[1])) {
        /* rasqal crashes on a sub-select inside GRAPH ?g: one branch per named graph,
         * { GRAPH <gi> { ... } VALUES (?g) { (<gi>) } } */
        SpNode *u = sp_node_new(SP_UNION, NULL, 0, 0);
        size_t k;
        for (k = 0; k < rw->named->n; k++) {
          SpNode *br = sp_node_new(SP_GROUP, NULL, 0, 0), *gg = sp_node_new(SP_GRAPH, NULL, 0, 0);
          SpNode *v = sp_node_new(SP_VALUES, NULL, 0, 0), *vars = sp_node_new(SP_LIST, NULL, 0, 0);
          SpNode *row = sp_node_new(SP_LIST, NULL, 0, 0);
          sp_node_add(gg, sp_iri(rw->named->kids[k]->str));
          sp_node_add(gg, sp_node_copy(e->kids[1]));
          sp_node_add(br, gg);
          sp_node_add(vars, sp_var(gt->str));
          sp_node_add(row, sp_iri(rw->named->kids[k]->str));
          sp_node_add(v, vars);
          sp_node_add(v, row);
          sp_node_add(br, v);
          sp_node_add(u, br);
        }
        if (u->n == 1) {
          SpNode *only = sp_node_remove(u, 0);
          sp_node_free(u);
          u = only;
        }
        sp_node_free(e);
        g->kids[i] = u;
      } else if (gt->kind == SP_VAR && rw->named) {
        SpNode *wrap = sp_node_new(SP_GROUP, NULL, 0, 0), *f = sp_node_new(SP_FILTER, NULL, 0, 0);
        if (rw->named->n == 0) {
          sp_node_add(f, sp_literal("false", NULL, "http://www.w3.org/2001/XMLSchema#boolean", 1));
        } else {
          SpNode *in = sp_node_new(SP_IN, NULL, 0, 0);
          size_t k;
          sp_node_add(in, sp_var(gt->str));
          for (k = 0; k < rw->named->n; k++)
            sp_node_add(in, sp_iri(rw->named->kids[k]->str));
          sp_node_add(f, in);
        }
        sp_node_add(wrap, e);
        sp_node_add(wrap, f);
        g->kids[i] = wrap;
      }
      break;
    }
    default: break;
    }
  }
  if (rw->hidden_prefix) {
    /* a variable predicate never matches igmap's own rows */
    size_t n = g->n;
    for (i = 0; i < n; i++) {
      SpNode *e = g->kids[i];
      if (e->kind == SP_TRIPLE && e->kids[1]->kind == SP_VAR) {
        SpNode *f = sp_node_new(SP_FILTER, NULL, 0, 0), *ss = sp_node_new(SP_CALL, "STRSTARTS", 0, 0);
        sp_node_add(ss, call1("STR", sp_var(e->kids[1]->str)));
        sp_node_add(ss, sp_literal(rw->hidden_prefix, NULL, NULL, 0));
        sp_node_add(f, op1("!", ss));
        sp_node_add(g, f);
      }
    }
  }
  if (!in_graph && rw->default_graph) {
    /* confine runs of triples outside GRAPH to the default graph */
    for (i = 0; i < g->n; i++) {
      if (g->kids[i]->kind == SP_TRIPLE) {
        SpNode *gg = sp_node_new(SP_GRAPH, NULL, 0, 0), *body = sp_node_new(SP_GROUP, NULL, 0, 0);
        sp_node_add(gg, sp_iri(rw->default_graph));
        sp_node_add(gg, body);
        while (i < g->n && (g->kids[i]->kind == SP_TRIPLE))
          sp_node_add(body, sp_node_remove(g, i));
        sp_node_insert(g, i, gg);
      }
    }
  }
  return IGM_OK;
}

/* ------------------------------------------------------------ entry points */

IgmStatus sp_rewrite(SpRewrite *rw, SpQuery *q)
{
  SpNode *map = sp_node_new(SP_LIST, NULL, 0, 0);
  IgmStatus st;
  if (q->form == SP_DESCRIBE && q->star)
    expand_star(q);
  expand_star(q);
  bnodes_query(rw, q, map);
  sp_node_free(map);
  IGM_TRY(fix_case_functions(rw, q));
  if (q->form == SP_DESCRIBE)
    describe_to_construct(rw, q);
  st = rewrite_query_where(rw, q, NULL);
  if (st != IGM_OK)
    return st;
  if (q->values) {
    /* a trailing VALUES joins the whole WHERE: move it inside, after the patterns */
    SpNode *w = sp_node_new(SP_GROUP, NULL, 0, 0);
    sp_node_add(w, q->where);
    sp_node_add(w, q->values);
    q->values = NULL;
    q->where = w;
    anchor_values(w);
  }
  return dataset_query(rw, q, 0);
}

int sp_query_has_graph(const SpNode *n)
{
  size_t i;
  if (!n)
    return 0;
  if (n->kind == SP_GRAPH)
    return 1;
  for (i = 0; i < n->n; i++)
    if (sp_query_has_graph(n->kids[i]))
      return 1;
  if (n->query)
    return sp_query_has_graph(n->query->where);
  return 0;
}

int sp_query_has_closure_path(const SpNode *n)
{
  size_t i;
  if (!n)
    return 0;
  if (n->kind == SP_PATH_STAR || n->kind == SP_PATH_PLUS || n->kind == SP_PATH_OPT)
    return 1;
  for (i = 0; i < n->n; i++)
    if (sp_query_has_closure_path(n->kids[i]))
      return 1;
  if (n->query)
    return sp_query_has_closure_path(n->query->where);
  return 0;
}

int sp_query_has_aggregate(const SpQuery *q)
{
  return has_agg(q->proj) || has_agg(q->having) || has_agg(q->order);
}

