/* LABELS: unit store */
/* Tests of the "lmdb" librdf storage module through the librdf API (store_lmdb.h). */
#include "store_lmdb.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* librdf 1.0.17 leaks the node of every GRAPH pattern (rasqal_redland_init_triples_match never
 * frees it; redland-notes D11): keep LeakSanitizer quiet about that one library bug. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
  return "fast_unwind_on_malloc=0"; /* full stacks, so the suppression below can match */
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
  return "leak:rasqal_new_triples_match\n";
}

static int failures = 0;
static librdf_world *world = NULL;
static char root[512];
static int dir_counter = 0;

#define CHECK(cond)                                                                               \
  do {                                                                                            \
    if (!(cond)) {                                                                                \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                    \
      failures++;                                                                                 \
    }                                                                                             \
  } while (0)

/* ---------------------------------------------------------------- helpers */

static void new_dir(char *out, size_t n)
{
  snprintf(out, n, "%s/s%d", root, dir_counter++);
}

static librdf_storage *open_store(const char *dir, const char *mode)
{
  char opts[1024];
  snprintf(opts, sizeof opts, "dir='%s',%s", dir, mode);
  return librdf_new_storage(world, "lmdb", "igmap", opts);
}

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static librdf_node *uri(const char *s)
{
  return librdf_new_node_from_uri_string(world, (const unsigned char *)s);
}

static char *node_str(librdf_node *n)
{
  if (!n)
    return strdup("-");
  size_t len = 0;
  const unsigned char *a = NULL;
  const char *lang = NULL;
  const unsigned char *dt = NULL;
  char kind = '?';
  if (librdf_node_is_resource(n)) {
    kind = 'U';
    a = librdf_uri_as_counted_string(librdf_node_get_uri(n), &len);
  } else if (librdf_node_is_blank(n)) {
    kind = 'B';
    a = librdf_node_get_counted_blank_identifier(n, &len);
  } else {
    kind = 'L';
    a = librdf_node_get_literal_value_as_counted_string(n, &len);
    lang = librdf_node_get_literal_value_language(n);
    librdf_uri *u = librdf_node_get_literal_value_datatype_uri(n);
    dt = u ? librdf_uri_as_string(u) : NULL;
  }
  size_t cap = len + (lang ? strlen(lang) : 0) + (dt ? strlen((const char *)dt) : 0) + 16;
  char *r = malloc(cap);
  int k = snprintf(r, cap, "%c<", kind);
  memcpy(r + k, a ? (const void *)a : "", len);
  snprintf(r + (size_t)k + len, cap - (size_t)k - len, ">@%s^^%s", lang ? lang : "",
           dt ? (const char *)dt : "");
  return r;
}

static char *quad_str(librdf_statement *st, librdf_node *ctx)
{
  char *a = node_str(librdf_statement_get_subject(st));
  char *b = node_str(librdf_statement_get_predicate(st));
  char *c = node_str(librdf_statement_get_object(st));
  char *d = node_str(ctx);
  size_t n = strlen(a) + strlen(b) + strlen(c) + strlen(d) + 8;
  char *r = malloc(n);
  snprintf(r, n, "%s %s %s %s", a, b, c, d);
  free(a);
  free(b);
  free(c);
  free(d);
  return r;
}

static int cmp_str(const void *x, const void *y)
{
  return strcmp(*(char *const *)x, *(char *const *)y);
}

typedef struct StrList {
  char **v;
  size_t n, cap;
} StrList;

static void sl_add(StrList *l, char *s)
{
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 64;
    l->v = realloc(l->v, l->cap * sizeof *l->v);
  }
  l->v[l->n++] = s;
}

