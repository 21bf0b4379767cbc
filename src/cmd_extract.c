/* cmd_extract.c: igmap extract [--doc KEY] [--title T] [--format turtle|ntriples] [--load]
 *                [--bodies FILE] [--aliases FILE] FILE|-
 * Runs extract.c on a document's text and writes the triples, sorted, with the project's
 * prefixes; or, with --load, adds them to the store in graph:extract/KEY. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "extract.h"
#include "format.h"
#include "store.h"
#include "util.h"

#define X_RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define X_IG_BODY "https://w3id.org/igmap/def/ig#Body"
static const char *const label_props[] = {"http://www.w3.org/2000/01/rdf-schema#label",
                                          "http://www.w3.org/2004/02/skos/core#prefLabel",
                                          "http://www.w3.org/2004/02/skos/core#altLabel"};

typedef struct Collect {
  librdf_world *world;
  IgmQuad *q;
  size_t n, cap;
} Collect;

static librdf_node *iri_node(librdf_world *w, const char *iri)
{
  return librdf_new_node_from_uri_string(w, (const unsigned char *)iri);
}

static IgmStatus collect(void *ctx, const char *s, const char *p, const IgmExtractTerm *o)
{
  Collect *c = ctx;
  librdf_node *ns = iri_node(c->world, s), *np = iri_node(c->world, p), *no = NULL;
  if (o->is_iri) {
    no = iri_node(c->world, o->value);
  } else if (o->datatype) {
    librdf_uri *dt = librdf_new_uri(c->world, (const unsigned char *)o->datatype);
    if (dt)
      no = librdf_new_node_from_typed_literal(c->world, (const unsigned char *)o->value, NULL, dt);
    if (dt)
      librdf_free_uri(dt);
  } else {
    no = librdf_new_node_from_literal(c->world, (const unsigned char *)o->value, o->lang, 0);
  }
  if (!ns || !np || !no) {
    if (ns)
      librdf_free_node(ns);
    if (np)
      librdf_free_node(np);
    if (no)
      librdf_free_node(no);
    return IGM_EINTERNAL;
  }
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 256;
    c->q = igm_xrealloc(c->q, c->cap * sizeof *c->q);
  }
  c->q[c->n].s = ns;
  c->q[c->n].p = np;
  c->q[c->n].o = no;
  c->q[c->n].g = NULL;
  c->n++;
  return IGM_OK;
}

static void collect_free(Collect *c)
{
  for (size_t i = 0; i < c->n; i++) {
    librdf_free_node(c->q[i].s);
    librdf_free_node(c->q[i].p);
    librdf_free_node(c->q[i].o);
  }
  free(c->q);
  c->q = NULL;
  c->n = c->cap = 0;
}

/* The bodies of a model: every (IRI, name) of an ig:Body's label, prefLabel and altLabel. */
typedef struct Bodies {
  IgmExtractBody *v;
  size_t n, cap;
} Bodies;

static void bodies_add(Bodies *b, const char *iri, const char *name)
{
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 64;
    b->v = igm_xrealloc(b->v, b->cap * sizeof *b->v);
  }
  b->v[b->n].iri = igm_strdup(iri);
  b->v[b->n].name = igm_strdup(name);
  b->n++;
}

static void bodies_free(Bodies *b)
{
  for (size_t i = 0; i < b->n; i++) {
    free((char *)b->v[i].iri);
    free((char *)b->v[i].name);
  }
  free(b->v);
}

static IgmStatus bodies_from_model(librdf_world *w, librdf_model *m, Bodies *out)
{
  librdf_node *type = iri_node(w, X_RDF_TYPE), *body = iri_node(w, X_IG_BODY);
  librdf_iterator *it = NULL;
  IgmStatus st = IGM_OK;
  if (!type || !body) {
    st = IGM_EINTERNAL;
    goto done;
  }
  it = librdf_model_get_sources(m, type, body);
  while (it && !librdf_iterator_end(it)) {
    librdf_node *subj = librdf_iterator_get_object(it);
    if (subj && librdf_node_is_resource(subj)) {
      const char *iri = (const char *)librdf_uri_as_string(librdf_node_get_uri(subj));
      for (size_t k = 0; k < sizeof label_props / sizeof label_props[0]; k++) {
        librdf_node *prop = iri_node(w, label_props[k]);
        librdf_iterator *lt = prop ? librdf_model_get_targets(m, subj, prop) : NULL;
        while (lt && !librdf_iterator_end(lt)) {
          librdf_node *lit = librdf_iterator_get_object(lt);
          if (lit && librdf_node_is_literal(lit))
            bodies_add(out, iri, (const char *)librdf_node_get_literal_value(lit));
          librdf_iterator_next(lt);
        }
        if (lt)
          librdf_free_iterator(lt);
        if (prop)
          librdf_free_node(prop);
      }
    }
    librdf_iterator_next(it);
  }
done:
  if (it)
    librdf_free_iterator(it);
  if (type)
    librdf_free_node(type);
  if (body)
    librdf_free_node(body);
  return st;
}

