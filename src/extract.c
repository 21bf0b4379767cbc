/* extract.c: from a document's plain text to its provisions: lines, page furniture, numbered
 * paragraphs in their layouts, sub-items, headings, numbering that restarts, and the triples of
 * each provision. Cleaning is in extract_clean.c, citations and mentions in extract_refs.c. */
#include "extract_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_IG "https://w3id.org/igmap/def/ig#"
#define NS_ELI "http://data.europa.eu/eli/ontology#"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NS_DCT "http://purl.org/dc/terms/"

int igm_extract_key_valid(const char *key)
{
  size_t n = key ? strlen(key) : 0;
  if (n == 0 || n > 200)
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)key[i];
    int ok = igm_x_is_lower(c) || igm_x_is_digit(c) || (i > 0 && (c == '.' || c == '_' || c == '-'));
    if (!ok)
      return 0;
  }
  return 1;
}

/* ---- lines ---- */

typedef struct Line {
  size_t off, len; /* trimmed text in the sanitized buffer */
} Line;

typedef enum LabelKind { LBL_NONE, LBL_DOT, LBL_BARE, LBL_SUFFIX, LBL_WORD } LabelKind;

typedef struct Label {
  LabelKind kind;
  long num;
  int suf_ord;      /* 0, or 2 for bis, 3 for ter/tres ... */
  char suf[12];     /* the suffix as printed, lowercased: "bis" */
  size_t printed;   /* bytes of the printed number ("2 bis", "12") */
  size_t rest;      /* where the text starts */
  int rest_upper;   /* the text starts with a capital, a quote or a bracket */
} Label;

static const struct {
  const char *w;
  int ord;
} suffixes[] = {{"bis", 2},     {"ter", 3},     {"tres", 3},   {"quater", 4},
                {"quinquies", 5}, {"sexies", 6}, {"septies", 7}, {"octies", 8},
                {"novies", 9},  {"nonies", 9},  {"decies", 10}};

static int ci_eq(const char *a, size_t n, const char *lit)
{
  if (strlen(lit) != n)
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)a[i];
    if (igm_x_is_upper(c))
      c = (unsigned char)(c + 32);
    if (c != (unsigned char)lit[i])
      return 0;
  }
  return 1;
}

static int starts_upperish(const char *s, size_t n)
{
  if (n == 0)
    return 0;
  unsigned char c = (unsigned char)s[0];
  if (igm_x_is_upper(c) || c == '(' || c == '"' || c == '\'' || c == '[' || c == '_')
    return 1;
  if (c >= 0xC3) /* a quote, or a capital beyond ASCII: be lenient */
    return 1;
  return 0;
}

/* Parses a paragraph number at the start of line s: "12. Text", "12) Text", "12", "12.",
 * "2 bis Text", "Paragraph 12". */
static Label parse_label(const char *s, size_t n)
{
  Label l;
  memset(&l, 0, sizeof l);
  size_t i = 0;
  int word = 0;
  if (n >= 10 && ci_eq(s, 9, "paragraph") && s[9] == ' ') {
    i = 10;
    word = 1;
  } else if (n >= 5 && ci_eq(s, 4, "para") && (s[4] == ' ' || s[4] == '.')) {
    i = s[4] == '.' ? (n > 5 && s[5] == ' ' ? 6 : 5) : 5;
    word = 1;
  }
  while (word && i < n && s[i] == ' ')
    i++;
  size_t d0 = i;
  long v = 0;
  while (i < n && igm_x_is_digit((unsigned char)s[i]) && i - d0 < 7) {
    v = v * 10 + (s[i] - '0');
    i++;
  }
  size_t d = i - d0;
  if (d == 0 || d > 6 || v == 0 || (i < n && igm_x_is_digit((unsigned char)s[i])))
    return l;
  l.num = v;
  /* a Latin suffix: "2 bis", "2bis" */
  size_t j = i;
  if (j < n && s[j] == ' ')
    j++;
  size_t w = 0;
  while (j + w < n && igm_x_is_alpha((unsigned char)s[j + w]))
    w++;
  for (size_t k = 0; w && k < sizeof suffixes / sizeof suffixes[0]; k++) {
    if (ci_eq(s + j, w, suffixes[k].w)) {
      l.suf_ord = suffixes[k].ord;
      for (size_t c = 0; c < w; c++)
        l.suf[c] = (char)(igm_x_is_upper((unsigned char)s[j + c]) ? s[j + c] + 32 : s[j + c]);
      l.suf[w] = '\0';
      i = j + w;
      break;
    }
  }
  l.printed = i;
  if (word) {
    l.printed = i;
    l.kind = LBL_WORD;
    if (i < n && (s[i] == '.' || s[i] == ':'))
      i++;
    if (i < n && s[i] != ' ')
      return (Label){0};
  } else if (l.suf_ord) {
    l.kind = LBL_SUFFIX;
    if (i < n && (s[i] == '.' || s[i] == ':' || s[i] == ')'))
      i++;
    if (i < n && s[i] != ' ' && s[i] != '_')
      return (Label){0};
  } else if (i == n) {
    l.kind = LBL_BARE;
  } else if (s[i] == '.' || s[i] == ')') {
    i++;
    if (i == n) {
      l.kind = LBL_BARE;
    } else if (s[i] == ' ') {
      l.kind = LBL_DOT;
    } else {
      return (Label){0};
    }
  } else {
    return (Label){0};
  }
  while (i < n && s[i] == ' ')
    i++;
  l.rest = i;
  l.rest_upper = starts_upperish(s + i, n - i);
  return l;
}

