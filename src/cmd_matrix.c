/* cmd_matrix.c: igmap matrix [--format csv|tsv|md|html|dot] [--issues all|cluster]
 * The issue x body landscape: each cell holds the roles a body has on an issue (or WSIS action
 * line) through its engagements, and how many sources say so. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "cli.h"
#include "diag.h"
#include "store.h"
#include "util.h"

typedef struct StrSet {
  char **v;
  size_t n;
} StrSet;

static void set_add(StrSet *s, const char *x)
{
  size_t i;
  if (!x)
    return;
  for (i = 0; i < s->n; i++)
    if (strcmp(s->v[i], x) == 0)
      return;
  s->v = igm_xrealloc(s->v, (s->n + 1) * sizeof *s->v);
  s->v[s->n++] = igm_strdup(x);
  qsort(s->v, s->n, sizeof *s->v, igm_strptr_cmp);
}

static void set_free(StrSet *s)
{
  igm_strv_free(s->v, s->n);
  s->v = NULL;
  s->n = 0;
}

typedef struct Concept {
  char *iri, *label, *notation, *broader;
  int action_line;
  size_t top; /* index of the top concept of its scheme */
  size_t row; /* row index, or (size_t)-1 */
} Concept;

typedef struct Body {
  char *iri, *label, *shortname;
  size_t col, filled;
} Body;

typedef struct Cell {
  StrSet roles, sources;
} Cell;

typedef struct Matrix {
  IgmStore *store;
  Concept *c;
  size_t nc;
  Body *b;
  size_t nb;
  size_t *rows; /* concept indexes, in row order */
  size_t nrows;
  int *head;    /* rows[i] starts a group (its top concept) */
  size_t *cols; /* body indexes, in column order */
  size_t ncols;
  Cell *cells; /* nrows x nb (by body index) */
  int clusters;
} Matrix;

/* Compares notations with their numbers as numbers: 2.2 < 2.10, C2 < C10. */
static int natcmp(const char *a, const char *b)
{
  while (*a && *b) {
    if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
      unsigned long x = strtoul(a, (char **)&a, 10), y = strtoul(b, (char **)&b, 10);
      if (x != y)
        return x < y ? -1 : 1;
    } else {
      if (*a != *b)
        return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
      a++;
      b++;
    }
  }
  return *a ? 1 : *b ? -1 : 0;
}

static const Matrix *sort_m;

static int concept_cmp(const void *pa, const void *pb)
{
  const Concept *a = &sort_m->c[*(const size_t *)pa], *b = &sort_m->c[*(const size_t *)pb];
  int r;
  if (a->action_line != b->action_line)
    return a->action_line - b->action_line;
  if (a->top != b->top) {
    const Concept *ta = &sort_m->c[a->top], *tb = &sort_m->c[b->top];
    if (!ta->notation != !tb->notation)
      return ta->notation ? -1 : 1;
    if (ta->notation && (r = natcmp(ta->notation, tb->notation)) != 0)
      return r;
    return strcmp(ta->label, tb->label);
  }
  /* the top concept heads its group */
  if ((size_t)(a - sort_m->c) == a->top)
    return -1;
  if ((size_t)(b - sort_m->c) == b->top)
    return 1;
  if (!a->notation != !b->notation)
    return a->notation ? -1 : 1;
  if (a->notation && (r = natcmp(a->notation, b->notation)) != 0)
    return r;
  return strcmp(a->label, b->label);
}

static int col_cmp(const void *pa, const void *pb)
{
  const Body *a = &sort_m->b[*(const size_t *)pa], *b = &sort_m->b[*(const size_t *)pb];
  int r;
  if (a->filled != b->filled)
    return a->filled > b->filled ? -1 : 1;
  r = strcmp(a->shortname, b->shortname);
  return r ? r : strcmp(a->iri, b->iri);
}

