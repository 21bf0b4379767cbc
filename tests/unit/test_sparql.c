/* LABELS: unit sparql */
/* test_sparql.c: the SPARQL parser (valid and invalid queries, error positions) and each
 * rewrite, checked against the exact SPARQL text it must produce. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sparql.h"
#include "sparql_rewrite.h"

static int failures;

#define CHECK(cond, ...)                                                                          \
  do {                                                                                            \
    if (!(cond)) {                                                                                \
      failures++;                                                                                 \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                        \
      fprintf(stderr, __VA_ARGS__);                                                               \
      fputc('\n', stderr);                                                                        \
    }                                                                                             \
  } while (0)

typedef struct RewriteCase {
  const char *name, *query, *default_graph, *expected;
} RewriteCase;

static const RewriteCase rewrites[] = {
  {"values-long-form",
    "PREFIX : <http://e/> SELECT ?x WHERE { VALUES ?x { :a :b } ?x :p \"v\"@en , 1.5 , -2 }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?x\n"
    "WHERE {\n"
    "  VALUES (?x) { (<http://e/a>) (<http://e/b>) }\n"
    "  ?x <http://e/p> \"v\"@en .\n"
    "  ?x <http://e/p> 1.5 .\n"
    "  ?x <http://e/p> -2 .\n"
    "}\n"},
  {"path-sequence-inverse",
    "PREFIX : <http://e/> SELECT * { ?a :p/^:q ?b }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?a ?b\n"
    "WHERE {\n"
    "  ?a <http://e/p> ?__igm1 .\n"
    "  ?b <http://e/q> ?__igm1 .\n"
    "}\n"},
  {"path-alternative",
    "PREFIX : <http://e/> SELECT * { ?a :p|:q ?b }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?a ?b\n"
    "WHERE {\n"
    "  {\n"
    "    ?a <http://e/p> ?b .\n"
    "  } UNION {\n"
    "    ?a <http://e/q> ?b .\n"
    "  }\n"
    "}\n"},
  {"path-negated-set",
    "PREFIX : <http://e/> SELECT * { ?a !(:p|^:q) ?b }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?a ?b\n"
    "WHERE {\n"
    "  {\n"
    "    ?a ?__igm1 ?b .\n"
    "    FILTER((?__igm1 NOT IN (<http://e/p>)))\n"
    "  } UNION {\n"
    "    ?b ?__igm2 ?a .\n"
    "    FILTER((?__igm2 NOT IN (<http://e/q>)))\n"
    "  }\n"
    "}\n"},
  {"not-exists",
    "PREFIX : <http://e/> SELECT * { ?a :p ?b FILTER NOT EXISTS { ?b :r ?c } }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?a ?b\n"
    "WHERE {\n"
    "  ?a <http://e/p> ?b .\n"
    "  OPTIONAL {\n"
    "    ?__igm2 <http://e/r> ?__igm3 .\n"
    "    BIND(1 AS ?__igm1)\n"
    "    FILTER((((! BOUND(?b)) || (! BOUND(?__igm2))) || SAMETERM(?b, ?__igm2)))\n"
    "  }\n"
    "  FILTER((! BOUND(?__igm1)))\n"
    "}\n"},
  {"exists",
    "PREFIX : <http://e/> SELECT * { ?a :p ?b FILTER EXISTS { ?b :r ?c } }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?a ?b\n"
    "WHERE {\n"
    "  ?a <http://e/p> ?b .\n"
    "  OPTIONAL {\n"
    "    { SELECT DISTINCT ?b (1 AS ?__igm1)\n"
    "      WHERE {\n"
    "        ?b <http://e/r> ?__igm2 .\n"
    "      } }\n"
    "  }\n"
    "  FILTER(BOUND(?__igm1))\n"
    "}\n"},
  {"minus",
    "PREFIX : <http://e/> SELECT * { ?a :p ?b MINUS { ?a :q ?b } }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?a ?b\n"
    "WHERE {\n"
    "  ?a <http://e/p> ?b .\n"
    "  OPTIONAL {\n"
    "    {\n"
    "      { SELECT DISTINCT ?__igm2 ?__igm3 (1 AS ?__igm1)\n"
    "        WHERE {\n"
    "          ?__igm2 <http://e/q> ?__igm3 .\n"
    "        } }\n"
    "    }\n"
    "    FILTER((((((! BOUND(?a)) || (! BOUND(?__igm2))) || SAMETERM(?a, ?__igm2)) && (((! BOUND(?b)) || (! BOUND(?__igm3))) || SAMETERM(?b, ?__igm3))) && ((BOUND(?a) && BOUND(?__igm2)) || (BOUND(?b) && BOUND(?__igm3)))))\n"
    "  }\n"
    "  FILTER((! BOUND(?__igm1)))\n"
    "}\n"},
  {"minus-no-shared-variable",
    "PREFIX : <http://e/> SELECT * { ?a :p ?b MINUS { ?c :q ?d } }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?a ?b\n"
    "WHERE {\n"
    "  ?a <http://e/p> ?b .\n"
    "}\n"},
  {"group-by-expression",
    "PREFIX : <http://e/> SELECT ?k (COUNT(*) AS ?n) { ?s a ?t } GROUP BY (STR(?t) AS ?k)",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?k (COUNT(*) AS ?n)\n"
    "WHERE {\n"
    "  {\n"
    "    ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?t .\n"
    "  }\n"
    "  BIND(STR(?t) AS ?k)\n"
    "}\n"
    "GROUP BY ?k\n"},
  {"count-variable",
    "PREFIX : <http://e/> SELECT ?p (COUNT(?i) AS ?n) { ?p a :P OPTIONAL { ?p :m ?i } } GROUP BY ?p",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?p (SUM(IF(BOUND(?i), 1, 0)) AS ?n)\n"
    "WHERE {\n"
    "  ?p <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://e/P> .\n"
    "  OPTIONAL {\n"
    "    ?p <http://e/m> ?i .\n"
    "  }\n"
    "}\n"
    "GROUP BY ?p\n"},
  {"having-unprojected",
    "PREFIX : <http://e/> SELECT ?i { ?p :m ?i } GROUP BY ?i HAVING (COUNT(?p) >= 2)",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?i (SUM(IF(BOUND(?p), 1, 0)) AS ?__igm1)\n"
    "WHERE {\n"
    "  ?p <http://e/m> ?i .\n"
    "}\n"
    "GROUP BY ?i\n"
    "HAVING ((SUM(IF(BOUND(?p), 1, 0)) >= 2))\n"},
  {"bind-before-inputs",
    "PREFIX : <http://e/> SELECT ?s ?d { BIND(?n * 2 AS ?d) ?s :n ?n }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?s ?d\n"
    "WHERE {\n"
    "  {\n"
    "    BIND(COALESCE((?n * 2)) AS ?d)\n"
    "  }\n"
    "  ?s <http://e/n> ?n .\n"
    "}\n"},
  {"concat-of-call",
    "PREFIX : <http://e/> SELECT (CONCAT(STR(?n), \"-x\") AS ?c) { :a :n ?n }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT (CONCAT(?__igm1, \"-x\") AS ?c)\n"
    "WHERE {\n"
    "  {\n"
    "    <http://e/a> <http://e/n> ?n .\n"
    "  }\n"
    "  BIND(STR(?n) AS ?__igm1)\n"
    "}\n"},
  {"year-of-date",
    "PREFIX : <http://e/> SELECT (YEAR(?d) AS ?y) { :a :d ?d }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT (IF((DATATYPE(?d) = <http://www.w3.org/2001/XMLSchema#date>), <http://www.w3.org/2001/XMLSchema#integer>(SUBSTR(STR(?d), 1, 4)), YEAR(?d)) AS ?y)\n"
    "WHERE {\n"
    "  <http://e/a> <http://e/d> ?d .\n"
    "}\n"},
  {"group-concat-separator",
    "PREFIX : <http://e/> SELECT ?p (GROUP_CONCAT(?l; SEPARATOR=\", \") AS ?c) { ?p :m ?l } GROUP BY ?p",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?p (GROUP_CONCAT(ENCODE_FOR_URI(STR(?l))) AS ?c)\n"
    "WHERE {\n"
    "  ?p <http://e/m> ?l .\n"
    "}\n"
    "GROUP BY ?p\n"},
  {"describe",
    "PREFIX : <http://e/> DESCRIBE :a",
    NULL,
    "BASE <http://example.org/base/>\n"
    "CONSTRUCT {\n"
    "  <http://e/a> ?__igm1 ?__igm2 .\n"
    "}\n"
    "WHERE {\n"
    "  {\n"
    "    <http://e/a> ?__igm1 ?__igm2 .\n"
    "  }\n"
    "}\n"},
  {"default-graph",
    "PREFIX : <http://e/> SELECT * { ?s :p ?o GRAPH ?g { ?s :q ?v } }",
    "urn:x-igmap:default-graph",
    "BASE <http://example.org/base/>\n"
    "SELECT ?s ?o ?g ?v\n"
    "WHERE {\n"
    "  GRAPH <urn:x-igmap:default-graph> {\n"
    "    ?s <http://e/p> ?o .\n"
    "  }\n"
    "  GRAPH ?g {\n"
    "    ?s <http://e/q> ?v .\n"
    "  }\n"
    "}\n"},
  {"blank-nodes-to-variables",
    "PREFIX : <http://e/> SELECT * { _:b :p ?o . [ :q ?o ] }",
    NULL,
    "BASE <http://example.org/base/>\n"
    "SELECT ?o\n"
    "WHERE {\n"
    "  ?__igm1 <http://e/p> ?o .\n"
    "  ?__igm2 <http://e/q> ?o .\n"
    "}\n"},
  {"relative-iri",
    "BASE <http://example.org/dir/> SELECT * { <a> <b> ?o }",
    NULL,
    "BASE <http://example.org/dir/>\n"
    "SELECT ?o\n"
    "WHERE {\n"
    "  <http://example.org/dir/a> <http://example.org/dir/b> ?o .\n"
    "}\n"},
};

static void test_rewrites(void)
{
  size_t i;
  for (i = 0; i < sizeof rewrites / sizeof rewrites[0]; i++) {
    const RewriteCase *c = &rewrites[i];
    SpQuery *q = NULL;
    SpRewrite rw;
    char *text;
    memset(&rw, 0, sizeof rw);
    rw.source = c->name;
    rw.default_graph = c->default_graph;
    rw.concat_fix = sp_node_new(SP_LIST, NULL, 0, 0);
    CHECK(sp_parse(c->query, c->name, "http://example.org/base/", &q) == IGM_OK, "%s: parse",
          c->name);
    if (!q) {
      sp_node_free(rw.concat_fix);
      continue;
    }
    CHECK(sp_rewrite(&rw, q) == IGM_OK, "%s: rewrite", c->name);
    text = sp_serialize(q);
    CHECK(strcmp(text, c->expected) == 0, "%s: got\n%s\nexpected\n%s", c->name, text, c->expected);
    /* the rewritten text parses again */
    {
      SpQuery *again = NULL;
      CHECK(sp_parse(text, c->name, NULL, &again) == IGM_OK, "%s: reparse", c->name);
      sp_query_free(again);
    }
    free(text);
    sp_query_free(q);
    sp_node_free(rw.concat_fix);
  }
}