/* A page number or running footer: "- 3 -", "Page 3", "Page 3 of 12", "3/12". */
static int is_page_number(const char *s, size_t n)
{
  size_t i = 0;
  int page = 0, dash = 0;
  if (n >= 5 && ci_eq(s, 4, "page") && s[4] == ' ') {
    i = 5;
    page = 1;
  } else if (n && s[0] == '-') {
    i = 1;
    dash = 1;
  }
  while (i < n && s[i] == ' ')
    i++;
  size_t d = i;
  while (i < n && igm_x_is_digit((unsigned char)s[i]))
    i++;
  if (i == d)
    return 0;
  while (i < n && s[i] == ' ')
    i++;
  if (i == n)
    return page;
  if (dash) {
    if (s[i] != '-')
      return 0;
    i++;
    while (i < n && s[i] == ' ')
      i++;
    return i == n;
  }
  if (s[i] == '/' || (i + 2 < n && ci_eq(s + i, 2, "of") && s[i + 2] == ' ')) {
    i += s[i] == '/' ? 1 : 3;
    while (i < n && s[i] == ' ')
      i++;
    size_t e = i;
    while (i < n && igm_x_is_digit((unsigned char)s[i]))
      i++;
    return i > e && i == n;
  }
  return 0;
}

/* ---- the state of one extraction ---- */

typedef struct Prov {
  int active;
  long num;
  int suf_ord;
  char suf[12];
  char letter;        /* sub-items */
  char printed[64];   /* eli:number */
  char iri_tail[96];  /* "rec_2bis", "para_35/point_a" */
  char sort[48];
  long first, last;   /* raw line range */
  IgmXBuf raw;
  long *qnums;        /* numbered paragraphs quoted in it */
  size_t *qpos;       /* offset in raw where their quotation opened */
  size_t nq, qcap;
} Prov;

typedef struct State {
  const IgmExtractOptions *opt;
  IgmExtractSink sink;
  void *ctx;
  IgmStatus st;
  const char *lang;
  const char *doc_label;
  char *doc_iri;
  /* numbering */
  char prefix[40];
  char **used_prefixes;
  size_t nused;
  long last;
  int last_suf;
  long nparas;
  int after_heading;
  char *section;
  /* the paragraph and its current sub-item */
  Prov par, sub;
  int par_emitted;
  char sub_expect;
  int in_quote;
  size_t qopen;
  long fn_last;
  IgmXBodies *bodies;
  IgmXBuf tmp, text, iri, lbl;
} State;

#define CHECK(st_, expr)                                                                          \
  do {                                                                                            \
    if ((st_)->st == IGM_OK && (expr))                                                            \
      (st_)->st = IGM_EINTERNAL;                                                                  \
  } while (0)

static void emit(State *st, const char *s, const char *p, const IgmExtractTerm *o)
{
  if (st->st != IGM_OK)
    return;
  st->st = st->sink(st->ctx, s, p, o);
}

static void emit_iri(State *st, const char *s, const char *p, const char *o)
{
  IgmExtractTerm t = {1, o, NULL, NULL};
  emit(st, s, p, &t);
}

static void emit_lit(State *st, const char *s, const char *p, const char *v, const char *lang)
{
  IgmExtractTerm t = {0, v, lang, NULL};
  emit(st, s, p, &t);
}

static void prov_reset(Prov *p)
{
  IgmXBuf raw = p->raw;
  long *qn = p->qnums;
  size_t *qp = p->qpos;
  size_t qcap = p->qcap;
  memset(p, 0, sizeof *p);
  igm_xbuf_clear(&raw);
  p->raw = raw;
  p->qnums = qn;
  p->qpos = qp;
  p->qcap = qcap;
}

static void prov_free(Prov *p)
{
  igm_xbuf_free(&p->raw);
  free(p->qnums);
  free(p->qpos);
}

