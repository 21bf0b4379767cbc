/* LABELS: unit extract */
/* test_extract.c: extract.c and its helpers, without librdf: layouts, cleaning, citations,
 * mentions, and robustness on hostile input (empty, binary, invalid UTF-8, NUL, a 10 MB line,
 * 100,000 paragraphs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract.h"
#include "extract_int.h"

static int failures;

#define CHECK(cond)                                                                               \
  do {                                                                                            \
    if (!(cond)) {                                                                                \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                    \
      failures++;                                                                                 \
    }                                                                                             \
  } while (0)

#define ID "https://w3id.org/igmap/id/doc/"
#define IG "https://w3id.org/igmap/def/ig#"
#define ELI "http://data.europa.eu/eli/ontology#"

/* ---- a sink that keeps every triple as one line "S P O" ---- */

typedef struct Triples {
  char **v;
  size_t n, cap;
  size_t limit; /* stop with IGM_EIO after this many (0: never) */
  int bad_utf8;
} Triples;

static int valid_utf8(const char *s)
{
  const unsigned char *u = (const unsigned char *)s;
  while (*u) {
    size_t len = *u < 0x80 ? 1 : (*u >> 5) == 6 ? 2 : (*u >> 4) == 14 ? 3 : (*u >> 3) == 30 ? 4 : 0;
    if (len == 0)
      return 0;
    for (size_t i = 1; i < len; i++)
      if ((u[i] & 0xC0) != 0x80)
        return 0;
    u += len;
  }
  return 1;
}

static IgmStatus sink(void *ctx, const char *s, const char *p, const IgmExtractTerm *o)
{
  Triples *t = ctx;
  if (t->limit && t->n >= t->limit)
    return IGM_EIO;
  if (!valid_utf8(o->value) || !valid_utf8(s))
    t->bad_utf8 = 1;
  size_t len = strlen(s) + strlen(p) + strlen(o->value) + 16 + (o->lang ? strlen(o->lang) : 0);
  char *line = malloc(len);
  if (!line)
    return IGM_EINTERNAL;
  if (o->is_iri)
    snprintf(line, len, "%s %s <%s>", s, p, o->value);
  else
    snprintf(line, len, "%s %s \"%s\"%s%s", s, p, o->value, o->lang ? "@" : "", o->lang ? o->lang : "");
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->v = realloc(t->v, t->cap * sizeof *t->v);
  }
  t->v[t->n++] = line;
  return IGM_OK;
}

static void triples_free(Triples *t)
{
  for (size_t i = 0; i < t->n; i++)
    free(t->v[i]);
  free(t->v);
  memset(t, 0, sizeof *t);
}

static int has(const Triples *t, const char *line)
{
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->v[i], line) == 0)
      return 1;
  return 0;
}

static size_t count_pred(const Triples *t, const char *pred)
{
  size_t c = 0;
  for (size_t i = 0; i < t->n; i++)
    if (strstr(t->v[i], pred))
      c++;
  return c;
}

static IgmExtractAliases *test_aliases(void)
{
  static const char tsv[] = "# test\n"
                            "tunis-agenda-2005\tTunis Agenda\n"
                            "tunis-agenda-2005\tTunis Agenda for the Information Society\n"
                            "a-res-70-125\tA/RES/70/125\n"
                            "a-res-70-125\tA/70/125\n"
                            ".\tpresent report\n";
  IgmExtractAliases *a = NULL;
  long line = 0;
  CHECK(igm_extract_aliases_parse(tsv, sizeof tsv - 1, &a, &line) == IGM_OK);
  return a;
}

static IgmStatus run(const char *text, size_t len, const char *key, Triples *t)
{
  IgmExtractAliases *a = test_aliases();
  static const IgmExtractBody bodies[] = {
      {"https://w3id.org/igmap/id/body/igf", "Internet Governance Forum"},
      {"https://w3id.org/igmap/id/body/igf", "IGF"},
      {"https://w3id.org/igmap/id/body/wgec", "Working Group on Enhanced Cooperation (2016-2018)"},
      {"https://w3id.org/igmap/id/body/wgec", "WGEC"},
      {"https://w3id.org/igmap/id/body/wgec-2013", "Working Group on Enhanced Cooperation (2013-2014)"},
      {"https://w3id.org/igmap/id/body/wgec-2013", "WGEC"},
  };
  IgmExtractOptions opt = {key, NULL, NULL, a, bodies, sizeof bodies / sizeof bodies[0]};
  IgmStatus st = igm_extract(text, len, &opt, sink, t);
  igm_extract_aliases_free(a);
  return st;
}