static const char *const valid[] = {
    "SELECT * { ?s ?p ?o }",
    "PREFIX : <http://e/> SELECT ?x (COUNT(DISTINCT ?y) AS ?n) { ?x :p ?y } GROUP BY ?x HAVING (COUNT(?y) > 1) ORDER BY DESC(?n) LIMIT 5 OFFSET 1",
    "PREFIX : <http://e/> ASK { ?x :p* / ^:q ?y . ?y !(a|^:r) ?z }",
    "PREFIX : <http://e/> CONSTRUCT { ?x :q [ :r ?y ] } WHERE { ?x :p ( 1 2 ?y ) }",
    "PREFIX : <http://e/> CONSTRUCT WHERE { ?x :p ?y }",
    "PREFIX : <http://e/> DESCRIBE ?x :a WHERE { ?x :p ?y }",
    "SELECT * { ?s ?p ?o FILTER NOT EXISTS { ?o ?q ?r } MINUS { ?s ?q 1 } }",
    "SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 1 } VALUES (?s ?o) { (<a:b> UNDEF) } }",
    "SELECT (GROUP_CONCAT(?o; SEPARATOR=\"|\") AS ?c) { ?s ?p ?o }",
    "SELECT * { ?s ?p \"\"\"long\n\"string\"\"\"@en-GB . FILTER(REGEX(STR(?s), \"^a\", \"i\")) }",
    "SELECT * { ?s ?p ?o } VALUES ?o { 1 -2.5 3e1 true }",
    "BASE <http://e/> SELECT * FROM <g1> FROM NAMED <g2> { GRAPH ?g { <x> ?p ?o } }",
};