static int cite_cmp(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int add_cite_iri(State *st, char ***v, size_t *n, size_t *cap, const char *key, long num,
                        char letter, const char *self)
{
  char buf[512];
  const char *k = key ? key : st->opt->doc_key;
  int len;
  if (letter)
    len = snprintf(buf, sizeof buf, "%sdoc/%s/para_%ld/point_%c", IGM_EXTRACT_ID_BASE, k, num, letter);
  else
    len = snprintf(buf, sizeof buf, "%sdoc/%s/para_%ld", IGM_EXTRACT_ID_BASE, k, num);
  if (len < 0 || (size_t)len >= sizeof buf || strcmp(buf, self) == 0)
    return 0;
  if (*n == *cap) {
    size_t nc = *cap ? *cap * 2 : 8;
    char **nv = realloc(*v, nc * sizeof *nv);
    if (!nv)
      return -1;
    *v = nv;
    *cap = nc;
  }
  (*v)[*n] = strdup(buf);
  if (!(*v)[*n])
    return -1;
  (*n)++;
  return 0;
}

/* Blanks out (with spaces) the quotations of t that hold one of the quoted paragraph numbers
 * qn ("“4.1 Enhanced Cooperation 64. We acknowledge ... 65. We note ...”"). */
static void mask_quoted(char *t, size_t n, const long *qn, size_t nq)
{
  size_t i = 0;
  while (i < n) {
    int straight = 0;
    if (t[i] == '"')
      straight = 1;
    else if (!(i + 2 < n && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
               (unsigned char)t[i + 2] == 0x9C)) {
      i++;
      continue;
    }
    size_t a = i, e = i + (straight ? 1 : 3);
    while (e < n && !(straight ? t[e] == '"'
                               : (e + 2 < n && (unsigned char)t[e] == 0xE2 &&
                                  (unsigned char)t[e + 1] == 0x80 && (unsigned char)t[e + 2] == 0x9D)))
      e++;
    int hit = 0;
    for (size_t k = a; k < e && !hit; k++) {
      if (k > a && igm_x_is_digit((unsigned char)t[k - 1]))
        continue;
      long v = 0;
      size_t d = k;
      while (d < e && d - k < 5 && igm_x_is_digit((unsigned char)t[d]))
        v = v * 10 + (t[d++] - '0');
      if (d > k && d + 1 < e && t[d] == '.' && t[d + 1] == ' ')
        for (size_t q = 0; q < nq && !hit; q++)
          hit = qn[q] == v;
    }
    if (hit)
      memset(t + a, ' ', e - a);
    i = e + 1;
  }
}

static int cites_push_key(IgmXCites *c, const char *key)
{
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 8;
    IgmXCite *v = realloc(c->v, cap * sizeof *v);
    if (!v)
      return -1;
    c->v = v;
    c->cap = cap;
  }
  c->v[c->n].key = key;
  c->v[c->n].num = 0;
  c->v[c->n].letter = 0;
  c->n++;
  return 0;
}

/* Emits the triples of provision p (a paragraph, or a sub-item of parent_iri). */
static void emit_prov(State *st, Prov *p, const char *parent_iri)
{
  if (st->st != IGM_OK)
    return;
  IgmXBuf *iri = &st->iri;
  igm_xbuf_clear(iri);
  CHECK(st, igm_xbuf_adds(iri, parent_iri ? parent_iri : st->doc_iri) || igm_xbuf_addc(iri, '/') ||
                igm_xbuf_adds(iri, p->iri_tail));
  igm_xbuf_clear(&st->text);
  CHECK(st, igm_x_clean(p->raw.p ? p->raw.p : "", p->raw.len, &st->fn_last, &st->text));
  if (st->st != IGM_OK)
    return;
  char *self = iri->p;
  emit_iri(st, self, NS_RDF "type", NS_IG "Provision");
  igm_xbuf_clear(&st->lbl);
  CHECK(st, igm_xbuf_adds(&st->lbl, st->doc_label) || igm_xbuf_addc(&st->lbl, ' ') ||
                igm_xbuf_adds(&st->lbl, st->prefix) || igm_xbuf_addc(&st->lbl, ' '));
  if (parent_iri) {
    CHECK(st, igm_xbuf_adds(&st->lbl, st->par.printed));
    if (p->printed[0] == '(')
      CHECK(st, igm_xbuf_adds(&st->lbl, p->printed));
    else {
      char b[8];
      snprintf(b, sizeof b, "(%c)", p->letter);
      CHECK(st, igm_xbuf_adds(&st->lbl, b));
    }
  } else {
    CHECK(st, igm_xbuf_adds(&st->lbl, p->printed));
  }
  if (st->st != IGM_OK)
    return;
  emit_lit(st, self, NS_RDFS "label", st->lbl.p, st->lang);
  emit_lit(st, self, NS_ELI "number", p->printed, NULL);
  emit_lit(st, self, NS_IG "sortKey", p->sort, NULL);
  if (st->section)
    emit_lit(st, self, NS_IG "section", st->section, NULL);
  if (st->text.len)
    emit_lit(st, self, NS_IG "text", st->text.p, st->lang);
  char lines[64];
  snprintf(lines, sizeof lines, "%ld-%ld", p->first, p->last);
  emit_lit(st, self, NS_IG "rawLines", lines, NULL);
  emit_iri(st, self, NS_ELI "is_part_of", parent_iri ? parent_iri : st->doc_iri);
  if (st->st != IGM_OK)
    return;

  /* citations: written references, numbered paragraphs quoted from a named document, and
   * documents named without a paragraph. A quotation of another document's numbered paragraphs
   * is that document's text: what it cites and names is left out. */
  IgmXCites cites = {0};
  char **civ = NULL;
  size_t cin = 0, cicap = 0;
  IgmXNames names = {0}, tnames = {0};
  const char **men = NULL;
  size_t nmen = 0;
  igm_xbuf_clear(&st->tmp);
  CHECK(st, igm_xbuf_add(&st->tmp, st->text.p, st->text.len));
  if (st->st != IGM_OK)
    goto done;
  if (p->nq)
    mask_quoted(st->tmp.p, st->tmp.len, p->qnums, p->nq);
  if (igm_x_find_cites(st->opt->aliases, st->tmp.p, st->tmp.len, &cites) ||
      igm_x_doc_names(st->opt->aliases, st->tmp.p, st->tmp.len, &tnames)) {
    st->st = IGM_EINTERNAL;
    goto done;
  }
  for (size_t k = 0; k < cites.n; k++)
    if (add_cite_iri(st, &civ, &cin, &cicap, cites.v[k].key, cites.v[k].num, cites.v[k].letter, self)) {
      st->st = IGM_EINTERNAL;
      goto done;
    }
  if (p->nq && st->opt->aliases) {
    igm_xbuf_clear(&st->tmp);
    CHECK(st, igm_xbuf_add(&st->tmp, p->raw.p, p->raw.len));
    if (st->st != IGM_OK)
      goto done;
    for (size_t k = 0; k < st->tmp.len; k++)
      if (st->tmp.p[k] == '\n')
        st->tmp.p[k] = ' ';
    if (igm_x_doc_names(st->opt->aliases, st->tmp.p, st->tmp.len, &names)) {
      st->st = IGM_EINTERNAL;
      goto done;
    }
    for (size_t k = 0; k < p->nq; k++) {
      const IgmXName *nm = igm_x_names_last_before(&names, p->qpos[k]);
      if (nm && nm->key) {
        if (add_cite_iri(st, &civ, &cin, &cicap, nm->key, p->qnums[k], 0, self) ||
            cites_push_key(&cites, nm->key)) {
          st->st = IGM_EINTERNAL;
          goto done;
        }
      }
    }
  }
  for (size_t k = 0; k < tnames.n; k++) {
    const char *key = tnames.v[k].key;
    int cited = 0;
    if (!key || strcmp(key, st->opt->doc_key) == 0)
      continue;
    for (size_t c = 0; c < cites.n && !cited; c++)
      cited = cites.v[c].key && strcmp(cites.v[c].key, key) == 0;
    if (cited)
      continue;
    if (cin == cicap) {
      size_t nc = cicap ? cicap * 2 : 8;
      char **nv = realloc(civ, nc * sizeof *nv);
      if (!nv) {
        st->st = IGM_EINTERNAL;
        goto done;
      }
      civ = nv;
      cicap = nc;
    }
    size_t il = strlen(IGM_EXTRACT_ID_BASE) + 5 + strlen(key);
    civ[cin] = malloc(il);
    if (!civ[cin]) {
      st->st = IGM_EINTERNAL;
      goto done;
    }
    snprintf(civ[cin], il, "%sdoc/%s", IGM_EXTRACT_ID_BASE, key);
    cin++;
  }
  if (cin)
    qsort(civ, cin, sizeof *civ, cite_cmp);
  for (size_t k = 0; k < cin; k++)
    if (k == 0 || strcmp(civ[k], civ[k - 1]) != 0)
      emit_iri(st, self, NS_ELI "cites", civ[k]);
  if (igm_x_find_mentions(st->bodies, st->text.p, st->text.len, &men, &nmen)) {
    st->st = IGM_EINTERNAL;
    goto done;
  }
  for (size_t k = 0; k < nmen; k++)
    emit_iri(st, self, NS_IG "mentions", men[k]);
done:
  free(men);
  igm_x_names_free(&names);
  igm_x_names_free(&tnames);
  for (size_t k = 0; k < cin; k++)
    free(civ[k]);
  free(civ);
  free(cites.v);
}