static IgmStatus run_s(const char *text, const char *key, Triples *t)
{
  return run(text, strlen(text), key, t);
}

/* ---- helpers ---- */

static void test_keys(void)
{
  CHECK(igm_extract_key_valid("wgec-2018-chair-draft"));
  CHECK(igm_extract_key_valid("a"));
  CHECK(!igm_extract_key_valid(""));
  CHECK(!igm_extract_key_valid(NULL));
  CHECK(!igm_extract_key_valid("Upper"));
  CHECK(!igm_extract_key_valid("-lead"));
  CHECK(!igm_extract_key_valid("has space"));
  CHECK(!igm_extract_key_valid("a/b"));
  Triples t = {0};
  IgmExtractOptions opt = {"Bad Key", NULL, NULL, NULL, NULL, 0};
  CHECK(igm_extract("1. x", 4, &opt, sink, &t) == IGM_EUSAGE);
  CHECK(t.n == 0);
}

static void test_sanitize(void)
{
  IgmXBuf b = {0};
  static const char in[] = "a\0b\xff\xc3(\r\nc\rd\xc2\xa0" "e\xc2\xad" "f\xed\xa0\x80";
  CHECK(igm_x_sanitize(in, sizeof in - 1, &b) == 0);
  CHECK(strcmp(b.p, "a b\xEF\xBF\xBD\xEF\xBF\xBD(\nc\nd ef\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") == 0);
  igm_xbuf_free(&b);
  CHECK(igm_x_sanitize("", 0, &b) == 0 && b.len == 0);
  igm_xbuf_free(&b);
}

static void clean_eq(const char *raw, long fn_in, const char *want, long fn_want)
{
  IgmXBuf b = {0};
  long fn = fn_in;
  CHECK(igm_x_clean(raw, strlen(raw), &fn, &b) == 0);
  if (strcmp(b.p ? b.p : "", want) != 0 || fn != fn_want) {
    fprintf(stderr, "clean(%s)\n  got  [%s] fn=%ld\n  want [%s] fn=%ld\n", raw, b.p ? b.p : "", fn,
            want, fn_want);
    failures++;
  }
  igm_xbuf_free(&b);
}

static void test_clean(void)
{
  /* struck-through deletions */
  clean_eq("results-driven efforts;+espect-for-the-severeign-rights-of states\n"
           "to\xE2\x80\x94" "establish\xE2\x80\x94" "and\xE2\x80\x94" "implement\xE2\x80\x94" "public\xE2\x80\x94" "peliey; evidence-based discussions;",
           0, "results-driven efforts; evidence-based discussions;", 0);
  clean_eq("a permanent intergovernmental mechanism\xE2\x80\x94" "in\xE2\x80\x94" "the\xE2\x80\x94" "lnternet\nGovernance Forum.",
           0, "a permanent intergovernmental mechanism.", 0);
  clean_eq("day-to-day and state-of-the-art work", 0, "day-to-day and state-of-the-art work", 0);
  /* insertions */
  clean_eq("on an equal footing_in consultation; an _environment", 0,
           "on an equal footing in consultation; an environment", 0);
  /* bullets */
  clean_eq("intro:\nv' One\nv\xE2\x80\x99 Two\nv Three\nv _Four\nv___Five\nv\n\xE2\x80\xA2 Six\n- Seven",
           0, "intro: One Two Three Four Five Six Seven", 0);
  clean_eq("v is not a bullet here\nvery well", 0, "v is not a bullet here very well", 0);
  /* footnote markers: increasing numbers only, "l" for 1 after a full stop, "é" for 6 */
  clean_eq("the Tunis Agenda.l\nnext", 0, "the Tunis Agenda. next", 1);
  clean_eq("meeting3, the WGEC4, groups5 and the meeting\xC3\xA9 met", 2,
           "meeting, the WGEC, groups and the meeting met", 6);
  clean_eq("the caf\xC3\xA9 met", 2, "the caf\xC3\xA9 met", 2);
  clean_eq("meeting9 and item35", 2, "meeting9 and item35", 2);
  clean_eq("IPv6 and WSIS+10 and A/70/125 and C10", 0, "IPv6 and WSIS+10 and A/70/125 and C10", 0);
  clean_eq("a normal sentence.", 0, "a normal sentence.", 0);
  /* OCR misreadings */
  clean_eq("from Braazil, adoped, lnternet, multestakeholder, dlscussmn of V|rtually every (Annex Il)",
           0, "from Brazil, adopted, Internet, multistakeholder, discussion of virtually every (Annex II)", 0);
  /* hyphenation and joined lines */
  clean_eq("the develop-\nment of the Internet-\nrelated multi-\nstakeholder mechanism/\ninstitutional",
           0, "the development of the Internet-related multistakeholder mechanism/institutional", 0);
  /* a list whose semicolons OCR read as colons */
  clean_eq("characteristics:\nTransparency:\nInclusiveness:\nSustainability: and\nEfficiency",
           0, "characteristics: Transparency; Inclusiveness; Sustainability; and Efficiency", 0);
  /* a straight quote paired with a curly one */
  clean_eq("item \"Information\xE2\x80\x9D with \"plain\" and \xE2\x80\x9C" "curly\" quotes", 0,
           "item \xE2\x80\x9CInformation\xE2\x80\x9D with \"plain\" and \xE2\x80\x9C" "curly\xE2\x80\x9D quotes",
           0);
  clean_eq("", 0, "", 0);
}

