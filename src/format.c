/* format.c: result and RDF writers. Every writer is deterministic. */
#include "format.h"

#include <raptor2.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define XSD "http://www.w3.org/2001/XMLSchema#"

/* ---- nodes ---- */

static const char *node_iri(librdf_node *n)
{
  return (const char *)librdf_uri_as_string(librdf_node_get_uri(n));
}

static const char *literal_dt(librdf_node *n)
{
  librdf_uri *u = librdf_node_get_literal_value_datatype_uri(n);
  return u ? (const char *)librdf_uri_as_string(u) : NULL;
}

static int node_rank(librdf_node *n)
{
  if (librdf_node_is_resource(n))
    return 0;
  if (librdf_node_is_blank(n))
    return 1;
  return 2;
}

int igm_node_cmp(librdf_node *a, librdf_node *b)
{
  int ra, rb, c;
  if (a == b)
    return 0;
  if (!a)
    return -1;
  if (!b)
    return 1;
  ra = node_rank(a);
  rb = node_rank(b);
  if (ra != rb)
    return ra - rb;
  if (ra == 0)
    return strcmp(node_iri(a), node_iri(b));
  if (ra == 1)
    return strcmp((const char *)librdf_node_get_blank_identifier(a),
                  (const char *)librdf_node_get_blank_identifier(b));
  c = strcmp((const char *)librdf_node_get_literal_value(a),
             (const char *)librdf_node_get_literal_value(b));
  if (c)
    return c;
  {
    const char *la = librdf_node_get_literal_value_language(a);
    const char *lb = librdf_node_get_literal_value_language(b);
    const char *da = literal_dt(a), *db = literal_dt(b);
    c = strcmp(la ? la : "", lb ? lb : "");
    if (c)
      return c;
    return strcmp(da ? da : "", db ? db : "");
  }
}

/* Escapes a string for a "..." literal in Turtle / N-Triples / SPARQL. */
static void put_string_escaped(IgmBuf *b, const char *s);

void igm_put_quoted(IgmBuf *b, const char *s)
{
  igm_buf_putc(b, '"');
  put_string_escaped(b, s);
  igm_buf_putc(b, '"');
}

static void put_string_escaped(IgmBuf *b, const char *s)
{
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '"': igm_buf_puts(b, "\\\""); break;
    case '\\': igm_buf_puts(b, "\\\\"); break;
    case '\n': igm_buf_puts(b, "\\n"); break;
    case '\r': igm_buf_puts(b, "\\r"); break;
    case '\t': igm_buf_puts(b, "\\t"); break;
    default:
      if (c < 0x20 || c == 0x7f)
        igm_buf_printf(b, "\\u%04X", c);
      else
        igm_buf_putc(b, (char)c);
    }
  }
}

static void put_iri_escaped(IgmBuf *b, const char *iri)
{
  igm_buf_putc(b, '<');
  for (; *iri; iri++) {
    unsigned char c = (unsigned char)*iri;
    if (c <= 0x20 || strchr("<>\"{}|^`\\", c))
      igm_buf_printf(b, "\\u%04X", c);
    else
      igm_buf_putc(b, (char)c);
  }
  igm_buf_putc(b, '>');
}

static void put_bnode(IgmBuf *b, librdf_node *n)
{
  const char *id = (const char *)librdf_node_get_blank_identifier(n);
  igm_buf_puts(b, "_:");
  if (!((id[0] >= 'A' && id[0] <= 'Z') || (id[0] >= 'a' && id[0] <= 'z')))
    igm_buf_putc(b, 'b');
  for (; *id; id++) {
    char c = *id;
    int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             c == '_';
    igm_buf_putc(b, ok ? c : '_');
  }
}

