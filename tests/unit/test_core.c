/* LABELS: unit */
/* strmap.c, qlex.c, util.c, results.c: the small building blocks; and every *_free(NULL). */
#include <stdlib.h>

#include "check.h"
#include "qlex.h"
#include "results.h"
#include "strmap.h"
#include "util.h"

static void test_strmap(void)
{
  IgmStrMap m = {0};
  size_t v = 0, i;
  int added = 0;
  char key[32];
  CHECK(!igm_strmap_get(&m, "x", &v));
  for (i = 0; i < 5000; i++) {
    snprintf(key, sizeof key, "k%zu", i);
    igm_strmap_put(&m, key, i * 2);
  }
  CHECK(m.count == 5000);
  CHECK(igm_strmap_get(&m, "k4321", &v) && v == 8642);
  CHECK(igm_strmap_intern(&m, "k7", 99, &added) == 14 && !added);
  CHECK(igm_strmap_intern(&m, "new", 99, &added) == 99 && added);
  igm_strmap_put(&m, "k7", 1);
  CHECK(igm_strmap_get(&m, "k7", &v) && v == 1);
  igm_strmap_free(&m);
  igm_strmap_free(&m); /* twice is harmless */
}

static void test_qlex(void)
{
  const char *q = "PREFIX a: <http://x/> # c ?no\nSELECT ?x $y WHERE { ?x a:b \"s\\\"?z\" . "
                  "?x <http://i> 1.5e3 ; @en _:b1 } ";
  IgmQLex lx;
  IgmQTok t;
  int types[64], n = 0;
  igm_qlex_init(&lx, q, strlen(q));
  do {
    t = igm_qlex_next(&lx);
    types[n++] = (int)t.type;
  } while (t.type != IGM_QT_EOF && n < 63);
  {
    const int want[] = {IGM_QT_WORD,  IGM_QT_PNAME,  IGM_QT_IRI,  IGM_QT_WORD,   IGM_QT_VAR,
                        IGM_QT_VAR,   IGM_QT_WORD,   IGM_QT_PUNCT, IGM_QT_VAR,   IGM_QT_PNAME,
                        IGM_QT_STRING, IGM_QT_PUNCT, IGM_QT_VAR,  IGM_QT_IRI,    IGM_QT_NUMBER,
                        IGM_QT_PUNCT, IGM_QT_LANGTAG, IGM_QT_BNODE, IGM_QT_PUNCT, IGM_QT_EOF};
    int i;
    CHECK(n == (int)(sizeof want / sizeof want[0]));
    for (i = 0; i < n && i < (int)(sizeof want / sizeof want[0]); i++)
      if (types[i] != want[i]) {
        fprintf(stderr, "token %d: type %d, want %d\n", i, types[i], want[i]);
        check_failures++;
      }
  }
  /* position of the SELECT keyword */
  igm_qlex_init(&lx, q, strlen(q));
  igm_qlex_next(&lx);
  igm_qlex_next(&lx);
  igm_qlex_next(&lx);
  t = igm_qlex_next(&lx);
  CHECK(t.line == 2 && t.col == 1 && igm_qtok_is(&lx, &t, "select"));
  /* an unterminated string is an error token */
  igm_qlex_init(&lx, "\"abc", 4);
  t = igm_qlex_next(&lx);
  CHECK(t.type == IGM_QT_ERROR);
}

static void test_util(void)
{
  char *s;
  IgmBuf b = {0};
  s = igm_path_stem("data/x.y.ttl");
  CHECK_STR(s, "x.y");
  free(s);
  s = igm_path_stem("noext");
  CHECK_STR(s, "noext");
  free(s);
  s = igm_file_uri("/tmp/a b%.ttl");
  CHECK_STR(s, "file:///tmp/a%20b%25.ttl");
  free(s);
  igm_buf_printf(&b, "%d-%s", 7, "x");
  igm_buf_putc(&b, '!');
  s = igm_buf_take(&b);
  CHECK_STR(s, "7-x!");
  free(s);
  s = igm_buf_take(&b);
  CHECK_STR(s, "");
  free(s);
  igm_buf_free(&b);
  CHECK(igm_strdup(NULL) == NULL);
}

int main(void)
{
  test_strmap();
  test_qlex();
  test_util();
  igm_results_free(NULL);
  CHECK_DONE();
}
