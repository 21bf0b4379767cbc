/* cmd_show.c: igmap show TERM
 * Everything the store holds about one node, for a person: what it is, its labels, its text or
 * summary, its relations out and in grouped by property, the engagements it takes part in, and
 * the graph (source file) of every fact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "cli.h"
#include "diag.h"
#include "resolve.h"
#include "store.h"
#include "util.h"

#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

static const char *const label_props[] = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://schema.org/name",
    "http://www.w3.org/2004/02/skos/core#notation",
    "http://purl.org/dc/terms/identifier",
    "http://purl.org/dc/terms/title",
    "https://w3id.org/igmap/def/ig#alias",
    "http://data.europa.eu/eli/ontology#number",
    NULL};
static const char *const text_props[] = {
    "https://w3id.org/igmap/def/ig#text",
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2004/02/skos/core#scopeNote",
    "http://www.w3.org/2004/02/skos/core#editorialNote",
    NULL};
static const char *const source_props[] = {"http://www.w3.org/ns/prov#wasDerivedFrom",
                                           "http://purl.org/dc/terms/source", NULL};
/* engagement links: listed under "engagements", not again under "relations in" */
static const char *const engagement_props[] = {"https://w3id.org/igmap/def/ig#body",
                                               "https://w3id.org/igmap/def/ig#target",
                                               "https://w3id.org/igmap/def/ig#source", NULL};

static int in_list(const char *const *l, const char *s)
{
  for (; s && *l; l++)
    if (strcmp(*l, s) == 0)
      return 1;
  return 0;
}

/* Appends `text` wrapped at `width` columns, every line indented by `indent` spaces. */
static void wrap(IgmBuf *b, const char *text, size_t indent, size_t width)
{
  size_t col = indent, i;
  const char *p = text;
  for (i = 0; i < indent; i++)
    igm_buf_putc(b, ' ');
  while (*p) {
    const char *w = p;
    size_t len = 0, cols = 0;
    while (w[len] && w[len] != ' ' && w[len] != '\n') {
      if (((unsigned char)w[len] & 0xC0) != 0x80)
        cols++;
      len++;
    }
    if (col > indent && col + 1 + cols > width) {
      igm_buf_putc(b, '\n');
      for (i = 0; i < indent; i++)
        igm_buf_putc(b, ' ');
      col = indent;
    } else if (col > indent) {
      igm_buf_putc(b, ' ');
      col++;
    }
    igm_buf_put(b, w, len);
    col += cols;
    p = w + len;
    while (*p == ' ' || *p == '\n') {
      if (*p == '\n' && col > indent) {
        igm_buf_putc(b, '\n');
        for (i = 0; i < indent; i++)
          igm_buf_putc(b, ' ');
        col = indent;
      }
      p++;
    }
  }
  igm_buf_putc(b, '\n');
}

/* "pfx:local  Label" for an IRI; a literal as its text. malloc'd. */
static char *describe(IgmStore *store, librdf_node *n)
{
  if (!n)
    return igm_strdup("");
  if (librdf_node_is_resource(n)) {
    const char *iri = (const char *)librdf_uri_as_string(librdf_node_get_uri(n));
    char *s = igm_answer_short(store, iri), *l = igm_resolve_label(store, iri), *out;
    out = l ? igm_printf("%s  %s", s, l) : igm_strdup(s);
    free(s);
    free(l);
    return out;
  }
  if (librdf_node_is_literal(n)) {
    const char *lang = librdf_node_get_literal_value_language(n);
    librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
    const char *v = (const char *)librdf_node_get_literal_value(n);
    if (dt) {
      char *d = igm_answer_short(store, (const char *)librdf_uri_as_string(dt));
      char *out = igm_printf("%s (%s)", v, d);
      free(d);
      return out;
    }
    (void)lang;
    return igm_strdup(v);
  }
  return igm_printf("_:%s", (const char *)librdf_node_get_blank_identifier(n));
}

static char *graph_tag(IgmStore *store, librdf_node *g)
{
  char *s, *out;
  if (!g || !librdf_node_is_resource(g))
    return igm_strdup("");
  s = igm_answer_short(store, (const char *)librdf_uri_as_string(librdf_node_get_uri(g)));
  out = igm_printf("  [%s]", s);
  free(s);
  return out;
}