/* Bare numeric/boolean forms allowed in Turtle, TSV and tables. */
static int bare_literal_ok(const char *lex, const char *dt)
{
  const char *p = lex;
  int digits = 0, dot = 0;
  if (!dt)
    return 0;
  if (strcmp(dt, XSD "boolean") == 0)
    return strcmp(lex, "true") == 0 || strcmp(lex, "false") == 0;
  if (strcmp(dt, XSD "integer") && strcmp(dt, XSD "decimal"))
    return 0;
  if (*p == '+' || *p == '-')
    p++;
  for (; *p; p++) {
    if (*p >= '0' && *p <= '9')
      digits++;
    else if (*p == '.' && !dot && strcmp(dt, XSD "decimal") == 0)
      dot = 1;
    else
      return 0;
  }
  if (!digits)
    return 0;
  if (dot && lex[strlen(lex) - 1] == '.')
    return 0;
  return strcmp(dt, XSD "decimal") == 0 ? dot : !dot;
}

static int turtle_mode; /* set while the Turtle writer runs: escape '/' in local names */

static void put_term(IgmBuf *b, librdf_node *n, IgmStore *prefixes, int allow_bare)
{
  if (librdf_node_is_resource(n)) {
    char *pn = prefixes ? igm_store_shorten_as(prefixes, node_iri(n), turtle_mode) : NULL;
    if (pn)
      igm_buf_puts(b, pn);
    else
      put_iri_escaped(b, node_iri(n));
    free(pn);
  } else if (librdf_node_is_blank(n)) {
    put_bnode(b, n);
  } else {
    const char *lex = (const char *)librdf_node_get_literal_value(n);
    const char *lang = librdf_node_get_literal_value_language(n);
    const char *dt = literal_dt(n);
    if (allow_bare && bare_literal_ok(lex, dt)) {
      igm_buf_puts(b, lex);
      return;
    }
    igm_buf_putc(b, '"');
    put_string_escaped(b, lex);
    igm_buf_putc(b, '"');
    if (lang && *lang) {
      igm_buf_printf(b, "@%s", lang);
    } else if (dt) {
      char *pn = prefixes ? igm_store_shorten(prefixes, dt) : NULL;
      igm_buf_puts(b, "^^");
      if (pn)
        igm_buf_puts(b, pn);
      else
        put_iri_escaped(b, dt);
      free(pn);
    }
  }
}

char *igm_node_display(librdf_node *n, IgmStore *prefixes)
{
  IgmBuf b = {0};
  put_term(&b, n, prefixes, 1);
  return igm_buf_take(&b);
}

char *igm_node_ntriples(librdf_node *n)
{
  IgmBuf b = {0};
  put_term(&b, n, NULL, 0);
  return igm_buf_take(&b);
}

static IgmStatus finish(FILE *out)
{
  if (fflush(out) != 0 || ferror(out))
    return IGM_EIO;
  return IGM_OK;
}

/* ---- quads ---- */

static int keep_graphs_flag;

static int pred_cmp(librdf_node *a, librdf_node *b)
{
  int ta = librdf_node_is_resource(a) && strcmp(node_iri(a), RDF_TYPE) == 0;
  int tb = librdf_node_is_resource(b) && strcmp(node_iri(b), RDF_TYPE) == 0;
  if (ta != tb)
    return ta ? -1 : 1;
  return igm_node_cmp(a, b);
}

static int quad_cmp(const void *va, const void *vb)
{
  const IgmQuad *a = va, *b = vb;
  int c;
  if (keep_graphs_flag && (c = igm_node_cmp(a->g, b->g)) != 0)
    return c;
  if ((c = igm_node_cmp(a->s, b->s)) != 0)
    return c;
  if ((c = pred_cmp(a->p, b->p)) != 0)
    return c;
  return igm_node_cmp(a->o, b->o);
}

void igm_quads_sort_unique(IgmQuad *q, size_t *n, int keep_graphs)
{
  size_t i, j = 0;
  keep_graphs_flag = keep_graphs;
  if (*n == 0)
    return;
  qsort(q, *n, sizeof *q, quad_cmp);
  for (i = 1; i < *n; i++)
    if (quad_cmp(&q[j], &q[i]) != 0)
      q[++j] = q[i];
  *n = j + 1;
}

/* ---- RDF writers ---- */

