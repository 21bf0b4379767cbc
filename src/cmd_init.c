/* cmd_init.c: igmap init [--empty] [--force] */
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "store.h"

static IgmStatus run(const IgmGlobal *global, int argc, char **argv)
{
  IgmGlobal g = *global;
  IgmStore *s = NULL;
  IgmStatus st;
  int empty = 0, i;
  for (i = 1; i < argc; i++) {
    if (igm_opt_flag(argv, i, "--empty", NULL))
      empty = 1;
    else if (igm_opt_flag(argv, i, "--force", "-f"))
      g.force = 1;
    else if (igm_is_option(argv[i]))
      return igm_usage_error("init", "unknown option '%s'", argv[i]);
    else
      return igm_usage_error("init", "unexpected argument '%s'", argv[i]);
  }
  st = igm_store_open(&g, IGM_OPEN_CREATE, &s);
  if (st != IGM_OK)
    return st;
  if (!igm_store_is_empty(s) && igm_store_kind(s) != IGM_STORE_MEMORY) {
    if (!g.force) {
      igm_error("store '%s' already holds data; use --force to replace it",
                igm_store_location(s));
      igm_store_close(s);
      return IGM_EUSAGE;
    }
    st = igm_store_clear(s);
  }
  if (st == IGM_OK && !empty && igm_store_kind(s) != IGM_STORE_MEMORY)
    st = igm_store_load_bundled(s);
  if (st == IGM_OK)
    st = igm_store_commit(s);
  if (st == IGM_OK)
    igm_diag(IGM_DIAG_NOTE, NULL, 0, 0, "initialised store '%s'%s", igm_store_location(s),
             empty ? " (empty)" : " with the bundled ontology and data");
  igm_store_close(s);
  return st;
}

const IgmCmd igm_cmd_init = {
    "init", "init [--empty] [--force]",
    "create the store and load the bundled ontology and data",
    "options:\n"
    "  --empty   create the store without loading the bundled ontology and data\n"
    "  --force   replace a store that already holds data\n",
    IGM_CMD_NEEDS_STORE | IGM_CMD_WRITES_STORE, run};
