/* derive.c: recomputes graph:inferred from the asserted graphs (ontology.md, "Derived").
 *
 * Rules, in this order:
 *   1. rdf:type closure over rdfs:subClassOf (transitive)
 *   2. owl:inverseOf pairs declared in the data (both directions)
 *   3. ig:inDocument: every ancestor along eli:is_part_of that is an ig:Document
 *   4. skos:broaderTransitive: closure of skos:broader
 *   5. org:transitiveSubOrganizationOf: closure of org:subOrganizationOf
 *   6. ig:addresses (body -> issue/action line) and ig:addressedTo (proposal -> body, role
 *      role:responsible) from ig:Engagement nodes
 * Derived triples that are already asserted are not repeated in graph:inferred. Everything is
 * computed in memory over node ids, then written in one pass. */
#include "derive.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "store.h"
#include "util.h"

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define OWL "http://www.w3.org/2002/07/owl#"
#define SKOS "http://www.w3.org/2004/02/skos/core#"
#define ORG "http://www.w3.org/ns/org#"
#define ELI "http://data.europa.eu/eli/ontology#"
#define IG IGM_NS_BASE "def/ig#"

/* The predicates the rules read, and those they write (a derived triple that is asserted is not
 * repeated): when a write touched none of them, nor graph:inferred, nothing needs recomputing. */
static const char *const rule_predicates[] = {
    RDF "type",         RDFS "subClassOf",          OWL "inverseOf",
    ELI "is_part_of",   ELI "has_part",             SKOS "broader",
    ORG "subOrganizationOf", IG "body",             IG "target",
    IG "role",          IG "inDocument",            SKOS "broaderTransitive",
    ORG "transitiveSubOrganizationOf", IG "addresses", IG "addressedTo",
};

typedef struct Edge {
  size_t s, o;
} Edge;

typedef struct EdgeList {
  Edge *v;
  size_t n, cap;
} EdgeList;

/* A set of (s, p, o) node-id triples, open addressing. */
typedef struct Triple {
  uint32_t s, p, o;
} Triple;

typedef struct TripleSet {
  Triple *v; /* s == UINT32_MAX marks an empty slot */
  size_t cap, count;
} TripleSet;

/* Interned nodes: IRIs and blank nodes by their text, ids dense from 0. The text is kept in
 * one arena, not as librdf nodes: a node decoded from the store holds its own term and an
 * interned URI, several times the text's size, and a 1M-triple store has hundreds of
 * thousands of them. Nodes are made again from the text where librdf needs them. */
typedef struct NodeSlot {
  uint64_t hash;
  size_t id1; /* id + 1; 0 = empty */
} NodeSlot;

typedef struct NodeText {
  size_t off; /* in Deriver.text */
  size_t len;
  char kind;  /* 'U' or 'B' */
} NodeText;

typedef struct Deriver {
  librdf_world *world;
  librdf_model *model;
  librdf_node *inferred;
  NodeSlot *slots;
  size_t slot_cap;
  NodeText *nodes; /* id -> its text */
  size_t nnodes, nodes_cap;
  unsigned char *text;
  size_t text_len, text_cap;
  /* nodes made lately, by id (predicates and classes recur in every derived triple) */
  librdf_node *made[4096];
  size_t made_id[4096];
  TripleSet asserted; /* triples asserted (for the predicates collected) */
  TripleSet derived;  /* the same for what we derived */
  EdgeList out;       /* derived triples as (s,o) with predicate ids in out_p */
  size_t *out_p;
  size_t out_p_cap;
  unsigned long count;
  /* look types up by (rdf:type, class): only on an indexed store (librdf's hashes store leaks
   * the nodes of every match found through its po2s index) */
  int by_class;
} Deriver;

static void edges_push(EdgeList *l, size_t s, size_t o)
{
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 256;
    l->v = igm_xrealloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n].s = s;
  l->v[l->n].o = o;
  l->n++;
}