static void note_prefix(IgmStore *st, const char *iri, unsigned char *used)
{
  const IgmPrefix *p;
  size_t np = igm_store_prefixes(st, &p), i, best = (size_t)-1, best_len = 0;
  char *pn = igm_store_shorten(st, iri);
  if (!pn)
    return;
  for (i = 0; i < np; i++) {
    size_t len = strlen(p[i].iri);
    if (len > best_len && strncmp(iri, p[i].iri, len) == 0) {
      const char *colon = strchr(pn, ':');
      if (colon && (size_t)(colon - pn) == strlen(p[i].prefix) &&
          strncmp(pn, p[i].prefix, strlen(p[i].prefix)) == 0) {
        best = i;
        best_len = len;
      }
    }
  }
  if (best != (size_t)-1)
    used[best] = 1;
  free(pn);
}

static void note_node(IgmStore *st, librdf_node *n, unsigned char *used)
{
  if (librdf_node_is_resource(n))
    note_prefix(st, node_iri(n), used);
  else if (librdf_node_is_literal(n) && literal_dt(n) &&
           !(librdf_node_get_literal_value_language(n)) &&
           !bare_literal_ok((const char *)librdf_node_get_literal_value(n), literal_dt(n)))
    note_prefix(st, literal_dt(n), used);
}

static IgmStatus write_turtle(FILE *out, IgmQuad *q, size_t n, IgmStore *st)
{
  const IgmPrefix *p;
  size_t np = igm_store_prefixes(st, &p), i;
  unsigned char *used = igm_xmalloc(np + 1);
  IgmBuf b = {0};
  memset(used, 0, np + 1);
  turtle_mode = 1;
  igm_quads_sort_unique(q, &n, 0);
  for (i = 0; i < n; i++) {
    note_node(st, q[i].s, used);
    if (!(librdf_node_is_resource(q[i].p) && strcmp(node_iri(q[i].p), RDF_TYPE) == 0))
      note_node(st, q[i].p, used);
    note_node(st, q[i].o, used);
  }
  for (i = 0; i < np; i++)
    if (used[i]) {
      igm_buf_printf(&b, "@prefix %s: ", p[i].prefix);
      put_iri_escaped(&b, p[i].iri);
      igm_buf_puts(&b, " .\n");
    }
  free(used);
  for (i = 0; i < n; i++) {
    int new_subject = i == 0 || igm_node_cmp(q[i].s, q[i - 1].s) != 0;
    int new_pred = new_subject || igm_node_cmp(q[i].p, q[i - 1].p) != 0;
    if (new_subject) {
      if (i > 0)
        igm_buf_puts(&b, " .\n");
      igm_buf_putc(&b, '\n');
      put_term(&b, q[i].s, st, 0);
      igm_buf_putc(&b, ' ');
    } else if (new_pred) {
      igm_buf_puts(&b, " ;\n    ");
    } else {
      igm_buf_puts(&b, ", ");
    }
    if (new_pred) {
      if (librdf_node_is_resource(q[i].p) && strcmp(node_iri(q[i].p), RDF_TYPE) == 0)
        igm_buf_putc(&b, 'a');
      else
        put_term(&b, q[i].p, st, 0);
      igm_buf_putc(&b, ' ');
    }
    put_term(&b, q[i].o, st, 1);
    if (b.len > 65536) {
      fwrite(b.data, 1, b.len, out);
      b.len = 0;
    }
  }
  if (n)
    igm_buf_puts(&b, " .\n");
  if (b.len)
    fwrite(b.data, 1, b.len, out);
  igm_buf_free(&b);
  turtle_mode = 0;
  return finish(out);
}

static IgmStatus write_nt_common(FILE *out, IgmQuad *q, size_t n, int quads)
{
  IgmBuf b = {0};
  size_t i;
  igm_quads_sort_unique(q, &n, quads);
  for (i = 0; i < n; i++) {
    put_term(&b, q[i].s, NULL, 0);
    igm_buf_putc(&b, ' ');
    put_term(&b, q[i].p, NULL, 0);
    igm_buf_putc(&b, ' ');
    put_term(&b, q[i].o, NULL, 0);
    if (quads && q[i].g) {
      igm_buf_putc(&b, ' ');
      put_term(&b, q[i].g, NULL, 0);
    }
    igm_buf_puts(&b, " .\n");
    if (b.len > 65536) {
      fwrite(b.data, 1, b.len, out);
      b.len = 0;
    }
  }
  if (b.len)
    fwrite(b.data, 1, b.len, out);
  igm_buf_free(&b);
  return finish(out);
}