static void sl_free(StrList *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

static int sl_equal_sorted(StrList *a, StrList *b)
{
  if (a->n)
    qsort(a->v, a->n, sizeof *a->v, cmp_str);
  if (b->n)
    qsort(b->v, b->n, sizeof *b->v, cmp_str);
  if (a->n != b->n)
    return 0;
  for (size_t i = 0; i < a->n; i++)
    if (strcmp(a->v[i], b->v[i]))
      return 0;
  return 1;
}

/* Drain a stream into quad strings (the context from librdf_stream_get_context). */
static void drain(librdf_stream *s, StrList *out)
{
  if (!s)
    return;
  while (!librdf_stream_end(s)) {
    librdf_statement *st = librdf_stream_get_object(s);
    librdf_node *ctx = librdf_stream_get_context2(s);
    sl_add(out, quad_str(st, ctx));
    librdf_stream_next(s);
  }
  librdf_free_stream(s);
}

static int count_stream(librdf_stream *s)
{
  int n = 0;
  if (!s)
    return -1;
  while (!librdf_stream_end(s)) {
    n++;
    librdf_stream_next(s);
  }
  librdf_free_stream(s);
  return n;
}

/* ---------------------------------------------------------------- random data */

#define NNODES 40
#define NPRED 6
#define NGRAPH 4 /* graph 0 = default graph */

static librdf_node *subj_pool[NNODES], *pred_pool[NPRED], *obj_pool[NNODES], *graph_pool[NGRAPH];

static void make_pools(void)
{
  char buf[2048];
  for (int i = 0; i < NNODES; i++) {
    if (i % 5 == 4) {
      snprintf(buf, sizeof buf, "b%d", i);
      subj_pool[i] = librdf_new_node_from_blank_identifier(world, (const unsigned char *)buf);
    } else if (i % 7 == 3) {
      snprintf(buf, sizeof buf, "http://example.org/ü/名前/%d", i);
      subj_pool[i] = uri(buf);
    } else {
      snprintf(buf, sizeof buf, "http://example.org/s%d", i);
      subj_pool[i] = uri(buf);
    }
  }
  for (int i = 0; i < NPRED; i++) {
    snprintf(buf, sizeof buf, "http://example.org/p%d", i);
    pred_pool[i] = uri(buf);
  }
  graph_pool[0] = NULL;
  for (int i = 1; i < NGRAPH; i++) {
    snprintf(buf, sizeof buf, "http://example.org/graph/%d", i);
    graph_pool[i] = uri(buf);
  }
  librdf_uri *xint = librdf_new_uri(world, (const unsigned char *)"http://www.w3.org/2001/XMLSchema#integer");
  librdf_uri *xstr = librdf_new_uri(world, (const unsigned char *)"http://www.w3.org/2001/XMLSchema#string");
  for (int i = 0; i < NNODES; i++) {
    switch (i % 8) {
    case 0:
      obj_pool[i] = librdf_new_node_from_node(subj_pool[(i * 3) % NNODES]);
      break;
    case 1:
      snprintf(buf, sizeof buf, "plain %d", i);
      obj_pool[i] = librdf_new_node_from_literal(world, (const unsigned char *)buf, NULL, 0);
      break;
    case 2:
      snprintf(buf, sizeof buf, "label %d", i / 2);
      obj_pool[i] = librdf_new_node_from_typed_literal(world, (const unsigned char *)buf,
                                                       (i % 3) ? "en" : "en-GB", NULL);
      break;
    case 3:
      snprintf(buf, sizeof buf, "%d", i);
      obj_pool[i] = librdf_new_node_from_typed_literal(world, (const unsigned char *)buf, NULL, xint);
      break;
    case 4: {
      size_t n = 0;
      for (int k = 0; n + 40 < sizeof buf && k < 30; k++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "long text %d, part %d; ", i, k);
      obj_pool[i] = librdf_new_node_from_literal(world, (const unsigned char *)buf, NULL, 0);
      break;
    }
    case 5:
      snprintf(buf, sizeof buf, "Zürich “quoted” \"q\" \\ %d 日本", i);
      obj_pool[i] = librdf_new_node_from_typed_literal(world, (const unsigned char *)buf,
                                                       (i % 2) ? "de" : NULL, NULL);
      break;
    case 6:
      snprintf(buf, sizeof buf, "label %d", (i - 4) / 2); /* same text as a lang literal */
      obj_pool[i] = librdf_new_node_from_typed_literal(world, (const unsigned char *)buf, NULL,
                                                       (i % 3) ? xstr : NULL);
      break;
    default:
      snprintf(buf, sizeof buf, "b%d", (i + 1) % NNODES);
      obj_pool[i] = librdf_new_node_from_blank_identifier(world, (const unsigned char *)buf);
      break;
    }
  }
  librdf_free_node(obj_pool[NNODES - 1]);
  obj_pool[NNODES - 1] = librdf_new_node_from_literal(world, (const unsigned char *)"", NULL, 0);
  librdf_free_uri(xint);
  librdf_free_uri(xstr);
}

static void free_pools(void)
{
  for (int i = 0; i < NNODES; i++) {
    librdf_free_node(subj_pool[i]);
    librdf_free_node(obj_pool[i]);
  }
  for (int i = 0; i < NPRED; i++)
    librdf_free_node(pred_pool[i]);
  for (int i = 1; i < NGRAPH; i++)
    librdf_free_node(graph_pool[i]);
}

typedef struct Quad {
  int s, p, o, g;
} Quad;

static int quad_eq(const Quad *a, const Quad *b)
{
  return a->s == b->s && a->p == b->p && a->o == b->o && a->g == b->g;
}

static librdf_statement *make_stmt(int s, int p, int o)
{
  return librdf_new_statement_from_nodes(
      world, s >= 0 ? librdf_new_node_from_node(subj_pool[s]) : NULL,
      p >= 0 ? librdf_new_node_from_node(pred_pool[p]) : NULL,
      o >= 0 ? librdf_new_node_from_node(obj_pool[o]) : NULL);
}

/* Random quads, de-duplicated into ref (nref). Node equality in the pools is by index, except
 * object 8k (a copy of a subject) that may equal another; the reference compares strings. */
static int gen_quads(Quad *q, int n)
{
  for (int i = 0; i < n; i++) {
    q[i].s = (int)(rnd() % NNODES);
    q[i].p = (int)(rnd() % NPRED);
    q[i].o = (int)(rnd() % NNODES);
    q[i].g = (int)(rnd() % NGRAPH);
  }
  return n;
}

/* ---------------------------------------------------------------- tests */

static void test_patterns(void)
{
  char dir[600];
  enum { N = 700 };
  static Quad q[N];
  StrList ref = {0};
  new_dir(dir, sizeof dir);
  librdf_storage *s = open_store(dir, "new='yes',write='yes'");
  CHECK(s != NULL);
  if (!s)
    return;
  librdf_model *m = librdf_new_model(world, s, NULL);
  CHECK(m && librdf_model_supports_contexts(m));
  gen_quads(q, N);
  CHECK(librdf_model_transaction_start(m) == 0);
  for (int i = 0; i < N; i++) {
    librdf_statement *st = make_stmt(q[i].s, q[i].p, q[i].o);
    if (q[i].g)
      CHECK(librdf_model_context_add_statement(m, graph_pool[q[i].g], st) == 0);
    else
      CHECK(librdf_model_add_statement(m, st) == 0);
    /* add every tenth twice: must stay one quad */
    if (i % 10 == 0) {
      if (q[i].g)
        CHECK(librdf_model_context_add_statement(m, graph_pool[q[i].g], st) == 0);
      else
        CHECK(librdf_model_add_statement(m, st) == 0);
    }
    librdf_free_statement(st);
  }
  CHECK(librdf_model_transaction_commit(m) == 0);
  /* reference: distinct quad strings */
  for (int i = 0; i < N; i++) {
    int dup = 0;
    for (int j = 0; j < i && !dup; j++)
      dup = quad_eq(&q[i], &q[j]);
    if (dup)
      continue;
    librdf_statement *st = make_stmt(q[i].s, q[i].p, q[i].o);
    char *str = quad_str(st, graph_pool[q[i].g]);
    librdf_free_statement(st);
    int seen = 0;
    for (size_t k = 0; k < ref.n && !seen; k++)
      seen = strcmp(ref.v[k], str) == 0;
    if (seen)
      free(str);
    else
      sl_add(&ref, str);
  }
  CHECK(librdf_model_size(m) == (int)ref.n);
  {
    StrList all = {0}, copy = {0};
    drain(librdf_model_as_stream(m), &all);
    for (size_t i = 0; i < ref.n; i++)
      sl_add(&copy, strdup(ref.v[i]));
    CHECK(sl_equal_sorted(&all, &copy));
    sl_free(&all);
    sl_free(&copy);
  }
  /* every combination of bound parts, several samples each, incl. absent nodes */
  int combos_ok = 0;
  for (int mask = 0; mask < 16; mask++) {
    for (int sample = 0; sample < 25; sample++) {
      Quad pick = q[rnd() % N];
      int absent = sample == 24;
      librdf_node *absent_node = uri("http://example.org/absent");
      librdf_node *sn = (mask & 1) ? librdf_new_node_from_node(absent && mask == 1 ? absent_node : subj_pool[pick.s]) : NULL;
      librdf_node *pn = (mask & 2) ? librdf_new_node_from_node(pred_pool[pick.p]) : NULL;
      librdf_node *on = (mask & 4) ? librdf_new_node_from_node(obj_pool[pick.o]) : NULL;
      librdf_node *gn = (mask & 8) ? graph_pool[pick.g] : NULL;
      int gbound = (mask & 8) && gn != NULL; /* the default graph is not addressable here */
      librdf_statement *pat = librdf_new_statement_from_nodes(world, sn, pn, on);
      char *ps = node_str(librdf_statement_get_subject(pat));
      char *pp = node_str(librdf_statement_get_predicate(pat));
      char *po = node_str(librdf_statement_get_object(pat));
      char *pg = node_str(gn);
      StrList want = {0}, got = {0};
      for (size_t i = 0; i < ref.n; i++) {
        /* split the reference string back into its parts by comparing prefixes */
        char *r = ref.v[i];
        size_t lps = strlen(ps), lpp = strlen(pp), lpo = strlen(po);
        int ok = 1;
        char *cur = r;
        if (librdf_statement_get_subject(pat) && !(strncmp(cur, ps, lps) == 0 && cur[lps] == ' '))
          ok = 0;
        if (ok && (librdf_statement_get_predicate(pat) || librdf_statement_get_object(pat) || gbound)) {
          /* locate parts: subjects and predicates contain no spaces except in literals, and
           * only objects are literals; so split on the first two spaces and the last space */
          char *sp1 = strchr(r, ' ');
          char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
          char *spl = strrchr(r, ' ');
          if (!sp1 || !sp2 || !spl || spl <= sp2) {
            ok = 0;
          } else {
            if (librdf_statement_get_predicate(pat) &&
                !((size_t)(sp2 - sp1 - 1) == lpp && strncmp(sp1 + 1, pp, lpp) == 0))
              ok = 0;
            if (librdf_statement_get_object(pat) &&
                !((size_t)(spl - sp2 - 1) == lpo && strncmp(sp2 + 1, po, lpo) == 0))
              ok = 0;
            if (gbound && strcmp(spl + 1, pg) != 0)
              ok = 0;
          }
        }
        if (ok)
          sl_add(&want, strdup(r));
      }
      if (gbound)
        drain(librdf_model_find_statements_in_context(m, pat, gn), &got);
      else
        drain(librdf_model_find_statements(m, pat), &got);
      int eq = sl_equal_sorted(&want, &got);
      if (!eq)
        fprintf(stderr, "pattern mask %d sample %d: want %zu got %zu (%s %s %s %s)\n", mask,
                sample, want.n, got.n, ps, pp, po, pg);
      CHECK(eq);
      combos_ok += eq;
      /* with the graph unbound, the context-aware call with a NULL context agrees */
      if (!gbound) {
        StrList got2 = {0};
        drain(librdf_model_find_statements_in_context(m, pat, NULL), &got2);
        CHECK(sl_equal_sorted(&got2, &want));
        sl_free(&got2);
      }
      sl_free(&want);
      sl_free(&got);
      free(ps);
      free(pp);
      free(po);
      free(pg);
      librdf_free_statement(pat);
      librdf_free_node(absent_node);
    }
  }
  CHECK(combos_ok == 16 * 25);
  /* sources / arcs / targets iterators with contexts */
  for (int t = 0; t < 30; t++) {
    Quad pick = q[rnd() % N];
    librdf_iterator *it = librdf_model_get_sources(m, pred_pool[pick.p], obj_pool[pick.o]);
    int n = 0, found = 0;
    while (it && !librdf_iterator_end(it)) {
      librdf_node *node = librdf_iterator_get_object(it);
      librdf_node *ctx = librdf_iterator_get_context(it);
      n++;
      if (librdf_node_equals(node, subj_pool[pick.s]) &&
          ((ctx == NULL && pick.g == 0) || (ctx && pick.g && librdf_node_equals(ctx, graph_pool[pick.g]))))
        found = 1;
      librdf_iterator_next(it);
    }
    if (it)
      librdf_free_iterator(it);
    CHECK(found);
    librdf_statement *pat = make_stmt(-1, pick.p, pick.o);
    CHECK(count_stream(librdf_model_find_statements(m, pat)) == n);
    librdf_free_statement(pat);
    it = librdf_model_get_targets(m, subj_pool[pick.s], pred_pool[pick.p]);
    found = 0;
    while (it && !librdf_iterator_end(it)) {
      if (librdf_node_equals(librdf_iterator_get_object(it), obj_pool[pick.o]))
        found = 1;
      librdf_iterator_next(it);
    }
    if (it)
      librdf_free_iterator(it);
    CHECK(found);
    it = librdf_model_get_arcs(m, subj_pool[pick.s], obj_pool[pick.o]);
    found = 0;
    while (it && !librdf_iterator_end(it)) {
      if (librdf_node_equals(librdf_iterator_get_object(it), pred_pool[pick.p]))
        found = 1;
      librdf_iterator_next(it);
    }
    if (it)
      librdf_free_iterator(it);
    CHECK(found);
    CHECK(librdf_model_has_arc_out(m, subj_pool[pick.s], pred_pool[pick.p]));
    CHECK(librdf_model_has_arc_in(m, obj_pool[pick.o], pred_pool[pick.p]));
    librdf_statement *full = make_stmt(pick.s, pick.p, pick.o);
    CHECK(librdf_model_contains_statement(m, full));
    librdf_free_statement(full);
  }
  /* contexts */
  {
    librdf_iterator *it = librdf_model_get_contexts(m);
    int n = 0;
    while (it && !librdf_iterator_end(it)) {
      librdf_node *c = librdf_iterator_get_object(it);
      CHECK(c != NULL);
      n++;
      librdf_iterator_next(it);
    }
    if (it)
      librdf_free_iterator(it);
    CHECK(n == NGRAPH - 1);
  }
  /* statistics agree with counts */
  {
    IgmLmdbStats stats;
    CHECK(igm_lmdb_stats(s, &stats) == 0);
    CHECK(stats.quads == ref.n);
    uint64_t sum = 0;
    for (size_t i = 0; i < stats.graph_count; i++) {
      sum += stats.graphs[i].quads;
      uint64_t gs = 0;
      CHECK(igm_lmdb_graph_size(s, stats.graphs[i].graph, &gs) == 0 && gs == stats.graphs[i].quads);
      if (stats.graphs[i].graph) {
        librdf_stream *cs = librdf_model_context_as_stream(m, stats.graphs[i].graph);
        CHECK(count_stream(cs) == (int)stats.graphs[i].quads);
      }
    }
    CHECK(sum == ref.n);
    for (size_t i = 0; i < stats.predicate_count; i++) {
      IgmLmdbPredicateStat *ps = &stats.predicates[i];
      librdf_statement *pat = librdf_new_statement_from_nodes(world, NULL, librdf_new_node_from_node(ps->predicate), NULL);
      librdf_stream *st = librdf_model_find_statements(m, pat);
      /* distinct subjects and objects by brute force over strings */
      StrList subs = {0}, objs = {0};
      uint64_t n = 0;
      while (!librdf_stream_end(st)) {
        librdf_statement *x = librdf_stream_get_object(st);
        sl_add(&subs, node_str(librdf_statement_get_subject(x)));
        sl_add(&objs, node_str(librdf_statement_get_object(x)));
        n++;
        librdf_stream_next(st);
      }
      librdf_free_stream(st);
      librdf_free_statement(pat);
      qsort(subs.v, subs.n, sizeof *subs.v, cmp_str);
      qsort(objs.v, objs.n, sizeof *objs.v, cmp_str);
      uint64_t ds = 0, dob = 0;
      for (size_t k = 0; k < subs.n; k++)
        ds += k == 0 || strcmp(subs.v[k], subs.v[k - 1]) != 0;
      for (size_t k = 0; k < objs.n; k++)
        dob += k == 0 || strcmp(objs.v[k], objs.v[k - 1]) != 0;
      CHECK(n == ps->quads);
      CHECK(ds == ps->subjects);
      CHECK(dob == ps->objects);
      IgmLmdbPredicateStat one;
      CHECK(igm_lmdb_predicate_stats(s, ps->predicate, &one) == 0 && one.quads == ps->quads &&
            one.subjects == ps->subjects && one.objects == ps->objects);
      sl_free(&subs);
      sl_free(&objs);
    }
    igm_lmdb_stats_clear(&stats);
    igm_lmdb_stats_clear(NULL);
  }
  /* remove: the default-graph copy only; then a whole graph */
  {
    int before = librdf_model_size(m);
    Quad pick = {0, 0, 0, 0};
    for (int i = 0; i < N; i++)
      if (q[i].g == 0) {
        pick = q[i];
        break;
      }
    librdf_statement *st = make_stmt(pick.s, pick.p, pick.o);
    CHECK(librdf_model_remove_statement(m, st) == 0);
    CHECK(librdf_model_size(m) == before - 1);
    CHECK(librdf_model_remove_statement(m, st) == 0); /* absent: no change */
    CHECK(librdf_model_size(m) == before - 1);
    librdf_free_statement(st);
    uint64_t g1 = 0;
    CHECK(igm_lmdb_graph_size(s, graph_pool[1], &g1) == 0 && g1 > 0);
    CHECK(librdf_model_context_remove_statements(m, graph_pool[1]) == 0);
    CHECK(librdf_model_size(m) == before - 1 - (int)g1);
    CHECK(count_stream(librdf_model_context_as_stream(m, graph_pool[1])) == 0);
    /* the stats stay exact after removals */
    IgmLmdbStats stats;
    CHECK(igm_lmdb_stats(s, &stats) == 0);
    CHECK(stats.quads == (uint64_t)librdf_model_size(m));
    for (size_t i = 0; i < stats.predicate_count; i++) {
      librdf_statement *pat = librdf_new_statement_from_nodes(world, NULL, librdf_new_node_from_node(stats.predicates[i].predicate), NULL);
      CHECK(count_stream(librdf_model_find_statements(m, pat)) == (int)stats.predicates[i].quads);
      librdf_free_statement(pat);
    }
    igm_lmdb_stats_clear(&stats);
  }
  librdf_free_model(m);
  librdf_free_storage(s);
  /* reopen read-only: same content */
  s = open_store(dir, "write='no'");
  CHECK(s != NULL);
  if (s) {
    m = librdf_new_model(world, s, NULL);
    CHECK(librdf_model_size(m) > 0);
    librdf_statement *st = make_stmt(q[1].s, -1, -1);
    CHECK(count_stream(librdf_model_find_statements(m, st)) > 0);
    librdf_free_statement(st);
    st = make_stmt(q[1].s, q[1].p, q[1].o);
    CHECK(librdf_model_add_statement(m, st) != 0);
    librdf_free_statement(st);
    CHECK(igm_lmdb_last_error(NULL) == IGM_LMDB_READONLY);
    CHECK(librdf_model_transaction_start(m) != 0);
    librdf_free_model(m);
    librdf_free_storage(s);
  }
  sl_free(&ref);
}

static int meta_cb(const char *key, const char *value, void *ud)
{
  int *n = ud;
  (*n)++;
  return strncmp(key, "prefix:", 7) != 0 || value[0] == '\0';
}

static void test_meta_and_errors(void)
{
  char dir[600];
  const char *msg = NULL;
  new_dir(dir, sizeof dir);
  CHECK(open_store(dir, "write='no'") == NULL);
  CHECK(igm_lmdb_last_error(&msg) == IGM_LMDB_NOTFOUND);
  CHECK(msg && strstr(msg, "does not exist"));
  CHECK(librdf_new_storage(world, "lmdb", "igmap", "write='yes'") == NULL);
  CHECK(igm_lmdb_last_error(NULL) == IGM_LMDB_USAGE);
  librdf_storage *s = open_store(dir, "new='yes',write='yes'");
  CHECK(s != NULL);
  if (!s)
    return;
  CHECK(igm_lmdb_meta_put(s, "prefix:ig", "http://example.org/ig#") == 0);
  CHECK(igm_lmdb_meta_put(s, "prefix:rdfs", "http://www.w3.org/2000/01/rdf-schema#") == 0);
  CHECK(igm_lmdb_meta_put(s, "other", "x") == 0);
  char *v = igm_lmdb_meta_get(s, "prefix:ig");
  CHECK(v && strcmp(v, "http://example.org/ig#") == 0);
  free(v);
  CHECK(igm_lmdb_meta_get(s, "nope") == NULL && igm_lmdb_last_error(NULL) == IGM_LMDB_OK);
  int n = 0;
  CHECK(igm_lmdb_meta_foreach(s, "prefix:", meta_cb, &n) == 0 && n == 2);
  CHECK(igm_lmdb_meta_delete(s, "prefix:rdfs") == 0);
  CHECK(igm_lmdb_meta_delete(s, "prefix:rdfs") == 0);
  n = 0;
  CHECK(igm_lmdb_meta_foreach(s, "", meta_cb, &n) == 1 && n == 1); /* "other" sorts first */
  /* meta inside a rolled-back transaction disappears */
  librdf_model *m = librdf_new_model(world, s, NULL);
  CHECK(librdf_model_transaction_start(m) == 0);
  CHECK(igm_lmdb_in_transaction(s) == 1);
  CHECK(igm_lmdb_meta_put(s, "prefix:tmp", "t") == 0);
  v = igm_lmdb_meta_get(s, "prefix:tmp");
  CHECK(v && strcmp(v, "t") == 0);
  free(v);
  CHECK(librdf_model_transaction_start(m) != 0); /* no nesting */
  CHECK(librdf_model_transaction_rollback(m) == 0);
  CHECK(igm_lmdb_in_transaction(s) == 0);
  CHECK(igm_lmdb_meta_get(s, "prefix:tmp") == NULL);
  CHECK(librdf_model_transaction_commit(m) != 0);
  librdf_free_model(m);
  librdf_free_storage(s);
  /* new='yes' empties */
  s = open_store(dir, "new='yes',write='yes'");
  CHECK(s && igm_lmdb_meta_get(s, "prefix:ig") == NULL);
  if (s)
    librdf_free_storage(s);
  /* not an lmdb storage */
  librdf_storage *h = librdf_new_storage(world, "hashes", "x", "hash-type='memory'");
  IgmLmdbStats st;
  CHECK(igm_lmdb_stats(h, &st) != 0);
  CHECK(igm_lmdb_meta_get(h, "a") == NULL && igm_lmdb_last_error(NULL) == IGM_LMDB_USAGE);
  librdf_free_storage(h);
}

static void test_transactions(void)
{
  char dir[600];
  new_dir(dir, sizeof dir);
  librdf_storage *s = open_store(dir, "new='yes',write='yes'");
  CHECK(s != NULL);
  if (!s)
    return;
  librdf_model *m = librdf_new_model(world, s, NULL);
  librdf_node *g = uri("http://example.org/g");
  /* committed base */
  CHECK(librdf_model_transaction_start(m) == 0);
  for (int i = 0; i < 50; i++) {
    librdf_statement *st = make_stmt(i % NNODES, i % NPRED, (i * 7) % NNODES);
    CHECK(librdf_model_context_add_statement(m, g, st) == 0);
    librdf_free_statement(st);
  }
  CHECK(librdf_model_transaction_commit(m) == 0);
  int base = librdf_model_size(m);
  CHECK(base == 50);
  /* rolled back: nodes never seen before, reads inside see them */
  CHECK(librdf_model_transaction_start(m) == 0);
  librdf_node *fresh = uri("http://example.org/only-in-rolled-back");
  librdf_node *lit = librdf_new_node_from_literal(world, (const unsigned char *)"rolled back", NULL, 0);
  librdf_statement *st = librdf_new_statement_from_nodes(world, librdf_new_node_from_node(fresh),
                                                         librdf_new_node_from_node(pred_pool[0]),
                                                         librdf_new_node_from_node(lit));
  CHECK(librdf_model_context_add_statement(m, g, st) == 0);
  CHECK(librdf_model_size(m) == base + 1);
  CHECK(librdf_model_contains_statement(m, st));
  {
    /* a SPARQL query inside the write transaction sees its writes */
    librdf_query *qq = librdf_new_query(world, "sparql", NULL,
                                        (const unsigned char *)"SELECT ?o WHERE { <http://example.org/only-in-rolled-back> ?p ?o }", NULL);
    librdf_query_results *r = librdf_model_query_execute(m, qq);
    int rows = 0;
    while (r && !librdf_query_results_finished(r)) {
      rows++;
      librdf_query_results_next(r);
    }
    CHECK(rows == 1);
    if (r)
      librdf_free_query_results(r);
    librdf_free_query(qq);
  }
  /* a stream left open across the end of the transaction just ends */
  librdf_stream *open_stream = librdf_model_as_stream(m);
  CHECK(librdf_model_transaction_rollback(m) == 0);
  CHECK(open_stream && librdf_stream_end(open_stream));
  librdf_free_stream(open_stream);
  CHECK(librdf_model_size(m) == base);
  CHECK(!librdf_model_contains_statement(m, st));
  librdf_free_statement(st);
  /* new ids after a rollback decode to the right nodes (no stale cache) */
  CHECK(librdf_model_transaction_start(m) == 0);
  librdf_node *other = uri("http://example.org/after-rollback");
  librdf_node *lit2 = librdf_new_node_from_literal(world, (const unsigned char *)"after", NULL, 0);
  st = librdf_new_statement_from_nodes(world, librdf_new_node_from_node(other),
                                       librdf_new_node_from_node(pred_pool[1]),
                                       librdf_new_node_from_node(lit2));
  CHECK(librdf_model_context_add_statement(m, g, st) == 0);
  CHECK(librdf_model_transaction_commit(m) == 0);
  librdf_statement *pat = librdf_new_statement_from_nodes(world, librdf_new_node_from_node(other), NULL, NULL);
  StrList got = {0};
  drain(librdf_model_find_statements(m, pat), &got);
  CHECK(got.n == 1);
  if (got.n == 1) {
    char *want = quad_str(st, g);
    CHECK(strcmp(got.v[0], want) == 0);
    free(want);
  }
  sl_free(&got);
  librdf_free_statement(pat);
  librdf_free_statement(st);
  CHECK(librdf_model_size(m) == base + 1);
  /* replace a graph inside one transaction */
  CHECK(librdf_model_transaction_start(m) == 0);
  CHECK(librdf_model_context_remove_statements(m, g) == 0);
  CHECK(librdf_model_size(m) == 0);
  st = make_stmt(1, 1, 1);
  CHECK(librdf_model_context_add_statement(m, g, st) == 0);
  librdf_free_statement(st);
  CHECK(librdf_model_transaction_commit(m) == 0);
  CHECK(librdf_model_size(m) == 1);
  librdf_free_node(fresh);
  librdf_free_node(lit);
  librdf_free_node(other);
  librdf_free_node(lit2);
  librdf_free_node(g);
  librdf_free_model(m);
  librdf_free_storage(s);
}

/* Add n statements to graph gname in one transaction (helper for the process tests). */
static int load_graph(librdf_model *m, const char *gname, int n, int commit)
{
  librdf_node *g = uri(gname);
  char buf[200];
  int rc = librdf_model_transaction_start(m);
  for (int i = 0; rc == 0 && i < n; i++) {
    snprintf(buf, sizeof buf, "%s/item/%d", gname, i);
    librdf_statement *st = librdf_new_statement_from_nodes(
        world, uri(buf), librdf_new_node_from_node(pred_pool[i % NPRED]),
        librdf_new_node_from_literal(world, (const unsigned char *)buf, NULL, 0));
    rc = librdf_model_context_add_statement(m, g, st);
    librdf_free_statement(st);
  }
  if (rc == 0 && commit)
    rc = librdf_model_transaction_commit(m);
  librdf_free_node(g);
  return rc;
}

static void test_reader_snapshot(void)
{
  char dir[600];
  int to_child[2], to_parent[2];
  new_dir(dir, sizeof dir);
  librdf_storage *s = open_store(dir, "new='yes',write='yes'");
  CHECK(s != NULL);
  if (!s)
    return;
  librdf_model *m = librdf_new_model(world, s, NULL);
  CHECK(load_graph(m, "http://example.org/g1", 100, 1) == 0);
  CHECK(pipe(to_child) == 0 && pipe(to_parent) == 0);
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    char c = 0;
    int bad = 0;
    librdf_storage *rs = open_store(dir, "write='no'");
    librdf_model *rm = rs ? librdf_new_model(world, rs, NULL) : NULL;
    if (!rm)
      _exit(10);
    bad |= librdf_model_size(rm) != 100;
    librdf_stream *early = librdf_model_as_stream(rm); /* opened before the commit */
    if (write(to_parent[1], "r", 1) != 1 || read(to_child[0], &c, 1) != 1)
      _exit(11);
    /* the writer has committed 50 more quads and a new graph */
    bad |= (librdf_model_size(rm) != 100) << 1;
    bad |= (count_stream(early) != 100) << 2;
    bad |= (count_stream(librdf_model_as_stream(rm)) != 100) << 3;
    librdf_iterator *it = librdf_model_get_contexts(rm);
    int nc = 0;
    while (it && !librdf_iterator_end(it)) {
      nc++;
      librdf_iterator_next(it);
    }
    if (it)
      librdf_free_iterator(it);
    bad |= (nc != 1) << 4;
    librdf_free_model(rm);
    librdf_free_storage(rs);
    /* a fresh reader sees the commit */
    rs = open_store(dir, "write='no'");
    rm = rs ? librdf_new_model(world, rs, NULL) : NULL;
    bad |= (!rm || librdf_model_size(rm) != 150) << 5;
    if (rm)
      librdf_free_model(rm);
    if (rs)
      librdf_free_storage(rs);
    _exit(bad);
  }
  char c = 0;
  CHECK(read(to_parent[0], &c, 1) == 1);
  CHECK(load_graph(m, "http://example.org/g2", 50, 1) == 0);
  CHECK(librdf_model_size(m) == 150);
  CHECK(write(to_child[1], "c", 1) == 1);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
    fprintf(stderr, "reader snapshot child status %d\n", status);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  close(to_child[0]);
  close(to_child[1]);
  close(to_parent[0]);
  close(to_parent[1]);
  librdf_free_model(m);
  librdf_free_storage(s);
}