static uint64_t hash_bytes(const unsigned char *p, size_t n, uint64_t h)
{
  size_t i;
  for (i = 0; i < n; i++)
    h = (h ^ p[i]) * 0x100000001b3ULL;
  return h ^ (h >> 29);
}

static uint64_t triple_hash(const Triple *t)
{
  uint64_t h = ((uint64_t)t->s * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)t->p * 0xc2b2ae3d27d4eb4fULL) ^
               ((uint64_t)t->o * 0x165667b19e3779f9ULL);
  return h ^ (h >> 31);
}

static void tset_grow(TripleSet *t)
{
  size_t cap = t->cap ? t->cap * 2 : 1024, i;
  Triple *v = igm_xmalloc(cap * sizeof *v);
  for (i = 0; i < cap; i++)
    v[i].s = UINT32_MAX;
  for (i = 0; i < t->cap; i++) {
    size_t j;
    if (t->v[i].s == UINT32_MAX)
      continue;
    for (j = (size_t)triple_hash(&t->v[i]) & (cap - 1); v[j].s != UINT32_MAX; j = (j + 1) & (cap - 1))
      ;
    v[j] = t->v[i];
  }
  free(t->v);
  t->v = v;
  t->cap = cap;
}

/* 1 if (s, p, o) is in the set; with add, inserts it when absent (returning 0). */
static int tset_find(TripleSet *t, size_t s, size_t p, size_t o, int add)
{
  Triple k;
  size_t j;
  k.s = (uint32_t)s;
  k.p = (uint32_t)p;
  k.o = (uint32_t)o;
  if (!t->cap) {
    if (!add)
      return 0;
    tset_grow(t);
  }
  for (j = (size_t)triple_hash(&k) & (t->cap - 1); t->v[j].s != UINT32_MAX; j = (j + 1) & (t->cap - 1))
    if (t->v[j].s == k.s && t->v[j].p == k.p && t->v[j].o == k.o)
      return 1;
  if (add) {
    if ((t->count + 1) * 2 > t->cap) {
      tset_grow(t);
      for (j = (size_t)triple_hash(&k) & (t->cap - 1); t->v[j].s != UINT32_MAX;
           j = (j + 1) & (t->cap - 1))
        ;
    }
    t->v[j] = k;
    t->count++;
  }
  return 0;
}

/* The text that identifies an IRI or blank node, and its kind ('U' or 'B'); NULL for a literal. */
static const unsigned char *node_text(librdf_node *n, size_t *len, char *kind)
{
  if (librdf_node_is_resource(n)) {
    *kind = 'U';
    return librdf_uri_as_counted_string(librdf_node_get_uri(n), len);
  }
  if (librdf_node_is_blank(n)) {
    *kind = 'B';
    return librdf_node_get_counted_blank_identifier(n, len);
  }
  return NULL; /* literals never take part in these rules as subjects */
}

static void slots_grow(Deriver *d)
{
  size_t cap = d->slot_cap ? d->slot_cap * 2 : 1024, i;
  NodeSlot *v = igm_xmalloc(cap * sizeof *v);
  memset(v, 0, cap * sizeof *v);
  for (i = 0; i < d->slot_cap; i++) {
    size_t j;
    if (!d->slots[i].id1)
      continue;
    for (j = (size_t)d->slots[i].hash & (cap - 1); v[j].id1; j = (j + 1) & (cap - 1))
      ;
    v[j] = d->slots[i];
  }
  free(d->slots);
  d->slots = v;
  d->slot_cap = cap;
}

