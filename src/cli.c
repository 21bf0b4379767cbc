/* cli.c: global options, the command table, help, and the end of the process (stdout check). */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

extern const IgmCmd igm_cmd_init, igm_cmd_load, igm_cmd_query, igm_cmd_export, igm_cmd_stats,
    igm_cmd_validate, igm_cmd_extract, igm_cmd_gaps, igm_cmd_show, igm_cmd_matrix, igm_cmd_help;

static const IgmCmd *const commands[] = {
    &igm_cmd_init,  &igm_cmd_load,   &igm_cmd_query,  &igm_cmd_export, &igm_cmd_stats,
    &igm_cmd_validate, &igm_cmd_extract, &igm_cmd_gaps, &igm_cmd_show, &igm_cmd_matrix,
    &igm_cmd_help,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

const IgmCmd *igm_cmd_find(const char *name)
{
  size_t i;
  for (i = 0; i < NCOMMANDS; i++)
    if (commands[i] && strcmp(commands[i]->name, name) == 0)
      return commands[i];
  return NULL;
}

int igm_is_option(const char *arg) { return arg[0] == '-' && arg[1] != '\0'; }

int igm_opt_flag(char **argv, int i, const char *lng, const char *shrt)
{
  return (lng && strcmp(argv[i], lng) == 0) || (shrt && strcmp(argv[i], shrt) == 0);
}

int igm_opt_value(int argc, char **argv, int *i, const char *lng, const char *shrt,
                  const char **val, IgmStatus *st)
{
  const char *a = argv[*i];
  size_t n = lng ? strlen(lng) : 0;
  if (lng && strncmp(a, lng, n) == 0 && a[n] == '=') {
    *val = a + n + 1;
    return 1;
  }
  if ((lng && strcmp(a, lng) == 0) || (shrt && strcmp(a, shrt) == 0)) {
    if (*i + 1 >= argc) {
      *st = igm_usage_error(argv[0], "option '%s' needs a value", a);
      *val = NULL;
      return 1;
    }
    *val = argv[++*i];
    return 1;
  }
  return 0;
}

IgmStatus igm_usage_error(const char *cmd, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  igm_vdiag(IGM_DIAG_ERROR, NULL, 0, 0, fmt, ap);
  va_end(ap);
  if (cmd && igm_cmd_find(cmd))
    fprintf(stderr, "try 'igmap help %s'\n", cmd);
  else
    fprintf(stderr, "try 'igmap help'\n");
  return IGM_EUSAGE;
}

static void print_overview(FILE *out)
{
  size_t i;
  fprintf(out,
          "igmap %s: a knowledge graph of the Internet-governance landscape\n\n"
          "usage: igmap [--store SPEC] [--wait SECONDS] [-q] COMMAND [options] [args]\n\n"
          "commands:\n",
          IGMAP_VERSION);
  for (i = 0; i < NCOMMANDS; i++)
    if (commands[i])
      fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
  fprintf(out,
          "\nglobal options:\n"
          "  --store SPEC    a directory (igmap's LMDB store, created on first use), 'memory:'\n"
          "                  (one-shot, with the bundled data) or 'hashes:DIR' (librdf's BDB)\n"
          "                  default: $IGMAP_STORE, else $XDG_DATA_HOME/igmap/store\n"
          "  --wait SECONDS  how long a writer waits for another writer (default 0)\n"
          "  -q, --quiet     no notes or progress on stderr\n"
          "  --help, --version\n\n"
          "exit status: 0 success, 1 the answer is no (ASK false, violations), 2 usage error,\n"
          "3 syntax error or refused query, 4 I/O or store error, 5 internal error\n\n"
          "'igmap help COMMAND' shows a command's options.\n");
}

void igm_cli_print_help(FILE *out, const IgmCmd *cmd);
void igm_cli_print_help(FILE *out, const IgmCmd *cmd)
{
  if (!cmd) {
    print_overview(out);
    return;
  }
  fprintf(out, "usage: igmap %s\n\n%s\n", cmd->usage, cmd->summary);
  if (cmd->help && *cmd->help)
    fprintf(out, "\n%s", cmd->help);
}

static IgmStatus parse_wait(const char *v, double *out)
{
  char *end;
  double d = strtod(v, &end);
  if (end == v || *end || d < 0 || d > 86400.0) {
    return igm_usage_error(NULL, "--wait needs a number of seconds, not '%s'", v);
  }
  *out = d;
  return IGM_OK;
}

int igm_cli_main(int argc, char **argv)
{
  IgmGlobal g;
  int i = 1;
  IgmStatus st;
  const IgmCmd *cmd;
  memset(&g, 0, sizeof g);

  for (; i < argc && igm_is_option(argv[i]); i++) {
    const char *v = NULL;
    st = IGM_OK;
    if (strcmp(argv[i], "--version") == 0) {
      printf("igmap %s\n", IGMAP_VERSION);
      return igm_close_stdout(1) ? IGM_EIO : IGM_OK;
    } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      print_overview(stdout);
      return igm_close_stdout(1) ? IGM_EIO : IGM_OK;
    } else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
      g.quiet = 1;
    } else if (igm_opt_value(argc, argv, &i, "--store", NULL, &v, &st)) {
      if (st != IGM_OK)
        return st;
      g.store_spec = v;
    } else if (igm_opt_value(argc, argv, &i, "--wait", NULL, &v, &st)) {
      if (st != IGM_OK || (st = parse_wait(v, &g.wait_seconds)) != IGM_OK)
        return st;
    } else {
      return igm_usage_error(NULL, "unknown option '%s'", argv[i]);
    }
  }
  igm_diag_set_quiet(g.quiet);
  if (i >= argc)
    return igm_usage_error(NULL, "no command given");
  cmd = igm_cmd_find(argv[i]);
  if (!cmd)
    return igm_usage_error(NULL, "unknown command '%s'", argv[i]);
  /* --help after the command */
  {
    int j;
    for (j = i + 1; j < argc; j++) {
      if (strcmp(argv[j], "--") == 0)
        break;
      if (strcmp(argv[j], "--help") == 0 || strcmp(argv[j], "-h") == 0) {
        igm_cli_print_help(stdout, cmd);
        return igm_close_stdout(1) ? IGM_EIO : IGM_OK;
      }
    }
  }
  /* write commands accept --wait after the command too */
  if (cmd->flags & IGM_CMD_WRITES_STORE) {
    int j, k = i + 1;
    for (j = i + 1; j < argc; j++) {
      const char *v = NULL;
      st = IGM_OK;
      if (igm_opt_value(argc, argv, &j, "--wait", NULL, &v, &st)) {
        if (st != IGM_OK || (st = parse_wait(v, &g.wait_seconds)) != IGM_OK)
          return st;
        continue;
      }
      argv[k++] = argv[j];
    }
    argc = k;
  }
  st = cmd->run(&g, argc - i, argv + i);
  if (igm_close_stdout(st == IGM_OK || st == IGM_NO) != 0 && (st == IGM_OK || st == IGM_NO))
    st = IGM_EIO;
  return (int)st;
}
