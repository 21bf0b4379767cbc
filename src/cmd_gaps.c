/* cmd_gaps.c: igmap gaps [--kind issues|proposals|paragraphs|bodies|all] [--format F]
 * The gap report of the capacity-building planner: what the landscape leaves uncovered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "cli.h"
#include "diag.h"
#include "store.h"
#include "util.h"

#define TA_IRI "https://w3id.org/igmap/id/doc/tunis-agenda-2005"

typedef struct GapItem {
  char *item, *label, *detail;
  char **src;
  size_t nsrc;
} GapItem;

typedef struct GapGroup {
  const char *kind;  /* issues, proposals, paragraphs, bodies */
  const char *gap;   /* a stable id for the group */
  const char *title; /* for people */
  GapItem *items;
  size_t n;
} GapGroup;

static GapItem *item_get(GapGroup *g, const char *iri, int create)
{
  size_t i;
  for (i = 0; i < g->n; i++)
    if (strcmp(g->items[i].item, iri) == 0)
      return &g->items[i];
  if (!create)
    return NULL;
  g->items = igm_xrealloc(g->items, (g->n + 1) * sizeof *g->items);
  memset(&g->items[g->n], 0, sizeof g->items[0]);
  g->items[g->n].item = igm_strdup(iri);
  return &g->items[g->n++];
}

static void item_source(GapItem *it, const char *iri)
{
  size_t i;
  if (!iri)
    return;
  for (i = 0; i < it->nsrc; i++)
    if (strcmp(it->src[i], iri) == 0)
      return;
  it->src = igm_xrealloc(it->src, (it->nsrc + 1) * sizeof *it->src);
  it->src[it->nsrc++] = igm_strdup(iri);
}

static void item_remove(GapGroup *g, size_t i)
{
  GapItem *it = &g->items[i];
  free(it->item);
  free(it->label);
  free(it->detail);
  igm_strv_free(it->src, it->nsrc);
  memmove(&g->items[i], &g->items[i + 1], (g->n - i - 1) * sizeof *g->items);
  g->n--;
}

static void group_free(GapGroup *g)
{
  while (g->n)
    item_remove(g, g->n - 1);
  free(g->items);
  g->items = NULL;
}

static void set_once(char **dst, const char *v)
{
  if (!*dst && v)
    *dst = igm_strdup(v);
}

/* Runs a query whose rows carry ?item ?label and optionally ?source: one item per ?item, in the
 * order first seen. */
static IgmStatus fill(IgmStore *store, GapGroup *g, const char *name, const char *q,
                      IgmResults **keep)
{
  IgmResults *r = NULL;
  size_t row, ci, cl, cs;
  IgmStatus st = igm_answer_select(store, name, q, &r);
  if (st != IGM_OK)
    return st;
  ci = igm_answer_col(r, "item");
  cl = igm_answer_col(r, "label");
  cs = igm_answer_col(r, "source");
  for (row = 0; row < r->nrows; row++) {
    const char *iri = igm_answer_str(r, row, ci);
    GapItem *it;
    if (!iri)
      continue;
    it = item_get(g, iri, 1);
    set_once(&it->label, igm_answer_str(r, row, cl));
    item_source(it, igm_answer_str(r, row, cs));
  }
  if (keep)
    *keep = r;
  else
    igm_results_free(r);
  return IGM_OK;
}