static void cites_eq(const char *text, const char *want)
{
  IgmExtractAliases *a = test_aliases();
  IgmXCites c = {0};
  char got[1024] = "";
  CHECK(igm_x_find_cites(a, text, strlen(text), &c) == 0);
  for (size_t i = 0; i < c.n; i++) {
    char one[96];
    if (c.v[i].letter)
      snprintf(one, sizeof one, "%s%s:%ld%c", i ? " " : "", c.v[i].key ? c.v[i].key : ".",
               c.v[i].num, c.v[i].letter);
    else
      snprintf(one, sizeof one, "%s%s:%ld", i ? " " : "", c.v[i].key ? c.v[i].key : ".", c.v[i].num);
    strncat(got, one, sizeof got - strlen(got) - 1);
  }
  if (strcmp(got, want) != 0) {
    fprintf(stderr, "cites(%s)\n  got  [%s]\n  want [%s]\n", text, got, want);
    failures++;
  }
  free(c.v);
  igm_extract_aliases_free(a);
}

static void test_cites(void)
{
  cites_eq("see paragraph 34 of the Tunis Agenda", "tunis-agenda-2005:34");
  cites_eq("paragraphs 34 and 35 of the Tunis Agenda", "tunis-agenda-2005:34 tunis-agenda-2005:35");
  cites_eq("paragraphs 69 to 71 of the Tunis Agenda",
           "tunis-agenda-2005:69 tunis-agenda-2005:70 tunis-agenda-2005:71");
  cites_eq("the Tunis Agenda, particularly paragraphs 69-71, what",
           "tunis-agenda-2005:69 tunis-agenda-2005:70 tunis-agenda-2005:71");
  cites_eq("item 69 as well as item 35a) of the Tunis Agenda",
           "tunis-agenda-2005:69 tunis-agenda-2005:35a");
  cites_eq("items 35a), 68 and 69 of the Tunis agenda",
           "tunis-agenda-2005:35a tunis-agenda-2005:68 tunis-agenda-2005:69");
  cites_eq("paragraph 35 (b) of A/RES/70/125", "a-res-70-125:35b");
  cites_eq("paragraph 3 above and paragraph 4 of the present report", ".:3 .:4");
  cites_eq("The Tunis Agenda was adopted. Paragraph 12 says so", ".:12");
  cites_eq("26-27 January, agenda item \xE2\x80\x9CInformation\xE2\x80\x9D, paragraph 4.1, item 5bis, para 0",
           "");
  cites_eq("paragraphs 1 to 100000", ".:1");
}

static void test_aliases_parse(void)
{
  IgmExtractAliases *a = NULL;
  long line = 0;
  CHECK(igm_extract_aliases_parse("# c\nkey\tName\nbad line\n", 23, &a, &line) == IGM_ESYNTAX);
  CHECK(line == 3 && a == NULL);
  CHECK(igm_extract_aliases_parse("Bad Key\tName\n", 13, &a, &line) == IGM_ESYNTAX && line == 1);
  CHECK(igm_extract_aliases_parse("k\ta\tb\n", 6, &a, &line) == IGM_ESYNTAX);
  CHECK(igm_extract_aliases_parse("", 0, &a, &line) == IGM_OK && a != NULL);
  igm_extract_aliases_free(a);
  igm_extract_aliases_free(NULL);
  igm_x_bodies_free(NULL);
}