static IgmStatus write_ntriples(FILE *out, IgmQuad *q, size_t n, IgmStore *st)
{
  (void)st;
  return write_nt_common(out, q, n, 0);
}

static IgmStatus write_nquads(FILE *out, IgmQuad *q, size_t n, IgmStore *st)
{
  (void)st;
  return write_nt_common(out, q, n, 1);
}

static IgmStatus write_rdfxml(FILE *out, IgmQuad *q, size_t n, IgmStore *st)
{
  raptor_world *rw = raptor_new_world();
  raptor_serializer *ser = NULL;
  const IgmPrefix *p;
  size_t np, i;
  IgmStatus status = IGM_OK;
  if (!rw || raptor_world_open(rw))
    return IGM_EINTERNAL;
  igm_quads_sort_unique(q, &n, 0);
  ser = raptor_new_serializer(rw, "rdfxml-abbrev");
  if (!ser) {
    raptor_free_world(rw);
    return IGM_EINTERNAL;
  }
  raptor_serializer_start_to_file_handle(ser, NULL, out);
  np = igm_store_prefixes(st, &p);
  for (i = 0; i < np; i++) {
    raptor_uri *u = raptor_new_uri(rw, (const unsigned char *)p[i].iri);
    raptor_serializer_set_namespace(ser, u, (const unsigned char *)p[i].prefix);
    raptor_free_uri(u);
  }
  for (i = 0; i < n; i++) {
    raptor_statement rs;
    memset(&rs, 0, sizeof rs);
    rs.world = rw;
    rs.subject = q[i].s;
    rs.predicate = q[i].p;
    rs.object = q[i].o;
    if (raptor_serializer_serialize_statement(ser, &rs)) {
      status = IGM_EIO;
      break;
    }
  }
  raptor_serializer_serialize_end(ser);
  raptor_free_serializer(ser);
  raptor_free_world(rw);
  if (status == IGM_OK)
    status = finish(out);
  return status;
}

/* ---- SELECT / ASK writers ---- */

static IgmStatus write_boolean_text(FILE *out, const IgmResults *r)
{
  fputs(r->boolean ? "true\n" : "false\n", out);
  return finish(out);
}

/* UTF-8 display width: code points. */
static size_t text_width(const char *s)
{
  size_t w = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80)
      w++;
  return w;
}

static IgmStatus write_table(FILE *out, const IgmResults *r, IgmStore *st)
{
  size_t *width, i, j, nv = r->nvars;
  char **cells;
  if (r->kind == IGM_RES_BOOLEAN)
    return write_boolean_text(out, r);
  width = igm_xmalloc((nv + 1) * sizeof *width);
  cells = igm_xmalloc((r->nrows * nv + 1) * sizeof *cells);
  for (j = 0; j < nv; j++)
    width[j] = text_width(r->vars[j]) + 1;
  for (i = 0; i < r->nrows; i++)
    for (j = 0; j < nv; j++) {
      librdf_node *n = r->cells[i * nv + j];
      char *t = n ? igm_node_display(n, st) : igm_strdup("");
      char *c;
      for (c = t; *c; c++)
        if (*c == '\n' || *c == '\t' || *c == '\r')
          *c = ' ';
      cells[i * nv + j] = t;
      if (text_width(t) > width[j])
        width[j] = text_width(t);
    }
  for (j = 0; j < nv; j++) {
    fprintf(out, "?%s", r->vars[j]);
    if (j + 1 < nv)
      fprintf(out, "%*s", (int)(width[j] - text_width(r->vars[j]) - 1 + 2), "");
  }
  fputc('\n', out);
  for (j = 0; j < nv; j++) {
    size_t k;
    for (k = 0; k < width[j]; k++)
      fputc('-', out);
    if (j + 1 < nv)
      fputs("  ", out);
  }
  fputc('\n', out);
  for (i = 0; i < r->nrows; i++) {
    for (j = 0; j < nv; j++) {
      const char *t = cells[i * nv + j];
      fputs(t, out);
      if (j + 1 < nv)
        fprintf(out, "%*s", (int)(width[j] - text_width(t) + 2), "");
    }
    fputc('\n', out);
  }
  for (i = 0; i < r->nrows * nv; i++)
    free(cells[i]);
  free(cells);
  free(width);
  return finish(out);
}

