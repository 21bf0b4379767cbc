/* sparql_filter.c: the FILTER expressions igmap evaluates itself, inside its own joins.
 *
 * Only expressions whose value igmap can decide exactly as SPARQL 1.1 defines it:
 *   BOUND(?v), isIRI/isURI/isBlank/isLiteral(?v), !, &&, || (with SPARQL's error logic),
 *   T = T, T != T and sameTerm(T, T) where T is a variable, an IRI or a simple string literal,
 *   and S op S for op in = != < > <= >= where S is STR(T) or a simple string literal
 *   (code-point order, the order of '<' on simple literals).
 * '=' between two terms is decided when both are IRIs or blank nodes (the same term or not), or
 * both simple literals (the same string or not), or one is an IRI or blank node and the other a
 * literal (not equal). Anything else (numbers compared by value, language tags, datatypes) is
 * SP_F_UNDECIDED at run time: the caller then leaves the whole query to rasqal. */
#include "sparql_filter.h"

#include <string.h>
#include <strings.h>

typedef struct Val {
  int err;
  librdf_node *node; /* a term, or NULL with str set */
  const char *str;   /* a string (STR() or a simple literal), when node is NULL */
} Val;

static int is_simple_literal(const SpNode *n)
{
  return n->kind == SP_LITERAL && !n->lang && !n->dt && !(n->flag & SP_LIT_BARE);
}

static int is_term(const SpNode *n)
{
  return n->kind == SP_VAR || n->kind == SP_IRI || is_simple_literal(n);
}

static int is_str_operand(const SpNode *n)
{
  return is_simple_literal(n) ||
         (n->kind == SP_CALL && strcmp(n->str, "STR") == 0 && n->n == 1 && is_term(n->kids[0]));
}

static int is_call(const SpNode *n, const char *name, size_t nargs)
{
  return n->kind == SP_CALL && !(n->flag & SP_FN_IRI) && strcmp(n->str, name) == 0 &&
         n->n == nargs;
}

int sp_filter_supported(const SpNode *e)
{
  static const char *const ops[] = {"=", "!=", "<", ">", "<=", ">="};
  size_t i;
  if (!e)
    return 0;
  if (is_call(e, "BOUND", 1))
    return e->kids[0]->kind == SP_VAR;
  if (is_call(e, "ISIRI", 1) || is_call(e, "ISURI", 1) || is_call(e, "ISBLANK", 1) ||
      is_call(e, "ISLITERAL", 1))
    return e->kids[0]->kind == SP_VAR;
  if (is_call(e, "SAMETERM", 2))
    return is_term(e->kids[0]) && is_term(e->kids[1]);
  if (e->kind != SP_OP)
    return 0;
  if (strcmp(e->str, "!") == 0 && e->n == 1)
    return sp_filter_supported(e->kids[0]);
  if ((strcmp(e->str, "&&") == 0 || strcmp(e->str, "||") == 0) && e->n == 2)
    return sp_filter_supported(e->kids[0]) && sp_filter_supported(e->kids[1]);
  if (e->n != 2)
    return 0;
  if ((strcmp(e->str, "=") == 0 || strcmp(e->str, "!=") == 0) && is_term(e->kids[0]) &&
      is_term(e->kids[1]))
    return 1;
  for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (strcmp(e->str, ops[i]) == 0)
      return is_str_operand(e->kids[0]) && is_str_operand(e->kids[1]);
  return 0;
}

static librdf_node *var_value(const char *name, char *const *vars, size_t nvars,
                              librdf_node *const *row)
{
  size_t i;
  for (i = 0; i < nvars; i++)
    if (strcmp(vars[i], name) == 0)
      return row[i];
  return NULL;
}

/* a term operand: a node, or a simple literal's text; err when unbound */
static Val term_value(const SpNode *t, char *const *vars, size_t nvars, librdf_node *const *row)
{
  Val v = {0, NULL, NULL};
  if (t->kind == SP_VAR) {
    v.node = var_value(t->str, vars, nvars, row);
    v.err = v.node == NULL;
  } else {
    v.str = t->str; /* an IRI's or a simple literal's text; operand() tells which */
  }
  return v;
}

enum { K_IRI, K_BLANK, K_SIMPLE, K_OTHER_LITERAL };

static int node_kind(librdf_node *n)
{
  if (librdf_node_is_resource(n))
    return K_IRI;
  if (librdf_node_is_blank(n))
    return K_BLANK;
  if (librdf_node_get_literal_value_language(n) || librdf_node_get_literal_value_datatype_uri(n))
    return K_OTHER_LITERAL;
  return K_SIMPLE;
}

static const char *node_text(librdf_node *n)
{
  int k = node_kind(n);
  if (k == K_IRI)
    return (const char *)librdf_uri_as_string(librdf_node_get_uri(n));
  if (k == K_BLANK)
    return (const char *)librdf_node_get_blank_identifier(n);
  return (const char *)librdf_node_get_literal_value(n);
}

/* the kind and text of an operand: a node's, or the constant's (IRI or simple literal) */
static void operand(const SpNode *t, const Val *v, int *kind, const char **text)
{
  if (v->node) {
    *kind = node_kind(v->node);
    *text = node_text(v->node);
  } else {
    *kind = t->kind == SP_IRI ? K_IRI : K_SIMPLE;
    *text = v->str;
  }
}

