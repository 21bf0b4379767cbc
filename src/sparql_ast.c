/* sparql_ast.c: the SPARQL tree: nodes, copies, comparison, variable scope, and the serializer
 * that writes a tree back as SPARQL 1.1 text. */
#include "sparql.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    fputs("igmap: error: out of memory\n", stderr);
    abort();
  }
  return q;
}

static char *xstrdup(const char *s)
{
  size_t n;
  char *d;
  if (!s)
    return NULL;
  n = strlen(s) + 1;
  d = xrealloc(NULL, n);
  memcpy(d, s, n);
  return d;
}

/* ---- buffers ---- */

void sp_buf_putn(SpBuf *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    b->s = xrealloc(b->s, cap);
    b->cap = cap;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void sp_buf_puts(SpBuf *b, const char *s) { sp_buf_putn(b, s, strlen(s)); }

void sp_buf_printf(SpBuf *b, const char *fmt, ...)
{
  char small[256];
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n < sizeof small) {
    sp_buf_putn(b, small, (size_t)n);
  } else {
    char *big = xrealloc(NULL, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sp_buf_putn(b, big, (size_t)n);
    free(big);
  }
}

/* ---- nodes ---- */

SpNode *sp_node_new(SpKind kind, const char *str, long line, long col)
{
  SpNode *n = xrealloc(NULL, sizeof *n);
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->str = xstrdup(str);
  n->line = line;
  n->col = col;
  return n;
}

void sp_node_add(SpNode *parent, SpNode *kid) { sp_node_insert(parent, parent->n, kid); }

void sp_node_insert(SpNode *parent, size_t at, SpNode *kid)
{
  if (parent->n == parent->cap) {
    parent->cap = parent->cap ? parent->cap * 2 : 4;
    parent->kids = xrealloc(parent->kids, parent->cap * sizeof *parent->kids);
  }
  memmove(parent->kids + at + 1, parent->kids + at, (parent->n - at) * sizeof *parent->kids);
  parent->kids[at] = kid;
  parent->n++;
}

SpNode *sp_node_remove(SpNode *parent, size_t at)
{
  SpNode *k = parent->kids[at];
  memmove(parent->kids + at, parent->kids + at + 1, (parent->n - at - 1) * sizeof *parent->kids);
  parent->n--;
  return k;
}

SpNode *sp_node_copy(const SpNode *n)
{
  SpNode *c;
  size_t i;
  if (!n)
    return NULL;
  c = sp_node_new(n->kind, n->str, n->line, n->col);
  c->flag = n->flag;
  c->lang = xstrdup(n->lang);
  c->dt = xstrdup(n->dt);
  c->sep = xstrdup(n->sep);
  for (i = 0; i < n->n; i++)
    sp_node_add(c, sp_node_copy(n->kids[i]));
  c->query = sp_query_copy(n->query);
  return c;
}

void sp_node_free(SpNode *n)
{
  size_t i;
  if (!n)
    return;
  for (i = 0; i < n->n; i++)
    sp_node_free(n->kids[i]);
  free(n->kids);
  free(n->str);
  free(n->lang);
  free(n->dt);
  free(n->sep);
  sp_query_free(n->query);
  free(n);
}

static int streq0(const char *a, const char *b)
{
  if (!a || !b)
    return a == b;
  return strcmp(a, b) == 0;
}

int sp_node_equal(const SpNode *a, const SpNode *b)
{
  size_t i;
  if (!a || !b)
    return a == b;
  if (a->kind != b->kind || a->flag != b->flag || a->n != b->n || !streq0(a->str, b->str) ||
      !streq0(a->lang, b->lang) || !streq0(a->dt, b->dt) || !streq0(a->sep, b->sep))
    return 0;
  if (a->query || b->query)
    return 0;
  for (i = 0; i < a->n; i++)
    if (!sp_node_equal(a->kids[i], b->kids[i]))
      return 0;
  return 1;
}

SpNode *sp_var(const char *name) { return sp_node_new(SP_VAR, name, 0, 0); }
SpNode *sp_iri(const char *iri) { return sp_node_new(SP_IRI, iri, 0, 0); }
SpNode *sp_literal(const char *lex, const char *lang, const char *dt, int bare)
{
  SpNode *n = sp_node_new(SP_LITERAL, lex, 0, 0);
  n->lang = xstrdup(lang);
  n->dt = xstrdup(dt);
  n->flag = bare ? SP_LIT_BARE : 0;
  return n;
}

SpQuery *sp_query_new(void)
{
  SpQuery *q = xrealloc(NULL, sizeof *q);
  memset(q, 0, sizeof *q);
  q->limit = -1;
  q->offset = -1;
  return q;
}

SpQuery *sp_query_copy(const SpQuery *q)
{
  SpQuery *c;
  if (!q)
    return NULL;
  c = sp_query_new();
  *c = *q;
  c->proj = sp_node_copy(q->proj);
  c->tmpl = sp_node_copy(q->tmpl);
  c->from = sp_node_copy(q->from);
  c->from_named = sp_node_copy(q->from_named);
  c->where = sp_node_copy(q->where);
  c->group_by = sp_node_copy(q->group_by);
  c->having = sp_node_copy(q->having);
  c->order = sp_node_copy(q->order);
  c->values = sp_node_copy(q->values);
  c->base = xstrdup(q->base);
  return c;
}

void sp_query_free(SpQuery *q)
{
  if (!q)
    return;
  sp_node_free(q->proj);
  sp_node_free(q->tmpl);
  sp_node_free(q->from);
  sp_node_free(q->from_named);
  sp_node_free(q->where);
  sp_node_free(q->group_by);
  sp_node_free(q->having);
  sp_node_free(q->order);
  sp_node_free(q->values);
  free(q->base);
  free(q);
}

/* ---- variables ---- */

int sp_list_has_var(const SpNode *vars, const char *name)
{
  size_t i;
  for (i = 0; i < vars->n; i++)
    if (strcmp(vars->kids[i]->str, name) == 0)
      return 1;
  return 0;
}

void sp_list_add_var(SpNode *vars, const char *name)
{
  if (!sp_list_has_var(vars, name))
    sp_node_add(vars, sp_var(name));
}

static void query_proj_vars(const SpQuery *q, SpNode *vars)
{
  size_t i;
  if (q->star) {
    if (q->where)
      sp_scope_vars(q->where, vars);
    /* SELECT * also shows what a trailing VALUES binds; an explicit list only itself */
    if (q->values)
      for (i = 0; i < q->values->kids[0]->n; i++)
        sp_list_add_var(vars, q->values->kids[0]->kids[i]->str);
  } else if (q->proj) {
    for (i = 0; i < q->proj->n; i++) {
      const SpNode *p = q->proj->kids[i];
      sp_list_add_var(vars, p->kind == SP_AS ? p->kids[1]->str : p->str);
    }
  }
}

void sp_query_result_vars(const SpQuery *q, SpNode *vars)
{
  size_t i;
  if (q->star && q->where) {
    sp_scope_vars(q->where, vars);
    if (q->values)
      for (i = 0; i < q->values->kids[0]->n; i++)
        sp_list_add_var(vars, q->values->kids[0]->kids[i]->str);
    return;
  }
  query_proj_vars(q, vars);
}

static void term_vars(const SpNode *t, SpNode *vars)
{
  size_t i;
  if (t->kind == SP_VAR)
    sp_list_add_var(vars, t->str);
  for (i = 0; i < t->n; i++)
    term_vars(t->kids[i], vars);
}

void sp_scope_vars(const SpNode *p, SpNode *vars)
{
  size_t i;
  if (!p)
    return;
  switch (p->kind) {
  case SP_GROUP:
    for (i = 0; i < p->n; i++)
      sp_scope_vars(p->kids[i], vars);
    break;
  case SP_TRIPLE:
    term_vars(p->kids[0], vars);
    term_vars(p->kids[1], vars);
    term_vars(p->kids[2], vars);
    break;
  case SP_OPTIONAL:
    sp_scope_vars(p->kids[0], vars);
    break;
  case SP_UNION:
    for (i = 0; i < p->n; i++)
      sp_scope_vars(p->kids[i], vars);
    break;
  case SP_GRAPH:
  case SP_SERVICE:
    term_vars(p->kids[0], vars);
    sp_scope_vars(p->kids[1], vars);
    break;
  case SP_BIND:
    sp_list_add_var(vars, p->kids[1]->str);
    break;
  case SP_VALUES:
    for (i = 0; i < p->kids[0]->n; i++)
      sp_list_add_var(vars, p->kids[0]->kids[i]->str);
    break;
  case SP_SUBSELECT:
    query_proj_vars(p->query, vars);
    break;
  default:
    break;
  }
}

static void query_all_vars(const SpQuery *q, SpNode *vars)
{
  if (q->proj)
    sp_all_vars(q->proj, vars);
  if (q->where)
    sp_all_vars(q->where, vars);
  if (q->group_by)
    sp_all_vars(q->group_by, vars);
  if (q->having)
    sp_all_vars(q->having, vars);
  if (q->order)
    sp_all_vars(q->order, vars);
  if (q->values)
    sp_all_vars(q->values, vars);
  if (q->tmpl)
    sp_all_vars(q->tmpl, vars);
}

void sp_all_vars(const SpNode *n, SpNode *vars)
{
  size_t i;
  if (!n)
    return;
  if (n->kind == SP_VAR)
    sp_list_add_var(vars, n->str);
  for (i = 0; i < n->n; i++)
    sp_all_vars(n->kids[i], vars);
  if (n->query)
    query_all_vars(n->query, vars);
}

/* ---- serializer ---- */

static void ser_node(SpBuf *b, const SpNode *n, int indent);
static void ser_query(SpBuf *b, const SpQuery *q, int indent);

static void ser_iri(SpBuf *b, const char *iri)
{
  const unsigned char *p;
  sp_buf_puts(b, "<");
  for (p = (const unsigned char *)iri; *p; p++) {
    if (*p <= 0x20 || strchr("<>\"{}|^`\\", *p))
      sp_buf_printf(b, "\\u%04X", *p);
    else
      sp_buf_putn(b, (const char *)p, 1);
  }
  sp_buf_puts(b, ">");
}

static void ser_string(SpBuf *b, const char *s)
{
  sp_buf_puts(b, "\"");
  for (; *s; s++) {
    switch (*s) {
    case '"': sp_buf_puts(b, "\\\""); break;
    case '\\': sp_buf_puts(b, "\\\\"); break;
    case '\n': sp_buf_puts(b, "\\n"); break;
    case '\r': sp_buf_puts(b, "\\r"); break;
    case '\t': sp_buf_puts(b, "\\t"); break;
    default: sp_buf_putn(b, s, 1);
    }
  }
  sp_buf_puts(b, "\"");
}

static void ser_literal(SpBuf *b, const SpNode *n)
{
  if (n->flag & SP_LIT_BARE) {
    sp_buf_puts(b, n->str);
    return;
  }
  ser_string(b, n->str);
  if (n->lang) {
    sp_buf_puts(b, "@");
    sp_buf_puts(b, n->lang);
  } else if (n->dt) {
    sp_buf_puts(b, "^^");
    ser_iri(b, n->dt);
  }
}

static void nl(SpBuf *b, int indent)
{
  int i;
  sp_buf_puts(b, "\n");
  for (i = 0; i < indent; i++)
    sp_buf_puts(b, "  ");
}

static void ser_args(SpBuf *b, const SpNode *n, size_t from)
{
  size_t i;
  sp_buf_puts(b, "(");
  for (i = from; i < n->n; i++) {
    if (i > from)
      sp_buf_puts(b, ", ");
    ser_node(b, n->kids[i], 0);
  }
  sp_buf_puts(b, ")");
}

static void ser_group(SpBuf *b, const SpNode *g, int indent)
{
  size_t i;
  sp_buf_puts(b, "{");
  for (i = 0; i < g->n; i++) {
    nl(b, indent + 1);
    ser_node(b, g->kids[i], indent + 1);
  }
  nl(b, indent);
  sp_buf_puts(b, "}");
}

static void ser_node(SpBuf *b, const SpNode *n, int indent)
{
  size_t i;
  switch (n->kind) {
  case SP_VAR: sp_buf_printf(b, "?%s", n->str); break;
  case SP_IRI: ser_iri(b, n->str); break;
  case SP_BNODE: sp_buf_printf(b, "_:%s", n->str); break;
  case SP_LITERAL:
    if ((n->flag & SP_LIT_BARE) && n->str[0] == '-' && indent < 0) {
      sp_buf_puts(b, "(");
      ser_literal(b, n);
      sp_buf_puts(b, ")");
    } else {
      ser_literal(b, n);
    }
    break;
  case SP_UNDEF: sp_buf_puts(b, "UNDEF"); break;
  case SP_LIST:
    for (i = 0; i < n->n; i++) {
      if (i)
        sp_buf_puts(b, " ");
      ser_node(b, n->kids[i], indent);
    }
    break;
  case SP_GROUP: ser_group(b, n, indent); break;
  case SP_TRIPLE:
    ser_node(b, n->kids[0], indent);
    sp_buf_puts(b, " ");
    ser_node(b, n->kids[1], indent);
    sp_buf_puts(b, " ");
    ser_node(b, n->kids[2], indent);
    sp_buf_puts(b, " .");
    break;
  case SP_OPTIONAL:
    sp_buf_puts(b, "OPTIONAL ");
    ser_group(b, n->kids[0], indent);
    break;
  case SP_MINUS:
    sp_buf_puts(b, "MINUS ");
    ser_group(b, n->kids[0], indent);
    break;
  case SP_UNION:
    for (i = 0; i < n->n; i++) {
      if (i)
        sp_buf_puts(b, " UNION ");
      ser_group(b, n->kids[i], indent);
    }
    break;
  case SP_GRAPH:
  case SP_SERVICE:
    sp_buf_puts(b, n->kind == SP_GRAPH ? "GRAPH " : (n->flag ? "SERVICE SILENT " : "SERVICE "));
    ser_node(b, n->kids[0], indent);
    sp_buf_puts(b, " ");
    ser_group(b, n->kids[1], indent);
    break;
  case SP_FILTER:
    sp_buf_puts(b, "FILTER(");
    ser_node(b, n->kids[0], -1);
    sp_buf_puts(b, ")");
    break;
  case SP_BIND:
    sp_buf_puts(b, "BIND(");
    ser_node(b, n->kids[0], -1);
    sp_buf_printf(b, " AS ?%s)", n->kids[1]->str);
    break;
  case SP_VALUES:
    sp_buf_puts(b, "VALUES (");
    ser_node(b, n->kids[0], indent);
    sp_buf_puts(b, ") {");
    for (i = 1; i < n->n; i++) {
      sp_buf_puts(b, " (");
      ser_node(b, n->kids[i], indent);
      sp_buf_puts(b, ")");
    }
    sp_buf_puts(b, " }");
    break;
  case SP_SUBSELECT:
    sp_buf_puts(b, "{ ");
    ser_query(b, n->query, indent + 1);
    sp_buf_puts(b, " }");
    break;
  case SP_PATH_SEQ:
  case SP_PATH_ALT:
    sp_buf_puts(b, "(");
    for (i = 0; i < n->n; i++) {
      if (i)
        sp_buf_puts(b, n->kind == SP_PATH_SEQ ? "/" : "|");
      ser_node(b, n->kids[i], indent);
    }
    sp_buf_puts(b, ")");
    break;
  case SP_PATH_INV:
    sp_buf_puts(b, "^");
    ser_node(b, n->kids[0], indent);
    break;
  case SP_PATH_STAR:
  case SP_PATH_PLUS:
  case SP_PATH_OPT:
    sp_buf_puts(b, "(");
    ser_node(b, n->kids[0], indent);
    sp_buf_puts(b, n->kind == SP_PATH_STAR ? ")*" : n->kind == SP_PATH_PLUS ? ")+" : ")?");
    break;
  case SP_PATH_NEG:
    sp_buf_puts(b, "!(");
    for (i = 0; i < n->n; i++) {
      if (i)
        sp_buf_puts(b, "|");
      ser_node(b, n->kids[i], indent);
    }
    sp_buf_puts(b, ")");
    break;
  case SP_OP:
    if (n->n == 1) {
      sp_buf_printf(b, "(%s ", n->str[0] == 'u' ? n->str + 1 : n->str);
      ser_node(b, n->kids[0], -1);
      sp_buf_puts(b, ")");
    } else {
      sp_buf_puts(b, "(");
      ser_node(b, n->kids[0], -1);
      sp_buf_printf(b, " %s ", n->str);
      ser_node(b, n->kids[1], -1);
      sp_buf_puts(b, ")");
    }
    break;
  case SP_IN:
    sp_buf_puts(b, "(");
    ser_node(b, n->kids[0], -1);
    sp_buf_puts(b, n->flag ? " NOT IN " : " IN ");
    ser_args(b, n, 1);
    sp_buf_puts(b, ")");
    break;
  case SP_CALL:
    if (n->flag & SP_FN_IRI)
      ser_iri(b, n->str);
    else
      sp_buf_puts(b, n->str);
    if (n->flag & SP_FN_DISTINCT) {
      sp_buf_puts(b, "(DISTINCT ");
      for (i = 0; i < n->n; i++) {
        if (i)
          sp_buf_puts(b, ", ");
        ser_node(b, n->kids[i], -1);
      }
      sp_buf_puts(b, ")");
    } else {
      ser_args(b, n, 0);
    }
    break;
  case SP_AGG:
    sp_buf_printf(b, "%s(%s", n->str, (n->flag & SP_AGG_DISTINCT) ? "DISTINCT " : "");
    if (n->n == 0)
      sp_buf_puts(b, "*");
    else
      ser_node(b, n->kids[0], -1);
    if (n->sep) {
      sp_buf_puts(b, "; SEPARATOR=");
      ser_string(b, n->sep);
    }
    sp_buf_puts(b, ")");
    break;
  case SP_EXISTS:
    sp_buf_puts(b, n->flag ? "NOT EXISTS " : "EXISTS ");
    ser_group(b, n->kids[0], indent < 0 ? 0 : indent);
    break;
  case SP_AS:
    sp_buf_puts(b, "(");
    ser_node(b, n->kids[0], -1);
    sp_buf_printf(b, " AS ?%s)", n->kids[1]->str);
    break;
  case SP_ORDER:
    sp_buf_puts(b, n->flag ? "DESC(" : "ASC(");
    ser_node(b, n->kids[0], -1);
    sp_buf_puts(b, ")");
    break;
  }
}

static void ser_query(SpBuf *b, const SpQuery *q, int indent)
{
  size_t i;
  switch (q->form) {
  case SP_SELECT:
    sp_buf_puts(b, "SELECT ");
    if (q->distinct)
      sp_buf_puts(b, "DISTINCT ");
    if (q->reduced)
      sp_buf_puts(b, "REDUCED ");
    if (q->star || !q->proj || q->proj->n == 0)
      sp_buf_puts(b, "*");
    else
      ser_node(b, q->proj, -1);
    break;
  case SP_CONSTRUCT:
    sp_buf_puts(b, "CONSTRUCT {");
    for (i = 0; q->tmpl && i < q->tmpl->n; i++) {
      nl(b, indent + 1);
      ser_node(b, q->tmpl->kids[i], indent + 1);
    }
    nl(b, indent);
    sp_buf_puts(b, "}");
    break;
  case SP_ASK: sp_buf_puts(b, "ASK"); break;
  case SP_DESCRIBE:
    sp_buf_puts(b, "DESCRIBE ");
    if (q->star)
      sp_buf_puts(b, "*");
    else
      ser_node(b, q->proj, -1);
    break;
  }
  for (i = 0; q->from && i < q->from->n; i++) {
    nl(b, indent);
    sp_buf_puts(b, "FROM ");
    ser_iri(b, q->from->kids[i]->str);
  }
  for (i = 0; q->from_named && i < q->from_named->n; i++) {
    nl(b, indent);
    sp_buf_puts(b, "FROM NAMED ");
    ser_iri(b, q->from_named->kids[i]->str);
  }
  if (q->where) {
    nl(b, indent);
    sp_buf_puts(b, "WHERE ");
    ser_group(b, q->where, indent);
  }
  if (q->group_by && q->group_by->n) {
    nl(b, indent);
    sp_buf_puts(b, "GROUP BY");
    for (i = 0; i < q->group_by->n; i++) {
      const SpNode *g = q->group_by->kids[i];
      sp_buf_puts(b, " ");
      if (g->kind == SP_VAR || g->kind == SP_AS) {
        ser_node(b, g, -1);
      } else {
        sp_buf_puts(b, "(");
        ser_node(b, g, -1);
        sp_buf_puts(b, ")");
      }
    }
  }
  if (q->having && q->having->n) {
    nl(b, indent);
    sp_buf_puts(b, "HAVING");
    for (i = 0; i < q->having->n; i++) {
      sp_buf_puts(b, " (");
      ser_node(b, q->having->kids[i], -1);
      sp_buf_puts(b, ")");
    }
  }
  if (q->order && q->order->n) {
    nl(b, indent);
    sp_buf_puts(b, "ORDER BY");
    for (i = 0; i < q->order->n; i++) {
      sp_buf_puts(b, " ");
      ser_node(b, q->order->kids[i], -1);
    }
  }
  if (q->limit >= 0) {
    nl(b, indent);
    sp_buf_printf(b, "LIMIT %ld", q->limit);
  }
  if (q->offset >= 0) {
    nl(b, indent);
    sp_buf_printf(b, "OFFSET %ld", q->offset);
  }
  if (q->values) {
    nl(b, indent);
    ser_node(b, q->values, indent);
  }
}

char *sp_serialize(const SpQuery *q)
{
  SpBuf b = {0};
  if (q->base) {
    /* IRIs are written absolute; BASE is for IRI() and URI() */
    sp_buf_puts(&b, "BASE ");
    ser_iri(&b, q->base);
    sp_buf_puts(&b, "\n");
  }
  ser_query(&b, q, 0);
  sp_buf_puts(&b, "\n");
  return b.s;
}

char *sp_serialize_node(const SpNode *n)
{
  SpBuf b = {0};
  ser_node(&b, n, 0);
  if (!b.s)
    sp_buf_puts(&b, "");
  return b.s;
}