static void csv_field(IgmBuf *b, const char *s)
{
  if (strpbrk(s, ",\"\r\n") || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '))) {
    igm_buf_putc(b, '"');
    for (; *s; s++) {
      if (*s == '"')
        igm_buf_putc(b, '"');
      igm_buf_putc(b, *s);
    }
    igm_buf_putc(b, '"');
  } else {
    igm_buf_puts(b, s);
  }
}

static IgmStatus write_csv(FILE *out, const IgmResults *r, IgmStore *st)
{
  IgmBuf b = {0};
  size_t i, j, nv = r->nvars;
  (void)st;
  if (r->kind == IGM_RES_BOOLEAN) {
    fprintf(out, "_askResult\r\n%s\r\n", r->boolean ? "true" : "false");
    return finish(out);
  }
  for (j = 0; j < nv; j++) {
    if (j)
      igm_buf_putc(&b, ',');
    csv_field(&b, r->vars[j]);
  }
  igm_buf_puts(&b, "\r\n");
  for (i = 0; i < r->nrows; i++) {
    for (j = 0; j < nv; j++) {
      librdf_node *n = r->cells[i * nv + j];
      if (j)
        igm_buf_putc(&b, ',');
      if (!n)
        continue;
      if (librdf_node_is_resource(n)) {
        csv_field(&b, node_iri(n));
      } else if (librdf_node_is_blank(n)) {
        IgmBuf t = {0};
        put_bnode(&t, n);
        csv_field(&b, t.data);
        igm_buf_free(&t);
      } else {
        csv_field(&b, (const char *)librdf_node_get_literal_value(n));
      }
    }
    igm_buf_puts(&b, "\r\n");
  }
  if (b.len)
    fwrite(b.data, 1, b.len, out);
  igm_buf_free(&b);
  return finish(out);
}

static IgmStatus write_tsv(FILE *out, const IgmResults *r, IgmStore *st)
{
  IgmBuf b = {0};
  size_t i, j, nv = r->nvars;
  (void)st;
  if (r->kind == IGM_RES_BOOLEAN) {
    fprintf(out, "?_askResult\n%s\n", r->boolean ? "true" : "false");
    return finish(out);
  }
  for (j = 0; j < nv; j++) {
    if (j)
      igm_buf_putc(&b, '\t');
    igm_buf_printf(&b, "?%s", r->vars[j]);
  }
  igm_buf_putc(&b, '\n');
  for (i = 0; i < r->nrows; i++) {
    for (j = 0; j < nv; j++) {
      librdf_node *n = r->cells[i * nv + j];
      if (j)
        igm_buf_putc(&b, '\t');
      if (n)
        put_term(&b, n, NULL, 1);
    }
    igm_buf_putc(&b, '\n');
  }
  if (b.len)
    fwrite(b.data, 1, b.len, out);
  igm_buf_free(&b);
  return finish(out);
}

void igm_json_string(IgmBuf *b, const char *s)
{
  igm_buf_putc(b, '"');
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '"': igm_buf_puts(b, "\\\""); break;
    case '\\': igm_buf_puts(b, "\\\\"); break;
    case '\n': igm_buf_puts(b, "\\n"); break;
    case '\r': igm_buf_puts(b, "\\r"); break;
    case '\t': igm_buf_puts(b, "\\t"); break;
    default:
      if (c < 0x20)
        igm_buf_printf(b, "\\u%04x", c);
      else
        igm_buf_putc(b, (char)c);
    }
  }
  igm_buf_putc(b, '"');
}

