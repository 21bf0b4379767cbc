/* load.c: load an N-Triples file into a librdf store in one transaction (where the store has
 * them) through librdf_model_context_add_statements, or run one SPARQL query on it.
 * Usage: load lmdb|bdb DIR load FILE      load into graph <http://example.org/bench/graph>
 *        load lmdb|bdb DIR query 'SPARQL'  print the number of rows */
#include "store_lmdb.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
  if (argc != 5) {
    fprintf(stderr, "usage: load lmdb|bdb DIR load FILE | load lmdb|bdb DIR query SPARQL\n");
    return 2;
  }
  int lmdb = strcmp(argv[1], "lmdb") == 0, is_load = strcmp(argv[3], "load") == 0;
  char opts[1024];
  librdf_world *w = librdf_new_world();
  librdf_world_open(w);
  igm_lmdb_register(w);
  librdf_storage *s;
  if (lmdb) {
    snprintf(opts, sizeof opts, "dir='%s',new='%s',write='%s'", argv[2], is_load ? "yes" : "no",
             is_load ? "yes" : "no");
    s = librdf_new_storage(w, "lmdb", "igmap", opts);
  } else {
    snprintf(opts, sizeof opts, "hash-type='bdb',dir='%s',contexts='yes',new='%s',write='%s'",
             argv[2], is_load ? "yes" : "no", is_load ? "yes" : "no");
    s = librdf_new_storage(w, "hashes", "bench", opts);
  }
  if (!s) {
    const char *m = NULL;
    igm_lmdb_last_error(&m);
    fprintf(stderr, "cannot open store: %s\n", lmdb ? m : "hashes");
    return 4;
  }
  librdf_model *m = librdf_new_model(w, s, NULL);
  int rc = 0;
  if (is_load) {
    librdf_parser *p = librdf_new_parser(w, "ntriples", NULL, NULL);
    char uri[4200];
    snprintf(uri, sizeof uri, "file://%s", argv[4]);
    librdf_uri *u = librdf_new_uri(w, (const unsigned char *)uri);
    librdf_node *g = librdf_new_node_from_uri_string(w, (const unsigned char *)"http://example.org/bench/graph");
    librdf_stream *st = librdf_parser_parse_as_stream(p, u, u);
    int tx = librdf_model_transaction_start(m) == 0;
    rc = librdf_model_context_add_statements(m, g, st);
    if (tx)
      rc |= librdf_model_transaction_commit(m);
    librdf_free_stream(st);
    librdf_free_node(g);
    librdf_free_uri(u);
    librdf_free_parser(p);
    printf("%d\n", librdf_model_size(m));
  } else {
    librdf_query *q = librdf_new_query(w, "sparql", NULL, (const unsigned char *)argv[4], NULL);
    librdf_query_results *r = librdf_model_query_execute(m, q);
    long rows = 0;
    while (r && !librdf_query_results_finished(r)) {
      rows++;
      librdf_query_results_next(r);
    }
    printf("%ld\n", rows);
    rc = r == NULL;
    if (r)
      librdf_free_query_results(r);
    librdf_free_query(q);
  }
  librdf_free_model(m);
  librdf_free_storage(s);
  librdf_free_world(w);
  return rc ? 1 : 0;
}