/* Returns the id of node n (interning a copy), or (size_t)-1 for a literal. */
static size_t node_id(Deriver *d, librdf_node *n)
{
  size_t len = 0, j, olen = 0;
  char kind = 0, okind = 0;
  const unsigned char *text = node_text(n, &len, &kind);
  uint64_t h;
  if (!text)
    return (size_t)-1;
  h = hash_bytes(text, len, (uint64_t)0xcbf29ce484222325ULL ^ (uint64_t)(unsigned char)kind);
  if ((d->nnodes + 1) * 2 > d->slot_cap)
    slots_grow(d);
  for (j = (size_t)h & (d->slot_cap - 1); d->slots[j].id1; j = (j + 1) & (d->slot_cap - 1)) {
    const NodeText *m;
    if (d->slots[j].hash != h)
      continue;
    m = &d->nodes[d->slots[j].id1 - 1];
    olen = m->len;
    okind = m->kind;
    if (okind == kind && olen == len && memcmp(d->text + m->off, text, len) == 0)
      return d->slots[j].id1 - 1;
  }
  if (d->nnodes == d->nodes_cap) {
    d->nodes_cap = d->nodes_cap ? d->nodes_cap * 2 : 256;
    d->nodes = igm_xrealloc(d->nodes, d->nodes_cap * sizeof *d->nodes);
  }
  if (d->text_len + len > d->text_cap) {
    size_t cap = d->text_cap ? d->text_cap : 65536;
    while (cap < d->text_len + len)
      cap *= 2;
    d->text = igm_xrealloc(d->text, cap);
    d->text_cap = cap;
  }
  memcpy(d->text + d->text_len, text, len);
  d->nodes[d->nnodes].off = d->text_len;
  d->nodes[d->nnodes].len = len;
  d->nodes[d->nnodes].kind = kind;
  d->text_len += len;
  d->slots[j].hash = h;
  d->slots[j].id1 = ++d->nnodes;
  return d->nnodes - 1;
}

/* A new node for id (the caller's to free). */
static librdf_node *node_make(Deriver *d, size_t id)
{
  const NodeText *t = &d->nodes[id];
  size_t k = (id * 0x9e3779b1u) & 4095u;
  librdf_node *n;
  if (d->made[k] && d->made_id[k] == id)
    return librdf_new_node_from_node(d->made[k]); /* a counted reference */
  if (t->kind == 'U')
    n = librdf_new_node_from_counted_uri_string(d->world, d->text + t->off, t->len);
  else
    n = librdf_new_node_from_counted_blank_identifier(d->world, d->text + t->off, t->len);
  if (n) {
    if (d->made[k])
      librdf_free_node(d->made[k]);
    d->made[k] = librdf_new_node_from_node(n);
    d->made_id[k] = id;
  }
  return n;
}

static size_t iri_id(Deriver *d, const char *iri)
{
  librdf_node *n = librdf_new_node_from_uri_string(d->world, (const unsigned char *)iri);
  size_t id = node_id(d, n);
  librdf_free_node(n);
  return id;
}

static int is_asserted(Deriver *d, size_t s, size_t p, size_t o)
{
  return tset_find(&d->asserted, s, p, o, 0);
}

static void mark_asserted(Deriver *d, size_t s, size_t p, size_t o)
{
  tset_find(&d->asserted, s, p, o, 1);
}

static int has_fact(Deriver *d, size_t s, size_t p, size_t o)
{
  return tset_find(&d->asserted, s, p, o, 0) || tset_find(&d->derived, s, p, o, 0);
}

/* Records a derived triple unless asserted or already derived; returns 1 if new. */
static int derive(Deriver *d, size_t s, size_t p, size_t o)
{
  if (is_asserted(d, s, p, o))
    return 0;
  if (tset_find(&d->derived, s, p, o, 1))
    return 0;
  edges_push(&d->out, s, o);
  if (d->out.n > d->out_p_cap) {
    d->out_p_cap = d->out.cap;
    d->out_p = igm_xrealloc(d->out_p, d->out_p_cap * sizeof *d->out_p);
  }
  d->out_p[d->out.n - 1] = p;
  return 1;
}

/* Collects asserted (s, o) pairs of predicate `pred` (and object `obj` unless NULL) outside
 * graph:inferred. */
