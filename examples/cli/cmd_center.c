/* smartservice --db FILE center set|show: the Support Center's own identity, stored once: the
 * seller of every invoice (smartservice/center.h; doc/cli.md "center"). */
#include <string.h>

#include "cli_party.h"

static int center_set(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "center set";
  struct cli_party_opts o;
  memset(&o, 0, sizeof o);
  const char *actor = g->actor;
  const struct cli_opt opts[] = {
      CLI_PARTY_OPTS("", o),
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!cli_party_given(&o)) return cli_usage(cmd, "nothing to set: give --name, --org-number, ...");
  struct cli_store st;
  if ((rc = cli_store_open(cmd, g, &st))) return rc;
  /* Options change the stored identity; the first time every required field must be given. */
  ssvc_center *c = NULL;
  ssvc_party p = SSVC_PARTY_INIT;
  int lrc = ssvc_center_load(st.st, &c);
  if (lrc && lrc != SSVC_ENOTFOUND) return cli_store_close(&st, cli_fail(cmd, st.ctx));
  if (!lrc) ssvc_center_party(c, &p);
  cli_party_apply(&o, &p);
  if (ssvc_center_set(st.st, &p, actor)) rc = cli_fail(cmd, st.ctx);
  else printf("%s (%s)\n", p.name, p.org_number);
  ssvc_center_free(c);
  return cli_store_close(&st, rc);
}

static int center_show(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "center show";
  const struct cli_opt opts[] = {{0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  struct cli_store st;
  if ((rc = cli_store_open(cmd, g, &st))) return rc;
  ssvc_center *c = NULL;
  if (ssvc_center_load(st.st, &c)) {
    return cli_store_close(&st, cli_fail(cmd, st.ctx));
  }
  ssvc_party p = SSVC_PARTY_INIT;
  ssvc_center_party(c, &p);
  cli_party_print("", &p, 19);
  char b[32];
  cli_format_local(b, sizeof b, ssvc_center_set_at(c));
  printf("set:               %s by %s\n", b, ssvc_center_set_by(c));
  ssvc_center_free(c);
  return cli_store_close(&st, CLI_OK);
}

int cmd_center(const struct cli_global *g, int argc, char **argv, int first) {
  if (cli_help_asked("center", argc, argv, first)) return CLI_HELP;
  if (first >= argc) return cli_usage("center", "expected a subcommand: set or show");
  if (strcmp(argv[first], "set") == 0) return center_set(g, argc, argv, first + 1);
  if (strcmp(argv[first], "show") == 0) return center_show(g, argc, argv, first + 1);
  return cli_usage("center", "unknown subcommand '%s' (expected set or show)", argv[first]);
}
