/* sparql_parse.c: lexer and recursive-descent parser for SPARQL 1.1 queries (the grammar of
 * SPARQL 1.1 Query Language, section 19), with the static checks of section 19.8 and 18.2
 * (aggregate placement and grouping, BIND and SELECT scoping, blank node labels across basic
 * graph patterns, VALUES arity). Syntax errors carry the line and column of the fault. */
#include "sparql.h"

#include <ctype.h>
#include <raptor2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"
#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

typedef enum TokType {
  T_EOF,
  T_IRI,    /* val = IRI text (unresolved) */
  T_PNAME,  /* val = prefix, val2 = local (unescaped) */
  T_BNODE,  /* val = label */
  T_VAR,    /* val = name */
  T_LANG,   /* val = tag */
  T_INT,
  T_DEC,
  T_DBL,    /* val = lexical */
  T_STRING, /* val = decoded */
  T_NIL,
  T_ANON,
  T_WORD,  /* val = the word as written */
  T_PUNCT  /* val = "{" "&&" ... */
} TokType;

typedef struct Tok {
  TokType type;
  char *val, *val2;
  size_t off;
  long line, col;
} Tok;

typedef struct Prefix {
  char *name, *iri;
} Prefix;

typedef struct Label {
  char *name;
  int bgp;
} Label;

typedef struct Parser {
  const char *text;
  size_t len, pos;
  const char *source;
  Tok tok;
  char *base;
  Prefix *prefixes;
  size_t nprefixes;
  Label *labels;
  size_t nlabels;
  int bgp;      /* id of the current basic graph pattern */
  int in_bgp;   /* the previous group element was a triples block or a FILTER */
  int agg_ok;   /* aggregates allowed in the expression being parsed */
  int in_agg;   /* inside an aggregate's argument */
  int anon;     /* counter for [] and collection blank nodes */
  int in_template; /* CONSTRUCT template: no paths, no variables restrictions */
  /* every node and query made, so an error can free them */
  SpNode **made;
  size_t nmade, capmade;
  SpQuery **madeq;
  size_t nmadeq, capmadeq;
  int depth;    /* nesting of groups, expressions, paths and blank nodes */
  jmp_buf fail;
  char errmsg[512];
  long errline, errcol;
  size_t erroff;
} Parser;

static void perr_at(Parser *p, size_t off, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6), noreturn));

static void perr_at(Parser *p, size_t off, long line, long col, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p->errmsg, sizeof p->errmsg, fmt, ap);
  va_end(ap);
  p->erroff = off;
  p->errline = line;
  p->errcol = col;
  longjmp(p->fail, 1);
}

#define PERR(...) perr_at(p, p->tok.off, p->tok.line, p->tok.col, __VA_ARGS__)

/* Deeply nested queries would overflow the stack here and in every later pass: refuse them. */
#define SP_MAX_DEPTH 256
#define NESTED(call)                                                                              \
  do {                                                                                            \
    if (++p->depth > SP_MAX_DEPTH)                                                                \
      PERR("the query nests too deeply (more than %d levels)", SP_MAX_DEPTH);                     \
    r = (call);                                                                                   \
    p->depth--;                                                                                   \
  } while (0)

static char *pstrdup(const char *s)
{
  char *d;
  size_t n;
  if (!s)
    return NULL;
  n = strlen(s) + 1;
  d = malloc(n);
  if (!d)
    abort();
  memcpy(d, s, n);
  return d;
}

static char *pstrndup(const char *s, size_t n)
{
  char *d = malloc(n + 1);
  if (!d)
    abort();
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static SpNode *mk(Parser *p, SpKind kind, const char *str, long line, long col)
{
  SpNode *n = sp_node_new(kind, str, line, col);
  if (p->nmade == p->capmade) {
    p->capmade = p->capmade ? p->capmade * 2 : 256;
    p->made = realloc(p->made, p->capmade * sizeof *p->made);
    if (!p->made)
      abort();
  }
  p->made[p->nmade++] = n;
  return n;
}

static SpNode *mkt(Parser *p, SpKind kind, const char *str)
{
  return mk(p, kind, str, p->tok.line, p->tok.col);
}

static SpQuery *mkq(Parser *p)
{
  SpQuery *q = sp_query_new();
  if (p->nmadeq == p->capmadeq) {
    p->capmadeq = p->capmadeq ? p->capmadeq * 2 : 16;
    p->madeq = realloc(p->madeq, p->capmadeq * sizeof *p->madeq);
    if (!p->madeq)
      abort();
  }
  p->madeq[p->nmadeq++] = q;
  q->line = p->tok.line;
  q->col = p->tok.col;
  return q;
}

/* ---------------------------------------------------------------- lexer */

static int at(Parser *p, size_t i) { return p->pos + i < p->len ? (unsigned char)p->text[p->pos + i] : -1; }

static int is_pn_chars_base(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80; }
static int is_pn_chars_u(int c) { return is_pn_chars_base(c) || c == '_'; }
static int is_pn_chars(int c) { return is_pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9'); }
static int is_hex(int c) { return c >= 0 && isxdigit(c); }

static void pos_of(Parser *p, size_t off, long *line, long *col)
{
  size_t i;
  long l = 1, c = 1;
  for (i = 0; i < off && i < p->len; i++) {
    if (p->text[i] == '\n') {
      l++;
      c = 1;
    } else if (((unsigned char)p->text[i] & 0xC0) != 0x80) {
      c++;
    }
  }
  *line = l;
  *col = c;
}

static void lex_err(Parser *p, size_t off, const char *msg) __attribute__((noreturn));
static void lex_err(Parser *p, size_t off, const char *msg)
{
  long l, c;
  pos_of(p, off, &l, &c);
  perr_at(p, off, l, c, "%s", msg);
}

static void put_utf8(SpBuf *b, unsigned long cp)
{
  char u[4];
  if (cp < 0x80) {
    u[0] = (char)cp;
    sp_buf_putn(b, u, 1);
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    sp_buf_putn(b, u, 2);
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    sp_buf_putn(b, u, 3);
  } else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    sp_buf_putn(b, u, 4);
  }
}

/* \uXXXX or \UXXXXXXXX at p->pos (pointing at the backslash); appends the code point. */
static int lex_uescape(Parser *p, SpBuf *b)
{
  int n = at(p, 1) == 'u' ? 4 : at(p, 1) == 'U' ? 8 : 0;
  unsigned long cp = 0;
  int i;
  if (!n)
    return 0;
  for (i = 0; i < n; i++) {
    int c = at(p, 2 + (size_t)i);
    if (!is_hex(c)) {
      free(b->s);
      b->s = NULL;
      lex_err(p, p->pos, "bad \\u escape");
    }
    cp = cp * 16 + (unsigned long)(isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10));
  }
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    free(b->s);
    b->s = NULL;
    lex_err(p, p->pos, "\\u escape of an invalid code point");
  }
  put_utf8(b, cp);
  p->pos += 2 + (size_t)n;
  return 1;
}

static void tok_clear(Tok *t)
{
  free(t->val);
  free(t->val2);
  t->val = t->val2 = NULL;
}

static void skip_ws(Parser *p)
{
  for (;;) {
    int c = at(p, 0);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      p->pos++;
    } else if (c == '#') {
      while (at(p, 0) != -1 && at(p, 0) != '\n')
        p->pos++;
    } else {
      return;
    }
  }
}

static void lex_string(Parser *p)
{
  int q = at(p, 0);
  int longq = at(p, 1) == q && at(p, 2) == q;
  size_t start = p->pos;
  SpBuf b = {0};
  p->pos += longq ? 3 : 1;
  for (;;) {
    int c = at(p, 0);
    if (c == -1) {
      free(b.s);
      lex_err(p, start, "unterminated string");
    }
    if (longq) {
      if (c == q && at(p, 1) == q && at(p, 2) == q) {
        /* up to two more quotes may belong to the string: """a"""" */
        if (at(p, 3) == q) {
          sp_buf_putn(&b, (const char *)&p->text[p->pos], 1);
          p->pos++;
          continue;
        }
        p->pos += 3;
        break;
      }
    } else {
      if (c == q) {
        p->pos++;
        break;
      }
      if (c == '\n' || c == '\r') {
        free(b.s);
        lex_err(p, p->pos, "line break in a short string");
      }
    }
    if (c == '\\') {
      int e = at(p, 1);
      const char *rep = NULL;
      switch (e) {
      case 't': rep = "\t"; break;
      case 'b': rep = "\b"; break;
      case 'n': rep = "\n"; break;
      case 'r': rep = "\r"; break;
      case 'f': rep = "\f"; break;
      case '"': rep = "\""; break;
      case '\'': rep = "'"; break;
      case '\\': rep = "\\"; break;
      default: break;
      }
      if (rep) {
        sp_buf_puts(&b, rep);
        p->pos += 2;
        continue;
      }
      if (lex_uescape(p, &b))
        continue;
      free(b.s);
      lex_err(p, p->pos, "bad escape in string");
    }
    sp_buf_putn(&b, &p->text[p->pos], 1);
    p->pos++;
  }
  p->tok.type = T_STRING;
  p->tok.val = b.s ? b.s : pstrdup("");
}

