/* The erase command, shared by `smartservice erase` and its alias `case erase` (cmd_erase.c). */
#ifndef SSVC_CLI_ERASE_H
#define SSVC_CLI_ERASE_H

#include "cli.h"

/* Runs the erase command as @p cmd (its name in messages) on argv[first..argc). */
int cli_erase(const char *cmd, const struct cli_global *g, int argc, char **argv, int first);

#endif
