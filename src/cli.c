/* cli.c: global options and command dispatch (placeholder until the core lands). */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int igm_cli_main(int argc, char **argv)
{
  if (argc > 1 && strcmp(argv[1], "--version") == 0) {
    printf("igmap %s\n", IGMAP_VERSION);
    return 0;
  }
  fprintf(stderr, "igmap: usage: igmap [--store SPEC] [-q] COMMAND [options] [args]\n");
  return 2;
}