/* Check the store in dir: each graph g<i> holds 0 or exactly per quads; the stats agree. Returns
 * the number of complete graphs, or -1 on an inconsistency. */
static int verify_store(const char *dir, int per)
{
  librdf_storage *s = open_store(dir, "write='no'");
  if (!s)
    return -1;
  librdf_model *m = librdf_new_model(world, s, NULL);
  int graphs = 0, bad = 0;
  IgmLmdbStats stats;
  if (igm_lmdb_stats(s, &stats))
    bad = 1;
  uint64_t sum = 0;
  for (size_t i = 0; !bad && i < stats.graph_count; i++) {
    int n = count_stream(librdf_model_context_as_stream(m, stats.graphs[i].graph));
    if (n != per || stats.graphs[i].quads != (uint64_t)per)
      bad = 1;
    sum += stats.graphs[i].quads;
    graphs++;
  }
  if (!bad && (sum != stats.quads || librdf_model_size(m) != (int)sum ||
               count_stream(librdf_model_as_stream(m)) != (int)sum))
    bad = 1;
  /* the other indexes agree: every predicate's count through posg */
  for (size_t i = 0; !bad && i < stats.predicate_count; i++) {
    librdf_statement *pat = librdf_new_statement_from_nodes(world, NULL, librdf_new_node_from_node(stats.predicates[i].predicate), NULL);
    if (count_stream(librdf_model_find_statements(m, pat)) != (int)stats.predicates[i].quads)
      bad = 1;
    librdf_free_statement(pat);
  }
  igm_lmdb_stats_clear(&stats);
  librdf_free_model(m);
  librdf_free_storage(s);
  return bad ? -1 : graphs;
}