static void close_sub(State *st)
{
  if (!st->sub.active)
    return;
  IgmXBuf parent = {0};
  CHECK(st, igm_xbuf_adds(&parent, st->doc_iri) || igm_xbuf_addc(&parent, '/') ||
                igm_xbuf_adds(&parent, st->par.iri_tail));
  if (st->st == IGM_OK)
    emit_prov(st, &st->sub, parent.p);
  igm_xbuf_free(&parent);
  prov_reset(&st->sub);
}

static void close_par(State *st)
{
  if (st->par.active && !st->par_emitted)
    emit_prov(st, &st->par, NULL);
  st->par_emitted = 1;
  close_sub(st);
  prov_reset(&st->par);
  st->par_emitted = 0;
  st->sub_expect = 'a';
}

/* The provision text now goes to. */
static Prov *target(State *st) { return st->sub.active ? &st->sub : &st->par; }

/* Appends text of raw line `lineno` to the current provision, tracking quotations. */
static void append(State *st, const char *s, size_t n, long lineno)
{
  Prov *p = target(st);
  if (!p->active || n == 0)
    return;
  if (p->raw.len)
    CHECK(st, igm_xbuf_addc(&p->raw, '\n'));
  size_t base = p->raw.len;
  CHECK(st, igm_xbuf_add(&p->raw, s, n));
  if (!p->first)
    p->first = lineno;
  p->last = lineno;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"') {
      st->in_quote = !st->in_quote;
      if (st->in_quote)
        st->qopen = base + i;
    } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
      unsigned char c3 = (unsigned char)s[i + 2];
      if (c3 == 0x9C) {
        st->in_quote = 1;
        st->qopen = base + i;
      } else if (c3 == 0x9D) {
        st->in_quote = 0;
      }
    } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAB) {
      st->in_quote = 1;
      st->qopen = base + i;
    } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xBB) {
      st->in_quote = 0;
    }
  }
}

static void record_quoted(State *st, long num)
{
  Prov *p = target(st);
  if (!p->active)
    return;
  if (p->nq == p->qcap) {
    size_t cap = p->qcap ? p->qcap * 2 : 4;
    long *qn = realloc(p->qnums, cap * sizeof *qn);
    if (!qn) {
      st->st = IGM_EINTERNAL;
      return;
    }
    p->qnums = qn;
    size_t *qp = realloc(p->qpos, cap * sizeof *qp);
    if (!qp) {
      st->st = IGM_EINTERNAL;
      return;
    }
    p->qpos = qp;
    p->qcap = cap;
  }
  p->qnums[p->nq] = num;
  p->qpos[p->nq] = st->qopen;
  p->nq++;
}

