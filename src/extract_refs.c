/* extract_refs.c: what a provision refers to: citations of provisions ("paragraphs 69 to 71 of
 * the Tunis Agenda"), resolved through the table of document names, and mentions of bodies. */
#include "extract_int.h"

#include <stdlib.h>
#include <string.h>

static unsigned char lower(unsigned char c) { return igm_x_is_upper(c) ? (unsigned char)(c + 32) : c; }

/* Case-insensitive (ASCII) prefix test. */
static int ci_prefix(const char *s, size_t n, const char *lit, size_t m)
{
  if (n < m)
    return 0;
  for (size_t i = 0; i < m; i++)
    if (lower((unsigned char)s[i]) != lower((unsigned char)lit[i]))
      return 0;
  return 1;
}

static int word_before(const char *s, size_t i)
{
  if (i == 0)
    return 0;
  size_t k = i - 1;
  while (k > 0 && i - k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
    k--;
  return igm_x_is_word(s + k, i - k);
}

static int word_at(const char *s, size_t n, size_t i) { return i < n && igm_x_is_word(s + i, n - i); }

/* ---- a table of names, bucketed by first byte, longest first ---- */

typedef struct Name {
  char *key;  /* aliases: document key; bodies: unused */
  const char *iri;
  char *name;
  size_t len;
  int cs;     /* match case-sensitively */
  int ylo, yhi;
} Name;

typedef struct NameTab {
  Name *v;
  size_t n, cap;
  int indexed;
  size_t start[257]; /* entries with lowercase first byte b are [start[b], start[b+1]) */
} NameTab;

static int name_cmp(const void *a, const void *b)
{
  const Name *x = a, *y = b;
  unsigned char cx = lower((unsigned char)x->name[0]), cy = lower((unsigned char)y->name[0]);
  if (cx != cy)
    return cx < cy ? -1 : 1;
  if (x->len != y->len)
    return x->len > y->len ? -1 : 1;
  int c = strcmp(x->name, y->name);
  if (c)
    return c;
  const char *ix = x->iri ? x->iri : x->key, *iy = y->iri ? y->iri : y->key;
  return strcmp(ix ? ix : "", iy ? iy : "");
}

static void tab_index(NameTab *t)
{
  if (t->n)
    qsort(t->v, t->n, sizeof *t->v, name_cmp);
  size_t k = 0;
  for (unsigned b = 0; b < 256; b++) {
    t->start[b] = k;
    while (k < t->n && lower((unsigned char)t->v[k].name[0]) == b)
      k++;
  }
  t->start[256] = t->n;
  t->indexed = 1;
}

static Name *tab_push(NameTab *t)
{
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    Name *v = realloc(t->v, cap * sizeof *v);
    if (!v)
      return NULL;
    t->v = v;
    t->cap = cap;
  }
  Name *e = &t->v[t->n++];
  memset(e, 0, sizeof *e);
  t->indexed = 0;
  return e;
}

static void tab_free(NameTab *t)
{
  for (size_t i = 0; i < t->n; i++) {
    free(t->v[i].key);
    free(t->v[i].name);
  }
  free(t->v);
}

/* Does entry e match at t[i..]? (word boundaries on both sides are the caller's and this) */
static int name_match(const Name *e, const char *t, size_t n, size_t i)
{
  if (n - i < e->len)
    return 0;
  if (e->cs ? memcmp(t + i, e->name, e->len) != 0 : !ci_prefix(t + i, n - i, e->name, e->len))
    return 0;
  /* a name ending in punctuation ("A/RES/70/125.") needs no boundary after it */
  if (igm_x_is_word(e->name + e->len - 1, 1) && word_at(t, n, i + e->len))
    return 0;
  return 1;
}

/* The longest entry matching at i (NULL if none); *count gets how many entries of that length
 * match there (they follow the returned one in the table, perhaps with others between). */
static const Name *tab_match(const NameTab *tab, const char *t, size_t n, size_t i, size_t *count)
{
  *count = 0;
  if (!tab->n || (word_before(t, i) && igm_x_is_word(t + i, n - i)))
    return NULL;
  unsigned char b = lower((unsigned char)t[i]);
  const Name *first = NULL;
  for (size_t k = tab->start[b]; k < tab->start[b + 1]; k++) {
    const Name *e = &tab->v[k];
    if (first && e->len < first->len)
      break;
    if (name_match(e, t, n, i)) {
      if (!first)
        first = e;
      (*count)++;
    }
  }
  return first;
}

/* ---- document aliases ---- */

struct IgmExtractAliases {
  NameTab tab;
};

