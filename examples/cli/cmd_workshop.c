/* smartservice --db FILE workshop send|estimate|done|list|show: repair orders to the service
 * provider for a referred or returned phone (doc/workshop.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt actor_opt = {"actor", NULL, NULL, "WHO", "cli",
                                         "the name recorded in the logs for this change"};

/* The one positional argument, a case id. */
static int one_case(const char *cmd, int npos) {
  return npos == 1 ? CLI_OK : cli_usage(cmd, "expected a case id, e.g. SC-2026-000001");
}

/* workshop send CASE --provider P [--estimate SEK] [--note T] [--actor WHO] */
static int ws_send(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "workshop send";
  const char *provider = NULL, *estimate = NULL, *note = NULL, *actor = g->actor;
  struct cli_opt a = actor_opt;
  a.value = &actor;
  const struct cli_opt opts[] = {
      {"provider", &provider, NULL, "NAME", NULL, "the service provider the phone goes to"},
      {"estimate", &estimate, NULL, "SEK", NULL, "the provider's estimate, when it gave one"},
      {"note", &note, NULL, "TEXT", NULL, "what the provider should know (the fault)"},
      a,
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc || (rc = one_case(cmd, npos)) ||
      (rc = cli_require(cmd, "provider", provider, (const char *)NULL)))
    return rc;
  ssvc_repair_spec spec = SSVC_REPAIR_SPEC_INIT;
  if (estimate && (rc = cli_parse_money(cmd, "estimate", estimate, &spec.estimate_minor)))
    return rc;
  spec.case_id = pos[0];
  spec.provider = provider;
  spec.note = note;
  spec.actor = actor;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (ssvc_repair_order_send(s.st, &spec)) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  ssvc_repair_order o;
  ssvc_repair_order_init(&o, SSVC_REPAIR_ORDER_VERSION);
  if (ssvc_repair_order_get(s.st, &o, pos[0])) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  printf("%s: sent to %s%s\n", pos[0], provider,
         o.moved_case ? " (the case is in-repair)" : "");
  return cli_store_close(&s, CLI_OK);
}

