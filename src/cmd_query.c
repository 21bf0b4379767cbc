/* cmd_query.c: igmap query [--format F] [--param N=V]... [--data F]... [--named F]... [--check]
 *                          (-e TEXT | FILE | NAME | -) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "diag.h"
#include "format.h"
#include "params.h"
#include "query_exec.h"
#include "resolve.h"
#include "sparql_exec.h"
#include "store.h"
#include "util.h"

/* Where the query text comes from. */
typedef struct QuerySource {
  char *text;
  char *name;     /* for diagnostics */
  char *base_uri; /* resolves relative IRIs */
} QuerySource;

static int is_canned_name(const char *a)
{
  const char *p;
  if (!*a)
    return 0;
  for (p = a; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '-' || *p == '_'))
      return 0;
  return 1;
}

static IgmStatus read_source(const char *expr, const char *arg, QuerySource *qs)
{
  struct stat sb;
  memset(qs, 0, sizeof qs[0]);
  if (expr) {
    qs->text = igm_strdup(expr);
    qs->name = igm_strdup("-e");
    qs->base_uri = igm_file_uri("query.rq");
    return IGM_OK;
  }
  if (strcmp(arg, "-") == 0) {
    qs->text = igm_read_file("-", NULL);
    qs->name = igm_strdup("<stdin>");
    qs->base_uri = igm_file_uri("query.rq");
  } else if (stat(arg, &sb) == 0 || !is_canned_name(arg)) {
    if (stat(arg, &sb) == 0 && S_ISDIR(sb.st_mode)) {
      igm_diag(IGM_DIAG_ERROR, arg, 0, 0, "is a directory");
      return IGM_EIO;
    }
    qs->text = igm_read_file(arg, NULL);
    qs->name = igm_strdup(arg);
    qs->base_uri = igm_file_uri(arg);
    if (!qs->text) {
      igm_diag(IGM_DIAG_ERROR, arg, 0, 0, "cannot read query: %s", strerror(errno));
      return IGM_EIO;
    }
  } else {
    char *path = igm_printf("%s/queries/%s.rq", igm_home_dir(), arg);
    qs->text = igm_read_file(path, NULL);
    qs->name = igm_printf("queries/%s.rq", arg);
    qs->base_uri = igm_file_uri(path);
    free(path);
    if (!qs->text) {
      igm_error("no query file '%s' and no canned query named '%s' (see 'igmap help queries')",
                arg, arg);
      return IGM_EIO;
    }
  }
  if (!qs->text) {
    igm_error("cannot read the query from standard input: %s", strerror(errno));
    return IGM_EIO;
  }
  if (strlen(qs->text) == 0 && qs->text != NULL) {
    /* empty text is a syntax error, reported by the parser */
  }
  return IGM_OK;
}

static void free_source(QuerySource *qs)
{
  free(qs->text);
  free(qs->name);
  free(qs->base_uri);
}

static IgmStatus write_results(IgmResults *r, const char *format, IgmStore *prefixes)
{
  const IgmFormat *f;
  IgmStatus st;
  if (r->kind == IGM_RES_GRAPH) {
    IgmQuad *q;
    size_t i;
    f = igm_format_find(format ? format : "turtle", IGM_FMT_KIND_GRAPH);
    if (!f)
      return igm_usage_error("query",
                             "format '%s' is for SELECT and ASK; a graph result is written as "
                             "turtle, ntriples, nquads or rdfxml",
                             format);
    q = igm_xmalloc((r->ntriples + 1) * sizeof *q);
    for (i = 0; i < r->ntriples; i++) {
      q[i].s = librdf_statement_get_subject(r->triples[i]);
      q[i].p = librdf_statement_get_predicate(r->triples[i]);
      q[i].o = librdf_statement_get_object(r->triples[i]);
      q[i].g = NULL;
    }
    st = f->write_graph(stdout, q, r->ntriples, prefixes);
    free(q);
  } else {
    f = igm_format_find(format ? format : "table", IGM_FMT_KIND_RESULTS);
    if (!f)
      return igm_usage_error("query",
                             "format '%s' is for graphs; SELECT and ASK results are written as "
                             "table, csv, tsv, json or xml",
                             format);
    st = f->write_results(stdout, r, prefixes);
  }
  if (st == IGM_EIO)
    igm_error("cannot write to standard output: %s", strerror(errno ? errno : EIO));
  return st;
}

