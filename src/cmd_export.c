/* cmd_export.c: igmap export [--format F] [--graph IRI] [--asserted | --inferred] [-o FILE] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "format.h"
#include "store.h"
#include "util.h"

typedef struct Collected {
  librdf_statement **st;
  librdf_node **ctx;
  size_t n, cap;
} Collected;

static void collect_graph(IgmStore *s, librdf_node *ctx, Collected *c)
{
  librdf_stream *str = librdf_model_context_as_stream(igm_store_model(s), ctx);
  while (str && !librdf_stream_end(str)) {
    librdf_statement *x = librdf_stream_get_object(str);
    if (c->n == c->cap) {
      c->cap = c->cap ? c->cap * 2 : 1024;
      c->st = igm_xrealloc(c->st, c->cap * sizeof *c->st);
      c->ctx = igm_xrealloc(c->ctx, c->cap * sizeof *c->ctx);
    }
    c->st[c->n] = librdf_new_statement_from_statement(x);
    c->ctx[c->n] = ctx;
    c->n++;
    librdf_stream_next(str);
  }
  if (str)
    librdf_free_stream(str);
}

static char *graph_arg(IgmStore *s, const char *arg)
{
  size_t n = strlen(arg);
  if (n >= 2 && arg[0] == '<' && arg[n - 1] == '>')
    return igm_strndup(arg + 1, n - 2);
  if (strstr(arg, "://") || strncmp(arg, "urn:", 4) == 0 || strncmp(arg, "file:", 5) == 0)
    return igm_strdup(arg);
  return igm_store_expand(s, arg);
}

static IgmStatus run(const IgmGlobal *g, int argc, char **argv)
{
  const char *format = "turtle", *graph = NULL, *outpath = NULL;
  int asserted = 0, inferred = 0, i;
  IgmStatus st = IGM_OK;
  IgmStore *s = NULL;
  const IgmFormat *f;
  char **graphs = NULL, *graph_iri = NULL, *tmp = NULL;
  size_t ngraphs = 0, k;
  librdf_node **ctxs = NULL;
  Collected c;
  IgmQuad *q = NULL;
  FILE *out = stdout;

  memset(&c, 0, sizeof c);
  for (i = 1; i < argc; i++) {
    const char *v;
    if (igm_opt_value(argc, argv, &i, "--format", "-f", &v, &st)) {
      if (st != IGM_OK)
        return st;
      format = v;
    } else if (igm_opt_value(argc, argv, &i, "--graph", "-g", &v, &st)) {
      if (st != IGM_OK)
        return st;
      graph = v;
    } else if (igm_opt_value(argc, argv, &i, "--output", "-o", &v, &st)) {
      if (st != IGM_OK)
        return st;
      outpath = v;
    } else if (igm_opt_flag(argv, i, "--asserted", NULL)) {
      asserted = 1;
    } else if (igm_opt_flag(argv, i, "--inferred", NULL)) {
      inferred = 1;
    } else if (igm_is_option(argv[i])) {
      return igm_usage_error("export", "unknown option '%s'", argv[i]);
    } else {
      return igm_usage_error("export", "unexpected argument '%s'", argv[i]);
    }
  }
  if (strcmp(format, "help") == 0) {
    igm_format_list(stdout, IGM_FMT_KIND_GRAPH);
    return IGM_OK;
  }
  f = igm_format_find(format, IGM_FMT_KIND_GRAPH);
  if (!f)
    return igm_usage_error("export", "unknown format '%s' (turtle, ntriples, nquads, rdfxml)",
                           format);
  if (asserted && inferred)
    return igm_usage_error("export", "--asserted and --inferred exclude each other");
  if (graph && (asserted || inferred))
    return igm_usage_error("export", "--graph cannot be combined with --asserted or --inferred");

  st = igm_store_open(g, IGM_OPEN_READ, &s);
  if (st != IGM_OK)
    return st;
  if (graph) {
    graph_iri = graph_arg(s, graph);
    if (!graph_iri) {
      st = igm_usage_error("export", "graph '%s' is not an IRI or a known prefixed name", graph);
      goto done;
    }
  }
  st = igm_store_graphs(s, &graphs, &ngraphs);
  if (st != IGM_OK)
    goto done;
  if (graph_iri) {
    int found = 0;
    for (k = 0; k < ngraphs; k++)
      found |= strcmp(graphs[k], graph_iri) == 0;
    if (!found) {
      igm_error("the store has no graph <%s>", graph_iri);
      st = IGM_EUSAGE;
      goto done;
    }
  }
  ctxs = igm_xmalloc((ngraphs + 1) * sizeof *ctxs);
  for (k = 0; k < ngraphs; k++) {
    int is_inf = strcmp(graphs[k], IGM_GRAPH_INFERRED) == 0;
    ctxs[k] = librdf_new_node_from_uri_string(igm_store_world(s),
                                              (const unsigned char *)graphs[k]);
    if ((graph_iri && strcmp(graphs[k], graph_iri) != 0) || (asserted && is_inf) ||
        (inferred && !is_inf))
      continue;
    collect_graph(s, ctxs[k], &c);
  }
  q = igm_xmalloc((c.n + 1) * sizeof *q);
  for (k = 0; k < c.n; k++) {
    q[k].s = librdf_statement_get_subject(c.st[k]);
    q[k].p = librdf_statement_get_predicate(c.st[k]);
    q[k].o = librdf_statement_get_object(c.st[k]);
    q[k].g = c.ctx[k];
  }
  if (outpath) {
    int fd;
    tmp = igm_printf("%s.tmp-XXXXXX", outpath);
    fd = mkstemp(tmp);
    if (fd < 0 || !(out = fdopen(fd, "w"))) {
      igm_diag(IGM_DIAG_ERROR, outpath, 0, 0, "cannot write: %s", strerror(errno));
      if (fd >= 0)
        close(fd);
      free(tmp);
      tmp = NULL;
      out = stdout;
      st = IGM_EIO;
      goto done;
    }
  }
  st = f->write_graph(out, q, c.n, s);
  if (outpath) {
    if (fclose(out) != 0 && st == IGM_OK)
      st = IGM_EIO;
    out = stdout;
    if (st == IGM_OK && rename(tmp, outpath) != 0)
      st = IGM_EIO;
    if (st != IGM_OK) {
      igm_diag(IGM_DIAG_ERROR, outpath, 0, 0, "cannot write: %s", strerror(errno ? errno : EIO));
      unlink(tmp);
    }
  } else if (st != IGM_OK) {
    igm_error("cannot write to standard output: %s", strerror(errno ? errno : EIO));
  }
done:
  for (k = 0; k < c.n; k++)
    librdf_free_statement(c.st[k]);
  free(c.st);
  free(c.ctx);
  free(q);
  if (ctxs)
    for (k = 0; k < ngraphs; k++)
      librdf_free_node(ctxs[k]);
  free(ctxs);
  igm_strv_free(graphs, ngraphs);
  free(graph_iri);
  free(tmp);
  igm_store_close(s);
  return st;
}

const IgmCmd igm_cmd_export = {
    "export", "export [--format F] [--graph IRI] [--asserted | --inferred] [-o FILE]",
    "write the store, or one graph, as RDF (deterministic: same store, same bytes)",
    "options:\n"
    "  -f, --format F    turtle (default), ntriples, nquads (keeps graphs), rdfxml\n"
    "  -g, --graph IRI   only this graph (<iri>, a full IRI or a prefixed name)\n"
    "  --asserted        leave out the derived triples of graph:inferred\n"
    "  --inferred        only the derived triples\n"
    "  -o, --output FILE write to FILE (through a temporary file and a rename)\n",
    IGM_CMD_NEEDS_STORE, run};
