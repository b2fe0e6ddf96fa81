/* The output promise of the smartservice tool (doc/cli.md "Output"): a command whose output is
 * lost (a full disk, /dev/full, a closed descriptor) does not exit 0. Every command writes with
 * stdio; errors stick to the stream, so checking it once, after a flush, catches every write. */
#include <errno.h>
#include <string.h>

#include "cli.h"

static int output_lost;     /* reported once */
static const char *full_name; /* "case new": the subcommand running, when one said so */

void cli_output_name(const char *cmd) { full_name = cmd; }

/* ": the reason" of a failed write in the user's words; nothing when the failed write was an
 * earlier one whose errno is gone. */
static void report(const char *cmd, int err) {
  const char *why = err == ENOSPC ? "disk full" : err ? strerror(err) : "";
#ifdef EDQUOT
  if (err == EDQUOT) why = "disk quota exceeded";
#endif
  fprintf(stderr, "smartservice %s: cannot write the standard output%s%s\n", cmd, err ? ": " : "",
          why);
}

int cli_output_check(const char *cmd) {
  if (output_lost) return CLI_FAIL;
  errno = 0;
  if (fflush(stdout) == 0 && !ferror(stdout)) return CLI_OK;
  output_lost = 1;
  report(cmd, errno);
  return CLI_FAIL;
}

int cli_exit(const char *cmd, int rc) {
  if (full_name) cmd = full_name;
  if (rc == CLI_HELP) rc = CLI_OK; /* the help was asked for and printed */
  int out = cli_output_check(cmd);
  errno = 0;
  if (!output_lost && fclose(stdout) != 0) { /* the last of the output reaches the file here */
    output_lost = 1;
    out = CLI_FAIL;
    report(cmd, errno);
  }
  /* A message on standard error that was lost cannot be reported; the status still says so. */
  int err = fflush(stderr) != 0 || ferror(stderr) ? CLI_FAIL : CLI_OK;
  return rc ? rc : out ? out : err;
}