static void json_term(IgmBuf *b, librdf_node *n)
{
  if (librdf_node_is_resource(n)) {
    igm_buf_puts(b, "{ \"type\": \"uri\", \"value\": ");
    igm_json_string(b, node_iri(n));
  } else if (librdf_node_is_blank(n)) {
    igm_buf_puts(b, "{ \"type\": \"bnode\", \"value\": ");
    igm_json_string(b, (const char *)librdf_node_get_blank_identifier(n));
  } else {
    const char *lang = librdf_node_get_literal_value_language(n);
    const char *dt = literal_dt(n);
    igm_buf_puts(b, "{ \"type\": \"literal\", \"value\": ");
    igm_json_string(b, (const char *)librdf_node_get_literal_value(n));
    if (lang && *lang) {
      igm_buf_puts(b, ", \"xml:lang\": ");
      igm_json_string(b, lang);
    } else if (dt) {
      igm_buf_puts(b, ", \"datatype\": ");
      igm_json_string(b, dt);
    }
  }
  igm_buf_puts(b, " }");
}

static IgmStatus write_json(FILE *out, const IgmResults *r, IgmStore *st)
{
  IgmBuf b = {0};
  size_t i, j, nv = r->nvars;
  (void)st;
  if (r->kind == IGM_RES_BOOLEAN) {
    fprintf(out, "{\n  \"head\": { },\n  \"boolean\": %s\n}\n", r->boolean ? "true" : "false");
    return finish(out);
  }
  igm_buf_puts(&b, "{\n  \"head\": { \"vars\": [");
  for (j = 0; j < nv; j++) {
    igm_buf_puts(&b, j ? ", " : " ");
    igm_json_string(&b, r->vars[j]);
  }
  igm_buf_puts(&b, nv ? " ] },\n" : "] },\n");
  igm_buf_puts(&b, "  \"results\": {\n    \"bindings\": [");
  for (i = 0; i < r->nrows; i++) {
    int first = 1;
    igm_buf_puts(&b, i ? ",\n      {" : "\n      {");
    for (j = 0; j < nv; j++) {
      librdf_node *n = r->cells[i * nv + j];
      if (!n)
        continue;
      igm_buf_puts(&b, first ? " " : ", ");
      first = 0;
      igm_json_string(&b, r->vars[j]);
      igm_buf_puts(&b, ": ");
      json_term(&b, n);
    }
    igm_buf_puts(&b, first ? "}" : " }");
    if (b.len > 65536) {
      fwrite(b.data, 1, b.len, out);
      b.len = 0;
    }
  }
  igm_buf_puts(&b, r->nrows ? "\n    ]\n  }\n}\n" : "]\n  }\n}\n");
  fwrite(b.data, 1, b.len, out);
  igm_buf_free(&b);
  return finish(out);
}

static void xml_text(IgmBuf *b, const char *s)
{
  for (; *s; s++) {
    switch (*s) {
    case '<': igm_buf_puts(b, "&lt;"); break;
    case '>': igm_buf_puts(b, "&gt;"); break;
    case '&': igm_buf_puts(b, "&amp;"); break;
    case '"': igm_buf_puts(b, "&quot;"); break;
    default: igm_buf_putc(b, *s);
    }
  }
}

