/* query_exec.c: runs a query through rasqal behind a guard that refuses the constructs rasqal
 * 0.9.33 answers wrongly or not at all (redland-notes.md, A and B), and corrects the two
 * aggregate bugs it can detect after the fact (B3, B4). */
#include "query_exec.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "qlex.h"
#include "strmap.h"
#include "util.h"

typedef struct Guard {
  const char *source;
  IgmQLex lx;
  IgmQTok *tok;
  size_t n;
} Guard;

static void guard_tokens(Guard *g, const char *text)
{
  size_t cap = 0;
  igm_qlex_init(&g->lx, text, strlen(text));
  g->tok = NULL;
  g->n = 0;
  for (;;) {
    IgmQTok t = igm_qlex_next(&g->lx);
    if (g->n == cap) {
      cap = cap ? cap * 2 : 128;
      g->tok = igm_xrealloc(g->tok, cap * sizeof *g->tok);
    }
    g->tok[g->n++] = t;
    if (t.type == IGM_QT_EOF)
      break;
  }
}

static int is_word(Guard *g, size_t i, const char *w)
{
  return i < g->n && (g->tok[i].type == IGM_QT_WORD) && igm_qtok_is(&g->lx, &g->tok[i], w);
}

static int is_punct(Guard *g, size_t i, const char *p)
{
  return i < g->n && g->tok[i].type == IGM_QT_PUNCT && igm_qtok_is(&g->lx, &g->tok[i], p);
}

static IgmStatus refuse(Guard *g, size_t i, const char *construct, const char *instead)
{
  const IgmQTok *t = &g->tok[i];
  igm_diag(IGM_DIAG_ERROR, g->source, t->line, t->col,
           "%s is not supported: rasqal 0.9.33 would answer it wrongly; %s", construct, instead);
  return IGM_ESYNTAX;
}

static int tok_eq(Guard *g, size_t a, size_t b)
{
  return g->tok[a].len == g->tok[b].len &&
         strncmp(g->lx.text + g->tok[a].start, g->lx.text + g->tok[b].start, g->tok[a].len) == 0;
}

static int is_aggregate(Guard *g, size_t i)
{
  static const char *const aggs[] = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE",
                                     "GROUP_CONCAT"};
  size_t k;
  for (k = 0; k < sizeof aggs / sizeof aggs[0]; k++)
    if (is_word(g, i, aggs[k]) && is_punct(g, i + 1, "("))
      return 1;
  return 0;
}

/* Index of the ')' matching the '(' at i. */
static size_t match_paren(Guard *g, size_t i)
{
  int depth = 0;
  for (; i < g->n; i++) {
    if (is_punct(g, i, "("))
      depth++;
    else if (is_punct(g, i, ")") && --depth == 0)
      return i;
  }
  return g->n - 1;
}

static size_t match_brace(Guard *g, size_t i)
{
  int depth = 0;
  for (; i < g->n; i++) {
    if (is_punct(g, i, "{"))
      depth++;
    else if (is_punct(g, i, "}") && --depth == 0)
      return i;
  }
  return g->n - 1;
}

typedef struct QueryShape {
  int has_aggregate, has_group_by, has_having, has_optional;
  size_t where_open, where_close; /* token indexes of the outermost WHERE group */
  size_t select_tok;              /* first SELECT/ASK/CONSTRUCT keyword */
} QueryShape;