static const char *cell_iri(const IgmResults *r, size_t row, size_t col)
{
  librdf_node *n = r->cells[row * r->nvars + col];
  return n && librdf_node_is_resource(n)
             ? (const char *)librdf_uri_as_string(librdf_node_get_uri(n))
             : NULL;
}

/* Writes the rows of `r` (columns: property, value, graph) whose property is in `only`
 * (or, with only NULL, in none of `skip`), grouped under each property's name and label. */
static size_t section(IgmBuf *b, IgmStore *store, const IgmResults *r, const char *title,
                      const char *const *only, const char *const *const *skip, int wrap_text)
{
  size_t row, count = 0;
  const char *prev = NULL;
  for (row = 0; row < r->nrows; row++) {
    const char *p = cell_iri(r, row, 0);
    char *v, *g;
    int skipped = 0;
    size_t k;
    if (!p)
      continue;
    if (only && !in_list(only, p))
      continue;
    for (k = 0; !only && skip && skip[k]; k++)
      if (in_list(skip[k], p))
        skipped = 1;
    if (skipped)
      continue;
    if (count++ == 0)
      igm_buf_printf(b, "\n%s\n", title);
    if (!prev || strcmp(prev, p) != 0) {
      char *ps = igm_answer_short(store, p), *pl = igm_resolve_label(store, p);
      if (pl)
        igm_buf_printf(b, "  %s (%s)\n", ps, pl);
      else
        igm_buf_printf(b, "  %s\n", ps);
      free(ps);
      free(pl);
      prev = p;
    }
    v = describe(store, r->cells[row * r->nvars + 1]);
    g = graph_tag(store, r->cells[row * r->nvars + 2]);
    if (wrap_text && strlen(v) > 80) {
      char *vg = igm_printf("%s%s", v, g);
      wrap(b, vg, 4, 100);
      free(vg);
    } else {
      igm_buf_printf(b, "    %s%s\n", v, g);
    }
    free(v);
    free(g);
  }
  return count;
}

