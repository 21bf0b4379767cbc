/* qlex.c: see qlex.h. */
#include "qlex.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

void igm_qlex_init(IgmQLex *lx, const char *text, size_t len)
{
  lx->text = text;
  lx->len = len;
  lx->pos = 0;
  lx->line = 1;
  lx->line_start = 0;
}

static int name_char(unsigned char c)
{
  return isalnum(c) || c == '_' || c == '-' || c >= 0x80;
}

static void advance(IgmQLex *lx, size_t to)
{
  for (; lx->pos < to && lx->pos < lx->len; lx->pos++)
    if (lx->text[lx->pos] == '\n') {
      lx->line++;
      lx->line_start = lx->pos + 1;
    }
}

IgmQTok igm_qlex_next(IgmQLex *lx)
{
  const char *s = lx->text;
  IgmQTok t;
  size_t p;
  unsigned char c;
  for (;;) {
    while (lx->pos < lx->len && isspace((unsigned char)s[lx->pos]))
      advance(lx, lx->pos + 1);
    if (lx->pos < lx->len && s[lx->pos] == '#') {
      while (lx->pos < lx->len && s[lx->pos] != '\n')
        lx->pos++;
      continue;
    }
    break;
  }
  t.start = lx->pos;
  t.line = lx->line;
  t.col = (long)(lx->pos - lx->line_start) + 1;
  t.len = 0;
  if (lx->pos >= lx->len) {
    t.type = IGM_QT_EOF;
    return t;
  }
  p = lx->pos;
  c = (unsigned char)s[p];
  if (c == '<') {
    size_t q = p + 1;
    while (q < lx->len) {
      unsigned char d = (unsigned char)s[q];
      if (d == '>' || d <= 0x20 || strchr("<\"{}|^`", d))
        break;
      q++;
    }
    if (q < lx->len && s[q] == '>') {
      t.type = IGM_QT_IRI;
      advance(lx, q + 1);
    } else {
      t.type = IGM_QT_PUNCT;
      advance(lx, p + ((p + 1 < lx->len && s[p + 1] == '=') ? 2 : 1));
    }
  } else if (c == '"' || c == '\'') {
    int triple = p + 2 < lx->len && s[p + 1] == (char)c && s[p + 2] == (char)c;
    size_t q = p + (triple ? 3 : 1);
    t.type = IGM_QT_ERROR;
    while (q < lx->len) {
      if (s[q] == '\\') {
        q += 2;
        continue;
      }
      if (!triple && (s[q] == '\n' || s[q] == '\r'))
        break;
      if (s[q] == (char)c &&
          (!triple || (q + 2 < lx->len && s[q + 1] == (char)c && s[q + 2] == (char)c))) {
        q += triple ? 3 : 1;
        t.type = IGM_QT_STRING;
        break;
      }
      q++;
    }
    advance(lx, q > lx->len ? lx->len : q);
  } else if (c == '?' || c == '$') {
    size_t q = p + 1;
    while (q < lx->len && name_char((unsigned char)s[q]) && s[q] != '-')
      q++;
    t.type = q > p + 1 ? IGM_QT_VAR : IGM_QT_PUNCT;
    advance(lx, q);
  } else if (c == '@') {
    size_t q = p + 1;
    while (q < lx->len && (isalnum((unsigned char)s[q]) || s[q] == '-'))
      q++;
    t.type = IGM_QT_LANGTAG;
    advance(lx, q);
  } else if (c == '_' && p + 1 < lx->len && s[p + 1] == ':') {
    size_t q = p + 2;
    while (q < lx->len && (name_char((unsigned char)s[q]) || s[q] == '.'))
      q++;
    while (q > p + 2 && s[q - 1] == '.')
      q--;
    t.type = IGM_QT_BNODE;
    advance(lx, q);
  } else if (isdigit(c) || (c == '.' && p + 1 < lx->len && isdigit((unsigned char)s[p + 1]))) {
    size_t q = p;
    while (q < lx->len && (isdigit((unsigned char)s[q]) || s[q] == '.'))
      q++;
    if (q < lx->len && (s[q] == 'e' || s[q] == 'E')) {
      q++;
      if (q < lx->len && (s[q] == '+' || s[q] == '-'))
        q++;
      while (q < lx->len && isdigit((unsigned char)s[q]))
        q++;
    }
    while (q > p + 1 && s[q - 1] == '.')
      q--;
    t.type = IGM_QT_NUMBER;
    advance(lx, q);
  } else if (isalpha(c) || c == ':' || c >= 0x80) {
    size_t q = p;
    int colon = 0;
    while (q < lx->len && (name_char((unsigned char)s[q]) || s[q] == '.' || s[q] == ':' ||
                           (colon && (s[q] == '%' || s[q] == '\\')))) {
      if (s[q] == ':')
        colon = 1;
      if (s[q] == '\\' && q + 1 < lx->len)
        q++;
      q++;
    }
    while (q > p + 1 && s[q - 1] == '.')
      q--;
    t.type = colon ? IGM_QT_PNAME : IGM_QT_WORD;
    advance(lx, q);
  } else {
    static const char *const two[] = {"&&", "||", "!=", ">=", "<=", "^^"};
    size_t i, n = 1;
    for (i = 0; i < sizeof two / sizeof two[0]; i++)
      if (p + 1 < lx->len && s[p] == two[i][0] && s[p + 1] == two[i][1])
        n = 2;
    t.type = (c < 0x20 && !isspace(c)) ? IGM_QT_ERROR : IGM_QT_PUNCT;
    advance(lx, p + n);
  }
  t.len = lx->pos - t.start;
  return t;
}

int igm_qtok_is(const IgmQLex *lx, const IgmQTok *t, const char *word)
{
  size_t n = strlen(word);
  return t->len == n && strncasecmp(lx->text + t->start, word, n) == 0;
}
