/* LABELS: unit */
/* params.c: --param values become exactly one term and never query text. */
#include <stdlib.h>

#include "check.h"
#include "params.h"
#include "store.h"

static char *bind1(IgmStore *s, const char *query, const char *arg, IgmStatus *st)
{
  IgmParam p;
  char *out = NULL;
  *st = igm_param_parse(arg, &p);
  if (*st != IGM_OK)
    return NULL;
  *st = igm_params_bind(query, &p, 1, s, &out);
  return out;
}

int main(void)
{
  IgmStore *s = NULL;
  IgmStatus st;
  char *q;
  CHECK(igm_store_open_scratch(&s) == IGM_OK);

  /* terms */
  q = igm_param_term("<http://example.org/x>", s);
  CHECK_STR(q, "<http://example.org/x>");
  free(q);
  q = igm_param_term("issue:cybersecurity", s);
  CHECK_STR(q, "<https://w3id.org/igmap/def/issue/cybersecurity>");
  free(q);
  q = igm_param_term("nosuchprefix:x", s);
  CHECK_STR(q, "\"nosuchprefix:x\"");
  free(q);
  q = igm_param_term("42", s);
  CHECK_STR(q, "42");
  free(q);
  q = igm_param_term("-1.5", s);
  CHECK_STR(q, "-1.5");
  free(q);
  q = igm_param_term("CSTD", s);
  CHECK_STR(q, "\"CSTD\"");
  free(q);
  /* hostile values stay inside one literal */
  q = igm_param_term("x\" } ?s ?p ?o { \"", s);
  CHECK_STR(q, "\"x\\\" } ?s ?p ?o { \\\"\"");
  free(q);
  q = igm_param_term("a\nb\\", s);
  CHECK_STR(q, "\"a\\nb\\\\\"");
  free(q);
  q = igm_param_term("<http://x> } UNION { ?s ?p ?o", s);
  CHECK_STR(q, "\"<http://x> } UNION { ?s ?p ?o\"");
  free(q);
  q = igm_param_term("<http://x>\"a", s);
  CHECK_STR(q, "\"<http://x>\\\"a\"");
  free(q);

  /* binding: in WHERE the variable becomes the term; in SELECT it becomes (term AS ?v) */
  q = bind1(s, "SELECT ?b ?l WHERE { ?b <p> ?l }", "b=<http://e/x>", &st);
  CHECK(st == IGM_OK);
  CHECK_STR(q, "SELECT (<http://e/x> AS ?b) ?l WHERE { <http://e/x> <p> ?l }");
  free(q);
  q = bind1(s, "SELECT * WHERE { $b <p> \"?b\" } # ?b", "b=7", &st);
  CHECK(st == IGM_OK);
  CHECK_STR(q, "SELECT * WHERE { 7 <p> \"?b\" } # ?b");
  free(q);
  q = bind1(s, "SELECT ?bb WHERE { ?bb <p> ?b }", "b=x", &st);
  CHECK_STR(q, "SELECT ?bb WHERE { ?bb <p> \"x\" }");
  free(q);
  /* errors */
  q = bind1(s, "SELECT ?a WHERE { ?a <p> ?c }", "b=1", &st);
  CHECK(st == IGM_EUSAGE && q == NULL);
  q = bind1(s, "SELECT (1 AS ?b) WHERE { }", "b=1", &st);
  CHECK(st == IGM_EUSAGE && q == NULL);
  q = bind1(s, "SELECT ?b WHERE { }", "=1", &st);
  CHECK(st == IGM_EUSAGE && q == NULL);
  q = bind1(s, "SELECT ?b WHERE { }", "b-c=1", &st);
  CHECK(st == IGM_EUSAGE && q == NULL);

  igm_store_close(s);
  igm_store_close(NULL);
  CHECK_DONE();
}