/* workshop estimate CASE --amount SEK [--actor WHO] */
static int ws_estimate(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "workshop estimate";
  const char *amount = NULL, *actor = g->actor;
  struct cli_opt a = actor_opt;
  a.value = &actor;
  const struct cli_opt opts[] = {
      {"amount", &amount, NULL, "SEK", NULL, "the provider's estimate (required)"}, a, {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc || (rc = one_case(cmd, npos)) ||
      (rc = cli_require(cmd, "amount", amount, (const char *)NULL)))
    return rc;
  int64_t minor = 0;
  if ((rc = cli_parse_money(cmd, "amount", amount, &minor))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (ssvc_repair_order_estimate(s.st, pos[0], minor, actor))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  char m[64];
  ssvc_money_format(m, sizeof m, minor, "SEK");
  printf("%s: the provider estimates %s\n", pos[0], m);
  return cli_store_close(&s, CLI_OK);
}

/* workshop done CASE --outcome repaired|scrapped --cost SEK [--actor WHO] */
static int ws_done(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "workshop done";
  const char *outcome_s = NULL, *cost = NULL, *actor = g->actor;
  struct cli_opt a = actor_opt;
  a.value = &actor;
  const struct cli_opt opts[] = {
      {"outcome", &outcome_s, NULL, "repaired|scrapped", NULL, "what the provider did"},
      {"cost", &cost, NULL, "SEK", NULL, "what the provider charged (0 when nothing)"},
      a,
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc || (rc = one_case(cmd, npos)) ||
      (rc = cli_require(cmd, "outcome", outcome_s, "cost", cost, (const char *)NULL)))
    return rc;
  int outcome = 0;
  if (ssvc_repair_state_from_name(NULL, &outcome, outcome_s) || outcome == SSVC_REPAIR_SENT)
    return cli_usage(cmd, "--outcome must be repaired or scrapped (got '%s')", outcome_s);
  int64_t minor = 0;
  if ((rc = cli_parse_money(cmd, "cost", cost, &minor))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_repair_order o;
  ssvc_repair_order_init(&o, SSVC_REPAIR_ORDER_VERSION);
  if (ssvc_repair_order_done(s.st, pos[0], outcome, minor, actor) ||
      ssvc_repair_order_get(s.st, &o, pos[0]))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  char m[64];
  ssvc_money_format(m, sizeof m, minor, "SEK");
  printf("%s: %s by %s, %s, %d working days\n", pos[0], outcome_s, o.provider, m,
         o.turnaround_days);
  return cli_store_close(&s, CLI_OK);
}

/* A money amount, or "-" for none. */
static void amount_text(char *buf, size_t size, int64_t minor) {
  if (minor < 0)
    snprintf(buf, size, "-");
  else
    ssvc_money_format(buf, size, minor, NULL);
}

static int list_cb(void *ud, const ssvc_repair_order *o) {
  (void)ud;
  char sent[40], done[40] = "-", est[40], cost[40] = "-", days[16] = "-";
  cli_format_local(sent, sizeof sent, o->sent_at);
  if (o->state != SSVC_REPAIR_SENT) {
    cli_format_local(done, sizeof done, o->done_at);
    amount_text(cost, sizeof cost, o->cost_minor);
    snprintf(days, sizeof days, "%d", o->turnaround_days);
  }
  amount_text(est, sizeof est, o->estimate_minor);
  printf("%-15s %-18s %-16s %-9s %-23s %-23s %4s %10s %10s\n", o->case_id, o->provider,
         o->model, ssvc_repair_state_name(o->state), sent, done, days, est, cost);
  return 0;
}

/* workshop list --customer C [--no-header] */
static int ws_list(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "workshop list";
  const char *cust = NULL;
  int npos, no_header = 0;
  const struct cli_opt opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL, "the customer whose repair orders to list"},
      {"no-header", NULL, &no_header, NULL, NULL, "leave out the header line"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc || (rc = cli_require(cmd, "customer", cust, (const char *)NULL))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  if (!no_header)
    printf("%-15s %-18s %-16s %-9s %-23s %-23s %4s %10s %10s\n", "CASE", "PROVIDER", "MODEL",
           "STATE", "SENT", "DONE", "DAYS", "ESTIMATE", "COST");
  if (ssvc_repair_order_list(s.st, cust, list_cb, NULL)) rc = cli_fail(cmd, s.ctx);
  return cli_store_close(&s, rc);
}

/* workshop show CASE [--json] */
static int ws_show(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "workshop show";
  int json = 0;
  const struct cli_opt opts[] = {
      {"json", NULL, &json, NULL, NULL, "one JSON object (times in UTC)"}, {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc || (rc = one_case(cmd, npos))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  ssvc_repair_order o;
  ssvc_repair_order_init(&o, SSVC_REPAIR_ORDER_VERSION);
  if (ssvc_repair_order_get(s.st, &o, pos[0])) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  char sent[40], done[40] = "", est[40] = "-", cost[40];
  if (o.estimate_minor >= 0) ssvc_money_format(est, sizeof est, o.estimate_minor, "SEK");
  ssvc_money_format(cost, sizeof cost, o.cost_minor, "SEK");
  if (json) {
    cli_format_instant(sent, sizeof sent, o.sent_at);
    if (o.done_at) cli_format_instant(done, sizeof done, o.done_at);
    printf("{\"case\":");
    cli_json_string(stdout, o.case_id);
    printf(",\"customer\":");
    cli_json_string(stdout, o.customer_id);
    printf(",\"model\":");
    cli_json_string(stdout, o.model);
    printf(",\"provider\":");
    cli_json_string(stdout, o.provider);
    printf(",\"state\":\"%s\",\"sent\":\"%s\",\"done\":", ssvc_repair_state_name(o.state), sent);
    if (*done)
      printf("\"%s\"", done);
    else
      printf("null");
    printf(",\"turnaround_days\":");
    if (o.turnaround_days >= 0)
      printf("%d", o.turnaround_days);
    else
      printf("null");
    printf(",\"estimate_minor\":");
    if (o.estimate_minor >= 0)
      printf("%lld", (long long)o.estimate_minor);
    else
      printf("null");
    printf(",\"cost_minor\":%lld,\"moved_case\":%s,\"note\":", (long long)o.cost_minor,
           o.moved_case ? "true" : "false");
    cli_json_string(stdout, o.note);
    printf("}\n");
    return cli_store_close(&s, CLI_OK);
  }
  cli_format_local(sent, sizeof sent, o.sent_at);
  if (o.done_at) cli_format_local(done, sizeof done, o.done_at);
  printf("case:        %s (%s)\n", o.case_id, o.customer_id);
  printf("model:       %s\n", o.model);
  printf("provider:    %s\n", o.provider);
  printf("state:       %s\n", ssvc_repair_state_name(o.state));
  printf("sent:        %s\n", sent);
  if (o.done_at) {
    printf("done:        %s\n", done);
    printf("turnaround:  %d working days\n", o.turnaround_days);
  }
  printf("estimate:    %s\n", est);
  if (o.done_at) printf("cost:        %s\n", cost);
  if (*o.note) printf("note:        %s\n", o.note);
  return cli_store_close(&s, CLI_OK);
}

int cmd_workshop(const struct cli_global *g, int argc, char **argv, int first) {
  static const struct cli_sub subs[] = {{"send", ws_send},
                                        {"estimate", ws_estimate},
                                        {"done", ws_done},
                                        {"list", ws_list},
                                        {"show", ws_show}};
  return cli_dispatch("workshop", subs, sizeof subs / sizeof subs[0], g, argc, argv, first);
}