static size_t concept_find(const Matrix *m, const char *iri)
{
  size_t i;
  for (i = 0; iri && i < m->nc; i++)
    if (strcmp(m->c[i].iri, iri) == 0)
      return i;
  return (size_t)-1;
}

static size_t body_find(Matrix *m, const char *iri, int create)
{
  size_t i;
  for (i = 0; iri && i < m->nb; i++)
    if (strcmp(m->b[i].iri, iri) == 0)
      return i;
  if (!create || !iri)
    return (size_t)-1;
  m->b = igm_xrealloc(m->b, (m->nb + 1) * sizeof *m->b);
  memset(&m->b[m->nb], 0, sizeof m->b[0]);
  m->b[m->nb].iri = igm_strdup(iri);
  return m->nb++;
}

static IgmStatus load_concepts(Matrix *m, const char *cls, int action_line)
{
  IgmResults *r = NULL;
  size_t row;
  char *q = igm_printf("SELECT ?c ?label ?notation ?broader WHERE {\n"
                       "  ?c a %s ; skos:prefLabel ?label .\n"
                       "  OPTIONAL { ?c skos:notation ?notation }\n"
                       "  OPTIONAL { ?c skos:broader ?broader }\n"
                       "} ORDER BY ?c ?broader",
                       cls);
  IgmStatus st = igm_answer_select(m->store, "matrix: concepts", q, &r);
  free(q);
  if (st != IGM_OK)
    return st;
  for (row = 0; row < r->nrows; row++) {
    const char *iri = igm_answer_str(r, row, 0);
    Concept *c;
    if (!iri || concept_find(m, iri) != (size_t)-1)
      continue;
    m->c = igm_xrealloc(m->c, (m->nc + 1) * sizeof *m->c);
    c = &m->c[m->nc++];
    memset(c, 0, sizeof *c);
    c->iri = igm_strdup(iri);
    c->label = igm_strdup(igm_answer_str(r, row, 1));
    c->notation = igm_strdup(igm_answer_str(r, row, 2));
    c->broader = igm_strdup(igm_answer_str(r, row, 3));
    c->action_line = action_line;
    c->row = (size_t)-1;
  }
  igm_results_free(r);
  return IGM_OK;
}

static IgmStatus load_bodies(Matrix *m)
{
  IgmResults *r = NULL;
  size_t row;
  IgmStatus st = igm_answer_select(m->store, "matrix: bodies",
                                   "SELECT ?b ?label ?alt WHERE {\n"
                                   "  ?b a ig:Body ; skos:prefLabel ?label .\n"
                                   "  OPTIONAL { ?b skos:altLabel ?alt }\n"
                                   "} ORDER BY ?b ?alt",
                                   &r);
  if (st != IGM_OK)
    return st;
  for (row = 0; row < r->nrows; row++) {
    size_t i = body_find(m, igm_answer_str(r, row, 0), 0);
    const char *alt = igm_answer_str(r, row, 2);
    Body *b;
    if (i == (size_t)-1)
      continue;
    b = &m->b[i];
    if (!b->label)
      b->label = igm_strdup(igm_answer_str(r, row, 1));
    if (alt && (!b->shortname || strlen(alt) < strlen(b->shortname))) {
      free(b->shortname);
      b->shortname = igm_strdup(alt);
    }
  }
  igm_results_free(r);
  for (row = 0; row < m->nb; row++) {
    Body *b = &m->b[row];
    if (!b->shortname) {
      if (b->label && strlen(b->label) <= 18) {
        b->shortname = igm_strdup(b->label);
      } else {
        const char *slash = strrchr(b->iri, '/');
        b->shortname = igm_strdup(slash ? slash + 1 : b->iri);
      }
    }
    if (!b->label)
      b->label = igm_strdup(b->shortname);
  }
  /* two bodies with one acronym ("WGEC"): the later IRI shows its key */
  for (row = 0; row < m->nb; row++) {
    size_t j;
    for (j = 0; j < m->nb; j++)
      if (j != row && strcmp(m->b[j].shortname, m->b[row].shortname) == 0 &&
          strcmp(m->b[j].iri, m->b[row].iri) < 0) {
        const char *slash = strrchr(m->b[row].iri, '/');
        free(m->b[row].shortname);
        m->b[row].shortname = igm_strdup(slash ? slash + 1 : m->b[row].iri);
        break;
      }
  }
  return IGM_OK;
}

