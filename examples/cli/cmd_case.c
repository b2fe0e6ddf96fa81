/*
 * smartservice --db FILE case new|show|list|event|erase: register, inspect and move cases in a
 * SQLite database (created when absent). The environment variable SSVC_NOW=<Unix seconds> fixes
 * the clock (for scripts and tests). Output formats are documented in doc/cli.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_erase.h"

static void fmt_date(char *buf, size_t size, ssvc_date d) {
  if (d.year == 0) snprintf(buf, size, "-");
  else snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static int case_new(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "case new";
  ssvc_case_spec spec = SSVC_CASE_SPEC_INIT;
  const char *purchased = NULL, *warranty = NULL, *tier = NULL;
  spec.actor = "cli";
  const struct cli_opt opts[] = {{"customer", &spec.customer_id, NULL},
                                 {"name", &spec.user_name, NULL},
                                 {"phone", &spec.user_phone, NULL},
                                 {"email", &spec.user_email, NULL},
                                 {"imei", &spec.imei, NULL},
                                 {"model", &spec.model, NULL},
                                 {"serial", &spec.serial, NULL},
                                 {"purchased", &purchased, NULL},
                                 {"warranty-end", &warranty, NULL},
                                 {"tier", &tier, NULL},
                                 {"symptom", &spec.symptom, NULL},
                                 {"actor", &spec.actor, NULL},
                                 {NULL, NULL, NULL}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  static const char *required[] = {"customer", "name", "imei", "model", "tier"};
  const char *values[] = {spec.customer_id, spec.user_name, spec.imei, spec.model, tier};
  for (int i = 0; i < 5; i++)
    if (!values[i]) return cli_usage(cmd, "option '--%s' is required", required[i]);
  if ((rc = cli_parse_date(cmd, "purchased", purchased, &spec.purchase_date)) ||
      (rc = cli_parse_date(cmd, "warranty-end", warranty, &spec.warranty_end)))
    return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_catalog *cat = NULL;
  const ssvc_tier *t;
  if (ssvc_catalog_new(s.ctx, &cat) || ssvc_catalog_find(cat, tier, &t)) {
    rc = cli_fail(cmd, s.ctx);
    ssvc_catalog_free(cat);
    return cli_store_close(&s, rc);
  }
  spec.tier_code = ssvc_tier_code(t);
  spec.features = ssvc_tier_features(t);
  char id[SSVC_CASE_ID_SIZE];
  if (ssvc_case_create(s.st, id, &spec)) rc = cli_fail(cmd, s.ctx);
  else printf("%s\n", id);
  ssvc_catalog_free(cat);
  return cli_store_close(&s, rc);
}

static const char *event_kind(int kind) {
  const char *name = ssvc_case_event_kind_name(kind);
  return name ? name : "?";
}

static const char *or_dash(const char *s) { return *s ? s : "-"; }

static void show_text(const ssvc_case *c, const ssvc_case_info *i) {
  char a[40], b[40];
  printf("id:           %s\n", i->id);
  printf("state:        %s\n", ssvc_case_state_name(i->state));
  printf("customer:     %s\n", i->customer_id);
  printf("tier:         %s\n", i->tier_code);
  printf("user:         %s\n", i->erased ? "(erased)" : or_dash(i->user_name));
  printf("phone:        %s\n", or_dash(i->user_phone));
  printf("e-mail:       %s\n", or_dash(i->user_email));
  printf("imei:         %s\n", or_dash(i->imei));
  printf("model:        %s\n", i->model);
  printf("serial:       %s\n", or_dash(i->serial));
  fmt_date(a, sizeof a, i->purchase_date);
  fmt_date(b, sizeof b, i->warranty_end);
  printf("purchased:    %s\n", a);
  printf("warranty end: %s\n", b);
  printf("symptom:      %s\n", or_dash(i->symptom));
  printf("outcome:      %s\n", ssvc_case_outcome_name(i->outcome));
  cli_format_instant(a, sizeof a, i->registered_at);
  cli_format_instant(b, sizeof b, i->updated_at);
  printf("registered:   %s\n", a);
  printf("updated:      %s\n", b);
  if (*i->transcript) {
    printf("transcript:\n");
    const char *p = i->transcript;
    while (*p) {
      size_t n = strcspn(p, "\n");
      printf("  %.*s\n", (int)n, p);
      p += n + (p[n] == '\n');
    }
  }
  printf("events:\n");
  for (size_t k = 0; k < i->event_count; k++) {
    ssvc_case_event e = SSVC_CASE_EVENT_INIT;
    ssvc_case_event_at(c, k, &e);
    cli_format_instant(a, sizeof a, e.at);
    printf("  %s  %-10s %s", a, e.actor, event_kind(e.kind));
    if (e.kind == SSVC_CASE_EVENT_STATE)
      printf(" %s -> %s", ssvc_case_state_name(e.from_state), ssvc_case_state_name(e.to_state));
    if (*e.note) printf(": %s", e.note);
    putchar('\n');
  }
  for (size_t k = 0; k < i->shipment_count; k++) {
    ssvc_shipment sh = SSVC_SHIPMENT_INIT;
    ssvc_case_shipment_at(c, k, &sh);
    char money[32];
    ssvc_money_format(money, sizeof money, sh.freight_minor, "SEK");
    cli_format_instant(a, sizeof a, sh.at);
    printf("shipment:     %s kind %d %s %s %s\n", a, sh.kind, sh.carrier, sh.tracking, money);
  }
  for (size_t k = 0; k < i->charge_count; k++) {
    ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
    ssvc_case_charge_at(c, k, &ch);
    char money[32];
    ssvc_money_format(money, sizeof money, ch.amount_minor, ch.currency);
    printf("charge:       kind %d %s %s\n", ch.kind, money, ch.text);
  }
}

static void json_field(const char *name, const char *value) {
  printf(",\"%s\":", name);
  cli_json_string(stdout, value);
}

/* One JSON document on one line (doc/cli.md). */
static void show_json(const ssvc_case *c, const ssvc_case_info *i) {
  char a[40], b[40];
  printf("{\"id\":");
  cli_json_string(stdout, i->id);
  json_field("state", ssvc_case_state_name(i->state));
  json_field("customer", i->customer_id);
  json_field("tier", i->tier_code);
  json_field("user", i->user_name);
  json_field("phone", i->user_phone);
  json_field("email", i->user_email);
  json_field("imei", i->imei);
  json_field("model", i->model);
  json_field("serial", i->serial);
  fmt_date(a, sizeof a, i->purchase_date);
  fmt_date(b, sizeof b, i->warranty_end);
  json_field("purchased", i->purchase_date.year ? a : "");
  json_field("warranty_end", i->warranty_end.year ? b : "");
  json_field("symptom", i->symptom);
  json_field("outcome", ssvc_case_outcome_name(i->outcome));
  json_field("transcript", i->transcript);
  cli_format_instant(a, sizeof a, i->registered_at);
  cli_format_instant(b, sizeof b, i->updated_at);
  json_field("registered", a);
  json_field("updated", b);
  printf(",\"erased\":%s,\"events\":[", i->erased ? "true" : "false");
  for (size_t k = 0; k < i->event_count; k++) {
    ssvc_case_event e = SSVC_CASE_EVENT_INIT;
    ssvc_case_event_at(c, k, &e);
    cli_format_instant(a, sizeof a, e.at);
    printf("%s{\"at\":\"%s\",\"actor\":", k ? "," : "", a);
    cli_json_string(stdout, e.actor);
    printf(",\"kind\":\"%s\"", event_kind(e.kind));
    if (e.kind == SSVC_CASE_EVENT_STATE)
      printf(",\"from\":\"%s\",\"to\":\"%s\"", ssvc_case_state_name(e.from_state),
             ssvc_case_state_name(e.to_state));
    printf(",\"note\":");
    cli_json_string(stdout, e.note);
    printf("}");
  }
  printf("]}\n");
}