/* PN_LOCAL starting at p->pos; returns the unescaped local name (may be empty). */
static char *lex_local(Parser *p)
{
  SpBuf b = {0};
  size_t lastgood_len = 0, lastgood_pos = p->pos;
  int first = 1;
  for (;;) {
    int c = at(p, 0);
    if (c == '%') {
      if (!is_hex(at(p, 1)) || !is_hex(at(p, 2))) {
        free(b.s);
        lex_err(p, p->pos, "bad %-escape in prefixed name");
      }
      sp_buf_putn(&b, &p->text[p->pos], 3);
      p->pos += 3;
    } else if (c == '\\') {
      int e = at(p, 1);
      if (e == -1 || !strchr("_~.-!$&'()*+,;=/?#@%", e)) {
        free(b.s);
        lex_err(p, p->pos, "bad escape in prefixed name");
      }
      sp_buf_putn(&b, &p->text[p->pos + 1], 1);
      p->pos += 2;
    } else if (is_pn_chars(c) || c == ':' || (first && c >= '0' && c <= '9')) {
      sp_buf_putn(&b, &p->text[p->pos], 1);
      p->pos++;
    } else if (c == '.' && !first) {
      sp_buf_putn(&b, &p->text[p->pos], 1);
      p->pos++;
      first = 0;
      continue; /* not a good end */
    } else {
      break;
    }
    first = 0;
    lastgood_len = b.len;
    lastgood_pos = p->pos;
  }
  p->pos = lastgood_pos;
  if (b.s)
    b.s[lastgood_len] = '\0';
  return b.s ? b.s : pstrdup("");
}

static void next(Parser *p)
{
  int c;
  tok_clear(&p->tok);
  skip_ws(p);
  p->tok.off = p->pos;
  pos_of(p, p->pos, &p->tok.line, &p->tok.col);
  c = at(p, 0);
  if (c == -1) {
    p->tok.type = T_EOF;
    return;
  }
  if (c == '<') {
    size_t i = 1;
    int ok = 0;
    for (;;) {
      int d = at(p, i);
      if (d == '>') {
        ok = 1;
        break;
      }
      if (d == -1 || d <= 0x20 || strchr("<\"{}|^`", d))
        break;
      if (d == '\\') {
        if (at(p, i + 1) != 'u' && at(p, i + 1) != 'U')
          break;
      }
      i++;
    }
    if (ok) {
      SpBuf b = {0};
      p->pos++;
      while (at(p, 0) != '>') {
        if (at(p, 0) == '\\') {
          if (!lex_uescape(p, &b)) {
            free(b.s);
            lex_err(p, p->pos, "bad escape in IRI");
          }
          continue;
        }
        sp_buf_putn(&b, &p->text[p->pos], 1);
        p->pos++;
      }
      p->pos++;
      p->tok.type = T_IRI;
      p->tok.val = b.s ? b.s : pstrdup("");
      return;
    }
  }
  if (c == '"' || c == '\'') {
    lex_string(p);
    return;
  }
  if ((c == '?' || c == '$') && (is_pn_chars_u(at(p, 1)) || (at(p, 1) >= '0' && at(p, 1) <= '9'))) {
    size_t s = ++p->pos;
    while (is_pn_chars(at(p, 0)) && at(p, 0) != '-')
      p->pos++;
    p->tok.type = T_VAR;
    p->tok.val = pstrndup(p->text + s, p->pos - s);
    return;
  }
  if (c == '_' && at(p, 1) == ':') {
    size_t s;
    p->pos += 2;
    s = p->pos;
    if (!(is_pn_chars_u(at(p, 0)) || (at(p, 0) >= '0' && at(p, 0) <= '9')))
      lex_err(p, p->tok.off, "bad blank node label");
    while (is_pn_chars(at(p, 0)) || at(p, 0) == '.')
      p->pos++;
    while (p->text[p->pos - 1] == '.')
      p->pos--;
    p->tok.type = T_BNODE;
    p->tok.val = pstrndup(p->text + s, p->pos - s);
    return;
  }
  if (c == '@') {
    size_t s = ++p->pos;
    while (isalpha(at(p, 0)))
      p->pos++;
    if (p->pos == s)
      lex_err(p, p->tok.off, "bad language tag");
    while (at(p, 0) == '-' && isalnum(at(p, 1))) {
      p->pos++;
      while (isalnum(at(p, 0)))
        p->pos++;
    }
    p->tok.type = T_LANG;
    p->tok.val = pstrndup(p->text + s, p->pos - s);
    return;
  }
  if (isdigit(c) || (c == '.' && isdigit(at(p, 1)))) {
    size_t s = p->pos;
    TokType t = T_INT;
    while (isdigit(at(p, 0)))
      p->pos++;
    if (at(p, 0) == '.' && isdigit(at(p, 1))) {
      t = T_DEC;
      p->pos++;
      while (isdigit(at(p, 0)))
        p->pos++;
    } else if (at(p, 0) == '.' && (at(p, 1) == 'e' || at(p, 1) == 'E')) {
      t = T_DEC;
      p->pos++;
    }
    if ((at(p, 0) == 'e' || at(p, 0) == 'E') &&
        (isdigit(at(p, 1)) || ((at(p, 1) == '+' || at(p, 1) == '-') && isdigit(at(p, 2))))) {
      t = T_DBL;
      p->pos += 2;
      while (isdigit(at(p, 0)))
        p->pos++;
    } else if (t == T_DEC && p->text[p->pos - 1] == '.') {
      p->pos--; /* "1." followed by e but no exponent: INT then '.' */
      t = T_INT;
    }
    p->tok.type = t;
    p->tok.val = pstrndup(p->text + s, p->pos - s);
    return;
  }
  if (c == '(' || c == '[') {
    size_t i = 1;
    int close = c == '(' ? ')' : ']';
    while (at(p, i) == ' ' || at(p, i) == '\t' || at(p, i) == '\r' || at(p, i) == '\n' ||
           at(p, i) == '#') {
      if (at(p, i) == '#')
        while (at(p, i) != -1 && at(p, i) != '\n')
          i++;
      else
        i++;
    }
    if (at(p, i) == close) {
      p->pos += i + 1;
      p->tok.type = c == '(' ? T_NIL : T_ANON;
      return;
    }
  }
  if (is_pn_chars_base(c) || c == ':') {
    size_t s = p->pos, e;
    while (is_pn_chars(at(p, 0)) || at(p, 0) == '.')
      p->pos++;
    e = p->pos;
    while (e > s && p->text[e - 1] == '.')
      e--;
    if (e < p->len && p->text[e] == ':') {
      p->pos = e + 1;
      p->tok.type = T_PNAME;
      p->tok.val = pstrndup(p->text + s, e - s);
      p->tok.val2 = lex_local(p);
      return;
    }
    p->pos = s;
    while (isalnum(at(p, 0)) || at(p, 0) == '_')
      p->pos++;
    if (p->pos == s)
      lex_err(p, s, "unexpected character");
    p->tok.type = T_WORD;
    p->tok.val = pstrndup(p->text + s, p->pos - s);
    return;
  }
  {
    static const char *const two[] = {"^^", "&&", "||", "!=", "<=", ">="};
    size_t i;
    for (i = 0; i < sizeof two / sizeof two[0]; i++)
      if (c == two[i][0] && at(p, 1) == two[i][1]) {
        p->pos += 2;
        p->tok.type = T_PUNCT;
        p->tok.val = pstrdup(two[i]);
        return;
      }
    if (strchr("{}()[];,.=<>!+-*/^|?", c)) {
      p->pos++;
      p->tok.type = T_PUNCT;
      p->tok.val = pstrndup(p->text + p->pos - 1, 1);
      return;
    }
  }
  lex_err(p, p->pos, "unexpected character");
}

/* ---------------------------------------------------------------- helpers */

static int is_p(Parser *p, const char *s) { return p->tok.type == T_PUNCT && strcmp(p->tok.val, s) == 0; }
static int is_w(Parser *p, const char *s) { return p->tok.type == T_WORD && strcasecmp(p->tok.val, s) == 0; }

static const char *tok_desc(Parser *p)
{
  static char buf[80];
  switch (p->tok.type) {
  case T_EOF: return "end of query";
  case T_IRI: return "IRI";
  case T_PNAME: return "prefixed name";
  case T_BNODE: return "blank node";
  case T_VAR: return "variable";
  case T_LANG: return "language tag";
  case T_INT: case T_DEC: case T_DBL: return "number";
  case T_STRING: return "string";
  case T_NIL: return "'()'";
  case T_ANON: return "'[]'";
  case T_WORD:
  case T_PUNCT: snprintf(buf, sizeof buf, "'%.60s'", p->tok.val); return buf;
  }
  return "token";
}