static IgmStatus gap_issues(IgmStore *store, GapGroup *none, GapGroup *one)
{
  IgmResults *r = NULL;
  size_t row, ci, cn, cc, cb, cr, cl, cs, i;
  IgmStatus st;
  st = fill(store, none, "gaps: issues no body addresses",
            "SELECT ?item ?label ?notation ?cluster ?source WHERE {\n"
            "  ?item a ig:Issue ; skos:prefLabel ?label .\n"
            "  OPTIONAL { ?body ig:addresses ?item } FILTER(!BOUND(?body))\n"
            "  OPTIONAL { ?narrower skos:broader ?item } FILTER(!BOUND(?narrower))\n"
            "  OPTIONAL { ?item skos:notation ?notation }\n"
            "  OPTIONAL { ?item skos:broader ?c . ?c skos:prefLabel ?cluster }\n"
            "  OPTIONAL { ?item dcterms:source ?source }\n"
            "} ORDER BY ?item ?source",
            &r);
  if (st != IGM_OK)
    return st;
  ci = igm_answer_col(r, "item");
  cn = igm_answer_col(r, "notation");
  cc = igm_answer_col(r, "cluster");
  for (row = 0; row < r->nrows; row++) {
    GapItem *it = item_get(none, igm_answer_str(r, row, ci), 0);
    const char *n = igm_answer_str(r, row, cn), *c = igm_answer_str(r, row, cc);
    if (it && !it->detail)
      it->detail = igm_printf("%s%s%s", n ? n : "", c ? (n ? " in " : "in ") : "", c ? c : "");
  }
  igm_results_free(r);
  r = NULL;

  /* issues exactly one body addresses: group the engagements in C */
  st = igm_answer_select(store, "gaps: issues one body addresses",
                         "SELECT ?item ?label ?body ?role ?source WHERE {\n"
                         "  ?e ig:target ?item ; ig:body ?body ; ig:role ?role ; "
                         "ig:source ?source .\n"
                         "  ?item a ig:Issue ; skos:prefLabel ?label .\n"
                         "} ORDER BY ?item ?body ?role ?source",
                         &r);
  if (st != IGM_OK)
    return st;
  ci = igm_answer_col(r, "item");
  cl = igm_answer_col(r, "label");
  cb = igm_answer_col(r, "body");
  cr = igm_answer_col(r, "role");
  cs = igm_answer_col(r, "source");
  {
    /* first body seen per item; items whose second body differs are dropped at the end */
    char **firstbody = NULL;
    unsigned char *many = NULL;
    for (row = 0; row < r->nrows; row++) {
      const char *iri = igm_answer_str(r, row, ci), *b = igm_answer_str(r, row, cb);
      const char *role = igm_answer_str(r, row, cr);
      GapItem *it;
      size_t k, before = one->n;
      if (!iri || !b)
        continue;
      it = item_get(one, iri, 1);
      k = (size_t)(it - one->items);
      if (one->n > before) {
        firstbody = igm_xrealloc(firstbody, one->n * sizeof *firstbody);
        many = igm_xrealloc(many, one->n);
        firstbody[k] = igm_strdup(b);
        many[k] = 0;
      }
      set_once(&it->label, igm_answer_str(r, row, cl));
      if (strcmp(firstbody[k], b) != 0) {
        many[k] = 1;
        continue;
      }
      item_source(it, igm_answer_str(r, row, cs));
      if (role) {
        char *bs = igm_answer_short(store, b), *rs = igm_answer_short(store, role);
        const char *rname = strchr(rs, ':') ? strchr(rs, ':') + 1 : rs;
        if (!it->detail) {
          it->detail = igm_printf("%s as %s", bs, rname);
        } else {
          char *needle = igm_printf(" %s", rname);
          if (!strstr(it->detail, needle)) {
            char *d = igm_printf("%s, %s", it->detail, rname);
            free(it->detail);
            it->detail = d;
          }
          free(needle);
        }
        free(bs);
        free(rs);
      }
    }
    for (i = one->n; i-- > 0;) {
      if (many[i])
        item_remove(one, i);
      free(firstbody[i]);
    }
    free(firstbody);
    free(many);
  }
  igm_results_free(r);
  return IGM_OK;
}