/* The IRI prefix of a numbering that restarts under heading h: "Recommendations" gives "rec". */
static void restart_series(State *st)
{
  char slug[24] = "";
  const char *h = st->section ? st->section : "";
  size_t i = 0, n = strlen(h);
  while (i < n && !igm_x_is_alpha((unsigned char)h[i]))
    i++;
  size_t k = 0;
  while (i < n && igm_x_is_alpha((unsigned char)h[i]) && k < 16) {
    char c = h[i++];
    slug[k++] = (char)(igm_x_is_upper((unsigned char)c) ? c + 32 : c);
  }
  slug[k] = '\0';
  if (strncmp(slug, "recommendation", 14) == 0)
    strcpy(slug, "rec");
  if (!slug[0])
    strcpy(slug, "part");
  char cand[40];
  snprintf(cand, sizeof cand, "%s", slug);
  for (unsigned num = 2;; num++) {
    int clash = strcmp(cand, "para") == 0;
    for (size_t u = 0; u < st->nused && !clash; u++)
      clash = strcmp(st->used_prefixes[u], cand) == 0;
    if (!clash)
      break;
    snprintf(cand, sizeof cand, "%s%u", slug, num);
  }
  char **nu = realloc(st->used_prefixes, (st->nused + 1) * sizeof *nu);
  if (!nu) {
    st->st = IGM_EINTERNAL;
    return;
  }
  st->used_prefixes = nu;
  nu[st->nused] = strdup(cand);
  if (!nu[st->nused]) {
    st->st = IGM_EINTERNAL;
    return;
  }
  st->nused++;
  memcpy(st->prefix, cand, strlen(cand) + 1);
  st->last = 0;
  st->last_suf = 0;
}

/* Starts paragraph `l` found at the start of s (line lineno) and feeds the rest of the line. */
static void start_par(State *st, const char *s, const Label *l, long lineno)
{
  close_par(st);
  if (st->after_heading && l->num == 1 && !l->suf_ord && st->last >= 1)
    restart_series(st);
  Prov *p = &st->par;
  p->active = 1;
  p->num = l->num;
  p->suf_ord = l->suf_ord;
  snprintf(p->suf, sizeof p->suf, "%s", l->suf);
  size_t pr = l->printed;
  size_t skip = 0;
  if (l->kind == LBL_WORD) { /* "Paragraph 12": the number is "12" */
    while (skip < pr && !igm_x_is_digit((unsigned char)s[skip]))
      skip++;
  }
  if (pr - skip >= sizeof p->printed)
    pr = skip + sizeof p->printed - 1;
  memcpy(p->printed, s + skip, pr - skip);
  p->printed[pr - skip] = '\0';
  snprintf(p->iri_tail, sizeof p->iri_tail, "%s_%ld%s", st->prefix, l->num, l->suf);
  if (l->suf_ord)
    snprintf(p->sort, sizeof p->sort, "%04ld.%02d", l->num, l->suf_ord);
  else
    snprintf(p->sort, sizeof p->sort, "%04ld", l->num);
  p->first = lineno;
  p->last = lineno;
  st->last = l->num;
  st->last_suf = l->suf_ord;
  st->nparas++;
  st->after_heading = 0;
  st->in_quote = 0;
  st->sub_expect = 'a';
}

/* Starts sub-item `letter` printed as s[0..printed). */
static void start_sub(State *st, char letter, const char *s, size_t printed, long lineno)
{
  if (!st->par_emitted) {
    emit_prov(st, &st->par, NULL);
    st->par_emitted = 1;
  }
  close_sub(st);
  Prov *p = &st->sub;
  p->active = 1;
  p->letter = letter;
  if (printed >= sizeof p->printed)
    printed = sizeof p->printed - 1;
  memcpy(p->printed, s, printed);
  p->printed[printed] = '\0';
  snprintf(p->iri_tail, sizeof p->iri_tail, "point_%c", letter);
  snprintf(p->sort, sizeof p->sort, "%04ld.%02d.%c", st->par.num, st->par.suf_ord, letter);
  p->first = lineno;
  p->last = lineno;
  st->sub_expect = (char)(letter + 1);
}

/* Feeds the text of a line to the current provision, splitting off a new paragraph that starts
 * in the middle of the line after the end of a sentence ("... thus far. 13. The group ..."). */
static void feed(State *st, const char *s, size_t n, long lineno)
{
  while (st->st == IGM_OK) {
    int q = st->in_quote;
    size_t cut = 0, start = 0;
    Label l;
    memset(&l, 0, sizeof l);
    for (size_t i = 0; i + 4 < n && st->par.active; i++) {
      unsigned char c = (unsigned char)s[i];
      if (c == '"')
        q = !q;
      else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
               ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D))
        q = (unsigned char)s[i + 2] == 0x9C;
      if (q || !(c == '.' || c == ';' || c == ':' || c == '?' || c == '!'))
        continue;
      size_t j = i + 1;
      if (j < n && (s[j] == ')' || s[j] == '\''))
        j++;
      if (j >= n || s[j] != ' ')
        continue;
      while (j < n && s[j] == ' ')
        j++;
      if (j >= n || !igm_x_is_digit((unsigned char)s[j]))
        continue;
      l = parse_label(s + j, n - j);
      if (l.kind == LBL_DOT && !l.suf_ord && l.num == st->last + 1 && l.rest_upper) {
        cut = i + 1;
        start = j;
        break;
      }
      memset(&l, 0, sizeof l);
    }
    if (!cut) {
      append(st, s, n, lineno);
      return;
    }
    append(st, s, cut, lineno);
    start_par(st, s + start, &l, lineno);
    s += start + l.rest;
    n -= start + l.rest;
  }
}

