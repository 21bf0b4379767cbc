/* cli.h: the command table and the process-wide entry point. */
#ifndef IGMAP_CLI_H
#define IGMAP_CLI_H

int igm_cli_main(int argc, char **argv);

#endif