static IgmStatus build(Matrix *m)
{
  IgmResults *r = NULL;
  size_t i, row, *crow;
  IgmStatus st;

  if ((st = load_concepts(m, "ig:Issue", 0)) != IGM_OK ||
      (st = load_concepts(m, "ig:ActionLine", 1)) != IGM_OK)
    return st;
  for (i = 0; i < m->nc; i++) {
    size_t t = i, depth = 0, up;
    while (m->c[t].broader && (up = concept_find(m, m->c[t].broader)) != (size_t)-1 &&
           depth++ < 32)
      t = up;
    m->c[i].top = t;
  }
  st = igm_answer_select(m->store, "matrix: engagements",
                         "SELECT ?target ?body ?role ?source WHERE {\n"
                         "  ?e a ig:Engagement ; ig:target ?target ; ig:body ?body ;\n"
                         "     ig:role ?role ; ig:source ?source .\n"
                         "} ORDER BY ?target ?body ?role ?source",
                         &r);
  if (st != IGM_OK)
    return st;
  /* the bodies that engage some issue or action line */
  for (row = 0; row < r->nrows; row++)
    if (concept_find(m, igm_answer_str(r, row, 0)) != (size_t)-1)
      body_find(m, igm_answer_str(r, row, 1), 1);
  if ((st = load_bodies(m)) != IGM_OK) {
    igm_results_free(r);
    return st;
  }
  /* rows */
  m->rows = igm_xmalloc((m->nc + 1) * sizeof *m->rows);
  for (i = 0; i < m->nc; i++)
    if (!m->clusters || m->c[i].top == i)
      m->rows[m->nrows++] = i;
  sort_m = m;
  qsort(m->rows, m->nrows, sizeof *m->rows, concept_cmp);
  m->head = igm_xmalloc((m->nrows + 1) * sizeof *m->head);
  for (i = 0; i < m->nrows; i++) {
    m->c[m->rows[i]].row = i;
    m->head[i] = !m->clusters && m->c[m->rows[i]].top == m->rows[i];
  }
  /* the row a concept's engagements count in */
  crow = igm_xmalloc((m->nc + 1) * sizeof *crow);
  for (i = 0; i < m->nc; i++)
    crow[i] = m->clusters ? m->c[m->c[i].top].row : m->c[i].row;
  m->cells = igm_xmalloc((m->nrows * m->nb + 1) * sizeof *m->cells);
  memset(m->cells, 0, (m->nrows * m->nb + 1) * sizeof *m->cells);
  for (row = 0; row < r->nrows; row++) {
    size_t ci = concept_find(m, igm_answer_str(r, row, 0));
    size_t bi = body_find(m, igm_answer_str(r, row, 1), 0);
    const char *role = igm_answer_str(r, row, 2), *slash;
    Cell *cell;
    if (ci == (size_t)-1 || bi == (size_t)-1 || !role)
      continue;
    cell = &m->cells[crow[ci] * m->nb + bi];
    slash = strrchr(role, '/');
    set_add(&cell->roles, slash ? slash + 1 : role);
    set_add(&cell->sources, igm_answer_str(r, row, 3));
  }
  free(crow);
  igm_results_free(r);
  /* columns: the busiest bodies first */
  for (i = 0; i < m->nb; i++)
    for (row = 0; row < m->nrows; row++)
      if (m->cells[row * m->nb + i].roles.n)
        m->b[i].filled++;
  m->cols = igm_xmalloc((m->nb + 1) * sizeof *m->cols);
  for (i = 0; i < m->nb; i++)
    m->cols[m->ncols++] = i;
  qsort(m->cols, m->ncols, sizeof *m->cols, col_cmp);
  for (i = 0; i < m->ncols; i++)
    m->b[m->cols[i]].col = i;
  return IGM_OK;
}