static IgmStatus show(IgmStore *store, const char *iri, IgmBuf *b)
{
  IgmResults *out = NULL, *in = NULL, *eng = NULL;
  IgmStatus st;
  char *q, *s, *l;
  size_t row, n, ce, cb, ct, cr, cs, csrc, eng_slot = 0;
  static const char *const *const skip_out[] = {label_props, text_props, source_props, NULL};

  q = igm_printf("SELECT ?p ?o ?g WHERE { GRAPH ?g { <%s> ?p ?o } } ORDER BY ?p ?o ?g", iri);
  st = igm_answer_select(store, "show: out", q, &out);
  free(q);
  if (st != IGM_OK)
    goto done;
  q = igm_printf("SELECT ?p ?s ?g WHERE { GRAPH ?g { ?s ?p <%s> } } ORDER BY ?p ?s ?g", iri);
  st = igm_answer_select(store, "show: in", q, &in);
  free(q);
  if (st != IGM_OK)
    goto done;
  /* engagements where the node is the body, the target or a source: three plain queries (an
   * OPTIONAL or a FILTER with || over them gives wrong rows under rasqal 0.9.33) */
  eng = igm_results_new(IGM_RES_BINDINGS);
  {
    static const char *const vars[] = {"e", "body", "target", "role", "status", "source"};
    static const char *const pre[] = {"?e ig:body ", "?e ig:target ", "?e ig:source "};
    size_t v, sl;
    for (v = 0; v < 6; v++)
      igm_results_add_var(eng, vars[v]);
    for (sl = 0; sl < 3 && st == IGM_OK; sl++) {
      IgmResults *part = NULL;
      char *pat = igm_printf("%s<%s>", pre[sl], iri);
      q = igm_printf("SELECT ?e ?body ?target ?role ?status ?source WHERE {\n"
                     "  %s .\n"
                     "  ?e a ig:Engagement ; ig:body ?body ; ig:target ?target ; ig:role ?role ;\n"
                     "     ig:status ?status ; ig:source ?source .\n"
                     "} ORDER BY ?body ?target ?role ?e ?source",
                     pat);
      free(pat);
      st = igm_answer_select(store, "show: engagements", q, &part);
      free(q);
      for (row = 0; st == IGM_OK && row < part->nrows; row++) {
        const char *e = igm_answer_str(part, row, igm_answer_col(part, "e"));
        librdf_node *cells[6];
        size_t seen, r0;
        int dup = 0;
        for (r0 = 0; e && r0 < eng->nrows && !dup; r0++) {
          const char *e0 = igm_answer_str(eng, r0, 0);
          dup = e0 && strcmp(e0, e) == 0;
        }
        /* rows of one engagement arrive together; a repeat from an earlier query is skipped */
        seen = dup && !(eng->nrows && strcmp(igm_answer_str(eng, eng->nrows - 1, 0), e) == 0 &&
                        sl == eng_slot);
        if (seen)
          continue;
        for (v = 0; v < 6; v++) {
          librdf_node *nd = part->cells[row * part->nvars + igm_answer_col(part, vars[v])];
          cells[v] = nd ? librdf_new_node_from_node(nd) : NULL;
        }
        igm_results_add_row(eng, cells);
        eng_slot = sl;
      }
      igm_results_free(part);
    }
    if (st != IGM_OK)
      goto done;
  }

  /* what it is */
  s = igm_answer_short(store, iri);
  l = igm_resolve_label(store, iri);
  igm_buf_printf(b, "%s\n", s);
  if (l)
    igm_buf_printf(b, "%s\n", l);
  igm_buf_printf(b, "<%s>\n", iri);
  free(s);
  free(l);
  {
    IgmBuf asserted = {0}, derived = {0};
    for (row = 0; row < out->nrows; row++) {
      const char *p = cell_iri(out, row, 0), *t = cell_iri(out, row, 1), *g = cell_iri(out, row, 2);
      IgmBuf *dst;
      char *ts;
      if (!p || !t || strcmp(p, RDF_TYPE) != 0)
        continue;
      dst = g && strcmp(g, IGM_GRAPH_INFERRED) == 0 ? &derived : &asserted;
      ts = igm_answer_short(store, t);
      if (!dst->data || !strstr(dst->data, ts))
        igm_buf_printf(dst, "%s%s", dst->len ? ", " : "", ts);
      free(ts);
    }
    if (asserted.len)
      igm_buf_printf(b, "is a %s", asserted.data);
    if (derived.len)
      igm_buf_printf(b, "%s(derived: %s)", asserted.len ? " " : "is a ", derived.data);
    if (asserted.len || derived.len)
      igm_buf_putc(b, '\n');
    igm_buf_free(&asserted);
    igm_buf_free(&derived);
  }
  if (out->nrows == 0 && in->nrows == 0)
    igm_buf_puts(b, "\nThe store holds no statement about it.\n");

  section(b, store, out, "labels", label_props, NULL, 0);
  section(b, store, out, "text and summary", text_props, NULL, 1);
  {
    /* relations out: everything else but rdf:type */
    static const char *const type_only[] = {RDF_TYPE, NULL};
    static const char *const *const skip_rel[] = {label_props, text_props, source_props,
                                                   type_only, NULL};
    (void)skip_out;
    section(b, store, out, "relations out", NULL, skip_rel, 0);
  }
  {
    /* relations in: drop the engagement links listed below */
    IgmResults *keep = igm_results_new(IGM_RES_BINDINGS);
    size_t j;
    for (j = 0; j < in->nvars; j++)
      igm_results_add_var(keep, in->vars[j]);
    for (row = 0; row < in->nrows; row++) {
      const char *p = cell_iri(in, row, 0);
      librdf_node *cells[3];
      if (p && in_list(engagement_props, p))
        continue;
      for (j = 0; j < 3; j++)
        cells[j] = in->cells[row * 3 + j] ? librdf_new_node_from_node(in->cells[row * 3 + j])
                                          : NULL;
      /* the value column is the subject here */
      igm_results_add_row(keep, cells);
    }
    section(b, store, keep, "relations in", NULL, NULL, 0);
    igm_results_free(keep);
  }
  /* engagements: one entry per engagement, its sources joined */
  n = 0;
  ce = igm_answer_col(eng, "e");
  cb = igm_answer_col(eng, "body");
  ct = igm_answer_col(eng, "target");
  cr = igm_answer_col(eng, "role");
  cs = igm_answer_col(eng, "status");
  csrc = igm_answer_col(eng, "source");
  for (row = 0; row < eng->nrows; row++) {
    const char *e = cell_iri(eng, row, ce);
    const char *role = cell_iri(eng, row, cr), *status = cell_iri(eng, row, cs);
    char *bs, *tl, *rs, *ss, *es;
    size_t k;
    if (!e || (row > 0 && cell_iri(eng, row - 1, ce) && strcmp(cell_iri(eng, row - 1, ce), e) == 0))
      continue;
    if (n++ == 0)
      igm_buf_puts(b, "\nengagements\n");
    bs = describe(store, eng->cells[row * eng->nvars + cb]);
    tl = describe(store, eng->cells[row * eng->nvars + ct]);
    rs = role ? igm_answer_short(store, role) : igm_strdup("?");
    ss = status ? igm_answer_short(store, status) : igm_strdup("");
    es = igm_answer_short(store, e);
    igm_buf_printf(b, "  %s\n    body:   %s\n    target: %s\n    role:   %s%s%s\n    sources:",
                   es, bs, tl, rs, *ss ? ", " : "", ss);
    for (k = row; k < eng->nrows; k++) {
      const char *e2 = cell_iri(eng, k, ce), *src = cell_iri(eng, k, csrc);
      char *srcs;
      if (!e2 || strcmp(e2, e) != 0)
        break;
      if (!src)
        continue;
      srcs = igm_answer_short(store, src);
      igm_buf_printf(b, " %s", srcs);
      free(srcs);
    }
    igm_buf_putc(b, '\n');
    free(bs);
    free(tl);
    free(rs);
    free(ss);
    free(es);
  }
  section(b, store, out, "sources", source_props, NULL, 0);
done:
  igm_results_free(out);
  igm_results_free(in);
  igm_results_free(eng);
  return st;
}