IgmStatus igm_extract_aliases_new(IgmExtractAliases **out)
{
  *out = calloc(1, sizeof **out);
  if (!*out)
    return IGM_EINTERNAL;
  tab_index(&(*out)->tab);
  return IGM_OK;
}

IgmStatus igm_extract_aliases_add(IgmExtractAliases *a, const char *key, const char *name)
{
  size_t len = strlen(name);
  if (len == 0 || !*key)
    return IGM_ESYNTAX;
  Name *e = tab_push(&a->tab);
  if (!e)
    return IGM_EINTERNAL;
  e->key = strdup(key);
  e->name = strdup(name);
  if (!e->key || !e->name) {
    free(e->key);
    free(e->name);
    a->tab.n--;
    return IGM_EINTERNAL;
  }
  e->len = len;
  e->cs = 0;
  tab_index(&a->tab);
  return IGM_OK;
}

void igm_extract_aliases_free(IgmExtractAliases *a)
{
  if (!a)
    return;
  tab_free(&a->tab);
  free(a);
}

IgmStatus igm_extract_aliases_parse(const char *tsv, size_t len, IgmExtractAliases **out,
                                    long *err_line)
{
  IgmExtractAliases *a = NULL;
  IgmStatus st = igm_extract_aliases_new(&a);
  char *key = NULL, *name = NULL;
  long line = 0;
  if (st != IGM_OK)
    return st;
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && tsv[e] != '\n')
      e++;
    line++;
    size_t z = e;
    if (z > i && tsv[z - 1] == '\r')
      z--;
    if (z > i && tsv[i] != '#') {
      const char *tab = memchr(tsv + i, '\t', z - i);
      if (!tab || tab == tsv + i || tab + 1 == tsv + z || memchr(tsv + i, '\0', z - i) ||
          memchr(tab + 1, '\t', (size_t)(tsv + z - tab - 1))) {
        st = IGM_ESYNTAX;
        goto fail;
      }
      key = strndup(tsv + i, (size_t)(tab - (tsv + i)));
      name = strndup(tab + 1, (size_t)(tsv + z - tab - 1));
      if (!key || !name) {
        st = IGM_EINTERNAL;
        goto fail;
      }
      if (strcmp(key, ".") != 0 && !igm_extract_key_valid(key)) {
        st = IGM_ESYNTAX;
        goto fail;
      }
      st = igm_extract_aliases_add(a, key, name);
      if (st != IGM_OK)
        goto fail;
      free(key);
      free(name);
      key = name = NULL;
    }
    i = e + 1;
  }
  *out = a;
  return IGM_OK;
fail:
  if (err_line)
    *err_line = line;
  free(key);
  free(name);
  igm_extract_aliases_free(a);
  return st;
}

static const char *self_or_key(const Name *e) { return strcmp(e->key, ".") == 0 ? NULL : e->key; }

int igm_x_doc_names(const IgmExtractAliases *aliases, const char *t, size_t n, IgmXNames *out)
{
  memset(out, 0, sizeof *out);
  if (!aliases || !aliases->tab.n)
    return 0;
  size_t cap = 0;
  for (size_t i = 0; i < n;) {
    size_t cnt;
    const Name *e = tab_match(&aliases->tab, t, n, i, &cnt);
    if (!e) {
      i++;
      continue;
    }
    if (out->n == cap) {
      cap = cap ? cap * 2 : 8;
      IgmXName *v = realloc(out->v, cap * sizeof *v);
      if (!v) {
        igm_x_names_free(out);
        return -1;
      }
      out->v = v;
    }
    out->v[out->n].a = i;
    out->v[out->n].z = i + e->len;
    out->v[out->n].key = self_or_key(e);
    out->n++;
    i += e->len;
  }
  return 0;
}

void igm_x_names_free(IgmXNames *names)
{
  free(names->v);
  names->v = NULL;
  names->n = 0;
}

