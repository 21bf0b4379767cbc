/* cli.h: the command table and the process-wide entry point.
 * Each command lives in src/cmd_<name>.c and exports one `const IgmCmd igm_cmd_<name>`. */
#ifndef IGMAP_CLI_H
#define IGMAP_CLI_H

#include "status.h"

enum {
  IGM_CMD_NEEDS_STORE = 1u << 0,  /* opens the store before run() */
  IGM_CMD_WRITES_STORE = 1u << 1, /* opens it for writing (one transaction, writer lock) */
};

struct IgmStore;

/* Global options, parsed before the command name. */
typedef struct IgmGlobal {
  const char *store_spec; /* --store, or NULL for the default */
  int quiet;              /* -q */
  double wait_seconds;    /* --wait: how long a writer waits for the lock */
  int force;              /* init --force: replace an existing store */
} IgmGlobal;

typedef struct IgmCmd {
  const char *name;
  const char *usage;   /* one line: "load [--graph IRI] [--format F] FILE..." */
  const char *summary; /* one sentence for `igmap help` */
  const char *help;    /* full help text (options), printed by `igmap help NAME` */
  unsigned flags;
  /* argv[0] is the command name; returns an IgmStatus (the exit code). */
  IgmStatus (*run)(const IgmGlobal *global, int argc, char **argv);
} IgmCmd;

int igm_cli_main(int argc, char **argv);

/* Option parsing for commands, options as data:
 *   if (igm_opt_value(argc, argv, &i, "--graph", "-g", &val, &st)) ...
 * matches "--graph X", "--graph=X" and "-g X" at argv[*i]; advances *i past a separate value;
 * a missing value sets *st to IGM_EUSAGE (with a message) and returns 1. */
int igm_opt_value(int argc, char **argv, int *i, const char *lng, const char *shrt,
                  const char **val, IgmStatus *st);
int igm_opt_flag(char **argv, int i, const char *lng, const char *shrt);
/* argv[i] looks like an option ("-x", "--x"), and is not "-" (stdin). */
int igm_is_option(const char *arg);

/* Looks a command up by name; NULL if unknown. */
const IgmCmd *igm_cmd_find(const char *name);

/* Print "igmap: error: MSG" and "try 'igmap help CMD'"; returns IGM_EUSAGE. */
IgmStatus igm_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
