/*
 * smartservice --db FILE report targets set --customer C [--on-time P] [--solved-on-phone P]
 *                                                        [--unreturned-max N] [--actor A]
 * smartservice --db FILE report targets show --customer C
 *
 * A customer's targets for the quality report (doc/report.md "Targets"). `set` changes only the
 * targets given ("none" removes one); shares are percentages ("98", "97.5") or fractions.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* A share as "98%" or "97.5%" from basis points, "none" for no target. */
static void print_share(const char *name, int32_t bp) {
  if (bp == SSVC_REPORT_NO_TARGET) printf("%-16s none\n", name);
  else if (bp % 100) printf("%-16s %d.%02d%%\n", name, bp / 100, bp % 100);
  else printf("%-16s %d%%\n", name, bp / 100);
}

static int set_share(const char *cmd, const char *opt, const char *text, int32_t *bp) {
  if (!text) return CLI_OK;
  if (strcmp(text, "none") == 0) {
    *bp = SSVC_REPORT_NO_TARGET;
    return CLI_OK;
  }
  uint32_t v;
  int rc = cli_parse_share(cmd, opt, text, 1, &v);
  if (!rc) *bp = (int32_t)v;
  return rc;
}

int cmd_report_targets(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "report targets";
  if (cli_help_asked("report targets", argc, argv, first)) return CLI_HELP;
  if (first >= argc || (strcmp(argv[first], "set") != 0 && strcmp(argv[first], "show") != 0))
    return cli_usage(cmd, "expected set or show");
  int set = strcmp(argv[first], "set") == 0;
  const char *customer = NULL, *on_time = NULL, *solved = NULL, *unreturned = NULL;
  const char *actor = g->actor;
  const struct cli_opt set_opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer (required)"},
      {"on-time", &on_time, NULL, "P|none", NULL, "target share of cases delivered on time"},
      {"solved-on-phone", &solved, NULL, "P|none", NULL,
       "target share of cases solved on the phone"},
      {"unreturned-max", &unreturned, NULL, "N|none", NULL,
       "most faulty phones not returned in time"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  const struct cli_opt show_opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer (required)"},
      {0}};
  char *pos[1];
  const char *path = set ? "report targets set" : "report targets show"; /* its help page */
  int npos, rc = cli_parse(path, argc, argv, first + 1, set ? set_opts : show_opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", customer, (const char *)NULL))) return rc;
  if (set && !on_time && !solved && !unreturned)
    return cli_usage(cmd, "give at least one of --on-time, --solved-on-phone, --unreturned-max");
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_report_targets t = SSVC_REPORT_TARGETS_INIT;
  int err = ssvc_report_targets_get(s.st, customer, &t);
  if (!err && set) {
    uint64_t n;
    if ((rc = set_share(cmd, "on-time", on_time, &t.on_time_bp)) ||
        (rc = set_share(cmd, "solved-on-phone", solved, &t.solved_on_phone_bp)))
      return cli_store_close(&s, rc);
    if (unreturned && strcmp(unreturned, "none") == 0) {
      t.unreturned_max = SSVC_REPORT_NO_TARGET;
    } else if (unreturned) {
      if ((rc = cli_parse_uint(cmd, "unreturned-max", unreturned, 1000000, &n)))
        return cli_store_close(&s, rc);
      t.unreturned_max = (int32_t)n;
    }
    err = ssvc_report_targets_set(s.st, customer, &t, actor);
  }
  if (!err) {
    printf("%-16s %s\n", "customer", customer);
    print_share("on-time", t.on_time_bp);
    print_share("solved-on-phone", t.solved_on_phone_bp);
    if (t.unreturned_max == SSVC_REPORT_NO_TARGET) printf("%-16s none\n", "unreturned-max");
    else printf("%-16s %d\n", "unreturned-max", (int)t.unreturned_max);
  }
  return cli_store_close(&s, err ? cli_fail(cmd, s.ctx) : CLI_OK);
}