static IgmStatus collect_matching(Deriver *d, const char *pred, librdf_node *obj, EdgeList *l)
{
  librdf_node *p = librdf_new_node_from_uri_string(d->world, (const unsigned char *)pred);
  librdf_statement *pat = librdf_new_statement_from_nodes(
      d->world, NULL, p, obj ? librdf_new_node_from_node(obj) : NULL);
  librdf_stream *st;
  size_t pid = iri_id(d, pred);
  if (!pat)
    return IGM_EINTERNAL;
  st = librdf_model_find_statements(d->model, pat);
  librdf_free_statement(pat);
  if (!st)
    return IGM_EIO;
  while (!librdf_stream_end(st)) {
    librdf_statement *s = librdf_stream_get_object(st);
    librdf_node *ctx = librdf_stream_get_context2(st);
    if (!(ctx && librdf_node_equals(ctx, d->inferred))) {
      size_t sid = node_id(d, librdf_statement_get_subject(s));
      size_t oid = node_id(d, librdf_statement_get_object(s));
      if (sid != (size_t)-1 && oid != (size_t)-1) {
        edges_push(l, sid, oid);
        mark_asserted(d, sid, pid, oid);
      }
    }
    librdf_stream_next(st);
  }
  librdf_free_stream(st);
  return IGM_OK;
}

static IgmStatus collect(Deriver *d, const char *pred, EdgeList *l)
{
  return collect_matching(d, pred, NULL, l);
}

/* Adjacency lists over node ids, built from an edge list. */
typedef struct Adj {
  size_t *start; /* nnodes + 1 */
  size_t *to;
  size_t n;
} Adj;

static void adj_build(Adj *a, const EdgeList *l, size_t nnodes, int reverse)
{
  size_t i;
  a->n = nnodes;
  a->start = igm_xmalloc((nnodes + 1) * sizeof *a->start);
  memset(a->start, 0, (nnodes + 1) * sizeof *a->start);
  a->to = igm_xmalloc((l->n ? l->n : 1) * sizeof *a->to);
  for (i = 0; i < l->n; i++)
    a->start[(reverse ? l->v[i].o : l->v[i].s) + 1]++;
  for (i = 0; i < nnodes; i++)
    a->start[i + 1] += a->start[i];
  {
    size_t *fill = igm_xmalloc((nnodes + 1) * sizeof *fill);
    memcpy(fill, a->start, (nnodes + 1) * sizeof *fill);
    for (i = 0; i < l->n; i++) {
      size_t from = reverse ? l->v[i].o : l->v[i].s;
      a->to[fill[from]++] = reverse ? l->v[i].s : l->v[i].o;
    }
    free(fill);
  }
}

static void adj_free(Adj *a)
{
  free(a->start);
  free(a->to);
}

/* All nodes reachable from `from` (excluding itself unless on a cycle) into *out. */
static size_t reach(const Adj *a, size_t from, size_t *stack, unsigned char *seen, size_t *out)
{
  size_t sp = 0, n = 0, i;
  stack[sp++] = from;
  while (sp) {
    size_t x = stack[--sp];
    if (x >= a->n)
      continue;
    for (i = a->start[x]; i < a->start[x + 1]; i++) {
      size_t y = a->to[i];
      if (!seen[y]) {
        seen[y] = 1;
        out[n++] = y;
        stack[sp++] = y;
      }
    }
  }
  for (i = 0; i < n; i++)
    seen[out[i]] = 0;
  return n;
}

/* Scratch buffers sized to the node count. */
typedef struct Scratch {
  size_t *stack, *out;
  unsigned char *seen;
} Scratch;

static void scratch_init(Scratch *s, size_t n)
{
  s->stack = igm_xmalloc((n + 1) * sizeof *s->stack * 2);
  s->out = igm_xmalloc((n + 1) * sizeof *s->out);
  s->seen = igm_xmalloc(n + 1);
  memset(s->seen, 0, n + 1);
}