static IgmStatus write_xml(FILE *out, const IgmResults *r, IgmStore *st)
{
  IgmBuf b = {0};
  size_t i, j, nv = r->nvars;
  (void)st;
  igm_buf_puts(&b, "<?xml version=\"1.0\"?>\n"
                   "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n  <head>\n");
  if (r->kind == IGM_RES_BOOLEAN) {
    igm_buf_printf(&b, "  </head>\n  <boolean>%s</boolean>\n</sparql>\n",
                   r->boolean ? "true" : "false");
    fwrite(b.data, 1, b.len, out);
    igm_buf_free(&b);
    return finish(out);
  }
  for (j = 0; j < nv; j++) {
    igm_buf_puts(&b, "    <variable name=\"");
    xml_text(&b, r->vars[j]);
    igm_buf_puts(&b, "\"/>\n");
  }
  igm_buf_puts(&b, "  </head>\n  <results>\n");
  for (i = 0; i < r->nrows; i++) {
    igm_buf_puts(&b, "    <result>\n");
    for (j = 0; j < nv; j++) {
      librdf_node *n = r->cells[i * nv + j];
      if (!n)
        continue;
      igm_buf_puts(&b, "      <binding name=\"");
      xml_text(&b, r->vars[j]);
      igm_buf_puts(&b, "\">");
      if (librdf_node_is_resource(n)) {
        igm_buf_puts(&b, "<uri>");
        xml_text(&b, node_iri(n));
        igm_buf_puts(&b, "</uri>");
      } else if (librdf_node_is_blank(n)) {
        igm_buf_puts(&b, "<bnode>");
        xml_text(&b, (const char *)librdf_node_get_blank_identifier(n));
        igm_buf_puts(&b, "</bnode>");
      } else {
        const char *lang = librdf_node_get_literal_value_language(n);
        const char *dt = literal_dt(n);
        igm_buf_puts(&b, "<literal");
        if (lang && *lang) {
          igm_buf_puts(&b, " xml:lang=\"");
          xml_text(&b, lang);
          igm_buf_putc(&b, '"');
        } else if (dt) {
          igm_buf_puts(&b, " datatype=\"");
          xml_text(&b, dt);
          igm_buf_putc(&b, '"');
        }
        igm_buf_putc(&b, '>');
        xml_text(&b, (const char *)librdf_node_get_literal_value(n));
        igm_buf_puts(&b, "</literal>");
      }
      igm_buf_puts(&b, "</binding>\n");
    }
    igm_buf_puts(&b, "    </result>\n");
    if (b.len > 65536) {
      fwrite(b.data, 1, b.len, out);
      b.len = 0;
    }
  }
  igm_buf_puts(&b, "  </results>\n</sparql>\n");
  fwrite(b.data, 1, b.len, out);
  igm_buf_free(&b);
  return finish(out);
}

/* ---- the table ---- */

static const IgmFormat formats[] = {
    {"table", IGM_FMT_KIND_RESULTS, "aligned columns with prefixed names (default)", write_table, NULL},
    {"csv", IGM_FMT_KIND_RESULTS, "SPARQL 1.1 CSV results", write_csv, NULL},
    {"tsv", IGM_FMT_KIND_RESULTS, "SPARQL 1.1 TSV results", write_tsv, NULL},
    {"json", IGM_FMT_KIND_RESULTS, "SPARQL 1.1 Query Results JSON", write_json, NULL},
    {"xml", IGM_FMT_KIND_RESULTS, "SPARQL Query Results XML", write_xml, NULL},
    {"turtle", IGM_FMT_KIND_GRAPH, "Turtle with the project's prefixes (default)", NULL, write_turtle},
    {"ntriples", IGM_FMT_KIND_GRAPH, "N-Triples", NULL, write_ntriples},
    {"nquads", IGM_FMT_KIND_GRAPH, "N-Quads (keeps graphs)", NULL, write_nquads},
    {"rdfxml", IGM_FMT_KIND_GRAPH, "RDF/XML", NULL, write_rdfxml},
};

const IgmFormat *igm_format_find(const char *name, IgmFormatKind kind)
{
  size_t i;
  static const char *const aliases[][2] = {{"ttl", "turtle"}, {"nt", "ntriples"},
                                           {"nq", "nquads"},  {"rdf", "rdfxml"},
                                           {"srj", "json"},   {"srx", "xml"}};
  for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (strcmp(name, aliases[i][0]) == 0)
      name = aliases[i][1];
  for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (formats[i].kind == kind && strcmp(formats[i].name, name) == 0)
      return &formats[i];
  return NULL;
}

void igm_format_list(FILE *out, IgmFormatKind kind)
{
  size_t i;
  for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (formats[i].kind == kind)
      fprintf(out, "  %-9s %s\n", formats[i].name, formats[i].summary);
}