/* ---- layouts ---- */

static void test_wgec_like(void)
{
  static const char text[] =
      " Introduction\n\n"
      "1. The WSIS+10 text (resolution A/70/125) says:\n\n"
      "\xE2\x80\x9C" "4.1 Enhanced Cooperation\n\n"
      "64. We acknowledge paragraphs 69 to 71 of the Tunis Agenda.l\n\n"
      "65. We note the views.\xE2\x80\x9D\n\n"
      "2. The WGEC met. The 2013-2014 WGEC met too.\n\n"
      "Recommendations\n\n"
      "1. The Working Group recommends, as envisioned in the Tunis Agenda.\n\n"
      "2. Second.\n\n"
      "2 bis __In response to item 69 of the Tunis Agenda, the IGF.\n\n"
      "2 tres Others disagree.\n\n"
      "3. Third, see items 35a), 68 and 69 of the Tunis agenda.\n";
  Triples t = {0};
  CHECK(run_s(text, "wgec-2018-chair-draft", &t) == IGM_OK);
  CHECK(count_pred(&t, "#type <" IG "Provision>") == 7);
  CHECK(has(&t, ID "wgec-2018-chair-draft/para_1 " ELI "cites <" ID "a-res-70-125/para_64>"));
  CHECK(has(&t, ID "wgec-2018-chair-draft/para_1 " ELI "cites <" ID "a-res-70-125/para_65>"));
  CHECK(!has(&t, ID "wgec-2018-chair-draft/para_1 " ELI "cites <" ID "tunis-agenda-2005/para_69>"));
  CHECK(!has(&t, ID "wgec-2018-chair-draft/para_1 " ELI "cites <" ID "a-res-70-125>"));
  CHECK(has(&t, ID "wgec-2018-chair-draft/para_1 " IG "section \"Introduction\""));
  CHECK(has(&t, ID "wgec-2018-chair-draft/para_1 " IG "rawLines \"3-9\""));
  CHECK(has(&t, ID "wgec-2018-chair-draft/para_2 " IG "mentions <https://w3id.org/igmap/id/body/wgec>"));
  CHECK(has(&t, ID "wgec-2018-chair-draft/para_2 " IG "mentions <https://w3id.org/igmap/id/body/wgec-2013>"));
  CHECK(has(&t, ID "wgec-2018-chair-draft/rec_1 " ELI "cites <" ID "tunis-agenda-2005>"));
  CHECK(has(&t, ID "wgec-2018-chair-draft/rec_1 " IG "section \"Recommendations\""));
  CHECK(has(&t, ID "wgec-2018-chair-draft/rec_2bis " ELI "number \"2 bis\""));
  CHECK(has(&t, ID "wgec-2018-chair-draft/rec_2bis " IG "sortKey \"0002.02\""));
  CHECK(has(&t, ID "wgec-2018-chair-draft/rec_2bis " IG "text \"In response to item 69 of the Tunis Agenda, the IGF.\"@en"));
  CHECK(has(&t, ID "wgec-2018-chair-draft/rec_2bis " ELI "cites <" ID "tunis-agenda-2005/para_69>"));
  CHECK(has(&t, ID "wgec-2018-chair-draft/rec_2bis " IG "mentions <https://w3id.org/igmap/id/body/igf>"));
  CHECK(has(&t, ID "wgec-2018-chair-draft/rec_2tres " IG "sortKey \"0002.03\""));
  CHECK(has(&t, ID "wgec-2018-chair-draft/rec_3 " ELI "cites <" ID "tunis-agenda-2005/para_35/point_a>"));
  CHECK(has(&t, ID "wgec-2018-chair-draft/rec_3 " ELI "is_part_of <" ID "wgec-2018-chair-draft>"));
  CHECK(!t.bad_utf8);
  triples_free(&t);
}

