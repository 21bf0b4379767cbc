/* cmd_stats.c: igmap stats [--format F]: triples, graphs, instances per class, what was derived.
 * Written as a results table (section, item, count) through the result formats. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "format.h"
#include "store.h"
#include "strmap.h"
#include "util.h"

#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

typedef struct Stats {
  librdf_world *w;
  IgmResults *r;
} Stats;

static void add_row(Stats *s, const char *section, librdf_node *item, unsigned long count)
{
  librdf_node *row[3];
  char num[32];
  librdf_uri *xsd_int =
      librdf_new_uri(s->w, (const unsigned char *)"http://www.w3.org/2001/XMLSchema#integer");
  snprintf(num, sizeof num, "%lu", count);
  row[0] = librdf_new_node_from_literal(s->w, (const unsigned char *)section, NULL, 0);
  row[1] = item;
  row[2] = librdf_new_node_from_typed_literal(s->w, (const unsigned char *)num, NULL, xsd_int);
  librdf_free_uri(xsd_int);
  igm_results_add_row(s->r, row);
}

typedef struct Counter {
  char **keys;
  unsigned long *counts;
  size_t n;
  IgmStrMap index;
} Counter;

static void counter_add(Counter *c, const char *key, unsigned long by)
{
  size_t i;
  if (!igm_strmap_get(&c->index, key, &i)) {
    i = c->n++;
    c->keys = igm_xrealloc(c->keys, c->n * sizeof *c->keys);
    c->counts = igm_xrealloc(c->counts, c->n * sizeof *c->counts);
    c->keys[i] = igm_strdup(key);
    c->counts[i] = 0;
    igm_strmap_put(&c->index, key, i);
  }
  c->counts[i] += by;
}

static void counter_emit(Stats *s, Counter *c, const char *section)
{
  size_t *order = igm_xmalloc((c->n + 1) * sizeof *order), i, j;
  for (i = 0; i < c->n; i++)
    order[i] = i;
  /* by key, for a stable order */
  for (i = 1; i < c->n; i++)
    for (j = i; j > 0 && strcmp(c->keys[order[j - 1]], c->keys[order[j]]) > 0; j--) {
      size_t t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  for (i = 0; i < c->n; i++)
    add_row(s, section,
            librdf_new_node_from_uri_string(s->w, (const unsigned char *)c->keys[order[i]]),
            c->counts[order[i]]);
  free(order);
}

static void counter_free(Counter *c)
{
  size_t i;
  for (i = 0; i < c->n; i++)
    free(c->keys[i]);
  free(c->keys);
  free(c->counts);
  igm_strmap_free(&c->index);
}

