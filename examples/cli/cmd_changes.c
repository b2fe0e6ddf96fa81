/*
 * smartservice --db FILE changes [--since N] [--follow] [--json] (doc/cli.md, doc/storage.md
 * "The change feed"): the entries of the store's change feed after position N (0: from the
 * start), one line each. Text: position, Stockholm local time, kind, operation, id. --json: one
 * JSON object a line (keys position, at (RFC 3339 UTC), kind, op, id). --follow: after the
 * entries there are, polls the store every second for new ones until interrupted (SIGINT or
 * SIGTERM ends it with status 0).
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig) {
  (void)sig;
  stop = 1;
}

struct show {
  int json;
  uint64_t last; /* the last position printed */
};

static int show_change(void *ud, const ssvc_change *c) {
  struct show *s = ud;
  char at[40];
  if (s->json) {
    cli_format_instant(at, sizeof at, c->instant);
    printf("{\"position\":%llu,\"at\":\"%s\",\"kind\":\"%s\",\"op\":\"%s\",\"id\":",
           (unsigned long long)c->position, at, ssvc_change_kind_name(c->kind),
           ssvc_change_op_name(c->op));
    cli_json_string(stdout, c->id);
    printf("}\n");
  } else {
    ssvc_instant_format(at, sizeof at, c->instant);
    printf("%-8llu %s  %-9s %-6s %s\n", (unsigned long long)c->position, at,
           ssvc_change_kind_name(c->kind), ssvc_change_op_name(c->op), c->id);
  }
  s->last = c->position;
  return 0;
}

int cmd_changes(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "changes", *since = NULL;
  int follow = 0, json = 0;
  const struct cli_opt opts[] = {
      {"since", &since, NULL, "N", "0", "print the entries after this position"},
      {"follow", NULL, &follow, NULL, NULL, "then wait for new entries until interrupted"},
      {"json", NULL, &json, NULL, NULL, "one JSON object a line (JSON Lines)"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  struct show s = {json, 0};
  if (since && (rc = cli_parse_uint(cmd, "--since", since, UINT64_MAX - 1, &s.last))) return rc;
  struct cli_store st;
  if ((rc = cli_store_open(cmd, g, &st))) return rc;
  if (follow) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
  }
  do {
    if (ssvc_changes_read(st.st, s.last, show_change, &s))
      return cli_store_close(&st, cli_fail(cmd, st.ctx));
    if (!follow) break;
    if (cli_output_check(cmd)) return cli_store_close(&st, CLI_FAIL);
    struct timespec ts = {1, 0};
    nanosleep(&ts, NULL); /* a signal ends it early */
  } while (!stop);
  return cli_store_close(&st, CLI_OK);
}