static IgmStatus gap_proposals(IgmStore *store, GapGroup *g)
{
  IgmResults *r = NULL;
  size_t row, ci, cs;
  IgmStatus st = fill(store, g, "gaps: proposals with no responsible body",
                      "SELECT ?item ?label ?status ?source ?key WHERE {\n"
                      "  ?item a ig:Proposal ; rdfs:label ?label .\n"
                      "  OPTIONAL { ?item ig:addressedTo ?b } FILTER(!BOUND(?b))\n"
                      "  OPTIONAL { ?item ig:status ?status }\n"
                      "  OPTIONAL { ?item ig:sortKey ?key }\n"
                      "  OPTIONAL { { ?item ig:inDocument ?source } UNION "
                      "{ ?item ig:statedIn ?source } }\n"
                      "} ORDER BY ?key ?item ?source",
                      &r);
  if (st != IGM_OK)
    return st;
  ci = igm_answer_col(r, "item");
  cs = igm_answer_col(r, "status");
  for (row = 0; row < r->nrows; row++) {
    GapItem *it = item_get(g, igm_answer_str(r, row, ci), 0);
    const char *s = igm_answer_str(r, row, cs);
    if (it && !it->detail && s) {
      char *ss = igm_answer_short(store, s);
      it->detail = igm_printf("%s", strchr(ss, ':') ? strchr(ss, ':') + 1 : ss);
      free(ss);
    }
  }
  igm_results_free(r);
  r = NULL;
  /* what the proposal does name: venues, supporters, the invited */
  st = igm_answer_select(store, "gaps: other roles on proposals",
                         "SELECT ?item ?body ?role WHERE {\n"
                         "  ?e ig:target ?item ; ig:body ?body ; ig:role ?role .\n"
                         "  ?item a ig:Proposal .\n"
                         "  FILTER(?role != role:proposer)\n"
                         "} ORDER BY ?item ?role ?body",
                         &r);
  if (st != IGM_OK)
    return st;
  for (row = 0; row < r->nrows; row++) {
    GapItem *it = item_get(g, igm_answer_str(r, row, 0), 0);
    char *bs, *rs, *d;
    if (!it || !igm_answer_str(r, row, 1) || !igm_answer_str(r, row, 2))
      continue;
    bs = igm_answer_short(store, igm_answer_str(r, row, 1));
    rs = igm_answer_short(store, igm_answer_str(r, row, 2));
    d = igm_printf("%s%s%s %s", it->detail ? it->detail : "", it->detail ? "; " : "",
                   strchr(rs, ':') ? strchr(rs, ':') + 1 : rs, bs);
    free(it->detail);
    it->detail = d;
    free(bs);
    free(rs);
  }
  igm_results_free(r);
  return IGM_OK;
}