static IgmStatus run(const IgmGlobal *g, int argc, char **argv)
{
  const char *format = "table";
  const IgmFormat *f;
  IgmStore *store = NULL;
  IgmStatus st = IGM_OK;
  Stats s;
  Counter graphs_c, classes, derived;
  IgmStrMap typed, triples;
  char **graphs = NULL;
  size_t ngraphs = 0, k;
  unsigned long total = 0;
  int i;
  memset(&graphs_c, 0, sizeof graphs_c);
  memset(&classes, 0, sizeof classes);
  memset(&derived, 0, sizeof derived);
  memset(&typed, 0, sizeof typed);
  memset(&triples, 0, sizeof triples);
  for (i = 1; i < argc; i++) {
    const char *v;
    if (igm_opt_value(argc, argv, &i, "--format", "-f", &v, &st)) {
      if (st != IGM_OK)
        return st;
      format = v;
    } else if (igm_is_option(argv[i])) {
      return igm_usage_error("stats", "unknown option '%s'", argv[i]);
    } else {
      return igm_usage_error("stats", "unexpected argument '%s'", argv[i]);
    }
  }
  f = igm_format_find(format, IGM_FMT_KIND_RESULTS);
  if (!f)
    return igm_usage_error("stats", "unknown format '%s' (table, csv, tsv, json, xml)", format);
  st = igm_store_open(g, IGM_OPEN_READ, &store);
  if (st != IGM_OK)
    return st;
  s.w = igm_store_world(store);
  s.r = igm_results_new(IGM_RES_BINDINGS);
  igm_results_add_var(s.r, "section");
  igm_results_add_var(s.r, "item");
  igm_results_add_var(s.r, "count");
  st = igm_store_graphs(store, &graphs, &ngraphs);
  for (k = 0; k < ngraphs && st == IGM_OK; k++) {
    librdf_node *ctx = librdf_new_node_from_uri_string(s.w, (const unsigned char *)graphs[k]);
    librdf_stream *str = librdf_model_context_as_stream(igm_store_model(store), ctx);
    int is_inf = strcmp(graphs[k], IGM_GRAPH_INFERRED) == 0;
    unsigned long n = 0;
    while (str && !librdf_stream_end(str)) {
      librdf_statement *x = librdf_stream_get_object(str);
      librdf_node *p = librdf_statement_get_predicate(x);
      librdf_node *o = librdf_statement_get_object(x);
      const char *piri = (const char *)librdf_uri_as_string(librdf_node_get_uri(p));
      char *nt = NULL;
      n++;
      {
        char *a = igm_node_ntriples(librdf_statement_get_subject(x));
        char *b = igm_node_ntriples(o);
        nt = igm_printf("%s %s %s", a, piri, b);
        free(a);
        free(b);
      }
      igm_strmap_put(&triples, nt, 1);
      free(nt);
      if (is_inf)
        counter_add(&derived, piri, 1);
      if (strcmp(piri, RDF_TYPE) == 0 && librdf_node_is_resource(o)) {
        char *sn = igm_node_ntriples(librdf_statement_get_subject(x));
        const char *cls = (const char *)librdf_uri_as_string(librdf_node_get_uri(o));
        char *key = igm_printf("%s %s", cls, sn);
        int added = 0;
        igm_strmap_intern(&typed, key, 1, &added);
        if (added)
          counter_add(&classes, cls, 1);
        free(key);
        free(sn);
      }
      librdf_stream_next(str);
    }
    if (str)
      librdf_free_stream(str);
    librdf_free_node(ctx);
    counter_add(&graphs_c, graphs[k], n);
    total += n;
  }
  if (st == IGM_OK) {
    add_row(&s, "store", librdf_new_node_from_literal(s.w, (const unsigned char *)"triples", NULL, 0),
            (unsigned long)triples.count);
    add_row(&s, "store", librdf_new_node_from_literal(s.w, (const unsigned char *)"quads", NULL, 0),
            total);
    add_row(&s, "store", librdf_new_node_from_literal(s.w, (const unsigned char *)"graphs", NULL, 0),
            (unsigned long)ngraphs);
    counter_emit(&s, &graphs_c, "graph");
    counter_emit(&s, &classes, "class");
    counter_emit(&s, &derived, "derived");
    st = f->write_results(stdout, s.r, store);
    if (st == IGM_EIO)
      igm_error("cannot write to standard output");
  }
  counter_free(&graphs_c);
  counter_free(&classes);
  counter_free(&derived);
  igm_strmap_free(&typed);
  igm_strmap_free(&triples);
  igm_strv_free(graphs, ngraphs);
  igm_results_free(s.r);
  igm_store_close(store);
  return st;
}

const IgmCmd igm_cmd_stats = {
    "stats", "stats [--format F]",
    "count triples, graphs, instances per class and derived triples",
    "Rows are (section, item, count): store totals (distinct triples, quads, graphs), each\n"
    "graph's size, instances per class (derived types included), and the derived triples of\n"
    "graph:inferred per property.\n\n"
    "options:\n"
    "  -f, --format F   table (default), csv, tsv, json, xml\n",
    IGM_CMD_NEEDS_STORE, run};