static void matrix_free(Matrix *m)
{
  size_t i;
  for (i = 0; i < m->nc; i++) {
    free(m->c[i].iri);
    free(m->c[i].label);
    free(m->c[i].notation);
    free(m->c[i].broader);
  }
  for (i = 0; i < m->nb; i++) {
    free(m->b[i].iri);
    free(m->b[i].label);
    free(m->b[i].shortname);
  }
  for (i = 0; m->cells && i < m->nrows * m->nb; i++) {
    set_free(&m->cells[i].roles);
    set_free(&m->cells[i].sources);
  }
  free(m->c);
  free(m->b);
  free(m->rows);
  free(m->head);
  free(m->cols);
  free(m->cells);
}

static const Cell *cell_at(const Matrix *m, size_t row, size_t col)
{
  return &m->cells[row * m->nb + m->cols[col]];
}

/* "facilitator+follow-up (3)", or "" for an empty cell. malloc'd. */
static char *cell_text(const Cell *c)
{
  IgmBuf b = {0};
  size_t i;
  for (i = 0; i < c->roles.n; i++) {
    if (i)
      igm_buf_putc(&b, '+');
    igm_buf_puts(&b, c->roles.v[i]);
  }
  if (c->roles.n)
    igm_buf_printf(&b, " (%zu)", c->sources.n);
  return igm_buf_take(&b);
}

/* "3.1 Cybersecurity"; in cluster mode a cluster reads "3 Security cluster". malloc'd. */
static char *row_label(const Matrix *m, size_t row)
{
  const Concept *c = &m->c[m->rows[row]];
  if (c->notation && !(c->action_line && strncmp(c->label, c->notation, strlen(c->notation)) == 0))
    return igm_printf("%s %s", c->notation, c->label);
  return igm_strdup(c->label);
}

static char *short_iri(const Matrix *m, const char *iri)
{
  return igm_answer_short(m->store, iri);
}

/* ------------------------------------------------------------------ writers */

static void write_sv(IgmBuf *b, const Matrix *m, int tsv)
{
  void (*field)(IgmBuf *, const char *) = tsv ? igm_answer_tsv : igm_answer_csv;
  const char *sep = tsv ? "\t" : ",", *eol = tsv ? "\n" : "\r\n";
  size_t i, j;
  igm_buf_printf(b, "%s%slabel", m->clusters ? "cluster" : "issue", sep);
  for (j = 0; j < m->ncols; j++) {
    char *s = short_iri(m, m->b[m->cols[j]].iri);
    igm_buf_puts(b, sep);
    field(b, s);
    free(s);
  }
  igm_buf_puts(b, eol);
  for (i = 0; i < m->nrows; i++) {
    char *s = short_iri(m, m->c[m->rows[i]].iri), *l = row_label(m, i);
    field(b, s);
    igm_buf_puts(b, sep);
    field(b, l);
    free(s);
    free(l);
    for (j = 0; j < m->ncols; j++) {
      char *t = cell_text(cell_at(m, i, j));
      igm_buf_puts(b, sep);
      field(b, t);
      free(t);
    }
    igm_buf_puts(b, eol);
  }
}

static void md_text(IgmBuf *b, const char *s)
{
  for (; s && *s; s++) {
    if (*s == '|')
      igm_buf_puts(b, "\\|");
    else if (*s == '\n')
      igm_buf_putc(b, ' ');
    else
      igm_buf_putc(b, *s);
  }
}

