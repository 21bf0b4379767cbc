/* resolve.c: see resolve.h. Reads the store through librdf's statement matching (no SPARQL):
 * a handful of lookups over a few thousand label statements. */
#include "resolve.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "params.h"
#include "util.h"

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define NS_IG "https://w3id.org/igmap/def/ig#"
#define NS_DEF "https://w3id.org/igmap/def/"
#define NS_ID "https://w3id.org/igmap/id/"

static const char *const label_props[] = {
    NS_RDFS "label",           NS_SKOS "prefLabel", NS_SKOS "altLabel", "http://schema.org/name",
    NS_SKOS "notation",        "http://purl.org/dc/terms/identifier",   NS_IG "alias",
    "http://data.europa.eu/eli/ontology#number",
};
#define NLABEL_PROPS (sizeof label_props / sizeof label_props[0])

static const struct {
  IgmTermKind kind;
  const char *name;
  const char *what;
  const char *whats;
  const char *classes[3];
  const char *key_bases[11];
} kinds[] = {
    {IGM_TERM_ANY,
     "iri",
     "term",
     "terms",
     {NULL},
     {NS_ID, NS_ID "body/", NS_ID "doc/", NS_ID "meeting/", NS_DEF "issue/",
      NS_DEF "wsis-action-line/", NS_DEF "characteristic/", NS_DEF "role/", NS_DEF "status/",
      NS_DEF "body-type/", NULL}},
    {IGM_TERM_ISSUE,
     "issue",
     "issue or action line",
     "issues or action lines",
     {NS_IG "Issue", NS_IG "ActionLine", NULL},
     {NS_DEF "issue/", NS_DEF "wsis-action-line/", NULL}},
    {IGM_TERM_BODY, "body", "body", "bodies", {NS_IG "Body", NULL}, {NS_ID "body/", NULL}},
    {IGM_TERM_PROVISION, "provision", "provision", "provisions", {NS_IG "Provision", NULL}, {NS_ID "doc/", NULL}},
    {IGM_TERM_PROPOSAL, "proposal", "proposal", "proposals", {NS_IG "Proposal", NULL}, {NS_ID "doc/", NULL}},
    {IGM_TERM_DOCUMENT, "document", "document", "documents", {NS_IG "Document", NULL}, {NS_ID "doc/", NULL}},
    {IGM_TERM_LITERAL, "literal", "literal", "literals", {NULL}, {NULL}},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

int igm_term_kind_parse(const char *name, IgmTermKind *out)
{
  size_t i;
  for (i = 0; i < NKINDS; i++)
    if (strcmp(kinds[i].name, name) == 0) {
      *out = kinds[i].kind;
      return 1;
    }
  return 0;
}

const char *igm_term_kind_name(IgmTermKind kind)
{
  size_t i;
  for (i = 0; i < NKINDS; i++)
    if (kinds[i].kind == kind)
      return kinds[i].name;
  return "iri";
}

static size_t kind_index(IgmTermKind kind)
{
  size_t i;
  for (i = 0; i < NKINDS; i++)
    if (kinds[i].kind == kind)
      return i;
  return 0;
}

/* ---------------------------------------------------------------- store lookups */

static librdf_node *uri_node(IgmStore *store, const char *iri)
{
  return librdf_new_node_from_uri_string(igm_store_world(store), (const unsigned char *)iri);
}

/* 1 if some statement matches (s, p, o); NULL parts are wildcards. Nodes are borrowed. */
static int matches(IgmStore *store, librdf_node *s, librdf_node *p, librdf_node *o)
{
  librdf_world *w = igm_store_world(store);
  librdf_statement *pat = librdf_new_statement(w);
  librdf_stream *st;
  int found = 0;
  if (!pat)
    return 0;
  if (s)
    librdf_statement_set_subject(pat, librdf_new_node_from_node(s));
  if (p)
    librdf_statement_set_predicate(pat, librdf_new_node_from_node(p));
  if (o)
    librdf_statement_set_object(pat, librdf_new_node_from_node(o));
  st = librdf_model_find_statements(igm_store_model(store), pat);
  librdf_free_statement(pat);
  if (!st)
    return 0;
  found = !librdf_stream_end(st);
  librdf_free_stream(st);
  return found;
}

static int iri_exists(IgmStore *store, const char *iri)
{
  librdf_node *n = uri_node(store, iri);
  int r;
  if (!n)
    return 0;
  r = matches(store, n, NULL, NULL) || matches(store, NULL, NULL, n);
  librdf_free_node(n);
  return r;
}

static int has_kind(IgmStore *store, const char *iri, IgmTermKind kind)
{
  size_t k = kind_index(kind), i;
  librdf_node *s, *type;
  int r = 0;
  if (!kinds[k].classes[0])
    return 1;
  s = uri_node(store, iri);
  type = uri_node(store, NS_RDF "type");
  for (i = 0; !r && i < 3 && kinds[k].classes[i]; i++) {
    librdf_node *c = uri_node(store, kinds[k].classes[i]);
    r = matches(store, s, type, c);
    librdf_free_node(c);
  }
  librdf_free_node(s);
  librdf_free_node(type);
  return r;
}

/* The literal object of (iri, pred), first found; malloc'd or NULL. */
static char *literal_of(IgmStore *store, const char *iri, const char *pred)
{
  librdf_world *w = igm_store_world(store);
  librdf_node *s = uri_node(store, iri), *p = uri_node(store, pred);
  librdf_statement *pat = librdf_new_statement_from_nodes(w, s, p, NULL);
  librdf_stream *st;
  char *out = NULL;
  if (!pat)
    return NULL;
  st = librdf_model_find_statements(igm_store_model(store), pat);
  librdf_free_statement(pat);
  if (!st)
    return NULL;
  for (; !out && !librdf_stream_end(st); librdf_stream_next(st)) {
    librdf_node *o = librdf_statement_get_object(librdf_stream_get_object(st));
    if (o && librdf_node_is_literal(o))
      out = igm_strdup((const char *)librdf_node_get_literal_value(o));
  }
  librdf_free_stream(st);
  return out;
}

char *igm_resolve_label(IgmStore *store, const char *iri)
{
  char *l = literal_of(store, iri, NS_RDFS "label");
  if (!l)
    l = literal_of(store, iri, NS_SKOS "prefLabel");
  if (!l)
    l = literal_of(store, iri, "http://schema.org/name");
  return l;
}

/* ---------------------------------------------------------------- candidates */

typedef struct Cands {
  char **iri;
  size_t n, cap;
} Cands;

static void cands_add(Cands *c, const char *iri)
{
  size_t i;
  for (i = 0; i < c->n; i++)
    if (strcmp(c->iri[i], iri) == 0)
      return;
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 8;
    c->iri = igm_xrealloc(c->iri, c->cap * sizeof *c->iri);
  }
  c->iri[c->n++] = igm_strdup(iri);
}

