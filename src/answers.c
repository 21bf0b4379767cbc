/* answers.c: see answers.h. */
#include "answers.h"
#include "format.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "query_exec.h"

const char igm_answer_prefixes[] =
    "PREFIX ig: <https://w3id.org/igmap/def/ig#>\n"
    "PREFIX issue: <https://w3id.org/igmap/def/issue/>\n"
    "PREFIX role: <https://w3id.org/igmap/def/role/>\n"
    "PREFIX status: <https://w3id.org/igmap/def/status/>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX org: <http://www.w3.org/ns/org#>\n"
    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
    "PREFIX schema: <http://schema.org/>\n";

IgmStatus igm_answer_select(IgmStore *store, const char *name, const char *body, IgmResults **out)
{
  IgmDataset ds;
  char *text = igm_printf("%s%s", igm_answer_prefixes, body);
  char *base = igm_file_uri("answer.rq");
  IgmStatus st;
  memset(&ds, 0, sizeof ds);
  ds.world = igm_store_world(store);
  ds.model = igm_store_model(store);
  ds.default_is_union = 1;
  *out = NULL;
  st = igm_query_execute(text, name, base, &ds, out);
  free(text);
  free(base);
  if (st == IGM_OK && (*out)->kind != IGM_RES_BINDINGS)
    st = IGM_EINTERNAL;
  return st;
}

size_t igm_answer_col(const IgmResults *r, const char *var)
{
  size_t j;
  for (j = 0; j < r->nvars; j++)
    if (strcmp(r->vars[j], var) == 0)
      return j;
  return (size_t)-1;
}

const char *igm_answer_str(const IgmResults *r, size_t row, size_t col)
{
  librdf_node *n;
  if (col >= r->nvars || row >= r->nrows)
    return NULL;
  n = r->cells[row * r->nvars + col];
  if (!n)
    return NULL;
  if (librdf_node_is_resource(n))
    return (const char *)librdf_uri_as_string(librdf_node_get_uri(n));
  if (librdf_node_is_literal(n))
    return (const char *)librdf_node_get_literal_value(n);
  return (const char *)librdf_node_get_blank_identifier(n);
}

char *igm_answer_short(IgmStore *store, const char *iri)
{
  char *s = igm_store_shorten(store, iri);
  return s ? s : igm_printf("<%s>", iri);
}

void igm_answer_csv(IgmBuf *b, const char *s)
{
  if (!s)
    return;
  if (strpbrk(s, ",\"\r\n")) {
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

void igm_answer_tsv(IgmBuf *b, const char *s)
{
  if (!s)
    return;
  for (; *s; s++)
    igm_buf_putc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
}

void igm_answer_json(IgmBuf *b, const char *s) { igm_json_string(b, s); }

void igm_answer_html(IgmBuf *b, const char *s)
{
  for (; s && *s; s++) {
    switch (*s) {
    case '&': igm_buf_puts(b, "&amp;"); break;
    case '<': igm_buf_puts(b, "&lt;"); break;
    case '>': igm_buf_puts(b, "&gt;"); break;
    case '"': igm_buf_puts(b, "&quot;"); break;
    default: igm_buf_putc(b, *s);
    }
  }
}

IgmStatus igm_answer_emit(IgmBuf *b)
{
  if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len) {
    igm_error("cannot write to standard output: %s", strerror(errno ? errno : EIO));
    return IGM_EIO;
  }
  return IGM_OK;
}