static IgmStatus check(Guard *g, QueryShape *q, const IgmDataset *ds)
{
  size_t i;
  /* paren context stack: 1 = expression, 0 = triple position (path group or collection) */
  unsigned char ctx[256];
  int depth = 0, brace = 0;
  static const char *const update[] = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE",
                                       "DROP",   "COPY",   "MOVE", "ADD",   "WITH"};
  memset(q, 0, sizeof *q);
  q->select_tok = (size_t)-1;
  q->where_open = q->where_close = (size_t)-1;
  for (i = 0; i < g->n; i++)
    if (is_word(g, i, "OPTIONAL"))
      q->has_optional = 1;
  for (i = 0; i < g->n && g->tok[i].type != IGM_QT_EOF; i++) {
    IgmQTok *t = &g->tok[i];
    size_t k;
    if (t->type == IGM_QT_ERROR) {
      igm_diag(IGM_DIAG_ERROR, g->source, t->line, t->col, "syntax error: unterminated token");
      return IGM_ESYNTAX;
    }
    if (brace == 0 && depth == 0 && t->type == IGM_QT_WORD)
      for (k = 0; k < sizeof update / sizeof update[0]; k++)
        if (igm_qtok_is(&g->lx, t, update[k]))
          return refuse(g, i, "SPARQL Update",
                        "use 'igmap load' to add data; queries are read-only");
    if (q->select_tok == (size_t)-1 &&
        (is_word(g, i, "SELECT") || is_word(g, i, "ASK") || is_word(g, i, "CONSTRUCT") ||
         is_word(g, i, "DESCRIBE")))
      q->select_tok = i;
    if (is_word(g, i, "DESCRIBE"))
      return refuse(g, i, "DESCRIBE",
                    "write CONSTRUCT { <x> ?p ?o . ?s ?q <x> } WHERE { { <x> ?p ?o } UNION { ?s ?q <x> } }");
    if (is_word(g, i, "SERVICE"))
      return refuse(g, i, "SERVICE", "igmap never reaches the network");
    if (is_word(g, i, "EXISTS"))
      return refuse(g, i, "FILTER [NOT] EXISTS",
                    "write OPTIONAL { ... } FILTER(!BOUND(?v)) for NOT EXISTS, a plain join "
                    "with SELECT DISTINCT for EXISTS");
    if (is_word(g, i, "MINUS"))
      return refuse(g, i, "MINUS",
                    "write OPTIONAL { ... } FILTER(!BOUND(?v)) on a variable only the right "
                    "side binds");
    if (is_word(g, i, "SEPARATOR"))
      return refuse(g, i, "GROUP_CONCAT with SEPARATOR",
                    "select the rows ordered and join them yourself, or use "
                    "REPLACE(GROUP_CONCAT(?v), \" \", \",\") when values have no spaces");
    if (is_word(g, i, "FROM"))
      return refuse(g, i, "FROM / FROM NAMED",
                    "use GRAPH <g> { ... } to select a graph of the store");
    if (is_word(g, i, "YEAR") || is_word(g, i, "MONTH") || is_word(g, i, "DAY")) {
      if (is_punct(g, i + 1, "("))
        return refuse(g, i, "YEAR/MONTH/DAY (unbound on xsd:date)",
                      "use xsd:integer(SUBSTR(STR(?d), 1, 4)) and friends");
    }
    if ((is_word(g, i, "REGEX") || is_word(g, i, "REPLACE")) && is_punct(g, i + 1, "(")) {
      size_t close = match_paren(g, i + 1);
      for (k = i + 2; k < close; k++)
        if (g->tok[k].type == IGM_QT_STRING) {
          char *s = igm_strndup(g->lx.text + g->tok[k].start, g->tok[k].len);
          int pcre = strstr(s, "\\\\d") || strstr(s, "\\\\D") || strstr(s, "\\\\p") ||
                     strstr(s, "\\\\P") || strstr(s, "(?") || strstr(s, "*?") || strstr(s, "+?");
          free(s);
          if (pcre)
            return refuse(g, k, "a regular expression with PCRE syntax (\\d, \\p, (?...), lazy "
                                "quantifiers)",
                          "rasqal uses POSIX regular expressions: write [0-9] for \\d and plain "
                          "( ) groups");
        }
    }
    if (is_word(g, i, "CONCAT") && is_punct(g, i + 1, "(")) {
      size_t close = match_paren(g, i + 1);
      for (k = i + 2; k < close; k++)
        if ((g->tok[k].type == IGM_QT_WORD || g->tok[k].type == IGM_QT_PNAME ||
             g->tok[k].type == IGM_QT_IRI) &&
            is_punct(g, k + 1, "("))
          return refuse(g, k, "a function call inside CONCAT (rasqal returns garbage)",
                        "BIND the inner expression to a variable first and CONCAT the variables");
    }
    if (is_aggregate(g, i)) {
      q->has_aggregate = 1;
      if (is_word(g, i, "COUNT") && q->has_optional) {
        size_t a = i + 2;
        if (is_word(g, a, "DISTINCT"))
          a++;
        if (g->tok[a].type == IGM_QT_VAR)
          return refuse(g, i, "COUNT(?v) in a query with OPTIONAL (rasqal counts unbound values)",
                        "write (SUM(IF(BOUND(?v), 1, 0)) AS ?n)");
      }
    }
    if (is_word(g, i, "GROUP") && is_word(g, i + 1, "BY")) {
      q->has_group_by = 1;
      for (k = i + 2; k < g->n && (g->tok[k].type == IGM_QT_VAR || is_punct(g, k, "(")); k++)
        if (is_punct(g, k, "("))
          return refuse(g, k, "GROUP BY on an expression",
                        "BIND the expression to a variable in WHERE and GROUP BY the variable");
    }
    if (is_word(g, i, "HAVING"))
      q->has_having = 1;
    if (is_word(g, i, "VALUES") && i + 1 < g->n && g->tok[i + 1].type == IGM_QT_VAR &&
        is_punct(g, i + 2, "{")) {
      size_t close = match_brace(g, i + 2), values = 0;
      for (k = i + 3; k < close; k++) {
        IgmQTokType ty = g->tok[k].type;
        if (k > 0 && is_punct(g, k - 1, "^^"))
          continue;
        if (ty == IGM_QT_STRING || ty == IGM_QT_NUMBER || ty == IGM_QT_IRI ||
            ty == IGM_QT_PNAME || ty == IGM_QT_WORD)
          values++;
      }
      if (values > 1)
        return refuse(g, i, "short-form VALUES with several values",
                      "write the long form VALUES (?x) { (a) (b) }");
    }
    if (is_word(g, i, "BIND") && is_punct(g, i + 1, "(")) {
      size_t close = match_paren(g, i + 1), end, m;
      /* the group that contains this BIND ends at the first unmatched '}' */
      int d = 0;
      for (end = close + 1; end < g->n; end++) {
        if (is_punct(g, end, "{"))
          d++;
        else if (is_punct(g, end, "}") && d-- == 0)
          break;
      }
      for (k = i + 2; k < close; k++) {
        if (g->tok[k].type != IGM_QT_VAR || is_word(g, k - 1, "AS"))
          continue;
        for (m = close + 1; m < end; m++)
          if (g->tok[m].type == IGM_QT_VAR && tok_eq(g, k, m))
            return refuse(g, i, "BIND before the patterns that bind its inputs",
                          "move the BIND after the triple patterns it uses");
      }
    }
    if (is_word(g, i, "GRAPH") && i + 1 < g->n &&
        (g->tok[i + 1].type == IGM_QT_IRI || g->tok[i + 1].type == IGM_QT_PNAME) && ds) {
      /* rasqal answers GRAPH <unknown> with one all-unbound row (B10): only allow graphs we
       * hold, written as full IRIs */
      if (g->tok[i + 1].type == IGM_QT_IRI) {
        char *iri = igm_strndup(g->lx.text + g->tok[i + 1].start + 1, g->tok[i + 1].len - 2);
        librdf_node *n = librdf_new_node_from_uri_string(ds->world, (const unsigned char *)iri);
        librdf_iterator *it = librdf_model_get_contexts(ds->model);
        int found = 0;
        while (it && !librdf_iterator_end(it)) {
          librdf_node *c = librdf_iterator_get_object(it);
          if (c && librdf_node_equals(c, n))
            found = 1;
          librdf_iterator_next(it);
        }
        if (it)
          librdf_free_iterator(it);
        librdf_free_node(n);
        free(iri);
        if (!found)
          return refuse(g, i + 1, "GRAPH on a graph the store does not hold",
                        "list the graphs with 'igmap stats' (the answer would be empty)");
      }
    }
    /* bracket bookkeeping and property paths */
    if (is_punct(g, i, "{")) {
      brace++;
      if (q->where_open == (size_t)-1 && brace == 1) {
        q->where_open = i;
        q->where_close = match_brace(g, i);
      }
    } else if (is_punct(g, i, "}")) {
      brace--;
    } else if (is_punct(g, i, "(")) {
      int expr = i > 0 && (g->tok[i - 1].type == IGM_QT_WORD || g->tok[i - 1].type == IGM_QT_PNAME ||
                           g->tok[i - 1].type == IGM_QT_IRI || (depth > 0 && ctx[depth - 1]));
      if (brace == 0)
        expr = 1;
      if (i > 0 && is_word(g, i - 1, "a"))
        expr = 0;
      if (depth < (int)sizeof ctx)
        ctx[depth] = (unsigned char)expr;
      depth++;
    } else if (is_punct(g, i, ")")) {
      if (depth > 0)
        depth--;
    } else if (brace > 0 && (depth == 0 || !ctx[depth - 1]) && t->type == IGM_QT_PUNCT) {
      int path = 0;
      if (is_punct(g, i, "/") || is_punct(g, i, "|") || is_punct(g, i, "^") ||
          is_punct(g, i, "!"))
        path = 1;
      if ((is_punct(g, i, "+") || is_punct(g, i, "*") || is_punct(g, i, "?")) && i > 0 &&
          (g->tok[i - 1].type == IGM_QT_IRI || g->tok[i - 1].type == IGM_QT_PNAME ||
           is_word(g, i - 1, "a") || is_punct(g, i - 1, ")")))
        path = 1;
      if (path)
        return refuse(g, i, "a property path",
                      "write a fixed-depth UNION of plain triple patterns; for transitive "
                      "relations query the derived properties (skos:broaderTransitive, "
                      "org:transitiveSubOrganizationOf, ig:inDocument)");
    }
  }
  return IGM_OK;
}