static IgmStatus gap_paragraphs(IgmStore *store, GapGroup *g)
{
  IgmResults *r = NULL, *r2 = NULL;
  size_t row, i, ci, cn, cs;
  IgmStatus st = fill(store, g, "gaps: Tunis Agenda paragraphs",
                      "SELECT ?item ?label ?number ?section ?source WHERE {\n"
                      "  ?item eli:is_part_of <" TA_IRI "> ; a ig:Provision ;\n"
                      "        rdfs:label ?label ; eli:number ?number ; ig:sortKey ?key .\n"
                      "  OPTIONAL { ?item ig:section ?section }\n"
                      "  OPTIONAL { ?item prov:wasDerivedFrom ?source }\n"
                      "} ORDER BY ?key ?source",
                      &r);
  if (st != IGM_OK)
    return st;
  ci = igm_answer_col(r, "item");
  cn = igm_answer_col(r, "number");
  cs = igm_answer_col(r, "section");
  for (row = 0; row < r->nrows; row++) {
    GapItem *it = item_get(g, igm_answer_str(r, row, ci), 0);
    const char *num = igm_answer_str(r, row, cn), *sec = igm_answer_str(r, row, cs);
    if (!it || it->detail)
      continue;
    if (!num || num[0] < '0' || num[0] > '9')
      it->detail = igm_strdup("-"); /* the Annex: not a paragraph; dropped below */
    else
      it->detail = igm_strdup(sec ? sec : "");
  }
  for (i = g->n; i-- > 0;)
    if (strcmp(g->items[i].detail, "-") == 0)
      item_remove(g, i);
  igm_results_free(r);
  r = NULL;
  /* followed up: cited (itself or a sub-item), or the target of an engagement. Three queries,
   * not one UNION: a UNION whose branches bind different variables, joined with a pattern after
   * it, gives wrong rows under rasqal 0.9.33. */
  {
    static const char *const followed[] = {
        "SELECT DISTINCT ?item WHERE {\n"
        "  ?c eli:cites ?item .\n"
        "  ?item eli:is_part_of <" TA_IRI "> .\n"
        "}",
        "SELECT DISTINCT ?item WHERE {\n"
        "  ?c eli:cites ?part .\n"
        "  ?part eli:is_part_of ?item .\n"
        "  ?item eli:is_part_of <" TA_IRI "> .\n"
        "}",
        "SELECT DISTINCT ?item WHERE {\n"
        "  ?e ig:target ?item .\n"
        "  ?item eli:is_part_of <" TA_IRI "> .\n"
        "}",
    };
    size_t q;
    for (q = 0; q < 3; q++) {
      st = igm_answer_select(store, "gaps: Tunis Agenda paragraphs followed up", followed[q], &r);
      if (st != IGM_OK)
        return st;
      for (row = 0; row < r->nrows; row++) {
        const char *iri = igm_answer_str(r, row, 0);
        for (i = 0; iri && i < g->n; i++)
          if (strcmp(g->items[i].item, iri) == 0) {
            item_remove(g, i);
            break;
          }
      }
      igm_results_free(r);
      r = NULL;
    }
  }
  /* engagements that rest on the paragraph or a sub-item are worth knowing, though not
   * follow-up */
  st = igm_answer_select(store, "gaps: engagements resting on Tunis Agenda paragraphs",
                         "SELECT DISTINCT ?item ?e WHERE {\n"
                         "  ?e a ig:Engagement ; ig:source ?item .\n"
                         "  ?item eli:is_part_of <" TA_IRI "> .\n"
                         "} ORDER BY ?item",
                         &r);
  if (st != IGM_OK)
    return st;
  st = igm_answer_select(store, "gaps: engagements resting on Tunis Agenda sub-items",
                         "SELECT DISTINCT ?item ?e WHERE {\n"
                         "  ?e a ig:Engagement ; ig:source ?part .\n"
                         "  ?part eli:is_part_of ?item .\n"
                         "  ?item eli:is_part_of <" TA_IRI "> .\n"
                         "} ORDER BY ?item",
                         &r2);
  if (st != IGM_OK) {
    igm_results_free(r);
    return st;
  }
  for (row = 0; row < r2->nrows; row++) {
    librdf_node *cells[2];
    cells[0] = r2->cells[row * 2] ? librdf_new_node_from_node(r2->cells[row * 2]) : NULL;
    cells[1] = r2->cells[row * 2 + 1] ? librdf_new_node_from_node(r2->cells[row * 2 + 1]) : NULL;
    igm_results_add_row(r, cells);
  }
  igm_results_free(r2);
  for (i = 0; i < g->n; i++) {
    size_t count = 0;
    for (row = 0; row < r->nrows; row++) {
      const char *iri = igm_answer_str(r, row, 0);
      if (iri && strcmp(iri, g->items[i].item) == 0)
        count++;
    }
    if (count) {
      char *d = igm_printf("%s%ssource of %zu engagement%s", g->items[i].detail,
                           *g->items[i].detail ? "; " : "", count, count == 1 ? "" : "s");
      free(g->items[i].detail);
      g->items[i].detail = d;
    }
  }
  igm_results_free(r);
  return IGM_OK;
}

