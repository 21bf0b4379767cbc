/* extract_clean.c: byte-level sanitizing and the cleaning of a provision's text: bullets,
 * tracked-change artifacts, hyphenation, footnote markers and OCR misreadings. */
#include "extract_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- growable buffer ---- */

int igm_xbuf_reserve(IgmXBuf *b, size_t extra)
{
  if (extra > SIZE_MAX / 2 - b->len - 1)
    return -1;
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p)
    return -1;
  b->p = p;
  b->cap = cap;
  return 0;
}

int igm_xbuf_add(IgmXBuf *b, const char *s, size_t n)
{
  if (igm_xbuf_reserve(b, n) != 0)
    return -1;
  if (n)
    memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
  return 0;
}

int igm_xbuf_addc(IgmXBuf *b, char c) { return igm_xbuf_add(b, &c, 1); }

int igm_xbuf_adds(IgmXBuf *b, const char *s) { return igm_xbuf_add(b, s, strlen(s)); }

void igm_xbuf_clear(IgmXBuf *b)
{
  b->len = 0;
  if (b->p)
    b->p[0] = '\0';
}

void igm_xbuf_free(IgmXBuf *b)
{
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

/* ---- character classes ---- */

int igm_x_is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
int igm_x_is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
int igm_x_is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
int igm_x_is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

size_t igm_x_u8_punct(const char *s, size_t n)
{
  const unsigned char *u = (const unsigned char *)s;
  if (n == 0)
    return 0;
  if (u[0] < 0x80)
    return (igm_x_is_alpha(u[0]) || igm_x_is_digit(u[0])) ? 0 : 1;
  if (u[0] == 0xC2 && n >= 2) /* Latin-1 punctuation: NBSP, guillemets, section sign, middle dot */
    return (u[1] == 0xA0 || u[1] == 0xAB || u[1] == 0xBB || u[1] == 0xA7 || u[1] == 0xB7) ? 2 : 0;
  if (u[0] == 0xE2 && n >= 3) {
    if (u[1] == 0x80 || u[1] == 0x81) /* General Punctuation: dashes, quotes, bullets, spaces */
      return 3;
    if (u[1] >= 0x96 && u[1] <= 0x9E) /* geometric shapes, dingbats (bullets, check marks) */
      return 3;
  }
  if (u[0] == 0xEF && n >= 3 && (u[1] == 0x82 || u[1] == 0x83)) /* symbol-font bullets (PUA) */
    return 3;
  return 0;
}

int igm_x_is_word(const char *s, size_t n)
{
  if (n == 0)
    return 0;
  unsigned char c = (unsigned char)s[0];
  if (c < 0x80)
    return igm_x_is_alpha(c) || igm_x_is_digit(c);
  if (c < 0xC0) /* continuation byte: inside a character */
    return 1;
  return igm_x_u8_punct(s, n) == 0;
}

/* ---- sanitizing ---- */

/* Length of a valid UTF-8 sequence at s, or 0. */
static size_t u8_valid(const unsigned char *s, size_t n)
{
  unsigned char c = s[0];
  if (c < 0x80)
    return 1;
  size_t len;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3Fu);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

int igm_x_sanitize(const char *in, size_t n, IgmXBuf *out)
{
  const unsigned char *s = (const unsigned char *)in;
  if (igm_xbuf_reserve(out, n + n / 2) != 0)
    return -1;
  for (size_t i = 0; i < n;) {
    unsigned char c = s[i];
    if (c == '\r') {
      if (igm_xbuf_addc(out, '\n'))
        return -1;
      i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    if (c == '\n') {
      if (igm_xbuf_addc(out, '\n'))
        return -1;
      i++;
      continue;
    }
    if (c < 0x20 || c == 0x7F) {
      if (igm_xbuf_addc(out, ' '))
        return -1;
      i++;
      continue;
    }
    size_t len = u8_valid(s + i, n - i);
    if (len == 0) {
      if (igm_xbuf_add(out, "\xEF\xBF\xBD", 3))
        return -1;
      i++;
      continue;
    }
    if (len == 2 && c == 0xC2 && s[i + 1] == 0xA0) { /* no-break space */
      if (igm_xbuf_addc(out, ' '))
        return -1;
    } else if (len == 2 && c == 0xC2 && s[i + 1] == 0xAD) { /* soft hyphen */
    } else if (len == 2 && c == 0xC2 && s[i + 1] < 0xA0) { /* C1 controls */
      if (igm_xbuf_addc(out, ' '))
        return -1;
    } else if (len == 3 && c == 0xE2 && s[i + 1] == 0x80 &&
               (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) { /* line/paragraph separator */
      if (igm_xbuf_addc(out, '\n'))
        return -1;
    } else if (len == 3 && c == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF) { /* BOM */
    } else {
      if (igm_xbuf_add(out, (const char *)s + i, len))
        return -1;
    }
    i += len;
  }
  return igm_xbuf_add(out, "", 0);
}

/* ---- helpers on spans ---- */

static int is_space(char c) { return c == ' ' || c == '\n'; }

static int starts_with(const char *s, size_t n, const char *lit)
{
  size_t m = strlen(lit);
  return n >= m && memcmp(s, lit, m) == 0;
}

/* Bytes of a bullet glyph (and the spaces after it) at the start of a trimmed line, or 0. */
static size_t bullet_len(const char *s, size_t n)
{
  static const char *const glyphs[] = {
      "\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA", "\xE2\x97\x8F", "\xE2\x97\x8B",
      "\xE2\x96\xA0", "\xE2\x96\xA1", "\xE2\x80\xA3", "\xE2\x81\x83", "\xE2\x9C\x93",
      "\xE2\x9C\x94", "\xE2\x9E\xA2", "\xE2\x96\xBA", "\xC2\xB7",     "\xEF\x82\xB7",
      "\xEF\x82\xA7", "\xEF\x83\x98", "\xEF\x82\xA8", "\xE2\x9D\x96", "\xE2\x9E\xA4"};
  size_t k = 0;
  for (size_t g = 0; g < sizeof glyphs / sizeof glyphs[0]; g++) {
    if (starts_with(s, n, glyphs[g])) {
      k = strlen(glyphs[g]);
      break;
    }
  }
  if (k == 0 && n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ')
    k = 1;
  if (k == 0 && starts_with(s, n, "\xE2\x80\x93 ")) /* en dash */
    k = 3;
  if (k == 0 && n >= 3 && s[0] == 'o' && s[1] == ' ' && igm_x_is_upper((unsigned char)s[2]))
    k = 1;
  if (k == 0 && n >= 1 && s[0] == 'v') {
    /* a check mark read by OCR: "v'", "v’", "v", "v _", "v___" before a capital or alone */
    size_t j = 1;
    if (j < n && (s[j] == '\'' || s[j] == '`'))
      j++;
    else if (starts_with(s + j, n - j, "\xE2\x80\x99"))
      j += 3;
    size_t sep = j;
    while (j < n && (s[j] == ' ' || s[j] == '_'))
      j++;
    if (j == n)
      return n;
    if (j > 1 && (j > sep || sep > 1) && igm_x_is_upper((unsigned char)s[j]))
      return j;
    return 0;
  }
  if (k == 0)
    return 0;
  while (k < n && s[k] == ' ')
    k++;
  return k;
}

/* Is line [s, s+n) a short list item ending in a colon: "Transparency:", "Responsiveness to
 * innovation: and"? Returns the offset of that colon, or 0. */
static size_t colon_item(const char *s, size_t n)
{
  if (n < 3 || n > 60 || !igm_x_is_upper((unsigned char)s[0]))
    return 0;
  size_t words = 1;
  for (size_t i = 0; i < n; i++)
    words += s[i] == ' ' ? 1u : 0u;
  if (words > 6)
    return 0;
  if (s[n - 1] == ':')
    return n - 1;
  if (n > 5 && memcmp(s + n - 5, ": and", 5) == 0)
    return n - 5;
  return 0;
}

/* OCR reads the semicolons of a list of short items as colons: in a run of three or more lines
 * that are short items ending in a colon, the colons become semicolons. */
static void fix_colon_lists(char *s, size_t n)
{
  size_t run_start = 0, run = 0, i = 0;
  for (;;) {
    size_t e = i;
    while (e < n && s[e] != '\n')
      e++;
    size_t c = i < n ? colon_item(s + i, e - i) : 0;
    if (c) {
      if (run == 0)
        run_start = i;
      run++;
    }
    if ((!c || e >= n) && run) {
      if (run >= 3) {
        size_t end = c ? e : i;
        for (size_t k = run_start; k < end;) {
          size_t ke = k;
          while (ke < n && s[ke] != '\n')
            ke++;
          size_t ck = colon_item(s + k, ke - k);
          if (ck)
            s[k + ck] = ';';
          k = ke + 1;
        }
      }
      run = 0;
    }
    if (e >= n)
      break;
    i = e + 1;
  }
}

/* Pass A: trim each line, drop bullet glyphs; lines stay separated by '\n', empty ones go. */
static int pass_lines(const char *s, size_t n, IgmXBuf *out)
{
  size_t i = 0;
  while (i < n) {
    size_t e = i;
    while (e < n && s[e] != '\n')
      e++;
    size_t a = i, z = e;
    while (a < z && s[a] == ' ')
      a++;
    while (z > a && s[z - 1] == ' ')
      z--;
    a += bullet_len(s + a, z - a);
    while (a < z && s[a] == ' ')
      a++;
    if (z > a) {
      if (out->len && igm_xbuf_addc(out, '\n'))
        return -1;
      if (igm_xbuf_add(out, s + a, z - a))
        return -1;
    }
    i = e + 1;
  }
  return igm_xbuf_add(out, "", 0);
}

/* ---- struck-through deletions ---- */

typedef struct Tok {
  size_t a, z;       /* token bytes [a, z) */
  size_t ra, rz;     /* its struck run [ra, rz), when cand */
  size_t keep_tail;  /* bytes of punctuation after the run that are kept */
  int cand;          /* holds a run of words joined by strike lines */
  int struck;        /* the whole token is deleted */
  int eol;           /* a line break follows */
} Tok;

static size_t joiner_len(const char *s, size_t n, int *dash)
{
  if (n >= 1 && s[0] == '-') {
    *dash = 0;
    return 1;
  }
  if (starts_with(s, n, "\xE2\x80\x94") || starts_with(s, n, "\xE2\x80\x93")) {
    *dash = 1;
    return 3;
  }
  return 0;
}

static size_t word_len(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n && igm_x_is_word(s + i, n - i))
    i++;
  return i;
}

/* Bytes of the UTF-8 character whose lead byte is c (1 for a stray byte). */
static size_t u8_char_len(unsigned char c)
{
  return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Finds in token t the run of words joined by dashes that looks struck through. */
static void find_run(const char *s, Tok *t)
{
  size_t i = t->a;
  t->cand = 0;
  while (i < t->z) {
    size_t w = word_len(s + i, t->z - i);
    if (w == 0) {
      i += u8_char_len((unsigned char)s[i]); /* never stop inside a character */
      continue;
    }
    size_t ra = i, rz = i + w;
    int hy = 0, da = 0, alpha = 0;
    for (size_t k = ra; k < rz; k++)
      alpha |= igm_x_is_alpha((unsigned char)s[k]);
    for (;;) {
      int dash = 0;
      size_t jl = joiner_len(s + rz, t->z - rz, &dash);
      if (jl == 0)
        break;
      size_t w2 = word_len(s + rz + jl, t->z - rz - jl);
      if (w2 == 0)
        break;
      for (size_t k = rz + jl; k < rz + jl + w2; k++)
        alpha |= igm_x_is_alpha((unsigned char)s[k]);
      if (dash)
        da++;
      else
        hy++;
      rz += jl + w2;
    }
    if (alpha && (da >= 2 || hy >= 4 || da + hy >= 4)) {
      t->cand = 1;
      t->ra = ra;
      t->rz = rz;
      return;
    }
    i = rz;
  }
}

static int is_end_punct(char c) { return c == '.' || c == ',' || c == ';' || c == ':'; }

/* Pass B: drops struck-through deletions (see the README of the sources: words joined by dashes
 * where the strike line crossed the spaces). */
static int pass_struck(const char *s, size_t n, IgmXBuf *out)
{
  size_t ntok = 0, cap = 0;
  Tok *tok = NULL;
  int rc = -1;
  for (size_t i = 0; i < n;) {
    while (i < n && is_space(s[i]))
      i++;
    if (i >= n)
      break;
    size_t a = i;
    while (i < n && !is_space(s[i]))
      i++;
    if (ntok == cap) {
      cap = cap ? cap * 2 : 64;
      Tok *nt = realloc(tok, cap * sizeof *nt);
      if (!nt)
        goto done;
      tok = nt;
    }
    Tok *t = &tok[ntok++];
    memset(t, 0, sizeof *t);
    t->a = a;
    t->z = i;
    t->eol = i < n && s[i] == '\n';
    find_run(s, t);
  }
  /* plain tokens between two runs (at most two of them) are struck too */
  for (size_t k = 0; k < ntok; k++) {
    if (!tok[k].cand)
      continue;
    for (size_t g = 1; g <= 3 && k + g < ntok; g++) {
      if (tok[k + g].cand) {
        if (tok[k + g].ra == tok[k + g].a && tok[k].rz == tok[k].z)
          for (size_t m = k + 1; m < k + g; m++)
            tok[m].struck = 1;
        break;
      }
    }
  }
  /* where each run starts, and a run that ends a line runs on to the next punctuation */
  for (size_t k = 0; k < ntok; k++) {
    Tok *t = &tok[k];
    if (!t->cand)
      continue;
    int prev_struck = k > 0 && (tok[k - 1].struck || (tok[k - 1].cand && tok[k - 1].rz == tok[k - 1].z));
    if (t->ra > t->a && s[t->ra - 1] == '+') {
      t->ra--; /* the struck first letter read as '+' */
    } else if (t->ra == t->a && prev_struck) {
      /* continuation of the deletion: the whole run goes */
    } else {
      int dash = 0;
      size_t w = word_len(s + t->ra, t->rz - t->ra);
      joiner_len(s + t->ra + w, t->rz - t->ra - w, &dash);
      if (dash) /* the strike began on the space after the first word: keep that word */
        t->ra += w;
    }
    if (t->rz == t->z && t->eol) {
      size_t m = k + 1;
      while (m < ntok && m <= k + 6 && !tok[m].cand) {
        Tok *u = &tok[m];
        size_t z = u->z;
        while (z > u->a && is_end_punct(s[z - 1]))
          z--;
        if (z < u->z) { /* ends in punctuation: the word goes, the punctuation stays */
          u->cand = 1;
          u->ra = u->a;
          u->rz = z;
          break;
        }
        u->struck = 1;
        if (u->eol)
          break;
        m++;
      }
    }
  }
  for (size_t k = 0; k < ntok; k++) {
    Tok *t = &tok[k];
    if (t->struck)
      continue;
    if (out->len && igm_xbuf_addc(out, k > 0 && tok[k - 1].eol ? '\n' : ' '))
      goto done;
    if (t->cand) {
      if (igm_xbuf_add(out, s + t->a, t->ra - t->a) || igm_xbuf_addc(out, ' ') ||
          igm_xbuf_add(out, s + t->rz, t->z - t->rz))
        goto done;
    } else if (igm_xbuf_add(out, s + t->a, t->z - t->a)) {
      goto done;
    }
  }
  rc = igm_xbuf_add(out, "", 0);
done:
  free(tok);
  return rc;
}

/* ---- underscores, hyphenation, line joining ---- */

static int keeps_hyphen(const char *before, size_t nb, const char *after, size_t na)
{
  static const char *const second[] = {"related", "based", "driven", "oriented", "level",
                                       "term",    "making", "building", "wide",   "scale",
                                       "friendly", "specific", "led",   "owned",  "sized",
                                       "up",      "to",     "of",      "on",     "in",
                                       "and",     "or",     "the",     "a"};
  size_t w = 0;
  while (w < na && igm_x_is_alpha((unsigned char)after[w]))
    w++;
  for (size_t i = 0; i < sizeof second / sizeof second[0]; i++)
    if (strlen(second[i]) == w && memcmp(after, second[i], w) == 0)
      return 1;
  /* the part before the hyphen: a capital or digit in it means a compound ("Internet-") */
  size_t b = nb;
  while (b > 0 && !is_space(before[b - 1]))
    b--;
  for (size_t i = b; i < nb; i++)
    if (igm_x_is_upper((unsigned char)before[i]) || igm_x_is_digit((unsigned char)before[i]))
      return 1;
  return 0;
}

/* Pass C: underscores of insertions become spaces; line ends are joined (hyphenation undone). */
static int pass_join(const char *s, size_t n, IgmXBuf *out)
{
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '_') {
      if (igm_xbuf_addc(out, ' '))
        return -1;
    } else if (c == '\n' && out->len && out->p[out->len - 1] == '/' && i + 1 < n &&
               igm_x_is_alpha((unsigned char)s[i + 1])) {
      /* "mechanism/\ninstitutional": the slash joins */
    } else if (c == '\n') {
      int hyph = out->len >= 2 && out->p[out->len - 1] == '-' &&
                 igm_x_is_lower((unsigned char)out->p[out->len - 2]) && i + 1 < n &&
                 igm_x_is_lower((unsigned char)s[i + 1]);
      if (hyph && !keeps_hyphen(out->p, out->len - 1, s + i + 1, n - i - 1)) {
        out->len--; /* "develop-\nment" */
        out->p[out->len] = '\0';
      } else if (!hyph) {
        if (igm_xbuf_addc(out, ' '))
          return -1;
      }
    } else if (igm_xbuf_addc(out, c)) {
      return -1;
    }
  }
  return igm_xbuf_add(out, "", 0);
}

/* ---- footnote markers and OCR misreadings ---- */

/* Misreadings whose intended word is certain (whole words, case-sensitive). */
static const char *const ocr_fix[][2] = {
    {"Braazil", "Brazil"},
    {"adoped", "adopted"},
    {"responsilibities", "responsibilities"},
    {"multestakeholder", "multistakeholder"},
    {"dlscussmn", "discussion"},
    {"V|rtually", "virtually"},
    {"v|rtually", "virtually"},
    {"peliey", "policy"},
    {"severeign", "sovereign"},
    {"Internatlonal", "International"},
    {"internatlonal", "international"},
    {"Govemance", "Governance"},
    {"govemance", "governance"},
    {"Intemet", "Internet"},
    {"Infomation", "Information"},
    {"infomation", "information"},
};

/* Is there no word character just before position i? */
static int is_boundary_before(const char *s, size_t i)
{
  if (i == 0)
    return 1;
  size_t k = i - 1;
  while (k > 0 && i - k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
    k--;
  return !igm_x_is_word(s + k, i - k);
}

/* Is position i (after a candidate marker) the end of a word: end, space or punctuation? */
static int marker_end(const char *s, size_t n, size_t i)
{
  if (i >= n)
    return 1;
  if (s[i] == ' ')
    return 1;
  size_t p = igm_x_u8_punct(s + i, n - i);
  return p > 0 && s[i] != '/' && s[i] != '-' && s[i] != '+' && s[i] != '_' && s[i] != '%';
}

static const char *const roman_words[] = {"Annex", "Part", "Chapter", "Section", "Volume",
                                          "Appendix", "Title", "Article"};

static int after_roman_word(const char *s, size_t i)
{
  if (i < 2 || s[i - 1] != ' ')
    return 0;
  size_t e = i - 1, b = e;
  while (b > 0 && igm_x_is_alpha((unsigned char)s[b - 1]))
    b--;
  for (size_t k = 0; k < sizeof roman_words / sizeof roman_words[0]; k++)
    if (strlen(roman_words[k]) == e - b && memcmp(s + b, roman_words[k], e - b) == 0)
      return 1;
  return 0;
}

/* Pass D: word-level fixes, footnote markers, spacing. */
static int pass_words(const char *s, size_t n, long *fn_last, IgmXBuf *out)
{
  static const char *const no_marker[] = {"IPv", "SDG", "SDGs", "Rev", "Web", "COVID", "Add",
                                          "Corr", "Suppl", "Sess"};
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (igm_x_is_word(s + i, n - i) && is_boundary_before(s, i)) {
      /* table of certain misreadings */
      int fixed = 0;
      for (size_t k = 0; k < sizeof ocr_fix / sizeof ocr_fix[0]; k++) {
        size_t m = strlen(ocr_fix[k][0]);
        if (starts_with(s + i, n - i, ocr_fix[k][0]) &&
            (i + m >= n || !igm_x_is_word(s + i + m, n - i - m))) {
          if (igm_xbuf_adds(out, ocr_fix[k][1]))
            return -1;
          i += m;
          fixed = 1;
          break;
        }
      }
      if (fixed)
        continue;
      size_t w = 0;
      while (i + w < n && igm_x_is_alpha((unsigned char)s[i + w]))
        w++;
      /* "lnternet": no English word starts with "ln" */
      if (w >= 4 && s[i] == 'l' && s[i + 1] == 'n' && igm_x_is_lower((unsigned char)s[i + 2])) {
        if (igm_xbuf_addc(out, 'I') || igm_xbuf_add(out, s + i + 1, w - 1))
          return -1;
        i += w;
        continue;
      }
      /* roman numerals with a letter l read for I, after "Annex" and the like: "Annex Il" */
      if (w >= 1 && w <= 5 && after_roman_word(s, i) &&
          (i + w >= n || !igm_x_is_word(s + i + w, n - i - w))) {
        int roman = 1, has_l = 0, has_i = 0;
        for (size_t k = 0; k < w; k++) {
          char r = s[i + k];
          roman &= r == 'I' || r == 'V' || r == 'X' || r == 'l';
          has_l |= r == 'l';
          has_i |= r == 'I' || r == 'V' || r == 'X';
        }
        if (roman && has_l && (has_i || w == 1)) {
          for (size_t k = 0; k < w; k++)
            if (igm_xbuf_addc(out, s[i + k] == 'l' ? 'I' : s[i + k]))
              return -1;
          i += w;
          continue;
        }
      }
      /* a footnote number glued to a word: "meeting3", "WGEC7", "meetingé" (6) */
      if (w >= 3) {
        size_t d = 0;
        while (i + w + d < n && d < 3 && igm_x_is_digit((unsigned char)s[i + w + d]))
          d++;
        int skip = 0;
        for (size_t k = 0; k < sizeof no_marker / sizeof no_marker[0]; k++)
          if (strlen(no_marker[k]) == w && memcmp(s + i, no_marker[k], w) == 0)
            skip = 1;
        if (!skip && d >= 1 && d <= 2 && marker_end(s, n, i + w + d)) {
          long v = 0;
          for (size_t k = 0; k < d; k++)
            v = v * 10 + (s[i + w + k] - '0');
          if (v > *fn_last && v <= *fn_last + 3) {
            *fn_last = v;
            if (igm_xbuf_add(out, s + i, w))
              return -1;
            i += w + d;
            continue;
          }
        }
        if (!skip && d == 0 && *fn_last + 1 == 6 && w >= 5 &&
            starts_with(s + i + w, n - i - w, "\xC3\xA9") && marker_end(s, n, i + w + 2)) {
          *fn_last = 6;
          if (igm_xbuf_add(out, s + i, w))
            return -1;
          i += w + 2;
          continue;
        }
      }
      /* copy the word */
      size_t e = i;
      while (e < n && igm_x_is_word(s + e, n - e))
        e++;
      if (igm_xbuf_add(out, s + i, e - i))
        return -1;
      i = e;
      continue;
    }
    /* a footnote marker after sentence punctuation: "Agenda.l", "Agenda.1" */
    if ((c == '.' || c == ',' || c == ';' || c == ':' || c == ')') && i > 0 &&
        igm_x_is_alpha((unsigned char)s[i - 1]) && i + 1 < n) {
      size_t d = 0;
      long v = 0;
      int look = 0;
      while (i + 1 + d < n && d < 2) {
        char m = s[i + 1 + d];
        if (igm_x_is_digit((unsigned char)m))
          v = v * 10 + (m - '0');
        else if (m == 'l' || m == 'I') {
          v = v * 10 + 1;
          look = 1;
        } else
          break;
        d++;
      }
      if (d >= 1 && marker_end(s, n, i + 1 + d) &&
          ((!look && v > *fn_last && v <= *fn_last + 3) || (look && v == *fn_last + 1))) {
        /* "e.g.1" and decimals stay: only after a word of two or more letters */
        if (i >= 2 && igm_x_is_alpha((unsigned char)s[i - 2])) {
          *fn_last = v;
          if (igm_xbuf_addc(out, (char)c))
            return -1;
          i += 1 + d;
          continue;
        }
      }
    }
    size_t cl = u8_char_len(c);
    if (cl > n - i)
      cl = n - i;
    if (igm_xbuf_add(out, s + i, cl)) /* the whole character: never split one */
      return -1;
    i += cl;
  }
  return igm_xbuf_add(out, "", 0);
}

/* Pass E: one space between words, none before , ; : . and no doubled punctuation. */
static int pass_space(const char *s, size_t n, IgmXBuf *out)
{
  size_t start = out->len;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ' || c == '\n') {
      if (out->len > start && out->p[out->len - 1] != ' ' && igm_xbuf_addc(out, ' '))
        return -1;
      continue;
    }
    if (is_end_punct(c) && out->len > start && out->p[out->len - 1] == ' ') {
      /* drop the space before punctuation, and the punctuation when it doubles the last one */
      size_t k = out->len - 1;
      if (k > start && out->p[k - 1] == c && (c == ';' || c == ',')) {
        out->len = k;
        out->p[out->len] = '\0';
        continue;
      }
      if (k > start && is_end_punct(out->p[k - 1]) && c == ',') {
        out->len = k;
        out->p[out->len] = '\0';
        continue;
      }
      out->len = k;
    }
    if (igm_xbuf_addc(out, c))
      return -1;
  }
  while (out->len > start && out->p[out->len - 1] == ' ')
    out->len--;
  return igm_xbuf_add(out, "", 0);
}