static char *base_or_default(const char *base_uri)
{
  if (base_uri && *base_uri)
    return igm_strdup(base_uri);
  return igm_file_uri("query.rq");
}

/* Runs `text` through librdf/rasqal. */
static IgmStatus run_rasqal(const char *text, const char *source, const char *base_uri,
                            const IgmDataset *ds, IgmResults **out)
{
  librdf_uri *base = NULL;
  librdf_query *q = NULL;
  librdf_query_results *qr = NULL;
  char *b = base_or_default(base_uri);
  IgmStatus st = IGM_OK;
  unsigned errors = igm_diag_error_count();
  base = librdf_new_uri(ds->world, (const unsigned char *)b);
  free(b);
  q = librdf_new_query(ds->world, "sparql", NULL, (const unsigned char *)text, base);
  if (!q || igm_diag_error_count() != errors) {
    if (igm_diag_error_count() == errors)
      igm_diag(IGM_DIAG_ERROR, source, 0, 0, "syntax error in query");
    st = IGM_ESYNTAX;
    goto done;
  }
  qr = librdf_model_query_execute(ds->model, q);
  if (!qr || igm_diag_error_count() != errors) {
    if (igm_diag_error_count() == errors)
      igm_diag(IGM_DIAG_ERROR, source, 0, 0,
               "the query cannot be run correctly by this SPARQL engine");
    st = IGM_ESYNTAX;
    goto done;
  }
  st = igm_results_from_librdf(qr, out);
  if (st == IGM_OK && igm_diag_error_count() != errors) {
    igm_results_free(*out);
    *out = NULL;
    st = IGM_ESYNTAX;
  }
done:
  if (qr)
    librdf_free_query_results(qr);
  if (q)
    librdf_free_query(q);
  if (base)
    librdf_free_uri(base);
  return st;
}