static int case_show(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "case show";
  int json = 0;
  const struct cli_opt opts[] = {{"json", NULL, &json}, {NULL, NULL, NULL}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected a case id, e.g. SC-2026-000001");
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_case *c;
  if (ssvc_case_load(s.st, &c, pos[0])) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &i);
  if (json) show_json(c, &i);
  else show_text(c, &i);
  ssvc_case_free(c);
  return cli_store_close(&s, CLI_OK);
}

struct list_out {
  ssvc_store *st;
  int failed;
};

static int print_line(void *ud, const char *id) {
  struct list_out *l = ud;
  ssvc_case *c;
  if (ssvc_case_load(l->st, &c, id)) {
    l->failed = 1;
    return 1;
  }
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &i);
  char at[40];
  cli_format_instant(at, sizeof at, i.registered_at);
  printf("%s\t%s\t%s\t%s\t%s\n", i.id, ssvc_case_state_name(i.state), i.customer_id, at,
         i.model);
  ssvc_case_free(c);
  return 0;
}

static int case_list(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "case list";
  const char *customer = NULL, *state = NULL;
  int open = 0;
  const struct cli_opt opts[] = {{"customer", &customer, NULL},
                                 {"state", &state, NULL},
                                 {"open", NULL, &open},
                                 {NULL, NULL, NULL}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!!customer + !!state + open > 1)
    return cli_usage(cmd, "give at most one of --customer, --state and --open");
  int st_num = 0;
  if (state) {
    ssvc_ctx *tmp;
    if (cli_ctx_new(cmd, &tmp)) return CLI_FAIL;
    int bad = ssvc_case_state_from_name(tmp, &st_num, state);
    ssvc_ctx_free(tmp);
    if (bad) return cli_usage(cmd, "--state: unknown case state '%s'", state);
  }
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  struct list_out l = {s.st, 0};
  int r = customer ? ssvc_case_list_customer(s.st, customer, INT64_MIN, INT64_MAX, print_line, &l)
          : state  ? ssvc_case_list_state(s.st, st_num, print_line, &l)
          : open   ? ssvc_case_list_open(s.st, print_line, &l)
                   : ssvc_case_list_all(s.st, print_line, &l);
  return cli_store_close(&s, r || l.failed ? cli_fail(cmd, s.ctx) : CLI_OK);
}