static void write_md(IgmBuf *b, const Matrix *m)
{
  size_t i, j;
  igm_buf_printf(b, "| %s |", m->clusters ? "Cluster" : "Issue");
  for (j = 0; j < m->ncols; j++) {
    igm_buf_putc(b, ' ');
    md_text(b, m->b[m->cols[j]].shortname);
    igm_buf_puts(b, " |");
  }
  igm_buf_puts(b, "\n|---|");
  for (j = 0; j < m->ncols; j++)
    igm_buf_puts(b, "---|");
  igm_buf_putc(b, '\n');
  for (i = 0; i < m->nrows; i++) {
    char *l = row_label(m, i);
    igm_buf_puts(b, m->head[i] ? "| **" : "| ");
    md_text(b, l);
    igm_buf_puts(b, m->head[i] ? "** |" : " |");
    free(l);
    for (j = 0; j < m->ncols; j++) {
      char *t = cell_text(cell_at(m, i, j));
      igm_buf_putc(b, ' ');
      md_text(b, t);
      igm_buf_puts(b, " |");
      free(t);
    }
    igm_buf_putc(b, '\n');
  }
  igm_buf_puts(b, "\nEach cell: the roles the body has on the issue through its engagements, and in "
                  "brackets how many sources say so.\n\nColumns:\n");
  for (j = 0; j < m->ncols; j++) {
    char *s = short_iri(m, m->b[m->cols[j]].iri);
    igm_buf_puts(b, "- ");
    md_text(b, m->b[m->cols[j]].shortname);
    igm_buf_puts(b, ": ");
    md_text(b, m->b[m->cols[j]].label);
    igm_buf_printf(b, " (`%s`)\n", s);
    free(s);
  }
}

/* Heat levels by number of sources: 0 (empty), 1, 2, 3, 4 (4 or more). */
static size_t heat(const Cell *c)
{
  if (!c->roles.n)
    return 0;
  return c->sources.n >= 4 ? 4 : (c->sources.n ? c->sources.n : 1);
}

static const char html_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>igmap: the issue x body landscape</title>\n"
    "<style>\n"
    "body { font: 13px/1.35 system-ui, -apple-system, \"Segoe UI\", Helvetica, Arial, sans-serif;"
    " margin: 0; color: #1d2733; background: #fff; }\n"
    "header { padding: 12px 16px 4px; }\n"
    "h1 { font-size: 18px; margin: 0 0 4px; }\n"
    "p.note { margin: 0 0 8px; color: #4a5866; }\n"
    ".legend { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; padding: 4px 16px"
    " 10px; }\n"
    ".legend span.sw { display: inline-block; width: 18px; height: 14px; border: 1px solid #b8c4cf;"
    " vertical-align: middle; margin-right: 4px; }\n"
    ".wrap { overflow: auto; max-height: calc(100vh - 110px); border-top: 1px solid #d5dde5; }\n"
    "table { border-collapse: separate; border-spacing: 0; }\n"
    "th, td { border-right: 1px solid #e3e8ee; border-bottom: 1px solid #e3e8ee; padding: 3px 5px; }\n"
    "thead th { position: sticky; top: 0; z-index: 2; background: #f4f6f8; vertical-align: bottom;"
    " height: 120px; }\n"
    "thead th div { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;"
    " font-weight: 600; }\n"
    "tbody th { position: sticky; left: 0; z-index: 1; background: #fff; text-align: left;"
    " font-weight: normal; white-space: nowrap; max-width: 340px; overflow: hidden;"
    " text-overflow: ellipsis; }\n"
    "thead th.corner { left: 0; z-index: 3; text-align: left; vertical-align: bottom; }\n"
    "tr.group th { font-weight: 700; background: #eef2f6; }\n"
    "tr.group td { background-color: #f7f9fb; }\n"
    "td { min-width: 22px; font-size: 11px; text-align: center; white-space: nowrap; }\n"
    "td.h1 { background: #d6e9f8; } td.h2 { background: #9ecae1; }\n"
    "td.h3 { background: #4292c6; color: #fff; } td.h4 { background: #08519c; color: #fff; }\n"
    "tr:hover th, tr:hover td:not([class]) { background: #fff8e1; }\n"
    "</style>\n"
    "</head>\n"
    "<body>\n";