IgmStatus igm_query_check(const char *text, const char *source_name, const char *base_uri)
{
  librdf_world *w = librdf_new_world();
  librdf_uri *base;
  librdf_query *q;
  char *b = base_or_default(base_uri);
  Guard g;
  QueryShape shape;
  unsigned errors = igm_diag_error_count();
  IgmStatus st;
  memset(&g, 0, sizeof g);
  g.source = source_name;
  guard_tokens(&g, text);
  st = check(&g, &shape, NULL);
  free(g.tok);
  if (st != IGM_OK) {
    free(b);
    librdf_free_world(w);
    return st;
  }
  librdf_world_open(w);
  base = librdf_new_uri(w, (const unsigned char *)b);
  free(b);
  q = librdf_new_query(w, "sparql", NULL, (const unsigned char *)text, base);
  st = (!q || igm_diag_error_count() != errors) ? IGM_ESYNTAX : IGM_OK;
  if (st != IGM_OK && igm_diag_error_count() == errors)
    igm_diag(IGM_DIAG_ERROR, source_name, 0, 0, "syntax error in query");
  if (q)
    librdf_free_query(q);
  librdf_free_uri(base);
  librdf_free_world(w);
  return st;
}

/* The projected variables whose expression is a COUNT: "(COUNT(...) AS ?v)". */
static int projected_count(Guard *g, const QueryShape *q, const char *var)
{
  size_t i;
  for (i = q->select_tok; i < q->where_open && i < g->n; i++)
    if (is_punct(g, i, "(") && is_word(g, i + 1, "COUNT")) {
      size_t close = match_paren(g, i);
      if (close >= 2 && is_word(g, close - 2, "AS") && g->tok[close - 1].type == IGM_QT_VAR &&
          g->tok[close - 1].len == strlen(var) + 1 &&
          strncmp(g->lx.text + g->tok[close - 1].start + 1, var, strlen(var)) == 0)
        return 1;
    }
  return 0;
}