static void scratch_free(Scratch *s)
{
  free(s->stack);
  free(s->out);
  free(s->seen);
}

/* Closure of `edges` written as predicate `pid`. */
static void closure(Deriver *d, const EdgeList *edges, size_t pid)
{
  Adj a;
  Scratch sc;
  size_t i, j, nn = d->nnodes;
  unsigned char *done = igm_xmalloc(nn + 1);
  memset(done, 0, nn + 1);
  adj_build(&a, edges, nn, 0);
  scratch_init(&sc, nn);
  for (i = 0; i < edges->n; i++) {
    size_t s = edges->v[i].s, k;
    if (done[s])
      continue;
    done[s] = 1;
    k = reach(&a, s, sc.stack, sc.seen, sc.out);
    for (j = 0; j < k; j++)
      derive(d, s, pid, sc.out[j]);
  }
  scratch_free(&sc);
  adj_free(&a);
  free(done);
}

/* The derived triples as a librdf stream, so that the store adds them in one batch. */
typedef struct OutStream {
  Deriver *d;
  size_t i;
  librdf_statement *cur;
} OutStream;

static int out_end(void *ctx)
{
  OutStream *o = ctx;
  return o->i >= o->d->out.n;
}

static int out_next(void *ctx)
{
  OutStream *o = ctx;
  if (o->cur) {
    librdf_free_statement(o->cur);
    o->cur = NULL;
  }
  o->i++;
  return o->i >= o->d->out.n;
}

static void *out_get(void *ctx, int flags)
{
  OutStream *o = ctx;
  Deriver *d = o->d;
  if (flags != LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT)
    return flags == LIBRDF_ITERATOR_GET_METHOD_GET_CONTEXT ? d->inferred : NULL;
  if (!o->cur && o->i < d->out.n)
    o->cur = librdf_new_statement_from_nodes(d->world, node_make(d, d->out.v[o->i].s),
                                             node_make(d, d->out_p[o->i]),
                                             node_make(d, d->out.v[o->i].o));
  return o->cur;
}

static void out_finished(void *ctx)
{
  OutStream *o = ctx;
  if (o->cur)
    librdf_free_statement(o->cur);
  o->cur = NULL;
}

/* Brings graph:inferred from what it holds to exactly d->out: removes what is no longer
 * derived and drops from d->out what is already there, so that a small change writes little. */
static IgmStatus reconcile(Deriver *d)
{
  TripleSet have = {0};
  librdf_statement **stale = NULL;
  size_t nstale = 0, i, kept = 0;
  IgmStatus st = IGM_OK;
  librdf_stream *s = librdf_model_context_as_stream(d->model, d->inferred);
  if (!s) {
    igm_error("cannot read the derived graph");
    return IGM_EIO;
  }
  for (; !librdf_stream_end(s); librdf_stream_next(s)) {
    librdf_statement *t = librdf_stream_get_object(s);
    size_t a = node_id(d, librdf_statement_get_subject(t));
    size_t b = node_id(d, librdf_statement_get_predicate(t));
    size_t c = node_id(d, librdf_statement_get_object(t));
    if (a != (size_t)-1 && b != (size_t)-1 && c != (size_t)-1 &&
        tset_find(&d->derived, a, b, c, 0)) {
      tset_find(&have, a, b, c, 1);
      continue;
    }
    stale = igm_xrealloc(stale, (nstale + 1) * sizeof *stale);
    stale[nstale++] = librdf_new_statement_from_statement(t);
  }
  librdf_free_stream(s);
  for (i = 0; i < nstale; i++) {
    if (st == IGM_OK && (!stale[i] || librdf_model_context_remove_statement(
                                          d->model, d->inferred, stale[i]) != 0)) {
      igm_error("cannot update the derived graph");
      st = IGM_EIO;
    }
    if (stale[i])
      librdf_free_statement(stale[i]);
  }
  free(stale);
  for (i = 0; i < d->out.n; i++) {
    if (tset_find(&have, d->out.v[i].s, d->out_p[i], d->out.v[i].o, 0))
      continue;
    d->out.v[kept] = d->out.v[i];
    d->out_p[kept] = d->out_p[i];
    kept++;
  }
  d->out.n = kept;
  free(have.v);
  return st;
}