static IgmStatus gap_bodies(IgmStore *store, GapGroup *g)
{
  IgmResults *r = NULL;
  size_t row, ci, ct;
  IgmStatus st = fill(store, g, "gaps: bodies with no engagement",
                      "SELECT ?item ?label ?type ?source WHERE {\n"
                      "  ?item a ig:Body ; skos:prefLabel ?label .\n"
                      "  OPTIONAL { ?e ig:body ?item } FILTER(!BOUND(?e))\n"
                      "  OPTIONAL { ?item org:classification ?t . ?t skos:prefLabel ?type }\n"
                      "  OPTIONAL { ?item prov:wasDerivedFrom ?source }\n"
                      "} ORDER BY ?item ?source",
                      &r);
  if (st != IGM_OK)
    return st;
  ci = igm_answer_col(r, "item");
  ct = igm_answer_col(r, "type");
  for (row = 0; row < r->nrows; row++) {
    GapItem *it = item_get(g, igm_answer_str(r, row, ci), 0);
    if (it)
      set_once(&it->detail, igm_answer_str(r, row, ct));
  }
  igm_results_free(r);
  return IGM_OK;
}

/* ------------------------------------------------------------------ writers */

/* Display width of UTF-8 text: code points. */
static size_t width(const char *s)
{
  size_t w = 0;
  for (; s && *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80)
      w++;
  return w;
}

static void pad(IgmBuf *b, const char *s, size_t w)
{
  size_t n = width(s);
  igm_buf_puts(b, s ? s : "");
  for (; n < w; n++)
    igm_buf_putc(b, ' ');
}

static char *sources_short(IgmStore *store, const GapItem *it)
{
  IgmBuf b = {0};
  size_t i;
  for (i = 0; i < it->nsrc; i++) {
    char *s = igm_answer_short(store, it->src[i]);
    if (i)
      igm_buf_puts(&b, " ");
    igm_buf_puts(&b, s);
    free(s);
  }
  return igm_buf_take(&b);
}

