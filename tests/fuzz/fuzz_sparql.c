/* fuzz_sparql.c: libFuzzer target for the SPARQL parser, serializer and rewriter. A query that
 * parses must serialize to text that parses again; the rewrite must either refuse (exit-3
 * status) or give a query whose text parses too. Diagnostics go to stderr. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sparql.h"
#include "sparql_rewrite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void reparse(const char *text)
{
  SpQuery *q = NULL;
  if (sp_parse(text, "serialized", "http://example.org/base/", &q) != IGM_OK)
    abort(); /* the serializer wrote something its own parser rejects */
  sp_query_free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = malloc(size + 1);
  SpQuery *q = NULL;
  if (!text)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  if (sp_parse(text, "fuzz", "http://example.org/base/", &q) == IGM_OK) {
    char *s = sp_serialize(q);
    SpRewrite rw;
    if (!s)
      abort();
    reparse(s);
    free(s);
    memset(&rw, 0, sizeof rw);
    rw.source = "fuzz";
    if (sp_rewrite(&rw, q) == IGM_OK) {
      s = sp_serialize(q);
      if (!s)
        abort();
      reparse(s);
      free(s);
    }
    sp_query_free(q);
  }
  free(text);
  return 0;
}