static IgmStatus write_out(Deriver *d)
{
  OutStream o;
  librdf_stream *st;
  int rc;
  if (d->by_class && reconcile(d) != IGM_OK)
    return IGM_EIO;
  if (!d->out.n)
    return IGM_OK;
  memset(&o, 0, sizeof o);
  o.d = d;
  st = librdf_new_stream(d->world, &o, out_end, out_next, out_get, out_finished);
  if (!st) {
    igm_error("cannot write derived triples to the store");
    return IGM_EIO;
  }
  rc = librdf_model_context_add_statements(d->model, d->inferred, st);
  librdf_free_stream(st);
  if (rc) {
    igm_error("cannot write derived triples to the store");
    return IGM_EIO;
  }
  d->count = d->out.n;
  return IGM_OK;
}

static IgmStatus run(Deriver *d)
{
  EdgeList types = {0}, sub = {0}, inv = {0}, part = {0}, haspart = {0}, broader = {0},
           suborg = {0}, body = {0}, target = {0}, role = {0};
  IgmStatus st = IGM_OK;
  size_t t_type, t_inDoc, t_btrans, t_tsub, t_addr, t_addrTo, c_doc, c_issue, c_al, c_prop,
      r_resp, t_part;
  size_t i, j;

  t_type = iri_id(d, RDF "type");
  t_part = iri_id(d, ELI "is_part_of");
  t_inDoc = iri_id(d, IG "inDocument");
  t_btrans = iri_id(d, SKOS "broaderTransitive");
  t_tsub = iri_id(d, ORG "transitiveSubOrganizationOf");
  t_addr = iri_id(d, IG "addresses");
  t_addrTo = iri_id(d, IG "addressedTo");
  c_doc = iri_id(d, IG "Document");
  c_issue = iri_id(d, IG "Issue");
  c_al = iri_id(d, IG "ActionLine");
  c_prop = iri_id(d, IG "Proposal");
  r_resp = iri_id(d, IGM_NS_BASE "def/role/responsible");

  if ((st = collect(d, RDFS "subClassOf", &sub)) ||
      (st = collect(d, OWL "inverseOf", &inv)) || (st = collect(d, ELI "is_part_of", &part)) ||
      (st = collect(d, ELI "has_part", &haspart)) || (st = collect(d, SKOS "broader", &broader)) ||
      (st = collect(d, ORG "subOrganizationOf", &suborg)) || (st = collect(d, IG "body", &body)) ||
      (st = collect(d, IG "target", &target)) || (st = collect(d, IG "role", &role)))
    goto done;
  /* Types: only the instances of the classes the rules can use (those in the subclass
   * hierarchy, and the classes rules 3 and 6 test), so the cost follows them, not the store. */
  {
    size_t special[4], nclasses = d->nnodes;
    unsigned char *want = igm_xmalloc(nclasses + 1);
    memset(want, 0, nclasses + 1);
    special[0] = c_doc;
    special[1] = c_issue;
    special[2] = c_al;
    special[3] = c_prop;
    for (i = 0; i < 4; i++)
      want[special[i]] = 1;
    for (i = 0; i < sub.n; i++)
      want[sub.v[i].s] = want[sub.v[i].o] = 1;
    if (d->by_class) {
      for (i = 0; i < nclasses && st == IGM_OK; i++)
        if (want[i]) {
          librdf_node *cls = node_make(d, i);
          st = cls ? collect_matching(d, RDF "type", cls, &types) : IGM_EINTERNAL;
          if (cls)
            librdf_free_node(cls);
        }
    } else {
      EdgeList all = {0};
      st = collect(d, RDF "type", &all);
      for (i = 0; i < all.n; i++)
        if (all.v[i].o < nclasses && want[all.v[i].o])
          edges_push(&types, all.v[i].s, all.v[i].o);
      free(all.v);
    }
    free(want);
    if (st != IGM_OK)
      goto done;
  }

  /* 1. type closure */
  {
    Adj a;
    Scratch sc;
    size_t ntypes = types.n;
    adj_build(&a, &sub, d->nnodes, 0);
    scratch_init(&sc, d->nnodes);
    for (i = 0; i < ntypes; i++) {
      size_t k = reach(&a, types.v[i].o, sc.stack, sc.seen, sc.out);
      for (j = 0; j < k; j++)
        if (sc.out[j] != types.v[i].o)
          derive(d, types.v[i].s, t_type, sc.out[j]);
    }
    scratch_free(&sc);
    adj_free(&a);
  }

  /* 2. inverse pairs: for each (p owl:inverseOf q), copy p edges reversed as q and back */
  for (i = 0; i < inv.n; i++) {
    size_t pp = inv.v[i].s, qq = inv.v[i].o, dir;
    for (dir = 0; dir < 2; dir++) {
      size_t from = dir ? qq : pp, to = dir ? pp : qq;
      EdgeList l = {0};
      char *piri;
      if (d->nodes[from].kind != 'U')
        continue;
      piri = igm_xmalloc(d->nodes[from].len + 1);
      memcpy(piri, d->text + d->nodes[from].off, d->nodes[from].len);
      piri[d->nodes[from].len] = '\0';
      st = collect(d, piri, &l);
      free(piri);
      if (st != IGM_OK) {
        free(l.v);
        goto done;
      }
      for (j = 0; j < l.n; j++)
        derive(d, l.v[j].o, to, l.v[j].s);
      free(l.v);
    }
  }

  /* 3. ig:inDocument: ancestors along is_part_of (asserted, or from has_part) typed Document */
  {
    EdgeList all = {0};
    Adj a;
    Scratch sc;
    unsigned char *done_n;
    for (i = 0; i < part.n; i++)
      edges_push(&all, part.v[i].s, part.v[i].o);
    for (i = 0; i < haspart.n; i++)
      edges_push(&all, haspart.v[i].o, haspart.v[i].s);
    adj_build(&a, &all, d->nnodes, 0);
    scratch_init(&sc, d->nnodes);
    done_n = igm_xmalloc(d->nnodes + 1);
    memset(done_n, 0, d->nnodes + 1);
    for (i = 0; i < all.n; i++) {
      size_t s = all.v[i].s, k;
      if (done_n[s])
        continue;
      done_n[s] = 1;
      k = reach(&a, s, sc.stack, sc.seen, sc.out);
      for (j = 0; j < k; j++)
        if (sc.out[j] != s && has_fact(d, sc.out[j], t_type, c_doc))
          derive(d, s, t_inDoc, sc.out[j]);
    }
    (void)t_part;
    free(done_n);
    scratch_free(&sc);
    adj_free(&a);
    free(all.v);
  }

  /* 4, 5. transitive closures */
  closure(d, &broader, t_btrans);
  closure(d, &suborg, t_tsub);

  /* 6. engagements: exactly one body/target/role each is the shapes' business; here every
   * combination present is used. */
  {
    size_t nn = d->nnodes;
    size_t *first_body = igm_xmalloc((nn + 1) * sizeof(size_t));
    Adj ab, at, ar;
    adj_build(&ab, &body, nn, 0);
    adj_build(&at, &target, nn, 0);
    adj_build(&ar, &role, nn, 0);
    free(first_body);
    for (i = 0; i < nn; i++) {
      size_t bi, ti, ri;
      if (ab.start[i] == ab.start[i + 1] || at.start[i] == at.start[i + 1])
        continue;
      for (ti = at.start[i]; ti < at.start[i + 1]; ti++) {
        size_t t = at.to[ti];
        int is_topic = has_fact(d, t, t_type, c_issue) || has_fact(d, t, t_type, c_al);
        int is_prop = has_fact(d, t, t_type, c_prop);
        int responsible = 0;
        for (ri = ar.start[i]; ri < ar.start[i + 1]; ri++)
          if (ar.to[ri] == r_resp)
            responsible = 1;
        for (bi = ab.start[i]; bi < ab.start[i + 1]; bi++) {
          if (is_topic)
            derive(d, ab.to[bi], t_addr, t);
          if (is_prop && responsible)
            derive(d, t, t_addrTo, ab.to[bi]);
        }
      }
    }
    adj_free(&ab);
    adj_free(&at);
    adj_free(&ar);
  }

  st = write_out(d);
done:
  free(types.v);
  free(sub.v);
  free(inv.v);
  free(part.v);
  free(haspart.v);
  free(broader.v);
  free(suborg.v);
  free(body.v);
  free(target.v);
  free(role.v);
  return st;
}