#define LQ "\xE2\x80\x9C"
#define RQ "\xE2\x80\x9D"

/* Pass F: a straight double quote paired with a curly one becomes curly: OCR and editing leave
 * "Information and communication technologies for development” with a straight opening. */
static int pass_quotes(const char *s, size_t n, IgmXBuf *out)
{
  int open_curly = 0;
  for (size_t i = 0; i < n; i++) {
    if (starts_with(s + i, n - i, LQ)) {
      open_curly = 1;
    } else if (starts_with(s + i, n - i, RQ)) {
      open_curly = 0;
    } else if (s[i] == '"') {
      const char *rep = NULL;
      if (open_curly) {
        rep = RQ;
        open_curly = 0;
      } else {
        for (size_t j = i + 1; j < n; j++) {
          if (s[j] == '"' || starts_with(s + j, n - j, LQ))
            break;
          if (starts_with(s + j, n - j, RQ)) {
            rep = LQ;
            open_curly = 1;
            break;
          }
        }
        if (!rep) { /* a straight pair: skip to its end */
          const char *close = memchr(s + i + 1, '"', n - i - 1);
          if (close) {
            if (igm_xbuf_add(out, s + i, (size_t)(close - (s + i)) + 1))
              return -1;
            i = (size_t)(close - s);
            continue;
          }
        }
      }
      if (rep) {
        if (igm_xbuf_adds(out, rep))
          return -1;
        continue;
      }
    }
    if (igm_xbuf_addc(out, s[i]))
      return -1;
  }
  return igm_xbuf_add(out, "", 0);
}

int igm_x_clean(const char *raw, size_t n, long *fn_last, IgmXBuf *out)
{
  IgmXBuf a = {0}, b = {0};
  int rc = -1;
  if (pass_lines(raw, n, &a))
    goto done;
  fix_colon_lists(a.p, a.len);
  if (pass_struck(a.p, a.len, &b))
    goto done;
  igm_xbuf_clear(&a);
  if (pass_join(b.p, b.len, &a))
    goto done;
  igm_xbuf_clear(&b);
  if (pass_words(a.p, a.len, fn_last, &b))
    goto done;
  igm_xbuf_clear(&a);
  if (pass_space(b.p, b.len, &a))
    goto done;
  rc = pass_quotes(a.p, a.len, out);
done:
  igm_xbuf_free(&a);
  igm_xbuf_free(&b);
  return rc;
}