static void test_kill_writer(void)
{
  char dir[600];
  const int per = 3000;
  new_dir(dir, sizeof dir);
  librdf_storage *s = open_store(dir, "new='yes',write='yes'");
  CHECK(s != NULL);
  if (!s)
    return;
  librdf_model *m = librdf_new_model(world, s, NULL);
  CHECK(load_graph(m, "http://example.org/base", per, 1) == 0);
  librdf_free_model(m);
  librdf_free_storage(s);
  /* fixed points: right after start, mid-load, after the last add before commit */
  int points[3] = {0, per / 2, per};
  for (int k = 0; k < 3; k++) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
      librdf_storage *cs = open_store(dir, "write='yes',wait='10'");
      librdf_model *cm = cs ? librdf_new_model(world, cs, NULL) : NULL;
      if (!cm)
        _exit(3);
      load_graph(cm, "http://example.org/killed", points[k], 0);
      kill(getpid(), SIGKILL);
      _exit(4);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    CHECK(verify_store(dir, per) == 1);
  }
  /* random points: a child commits graph after graph until killed */
  int committed_max = 1;
  for (int k = 0; k < 6; k++) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
      librdf_storage *cs = open_store(dir, "write='yes',wait='10'");
      librdf_model *cm = cs ? librdf_new_model(world, cs, NULL) : NULL;
      if (!cm)
        _exit(3);
      char name[100];
      for (int i = 0;; i++) {
        snprintf(name, sizeof name, "http://example.org/run%d/g%d", k, i);
        if (load_graph(cm, name, per, 1))
          _exit(5);
      }
    }
    struct timespec nap = {0, (long)(10 + 60 * k) * 1000 * 1000};
    nanosleep(&nap, NULL);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    int graphs = verify_store(dir, per);
    CHECK(graphs >= committed_max);
    if (graphs > committed_max)
      committed_max = graphs;
  }
  /* the killed writers left no stale lock */
  s = open_store(dir, "write='yes',wait='0'");
  CHECK(s != NULL);
  if (s)
    librdf_free_storage(s);
}

