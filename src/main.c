/* igmap: entry point; only dispatches to the command table. */
#include "cli.h"

int main(int argc, char **argv) { return igm_cli_main(argc, argv); }