static void cands_free(Cands *c)
{
  size_t i;
  for (i = 0; i < c->n; i++)
    free(c->iri[i]);
  free(c->iri);
  memset(c, 0, sizeof *c);
}

/* Lower-cased ASCII, runs of white space as one space, trimmed. malloc'd. */
static char *normalise(const char *s)
{
  IgmBuf b = {0};
  int space = 0;
  while (*s && isspace((unsigned char)*s))
    s++;
  for (; *s; s++) {
    if (isspace((unsigned char)*s)) {
      space = 1;
      continue;
    }
    if (space)
      igm_buf_putc(&b, ' ');
    space = 0;
    igm_buf_putc(&b, (char)tolower((unsigned char)*s));
  }
  return igm_buf_take(&b);
}

static size_t edit_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b), i, j;
  size_t *row = igm_xmalloc((lb + 1) * sizeof *row), d;
  for (j = 0; j <= lb; j++)
    row[j] = j;
  for (i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (j = 1; j <= lb; j++) {
      size_t up = row[j], best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  d = row[lb];
  free(row);
  return d;
}

typedef struct Near {
  char *iri;
  size_t score;
} Near;

static int near_cmp(const void *a, const void *b)
{
  const Near *x = a, *y = b;
  if (x->score != y->score)
    return x->score < y->score ? -1 : 1;
  return strcmp(x->iri, y->iri);
}

/* Walks every label statement: exact matches of `norm` go to `exact`; with `near` set, close ones
 * (substring or small edit distance) go to *near with a score. Only subjects of `kind`. */
static IgmStatus scan_labels(IgmStore *store, const char *norm, IgmTermKind kind, Cands *exact,
                             Near **near, size_t *nnear)
{
  size_t i, len = strlen(norm), maxd = len / 4 + 1;
  librdf_world *w = igm_store_world(store);
  for (i = 0; i < NLABEL_PROPS; i++) {
    librdf_node *p = uri_node(store, label_props[i]);
    librdf_statement *pat = librdf_new_statement_from_nodes(w, NULL, p, NULL);
    librdf_stream *st;
    if (!pat)
      return IGM_EINTERNAL;
    st = librdf_model_find_statements(igm_store_model(store), pat);
    librdf_free_statement(pat);
    if (!st)
      return IGM_EIO;
    for (; !librdf_stream_end(st); librdf_stream_next(st)) {
      librdf_statement *s = librdf_stream_get_object(st);
      librdf_node *subj = librdf_statement_get_subject(s), *o = librdf_statement_get_object(s);
      const char *iri;
      char *lab;
      if (!subj || !o || !librdf_node_is_resource(subj) || !librdf_node_is_literal(o))
        continue;
      iri = (const char *)librdf_uri_as_string(librdf_node_get_uri(subj));
      lab = normalise((const char *)librdf_node_get_literal_value(o));
      if (strcmp(lab, norm) == 0) {
        if (has_kind(store, iri, kind))
          cands_add(exact, iri);
      } else if (near) {
        size_t score = (size_t)-1;
        if (len >= 3 && strstr(lab, norm))
          score = 10 + strlen(lab) - len;
        else if (len >= 3 && strlen(lab) < len + maxd + 1 && strlen(lab) + maxd + 1 > len) {
          size_t d = edit_distance(lab, norm);
          if (d <= maxd)
            score = d;
        }
        if (score != (size_t)-1 && has_kind(store, iri, kind)) {
          size_t k;
          for (k = 0; k < *nnear; k++)
            if (strcmp((*near)[k].iri, iri) == 0)
              break;
          if (k == *nnear) {
            *near = igm_xrealloc(*near, (*nnear + 1) * sizeof **near);
            (*near)[k].iri = igm_strdup(iri);
            (*near)[k].score = score;
            (*nnear)++;
          } else if (score < (*near)[k].score) {
            (*near)[k].score = score;
          }
        }
      }
      free(lab);
    }
    librdf_free_stream(st);
  }
  return IGM_OK;
}

/* One candidate line on stderr: "  pfx:local  label". */
static void print_candidate(IgmStore *store, const char *iri)
{
  char *shortn = igm_store_shorten(store, iri);
  char *label = igm_resolve_label(store, iri);
  if (shortn)
    fprintf(stderr, "  %-34s %s\n", shortn, label ? label : "");
  else
    fprintf(stderr, "  <%s> %s\n", iri, label ? label : "");
  free(shortn);
  free(label);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_key(const char *v)
{
  const char *p;
  if (!*v || *v == '/' || *v == '.')
    return 0;
  for (p = v; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
          *p == '/' || *p == '.'))
      return 0;
  return strstr(v, "..") == NULL;
}

static int looks_absolute(const char *v)
{
  const char *p = v;
  if (!isalpha((unsigned char)*p))
    return 0;
  while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return p[0] == ':' && p[1] == '/' && p[2] == '/' && !strpbrk(v, " <>\"{}|\\^`");
}

/* The IRI that value spells directly (<IRI>, absolute IRI, prefixed name), malloc'd, or NULL. */
static char *direct_iri(IgmStore *store, const char *v)
{
  size_t n = strlen(v);
  if (n >= 2 && v[0] == '<' && v[n - 1] == '>')
    return igm_strndup(v + 1, n - 2);
  if (looks_absolute(v))
    return igm_strdup(v);
  if (strchr(v, ':') && !strpbrk(v, " <>\"")) {
    /* a Turtle-style escaped slash in the local name (ta:para_35\/point_a) is a plain slash */
    IgmBuf b = {0};
    const char *p;
    char *iri;
    for (p = v; *p; p++)
      if (!(p[0] == '\\' && p[1] == '/'))
        igm_buf_putc(&b, *p);
    iri = igm_store_expand(store, b.data);
    igm_buf_free(&b);
    return iri;
  }
  return NULL;
}

IgmStatus igm_resolve(IgmStore *store, const char *value, IgmTermKind kind, char **iri_out)
{
  size_t k = kind_index(kind), i;
  const char *what = kinds[k].what;
  Cands c = {0};
  Near *near = NULL;
  size_t nnear = 0;
  char *iri, *norm = NULL;
  IgmStatus st = IGM_OK;

  *iri_out = NULL;
  if (!*value) {
    igm_error("an empty value names no %s", what);
    return IGM_EUSAGE;
  }
  /* 1. spelled out */
  iri = direct_iri(store, value);
  if (iri) {
    if (!iri_exists(store, iri)) {
      igm_error("unknown %s '%s': the store has nothing about <%s>", what, value, iri);
      free(iri);
      return IGM_EUSAGE;
    }
    if (!has_kind(store, iri, kind)) {
      igm_error("'%s' is not a%s %s", value, strchr("aeiou", what[0]) ? "n" : "", what);
      free(iri);
      return IGM_EUSAGE;
    }
    *iri_out = iri;
    return IGM_OK;
  }
  /* 2. keys */
  if (is_key(value)) {
    for (i = 0; i < 11 && kinds[k].key_bases[i]; i++) {
      char *cand = igm_printf("%s%s", kinds[k].key_bases[i], value);
      if (iri_exists(store, cand) && has_kind(store, cand, kind))
        cands_add(&c, cand);
      free(cand);
    }
  }
  /* 3. labels */
  norm = normalise(value);
  if (c.n == 0) {
    st = scan_labels(store, norm, kind, &c, &near, &nnear);
    if (st != IGM_OK) {
      igm_error("cannot read the labels of the store");
      goto done;
    }
  }
  if (c.n == 1) {
    *iri_out = igm_strdup(c.iri[0]);
    goto done;
  }
  st = IGM_EUSAGE;
  if (c.n > 1) {
    qsort(c.iri, c.n, sizeof *c.iri, cmp_str);
    igm_error("'%s' is ambiguous: it names %zu %s", value, c.n, kinds[k].whats);
    for (i = 0; i < c.n; i++)
      print_candidate(store, c.iri[i]);
    fprintf(stderr, "give one of them as a prefixed name or an IRI\n");
    goto done;
  }
  /* unknown; if it names something of another kind, say so */
  if (kind != IGM_TERM_ANY) {
    Cands other = {0};
    char *o = NULL;
    if (is_key(value)) {
      size_t a = kind_index(IGM_TERM_ANY);
      for (i = 0; i < 11 && kinds[a].key_bases[i]; i++) {
        char *cand = igm_printf("%s%s", kinds[a].key_bases[i], value);
        if (iri_exists(store, cand))
          cands_add(&other, cand);
        free(cand);
      }
    }
    if (other.n == 0)
      scan_labels(store, norm, IGM_TERM_ANY, &other, NULL, NULL);
    if (other.n > 0)
      o = igm_store_shorten(store, other.iri[0]);
    if (o) {
      igm_error("'%s' is not a%s %s (it names %s)", value, strchr("aeiou", what[0]) ? "n" : "",
                what, o);
      free(o);
      cands_free(&other);
      goto suggest;
    }
    cands_free(&other);
  }
  igm_error("unknown %s '%s'", what, value);
suggest:
  if (nnear) {
    qsort(near, nnear, sizeof *near, near_cmp);
    fprintf(stderr, "close candidates:\n");
    for (i = 0; i < nnear && i < 8; i++)
      print_candidate(store, near[i].iri);
  }
done:
  for (i = 0; i < nnear; i++)
    free(near[i].iri);
  free(near);
  free(norm);
  cands_free(&c);
  return st;
}

/* ---------------------------------------------------------------- canned query parameters */

/* The header's "# param NAME: TYPE, what it is" line for `name`; fills kind and optional. */
static int header_param(const char *text, const char *name, size_t nlen, IgmTermKind *kind,
                        int *optional, char **desc)
{
  const char *line = text;
  while (*line == '#') {
    const char *end = strchr(line, '\n'), *p = line + 1;
    if (!end)
      end = line + strlen(line);
    while (*p == ' ')
      p++;
    if (strncmp(p, "param ", 6) == 0) {
      p += 6;
      while (*p == ' ')
        p++;
      if ((size_t)(end - p) > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == ':') {
        const char *t = p + nlen + 1, *te;
        char *tname;
        while (*t == ' ')
          t++;
        te = t;
        while (te < end && isalpha((unsigned char)*te))
          te++;
        tname = igm_strndup(t, (size_t)(te - t));
        if (!igm_term_kind_parse(tname, kind))
          *kind = IGM_TERM_LITERAL;
        free(tname);
        while (te < end && (*te == ',' || *te == ' '))
          te++;
        *optional = strncmp(te, "optional", 8) == 0;
        *desc = igm_strndup(te, (size_t)(end - te));
        return 1;
      }
    }
    if (!*end)
      break;
    line = end + 1;
  }
  return 0;
}

IgmStatus igm_resolve_query_params(const char *text, IgmParam *params, size_t n, IgmStore *store,
                                   char ***owned)
{
  const char *line = text;
  size_t i;
  *owned = igm_xmalloc((n + 1) * sizeof **owned);
  memset(*owned, 0, (n + 1) * sizeof **owned);
  /* every declared parameter that is not optional must be given */
  while (*line == '#') {
    const char *end = strchr(line, '\n'), *p = line + 1;
    if (!end)
      end = line + strlen(line);
    while (*p == ' ')
      p++;
    if (strncmp(p, "param ", 6) == 0) {
      const char *nm = p + 6, *ne;
      IgmTermKind kind;
      int optional = 0, given = 0;
      char *desc = NULL;
      while (*nm == ' ')
        nm++;
      for (ne = nm; ne < end && (isalnum((unsigned char)*ne) || *ne == '_'); ne++)
        ;
      for (i = 0; i < n; i++)
        if (strncmp(params[i].name, nm, (size_t)(ne - nm)) == 0 &&
            params[i].name[ne - nm] == '=')
          given = 1;
      if (header_param(text, nm, (size_t)(ne - nm), &kind, &optional, &desc) && !given &&
          !optional) {
        IgmStatus st = igm_usage_error("query", "this query needs --param %.*s=VALUE: %s",
                                       (int)(ne - nm), nm, desc);
        free(desc);
        return st;
      }
      free(desc);
    }
    if (!*end)
      break;
    line = end + 1;
  }
  for (i = 0; i < n; i++) {
    const char *eq = strchr(params[i].name, '=');
    size_t nlen = (size_t)(eq - params[i].name);
    IgmTermKind kind;
    int optional;
    char *desc = NULL, *iri = NULL;
    IgmStatus st;
    if (!header_param(text, params[i].name, nlen, &kind, &optional, &desc) ||
        kind == IGM_TERM_LITERAL) {
      free(desc);
      continue;
    }
    free(desc);
    st = igm_resolve(store, params[i].value, kind, &iri);
    if (st != IGM_OK)
      return st;
    (*owned)[i] = igm_printf("%.*s=<%s>", (int)nlen, params[i].name, iri);
    free(iri);
    params[i].name = (*owned)[i];
    params[i].value = (*owned)[i] + nlen + 1;
  }
  return IGM_OK;
}