static void test_subitems(void)
{
  static const char text[] = "35. Roles:\n(a) States.\n(b) Private\nsector.\nc) Civil society.\n"
                             "36. Bare:\na First.\nb Second.\n";
  Triples t = {0};
  CHECK(run_s(text, "t", &t) == IGM_OK);
  CHECK(has(&t, ID "t/para_35/point_a " ELI "is_part_of <" ID "t/para_35>"));
  CHECK(has(&t, ID "t/para_35/point_b " IG "text \"Private sector.\"@en"));
  CHECK(has(&t, ID "t/para_35/point_c " ELI "number \"c)\""));
  CHECK(has(&t, ID "t/para_35 " IG "text \"Roles:\"@en"));
  CHECK(has(&t, ID "t/para_36/point_b " IG "sortKey \"0036.00.b\""));
  CHECK(has(&t, ID "t/para_36/point_a " IG "rawLines \"7-7\""));
  triples_free(&t);
}

static void test_sink_stops(void)
{
  Triples t = {0};
  t.limit = 3;
  CHECK(run_s("1. One.\n2. Two.\n", "t", &t) == IGM_EIO);
  CHECK(t.n == 3);
  triples_free(&t);
}

/* ---- robustness ---- */

static unsigned long rng = 12345;
static unsigned rnd(void)
{
  rng = rng * 6364136223846793005UL + 1442695040888963407UL;
  return (unsigned)(rng >> 33);
}

static void test_hostile(void)
{
  Triples t = {0};
  CHECK(run("", 0, "t", &t) == IGM_OK);
  CHECK(t.n == 2); /* the document: type and label */
  triples_free(&t);
  CHECK(run(NULL, 0, "t", &t) == IGM_OK);
  triples_free(&t);

  /* binary garbage, NUL bytes, invalid UTF-8 */
  size_t n = 1 << 20;
  char *g = malloc(n);
  for (int round = 0; round < 4; round++) {
    for (size_t i = 0; i < n; i++) {
      unsigned r = rnd();
      static const char set1[] = "\n. ()\xE2\x80\x9C", set2[] = "1. a(b)v'_-\xE2\x80\x94\n";
      if (round == 0)
        g[i] = (char)(r & 0xFF);
      else if (round == 1)
        g[i] = r % 3 ? (char)('0' + (int)(r % 10)) : set1[r % 7];
      else if (round == 2)
        g[i] = r % 5 ? set2[r % 16] : '\0';
      else
        g[i] = (char)(r % 2 ? 0xC3 : 0xFF);
    }
    CHECK(run(g, n, "t", &t) == IGM_OK);
    CHECK(!t.bad_utf8);
    triples_free(&t);
  }
  free(g);
}

static void test_big(void)
{
  /* a 10 MB line */
  size_t n = 10u << 20;
  char *s = malloc(n + 1);
  memcpy(s, "1. ", 3);
  for (size_t i = 3; i < n; i++)
    s[i] = "paragraph 1 of the Tunis Agenda WGEC IGF. "[i % 42];
  s[n] = '\0';
  Triples t = {0};
  clock_t c0 = clock();
  CHECK(run(s, n, "t", &t) == IGM_OK);
  double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
  fprintf(stderr, "10 MB line: %.2f s, %zu triples\n", secs, t.n);
  CHECK(secs < 60);
  CHECK(count_pred(&t, "#type <" IG "Provision>") == 1);
  triples_free(&t);
  free(s);

  /* 100,000 paragraphs, then 200,000: time stays proportional */
  double per[2];
  for (int k = 0; k < 2; k++) {
    size_t np = k == 0 ? 100000 : 200000;
    IgmXBuf b = {0};
    for (size_t i = 1; i <= np; i++) {
      char line[128];
      int len = snprintf(line, sizeof line, "%zu. Text of paragraph %zu, see paragraph %zu.\n\n", i, i,
                         i > 1 ? i - 1 : 1);
      igm_xbuf_add(&b, line, (size_t)len);
    }
    c0 = clock();
    CHECK(run(b.p, b.len, "t", &t) == IGM_OK);
    per[k] = (double)(clock() - c0) / CLOCKS_PER_SEC;
    CHECK(count_pred(&t, "#type <" IG "Provision>") == np);
    fprintf(stderr, "%zu paragraphs: %.2f s, %zu triples\n", np, per[k], t.n);
    triples_free(&t);
    igm_xbuf_free(&b);
  }
  CHECK(per[1] < per[0] * 4 + 0.5);
}

int main(void)
{
  test_keys();
  test_sanitize();
  test_clean();
  test_cites();
  test_aliases_parse();
  test_wgec_like();
  test_subitems();
  test_sink_stops();
  test_hostile();
  test_big();
  if (failures)
    fprintf(stderr, "%d check(s) failed\n", failures);
  return failures ? 1 : 0;
}
