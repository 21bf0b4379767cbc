/* fuzz_load.c: libFuzzer target for loading arbitrary bytes through the store API: the first
 * byte picks the syntax, the rest is the file. Each input is parsed into an LMDB store inside a
 * write transaction that is then rolled back, so the store stays empty; a load either succeeds
 * or fails with a syntax status, never anything else. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void cleanup(void)
{
  static const char *const files[] = {"input", "store/data.mdb", "store/lock.mdb",
                                      "store/writer.lock", "store", NULL};
  char path[128];
  size_t i;
  for (i = 0; files[i]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    if (unlink(path) != 0)
      rmdir(path);
  }
  rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const syntaxes[] = {"turtle", "ntriples", "nquads", "trig", "rdfxml"};
  char path[96];
  IgmGlobal g;
  IgmStore *s = NULL;
  IgmStatus st;
  FILE *f;
  if (!dir[0]) {
    strcpy(dir, "/tmp/igmap-fuzz-load-XXXXXX");
    if (!mkdtemp(dir))
      abort();
    atexit(cleanup);
    igm_diag_set_quiet(1);
  }
  snprintf(path, sizeof path, "%s/input", dir);
  f = fopen(path, "wb");
  if (!f)
    abort();
  if (size > 1)
    fwrite(data + 1, 1, size - 1, f);
  fclose(f);
  memset(&g, 0, sizeof g);
  {
    char spec[96];
    snprintf(spec, sizeof spec, "%s/store", dir);
    g.store_spec = spec;
    st = igm_store_open(&g, IGM_OPEN_WRITE, &s);
  }
  if (st != IGM_OK)
    abort();
  st = igm_store_load_file(s, path, syntaxes[(size ? data[0] : 0) % 5], NULL);
  if (st != IGM_OK && st != IGM_ESYNTAX)
    abort();
  igm_store_close(s); /* rolls back */
  return 0;
}