static IgmStatus run(const IgmGlobal *g, int argc, char **argv)
{
  const char *format = NULL, *expr = NULL, *arg = NULL;
  const char **data = igm_xmalloc((size_t)argc * sizeof *data);
  const char **named = igm_xmalloc((size_t)argc * sizeof *named);
  IgmParam *params = igm_xmalloc((size_t)argc * sizeof *params);
  size_t ndata = 0, nnamed = 0, nparams = 0, k;
  int check = 0, i;
  IgmStatus st = IGM_OK;
  QuerySource qs;
  IgmStore *store = NULL;
  IgmResults *res = NULL;
  IgmDataset ds;
  char *bound = NULL;
  char **dgraphs = NULL, **ngraphs = NULL;
  char **resolved = NULL; /* canned queries: parameter values resolved to IRIs */

  memset(&qs, 0, sizeof qs);
  memset(&ds, 0, sizeof ds);
  for (i = 1; i < argc; i++) {
    const char *v;
    if (igm_opt_value(argc, argv, &i, "--format", "-f", &v, &st)) {
      if (st != IGM_OK)
        goto done;
      format = v;
    } else if (igm_opt_value(argc, argv, &i, "--param", "-p", &v, &st)) {
      if (st != IGM_OK || (st = igm_param_parse(v, &params[nparams])) != IGM_OK)
        goto done;
      nparams++;
    } else if (igm_opt_value(argc, argv, &i, "--data", NULL, &v, &st)) {
      if (st != IGM_OK)
        goto done;
      data[ndata++] = v;
    } else if (igm_opt_value(argc, argv, &i, "--named", NULL, &v, &st)) {
      if (st != IGM_OK)
        goto done;
      named[nnamed++] = v;
    } else if (igm_opt_value(argc, argv, &i, "--expr", "-e", &v, &st)) {
      if (st != IGM_OK)
        goto done;
      if (expr || arg) {
        st = igm_usage_error("query", "give one query: -e TEXT, FILE, NAME or -");
        goto done;
      }
      expr = v;
    } else if (igm_opt_flag(argv, i, "--check", NULL)) {
      check = 1;
    } else if (igm_opt_flag(argv, i, "--explain", NULL)) {
      sp_set_explain(stderr);
    } else if (igm_is_option(argv[i])) {
      st = igm_usage_error("query", "unknown option '%s'", argv[i]);
      goto done;
    } else {
      if (expr || arg) {
        st = igm_usage_error("query", "give one query: -e TEXT, FILE, NAME or -");
        goto done;
      }
      arg = argv[i];
    }
  }
  if (format && strcmp(format, "help") == 0) {
    printf("SELECT and ASK results:\n");
    igm_format_list(stdout, IGM_FMT_KIND_RESULTS);
    printf("CONSTRUCT results:\n");
    igm_format_list(stdout, IGM_FMT_KIND_GRAPH);
    goto done;
  }
  if (format && !igm_format_find(format, IGM_FMT_KIND_RESULTS) &&
      !igm_format_find(format, IGM_FMT_KIND_GRAPH)) {
    st = igm_usage_error("query", "unknown format '%s' (see --format help)", format);
    goto done;
  }
  if (!expr && !arg) {
    st = igm_usage_error("query", "no query given: -e TEXT, FILE, NAME or -");
    goto done;
  }
  st = read_source(expr, arg, &qs);
  if (st != IGM_OK)
    goto done;

  if (check) {
    if (nparams) {
      /* parameters are bound against the project's prefixes only */
      IgmStore *scratch = NULL;
      st = igm_store_open_scratch(&scratch);
      if (st == IGM_OK)
        st = igm_params_bind(qs.text, params, nparams, scratch, &bound);
      igm_store_close(scratch);
      if (st != IGM_OK)
        goto done;
    }
    st = igm_query_check(bound ? bound : qs.text, qs.name, qs.base_uri);
    goto done;
  }

  if (ndata || nnamed) {
    st = igm_store_open_scratch(&store);
    if (st != IGM_OK)
      goto done;
    dgraphs = igm_xmalloc((ndata + 1) * sizeof *dgraphs);
    ngraphs = igm_xmalloc((nnamed + 1) * sizeof *ngraphs);
    for (k = 0; k < ndata && st == IGM_OK; k++) {
      st = igm_store_load_as_file_graph(store, data[k], &dgraphs[k]);
      if (st == IGM_OK)
        ds.ndefault++;
    }
    for (k = 0; k < nnamed && st == IGM_OK; k++) {
      st = igm_store_load_as_file_graph(store, named[k], &ngraphs[k]);
      if (st == IGM_OK)
        ds.nnamed++;
    }
    if (st != IGM_OK)
      goto done;
    ds.default_graphs = dgraphs;
    ds.named_graphs = ngraphs;
    ds.default_is_union = 0;
  } else {
    st = igm_store_open(g, IGM_OPEN_READ, &store);
    if (st != IGM_OK)
      goto done;
    ds.default_is_union = 1;
  }
  ds.world = igm_store_world(store);
  ds.model = igm_store_model(store);
  if (qs.name && strncmp(qs.name, "queries/", 8) == 0) {
    /* a canned query: its header types its parameters; resolve keys, labels and acronyms */
    st = igm_resolve_query_params(qs.text, params, nparams, store, &resolved);
    if (st != IGM_OK)
      goto done;
  }
  if (nparams) {
    st = igm_params_bind(qs.text, params, nparams, store, &bound);
    if (st != IGM_OK)
      goto done;
  }
  st = igm_query_execute(bound ? bound : qs.text, qs.name, qs.base_uri, &ds, &res);
  if (st != IGM_OK)
    goto done;
  st = write_results(res, format, store);
  if (st == IGM_OK && res->kind == IGM_RES_BOOLEAN && !res->boolean)
    st = IGM_NO;
done:
  igm_results_free(res);
  igm_store_close(store);
  if (dgraphs)
    igm_strv_free(dgraphs, ds.ndefault);
  if (ngraphs)
    igm_strv_free(ngraphs, ds.nnamed);
  igm_strv_free(resolved, nparams);
  free(bound);
  free_source(&qs);
  free(data);
  free(named);
  free(params);
  return st;
}