static int case_event(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "case event";
  const char *to = NULL, *note = NULL, *outcome = NULL, *transcript = NULL, *actor = "cli";
  const struct cli_opt opts[] = {{"to", &to, NULL},
                                 {"note", &note, NULL},
                                 {"outcome", &outcome, NULL},
                                 {"transcript", &transcript, NULL},
                                 {"actor", &actor, NULL},
                                 {NULL, NULL, NULL}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected a case id, e.g. SC-2026-000001");
  if (!to && !note && !outcome)
    return cli_usage(cmd, "nothing to do: give --to STATE, --outcome OUTCOME or --note TEXT");
  if (to && outcome) return cli_usage(cmd, "give either --to or --outcome, not both");
  if (transcript && !outcome) return cli_usage(cmd, "--transcript needs --outcome");
  ssvc_ctx *tmp;
  if (cli_ctx_new(cmd, &tmp)) return CLI_FAIL;
  int to_num = 0, outcome_num = 0;
  int bad_to = to && ssvc_case_state_from_name(tmp, &to_num, to);
  int bad_outcome = outcome && ssvc_case_outcome_from_name(tmp, &outcome_num, outcome);
  ssvc_ctx_free(tmp);
  if (bad_to) return cli_usage(cmd, "--to: unknown case state '%s'", to);
  if (bad_outcome) return cli_usage(cmd, "--outcome: unknown outcome '%s'", outcome);
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  int r;
  if (to) r = ssvc_case_transition(s.st, pos[0], to_num, actor, note);
  else if (outcome) {
    r = ssvc_case_set_diagnosis(s.st, pos[0], outcome_num, transcript, actor);
    if (!r && note) r = ssvc_case_add_note(s.st, pos[0], actor, note);
  } else r = ssvc_case_add_note(s.st, pos[0], actor, note);
  if (r) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  ssvc_case *c;
  if (ssvc_case_load(s.st, &c, pos[0])) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &i);
  printf("%s\t%s\n", i.id, ssvc_case_state_name(i.state));
  ssvc_case_free(c);
  return cli_store_close(&s, CLI_OK);
}

/* `case erase` is `erase` (cmd_erase.c), kept for its users: --contact is phone or e-mail. */
static int case_erase(const struct cli_global *g, int argc, char **argv, int first) {
  return cli_erase("case erase", g, argc, argv, first);
}

int cmd_case(const struct cli_global *g, int argc, char **argv, int first) {
  static const struct {
    const char *name;
    int (*run)(const struct cli_global *, int, char **, int);
  } subs[] = {{"new", case_new},     {"show", case_show},   {"list", case_list},
              {"event", case_event}, {"erase", case_erase}};
  if (first >= argc)
    return cli_usage("case", "expected a subcommand: new, show, list, event or erase");
  for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
    if (strcmp(argv[first], subs[i].name) == 0) return subs[i].run(g, argc, argv, first + 1);
  return cli_usage("case", "unknown subcommand '%s' (expected new, show, list, event or erase)",
                   argv[first]);
}