static double now_s(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_lock(void)
{
  char dir[600];
  int p[2];
  new_dir(dir, sizeof dir);
  librdf_storage *s = open_store(dir, "new='yes',write='yes'");
  CHECK(s != NULL);
  if (!s)
    return;
  librdf_model *m = librdf_new_model(world, s, NULL);
  CHECK(load_graph(m, "http://example.org/g", 10, 1) == 0);
  /* contention from another process while we hold the lock */
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    int bad = 0;
    double t0 = now_s();
    librdf_storage *cs = open_store(dir, "write='yes',wait='0'");
    const char *msg = NULL;
    bad |= cs != NULL;
    bad |= (igm_lmdb_last_error(&msg) != IGM_LMDB_LOCKED) << 1;
    bad |= (!msg || strcmp(msg, "store is locked by another writer") != 0) << 2;
    bad |= (now_s() - t0 > 2.0) << 3; /* generous: sanitizer builds on a busy machine */
    t0 = now_s();
    cs = open_store(dir, "write='yes',wait='0.6'");
    double dt = now_s() - t0;
    bad |= (cs != NULL) << 4;
    bad |= (dt < 0.55 || dt > 6) << 5;
    /* readers never wait */
    t0 = now_s();
    cs = open_store(dir, "write='no'");
    librdf_model *cm = cs ? librdf_new_model(world, cs, NULL) : NULL;
    bad |= (!cm || librdf_model_size(cm) != 10 || now_s() - t0 > 2.0) << 6;
    if (cm)
      librdf_free_model(cm);
    if (cs)
      librdf_free_storage(cs);
    _exit(bad);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
    fprintf(stderr, "lock child status %d\n", status);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  /* a waiting writer gets the lock when the holder lets go */
  CHECK(pipe(p) == 0);
  fflush(NULL);
  pid = fork();
  if (pid == 0) {
    char c;
    if (read(p[0], &c, 1) != 1)
      _exit(9);
    librdf_storage *cs = open_store(dir, "write='yes',wait='10'");
    if (!cs) {
      const char *msg = NULL;
      igm_lmdb_last_error(&msg);
      fprintf(stderr, "waiting writer: %s\n", msg);
      _exit(1);
    }
    librdf_model *cm = librdf_new_model(world, cs, NULL);
    int rc = load_graph(cm, "http://example.org/g2", 5, 1);
    librdf_free_model(cm);
    librdf_free_storage(cs);
    _exit(rc ? 2 : 0);
  }
  CHECK(write(p[1], "go", 1) == 1);
  struct timespec nap = {0, 300 * 1000 * 1000};
  nanosleep(&nap, NULL);
  librdf_free_model(m);
  librdf_free_storage(s);
  waitpid(pid, &status, 0);
  if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
    fprintf(stderr, "waiting writer child status %d\n", status);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  close(p[0]);
  close(p[1]);
  s = open_store(dir, "write='no'");
  m = s ? librdf_new_model(world, s, NULL) : NULL;
  CHECK(m && librdf_model_size(m) == 15);
  if (m)
    librdf_free_model(m);
  if (s)
    librdf_free_storage(s);
}

static void test_nospc(void)
{
  char dir[600];
  new_dir(dir, sizeof dir);
  librdf_storage *s = open_store(dir, "new='yes',write='yes'");
  CHECK(s != NULL);
  if (!s)
    return;
  librdf_model *m = librdf_new_model(world, s, NULL);
  CHECK(load_graph(m, "http://example.org/base", 500, 1) == 0);
  librdf_free_model(m);
  librdf_free_storage(s);
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    /* a file size limit stands in for a full disk: writes past it fail with EFBIG */
    char path[700];
    struct stat sb;
    snprintf(path, sizeof path, "%s/data.mdb", dir);
    if (stat(path, &sb))
      _exit(20);
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {(rlim_t)sb.st_size + 64 * 1024, (rlim_t)sb.st_size + 64 * 1024};
    librdf_storage *cs = open_store(dir, "write='yes'");
    if (!cs)
      _exit(21);
    if (setrlimit(RLIMIT_FSIZE, &rl))
      _exit(22);
    librdf_model *cm = librdf_new_model(world, cs, NULL);
    int rc = load_graph(cm, "http://example.org/big", 20000, 0);
    if (rc == 0)
      rc = librdf_model_transaction_commit(cm);
    const char *msg = NULL;
    int code = igm_lmdb_last_error(&msg);
    if (rc == 0)
      _exit(23);
    if (code != IGM_LMDB_NOSPC)
      fprintf(stderr, "nospc child: %s\n", msg);
    if (igm_lmdb_in_transaction(cs))
      librdf_model_transaction_rollback(cm);
    librdf_free_model(cm);
    librdf_free_storage(cs);
    _exit(code == IGM_LMDB_NOSPC ? 0 : 30 + code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
    fprintf(stderr, "nospc child status %d\n", status);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK(verify_store(dir, 500) == 1);
  /* and the store still takes writes */
  s = open_store(dir, "write='yes'");
  m = s ? librdf_new_model(world, s, NULL) : NULL;
  CHECK(m && load_graph(m, "http://example.org/after", 500, 1) == 0);
  if (m)
    librdf_free_model(m);
  if (s)
    librdf_free_storage(s);
  CHECK(verify_store(dir, 500) == 2);
}

/* Rows of a SELECT as sorted strings. */
static void query_rows(librdf_model *m, const char *q, StrList *out)
{
  librdf_query *qq = librdf_new_query(world, "sparql", NULL, (const unsigned char *)q, NULL);
  librdf_query_results *r = qq ? librdf_model_query_execute(m, qq) : NULL;
  CHECK(r != NULL);
  while (r && !librdf_query_results_finished(r)) {
    int n = librdf_query_results_get_bindings_count(r);
    char row[8192] = "";
    size_t len = 0;
    for (int i = 0; i < n; i++) {
      librdf_node *v = librdf_query_results_get_binding_value(r, i);
      char *str = node_str(v);
      len += (size_t)snprintf(row + len, sizeof row - len > 0 ? sizeof row - len : 0, "%s|", str);
      if (len >= sizeof row)
        len = sizeof row - 1;
      free(str);
      if (v)
        librdf_free_node(v);
    }
    sl_add(out, strdup(row));
    librdf_query_results_next(r);
  }
  if (r)
    librdf_free_query_results(r);
  if (qq)
    librdf_free_query(qq);
}

static void test_sparql_vs_hashes(void)
{
  char dir[600];
  enum { N = 400 };
  static Quad q[N];
  new_dir(dir, sizeof dir);
  librdf_storage *ls = open_store(dir, "new='yes',write='yes'");
  librdf_storage *hs = librdf_new_storage(world, "hashes", "cmp", "hash-type='memory',contexts='yes'");
  CHECK(ls && hs);
  if (!ls || !hs)
    return;
  librdf_model *lm = librdf_new_model(world, ls, NULL);
  librdf_model *hm = librdf_new_model(world, hs, NULL);
  gen_quads(q, N);
  CHECK(librdf_model_transaction_start(lm) == 0);
  for (int i = 0; i < N; i++)
    if (q[i].g == 0)
      q[i].g = 1; /* hashes with contexts wants one */
  StrList seen = {0};
  for (int i = 0; i < N; i++) {
    librdf_statement *st = make_stmt(q[i].s, q[i].p, q[i].o);
    char *key = quad_str(st, graph_pool[q[i].g]);
    int dup = 0;
    for (size_t j = 0; j < seen.n && !dup; j++)
      dup = strcmp(seen.v[j], key) == 0;
    if (dup) { /* hashes keeps duplicates in contexts; give both the same set */
      free(key);
      librdf_free_statement(st);
      continue;
    }
    sl_add(&seen, key);
    CHECK(librdf_model_context_add_statement(lm, graph_pool[q[i].g], st) == 0);
    CHECK(librdf_model_context_add_statement(hm, graph_pool[q[i].g], st) == 0);
    librdf_free_statement(st);
  }
  CHECK(librdf_model_transaction_commit(lm) == 0);
  sl_free(&seen);
  const char *queries[] = {
      "SELECT ?s ?o WHERE { ?s <http://example.org/p1> ?o }",
      "SELECT ?s ?o ?x WHERE { ?s <http://example.org/p1> ?o . ?o <http://example.org/p2> ?x }",
      "SELECT ?g ?s WHERE { GRAPH ?g { ?s <http://example.org/p3> ?o } }",
      "SELECT ?s ?p WHERE { GRAPH <http://example.org/graph/2> { ?s ?p \"label 1\"@en } }",
      "SELECT ?s ?l WHERE { ?s ?p ?l FILTER(LANG(?l) = \"de\") }",
      "SELECT ?s ?o ?z WHERE { ?s <http://example.org/p0> ?o OPTIONAL { ?o <http://example.org/p4> ?z } }",
      "SELECT ?p (COUNT(?s) AS ?c) WHERE { ?s ?p ?o } GROUP BY ?p",
      "SELECT ?s WHERE { ?s ?p <http://example.org/s3> }",
      "SELECT ?s ?o WHERE { ?s <http://example.org/p5> ?o FILTER(isLiteral(?o) && STRLEN(STR(?o)) > 600) }",
      "SELECT ?g (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
      "SELECT ?o WHERE { <http://example.org/s1> ?p ?o }",
  };
  for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
    StrList a = {0}, b = {0};
    query_rows(lm, queries[i], &a);
    query_rows(hm, queries[i], &b);
    int eq = sl_equal_sorted(&a, &b);
    if (!eq) {
      fprintf(stderr, "query %zu differs: lmdb %zu rows, hashes %zu rows\n", i, a.n, b.n);
      for (size_t k = 0; k < a.n || k < b.n; k++)
        fprintf(stderr, "  %s\n  %s\n", k < a.n ? a.v[k] : "", k < b.n ? b.v[k] : "");
    }
    CHECK(eq);
    CHECK(a.n > 0 || i == 3 || i == 7 || i == 10);
    sl_free(&a);
    sl_free(&b);
  }
  librdf_free_model(lm);
  librdf_free_model(hm);
  librdf_free_storage(ls);
  librdf_free_storage(hs);
}

static int quiet_logger(void *ud, librdf_log_message *msg)
{
  (void)ud;
  if (librdf_log_message_level(msg) >= LIBRDF_LOG_ERROR)
    fprintf(stderr, "librdf: %s\n", librdf_log_message_message(msg));
  return 1;
}

/* context_add_statements from a parser stream (the bulk path, in batches): duplicates inside
 * the stream, across batches and against stored quads count once; statistics stay exact. */
static void test_bulk(void)
{
  enum { NS = 300, NP = 4, NO = 120, LINES = 140000 };
  static unsigned char present[NS][NP][NO];
  char dir[600];
  new_dir(dir, sizeof dir);
  librdf_storage *s = open_store(dir, "new='yes',write='yes'");
  CHECK(s != NULL);
  if (!s)
    return;
  librdf_model *m = librdf_new_model(world, s, NULL);
  librdf_node *g = uri("http://example.org/bulk");
  memset(present, 0, sizeof present);
  /* some quads stored one by one first */
  char line[300];
  for (int i = 0; i < 500; i++) {
    int a = (int)(rnd() % NS), b = (int)(rnd() % NP), c = (int)(rnd() % NO);
    snprintf(line, sizeof line, "http://example.org/x/s%d", a);
    librdf_node *sn = uri(line);
    snprintf(line, sizeof line, "http://example.org/x/p%d", b);
    librdf_node *pn = uri(line);
    snprintf(line, sizeof line, "v%d", c);
    librdf_node *on = librdf_new_node_from_typed_literal(world, (const unsigned char *)line, "en", NULL);
    librdf_statement *st = librdf_new_statement_from_nodes(world, sn, pn, on);
    CHECK(librdf_model_context_add_statement(m, g, st) == 0);
    librdf_free_statement(st);
    present[a][b][c] = 1;
  }
  size_t cap = (size_t)LINES * 80, len = 0;
  char *text = malloc(cap);
  for (int i = 0; i < LINES; i++) {
    int a = (int)(rnd() % NS), b = (int)(rnd() % NP), c = (int)(rnd() % NO);
    len += (size_t)snprintf(text + len, cap - len,
                            "<http://example.org/x/s%d> <http://example.org/x/p%d> \"v%d\"@en .\n", a, b, c);
    present[a][b][c] = 1;
  }
  librdf_parser *p = librdf_new_parser(world, "ntriples", NULL, NULL);
  librdf_uri *base = librdf_new_uri(world, (const unsigned char *)"http://example.org/");
  librdf_stream *st = librdf_parser_parse_counted_string_as_stream(p, (const unsigned char *)text, len, base);
  CHECK(librdf_model_transaction_start(m) == 0);
  CHECK(librdf_model_context_add_statements(m, g, st) == 0);
  librdf_free_stream(st);
  int in_txn = librdf_model_size(m);
  CHECK(librdf_model_transaction_commit(m) == 0);
  uint64_t distinct = 0, quads[NP] = {0}, subs[NP] = {0}, objs[NP] = {0};
  for (int b = 0; b < NP; b++) {
    for (int a = 0; a < NS; a++) {
      int any = 0;
      for (int c = 0; c < NO; c++) {
        quads[b] += present[a][b][c];
        any |= present[a][b][c];
      }
      subs[b] += (uint64_t)any;
    }
    for (int c = 0; c < NO; c++) {
      int any = 0;
      for (int a = 0; a < NS; a++)
        any |= present[a][b][c];
      objs[b] += (uint64_t)any;
    }
    distinct += quads[b];
  }
  CHECK(in_txn == (int)distinct);
  CHECK(librdf_model_size(m) == (int)distinct);
  CHECK(count_stream(librdf_model_as_stream(m)) == (int)distinct);
  for (int b = 0; b < NP; b++) {
    snprintf(line, sizeof line, "http://example.org/x/p%d", b);
    librdf_node *pn = uri(line);
    IgmLmdbPredicateStat ps;
    CHECK(igm_lmdb_predicate_stats(s, pn, &ps) == 0);
    CHECK(ps.quads == quads[b] && ps.subjects == subs[b] && ps.objects == objs[b]);
    librdf_statement *pat = librdf_new_statement_from_nodes(world, NULL, pn, NULL);
    CHECK(count_stream(librdf_model_find_statements(m, pat)) == (int)quads[b]);
    librdf_free_statement(pat);
  }
  /* loading the same text again changes nothing */
  st = librdf_parser_parse_counted_string_as_stream(p, (const unsigned char *)text, len, base);
  CHECK(librdf_model_context_add_statements(m, g, st) == 0);
  librdf_free_stream(st);
  CHECK(librdf_model_size(m) == (int)distinct);
  free(text);
  librdf_free_uri(base);
  librdf_free_parser(p);
  librdf_free_node(g);
  librdf_free_model(m);
  librdf_free_storage(s);
}

static void rm_rf(const char *path)
{
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", path);
}

int main(void)
{
  const char *tmp = getenv("TMPDIR");
  snprintf(root, sizeof root, "%s/igm-lmdb-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(root)) {
    perror("mkdtemp");
    return 1;
  }
  world = librdf_new_world();
  librdf_world_open(world);
  librdf_world_set_logger(world, NULL, quiet_logger);
  if (igm_lmdb_register(world) != 0) {
    fprintf(stderr, "register failed\n");
    return 1;
  }
  make_pools();
  const char *only = getenv("IGM_TEST_ONLY"); /* run one test by name while debugging */
#define RUN(t)                                                                                    \
  if (!only || strcmp(only, #t) == 0)                                                            \
  t()
  RUN(test_meta_and_errors);
  RUN(test_patterns);
  RUN(test_transactions);
  RUN(test_bulk);
  RUN(test_sparql_vs_hashes);
  RUN(test_reader_snapshot);
  RUN(test_lock);
  RUN(test_kill_writer);
  RUN(test_nospc);
  free_pools();
  librdf_free_world(world);
  rm_rf(root);
  if (failures)
    fprintf(stderr, "%d check(s) failed\n", failures);
  else
    printf("all store_lmdb checks passed\n");
  return failures ? 1 : 0;
}
