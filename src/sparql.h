/* sparql.h: igmap's own SPARQL 1.1 query front end.
 * The parser turns query text into a tree (SpNode / SpQuery) in which every node carries the
 * line and column it came from; prefixed names and relative IRIs are already expanded to
 * absolute IRIs. The serializer writes a tree back as SPARQL text (full IRIs, long-form VALUES).
 *
 * Ownership: sp_parse returns a new SpQuery the caller frees with sp_query_free, which frees the
 * whole tree. sp_node_add and the SpQuery fields take ownership of the nodes given to them.
 * Strings returned by sp_serialize are malloc'd; the caller frees them. */
#ifndef IGMAP_SPARQL_H
#define IGMAP_SPARQL_H

#include <stddef.h>

#include "status.h"

typedef enum SpKind {
  /* terms */
  SP_VAR,     /* str = name without '?' */
  SP_IRI,     /* str = absolute IRI */
  SP_BNODE,   /* str = label (query-local) */
  SP_LITERAL, /* str = lexical form, lang, dt (NULL for simple); flag SP_LIT_BARE: written bare */
  SP_UNDEF,   /* UNDEF in VALUES */
  /* lists and patterns */
  SP_LIST,     /* generic list of kids */
  SP_GROUP,    /* { ... }: kids are pattern elements */
  SP_TRIPLE,   /* kids: subject, predicate (term or path), object */
  SP_OPTIONAL, /* kids[0] = group */
  SP_UNION,    /* kids = groups (two or more) */
  SP_MINUS,    /* kids[0] = group */
  SP_GRAPH,    /* kids[0] = var or IRI, kids[1] = group */
  SP_SERVICE,  /* kids[0] = var or IRI, kids[1] = group; flag = SILENT */
  SP_FILTER,   /* kids[0] = expression */
  SP_BIND,     /* kids[0] = expression, kids[1] = var */
  SP_VALUES,   /* kids[0] = SP_LIST of vars, kids[1..] = SP_LIST rows (SP_UNDEF for UNDEF) */
  SP_SUBSELECT, /* query = the sub-select */
  /* property paths */
  SP_PATH_SEQ, /* kids: two or more */
  SP_PATH_ALT, /* kids: two or more */
  SP_PATH_INV, /* kids[0] */
  SP_PATH_STAR,
  SP_PATH_PLUS,
  SP_PATH_OPT,
  SP_PATH_NEG, /* kids: SP_IRI (forward) or SP_PATH_INV(SP_IRI) */
  /* expressions */
  SP_OP,       /* str = "||" "&&" "=" "!=" "<" ">" "<=" ">=" "+" "-" "*" "/" "!" "u+" "u-" */
  SP_IN,       /* kids[0] = expr, kids[1..] = list; flag = 1 for NOT IN */
  SP_CALL,     /* built-in: str = upper-case name; kids = args. Function: str = IRI, flag SP_FN_IRI */
  SP_AGG,      /* str = COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT; kids[0] = expr or none for
                  COUNT(*); flag SP_AGG_DISTINCT; sep = separator or NULL */
  SP_EXISTS,   /* kids[0] = group; flag = 1 for NOT EXISTS */
  SP_AS,       /* kids[0] = expr, kids[1] = var (projection, GROUP BY) */
  SP_ORDER     /* kids[0] = expr; flag = 1 for DESC */
} SpKind;

enum {
  SP_LIT_BARE = 1,     /* numeric or boolean literal written without quotes */
  SP_FN_IRI = 1,       /* SP_CALL of an IRI-named function */
  SP_FN_DISTINCT = 2,  /* ... with DISTINCT (custom aggregate) */
  SP_AGG_DISTINCT = 1
};

typedef struct SpQuery SpQuery;
typedef struct SpNode SpNode;
struct SpNode {
  SpKind kind;
  int flag;
  char *str;
  char *lang;
  char *dt;
  char *sep;
  long line, col;
  size_t n, cap;
  SpNode **kids;
  SpQuery *query; /* SP_SUBSELECT */
};

typedef enum SpForm { SP_SELECT, SP_CONSTRUCT, SP_ASK, SP_DESCRIBE } SpForm;

struct SpQuery {
  SpForm form;
  int distinct, reduced, star; /* star: SELECT * or DESCRIBE * */
  SpNode *proj;       /* SP_LIST of SP_VAR or SP_AS (SELECT), terms (DESCRIBE) */
  SpNode *tmpl;       /* CONSTRUCT template: SP_LIST of SP_TRIPLE */
  SpNode *from;       /* SP_LIST of SP_IRI */
  SpNode *from_named; /* SP_LIST of SP_IRI */
  SpNode *where;      /* SP_GROUP (NULL for DESCRIBE without WHERE) */
  SpNode *group_by;   /* SP_LIST of expressions / SP_AS, or NULL */
  SpNode *having;     /* SP_LIST of expressions, or NULL */
  SpNode *order;      /* SP_LIST of SP_ORDER, or NULL */
  long limit, offset; /* -1 when absent */
  SpNode *values;     /* trailing VALUES, or NULL */
  char *base;         /* the base IRI in effect at the end of the prologue, or NULL */
  long line, col;
};

/* Nodes */
SpNode *sp_node_new(SpKind kind, const char *str, long line, long col);
void sp_node_add(SpNode *parent, SpNode *kid); /* takes kid */
void sp_node_insert(SpNode *parent, size_t at, SpNode *kid);
SpNode *sp_node_remove(SpNode *parent, size_t at); /* returns the kid, now owned by caller */
SpNode *sp_node_copy(const SpNode *n);
void sp_node_free(SpNode *n);
int sp_node_equal(const SpNode *a, const SpNode *b);
SpNode *sp_var(const char *name);
SpNode *sp_iri(const char *iri);
SpNode *sp_literal(const char *lex, const char *lang, const char *dt, int bare);
SpQuery *sp_query_new(void);
SpQuery *sp_query_copy(const SpQuery *q);
void sp_query_free(SpQuery *q);

/* Parse a query. On a syntax error prints "igmap: SOURCE:LINE:COL: error: MSG", the query line
 * and a caret (stderr), and returns IGM_ESYNTAX. base_uri may be NULL. */
IgmStatus sp_parse(const char *text, const char *source_name, const char *base_uri,
                   SpQuery **out);

/* SPARQL text for a query (for rasqal and for tests). */
char *sp_serialize(const SpQuery *q);
char *sp_serialize_node(const SpNode *n); /* an expression, term, path or pattern */

/* Variables in scope of a pattern (SPARQL 1.1 section 18.2.1), appended to `vars` (an SP_LIST
 * of SP_VAR without duplicates). */
void sp_scope_vars(const SpNode *pattern, SpNode *vars);
void sp_query_result_vars(const SpQuery *q, SpNode *vars);
int sp_list_has_var(const SpNode *vars, const char *name);
void sp_list_add_var(SpNode *vars, const char *name);
/* Every variable mentioned anywhere below n (expressions and patterns, sub-selects included). */
void sp_all_vars(const SpNode *n, SpNode *vars);

/* Growable string buffer used by the serializer and the rewriter. */
typedef struct SpBuf {
  char *s;
  size_t len, cap;
} SpBuf;
void sp_buf_puts(SpBuf *b, const char *s);
void sp_buf_putn(SpBuf *b, const char *s, size_t n);
void sp_buf_printf(SpBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