/* The projected variable names, from the query text: rasqal reports none for an empty
 * result (redland-notes B16). SELECT * lists the WHERE clause's variables in order. */
static void projection_vars(Guard *g, const QueryShape *q, IgmResults *r)
{
  size_t i, end = q->where_open == (size_t)-1 ? g->n : q->where_open, j;
  int star = 0;
  IgmStrMap seen;
  memset(&seen, 0, sizeof seen);
  if (q->select_tok == (size_t)-1 || !is_word(g, q->select_tok, "SELECT"))
    return;
  for (i = q->select_tok + 1; i < end; i++) {
    if (is_word(g, i, "WHERE") || is_word(g, i, "FROM"))
      break;
    if (is_punct(g, i, "*"))
      star = 1;
    if (is_punct(g, i, "(")) {
      size_t close = match_paren(g, i);
      if (close >= 2 && is_word(g, close - 2, "AS") && g->tok[close - 1].type == IGM_QT_VAR) {
        char *v = igm_strndup(g->lx.text + g->tok[close - 1].start + 1, g->tok[close - 1].len - 1);
        int added = 0;
        igm_strmap_intern(&seen, v, 1, &added);
        if (added)
          igm_results_add_var(r, v);
        free(v);
      }
      i = close;
      continue;
    }
    if (g->tok[i].type == IGM_QT_VAR) {
      char *v = igm_strndup(g->lx.text + g->tok[i].start + 1, g->tok[i].len - 1);
      int added = 0;
      igm_strmap_intern(&seen, v, 1, &added);
      if (added)
        igm_results_add_var(r, v);
      free(v);
    }
  }
  if (star && q->where_open != (size_t)-1) {
    for (j = q->where_open; j <= q->where_close && j < g->n; j++)
      if (g->tok[j].type == IGM_QT_VAR) {
        char *v = igm_strndup(g->lx.text + g->tok[j].start + 1, g->tok[j].len - 1);
        int added = 0;
        igm_strmap_intern(&seen, v, 1, &added);
        if (added)
          igm_results_add_var(r, v);
        free(v);
      }
  }
  igm_strmap_free(&seen);
}