static IgmStatus run(const IgmGlobal *glob, int argc, char **argv)
{
  const char *term = NULL;
  IgmStore *store = NULL;
  IgmBuf b = {0};
  char *iri = NULL;
  IgmStatus st;
  int k;
  for (k = 1; k < argc; k++) {
    if (strcmp(argv[k], "--") == 0 && k + 1 < argc && !term) {
      term = argv[++k];
    } else if (igm_is_option(argv[k])) {
      return igm_usage_error("show", "unknown option '%s'", argv[k]);
    } else if (term) {
      return igm_usage_error("show", "give one TERM (quote a label with spaces)");
    } else {
      term = argv[k];
    }
  }
  if (!term)
    return igm_usage_error("show", "no TERM given: an IRI, a prefixed name, a label or an acronym");
  st = igm_store_open(glob, IGM_OPEN_READ, &store);
  if (st != IGM_OK)
    return st;
  st = igm_resolve(store, term, IGM_TERM_ANY, &iri);
  if (st == IGM_OK)
    st = show(store, iri, &b);
  if (st == IGM_OK)
    st = igm_answer_emit(&b);
  igm_buf_free(&b);
  free(iri);
  igm_store_close(store);
  return st;
}

const IgmCmd igm_cmd_show = {
    "show",
    "show TERM",
    "everything about one node, readable: TERM is an IRI, a prefixed name, or a label/acronym",
    "TERM may be <IRI>, an absolute IRI, a prefixed name (issue:cybersecurity, ta:para_69),\n"
    "a key (cstd, cybersecurity, tunis-agenda-2005), or a label, title, symbol or acronym\n"
    "(\"CSTD\", \"Tunis Agenda para 69\", \"A/RES/70/125\"), compared without regard to case.\n"
    "An unknown TERM lists close candidates, an ambiguous one lists what it names (exit 2).\n\n"
    "The page gives what the node is, its labels, its text and summary, its relations out and\n"
    "in grouped by property, the engagements it takes part in, and its sources; every fact\n"
    "ends with the graph (source file) that holds it, [graph:inferred] for derived ones.\n",
    IGM_CMD_NEEDS_STORE, run};