typedef struct Invalid {
  const char *query;
  long line, col; /* where the error must point (0: not checked) */
} Invalid;

static const Invalid invalid[] = {
    {"SELECT * { ?s ?p ?o } GROUP BY ?s", 1, 1},
    {"SELECT ?o { ?s ?p ?o } GROUP BY ?s", 1, 8},
    {"SELECT (1 AS ?X) (1 AS ?X) {}", 1, 24},
    {"SELECT * {\n  ?s ?p ?o .\n  BIND(1 AS ?o)\n}", 3, 13},
    {"SELECT * { _:a ?p ?v . OPTIONAL { _:a ?q 1 } }", 1, 35},
    {"SELECT * { ?s ?p ?o FILTER(COUNT(?o) > 1) }", 1, 28},
    {"SELECT * WHERE { ex:a ?p ?o }", 1, 18},
    {"SELECT * { ?s ?p }", 1, 18},
    {"SELECT * { VALUES (?a ?b) { (1) } }", 1, 29},
    {"SELECT * { ?s ?p \"\\uD800\" }", 1, 19},
    {"INSERT DATA { <a:b> <a:c> <a:d> }", 1, 1},
    {"SELECT * { ?s ?p ?o } garbage", 1, 23},
};

static void test_parser(void)
{
  size_t i;
  for (i = 0; i < sizeof valid / sizeof valid[0]; i++) {
    SpQuery *q = NULL;
    char *text;
    CHECK(sp_parse(valid[i], "valid", NULL, &q) == IGM_OK, "valid query %zu rejected", i);
    if (!q)
      continue;
    text = sp_serialize(q);
    {
      SpQuery *again = NULL;
      CHECK(sp_parse(text, "serialized", NULL, &again) == IGM_OK,
            "serialized query %zu does not parse:\n%s", i, text);
      sp_query_free(again);
    }
    free(text);
    sp_query_free(q);
  }
  for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
    SpQuery *q = (SpQuery *)1;
    CHECK(sp_parse(invalid[i].query, "invalid", NULL, &q) == IGM_ESYNTAX,
          "invalid query %zu accepted", i);
    CHECK(q == NULL, "invalid query %zu: no tree expected", i);
  }
}

/* The positions: run the parser with stderr going to a file and read the first line. */
static void test_positions(void)
{
  size_t i;
  for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
    char expect[64], line[512] = "";
    FILE *f = tmpfile();
    int saved;
    SpQuery *q = NULL;
    if (!f)
      return;
    fflush(stderr);
    saved = dup(2);
    dup2(fileno(f), 2);
    sp_parse(invalid[i].query, "q.rq", NULL, &q);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(f);
    if (!fgets(line, sizeof line, f))
      line[0] = '\0';
    fclose(f);
    snprintf(expect, sizeof expect, "igmap: q.rq:%ld:%ld: error: ", invalid[i].line,
             invalid[i].col);
    CHECK(strncmp(line, expect, strlen(expect)) == 0, "invalid query %zu: got '%s', expected '%s'",
          i, line, expect);
  }
}

static void test_free_null(void)
{
  sp_node_free(NULL);
  sp_query_free(NULL);
}

int main(void)
{
  test_free_null();
  test_parser();
  test_positions();
  test_rewrites();
  if (failures)
    fprintf(stderr, "%d failure(s)\n", failures);
  return failures ? 1 : 0;
}
