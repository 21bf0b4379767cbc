/* fuzz_extract.c: libFuzzer target for extract.c. The first byte chooses the options (aliases,
 * bodies, a title); the rest is the document's text. Every triple must be valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
  (void)ctx;
  if (!s || !p || !o || !o->value || !valid_utf8(s) || !valid_utf8(o->value) || !*s || !*p)
    abort();
  return IGM_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char tsv[] = "tunis-agenda-2005\tTunis Agenda\n"
                            "tunis-agenda-2005\tTunis Agenda for the Information Society\n"
                            "a-res-70-125\tA/RES/70/125\n.\tpresent report\n";
  static const IgmExtractBody bodies[] = {
      {"https://w3id.org/igmap/id/body/igf", "Internet Governance Forum"},
      {"https://w3id.org/igmap/id/body/igf", "IGF"},
      {"https://w3id.org/igmap/id/body/wgec", "Working Group on Enhanced Cooperation (2016-2018)"},
      {"https://w3id.org/igmap/id/body/wgec", "WGEC"},
      {"https://w3id.org/igmap/id/body/wgec-2013", "Working Group on Enhanced Cooperation (2013-2014)"},
      {"https://w3id.org/igmap/id/body/wgec-2013", "WGEC"},
      {"https://w3id.org/igmap/id/body/x", "A"},
  };
  IgmExtractAliases *a = NULL;
  unsigned flags = size ? data[0] : 0;
  if (size) {
    data++;
    size--;
  }
  if (flags & 1)
    igm_extract_aliases_parse(tsv, sizeof tsv - 1, &a, NULL);
  else if (flags & 2) /* the input as a table of names, too */
    igm_extract_aliases_parse((const char *)data, size, &a, NULL);
  IgmExtractOptions opt = {(flags & 4) ? "wgec-2018-chair-draft" : "x", (flags & 8) ? "Title 2017" : NULL,
                           NULL, a, (flags & 16) ? bodies : NULL,
                           (flags & 16) ? sizeof bodies / sizeof bodies[0] : 0};
  if (igm_extract((const char *)data, size, &opt, sink, NULL) != IGM_OK)
    abort();
  igm_extract_aliases_free(a);
  return 0;
}