/* ---- headings ---- */

static int is_small_word(const char *w, size_t n)
{
  static const char *const small[] = {"of", "and", "the", "for", "on", "in", "to", "a", "an",
                                      "at", "by", "with", "or", "its", "from", "into"};
  for (size_t k = 0; k < sizeof small / sizeof small[0]; k++)
    if (strlen(small[k]) == n && memcmp(w, small[k], n) == 0)
      return 1;
  return 0;
}

/* Is s a heading? blank_before/after: an empty line (or the start/end) is next to it. */
static int is_heading(const char *s, size_t n, int blank_before, int blank_after, int label_next)
{
  if (n == 0 || n > 100)
    return 0;
  char last = s[n - 1];
  if (last == '.' || last == ',' || last == ';' || last == ':' || last == '?' || last == '!' ||
      last == '-')
    return 0;
  unsigned char c0 = (unsigned char)s[0];
  /* numbered: "4.1. Enhanced cooperation", "4.1 Enhanced cooperation", "II. Internet governance",
   * "A. Financial mechanisms" */
  size_t i = 0;
  int numbered = 0;
  if (igm_x_is_digit(c0)) {
    while (i < n && igm_x_is_digit((unsigned char)s[i]))
      i++;
    int levels = 0;
    while (i + 1 < n && s[i] == '.' && igm_x_is_digit((unsigned char)s[i + 1])) {
      i++;
      while (i < n && igm_x_is_digit((unsigned char)s[i]))
        i++;
      levels++;
    }
    if (i < n && s[i] == '.')
      i++;
    numbered = levels >= 1 && i < n && s[i] == ' ';
  } else if (igm_x_is_upper(c0)) {
    while (i < n && (s[i] == 'I' || s[i] == 'V' || s[i] == 'X' || s[i] == 'L' || s[i] == 'C'))
      i++;
    if (i == 0)
      i = 1; /* one capital letter */
    numbered = i < n && s[i] == '.' && i + 2 < n && s[i + 1] == ' ' &&
               igm_x_is_upper((unsigned char)s[i + 2]);
    if (numbered)
      i++;
  }
  if (numbered) {
    while (i < n && s[i] == ' ')
      i++;
    return (blank_before || blank_after) && i < n && igm_x_is_upper((unsigned char)s[i]);
  }
  if (!igm_x_is_upper(c0))
    return 0;
  size_t letters = 0, lowers = 0, spaces = 0;
  for (size_t k = 0; k < n; k++) {
    unsigned char c = (unsigned char)s[k];
    letters += igm_x_is_alpha(c) ? 1u : 0u;
    lowers += igm_x_is_lower(c) ? 1u : 0u;
    spaces += c == ' ' ? 1u : 0u;
  }
  if (lowers == 0 && letters >= 4 && (letters + spaces) * 2 >= n)
    return blank_before || blank_after;
  /* Title Case between empty lines: "Recommendations", "Internet Governance" */
  if (!blank_before || !blank_after)
    return 0;
  size_t words = 0, lower_words = 0;
  for (size_t k = 0; k < n;) {
    while (k < n && s[k] == ' ')
      k++;
    size_t a = k;
    while (k < n && s[k] != ' ')
      k++;
    if (k == a)
      break;
    words++;
    unsigned char f = (unsigned char)s[a];
    if (igm_x_is_lower(f) && !is_small_word(s + a, k - a))
      lower_words++;
    if (!igm_x_is_alpha(f) && f < 0x80 && f != '(' && !igm_x_is_digit(f))
      return 0;
  }
  /* "Internet governance": sentence case, when a numbered paragraph follows */
  if (lower_words && !(label_next && words <= 4))
    return 0;
  return words >= 1 && words <= 8 && (letters + spaces) * 10 >= n * 8;
}

/* ---- sub-items ---- */

/* Parses a sub-item label at the start of s: "(a) ", "a) ", "a. ", or a bare "a " (bare=1).
 * Returns the label length (the text starts after it and its spaces), or 0. */
static size_t parse_sub(const char *s, size_t n, char *letter, int *bare)
{
  *bare = 0;
  if (n >= 3 && s[0] == '(' && igm_x_is_lower((unsigned char)s[1]) && s[2] == ')' &&
      (n == 3 || s[3] == ' ')) {
    *letter = s[1];
    return 3;
  }
  if (n >= 3 && igm_x_is_lower((unsigned char)s[0]) && (s[1] == ')' || s[1] == '.') && s[2] == ' ') {
    *letter = s[0];
    return 2;
  }
  if (n >= 3 && igm_x_is_lower((unsigned char)s[0]) && s[1] == ' ' &&
      (igm_x_is_alpha((unsigned char)s[2]) || (unsigned char)s[2] >= 0xC3)) {
    *letter = s[0];
    *bare = 1;
    return 1;
  }
  return 0;
}