static void write_table(IgmBuf *b, IgmStore *store, GapGroup *gs, size_t ng)
{
  size_t i, j;
  for (i = 0; i < ng; i++) {
    const GapGroup *g = &gs[i];
    size_t w[3] = {4, 5, 6};
    char **sh = igm_xmalloc((g->n + 1) * sizeof *sh);
    if (i)
      igm_buf_putc(b, '\n');
    igm_buf_printf(b, "%s (%zu)\n", g->title, g->n);
    for (j = 0; j < g->n; j++) {
      sh[j] = igm_answer_short(store, g->items[j].item);
      if (width(sh[j]) > w[0])
        w[0] = width(sh[j]);
      if (width(g->items[j].label) > w[1])
        w[1] = width(g->items[j].label);
      if (width(g->items[j].detail) > w[2])
        w[2] = width(g->items[j].detail);
    }
    if (g->n) {
      igm_buf_puts(b, "  ");
      pad(b, "item", w[0] + 2);
      pad(b, "label", w[1] + 2);
      pad(b, "detail", w[2] + 2);
      igm_buf_puts(b, "sources\n");
    }
    for (j = 0; j < g->n; j++) {
      char *src = sources_short(store, &g->items[j]);
      igm_buf_puts(b, "  ");
      pad(b, sh[j], w[0] + 2);
      pad(b, g->items[j].label, w[1] + 2);
      pad(b, g->items[j].detail, w[2] + 2);
      igm_buf_puts(b, src);
      /* no trailing blanks when there is no source */
      while (b->len && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
      igm_buf_putc(b, '\n');
      free(src);
      free(sh[j]);
    }
    free(sh);
  }
}

static void write_sv(IgmBuf *b, GapGroup *gs, size_t ng, int tsv)
{
  size_t i, j, k;
  void (*field)(IgmBuf *, const char *) = tsv ? igm_answer_tsv : igm_answer_csv;
  const char *sep = tsv ? "\t" : ",", *eol = tsv ? "\n" : "\r\n";
  igm_buf_printf(b, "kind%sgap%sitem%slabel%sdetail%ssources%s", sep, sep, sep, sep, sep, eol);
  for (i = 0; i < ng; i++)
    for (j = 0; j < gs[i].n; j++) {
      const GapItem *it = &gs[i].items[j];
      IgmBuf s = {0};
      char *src;
      for (k = 0; k < it->nsrc; k++) {
        if (k)
          igm_buf_putc(&s, ' ');
        igm_buf_puts(&s, it->src[k]);
      }
      src = igm_buf_take(&s);
      field(b, gs[i].kind);
      igm_buf_puts(b, sep);
      field(b, gs[i].gap);
      igm_buf_puts(b, sep);
      field(b, it->item);
      igm_buf_puts(b, sep);
      field(b, it->label);
      igm_buf_puts(b, sep);
      field(b, it->detail);
      igm_buf_puts(b, sep);
      field(b, src);
      igm_buf_puts(b, eol);
      free(src);
    }
}

static void write_json(IgmBuf *b, GapGroup *gs, size_t ng)
{
  size_t i, j, k;
  igm_buf_puts(b, "{\n  \"gaps\": [");
  for (i = 0; i < ng; i++) {
    igm_buf_puts(b, i ? ",\n    {" : "\n    {");
    igm_buf_puts(b, "\n      \"kind\": ");
    igm_answer_json(b, gs[i].kind);
    igm_buf_puts(b, ",\n      \"gap\": ");
    igm_answer_json(b, gs[i].gap);
    igm_buf_puts(b, ",\n      \"title\": ");
    igm_answer_json(b, gs[i].title);
    igm_buf_printf(b, ",\n      \"count\": %zu,\n      \"items\": [", gs[i].n);
    for (j = 0; j < gs[i].n; j++) {
      const GapItem *it = &gs[i].items[j];
      igm_buf_puts(b, j ? ",\n        {" : "\n        {");
      igm_buf_puts(b, "\"item\": ");
      igm_answer_json(b, it->item);
      igm_buf_puts(b, ", \"label\": ");
      igm_answer_json(b, it->label ? it->label : "");
      igm_buf_puts(b, ", \"detail\": ");
      igm_answer_json(b, it->detail ? it->detail : "");
      igm_buf_puts(b, ", \"sources\": [");
      for (k = 0; k < it->nsrc; k++) {
        if (k)
          igm_buf_puts(b, ", ");
        igm_answer_json(b, it->src[k]);
      }
      igm_buf_puts(b, "]}");
    }
    igm_buf_puts(b, gs[i].n ? "\n      ]\n    }" : "]\n    }");
  }
  igm_buf_puts(b, "\n  ]\n}\n");
}

/* ------------------------------------------------------------------ command */

static const char *const gap_kinds[] = {"issues", "proposals", "paragraphs", "bodies"};

static IgmStatus run(const IgmGlobal *glob, int argc, char **argv)
{
  const char *kind = "all", *format = "table";
  GapGroup gs[5];
  size_t ng = 0, i;
  int k;
  IgmStatus st = IGM_OK;
  IgmStore *store = NULL;
  IgmBuf out = {0};

  memset(gs, 0, sizeof gs);
  for (k = 1; k < argc; k++) {
    const char *v;
    if (igm_opt_value(argc, argv, &k, "--kind", "-k", &v, &st)) {
      if (st != IGM_OK)
        return st;
      kind = v;
    } else if (igm_opt_value(argc, argv, &k, "--format", "-f", &v, &st)) {
      if (st != IGM_OK)
        return st;
      format = v;
    } else if (igm_is_option(argv[k])) {
      return igm_usage_error("gaps", "unknown option '%s'", argv[k]);
    } else {
      return igm_usage_error("gaps", "unexpected argument '%s'", argv[k]);
    }
  }
  if (strcmp(format, "help") == 0) {
    printf("table\taligned groups for reading (default)\n"
           "csv\tone row per gap item: kind,gap,item,label,detail,sources\n"
           "tsv\tthe same, tab-separated\n"
           "json\tgroups with their count and items\n");
    return IGM_OK;
  }
  if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "tsv") &&
      strcmp(format, "json"))
    return igm_usage_error("gaps", "unknown format '%s' (table, csv, tsv or json)", format);
  for (i = 0; i < 4; i++)
    if (strcmp(kind, gap_kinds[i]) == 0)
      break;
  if (i == 4 && strcmp(kind, "all") != 0)
    return igm_usage_error("gaps", "unknown kind '%s' (issues, proposals, paragraphs, bodies or all)",
                           kind);

  st = igm_store_open(glob, IGM_OPEN_READ, &store);
  if (st != IGM_OK)
    return st;
  if (strcmp(kind, "all") == 0 || strcmp(kind, "issues") == 0) {
    GapGroup *none = &gs[ng++], *one = &gs[ng++];
    none->kind = one->kind = "issues";
    none->gap = "no-body";
    none->title = "issues no body addresses";
    one->gap = "one-body";
    one->title = "issues only one body addresses";
    st = gap_issues(store, none, one);
  }
  if (st == IGM_OK && (strcmp(kind, "all") == 0 || strcmp(kind, "proposals") == 0)) {
    GapGroup *g = &gs[ng++];
    g->kind = "proposals";
    g->gap = "no-responsible-body";
    g->title = "proposals and recommendations with no responsible body";
    st = gap_proposals(store, g);
  }
  if (st == IGM_OK && (strcmp(kind, "all") == 0 || strcmp(kind, "paragraphs") == 0)) {
    GapGroup *g = &gs[ng++];
    g->kind = "paragraphs";
    g->gap = "no-follow-up";
    g->title = "Tunis Agenda paragraphs with no follow-up (nothing cites them, no engagement "
               "targets them)";
    st = gap_paragraphs(store, g);
  }
  if (st == IGM_OK && (strcmp(kind, "all") == 0 || strcmp(kind, "bodies") == 0)) {
    GapGroup *g = &gs[ng++];
    g->kind = "bodies";
    g->gap = "no-engagement";
    g->title = "bodies with no engagement";
    st = gap_bodies(store, g);
  }
  if (st == IGM_OK) {
    if (strcmp(format, "table") == 0)
      write_table(&out, store, gs, ng);
    else if (strcmp(format, "json") == 0)
      write_json(&out, gs, ng);
    else
      write_sv(&out, gs, ng, strcmp(format, "tsv") == 0);
    st = igm_answer_emit(&out);
  }
  for (i = 0; i < ng; i++)
    group_free(&gs[i]);
  igm_buf_free(&out);
  igm_store_close(store);
  return st;
}

const IgmCmd igm_cmd_gaps = {
    "gaps",
    "gaps [--kind issues|proposals|paragraphs|bodies|all] [--format F]",
    "the gap report: issues, proposals, paragraphs, bodies",
    "What the landscape leaves uncovered, grouped, with counts and sources:\n"
    "  issues      issues no body addresses (leaf issues, not clusters), and issues only one\n"
    "              body addresses (detail: that body and its roles)\n"
    "  proposals   proposals and recommendations with no responsible body (no ig:addressedTo);\n"
    "              detail: status and the bodies named in other roles\n"
    "  paragraphs  Tunis Agenda paragraphs that nothing cites (neither them nor a sub-item)\n"
    "              and no engagement targets; detail: section, engagements resting on them\n"
    "  bodies      bodies that take part in no engagement; detail: body type\n\n"
    "options:\n"
    "  -k, --kind KIND   one of the kinds above, or all (default)\n"
    "  -f, --format F    table (default), csv, tsv, json; 'help' lists them\n",
    IGM_CMD_NEEDS_STORE, run};