static IgmStatus derive_all(librdf_world *world, librdf_model *model, int by_class)
{
  Deriver d;
  IgmStatus st;
  memset(&d, 0, sizeof d);
  d.world = world;
  d.model = model;
  d.by_class = by_class;
  d.inferred = librdf_new_node_from_uri_string(world, (const unsigned char *)IGM_GRAPH_INFERRED);
  if (!by_class && librdf_model_context_remove_statements(model, d.inferred) != 0) {
    igm_error("cannot clear the derived graph");
    librdf_free_node(d.inferred);
    return IGM_EIO;
  }
  st = run(&d);
  for (size_t k = 0; k < sizeof d.made / sizeof d.made[0]; k++)
    if (d.made[k])
      librdf_free_node(d.made[k]);
  free(d.nodes);
  free(d.text);
  free(d.out.v);
  free(d.out_p);
  free(d.slots);
  free(d.asserted.v);
  free(d.derived.v);
  librdf_free_node(d.inferred);
  return st;
}

IgmStatus igm_derive(librdf_world *world, librdf_model *model)
{
  return derive_all(world, model, 0);
}

IgmStatus igm_derive_if_changed(librdf_world *world, librdf_model *model, IgmDeriveChanged changed,
                                void *ud)
{
  size_t i;
  librdf_node *inv;
  int touched = changed(ud, 1, IGM_GRAPH_INFERRED);
  for (i = 0; !touched && i < sizeof rule_predicates / sizeof rule_predicates[0]; i++)
    touched = changed(ud, 0, rule_predicates[i]);
  if (touched)
    return derive_all(world, model, 1);
  /* the predicates of owl:inverseOf pairs (few: read them) */
  inv = librdf_new_node_from_uri_string(world, (const unsigned char *)OWL "inverseOf");
  {
    librdf_statement *pat = librdf_new_statement_from_nodes(world, NULL, inv, NULL); /* owns inv */
    librdf_stream *st = pat ? librdf_model_find_statements(model, pat) : NULL;
    if (pat)
      librdf_free_statement(pat);
    if (!st)
      return derive_all(world, model, 1);
    for (; !touched && !librdf_stream_end(st); librdf_stream_next(st)) {
      librdf_statement *s = librdf_stream_get_object(st);
      librdf_node *a = librdf_statement_get_subject(s), *b = librdf_statement_get_object(s);
      if (a && librdf_node_is_resource(a))
        touched = changed(ud, 0, (const char *)librdf_uri_as_string(librdf_node_get_uri(a)));
      if (!touched && b && librdf_node_is_resource(b))
        touched = changed(ud, 0, (const char *)librdf_uri_as_string(librdf_node_get_uri(b)));
    }
    librdf_free_stream(st);
  }
  return touched ? derive_all(world, model, 1) : IGM_OK;
}