const IgmXName *igm_x_names_last_before(const IgmXNames *names, size_t pos)
{
  size_t lo = 0, hi = names->n; /* first index whose end is after pos */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (names->v[mid].z <= pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo ? &names->v[lo - 1] : NULL;
}

/* ---- citations ---- */

static const char *const cite_words[] = {"paragraphs", "paragraph", "paras.", "paras", "para.",
                                         "para", "items", "item", "\xC2\xA7\xC2\xA7", "\xC2\xA7"};

/* Length of a citation keyword at i ("paragraphs", "item", "§"), or 0. */
static size_t cite_word(const char *t, size_t n, size_t i)
{
  if (word_before(t, i))
    return 0;
  for (size_t k = 0; k < sizeof cite_words / sizeof cite_words[0]; k++) {
    size_t m = strlen(cite_words[k]);
    if (ci_prefix(t + i, n - i, cite_words[k], m) &&
        (cite_words[k][m - 1] == '.' || (unsigned char)cite_words[k][0] >= 0x80 ||
         !word_at(t, n, i + m)))
      return m;
  }
  return 0;
}

static size_t skip_sp(const char *t, size_t n, size_t i)
{
  while (i < n && t[i] == ' ')
    i++;
  return i;
}

/* A number with an optional sub-item letter: "69", "35a)", "35(a)", "35 (a)". */
static int parse_num(const char *t, size_t n, size_t *p, long *num, char *letter)
{
  size_t i = *p, d = 0;
  long v = 0;
  while (i < n && igm_x_is_digit((unsigned char)t[i]) && d < 5) {
    v = v * 10 + (t[i] - '0');
    i++;
    d++;
  }
  if (d == 0 || d > 4 || v == 0)
    return 0;
  *letter = 0;
  if (i < n && t[i] == '.' && i + 1 < n && igm_x_is_digit((unsigned char)t[i + 1]))
    return 0; /* "4.1" is a section number */
  if (i < n && igm_x_is_alpha((unsigned char)t[i])) {
    if (!(igm_x_is_lower((unsigned char)t[i]) && i + 1 < n && t[i + 1] == ')'))
      return 0; /* "69th", "5bis" */
    *letter = t[i];
    i += 2;
  } else {
    size_t j = (i < n && t[i] == ' ') ? i + 1 : i;
    if (j + 2 < n && t[j] == '(' && igm_x_is_lower((unsigned char)t[j + 1]) && t[j + 2] == ')') {
      *letter = t[j + 1];
      i = j + 3;
    }
  }
  *num = v;
  *p = i;
  return 1;
}

/* A connector between two numbers; sets *range for "to", "-", "through". Returns the index after
 * the connector and the spaces around it, or 0. */
static size_t connector(const char *t, size_t n, size_t i, int *range)
{
  static const struct {
    const char *w;
    int range;
    int word;
  } conn[] = {{",", 0, 0},        {"and", 0, 1},  {"or", 0, 1},          {"to", 1, 1},
              {"through", 1, 1},  {"-", 1, 0},    {"\xE2\x80\x93", 1, 0}, {"as well as", 0, 1},
              {"&", 0, 0}};
  size_t j = skip_sp(t, n, i);
  *range = 0;
  for (size_t k = 0; k < sizeof conn / sizeof conn[0]; k++) {
    size_t m = strlen(conn[k].w);
    if (ci_prefix(t + j, n - j, conn[k].w, m) && (!conn[k].word || !word_at(t, n, j + m))) {
      *range = conn[k].range;
      j = skip_sp(t, n, j + m);
      if (k == 0) { /* ", and" / ", or" */
        int r2;
        size_t j2 = connector(t, n, j, &r2);
        if (j2 && (ci_prefix(t + j, n - j, "and", 3) || ci_prefix(t + j, n - j, "or", 2)))
          j = j2;
      }
      size_t kw = cite_word(t, n, j);
      if (kw)
        j = skip_sp(t, n, j + kw);
      return j;
    }
  }
  return 0;
}

static int cites_push(IgmXCites *c, const char *key, long num, char letter)
{
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 16;
    IgmXCite *v = realloc(c->v, cap * sizeof *v);
    if (!v)
      return -1;
    c->v = v;
    c->cap = cap;
  }
  c->v[c->n].key = key;
  c->v[c->n].num = num;
  c->v[c->n].letter = letter;
  c->n++;
  return 0;
}

/* Does a sentence start at i ("... Agenda. The")? */
static int sentence_starts(const char *t, size_t i)
{
  return i >= 3 && t[i - 1] == ' ' && (t[i - 2] == '.' || t[i - 2] == '?' || t[i - 2] == '!') &&
         igm_x_is_alpha((unsigned char)t[i - 3]);
}