static void expect_p(Parser *p, const char *s)
{
  if (!is_p(p, s))
    PERR("expected '%s', found %s", s, tok_desc(p));
  next(p);
}

static void expect_w(Parser *p, const char *s)
{
  if (!is_w(p, s))
    PERR("expected %s, found %s", s, tok_desc(p));
  next(p);
}

static char *resolve(Parser *p, const char *rel)
{
  unsigned char *buf;
  size_t n;
  if (!p->base || strchr(rel, ':') != NULL) {
    /* an absolute IRI has a scheme before the first ':' */
    const char *c = strchr(rel, ':');
    const char *q;
    int abs = c != NULL && c != rel;
    for (q = rel; abs && q < c; q++)
      if (!(isalnum((unsigned char)*q) || *q == '+' || *q == '-' || *q == '.'))
        abs = 0;
    if (abs || !p->base)
      return pstrdup(rel);
  }
  n = strlen(p->base) + strlen(rel) + 16;
  buf = malloc(n);
  if (!buf)
    abort();
  if (raptor_uri_resolve_uri_reference((const unsigned char *)p->base, (const unsigned char *)rel,
                                       buf, n) == 0) {
    free(buf);
    return pstrdup(rel);
  }
  return (char *)buf;
}

static SpNode *iri_node(Parser *p)
{
  SpNode *n;
  if (p->tok.type == T_IRI) {
    char *r = resolve(p, p->tok.val);
    n = mkt(p, SP_IRI, r);
    free(r);
  } else if (p->tok.type == T_PNAME) {
    size_t i;
    const char *ns = NULL;
    SpBuf b = {0};
    for (i = p->nprefixes; i-- > 0;)
      if (p->prefixes[i].iri && strcmp(p->prefixes[i].name, p->tok.val) == 0) {
        ns = p->prefixes[i].iri;
        break;
      }
    if (!ns)
      PERR("undeclared prefix '%s:' (declare it with PREFIX %s: <...>)", p->tok.val, p->tok.val);
    sp_buf_puts(&b, ns);
    sp_buf_puts(&b, p->tok.val2);
    n = mkt(p, SP_IRI, b.s);
    free(b.s);
  } else {
    PERR("expected an IRI, found %s", tok_desc(p));
  }
  next(p);
  return n;
}

static int is_iri_tok(Parser *p) { return p->tok.type == T_IRI || p->tok.type == T_PNAME; }

static SpNode *parse_expr(Parser *p);
static SpNode *parse_group(Parser *p);
static SpQuery *parse_subselect(Parser *p);

static SpNode *literal_tok(Parser *p, int *ok)
{
  SpNode *n = NULL;
  *ok = 1;
  switch (p->tok.type) {
  case T_INT: n = mkt(p, SP_LITERAL, p->tok.val); n->dt = pstrdup(XSD "integer"); break;
  case T_DEC: n = mkt(p, SP_LITERAL, p->tok.val); n->dt = pstrdup(XSD "decimal"); break;
  case T_DBL: n = mkt(p, SP_LITERAL, p->tok.val); n->dt = pstrdup(XSD "double"); break;
  case T_STRING: {
    n = mkt(p, SP_LITERAL, p->tok.val);
    next(p);
    if (p->tok.type == T_LANG) {
      n->lang = pstrdup(p->tok.val);
      next(p);
    } else if (is_p(p, "^^")) {
      SpNode *dt;
      next(p);
      dt = iri_node(p);
      n->dt = pstrdup(dt->str);
    }
    return n;
  }
  case T_WORD:
    if (is_w(p, "true") || is_w(p, "false")) {
      n = mkt(p, SP_LITERAL, is_w(p, "true") ? "true" : "false");
      n->dt = pstrdup(XSD "boolean");
      break;
    }
    *ok = 0;
    return NULL;
  default: *ok = 0; return NULL;
  }
  n->flag |= SP_LIT_BARE;
  next(p);
  return n;
}

/* signed numeric literal in patterns and VALUES */
static SpNode *signed_number(Parser *p)
{
  int neg = is_p(p, "-");
  SpNode *n;
  int ok;
  SpBuf b = {0};
  next(p);
  if (p->tok.type != T_INT && p->tok.type != T_DEC && p->tok.type != T_DBL)
    PERR("expected a number, found %s", tok_desc(p));
  n = literal_tok(p, &ok);
  sp_buf_puts(&b, neg ? "-" : "+");
  sp_buf_puts(&b, n->str);
  free(n->str);
  n->str = b.s;
  return n;
}

/* ---------------------------------------------------------------- expressions */

typedef struct Builtin {
  const char *name;
  int min, max; /* max -1: any */
} Builtin;

static const Builtin builtins[] = {
    {"STR", 1, 1}, {"LANG", 1, 1}, {"LANGMATCHES", 2, 2}, {"DATATYPE", 1, 1}, {"BOUND", 1, 1},
    {"IRI", 1, 1}, {"URI", 1, 1}, {"BNODE", 0, 1}, {"RAND", 0, 0}, {"ABS", 1, 1}, {"CEIL", 1, 1},
    {"FLOOR", 1, 1}, {"ROUND", 1, 1}, {"CONCAT", 0, -1}, {"SUBSTR", 2, 3}, {"STRLEN", 1, 1},
    {"REPLACE", 3, 4}, {"UCASE", 1, 1}, {"LCASE", 1, 1}, {"ENCODE_FOR_URI", 1, 1},
    {"CONTAINS", 2, 2}, {"STRSTARTS", 2, 2}, {"STRENDS", 2, 2}, {"STRBEFORE", 2, 2},
    {"STRAFTER", 2, 2}, {"YEAR", 1, 1}, {"MONTH", 1, 1}, {"DAY", 1, 1}, {"HOURS", 1, 1},
    {"MINUTES", 1, 1}, {"SECONDS", 1, 1}, {"TIMEZONE", 1, 1}, {"TZ", 1, 1}, {"NOW", 0, 0},
    {"UUID", 0, 0}, {"STRUUID", 0, 0}, {"MD5", 1, 1}, {"SHA1", 1, 1}, {"SHA256", 1, 1},
    {"SHA384", 1, 1}, {"SHA512", 1, 1}, {"COALESCE", 0, -1}, {"IF", 3, 3}, {"STRLANG", 2, 2},
    {"STRDT", 2, 2}, {"SAMETERM", 2, 2}, {"ISIRI", 1, 1}, {"ISURI", 1, 1}, {"ISBLANK", 1, 1},
    {"ISLITERAL", 1, 1}, {"ISNUMERIC", 1, 1}, {"REGEX", 2, 3}};

static const char *const aggregates[] = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE",
                                         "GROUP_CONCAT"};

static void upcase(char *s)
{
  for (; *s; s++)
    *s = (char)toupper((unsigned char)*s);
}

static SpNode *parse_arglist(Parser *p, SpNode *call, int allow_distinct)
{
  if (p->tok.type == T_NIL) {
    next(p);
    return call;
  }
  expect_p(p, "(");
  if (allow_distinct && is_w(p, "DISTINCT")) {
    call->flag |= SP_FN_DISTINCT;
    next(p);
  }
  sp_node_add(call, parse_expr(p));
  while (is_p(p, ",")) {
    next(p);
    sp_node_add(call, parse_expr(p));
  }
  expect_p(p, ")");
  return call;
}

static SpNode *parse_aggregate(Parser *p)
{
  SpNode *n = mkt(p, SP_AGG, p->tok.val);
  upcase(n->str);
  if (!p->agg_ok)
    PERR("aggregate %s is not allowed here (only in SELECT, HAVING and ORDER BY)", n->str);
  if (p->in_agg)
    PERR("aggregate %s inside another aggregate", n->str);
  next(p);
  expect_p(p, "(");
  if (is_w(p, "DISTINCT")) {
    n->flag |= SP_AGG_DISTINCT;
    next(p);
  }
  p->in_agg = 1;
  if (strcmp(n->str, "COUNT") == 0 && is_p(p, "*")) {
    next(p);
  } else {
    sp_node_add(n, parse_expr(p));
  }
  if (strcmp(n->str, "GROUP_CONCAT") == 0 && is_p(p, ";")) {
    next(p);
    expect_w(p, "SEPARATOR");
    expect_p(p, "=");
    if (p->tok.type != T_STRING)
      PERR("expected a string after SEPARATOR=, found %s", tok_desc(p));
    n->sep = pstrdup(p->tok.val);
    next(p);
  }
  p->in_agg = 0;
  expect_p(p, ")");
  return n;
}

