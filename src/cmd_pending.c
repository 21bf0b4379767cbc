/* cmd_pending.c: commands of the contract whose implementation has not landed yet. They say so
 * and exit 2, so that scripts can tell "not available" from a wrong answer. */
#include "cli.h"
#include "diag.h"

static IgmStatus not_yet(const IgmGlobal *g, int argc, char **argv)
{
  (void)g;
  (void)argc;
  igm_error("'%s' is not available yet in this version of igmap", argv[0]);
  return IGM_EUSAGE;
}

const IgmCmd igm_cmd_show = {"show", "show TERM", "everything about one node (not yet)", "",
                             IGM_CMD_NEEDS_STORE, not_yet};
