/* query_exec.c: the one door from SPARQL text to an answer. The query is parsed by igmap's own
 * SPARQL 1.1 parser (sparql_parse.c), rewritten into what rasqal 0.9.33 answers correctly or
 * evaluated by igmap (sparql_rewrite.c, sparql_exec.c), and run over the dataset. */
#include "query_exec.h"

#include <stdlib.h>

#include "sparql.h"
#include "sparql_exec.h"
#include "store.h"

IgmStatus igm_query_check(const char *text, const char *source_name, const char *base_uri)
{
  SpQuery *q = NULL;
  IgmStatus st = sp_parse(text, source_name, base_uri, &q);
  sp_query_free(q);
  return st;
}

IgmStatus igm_query_execute(const char *text, const char *source_name, const char *base_uri,
                            const IgmDataset *ds, IgmResults **out)
{
  SpQuery *q = NULL;
  IgmStatus st;
  *out = NULL;
  st = sp_parse(text, source_name, base_uri, &q);
  if (st != IGM_OK)
    return st;
  igm_set_message_source(source_name);
  st = sp_execute(q, source_name, ds, out);
  igm_set_message_source(NULL);
  sp_query_free(q);
  return st;
}