/* A document key from a file name: "WGEC 2018 draft.txt" gives "wgec-2018-draft". */
static char *key_from_path(const char *path)
{
  char *stem = igm_path_stem(path);
  size_t k = 0;
  for (size_t i = 0; stem[i]; i++) {
    unsigned char c = (unsigned char)stem[i];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_')
      stem[k++] = (char)c;
    else if (k > 0 && stem[k - 1] != '-')
      stem[k++] = '-';
  }
  while (k > 0 && (stem[k - 1] == '-' || stem[k - 1] == '.'))
    k--;
  stem[k] = '\0';
  return stem;
}

static IgmStatus load_aliases(const char *path, int required, IgmExtractAliases **out)
{
  size_t len = 0;
  char *text = igm_read_file(path, &len);
  long line = 0;
  IgmStatus st;
  if (!text) {
    if (!required && errno == ENOENT) {
      igm_diag(IGM_DIAG_WARNING, path, 0, 0, "no table of document names; citations resolve "
                                             "to the document itself");
      return igm_extract_aliases_new(out);
    }
    igm_diag(IGM_DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
    return IGM_EIO;
  }
  st = igm_extract_aliases_parse(text, len, out, &line);
  if (st == IGM_ESYNTAX)
    igm_diag(IGM_DIAG_ERROR, path, line, 0, "expected KEY<TAB>NAME (KEY a document key or '.')");
  free(text);
  return st;
}

/* Writes the triples as N-Triples to a temporary file and loads it into graph:extract/KEY. */
static IgmStatus load_into_store(const IgmGlobal *g, const char *key, IgmQuad *q, size_t n,
                                 IgmStore *scratch)
{
  const IgmFormat *nt = igm_format_find("ntriples", IGM_FMT_KIND_GRAPH);
  const char *tmpdir = getenv("TMPDIR");
  char *path = igm_printf("%s/igmap-extract-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  char *graph = igm_printf("%sextract/%s", IGM_GRAPH_NS, key);
  IgmStore *store = NULL;
  FILE *f = NULL;
  IgmStatus st = IGM_OK;
  int fd = mkstemp(path);
  if (fd < 0 || !(f = fdopen(fd, "w"))) {
    igm_diag(IGM_DIAG_ERROR, path, 0, 0, "cannot create a temporary file: %s", strerror(errno));
    if (fd >= 0)
      close(fd);
    st = IGM_EIO;
    goto done;
  }
  st = nt ? nt->write_graph(f, q, n, scratch) : IGM_EINTERNAL;
  if (fclose(f) != 0 && st == IGM_OK)
    st = IGM_EIO;
  if (st != IGM_OK)
    goto done;
  st = igm_store_open(g, IGM_OPEN_WRITE, &store);
  if (st == IGM_OK) {
    int quiet = igm_diag_quiet();
    igm_diag_set_quiet(1); /* its note would name the temporary file */
    st = igm_store_load_file(store, path, "ntriples", graph);
    igm_diag_set_quiet(quiet);
  }
  if (st == IGM_OK)
    st = igm_store_commit(store);
  if (st == IGM_OK && !igm_diag_quiet())
    fprintf(stderr, "igmap: loaded %zu triples into <%s>\n", n, graph);
done:
  igm_store_close(store);
  if (fd >= 0)
    unlink(path);
  free(path);
  free(graph);
  return st;
}

static IgmStatus run(const IgmGlobal *g, int argc, char **argv)
{
  const char *doc = NULL, *title = NULL, *format = "turtle", *bodies_path = NULL;
  const char *aliases_path = NULL, *file = NULL;
  int load = 0, dashdash = 0;
  char *key = NULL, *text = NULL, *def_aliases = NULL;
  size_t len = 0;
  IgmExtractAliases *aliases = NULL;
  IgmStore *scratch = NULL;
  Bodies bodies = {0};
  Collect col = {0};
  IgmStatus st = IGM_OK;
  const IgmFormat *fmt;

  for (int i = 1; i < argc; i++) {
    const char *v;
    if (!dashdash && strcmp(argv[i], "--") == 0) {
      dashdash = 1;
    } else if (!dashdash && igm_opt_value(argc, argv, &i, "--doc", "-d", &v, &st)) {
      if (st != IGM_OK)
        goto done;
      doc = v;
    } else if (!dashdash && igm_opt_value(argc, argv, &i, "--title", "-t", &v, &st)) {
      if (st != IGM_OK)
        goto done;
      title = v;
    } else if (!dashdash && igm_opt_value(argc, argv, &i, "--format", "-f", &v, &st)) {
      if (st != IGM_OK)
        goto done;
      format = v;
    } else if (!dashdash && igm_opt_value(argc, argv, &i, "--bodies", NULL, &v, &st)) {
      if (st != IGM_OK)
        goto done;
      bodies_path = v;
    } else if (!dashdash && igm_opt_value(argc, argv, &i, "--aliases", NULL, &v, &st)) {
      if (st != IGM_OK)
        goto done;
      aliases_path = v;
    } else if (!dashdash && igm_opt_flag(argv, i, "--load", NULL)) {
      load = 1;
    } else if (!dashdash && igm_is_option(argv[i])) {
      st = igm_usage_error("extract", "unknown option '%s'", argv[i]);
      goto done;
    } else if (file) {
      st = igm_usage_error("extract", "one file at a time ('%s' and '%s')", file, argv[i]);
      goto done;
    } else {
      file = argv[i];
    }
  }
  if (!file) {
    st = igm_usage_error("extract", "no file to extract (use '-' for standard input)");
    goto done;
  }
  if (strcmp(format, "turtle") != 0 && strcmp(format, "ntriples") != 0) {
    st = igm_usage_error("extract", "unknown format '%s' (turtle, ntriples)", format);
    goto done;
  }
  if (doc) {
    key = igm_strdup(doc);
  } else if (strcmp(file, "-") == 0) {
    st = igm_usage_error("extract", "--doc KEY is needed when the text comes from stdin");
    goto done;
  } else {
    key = key_from_path(file);
  }
  if (!igm_extract_key_valid(key)) {
    st = igm_usage_error("extract", "invalid document key '%s' (lowercase letters, digits, "
                                    "'-', '.', '_')", key);
    goto done;
  }

  text = igm_read_file(file, &len);
  if (!text) {
    igm_diag(IGM_DIAG_ERROR, strcmp(file, "-") == 0 ? "<stdin>" : file, 0, 0, "cannot read: %s",
             strerror(errno));
    st = IGM_EIO;
    goto done;
  }
  if (aliases_path) {
    st = load_aliases(aliases_path, 1, &aliases);
  } else {
    def_aliases = igm_printf("%s/data/document-aliases.tsv", igm_home_dir());
    st = load_aliases(def_aliases, 0, &aliases);
  }
  if (st != IGM_OK)
    goto done;

  st = igm_store_open_scratch(&scratch);
  if (st != IGM_OK)
    goto done;
  col.world = igm_store_world(scratch);
  /* the bodies: --bodies FILE, else those of the store */
  if (bodies_path) {
    int quiet = igm_diag_quiet();
    igm_diag_set_quiet(1);
    st = igm_store_load_file(scratch, bodies_path, NULL, NULL);
    igm_diag_set_quiet(quiet);
    if (st == IGM_OK)
      st = bodies_from_model(igm_store_world(scratch), igm_store_model(scratch), &bodies);
  } else {
    IgmStore *store = NULL;
    st = igm_store_open(g, IGM_OPEN_READ, &store);
    if (st == IGM_OK)
      st = bodies_from_model(igm_store_world(store), igm_store_model(store), &bodies);
    igm_store_close(store);
  }
  if (st != IGM_OK)
    goto done;

  IgmExtractOptions opt = {key, title, NULL, aliases, bodies.v, bodies.n};
  st = igm_extract(text, len, &opt, collect, &col);
  if (st != IGM_OK) {
    if (st == IGM_EINTERNAL)
      igm_error("out of memory while extracting '%s'", file);
    goto done;
  }
  if (load) {
    st = load_into_store(g, key, col.q, col.n, scratch);
    goto done;
  }
  fmt = igm_format_find(format, IGM_FMT_KIND_GRAPH);
  if (!fmt) {
    st = IGM_EINTERNAL;
    goto done;
  }
  st = fmt->write_graph(stdout, col.q, col.n, scratch);
  if (st == IGM_EIO)
    igm_error("cannot write to standard output");
done:
  collect_free(&col);
  bodies_free(&bodies);
  igm_extract_aliases_free(aliases);
  igm_store_close(scratch);
  free(def_aliases);
  free(text);
  free(key);
  return st;
}

const IgmCmd igm_cmd_extract = {
    "extract",
    "extract [--doc KEY] [--title T] [--format turtle|ntriples] [--load] FILE|-",
    "turn a document's plain text into provisions, citations and mentions (RDF)",
    "Reads the plain text of one document (FILE, or '-' for standard input) and writes its\n"
    "numbered provisions as RDF: eli:number, ig:sortKey, ig:section, the cleaned ig:text, the raw\n"
    "line range (ig:rawLines), eli:cites and ig:mentions.\n"
    "\n"
    "  --doc KEY, -d KEY    document key (default: from the file name; required for '-')\n"
    "  --title T, -t T      the document's title (dcterms:title)\n"
    "  --format F, -f F     turtle (default) or ntriples\n"
    "  --load               add the triples to the store, in graph:extract/KEY, instead of\n"
    "                       writing them\n"
    "  --bodies FILE        take the bodies named in mentions from FILE (RDF) instead of the store\n"
    "  --aliases FILE       table of document names (default: data/document-aliases.tsv)\n",
    0,
    run};
