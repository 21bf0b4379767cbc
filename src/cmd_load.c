/* cmd_load.c: igmap load [--graph IRI] [--format F] FILE... -- all files or nothing. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "store.h"
#include "util.h"

/* Expands a graph given as <iri>, pfx:local or a full IRI. */
static char *graph_arg(IgmStore *s, const char *arg)
{
  size_t n = strlen(arg);
  char *e;
  if (n >= 2 && arg[0] == '<' && arg[n - 1] == '>')
    return igm_strndup(arg + 1, n - 2);
  if (strstr(arg, "://") || strncmp(arg, "urn:", 4) == 0 || strncmp(arg, "file:", 5) == 0)
    return igm_strdup(arg);
  e = igm_store_expand(s, arg);
  return e;
}

static IgmStatus run(const IgmGlobal *g, int argc, char **argv)
{
  const char *graph = NULL, *format = NULL;
  const char **files = NULL;
  char *graph_iri = NULL;
  size_t nfiles = 0, k;
  IgmStore *s = NULL;
  IgmStatus st = IGM_OK;
  int i, dashdash = 0, progress = 0;
  files = igm_xmalloc((size_t)argc * sizeof *files);
  for (i = 1; i < argc; i++) {
    const char *v;
    if (!dashdash && strcmp(argv[i], "--") == 0) {
      dashdash = 1;
    } else if (!dashdash && igm_opt_value(argc, argv, &i, "--graph", "-g", &v, &st)) {
      if (st != IGM_OK)
        goto done;
      graph = v;
    } else if (!dashdash && igm_opt_value(argc, argv, &i, "--format", "-f", &v, &st)) {
      if (st != IGM_OK)
        goto done;
      format = v;
      if (!igm_syntax_canonical(format)) {
        st = igm_usage_error("load", "unknown RDF syntax '%s' (turtle, ntriples, nquads, trig, "
                                     "rdfxml)", format);
        goto done;
      }
    } else if (!dashdash && strcmp(argv[i], "--progress") == 0) {
      progress = 1;
    } else if (!dashdash && igm_is_option(argv[i])) {
      st = igm_usage_error("load", "unknown option '%s'", argv[i]);
      goto done;
    } else {
      files[nfiles++] = argv[i];
    }
  }
  if (nfiles == 0) {
    st = igm_usage_error("load", "no file to load (use '-' for standard input)");
    goto done;
  }
  if (graph && nfiles > 1) {
    st = igm_usage_error("load", "--graph names one graph, but %zu files were given", nfiles);
    goto done;
  }
  for (k = 0; k < nfiles; k++) {
    if (strcmp(files[k], "-") == 0 && !format) {
      st = igm_usage_error("load", "reading standard input needs --format");
      goto done;
    }
  }
  st = igm_store_open(g, IGM_OPEN_WRITE, &s);
  if (st != IGM_OK)
    goto done;
  igm_store_set_progress(s, progress ? IGM_PROGRESS_ON : IGM_PROGRESS_AUTO);
  if (graph) {
    graph_iri = graph_arg(s, graph);
    if (!graph_iri) {
      st = igm_usage_error("load", "graph '%s' is not an IRI or a known prefixed name", graph);
      goto done;
    }
  }
  for (k = 0; k < nfiles && st == IGM_OK; k++)
    st = igm_store_load_file(s, files[k], format, graph_iri);
  if (st == IGM_OK)
    st = igm_store_commit(s);
  if (st != IGM_OK && st != IGM_EUSAGE)
    igm_diag(IGM_DIAG_NOTE, NULL, 0, 0, "nothing was loaded; the store is unchanged");
done:
  igm_store_close(s);
  free(graph_iri);
  free(files);
  return st;
}

const IgmCmd igm_cmd_load = {
    "load", "load [--graph IRI] [--format F] [--progress] FILE...",
    "add RDF files to the store, each into its own named graph (all or nothing)",
    "Each file goes into graph:<file stem> (or --graph IRI); loading a graph again replaces it.\n"
    "TriG and N-Quads keep their own graphs. '-' reads standard input (needs --format).\n\n"
    "options:\n"
    "  -g, --graph IRI   the graph to load into: <iri>, a full IRI or a prefixed name\n"
    "  -f, --format F    turtle, ntriples, nquads, trig or rdfxml (default: by extension)\n"
    "  --progress        show progress on stderr even when it is not a terminal (loads\n"
    "                    longer than a second: triples, rate, elapsed)\n"
    "  --wait SECONDS    wait for another writer this long before giving up\n",
    IGM_CMD_NEEDS_STORE | IGM_CMD_WRITES_STORE, run};