static SpNode *parse_builtin(Parser *p)
{
  size_t i;
  char *name = pstrdup(p->tok.val);
  SpNode *n;
  upcase(name);
  for (i = 0; i < sizeof aggregates / sizeof aggregates[0]; i++)
    if (strcmp(name, aggregates[i]) == 0) {
      free(name);
      return parse_aggregate(p);
    }
  if (strcmp(name, "EXISTS") == 0 || strcmp(name, "NOT") == 0) {
    int neg = name[0] == 'N';
    int save_agg = p->agg_ok, save_in = p->in_agg, save_bgp = p->in_bgp;
    free(name);
    n = mkt(p, SP_EXISTS, NULL);
    n->flag = neg;
    next(p);
    if (neg)
      expect_w(p, "EXISTS");
    p->agg_ok = 0;
    p->in_agg = 0;
    p->in_bgp = 0;
    sp_node_add(n, parse_group(p));
    p->agg_ok = save_agg;
    p->in_agg = save_in;
    p->in_bgp = save_bgp;
    return n;
  }
  for (i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
    if (strcmp(name, builtins[i].name) == 0)
      break;
  if (i == sizeof builtins / sizeof builtins[0]) {
    free(name);
    PERR("unknown function or keyword %s", tok_desc(p));
  }
  n = mkt(p, SP_CALL, name);
  free(name);
  next(p);
  if (strcmp(n->str, "BOUND") == 0) {
    expect_p(p, "(");
    if (p->tok.type != T_VAR)
      PERR("BOUND takes a variable, found %s", tok_desc(p));
    sp_node_add(n, mkt(p, SP_VAR, p->tok.val));
    next(p);
    expect_p(p, ")");
    return n;
  }
  if (p->tok.type != T_NIL && !is_p(p, "("))
    PERR("expected '(' after %s", n->str);
  parse_arglist(p, n, 0);
  if ((int)n->n < builtins[i].min || (builtins[i].max >= 0 && (int)n->n > builtins[i].max))
    perr_at(p, 0, n->line, n->col, "wrong number of arguments to %s", n->str);
  return n;
}

static SpNode *parse_primary(Parser *p)
{
  SpNode *n;
  int ok;
  if (is_p(p, "(")) {
    next(p);
    n = parse_expr(p);
    expect_p(p, ")");
    return n;
  }
  if (p->tok.type == T_VAR) {
    n = mkt(p, SP_VAR, p->tok.val);
    next(p);
    return n;
  }
  if (is_iri_tok(p)) {
    SpNode *iri = iri_node(p);
    if (p->tok.type == T_NIL || is_p(p, "(")) {
      n = mk(p, SP_CALL, iri->str, iri->line, iri->col);
      n->flag = SP_FN_IRI;
      parse_arglist(p, n, 1);
      return n;
    }
    return iri;
  }
  n = literal_tok(p, &ok);
  if (ok)
    return n;
  if (p->tok.type == T_WORD)
    return parse_builtin(p);
  PERR("expected an expression, found %s", tok_desc(p));
}

static SpNode *parse_unary_inner(Parser *p);

static SpNode *parse_unary(Parser *p)
{
  SpNode *r;
  NESTED(parse_unary_inner(p));
  return r;
}

static SpNode *parse_unary_inner(Parser *p)
{
  if (is_p(p, "!") || is_p(p, "+") || is_p(p, "-")) {
    SpNode *n = mkt(p, SP_OP, is_p(p, "!") ? "!" : is_p(p, "+") ? "u+" : "u-");
    next(p);
    sp_node_add(n, parse_primary(p));
    return n;
  }
  return parse_primary(p);
}

static SpNode *binop(Parser *p, const char *op, SpNode *a, SpNode *b, long line, long col)
{
  SpNode *n = mk(p, SP_OP, op, line, col);
  sp_node_add(n, a);
  sp_node_add(n, b);
  return n;
}

static SpNode *parse_mult(Parser *p)
{
  SpNode *n = parse_unary(p);
  while (is_p(p, "*") || is_p(p, "/")) {
    char op[2] = {p->tok.val[0], 0};
    long l = p->tok.line, c = p->tok.col;
    next(p);
    n = binop(p, op, n, parse_unary(p), l, c);
  }
  return n;
}

static SpNode *parse_add(Parser *p)
{
  SpNode *n = parse_mult(p);
  while (is_p(p, "+") || is_p(p, "-")) {
    char op[2] = {p->tok.val[0], 0};
    long l = p->tok.line, c = p->tok.col;
    next(p);
    n = binop(p, op, n, parse_mult(p), l, c);
  }
  return n;
}

static SpNode *parse_relational(Parser *p)
{
  static const char *const ops[] = {"=", "!=", "<", ">", "<=", ">="};
  SpNode *n = parse_add(p);
  size_t i;
  for (i = 0; i < 6; i++)
    if (is_p(p, ops[i])) {
      long l = p->tok.line, c = p->tok.col;
      next(p);
      return binop(p, ops[i], n, parse_add(p), l, c);
    }
  if (is_w(p, "IN") || is_w(p, "NOT")) {
    SpNode *in = mkt(p, SP_IN, NULL);
    if (is_w(p, "NOT")) {
      in->flag = 1;
      next(p);
      if (!is_w(p, "IN"))
        PERR("expected IN after NOT, found %s", tok_desc(p));
    }
    next(p);
    sp_node_add(in, n);
    if (p->tok.type == T_NIL) {
      next(p);
      return in;
    }
    expect_p(p, "(");
    sp_node_add(in, parse_expr(p));
    while (is_p(p, ",")) {
      next(p);
      sp_node_add(in, parse_expr(p));
    }
    expect_p(p, ")");
    return in;
  }
  return n;
}

static SpNode *parse_and(Parser *p)
{
  SpNode *n = parse_relational(p);
  while (is_p(p, "&&")) {
    long l = p->tok.line, c = p->tok.col;
    next(p);
    n = binop(p, "&&", n, parse_relational(p), l, c);
  }
  return n;
}

static SpNode *parse_expr_inner(Parser *p);

static SpNode *parse_expr(Parser *p)
{
  SpNode *r;
  NESTED(parse_expr_inner(p));
  return r;
}

static SpNode *parse_expr_inner(Parser *p)
{
  SpNode *n = parse_and(p);
  while (is_p(p, "||")) {
    long l = p->tok.line, c = p->tok.col;
    next(p);
    n = binop(p, "||", n, parse_and(p), l, c);
  }
  return n;
}

/* Constraint: BrackettedExpression | BuiltInCall | FunctionCall */
static SpNode *parse_constraint(Parser *p)
{
  if (is_p(p, "("))
    return parse_primary(p);
  if (is_iri_tok(p)) {
    SpNode *n = parse_primary(p);
    if (n->kind != SP_CALL)
      perr_at(p, 0, n->line, n->col, "expected a function call or a bracketted expression");
    return n;
  }
  if (p->tok.type == T_WORD)
    return parse_builtin(p);
  PERR("expected a constraint, found %s", tok_desc(p));
}

/* ---------------------------------------------------------------- triples */

static void note_label(Parser *p, const char *label, long line, long col)
{
  size_t i;
  if (p->in_template)
    return;
  for (i = 0; i < p->nlabels; i++)
    if (strcmp(p->labels[i].name, label) == 0) {
      if (p->labels[i].bgp != p->bgp)
        perr_at(p, 0, line, col,
                "blank node label _:%s is used in two different basic graph patterns", label);
      return;
    }
  p->labels = realloc(p->labels, (p->nlabels + 1) * sizeof *p->labels);
  if (!p->labels)
    abort();
  p->labels[p->nlabels].name = pstrdup(label);
  p->labels[p->nlabels].bgp = p->bgp;
  p->nlabels++;
}

static SpNode *fresh_bnode(Parser *p)
{
  char buf[32];
  snprintf(buf, sizeof buf, "igmb%d", ++p->anon);
  return mkt(p, SP_BNODE, buf);
}

static SpNode *parse_graph_node(Parser *p, SpNode *out, int path);
static void parse_property_list(Parser *p, SpNode *subj, SpNode *out, int path);

static SpNode *add_triple(Parser *p, SpNode *out, SpNode *s, SpNode *pr, SpNode *o)
{
  SpNode *t = mk(p, SP_TRIPLE, NULL, s->line, s->col);
  sp_node_add(t, sp_node_copy(s));
  sp_node_add(t, sp_node_copy(pr));
  sp_node_add(t, sp_node_copy(o));
  /* copies are owned by the triple; register them for error cleanup through the triple */
  sp_node_add(out, t);
  return t;
}

/* VarOrTerm, or a collection / blank node property list (whose triples go to out) */
static SpNode *parse_graph_node_inner(Parser *p, SpNode *out, int path);

static SpNode *parse_graph_node(Parser *p, SpNode *out, int path)
{
  SpNode *r;
  NESTED(parse_graph_node_inner(p, out, path));
  return r;
}

static SpNode *parse_graph_node_inner(Parser *p, SpNode *out, int path)
{
  SpNode *n;
  int ok;
  switch (p->tok.type) {
  case T_VAR:
    n = mkt(p, SP_VAR, p->tok.val);
    next(p);
    return n;
  case T_IRI:
  case T_PNAME: return iri_node(p);
  case T_BNODE:
    note_label(p, p->tok.val, p->tok.line, p->tok.col);
    n = mkt(p, SP_BNODE, p->tok.val);
    next(p);
    return n;
  case T_ANON:
    n = fresh_bnode(p);
    next(p);
    return n;
  case T_NIL:
    n = mkt(p, SP_IRI, RDF "nil");
    next(p);
    return n;
  default: break;
  }
  if (is_p(p, "[")) {
    n = fresh_bnode(p);
    next(p);
    parse_property_list(p, n, out, path);
    expect_p(p, "]");
    return n;
  }
  if (is_p(p, "(")) {
    SpNode *head = NULL, *cur = NULL;
    SpNode *first = mk(p, SP_IRI, RDF "first", 0, 0), *rest = mk(p, SP_IRI, RDF "rest", 0, 0);
    next(p);
    while (!is_p(p, ")")) {
      SpNode *item;
      SpNode *cell = fresh_bnode(p);
      if (p->tok.type == T_EOF)
        PERR("unterminated collection");
      if (!head)
        head = cell;
      else
        add_triple(p, out, cur, rest, cell);
      cur = cell;
      item = parse_graph_node(p, out, path);
      add_triple(p, out, cell, first, item);
    }
    next(p);
    if (!head)
      return mk(p, SP_IRI, RDF "nil", 0, 0);
    add_triple(p, out, cur, rest, mk(p, SP_IRI, RDF "nil", 0, 0));
    return head;
  }
  if (is_p(p, "+") || is_p(p, "-"))
    return signed_number(p);
  n = literal_tok(p, &ok);
  if (ok)
    return n;
  PERR("expected an RDF term, found %s", tok_desc(p));
}

static SpNode *parse_path(Parser *p);

static SpNode *parse_path_one_in_set(Parser *p)
{
  if (is_p(p, "^")) {
    SpNode *inv = mkt(p, SP_PATH_INV, NULL);
    next(p);
    if (is_w(p, "a") && strcmp(p->tok.val, "a") == 0) {
      sp_node_add(inv, mkt(p, SP_IRI, RDF "type"));
      next(p);
    } else {
      sp_node_add(inv, iri_node(p));
    }
    return inv;
  }
  if (p->tok.type == T_WORD && strcmp(p->tok.val, "a") == 0) {
    SpNode *n = mkt(p, SP_IRI, RDF "type");
    next(p);
    return n;
  }
  return iri_node(p);
}

static SpNode *parse_path_primary(Parser *p)
{
  SpNode *n;
  if (p->tok.type == T_WORD && strcmp(p->tok.val, "a") == 0) {
    n = mkt(p, SP_IRI, RDF "type");
    next(p);
    return n;
  }
  if (is_p(p, "!")) {
    n = mkt(p, SP_PATH_NEG, NULL);
    next(p);
    if (p->tok.type == T_NIL) {
      next(p);
      return n;
    }
    if (is_p(p, "(")) {
      next(p);
      sp_node_add(n, parse_path_one_in_set(p));
      while (is_p(p, "|")) {
        next(p);
        sp_node_add(n, parse_path_one_in_set(p));
      }
      expect_p(p, ")");
    } else {
      sp_node_add(n, parse_path_one_in_set(p));
    }
    return n;
  }
  if (is_p(p, "(")) {
    next(p);
    n = parse_path(p);
    expect_p(p, ")");
    return n;
  }
  if (is_iri_tok(p))
    return iri_node(p);
  PERR("expected a property path, found %s", tok_desc(p));
}

static SpNode *parse_path_elt(Parser *p)
{
  SpNode *n = parse_path_primary(p);
  if (is_p(p, "*") || is_p(p, "+") || is_p(p, "?")) {
    SpNode *m = mkt(p, is_p(p, "*") ? SP_PATH_STAR : is_p(p, "+") ? SP_PATH_PLUS : SP_PATH_OPT, NULL);
    sp_node_add(m, n);
    next(p);
    return m;
  }
  return n;
}

static SpNode *parse_path_elt_or_inv(Parser *p)
{
  if (is_p(p, "^")) {
    SpNode *n = mkt(p, SP_PATH_INV, NULL);
    next(p);
    sp_node_add(n, parse_path_elt(p));
    return n;
  }
  return parse_path_elt(p);
}

static SpNode *parse_path_seq(Parser *p)
{
  SpNode *n = parse_path_elt_or_inv(p);
  if (is_p(p, "/")) {
    SpNode *s = mk(p, SP_PATH_SEQ, NULL, n->line, n->col);
    sp_node_add(s, n);
    while (is_p(p, "/")) {
      next(p);
      sp_node_add(s, parse_path_elt_or_inv(p));
    }
    return s;
  }
  return n;
}

static SpNode *parse_path_inner(Parser *p);

static SpNode *parse_path(Parser *p)
{
  SpNode *r;
  NESTED(parse_path_inner(p));
  return r;
}

static SpNode *parse_path_inner(Parser *p)
{
  SpNode *n = parse_path_seq(p);
  if (is_p(p, "|")) {
    SpNode *a = mk(p, SP_PATH_ALT, NULL, n->line, n->col);
    sp_node_add(a, n);
    while (is_p(p, "|")) {
      next(p);
      sp_node_add(a, parse_path_seq(p));
    }
    return a;
  }
  return n;
}

static SpNode *parse_verb(Parser *p, int path)
{
  SpNode *n;
  if (p->tok.type == T_VAR) {
    n = mkt(p, SP_VAR, p->tok.val);
    next(p);
    return n;
  }
  if (p->tok.type == T_WORD && strcmp(p->tok.val, "a") == 0) {
    n = mkt(p, SP_IRI, RDF "type");
    next(p);
    if (path && (is_p(p, "*") || is_p(p, "+") || is_p(p, "?") || is_p(p, "/") || is_p(p, "|"))) {
      /* 'a' as the start of a path */
      SpNode *m;
      if (is_p(p, "*") || is_p(p, "+") || is_p(p, "?")) {
        m = mkt(p, is_p(p, "*") ? SP_PATH_STAR : is_p(p, "+") ? SP_PATH_PLUS : SP_PATH_OPT, NULL);
        sp_node_add(m, n);
        next(p);
        n = m;
      }
      if (is_p(p, "/")) {
        SpNode *s = mk(p, SP_PATH_SEQ, NULL, n->line, n->col);
        sp_node_add(s, n);
        while (is_p(p, "/")) {
          next(p);
          sp_node_add(s, parse_path_elt_or_inv(p));
        }
        n = s;
      }
      if (is_p(p, "|")) {
        SpNode *a = mk(p, SP_PATH_ALT, NULL, n->line, n->col);
        sp_node_add(a, n);
        while (is_p(p, "|")) {
          next(p);
          sp_node_add(a, parse_path_seq(p));
        }
        n = a;
      }
    }
    return n;
  }
  if (!path)
    return iri_node(p);
  return parse_path(p);
}

static void parse_object_list(Parser *p, SpNode *subj, SpNode *verb, SpNode *out, int path)
{
  for (;;) {
    size_t pos = out->n;
    SpNode *o = parse_graph_node(p, out, path);
    add_triple(p, out, subj, verb, o);
    if (pos < out->n - 1) /* keep the written order: this triple before the object's own */
      sp_node_insert(out, pos, sp_node_remove(out, out->n - 1));
    if (!is_p(p, ","))
      break;
    next(p);
  }
}

static int verb_start(Parser *p)
{
  return p->tok.type == T_VAR || is_iri_tok(p) ||
         (p->tok.type == T_WORD && strcmp(p->tok.val, "a") == 0) || is_p(p, "^") ||
         is_p(p, "!") || is_p(p, "(");
}

static void parse_property_list(Parser *p, SpNode *subj, SpNode *out, int path)
{
  for (;;) {
    SpNode *verb = parse_verb(p, path);
    parse_object_list(p, subj, verb, out, path);
    if (!is_p(p, ";"))
      break;
    while (is_p(p, ";"))
      next(p);
    if (!verb_start(p))
      break;
  }
}

/* TriplesSameSubject(Path); triples appended to out */
static void parse_triples_same_subject(Parser *p, SpNode *out, int path)
{
  int bracket = is_p(p, "[") || is_p(p, "(");
  SpNode *s = parse_graph_node(p, out, path);
  if (bracket && !verb_start(p))
    return; /* TriplesNode PropertyListPath? (empty property list) */
  parse_property_list(p, s, out, path);
}

static int triples_start(Parser *p)
{
  switch (p->tok.type) {
  case T_VAR: case T_IRI: case T_PNAME: case T_BNODE: case T_NIL: case T_ANON: case T_INT:
  case T_DEC: case T_DBL: case T_STRING: return 1;
  case T_WORD: return is_w(p, "true") || is_w(p, "false");
  case T_PUNCT: return is_p(p, "(") || is_p(p, "[") || is_p(p, "+") || is_p(p, "-");
  default: return 0;
  }
}

/* ---------------------------------------------------------------- patterns */

static SpNode *parse_var(Parser *p)
{
  SpNode *n;
  if (p->tok.type != T_VAR)
    PERR("expected a variable, found %s", tok_desc(p));
  n = mkt(p, SP_VAR, p->tok.val);
  next(p);
  return n;
}

static SpNode *parse_data_value(Parser *p)
{
  SpNode *n;
  int ok;
  if (is_iri_tok(p))
    return iri_node(p);
  if (is_w(p, "UNDEF")) {
    n = mkt(p, SP_UNDEF, NULL);
    next(p);
    return n;
  }
  if (is_p(p, "+") || is_p(p, "-"))
    return signed_number(p);
  n = literal_tok(p, &ok);
  if (ok)
    return n;
  PERR("expected a value (IRI, literal or UNDEF), found %s", tok_desc(p));
}

static SpNode *parse_data_block(Parser *p)
{
  SpNode *v = mkt(p, SP_VALUES, NULL);
  SpNode *vars = mkt(p, SP_LIST, NULL);
  sp_node_add(v, vars);
  if (p->tok.type == T_VAR) {
    sp_node_add(vars, parse_var(p));
    expect_p(p, "{");
    while (!is_p(p, "}")) {
      SpNode *row = mkt(p, SP_LIST, NULL);
      if (p->tok.type == T_EOF)
        PERR("unterminated VALUES block");
      sp_node_add(row, parse_data_value(p));
      sp_node_add(v, row);
    }
    next(p);
    return v;
  }
  if (p->tok.type == T_NIL) {
    next(p);
  } else {
    expect_p(p, "(");
    while (p->tok.type == T_VAR) {
      SpNode *var = parse_var(p);
      if (sp_list_has_var(vars, var->str))
        perr_at(p, 0, var->line, var->col, "variable ?%s appears twice in VALUES", var->str);
      sp_node_add(vars, var);
    }
    expect_p(p, ")");
  }
  expect_p(p, "{");
  while (!is_p(p, "}")) {
    SpNode *row = mkt(p, SP_LIST, NULL);
    long l = p->tok.line, c = p->tok.col;
    if (p->tok.type == T_NIL) {
      next(p);
    } else {
      expect_p(p, "(");
      while (!is_p(p, ")")) {
        if (p->tok.type == T_EOF)
          PERR("unterminated VALUES row");
        sp_node_add(row, parse_data_value(p));
      }
      next(p);
    }
    if (row->n != vars->n)
      perr_at(p, 0, l, c, "VALUES row has %zu values for %zu variables", row->n, vars->n);
    sp_node_add(v, row);
  }
  next(p);
  return v;
}

static void check_bind_scope(Parser *p, SpNode *group, SpNode *var)
{
  SpNode *vars = sp_node_new(SP_LIST, NULL, 0, 0);
  size_t i;
  int bad;
  for (i = 0; i < group->n; i++)
    sp_scope_vars(group->kids[i], vars);
  bad = sp_list_has_var(vars, var->str);
  sp_node_free(vars);
  if (bad)
    perr_at(p, 0, var->line, var->col, "BIND to ?%s, which is already in scope", var->str);
}

static SpNode *parse_group_body(Parser *p, SpNode *g)
{
  SpNode *triples = NULL;
  p->in_bgp = 0;
  for (;;) {
    if (is_p(p, "}"))
      break;
    if (triples_start(p)) {
      if (!p->in_bgp)
        p->bgp++;
      p->in_bgp = 1;
      parse_triples_same_subject(p, g, 1);
      (void)triples;
      if (is_p(p, ".")) {
        next(p);
        continue;
      }
      if (is_p(p, "}"))
        break;
      if (triples_start(p))
        PERR("expected '.' or '}' after a triple, found %s", tok_desc(p));
      continue;
    }
    if (is_p(p, "{")) {
      SpNode *first = parse_group(p);
      if (is_w(p, "UNION")) {
        SpNode *u = mk(p, SP_UNION, NULL, first->line, first->col);
        sp_node_add(u, first);
        while (is_w(p, "UNION")) {
          next(p);
          sp_node_add(u, parse_group(p));
        }
        sp_node_add(g, u);
      } else {
        sp_node_add(g, first);
      }
      p->in_bgp = 0;
    } else if (is_w(p, "OPTIONAL") || is_w(p, "MINUS")) {
      SpNode *o = mkt(p, is_w(p, "OPTIONAL") ? SP_OPTIONAL : SP_MINUS, NULL);
      next(p);
      sp_node_add(o, parse_group(p));
      sp_node_add(g, o);
      p->in_bgp = 0;
    } else if (is_w(p, "GRAPH") || is_w(p, "SERVICE")) {
      SpNode *o = mkt(p, is_w(p, "GRAPH") ? SP_GRAPH : SP_SERVICE, NULL);
      next(p);
      if (o->kind == SP_SERVICE && is_w(p, "SILENT")) {
        o->flag = 1;
        next(p);
      }
      if (p->tok.type == T_VAR)
        sp_node_add(o, parse_var(p));
      else
        sp_node_add(o, iri_node(p));
      sp_node_add(o, parse_group(p));
      sp_node_add(g, o);
      p->in_bgp = 0;
    } else if (is_w(p, "FILTER")) {
      SpNode *f = mkt(p, SP_FILTER, NULL);
      int save = p->in_bgp;
      next(p);
      sp_node_add(f, parse_constraint(p));
      sp_node_add(g, f);
      p->in_bgp = save; /* a FILTER does not end a basic graph pattern */
    } else if (is_w(p, "BIND")) {
      SpNode *b = mkt(p, SP_BIND, NULL);
      next(p);
      expect_p(p, "(");
      sp_node_add(b, parse_expr(p));
      expect_w(p, "AS");
      sp_node_add(b, parse_var(p));
      expect_p(p, ")");
      check_bind_scope(p, g, b->kids[1]);
      sp_node_add(g, b);
      p->in_bgp = 0;
    } else if (is_w(p, "VALUES")) {
      next(p);
      sp_node_add(g, parse_data_block(p));
      p->in_bgp = 0;
    } else {
      PERR("expected a graph pattern, found %s", tok_desc(p));
    }
    if (is_p(p, "."))
      next(p);
  }
  return g;
}

static SpNode *parse_group_inner(Parser *p);

static SpNode *parse_group(Parser *p)
{
  SpNode *r;
  NESTED(parse_group_inner(p));
  return r;
}

static SpNode *parse_group_inner(Parser *p)
{
  SpNode *g = mkt(p, SP_GROUP, NULL);
  int save_bgp = p->in_bgp;
  expect_p(p, "{");
  if (is_w(p, "SELECT")) {
    SpNode *s = mkt(p, SP_SUBSELECT, NULL);
    s->query = parse_subselect(p);
    sp_node_add(g, s);
  } else {
    parse_group_body(p, g);
  }
  expect_p(p, "}");
  p->in_bgp = save_bgp;
  (void)save_bgp;
  p->in_bgp = 0;
  return g;
}

/* ---------------------------------------------------------------- queries */

static int has_aggregate(const SpNode *n)
{
  size_t i;
  if (!n)
    return 0;
  if (n->kind == SP_AGG)
    return 1;
  if (n->kind == SP_EXISTS)
    return 0;
  for (i = 0; i < n->n; i++)
    if (has_aggregate(n->kids[i]))
      return 1;
  return 0;
}

/* first variable outside aggregates that is not in `ok`, or NULL */
static const SpNode *ungrouped_var(const SpNode *n, const SpNode *ok)
{
  size_t i;
  if (n->kind == SP_AGG || n->kind == SP_EXISTS)
    return NULL;
  if (n->kind == SP_VAR)
    return sp_list_has_var(ok, n->str) ? NULL : n;
  for (i = 0; i < n->n; i++) {
    const SpNode *v = ungrouped_var(n->kids[i], ok);
    if (v)
      return v;
  }
  return NULL;
}

static void check_select(Parser *p, SpQuery *q)
{
  SpNode *inscope = sp_node_new(SP_LIST, NULL, 0, 0);
  SpNode *keys = NULL;
  SpNode *projected = sp_node_new(SP_LIST, NULL, 0, 0);
  int grouped = q->group_by != NULL;
  size_t i;
  const SpNode *bad = NULL;
  const char *msg = "";

  if (q->where)
    sp_scope_vars(q->where, inscope);
  if (q->proj)
    for (i = 0; i < q->proj->n; i++)
      if (has_aggregate(q->proj->kids[i]))
        grouped = 1;
  if (q->having)
    grouped = 1;
  if (grouped) {
    keys = sp_node_new(SP_LIST, NULL, 0, 0);
    for (i = 0; q->group_by && i < q->group_by->n; i++) {
      const SpNode *g = q->group_by->kids[i];
      if (g->kind == SP_VAR)
        sp_list_add_var(keys, g->str);
      else if (g->kind == SP_AS)
        sp_list_add_var(keys, g->kids[1]->str);
    }
  }
  for (i = 0; !(grouped && q->star && q->form == SP_SELECT) && q->proj && i < q->proj->n; i++) {
    const SpNode *it = q->proj->kids[i];
    if (it->kind == SP_VAR) {
      if (grouped && !sp_list_has_var(keys, it->str)) {
        bad = it;
        msg = "is projected but neither grouped nor aggregated";
        break;
      }
      sp_list_add_var(projected, it->str);
    } else {
      const SpNode *var = it->kids[1];
      if (sp_list_has_var(inscope, var->str) || sp_list_has_var(projected, var->str)) {
        bad = var;
        msg = "is already in scope; SELECT (... AS ?v) needs a new variable";
        break;
      }
      if (grouped) {
        const SpNode *u = ungrouped_var(it->kids[0], keys);
        if (u) {
          bad = u;
          msg = "is used in a SELECT expression but neither grouped nor aggregated";
          break;
        }
        sp_list_add_var(keys, var->str);
      }
      sp_list_add_var(projected, var->str);
    }
  }
  for (i = 0; !bad && grouped && q->having && i < q->having->n; i++) {
    const SpNode *u = ungrouped_var(q->having->kids[i], keys);
    if (u) {
      bad = u;
      msg = "is used in HAVING but neither grouped nor aggregated";
    }
  }
  sp_node_free(inscope);
  sp_node_free(keys);
  sp_node_free(projected);
  if (bad)
    perr_at(p, 0, bad->line, bad->col, "?%s %s", bad->str, msg);
  if (grouped && q->star && q->form == SP_SELECT)
    perr_at(p, 0, q->line, q->col, "SELECT * is not allowed with GROUP BY or aggregates");
}

static void parse_dataset(Parser *p, SpQuery *q)
{
  while (is_w(p, "FROM")) {
    next(p);
    if (is_w(p, "NAMED")) {
      next(p);
      if (!q->from_named)
        q->from_named = mkt(p, SP_LIST, NULL);
      sp_node_add(q->from_named, iri_node(p));
    } else {
      if (!q->from)
        q->from = mkt(p, SP_LIST, NULL);
      sp_node_add(q->from, iri_node(p));
    }
  }
}

static long parse_count(Parser *p)
{
  long v;
  if (p->tok.type != T_INT)
    PERR("expected an integer, found %s", tok_desc(p));
  v = strtol(p->tok.val, NULL, 10);
  next(p);
  return v;
}

static void parse_modifiers(Parser *p, SpQuery *q)
{
  if (is_w(p, "GROUP")) {
    next(p);
    expect_w(p, "BY");
    q->group_by = mkt(p, SP_LIST, NULL);
    do {
      SpNode *c;
      if (p->tok.type == T_VAR) {
        c = parse_var(p);
      } else if (is_p(p, "(")) {
        long l = p->tok.line, col = p->tok.col;
        next(p);
        c = parse_expr(p);
        if (is_w(p, "AS")) {
          SpNode *as = mk(p, SP_AS, NULL, l, col);
          next(p);
          sp_node_add(as, c);
          sp_node_add(as, parse_var(p));
          c = as;
        }
        expect_p(p, ")");
      } else {
        c = parse_constraint(p);
      }
      sp_node_add(q->group_by, c);
    } while (p->tok.type == T_VAR || is_p(p, "(") || is_iri_tok(p) ||
             (p->tok.type == T_WORD && !is_w(p, "HAVING") && !is_w(p, "ORDER") &&
              !is_w(p, "LIMIT") && !is_w(p, "OFFSET") && !is_w(p, "VALUES")));
  }
  if (is_w(p, "HAVING")) {
    next(p);
    q->having = mkt(p, SP_LIST, NULL);
    p->agg_ok = 1;
    do {
      sp_node_add(q->having, parse_constraint(p));
    } while (is_p(p, "(") || is_iri_tok(p) ||
             (p->tok.type == T_WORD && !is_w(p, "ORDER") && !is_w(p, "LIMIT") &&
              !is_w(p, "OFFSET") && !is_w(p, "VALUES")));
    p->agg_ok = 0;
  }
  if (is_w(p, "ORDER")) {
    next(p);
    expect_w(p, "BY");
    q->order = mkt(p, SP_LIST, NULL);
    p->agg_ok = 1;
    do {
      SpNode *o = mkt(p, SP_ORDER, NULL);
      if (is_w(p, "ASC") || is_w(p, "DESC")) {
        o->flag = is_w(p, "DESC");
        next(p);
        if (!is_p(p, "("))
          PERR("expected '(' after ASC/DESC, found %s", tok_desc(p));
        sp_node_add(o, parse_primary(p));
      } else if (p->tok.type == T_VAR) {
        sp_node_add(o, parse_var(p));
      } else {
        sp_node_add(o, parse_constraint(p));
      }
      sp_node_add(q->order, o);
    } while (p->tok.type == T_VAR || is_p(p, "(") || is_iri_tok(p) ||
             (p->tok.type == T_WORD && !is_w(p, "LIMIT") && !is_w(p, "OFFSET") &&
              !is_w(p, "VALUES")));
    p->agg_ok = 0;
  }
  if (is_w(p, "LIMIT")) {
    next(p);
    q->limit = parse_count(p);
    if (is_w(p, "OFFSET")) {
      next(p);
      q->offset = parse_count(p);
    }
  } else if (is_w(p, "OFFSET")) {
    next(p);
    q->offset = parse_count(p);
    if (is_w(p, "LIMIT")) {
      next(p);
      q->limit = parse_count(p);
    }
  }
}

static void parse_select_clause(Parser *p, SpQuery *q)
{
  q->form = SP_SELECT;
  next(p);
  if (is_w(p, "DISTINCT")) {
    q->distinct = 1;
    next(p);
  } else if (is_w(p, "REDUCED")) {
    q->reduced = 1;
    next(p);
  }
  if (is_p(p, "*")) {
    q->star = 1;
    next(p);
    return;
  }
  q->proj = mkt(p, SP_LIST, NULL);
  p->agg_ok = 1;
  while (p->tok.type == T_VAR || is_p(p, "(")) {
    if (p->tok.type == T_VAR) {
      sp_node_add(q->proj, parse_var(p));
    } else {
      SpNode *as = mkt(p, SP_AS, NULL);
      next(p);
      sp_node_add(as, parse_expr(p));
      expect_w(p, "AS");
      sp_node_add(as, parse_var(p));
      expect_p(p, ")");
      sp_node_add(q->proj, as);
    }
  }
  p->agg_ok = 0;
  if (q->proj->n == 0)
    PERR("expected variables or '*' after SELECT, found %s", tok_desc(p));
}

static SpQuery *parse_subselect(Parser *p)
{
  SpQuery *q = mkq(p);
  parse_select_clause(p, q);
  if (is_w(p, "WHERE"))
    next(p);
  q->where = parse_group(p);
  parse_modifiers(p, q);
  if (is_w(p, "VALUES")) {
    next(p);
    q->values = parse_data_block(p);
  }
  check_select(p, q);
  return q;
}

static SpQuery *parse_query(Parser *p)
{
  SpQuery *q;
  for (;;) {
    if (is_w(p, "BASE")) {
      char *r;
      next(p);
      if (p->tok.type != T_IRI)
        PERR("expected an IRI after BASE, found %s", tok_desc(p));
      r = resolve(p, p->tok.val);
      free(p->base);
      p->base = r;
      next(p);
    } else if (is_w(p, "PREFIX")) {
      Prefix pr;
      next(p);
      if (p->tok.type != T_PNAME || p->tok.val2[0] != '\0')
        PERR("expected a prefix name like 'ex:' after PREFIX, found %s", tok_desc(p));
      /* owned by the parser at once, so that an error in what follows frees it */
      pr.name = pstrdup(p->tok.val);
      pr.iri = NULL;
      p->prefixes = realloc(p->prefixes, (p->nprefixes + 1) * sizeof *p->prefixes);
      if (!p->prefixes)
        abort();
      p->prefixes[p->nprefixes++] = pr;
      next(p);
      if (p->tok.type != T_IRI)
        PERR("expected an IRI after the prefix name, found %s", tok_desc(p));
      p->prefixes[p->nprefixes - 1].iri = resolve(p, p->tok.val);
      next(p);
    } else {
      break;
    }
  }
  q = mkq(p);
  q->base = p->base ? pstrdup(p->base) : NULL;
  if (is_w(p, "SELECT")) {
    parse_select_clause(p, q);
    parse_dataset(p, q);
    if (is_w(p, "WHERE"))
      next(p);
    q->where = parse_group(p);
    parse_modifiers(p, q);
  } else if (is_w(p, "ASK")) {
    q->form = SP_ASK;
    next(p);
    parse_dataset(p, q);
    if (is_w(p, "WHERE"))
      next(p);
    q->where = parse_group(p);
    parse_modifiers(p, q);
  } else if (is_w(p, "CONSTRUCT")) {
    q->form = SP_CONSTRUCT;
    next(p);
    q->tmpl = mkt(p, SP_LIST, NULL);
    if (is_p(p, "{")) {
      next(p);
      p->in_template = 1;
      while (!is_p(p, "}")) {
        parse_triples_same_subject(p, q->tmpl, 0);
        if (!is_p(p, "."))
          break;
        next(p);
      }
      p->in_template = 0;
      expect_p(p, "}");
      parse_dataset(p, q);
      if (is_w(p, "WHERE"))
        next(p);
      q->where = parse_group(p);
    } else {
      /* CONSTRUCT WHERE { TriplesTemplate } */
      size_t i;
      parse_dataset(p, q);
      expect_w(p, "WHERE");
      q->where = mkt(p, SP_GROUP, NULL);
      expect_p(p, "{");
      p->bgp++;
      while (!is_p(p, "}")) {
        parse_triples_same_subject(p, q->where, 0);
        if (!is_p(p, "."))
          break;
        next(p);
      }
      expect_p(p, "}");
      for (i = 0; i < q->where->n; i++)
        sp_node_add(q->tmpl, sp_node_copy(q->where->kids[i]));
    }
    parse_modifiers(p, q);
  } else if (is_w(p, "DESCRIBE")) {
    q->form = SP_DESCRIBE;
    next(p);
    if (is_p(p, "*")) {
      q->star = 1;
      next(p);
    } else {
      q->proj = mkt(p, SP_LIST, NULL);
      while (p->tok.type == T_VAR || is_iri_tok(p)) {
        if (p->tok.type == T_VAR)
          sp_node_add(q->proj, parse_var(p));
        else
          sp_node_add(q->proj, iri_node(p));
      }
      if (q->proj->n == 0)
        PERR("expected variables, IRIs or '*' after DESCRIBE, found %s", tok_desc(p));
    }
    parse_dataset(p, q);
    if (is_w(p, "WHERE")) {
      next(p);
      q->where = parse_group(p);
    } else if (is_p(p, "{")) {
      q->where = parse_group(p);
    }
    parse_modifiers(p, q);
  } else if (is_w(p, "INSERT") || is_w(p, "DELETE") || is_w(p, "LOAD") || is_w(p, "CLEAR") ||
             is_w(p, "DROP") || is_w(p, "CREATE") || is_w(p, "WITH")) {
    PERR("SPARQL Update (%s) is not a query; use igmap load to add data", p->tok.val);
  } else {
    PERR("expected SELECT, CONSTRUCT, ASK or DESCRIBE, found %s", tok_desc(p));
  }
  if (is_w(p, "VALUES")) {
    next(p);
    q->values = parse_data_block(p);
  }
  if (q->form == SP_SELECT)
    check_select(p, q);
  else if (q->form != SP_SELECT && q->having)
    check_select(p, q);
  if (p->tok.type != T_EOF)
    PERR("unexpected %s after the end of the query", tok_desc(p));
  return q;
}

static void print_caret(const char *text, size_t off, long col)
{
  size_t s = off, e = off;
  long i;
  while (s > 0 && text[s - 1] != '\n')
    s--;
  while (text[e] && text[e] != '\n')
    e++;
  fprintf(stderr, "  %.*s\n  ", (int)(e - s), text + s);
  for (i = 1; i < col; i++)
    fputc(text[s + (size_t)i - 1] == '\t' ? '\t' : ' ', stderr);
  fputs("^\n", stderr);
}

static size_t offset_of(const char *text, long line, long col)
{
  size_t off = 0;
  long l = 1, c = 1;
  while (text[off] && (l < line || (l == line && c < col))) {
    if (text[off] == '\n') {
      if (l == line)
        break;
      l++;
      c = 1;
    } else if (((unsigned char)text[off] & 0xC0) != 0x80) {
      c++;
    }
    off++;
  }
  return off;
}

typedef struct PtrSet {
  const void **v;
  size_t n, cap;
} PtrSet;

static void ptr_add(PtrSet *s, const void *x)
{
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 256;
    s->v = realloc(s->v, s->cap * sizeof *s->v);
    if (!s->v)
      abort();
  }
  s->v[s->n++] = x;
}