IgmStatus igm_query_execute(const char *text, const char *source_name, const char *base_uri,
                            const IgmDataset *ds, IgmResults **out)
{
  Guard g;
  QueryShape shape;
  IgmStatus st;
  *out = NULL;
  memset(&g, 0, sizeof g);
  g.source = source_name;
  guard_tokens(&g, text);
  st = check(&g, &shape, ds);
  if (st == IGM_OK && !ds->default_is_union && ds->nnamed > 0) {
    igm_diag(IGM_DIAG_ERROR, source_name, 0, 0,
             "--named graphs are not supported by this SPARQL engine yet; load the files "
             "into a store and use GRAPH");
    st = IGM_ESYNTAX;
  }
  if (st == IGM_OK)
    st = run_rasqal(text, source_name, base_uri, ds, out);
  if (st == IGM_OK && (*out)->kind == IGM_RES_BINDINGS && (*out)->nrows == 0 &&
      (*out)->nvars == 0) {
    projection_vars(&g, &shape, *out);
  }
  if (st == IGM_OK && (*out)->kind == IGM_RES_BINDINGS && shape.has_aggregate) {
    IgmResults *r = *out;
    if (!shape.has_group_by && r->nrows == 0) {
      /* B3: an aggregate over empty input is one row (COUNT 0, the others unbound) */
      if (shape.has_having) {
        igm_results_free(r);
        *out = NULL;
        st = refuse(&g, shape.select_tok, "HAVING over an empty aggregate",
                    "drop HAVING and filter the one result row yourself");
      } else {
        size_t j;
        librdf_node **row = igm_xmalloc((r->nvars + 1) * sizeof *row);
        librdf_uri *xsd_int = librdf_new_uri(
            ds->world, (const unsigned char *)"http://www.w3.org/2001/XMLSchema#integer");
        for (j = 0; j < r->nvars; j++)
          row[j] = projected_count(&g, &shape, r->vars[j])
                       ? librdf_new_node_from_typed_literal(ds->world, (const unsigned char *)"0",
                                                            NULL, xsd_int)
                       : NULL;
        librdf_free_uri(xsd_int);
        igm_results_add_row(r, row);
        free(row);
      }
    } else if (shape.has_group_by && r->nrows == 1 && shape.where_open != (size_t)-1) {
      /* B4: GROUP BY over empty input gives one bogus row; ask whether WHERE matches */
      IgmBuf b = {0};
      IgmResults *ask = NULL;
      igm_buf_put(&b, text, g.tok[shape.select_tok].start);
      igm_buf_puts(&b, "ASK ");
      igm_buf_put(&b, text + g.tok[shape.where_open].start,
                  g.tok[shape.where_close].start + 1 - g.tok[shape.where_open].start);
      st = run_rasqal(b.data, source_name, base_uri, ds, &ask);
      if (st == IGM_OK && ask->kind == IGM_RES_BOOLEAN && !ask->boolean) {
        size_t j;
        for (j = 0; j < r->nvars; j++)
          if (r->cells[j])
            librdf_free_node(r->cells[j]);
        r->nrows = 0;
      }
      igm_results_free(ask);
      igm_buf_free(&b);
      if (st != IGM_OK) {
        igm_results_free(r);
        *out = NULL;
      }
    }
  }
  free(g.tok);
  return st;
}