int igm_x_find_cites(const IgmExtractAliases *aliases, const char *t, size_t n, IgmXCites *out)
{
  IgmXNames names;
  size_t sent = 0;
  if (igm_x_doc_names(aliases, t, n, &names))
    return -1;
  for (size_t i = 0; i < n; i++) {
    if (sentence_starts(t, i))
      sent = i;
    size_t kw = cite_word(t, n, i);
    if (!kw)
      continue;
    size_t p = skip_sp(t, n, i + kw);
    long nums[64];
    char letters[64];
    size_t cnt = 0;
    long num;
    char letter;
    if (!parse_num(t, n, &p, &num, &letter))
      continue;
    nums[cnt] = num;
    letters[cnt++] = letter;
    IgmXCites tmp = {0};
    for (;;) {
      int range;
      size_t q = connector(t, n, p, &range);
      long b;
      char lb;
      size_t r = q;
      if (!q || !parse_num(t, n, &r, &b, &lb))
        break;
      long a = nums[cnt - 1];
      if (range && !lb && !letters[cnt - 1] && b > a && b - a <= 200) {
        for (long v = a + 1; v <= b; v++)
          if (cites_push(&tmp, NULL, v, 0)) {
            free(tmp.v);
            goto oom;
          }
      } else if (cnt < 64) {
        nums[cnt] = b;
        letters[cnt++] = lb;
      } else if (cites_push(&tmp, NULL, b, lb)) {
        free(tmp.v);
        goto oom;
      }
      p = r;
    }
    /* which document: "of the Tunis Agenda" after, "above"/"below", else one named before */
    const char *key = NULL;
    int found = 0;
    size_t r = skip_sp(t, n, p);
    if (ci_prefix(t + r, n - r, "above", 5) || ci_prefix(t + r, n - r, "below", 5)) {
      found = 1;
    } else if (aliases && (ci_prefix(t + r, n - r, "of ", 3) || ci_prefix(t + r, n - r, "in ", 3))) {
      r = skip_sp(t, n, r + 3);
      size_t c2;
      const Name *e = tab_match(&aliases->tab, t, n, r, &c2);
      if (!e && ci_prefix(t + r, n - r, "the ", 4))
        e = tab_match(&aliases->tab, t, n, skip_sp(t, n, r + 4), &c2);
      if (e) {
        key = self_or_key(e);
        found = 1;
      }
    }
    if (!found) {
      const IgmXName *nm = igm_x_names_last_before(&names, i);
      if (nm && nm->a >= sent)
        key = nm->key;
    }
    for (size_t k = 0; k < cnt; k++)
      if (cites_push(out, key, nums[k], letters[k])) {
        free(tmp.v);
        goto oom;
      }
    for (size_t k = 0; k < tmp.n; k++)
      if (cites_push(out, key, tmp.v[k].num, tmp.v[k].letter)) {
        free(tmp.v);
        goto oom;
      }
    free(tmp.v);
    i = p > i ? p - 1 : i;
  }
  igm_x_names_free(&names);
  return 0;
oom:
  igm_x_names_free(&names);
  return -1;
}

/* ---- bodies ---- */

struct IgmXBodies {
  NameTab tab;
  int years[8];
  size_t nyears;
};

/* Years "YYYY" (1900-2099) in s, at most max of them. */
static size_t find_years(const char *s, size_t n, int *years, size_t max)
{
  size_t k = 0;
  for (size_t i = 0; i + 4 <= n && k < max; i++) {
    if ((i == 0 || !igm_x_is_digit((unsigned char)s[i - 1])) && igm_x_is_digit((unsigned char)s[i]) &&
        igm_x_is_digit((unsigned char)s[i + 1]) && igm_x_is_digit((unsigned char)s[i + 2]) &&
        igm_x_is_digit((unsigned char)s[i + 3]) &&
        (i + 4 == n || !igm_x_is_digit((unsigned char)s[i + 4]))) {
      int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
      if (y >= 1900 && y <= 2099)
        years[k++] = y;
      i += 3;
    }
  }
  return k;
}

static int add_body_name(NameTab *tab, const char *iri, const char *name, size_t len)
{
  while (len && name[len - 1] == ' ')
    len--;
  while (len && name[0] == ' ') {
    name++;
    len--;
  }
  if (len < 2)
    return 0;
  Name *e = tab_push(tab);
  if (!e)
    return -1;
  e->iri = iri;
  e->name = strndup(name, len);
  if (!e->name) {
    tab->n--;
    return -1;
  }
  e->len = len;
  int has_lower = 0;
  for (size_t i = 0; i < len; i++)
    has_lower |= igm_x_is_lower((unsigned char)name[i]);
  e->cs = len <= 3 || !has_lower;
  return 0;
}