static int ptr_cmp(const void *a, const void *b)
{
  uintptr_t x = (uintptr_t) * (const void *const *)a, y = (uintptr_t) * (const void *const *)b;
  return x < y ? -1 : x > y;
}

static int ptr_has(const PtrSet *s, const void *x)
{
  return bsearch(&x, s->v, s->n, sizeof *s->v, ptr_cmp) != NULL;
}

static void collect_query(const SpQuery *q, PtrSet *s);
static void collect_node(const SpNode *n, PtrSet *s)
{
  size_t i;
  if (!n)
    return;
  ptr_add(s, n);
  for (i = 0; i < n->n; i++)
    collect_node(n->kids[i], s);
  if (n->query)
    collect_query(n->query, s);
}

static void collect_query(const SpQuery *q, PtrSet *s)
{
  collect_node(q->proj, s);
  collect_node(q->tmpl, s);
  collect_node(q->from, s);
  collect_node(q->from_named, s);
  collect_node(q->where, s);
  collect_node(q->group_by, s);
  collect_node(q->having, s);
  collect_node(q->order, s);
  collect_node(q->values, s);
}

/* Free the nodes the parser made that are not part of the finished tree (root == NULL: after an
 * error, free them all, with the copies hanging from them). */
static void release_made(Parser *p, const SpQuery *root)
{
  PtrSet keep = {0}, made = {0};
  size_t i, k;
  if (root)
    collect_query(root, &keep);
  for (i = 0; i < p->nmade; i++)
    ptr_add(&made, p->made[i]);
  if (keep.n)
    qsort(keep.v, keep.n, sizeof *keep.v, ptr_cmp);
  if (made.n)
    qsort(made.v, made.n, sizeof *made.v, ptr_cmp);
  for (i = 0; i < p->nmade; i++) {
    SpNode *n = p->made[i];
    if (root && ptr_has(&keep, n))
      continue;
    for (k = 0; k < n->n; k++)
      if (!ptr_has(&made, n->kids[k]))
        sp_node_free(n->kids[k]);
    n->n = 0;
    n->query = NULL;
    sp_node_free(n);
  }
  if (!root)
    for (i = 0; i < p->nmadeq; i++) {
      free(p->madeq[i]->base);
      memset(p->madeq[i], 0, sizeof *p->madeq[i]);
      sp_query_free(p->madeq[i]);
    }
  free(keep.v);
  free(made.v);
}