const IgmCmd igm_cmd_query = {
    "query",
    "query [--format F] [--param NAME=VALUE]... [--data FILE]... [--named FILE]... [--check] "
    "(-e TEXT | FILE | NAME | -)",
    "run a SPARQL query against the store, or against files",
    "The query comes from -e TEXT, a file, standard input (-), or NAME, a canned query in\n"
    "queries/ ('igmap help queries' lists them). In a store the default graph is the union of\n"
    "all graphs, graph:inferred included.\n\n"
    "options:\n"
    "  -f, --format F         table (default), csv, tsv, json, xml; for CONSTRUCT: turtle\n"
    "                         (default), ntriples, nquads, rdfxml; 'help' lists them\n"
    "  -p, --param NAME=VAL   bind ?NAME to one term: <iri>, pfx:local, a number, else a string\n"
    "  --data FILE            query FILE instead of the store (default graph; repeatable)\n"
    "  --named FILE           a named graph, named by the file's URI (repeatable)\n"
    "  --check                only parse the query: exit 0 (valid) or 3 (invalid)\n"
    "  --explain              print the plan on stderr: join orders and estimates, what\n"
    "                         igmap evaluates and the SPARQL rasqal runs\n"
    "  -e, --expr TEXT        the query text\n\n"
    "ASK exits 1 when the answer is no.\n",
    IGM_CMD_NEEDS_STORE, run};