/* ---- furniture: repeated page headers and footers ---- */

static size_t norm_line(const char *s, size_t n, char *out)
{
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (igm_x_is_digit((unsigned char)s[i])) {
      if (k == 0 || out[k - 1] != '#')
        out[k++] = '#';
    } else {
      out[k++] = s[i];
    }
  }
  return k;
}

static uint64_t fnv(const char *s, size_t n)
{
  uint64_t h = 1469598103934665603u;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211u;
  }
  return h;
}

/* Marks in furn[] the lines that are page furniture: lines of at most 80 bytes that recur three
 * times or more (digits aside) next to an empty line, and page numbers such as "- 3 -". */
static int find_furniture(const char *buf, const Line *lines, size_t nl, unsigned char *furn)
{
  size_t cap = 16;
  while (cap < nl * 2)
    cap *= 2;
  size_t *slot = calloc(cap, sizeof *slot); /* line index + 1, or 0 */
  unsigned *count = calloc(nl ? nl : 1, sizeof *count);
  if (!slot || !count) {
    free(slot);
    free(count);
    return -1;
  }
  char a[81], b[81];
  for (size_t k = 0; k < nl; k++) {
    const char *s = buf + lines[k].off;
    size_t n = lines[k].len;
    if (n == 0)
      continue;
    if (is_page_number(s, n)) {
      furn[k] = 1;
      continue;
    }
    if (n > 80)
      continue;
    Label l = parse_label(s, n);
    if (l.kind != LBL_NONE)
      continue;
    int near_blank = k == 0 || k + 1 == nl || lines[k - 1].len == 0 || lines[k + 1].len == 0;
    if (!near_blank)
      continue;
    size_t an = norm_line(s, n, a);
    uint64_t h = fnv(a, an);
    for (size_t j = (size_t)h & (cap - 1);; j = (j + 1) & (cap - 1)) {
      if (!slot[j]) {
        slot[j] = k + 1;
        count[k] = 1;
        break;
      }
      size_t o = slot[j] - 1;
      size_t bn = norm_line(buf + lines[o].off, lines[o].len, b);
      if (bn == an && memcmp(a, b, an) == 0) {
        count[o]++;
        count[k] = (unsigned)(o + 1) | 0x80000000u; /* points at its representative */
        break;
      }
    }
  }
  for (size_t k = 0; k < nl; k++) {
    if (!count[k])
      continue;
    size_t o = (count[k] & 0x80000000u) ? (count[k] & 0x7FFFFFFFu) - 1 : k;
    unsigned c = (count[o] & 0x80000000u) ? 0 : count[o];
    if (c >= 3)
      furn[k] = 1;
  }
  free(slot);
  free(count);
  return 0;
}

/* ---- the whole document ---- */

static int blank_or_furn(const Line *lines, const unsigned char *furn, size_t nl, size_t k)
{
  return k >= nl || lines[k].len == 0 || furn[k];
}

/* Is line k followed (after empty lines) by one that continues a sentence (lowercase start)? */
static int next_is_continuation(const char *buf, const Line *lines, const unsigned char *furn,
                                size_t nl, size_t k)
{
  for (size_t j = k + 1; j < nl && j < k + 50; j++) {
    if (lines[j].len == 0 || furn[j])
      continue;
    return igm_x_is_lower((unsigned char)buf[lines[j].off]);
  }
  return 0;
}

/* Does the next non-empty line after k start with a paragraph number? */
static int next_is_label(const char *buf, const Line *lines, const unsigned char *furn, size_t nl,
                         size_t k)
{
  for (size_t j = k + 1; j < nl && j < k + 50; j++) {
    if (lines[j].len == 0 || furn[j])
      continue;
    return parse_label(buf + lines[j].off, lines[j].len).kind != LBL_NONE;
  }
  return 0;
}

/* Does a line after k, before the next paragraph, start with sub-item letter `want`? */
static int sub_follows(const char *buf, const Line *lines, const unsigned char *furn, size_t nl,
                       size_t k, char want, long next_par)
{
  for (size_t j = k + 1; j < nl && j < k + 300; j++) {
    if (lines[j].len == 0 || furn[j])
      continue;
    const char *s = buf + lines[j].off;
    size_t n = lines[j].len;
    Label l = parse_label(s, n);
    if (l.kind != LBL_NONE && l.num == next_par)
      return 0;
    char letter;
    int bare;
    if (parse_sub(s, n, &letter, &bare) && letter == want)
      return 1;
  }
  return 0;
}

static int accept_label(const State *st, const Label *l)
{
  if (l->kind == LBL_NONE)
    return 0;
  if (l->suf_ord)
    return st->nparas > 0 && l->num == st->last && l->suf_ord > st->last_suf;
  if (st->nparas == 0)
    return !st->in_quote &&
           (l->num == 1 || l->kind == LBL_WORD || l->kind == LBL_BARE || l->rest_upper);
  if (l->num == st->last + 1)
    return 1;
  if (st->after_heading && l->num == 1)
    return 1;
  if (!st->in_quote && l->kind == LBL_DOT && l->rest_upper && l->num > st->last + 1 &&
      l->num <= st->last + 3)
    return 1;
  return 0;
}