/* A query is Unicode text: the first byte that is not well-formed UTF-8 is a syntax error. */
static void check_utf8(Parser *p)
{
  const unsigned char *s = (const unsigned char *)p->text;
  size_t i = 0, n = p->len;
  long line = 1, col = 1;
  while (i < n) {
    unsigned char c = s[i];
    size_t len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3
               : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    size_t k;
    int ok = len > 0 && i + len <= n;
    for (k = 1; ok && k < len; k++)
      ok = (s[i + k] & 0xC0) == 0x80;
    if (ok && len == 3 && ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F)))
      ok = 0;
    if (ok && len == 4 && ((c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] > 0x8F)))
      ok = 0;
    if (!ok)
      perr_at(p, i, line, col, "invalid UTF-8 byte 0x%02X", c);
    if (c == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    i += len;
  }
}

IgmStatus sp_parse(const char *text, const char *source_name, const char *base_uri,
                   SpQuery **out)
{
  Parser p;
  SpQuery *volatile q = NULL;
  size_t i;
  volatile IgmStatus st = IGM_OK;
  memset(&p, 0, sizeof p);
  p.text = text;
  p.len = strlen(text);
  p.source = source_name;
  p.base = base_uri ? pstrdup(base_uri) : NULL;
  *out = NULL;
  if (setjmp(p.fail) == 0) {
    check_utf8(&p);
    next(&p);
    q = parse_query(&p);
  } else {
    long col = p.errcol;
    if (p.errline > 0 && p.errcol > 0) {
      p.erroff = offset_of(text, p.errline, p.errcol);
    }
    igm_diag(IGM_DIAG_ERROR, source_name ? source_name : "<query>", p.errline, col, "%s",
             p.errmsg);
    if (p.errline > 0)
      print_caret(text, p.erroff, col);
    release_made(&p, NULL);
    q = NULL;
    st = IGM_ESYNTAX;
  }
  if (q)
    release_made(&p, q);
  tok_clear(&p.tok);
  free(p.made);
  free(p.madeq);
  for (i = 0; i < p.nprefixes; i++) {
    free(p.prefixes[i].name);
    free(p.prefixes[i].iri);
  }
  free(p.prefixes);
  for (i = 0; i < p.nlabels; i++)
    free(p.labels[i].name);
  free(p.labels);
  free(p.base);
  *out = q;
  return st;
}
