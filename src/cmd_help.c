/* cmd_help.c: igmap help [COMMAND | queries] */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "store.h"
#include "util.h"

void igm_cli_print_help(FILE *out, const IgmCmd *cmd);

/* The title of a canned query: its first comment line ("# title: X" or "# X"). */
static char *query_title(const char *path)
{
  char *text = igm_read_file(path, NULL);
  char *line, *save = NULL, *title = NULL;
  if (!text)
    return NULL;
  for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    if (line[0] != '#')
      break;
    line++;
    while (*line == ' ')
      line++;
    if (strncmp(line, "title:", 6) == 0) {
      line += 6;
      while (*line == ' ')
        line++;
      free(title);
      title = igm_strdup(line);
      break;
    }
    if (!title && *line)
      title = igm_strdup(line);
  }
  free(text);
  return title;
}

static IgmStatus list_queries(void)
{
  char *dir = igm_printf("%s/queries", igm_home_dir());
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, i;
  if (!d) {
    igm_diag(IGM_DIAG_ERROR, dir, 0, 0, "cannot read the canned queries");
    free(dir);
    return IGM_EIO;
  }
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len > 3 && strcmp(e->d_name + len - 3, ".rq") == 0 && e->d_name[0] != '.') {
      names = igm_xrealloc(names, (n + 1) * sizeof *names);
      names[n++] = igm_strndup(e->d_name, len - 3);
    }
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, igm_strptr_cmp);
  printf("canned queries (igmap query NAME [--param NAME=VALUE]...):\n");
  for (i = 0; i < n; i++) {
    char *path = igm_printf("%s/%s.rq", dir, names[i]);
    char *title = query_title(path);
    printf("  %-28s %s\n", names[i], title ? title : "");
    free(title);
    free(path);
  }
  igm_strv_free(names, n);
  free(dir);
  return IGM_OK;
}

static IgmStatus run(const IgmGlobal *g, int argc, char **argv)
{
  const IgmCmd *cmd;
  (void)g;
  if (argc > 2)
    return igm_usage_error("help", "give at most one topic");
  if (argc == 1) {
    igm_cli_print_help(stdout, NULL);
    return IGM_OK;
  }
  if (strcmp(argv[1], "queries") == 0)
    return list_queries();
  cmd = igm_cmd_find(argv[1]);
  if (!cmd)
    return igm_usage_error("help", "no command or topic named '%s'", argv[1]);
  igm_cli_print_help(stdout, cmd);
  return IGM_OK;
}

const IgmCmd igm_cmd_help = {"help", "help [COMMAND | queries]",
                             "show help for igmap, one command, or the canned queries",
                             "", 0, run};