int igm_x_bodies_new(const IgmExtractBody *bodies, size_t n, const char *doc_key,
                     const char *title, IgmXBodies **out)
{
  IgmXBodies *b = calloc(1, sizeof *b);
  if (!b)
    return -1;
  for (size_t i = 0; i < n; i++) {
    const char *nm = bodies[i].name, *iri = bodies[i].iri;
    if (!nm || !iri)
      continue;
    size_t len = strlen(nm);
    size_t first = b->tab.n;
    if (add_body_name(&b->tab, iri, nm, len))
      goto fail;
    /* "Working Group on Enhanced Cooperation (2016-2018)": the name without its qualifier too */
    if (len > 3 && nm[len - 1] == ')') {
      const char *open = strrchr(nm, '(');
      if (open && open > nm + 1 && open[-1] == ' ' &&
          add_body_name(&b->tab, iri, nm, (size_t)(open - nm - 1)))
        goto fail;
      int ys[2];
      size_t ny = open ? find_years(open, (size_t)(nm + len - open), ys, 2) : 0;
      for (size_t k = first; k < b->tab.n; k++) {
        b->tab.v[k].ylo = ny ? ys[0] : 0;
        b->tab.v[k].yhi = ny ? ys[ny - 1] : 0;
      }
    }
  }
  /* every name of a body carries the years found in any of its names */
  for (size_t i = 0; i < b->tab.n; i++) {
    if (b->tab.v[i].ylo)
      continue;
    for (size_t k = 0; k < b->tab.n; k++)
      if (b->tab.v[k].ylo && strcmp(b->tab.v[k].iri, b->tab.v[i].iri) == 0) {
        b->tab.v[i].ylo = b->tab.v[k].ylo;
        b->tab.v[i].yhi = b->tab.v[k].yhi;
        break;
      }
  }
  tab_index(&b->tab);
  if (doc_key)
    b->nyears = find_years(doc_key, strlen(doc_key), b->years, 4);
  if (title)
    b->nyears += find_years(title, strlen(title), b->years + b->nyears, 8 - b->nyears);
  *out = b;
  return 0;
fail:
  igm_x_bodies_free(b);
  return -1;
}

void igm_x_bodies_free(IgmXBodies *b)
{
  if (!b)
    return;
  for (size_t i = 0; i < b->tab.n; i++)
    free(b->tab.v[i].name);
  free(b->tab.v);
  free(b);
}

static int str_ptr_cmp(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int in_years(const Name *e, const int *ys, size_t ny)
{
  for (size_t k = 0; k < ny; k++)
    if (e->ylo && ys[k] >= e->ylo && ys[k] <= e->yhi)
      return 1;
  return 0;
}

int igm_x_find_mentions(const IgmXBodies *b, const char *t, size_t n, const char ***iris,
                        size_t *count)
{
  const char **v = NULL;
  size_t nv = 0, cap = 0;
  *iris = NULL;
  *count = 0;
  if (!b || !b->tab.n)
    return 0;
  for (size_t i = 0; i < n;) {
    size_t cnt;
    const Name *e = tab_match(&b->tab, t, n, i, &cnt);
    if (!e) {
      i++;
      continue;
    }
    /* several bodies share the name ("WGEC"): the years written just before it, or those of the
     * document, choose; when nothing chooses one, none is mentioned */
    const Name *end = b->tab.v + b->tab.start[lower((unsigned char)t[i]) + 1];
    const Name *pick = e;
    size_t distinct = 1;
    for (const Name *x = e + 1; x < end && x->len == e->len; x++)
      if (name_match(x, t, n, i) && strcmp(x->iri, pick->iri) != 0) {
        distinct++;
        pick = x;
      }
    if (distinct > 1) {
      int ys[2];
      size_t lb = i > 12 ? i - 12 : 0;
      size_t ny = find_years(t + lb, i - lb, ys, 2);
      const int *use = ny ? ys : b->years;
      size_t nuse = ny ? ny : b->nyears;
      pick = NULL;
      size_t hits = 0;
      for (const Name *x = e; x < end && x->len == e->len; x++)
        if (name_match(x, t, n, i) && in_years(x, use, nuse) &&
            (!pick || strcmp(pick->iri, x->iri) != 0)) {
          pick = x;
          hits++;
        }
      if (hits != 1)
        pick = NULL;
    }
    if (pick) {
      if (nv == cap) {
        cap = cap ? cap * 2 : 8;
        const char **nvv = realloc(v, cap * sizeof *nvv);
        if (!nvv) {
          free(v);
          return -1;
        }
        v = nvv;
      }
      v[nv++] = pick->iri;
    }
    i += e->len;
  }
  if (nv) {
    qsort(v, nv, sizeof *v, str_ptr_cmp);
    size_t w = 1;
    for (size_t k = 1; k < nv; k++)
      if (strcmp(v[k], v[w - 1]) != 0)
        v[w++] = v[k];
    nv = w;
  }
  *iris = v;
  *count = nv;
  return 0;
}
