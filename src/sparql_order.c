/* sparql_order.c: ORDER BY over the rows igmap evaluates itself.
 *
 * SPARQL orders unbound < blank nodes < IRIs < literals, and literals by the '<' operator where
 * it is defined (numbers by value, strings by code point, dates by time); elsewhere the order is
 * left to the implementation. igmap orders a key itself only when every value of that key is of
 * one kind for which '<' is defined and compares the way rasqal compares it: IRIs, simple
 * literals, xsd:string literals, numbers, xsd:boolean, and xsd:date or xsd:dateTime without a
 * time zone. Anything else (blank nodes, language-tagged literals, other datatypes, a mix of
 * kinds) is left to rasqal, so igmap never answers with an order of its own invention.
 *
 * Rows whose keys compare equal are ordered by their projected values (a total order on terms),
 * so the answer does not depend on the order the store returns statements in. */
#include "sparql_order.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define XSD "http://www.w3.org/2001/XMLSchema#"

enum { K_NONE, K_IRI, K_SIMPLE, K_XSTRING, K_NUMBER, K_BOOLEAN, K_DATE, K_DATETIME, K_OTHER };

static const char *const numeric_types[] = {
    "integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
};

static const char *datatype(librdf_node *n)
{
  librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
  return dt ? (const char *)librdf_uri_as_string(dt) : NULL;
}

/* digits, an optional sign and point, an optional exponent: what strtold reads exactly */
static int plain_number(const char *s, int exponent_ok)
{
  size_t digits = 0;
  if (*s == '+' || *s == '-')
    s++;
  for (; isdigit((unsigned char)*s); s++)
    digits++;
  if (*s == '.')
    for (s++; isdigit((unsigned char)*s); s++)
      digits++;
  if (!digits || digits > 18)
    return 0;
  if (exponent_ok && (*s == 'e' || *s == 'E')) {
    s++;
    if (*s == '+' || *s == '-')
      s++;
    if (!isdigit((unsigned char)*s))
      return 0;
    while (isdigit((unsigned char)*s))
      s++;
  }
  return *s == '\0';
}

static int digits_at(const char *s, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i]))
      return 0;
  return 1;
}

/* YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with an optional fraction: no time zone */
static int plain_date(const char *s, int with_time)
{
  size_t n = strlen(s);
  if (n < 10 || !digits_at(s, 4) || s[4] != '-' || !digits_at(s + 5, 2) || s[7] != '-' ||
      !digits_at(s + 8, 2))
    return 0;
  if (!with_time)
    return n == 10;
  if (n < 19 || s[10] != 'T' || !digits_at(s + 11, 2) || s[13] != ':' || !digits_at(s + 14, 2) ||
      s[16] != ':' || !digits_at(s + 17, 2))
    return 0;
  if (n == 19)
    return 1;
  return s[19] == '.' && n > 20 && digits_at(s + 20, n - 20) && s[n - 1] != '0';
}

static int kind_of(librdf_node *n)
{
  const char *dt, *lex;
  size_t i;
  if (!n)
    return K_NONE;
  if (librdf_node_is_resource(n))
    return K_IRI;
  if (!librdf_node_is_literal(n))
    return K_OTHER;
  if (librdf_node_get_literal_value_language(n))
    return K_OTHER;
  dt = datatype(n);
  lex = (const char *)librdf_node_get_literal_value(n);
  if (!dt)
    return K_SIMPLE;
  if (strncmp(dt, XSD, sizeof XSD - 1) != 0 || !lex)
    return K_OTHER;
  dt += sizeof XSD - 1;
  if (strcmp(dt, "string") == 0)
    return K_XSTRING;
  if (strcmp(dt, "boolean") == 0)
    return strcmp(lex, "true") == 0 || strcmp(lex, "false") == 0 ? K_BOOLEAN : K_OTHER;
  if (strcmp(dt, "date") == 0)
    return plain_date(lex, 0) ? K_DATE : K_OTHER;
  if (strcmp(dt, "dateTime") == 0)
    return plain_date(lex, 1) ? K_DATETIME : K_OTHER;
  for (i = 0; i < sizeof numeric_types / sizeof numeric_types[0]; i++)
    if (strcmp(dt, numeric_types[i]) == 0)
      return plain_number(lex, strcmp(dt, "double") == 0 || strcmp(dt, "float") == 0)
                 ? K_NUMBER
                 : K_OTHER;
  return K_OTHER;
}

int sp_order_column_supported(librdf_node *const *cells, size_t nrows, size_t stride, size_t col)
{
  int kind = K_NONE;
  size_t r;
  for (r = 0; r < nrows; r++) {
    int k = kind_of(cells[r * stride + col]);
    if (k == K_NONE)
      continue;
    if (k == K_OTHER || (kind != K_NONE && k != kind))
      return 0;
    kind = k;
  }
  return 1;
}

static const char *lexical(librdf_node *n)
{
  const char *s = (const char *)librdf_node_get_literal_value(n);
  return s ? s : "";
}

int sp_order_compare(librdf_node *a, librdf_node *b)
{
  int ka = kind_of(a), kb = kind_of(b);
  if (!a || !b)
    return (a != NULL) - (b != NULL);
  if (ka != kb) /* not reached for a supported column */
    return ka < kb ? -1 : 1;
  switch (ka) {
  case K_IRI:
    return strcmp((const char *)librdf_uri_as_string(librdf_node_get_uri(a)),
                  (const char *)librdf_uri_as_string(librdf_node_get_uri(b)));
  case K_NUMBER: {
    long double x = strtold(lexical(a), NULL), y = strtold(lexical(b), NULL);
    return x < y ? -1 : x > y;
  }
  case K_BOOLEAN: /* false < true */
    return (lexical(a)[0] == 't') - (lexical(b)[0] == 't');
  case K_DATETIME: {
    /* the same instant may be written with a fraction or without */
    const char *x = lexical(a), *y = lexical(b);
    int c = strncmp(x, y, 19);
    if (c)
      return c;
    x += 19;
    y += 19;
    if (*x == '.')
      x++;
    if (*y == '.')
      y++;
    for (; *x || *y; x += *x != '\0', y += *y != '\0') {
      int dx = *x ? *x : '0', dy = *y ? *y : '0';
      if (dx != dy)
        return dx < dy ? -1 : 1;
    }
    return 0;
  }
  default:
    return strcmp(lexical(a), lexical(b));
  }
}

static int rank(librdf_node *n)
{
  if (!n)
    return 0;
  if (librdf_node_is_blank(n))
    return 1;
  if (librdf_node_is_resource(n))
    return 2;
  return 3;
}

int sp_term_total_compare(librdf_node *a, librdf_node *b)
{
  int ra = rank(a), rb = rank(b), c;
  const char *la, *lb, *da, *db;
  if (ra != rb)
    return ra < rb ? -1 : 1;
  switch (ra) {
  case 0:
    return 0;
  case 1:
    return strcmp((const char *)librdf_node_get_blank_identifier(a),
                  (const char *)librdf_node_get_blank_identifier(b));
  case 2:
    return strcmp((const char *)librdf_uri_as_string(librdf_node_get_uri(a)),
                  (const char *)librdf_uri_as_string(librdf_node_get_uri(b)));
  default:
    break;
  }
  c = strcmp(lexical(a), lexical(b));
  if (c)
    return c;
  la = librdf_node_get_literal_value_language(a);
  lb = librdf_node_get_literal_value_language(b);
  c = strcmp(la ? la : "", lb ? lb : "");
  if (c)
    return c;
  da = datatype(a);
  db = datatype(b);
  return strcmp(da ? da : "", db ? db : "");
}