static void write_html(IgmBuf *b, const Matrix *m)
{
  size_t i, j, nfilled = 0;
  for (i = 0; i < m->nrows * m->nb; i++)
    if (m->cells[i].roles.n)
      nfilled++;
  igm_buf_puts(b, html_head);
  igm_buf_printf(b,
                 "<header>\n<h1>The Internet-governance landscape: %s &times; bodies</h1>\n"
                 "<p class=\"note\">%zu %s, %zu bodies, %zu engaged pairs. Each cell names the "
                 "roles a body has on the %s through its engagements; the number in brackets "
                 "counts the sources. Hover a cell for details.</p>\n</header>\n",
                 m->clusters ? "issue clusters" : "issues", m->nrows,
                 m->clusters ? "clusters and action lines" : "issues and action lines",
                 m->ncols, nfilled, m->clusters ? "cluster" : "issue");
  igm_buf_puts(b, "<div class=\"legend\"><strong>Sources per cell:</strong>"
                  "<span><span class=\"sw\" style=\"background:#fff\"></span>none</span>"
                  "<span><span class=\"sw\" style=\"background:#d6e9f8\"></span>1</span>"
                  "<span><span class=\"sw\" style=\"background:#9ecae1\"></span>2</span>"
                  "<span><span class=\"sw\" style=\"background:#4292c6\"></span>3</span>"
                  "<span><span class=\"sw\" style=\"background:#08519c\"></span>4 or more</span>"
                  "<span><strong>Rows in bold</strong>: a cluster or top action line</span>"
                  "</div>\n");
  igm_buf_puts(b, "<div class=\"wrap\">\n<table>\n<thead>\n<tr><th class=\"corner\">");
  igm_buf_puts(b, m->clusters ? "Cluster" : "Issue");
  igm_buf_puts(b, "</th>");
  for (j = 0; j < m->ncols; j++) {
    const Body *bd = &m->b[m->cols[j]];
    igm_buf_puts(b, "<th title=\"");
    igm_answer_html(b, bd->label);
    igm_buf_puts(b, "\"><div>");
    igm_answer_html(b, bd->shortname);
    igm_buf_puts(b, "</div></th>");
  }
  igm_buf_puts(b, "</tr>\n</thead>\n<tbody>\n");
  for (i = 0; i < m->nrows; i++) {
    char *l = row_label(m, i), *s = short_iri(m, m->c[m->rows[i]].iri);
    igm_buf_puts(b, m->head[i] ? "<tr class=\"group\"><th title=\"" : "<tr><th title=\"");
    igm_answer_html(b, s);
    igm_buf_puts(b, "\">");
    igm_answer_html(b, l);
    igm_buf_puts(b, "</th>");
    for (j = 0; j < m->ncols; j++) {
      const Cell *c = cell_at(m, i, j);
      size_t h = heat(c), k;
      if (!h) {
        igm_buf_puts(b, "<td></td>");
        continue;
      }
      igm_buf_printf(b, "<td class=\"h%zu\" title=\"", h);
      igm_answer_html(b, m->b[m->cols[j]].shortname);
      igm_buf_puts(b, " on ");
      igm_answer_html(b, l);
      igm_buf_puts(b, ": ");
      for (k = 0; k < c->roles.n; k++) {
        if (k)
          igm_buf_puts(b, ", ");
        igm_answer_html(b, c->roles.v[k]);
      }
      igm_buf_puts(b, "&#10;sources:");
      for (k = 0; k < c->sources.n; k++) {
        char *src = short_iri(m, c->sources.v[k]);
        igm_buf_puts(b, " ");
        igm_answer_html(b, src);
        free(src);
      }
      igm_buf_puts(b, "\">");
      for (k = 0; k < c->roles.n; k++) {
        if (k)
          igm_buf_puts(b, "<br>");
        igm_answer_html(b, c->roles.v[k]);
      }
      igm_buf_printf(b, " (%zu)</td>", c->sources.n);
    }
    igm_buf_puts(b, "</tr>\n");
    free(l);
    free(s);
  }
  igm_buf_puts(b, "</tbody>\n</table>\n</div>\n</body>\n</html>\n");
}