IgmStatus igm_extract(const char *text, size_t len, const IgmExtractOptions *opt,
                      IgmExtractSink sink, void *ctx)
{
  if (!opt || !sink || !igm_extract_key_valid(opt->doc_key))
    return IGM_EUSAGE;
  State st;
  memset(&st, 0, sizeof st);
  st.opt = opt;
  st.sink = sink;
  st.ctx = ctx;
  st.lang = opt->lang && *opt->lang ? opt->lang : "en";
  st.doc_label = opt->title && *opt->title ? opt->title : opt->doc_key;
  strcpy(st.prefix, "para");
  st.sub_expect = 'a';
  IgmXBuf norm = {0};
  Line *lines = NULL;
  unsigned char *furn = NULL;
  size_t nl = 0;

  size_t dl = strlen(IGM_EXTRACT_ID_BASE) + 4 + strlen(opt->doc_key) + 1;
  st.doc_iri = malloc(dl);
  if (!st.doc_iri || igm_x_sanitize(text ? text : "", text ? len : 0, &norm) ||
      igm_x_bodies_new(opt->bodies, opt->bodies ? opt->nbodies : 0, opt->doc_key, opt->title,
                       &st.bodies)) {
    st.st = IGM_EINTERNAL;
    goto done;
  }
  snprintf(st.doc_iri, dl, "%sdoc/%s", IGM_EXTRACT_ID_BASE, opt->doc_key);

  /* lines, trimmed */
  for (size_t i = 0; i <= norm.len; i++)
    if (i == norm.len || norm.p[i] == '\n')
      nl++;
  if (norm.len && norm.p[norm.len - 1] == '\n')
    nl--;
  lines = calloc(nl ? nl : 1, sizeof *lines);
  furn = calloc(nl ? nl : 1, 1);
  if (!lines || !furn) {
    st.st = IGM_EINTERNAL;
    goto done;
  }
  for (size_t i = 0, k = 0; k < nl; k++) {
    size_t e = i;
    while (e < norm.len && norm.p[e] != '\n')
      e++;
    size_t a = i, z = e;
    while (a < z && norm.p[a] == ' ')
      a++;
    while (z > a && norm.p[z - 1] == ' ')
      z--;
    lines[k].off = a;
    lines[k].len = z - a;
    i = e + 1;
  }
  if (find_furniture(norm.p, lines, nl, furn)) {
    st.st = IGM_EINTERNAL;
    goto done;
  }

  emit_iri(&st, st.doc_iri, NS_RDF "type", NS_IG "Document");
  emit_lit(&st, st.doc_iri, NS_RDFS "label", st.doc_label, st.lang);
  if (opt->title && *opt->title)
    emit_lit(&st, st.doc_iri, NS_DCT "title", opt->title, st.lang);

  for (size_t k = 0; k < nl && st.st == IGM_OK; k++) {
    const char *s = norm.p + lines[k].off;
    size_t n = lines[k].len;
    long lineno = (long)k + 1;
    if (n == 0 || furn[k])
      continue;
    int bb = k == 0 || blank_or_furn(lines, furn, nl, k - 1);
    int ba = blank_or_furn(lines, furn, nl, k + 1);

    Label l = parse_label(s, n);
    if (l.kind != LBL_NONE) {
      if (accept_label(&st, &l)) {
        start_par(&st, s, &l, lineno);
        if (l.rest < n)
          feed(&st, s + l.rest, n - l.rest, lineno);
        continue;
      }
      if (st.in_quote && l.kind == LBL_DOT)
        record_quoted(&st, l.num);
      else if (l.kind == LBL_BARE && (bb || ba))
        continue; /* a page number */
    }
    if (!st.in_quote && is_heading(s, n, bb, ba, next_is_label(norm.p, lines, furn, nl, k)) &&
        !next_is_continuation(norm.p, lines, furn, nl, k)) {
      close_par(&st);
      free(st.section);
      st.section = NULL;
      IgmXBuf h = {0};
      long fn = st.fn_last;
      if (igm_x_clean(s, n, &fn, &h)) {
        igm_xbuf_free(&h);
        st.st = IGM_EINTERNAL;
        break;
      }
      st.section = h.p;
      st.after_heading = 1;
      continue;
    }
    if (st.par.active && !st.in_quote) {
      char letter;
      int bare;
      size_t sl = parse_sub(s, n, &letter, &bare);
      if (sl && letter == st.sub_expect &&
          (!bare || st.sub.active ||
           sub_follows(norm.p, lines, furn, nl, k, (char)(letter + 1), st.last + 1))) {
        start_sub(&st, letter, s, sl, lineno);
        size_t r = sl;
        while (r < n && s[r] == ' ')
          r++;
        feed(&st, s + r, n - r, lineno);
        continue;
      }
    }
    if (st.par.active)
      feed(&st, s, n, lineno);
  }
  close_par(&st);

done:
  prov_free(&st.par);
  prov_free(&st.sub);
  igm_xbuf_free(&st.tmp);
  igm_xbuf_free(&st.text);
  igm_xbuf_free(&st.iri);
  igm_xbuf_free(&st.lbl);
  for (size_t u = 0; u < st.nused; u++)
    free(st.used_prefixes[u]);
  free(st.used_prefixes);
  free(st.section);
  igm_x_bodies_free(st.bodies);
  free(st.doc_iri);
  free(lines);
  free(furn);
  igm_xbuf_free(&norm);
  return st.st;
}