/* '=' of two terms: 1, 0, SP_F_ERROR or SP_F_UNDECIDED */
static int terms_equal(const SpNode *a, const SpNode *b, char *const *vars, size_t nvars,
                       librdf_node *const *row, int same_term)
{
  Val x = term_value(a, vars, nvars, row), y = term_value(b, vars, nvars, row);
  int kx, ky;
  const char *tx, *ty;
  if (x.err || y.err)
    return SP_F_ERROR;
  operand(a, &x, &kx, &tx);
  operand(b, &y, &ky, &ty);
  if (!tx || !ty)
    return SP_F_UNDECIDED;
  if (kx == K_OTHER_LITERAL || ky == K_OTHER_LITERAL) {
    if (same_term && x.node && y.node) {
      const char *lx = librdf_node_get_literal_value_language(x.node);
      const char *ly = librdf_node_get_literal_value_language(y.node);
      /* language tags that differ only in case: one tag in RDF 1.1, two in librdf */
      if (lx && ly && strcmp(lx, ly) != 0 && strcasecmp(lx, ly) == 0)
        return SP_F_UNDECIDED;
      return librdf_node_equals(x.node, y.node) ? 1 : 0;
    }
    if (kx != K_OTHER_LITERAL && ky != K_OTHER_LITERAL)
      return 0;
    if ((kx == K_IRI || kx == K_BLANK || ky == K_IRI || ky == K_BLANK))
      return 0; /* a literal is never an IRI or a blank node */
    return SP_F_UNDECIDED;
  }
  if (kx != ky)
    return 0;
  return strcmp(tx, ty) == 0;
}

/* STR(T) or a simple literal: its text, or NULL with *err set (STR of a blank node) */
static const char *str_value(const SpNode *s, char *const *vars, size_t nvars,
                             librdf_node *const *row, int *err)
{
  const SpNode *t;
  Val v;
  if (is_simple_literal(s))
    return s->str;
  t = s->kids[0];
  v = term_value(t, vars, nvars, row);
  if (v.err) {
    *err = 1;
    return NULL;
  }
  if (!v.node)
    return v.str;
  if (librdf_node_is_blank(v.node)) {
    *err = 1;
    return NULL;
  }
  return node_text(v.node);
}

int sp_filter_eval(const SpNode *e, char *const *vars, size_t nvars, librdf_node *const *row)
{
  if (e->kind == SP_CALL) {
    librdf_node *n;
    if (strcmp(e->str, "BOUND") == 0)
      return var_value(e->kids[0]->str, vars, nvars, row) != NULL;
    if (strcmp(e->str, "SAMETERM") == 0)
      return terms_equal(e->kids[0], e->kids[1], vars, nvars, row, 1);
    n = var_value(e->kids[0]->str, vars, nvars, row);
    if (!n)
      return SP_F_ERROR;
    if (strcmp(e->str, "ISIRI") == 0 || strcmp(e->str, "ISURI") == 0)
      return librdf_node_is_resource(n) != 0;
    if (strcmp(e->str, "ISBLANK") == 0)
      return librdf_node_is_blank(n) != 0;
    return librdf_node_is_literal(n) != 0;
  }
  if (strcmp(e->str, "!") == 0) {
    int v = sp_filter_eval(e->kids[0], vars, nvars, row);
    return v == 0 || v == 1 ? !v : v;
  }
  if (strcmp(e->str, "&&") == 0 || strcmp(e->str, "||") == 0) {
    int a = sp_filter_eval(e->kids[0], vars, nvars, row), b, and = e->str[0] == '&';
    if (a == SP_F_UNDECIDED)
      return a;
    if (a == (and ? 0 : 1))
      return a;
    b = sp_filter_eval(e->kids[1], vars, nvars, row);
    if (b == SP_F_UNDECIDED)
      return b;
    if (b == (and ? 0 : 1))
      return b;
    return a == SP_F_ERROR || b == SP_F_ERROR ? SP_F_ERROR : b;
  }
  if (is_term(e->kids[0]) && is_term(e->kids[1]) &&
      (strcmp(e->str, "=") == 0 || strcmp(e->str, "!=") == 0)) {
    int v = terms_equal(e->kids[0], e->kids[1], vars, nvars, row, 0);
    if (v != 0 && v != 1)
      return v;
    return e->str[0] == '!' ? !v : v;
  }
  {
    int err = 0, c;
    const char *a = str_value(e->kids[0], vars, nvars, row, &err);
    const char *b = err ? NULL : str_value(e->kids[1], vars, nvars, row, &err);
    if (err)
      return SP_F_ERROR;
    if (!a || !b)
      return SP_F_UNDECIDED;
    c = strcmp(a, b);
    if (strcmp(e->str, "=") == 0)
      return c == 0;
    if (strcmp(e->str, "!=") == 0)
      return c != 0;
    if (strcmp(e->str, "<") == 0)
      return c < 0;
    if (strcmp(e->str, ">") == 0)
      return c > 0;
    if (strcmp(e->str, "<=") == 0)
      return c <= 0;
    return c >= 0;
  }
}