static void dot_string(IgmBuf *b, const char *s)
{
  igm_buf_putc(b, '"');
  for (; s && *s; s++) {
    if (*s == '"' || *s == '\\')
      igm_buf_putc(b, '\\');
    if (*s == '\n') {
      igm_buf_puts(b, "\\n");
      continue;
    }
    igm_buf_putc(b, *s);
  }
  igm_buf_putc(b, '"');
}

static void write_dot(IgmBuf *b, const Matrix *m)
{
  size_t i, j;
  int *used = igm_xmalloc((m->nrows + 1) * sizeof *used);
  igm_buf_puts(b, "digraph landscape {\n"
                  "  graph [rankdir=LR, ranksep=\"4\", nodesep=\"0.12\", fontname=\"Helvetica\",\n"
                  "         labelloc=t, fontsize=16,\n"
                  "         label=\"Issues and action lines (left) and the bodies that engage "
                  "them (right); edge labels: roles (sources)\"];\n"
                  "  node [fontname=\"Helvetica\", fontsize=10];\n"
                  "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#7b8a99\", "
                  "arrowhead=none];\n");
  igm_buf_puts(b, "  subgraph issues {\n    rank=same;\n"
                  "    node [shape=box, style=\"rounded,filled\", fillcolor=\"#e8f1fb\", "
                  "color=\"#6b8fb5\"];\n");
  for (i = 0; i < m->nrows; i++) {
    char *s, *l;
    used[i] = 0;
    for (j = 0; j < m->ncols; j++)
      if (cell_at(m, i, j)->roles.n)
        used[i] = 1;
    if (!used[i])
      continue;
    s = short_iri(m, m->c[m->rows[i]].iri);
    l = row_label(m, i);
    igm_buf_puts(b, "    ");
    dot_string(b, s);
    igm_buf_puts(b, " [label=");
    dot_string(b, l);
    igm_buf_puts(b, m->c[m->rows[i]].action_line ? ", fillcolor=\"#eaf6ea\", color=\"#6aa86a\"]"
                                                  : "]");
    igm_buf_puts(b, ";\n");
    free(s);
    free(l);
  }
  igm_buf_puts(b, "  }\n  subgraph bodies {\n    rank=same;\n"
                  "    node [shape=ellipse, style=filled, fillcolor=\"#fdf1e1\", "
                  "color=\"#c8924a\"];\n");
  for (j = 0; j < m->ncols; j++) {
    const Body *bd = &m->b[m->cols[j]];
    char *s = short_iri(m, bd->iri);
    igm_buf_puts(b, "    ");
    dot_string(b, s);
    igm_buf_puts(b, " [label=");
    dot_string(b, bd->shortname);
    igm_buf_puts(b, ", tooltip=");
    dot_string(b, bd->label);
    igm_buf_puts(b, "];\n");
    free(s);
  }
  igm_buf_puts(b, "  }\n");
  for (i = 0; i < m->nrows; i++) {
    char *s;
    if (!used[i])
      continue;
    s = short_iri(m, m->c[m->rows[i]].iri);
    for (j = 0; j < m->ncols; j++) {
      const Cell *c = cell_at(m, i, j);
      char *t, *bs;
      if (!c->roles.n)
        continue;
      t = cell_text(c);
      bs = short_iri(m, m->b[m->cols[j]].iri);
      igm_buf_puts(b, "  ");
      dot_string(b, s);
      igm_buf_puts(b, " -> ");
      dot_string(b, bs);
      igm_buf_puts(b, " [label=");
      dot_string(b, t);
      igm_buf_printf(b, ", penwidth=%zu];\n", heat(c));
      free(t);
      free(bs);
    }
    free(s);
  }
  igm_buf_puts(b, "}\n");
  free(used);
}

/* ------------------------------------------------------------------ command */

static IgmStatus run(const IgmGlobal *glob, int argc, char **argv)
{
  const char *format = "csv", *issues = "all";
  Matrix m;
  IgmBuf out = {0};
  IgmStatus st = IGM_OK;
  int k;

  memset(&m, 0, sizeof m);
  for (k = 1; k < argc; k++) {
    const char *v;
    if (igm_opt_value(argc, argv, &k, "--format", "-f", &v, &st)) {
      if (st != IGM_OK)
        return st;
      format = v;
    } else if (igm_opt_value(argc, argv, &k, "--issues", NULL, &v, &st)) {
      if (st != IGM_OK)
        return st;
      issues = v;
    } else if (igm_is_option(argv[k])) {
      return igm_usage_error("matrix", "unknown option '%s'", argv[k]);
    } else {
      return igm_usage_error("matrix", "unexpected argument '%s'", argv[k]);
    }
  }
  if (strcmp(format, "help") == 0) {
    printf("csv\tone row per issue, one column per body (default)\n"
           "tsv\tthe same, tab-separated\n"
           "md\ta Markdown table with a legend\n"
           "html\ta self-contained page: heatmap, fixed headers, legend\n"
           "dot\ta Graphviz bipartite map (dot -Tsvg)\n");
    return IGM_OK;
  }
  if (strcmp(format, "csv") && strcmp(format, "tsv") && strcmp(format, "md") &&
      strcmp(format, "html") && strcmp(format, "dot"))
    return igm_usage_error("matrix", "unknown format '%s' (csv, tsv, md, html or dot)", format);
  if (strcmp(issues, "all") && strcmp(issues, "cluster"))
    return igm_usage_error("matrix", "--issues takes 'all' or 'cluster', not '%s'", issues);
  m.clusters = strcmp(issues, "cluster") == 0;

  st = igm_store_open(glob, IGM_OPEN_READ, &m.store);
  if (st != IGM_OK)
    return st;
  st = build(&m);
  if (st == IGM_OK) {
    if (strcmp(format, "csv") == 0 || strcmp(format, "tsv") == 0)
      write_sv(&out, &m, strcmp(format, "tsv") == 0);
    else if (strcmp(format, "md") == 0)
      write_md(&out, &m);
    else if (strcmp(format, "html") == 0)
      write_html(&out, &m);
    else
      write_dot(&out, &m);
    st = igm_answer_emit(&out);
  }
  igm_buf_free(&out);
  igm_store_close(m.store);
  matrix_free(&m);
  return st;
}

const IgmCmd igm_cmd_matrix = {
    "matrix",
    "matrix [--format csv|tsv|md|html|dot] [--issues all|cluster]",
    "issue x body table: csv, tsv, md, html, dot",
    "The landscape: one row per issue (grouped under its cluster) and per WSIS action line, one\n"
    "column per body that engages any of them. A cell holds the body's roles on the issue\n"
    "through its engagements and, in brackets, how many sources say so.\n\n"
    "options:\n"
    "  -f, --format F      csv (default), tsv, md, html (one self-contained page with a\n"
    "                      heatmap, fixed headers and a legend), dot (Graphviz: dot -Tsvg)\n"
    "  --issues all        every issue and action line, clusters as group rows (default)\n"
    "  --issues cluster    one row per cluster and per top action line, their issues folded in\n",
    IGM_CMD_NEEDS_STORE, run};
