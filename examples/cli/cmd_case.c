/*
 * smartservice --db FILE case new|show|list|event|diagnose|erase|estimate|estimate-accept|
 * estimate-decline: register, inspect, diagnose and move cases, and record cost estimates and
 * their answers, in a
 * SQLite database (created when absent). The environment variable SSVC_NOW=<Unix seconds> fixes
 * the clock (for scripts and tests). Output formats are documented in doc/cli.md.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_erase.h"
#include "cli_note.h"

static int case_new(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "case new";
  ssvc_case_spec spec = SSVC_CASE_SPEC_INIT;
  const char *purchased = NULL, *warranty = NULL, *at = NULL;
  int second = 0;
  spec.actor = g->actor;
  const struct cli_opt opts[] = {
      {"customer", &spec.customer_id, NULL, "CUSTOMER", NULL,
       "the customer whose agreement covers the phone (required)"},
      {"name", &spec.user_name, NULL, "NAME", NULL, "the user's name (required)"},
      {"phone", &spec.user_phone, NULL, "PHONE", NULL, "the user's phone number"},
      {"email", &spec.user_email, NULL, "EMAIL", NULL, "the user's e-mail address"},
      {"imei", &spec.imei, NULL, "IMEI", NULL, "the phone's IMEI (required)"},
      {"model", &spec.model, NULL, "MODEL", NULL, "the phone's model (required)"},
      {"serial", &spec.serial, NULL, "SERIAL", NULL, "the phone's serial number"},
      {"purchased", &purchased, NULL, "YYYY-MM-DD", NULL, "the day the phone was bought"},
      {"warranty-end", &warranty, NULL, "YYYY-MM-DD", NULL, "the last day of the phone's warranty"},
      {"tier", &spec.tier_code, NULL, "CODE", NULL, "check that the agreement has this tier"},
      {"symptom", &spec.symptom, NULL, "SYMPTOM", NULL, "the symptom the user reports"},
      {"actor", &spec.actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {"at", &at, NULL, "TIME", NULL,
       "when the call came (back-filled; Stockholm time, or UTC with Z)"},
      {"second-open", NULL, &second, NULL, NULL, "allow a second open case for the same phone"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  /* --name and --model may come from the customer's roster (doc/roster.md): the library asks
   * for them when it has none. */
  if ((rc = cli_require(cmd, "customer", spec.customer_id, "imei", spec.imei, (const char *)NULL)))
    return rc;
  if ((rc = cli_parse_date(cmd, "purchased", purchased, &spec.purchase_date)) ||
      (rc = cli_parse_date(cmd, "warranty-end", warranty, &spec.warranty_end)) ||
      (rc = cli_parse_instant(cmd, "at", at, &spec.at)))
    return rc;
  if (second) spec.flags |= SSVC_CASE_SECOND_OPEN;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  char id[SSVC_CASE_ID_SIZE];
  if (ssvc_case_create(s.st, id, &spec)) rc = cli_fail(cmd, s.ctx);
  else printf("%s\n", id);
  return cli_store_close(&s, rc);
}

static const char *event_kind(int kind) {
  const char *name = ssvc_case_event_kind_name(kind);
  return name ? name : "?";
}

static const char *or_dash(const char *s) { return *s ? s : "-"; }
/* A kind's name, "?" for a kind this tool does not know. */
static const char *name_or_q(const char *s) { return s ? s : "?"; }

/* ---- Warranty and cost estimates (doc/charges.md "Warranty and cost estimates") ---- */

static const char *warranty_text(const ssvc_case *c) {
  int w = SSVC_WARRANTY_UNKNOWN;
  if (ssvc_case_warranty(c, &w)) return "?";
  return w == SSVC_WARRANTY_IN    ? "in warranty"
         : w == SSVC_WARRANTY_OUT ? "out of warranty"
                                  : "unknown (treated as out of warranty)";
}

static void show_warranty(const ssvc_case *c) { printf("warranty:     %s\n", warranty_text(c)); }

/* The estimate's lines of `case show`; nothing when the case has none. */
static void show_estimate(const ssvc_case *c) {
  ssvc_case_estimate_info e = SSVC_CASE_ESTIMATE_INFO_INIT;
  if (ssvc_case_estimate_get(c, &e)) return;
  char amount[32], fee[32], at[40];
  ssvc_money_format(amount, sizeof amount, e.amount_minor, e.currency);
  ssvc_money_format(fee, sizeof fee, e.inspection_fee_minor, e.currency);
  cli_format_local(at, sizeof at, e.at);
  printf("estimate:     %s, inspection fee %s%s%s (%s by %s)\n", amount, fee, *e.text ? ": " : "",
         e.text, at, e.actor);
  if (e.answer == SSVC_ESTIMATE_PENDING) {
    printf("answer:       pending (the repair waits)\n");
    return;
  }
  cli_format_local(at, sizeof at, e.answered_at);
  printf("answer:       %s by %s (%s by %s)\n", ssvc_estimate_answer_name(e.answer),
         or_dash(e.answered_by), at, e.answer_actor);
}

/* case estimate ID --amount SEK [--inspection-fee SEK] [--text T] [--actor A] */
static int case_estimate(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "case estimate";
  const char *amount = NULL, *fee = NULL, *text = NULL, *actor = g->actor;
  const struct cli_opt opts[] = {
      {"amount", &amount, NULL, "SEK", NULL, "the repair's estimated cost (required)"},
      {"inspection-fee", &fee, NULL, "SEK", NULL, "the fee charged when the estimate is declined"},
      {"text", &text, NULL, "TEXT", NULL, "what the estimate covers"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected a case id, e.g. SC-2026-000001");
  if ((rc = cli_require(cmd, "amount", amount, (const char *)NULL))) return rc;
  int64_t amount_minor = 0, fee_minor = 0;
  if ((rc = cli_parse_money(cmd, "amount", amount, &amount_minor)) ||
      (fee && (rc = cli_parse_money(cmd, "inspection-fee", fee, &fee_minor))))
    return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (ssvc_case_estimate(s.st, pos[0], amount_minor, fee_minor, text, actor))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  printf("%s\testimate pending\n", pos[0]);
  return cli_store_close(&s, CLI_OK);
}

/* case estimate-accept|estimate-decline ID --by NAME [--actor A] */
static int estimate_answer(const char *cmd, int accepted, const struct cli_global *g, int argc,
                           char **argv, int first) {
  const char *by = NULL, *actor = g->actor;
  const struct cli_opt opts[] = {
      {"by", &by, NULL, "NAME", NULL, "the customer's person who answered (required)"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected a case id, e.g. SC-2026-000001");
  if ((rc = cli_require(cmd, "by", by, (const char *)NULL))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_case *c = NULL;
  if (ssvc_case_estimate_answer(s.st, pos[0], accepted, by, actor) ||
      ssvc_case_load(s.st, &c, pos[0]))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &i);
  printf("%s\t%s\testimate %s\n", i.id, ssvc_case_state_name(i.state),
         accepted ? "accepted" : "declined");
  ssvc_case_free(c);
  return cli_store_close(&s, CLI_OK);
}

static int case_estimate_accept(const struct cli_global *g, int argc, char **argv, int first) {
  return estimate_answer("case estimate-accept", 1, g, argc, argv, first);
}

static int case_estimate_decline(const struct cli_global *g, int argc, char **argv, int first) {
  return estimate_answer("case estimate-decline", 0, g, argc, argv, first);
}

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
  cli_format_date(a, sizeof a, i->purchase_date);
  cli_format_date(b, sizeof b, i->warranty_end);
  printf("purchased:    %s\n", a);
  printf("warranty end: %s\n", b);
  show_warranty(c);
  if (ssvc_case_roster_coverage(c)) /* only when the agreement keeps a roster */
    printf("roster:       %s\n", ssvc_case_roster_coverage(c) == SSVC_ROSTER_COVERED
                                      ? "covered (on the customer's roster)"
                                      : "NOT COVERED (not on the customer's roster)");
  printf("symptom:      %s\n", or_dash(i->symptom));
  printf("outcome:      %s\n", ssvc_case_outcome_name(i->outcome));
  cli_format_local(a, sizeof a, i->registered_at);
  cli_format_local(b, sizeof b, i->updated_at);
  printf("registered:   %s\n", a);
  printf("updated:      %s\n", b);
  cli_format_date(a, sizeof a, i->promised_delivery);
  printf("promised:     %s\n", a); /* a replacement's delivery, fixed at registration (R7) */
  show_estimate(c);
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
    cli_format_local_seconds(a, sizeof a, e.at);
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
    cli_format_local_seconds(a, sizeof a, sh.at);
    printf("shipment:     %s %s %s %s %s\n", a, name_or_q(ssvc_shipment_kind_name(sh.kind)), sh.carrier,
           sh.tracking, money);
  }
  for (size_t k = 0; k < i->charge_count; k++) {
    ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
    ssvc_case_charge_at(c, k, &ch);
    char money[32];
    ssvc_money_format(money, sizeof money, ch.amount_minor, ch.currency);
    printf("charge:       %s %s %s\n", name_or_q(ssvc_charge_kind_key(ch.kind)), money, ch.text);
  }
  for (size_t k = 0; k < ssvc_case_guidance_count(c); k++) {
    ssvc_case_guidance gu = SSVC_CASE_GUIDANCE_INIT;
    ssvc_case_guidance_at(c, k, &gu);
    cli_format_local_seconds(a, sizeof a, gu.at);
    printf("guidance:     %s %s %s (%s) %s", a, gu.actor, gu.topic,
           name_or_q(ssvc_feature_key(gu.feature)), name_or_q(ssvc_guide_result_key(gu.result)));
    if (*gu.diagnose) printf("; diagnose %s next", gu.diagnose);
    putchar('\n');
  }
}

static void json_field(const char *name, const char *value) {
  printf(",\"%s\":", name);
  cli_json_string(stdout, value);
}

/* ,"estimate":{...} when the case has an estimate: amounts in öre, instants in UTC. */
static void show_estimate_json(const ssvc_case *c) {
  ssvc_case_estimate_info e = SSVC_CASE_ESTIMATE_INFO_INIT;
  if (ssvc_case_estimate_get(c, &e)) return;
  char at[40];
  cli_format_instant(at, sizeof at, e.at);
  printf(",\"estimate\":{\"amount\":%lld,\"inspection_fee\":%lld,\"currency\":",
         (long long)e.amount_minor, (long long)e.inspection_fee_minor);
  cli_json_string(stdout, e.currency);
  json_field("text", e.text);
  json_field("by", e.actor);
  json_field("at", at);
  json_field("answer", ssvc_estimate_answer_name(e.answer));
  if (e.answer != SSVC_ESTIMATE_PENDING) {
    cli_format_instant(at, sizeof at, e.answered_at);
    json_field("answered_by", e.answered_by);
    json_field("answer_actor", e.answer_actor);
    json_field("answered_at", at);
  }
  printf("}");
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
  cli_format_date(a, sizeof a, i->purchase_date);
  cli_format_date(b, sizeof b, i->warranty_end);
  json_field("purchased", i->purchase_date.year ? a : "");
  json_field("warranty_end", i->warranty_end.year ? b : "");
  int w = SSVC_WARRANTY_UNKNOWN;
  json_field("warranty", ssvc_case_warranty(c, &w) ? "" : ssvc_warranty_name(w));
  json_field("symptom", i->symptom);
  json_field("outcome", ssvc_case_outcome_name(i->outcome));
  json_field("transcript", i->transcript);
  cli_format_instant(a, sizeof a, i->registered_at);
  cli_format_instant(b, sizeof b, i->updated_at);
  json_field("registered", a);
  json_field("updated", b);
  cli_format_date(a, sizeof a, i->promised_delivery);
  json_field("promised_delivery", i->promised_delivery.year ? a : "");
  show_estimate_json(c);
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
  printf("],\"coverage\":\"%s\",\"guidance\":[",
         name_or_q(ssvc_roster_coverage_name(ssvc_case_roster_coverage(c))));
  for (size_t k = 0; k < ssvc_case_guidance_count(c); k++) {
    ssvc_case_guidance gu = SSVC_CASE_GUIDANCE_INIT;
    ssvc_case_guidance_at(c, k, &gu);
    cli_format_instant(a, sizeof a, gu.at);
    printf("%s{\"at\":\"%s\"", k ? "," : "", a);
    json_field("actor", gu.actor);
    json_field("topic", gu.topic);
    json_field("area", name_or_q(ssvc_feature_key(gu.feature)));
    json_field("result", name_or_q(ssvc_guide_result_key(gu.result)));
    json_field("diagnose", gu.diagnose);
    printf("}");
  }
  printf("]}\n");
}

static int case_show(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "case show";
  int json = 0;
  const struct cli_opt opts[] = {
      {"json", NULL, &json, NULL, NULL, "print one JSON document on one line"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected a case id, e.g. SC-2026-000001");
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
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

/* A listing's filters (all that are given must hold) and its printing. The listing reads twice:
 * a damaged case fails the command before anything is printed. */
struct list_out {
  ssvc_store *st;
  int failed;
  int dry;
  const char *customer; /* NULL: any */
  int state;            /* 0: any */
  int open;             /* 1: only the states below closed */
  const char *text;     /* case find: NULL, or what one of the searched fields must contain */
};

/* 1 when @p hay contains @p needle, ASCII letters compared without case. */
static int contains(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (; *hay; hay++) {
    size_t k = 0;
    while (k < n && hay[k] && tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
      k++;
    if (k == n) return 1;
  }
  return n == 0;
}

/* 1 when the case matches every filter of @p l. */
static int list_match(const struct list_out *l, const ssvc_case_info *i) {
  if (l->customer && strcmp(l->customer, i->customer_id) != 0) return 0;
  if (l->state && i->state != l->state) return 0;
  if (l->open && i->state >= SSVC_CASE_CLOSED) return 0;
  if (l->text) {
    const char *f[] = {i->id, i->imei, i->user_name, i->user_phone, i->user_email};
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
      if (f[k] && *f[k] && contains(f[k], l->text)) return 1;
    return 0;
  }
  return 1;
}

/* Prints a column that must stay on its line and in its column: tabs and line breaks as spaces,
 * "-" for an empty value. */
static void column(const char *v, char end) {
  if (!v || !*v) fputs("-", stdout);
  for (; v && *v; v++) putchar(*v == '\t' || *v == '\n' || *v == '\r' ? ' ' : *v);
  putchar(end);
}

static const char list_header[] =
    "ID\tSTATE\tCUSTOMER\tREGISTERED\tMODEL\tUSER\tSYMPTOM\tPROMISED\n";

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
  if (!l->dry && list_match(l, &i)) {
    char at[40], promised[16];
    cli_format_instant(at, sizeof at, i.registered_at);
    cli_format_date(promised, sizeof promised, i.promised_delivery);
    printf("%s\t%s\t%s\t%s\t", i.id, ssvc_case_state_name(i.state), i.customer_id, at);
    column(i.model, '\t');
    column(i.erased ? "(erased)" : i.user_name, '\t');
    column(i.symptom, '\t');
    column(promised, '\n');
  }
  ssvc_case_free(c);
  return 0;
}

/* Runs the listing of @p l over the most selective index its filters allow (customer, state,
 * open), twice (see list_out); list_match() applies all the filters to each case, so they
 * combine. */
static int list_run(const char *cmd, struct cli_store *s, struct list_out *l, int header) {
  int r = 0;
  for (l->dry = 1; !r && !l->failed && l->dry >= 0; l->dry--) {
    if (!l->dry && header) fputs(list_header, stdout);
    r = l->customer ? ssvc_case_list_customer(s->st, l->customer, INT64_MIN, INT64_MAX,
                                              print_line, l)
        : l->state  ? ssvc_case_list_state(s->st, l->state, print_line, l)
        : l->open   ? ssvc_case_list_open(s->st, print_line, l)
                    : ssvc_case_list_all(s->st, print_line, l);
  }
  return cli_store_close(s, r || l->failed ? cli_fail(cmd, s->ctx) : CLI_OK);
}

static int case_list(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "case list";
  const char *customer = NULL, *state = NULL;
  int open = 0, no_header = 0;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "only this customer's cases"},
      {"state", &state, NULL, "STATE", NULL, "only the cases in this state"},
      {"open", NULL, &open, NULL, NULL, "only the open cases"},
      {"no-header", NULL, &no_header, NULL, NULL, "leave out the header line"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  int st_num = 0;
  if (state) {
    ssvc_ctx *tmp;
    if (cli_ctx_new(cmd, &tmp)) return CLI_FAIL;
    int bad = ssvc_case_state_from_name(tmp, &st_num, state);
    ssvc_ctx_free(tmp);
    if (bad) return cli_usage(cmd, "--state: unknown case state '%s'", state);
  }
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  struct list_out l = {s.st, 0, 1, customer, st_num, open, NULL};
  return list_run(cmd, &s, &l, !no_header);
}

static int case_find(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "case find";
  const char *customer = NULL;
  int open = 0, no_header = 0;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "only this customer's cases"},
      {"open", NULL, &open, NULL, NULL, "only the open cases"},
      {"no-header", NULL, &no_header, NULL, NULL, "leave out the header line"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1 || !*pos[0])
    return cli_usage(cmd, "expected the text to look for: an IMEI, a name, a phone number, an "
                          "e-mail address or a case id");
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  struct list_out l = {s.st, 0, 1, customer, 0, open, pos[0]};
  return list_run(cmd, &s, &l, !no_header);
}

static int case_event(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "case event";
  const char *to = NULL, *note = NULL, *outcome = NULL, *transcript = NULL, *actor = g->actor;
  const struct cli_opt opts[] = {
      {"to", &to, NULL, "STATE", NULL, "move the case to this state"},
      {"note", &note, NULL, "TEXT", NULL, "add a note to the case's log"},
      {"outcome", &outcome, NULL, "OUTCOME", NULL,
       "record the diagnosis outcome (while diagnosing)"},
      {"transcript", &transcript, NULL, "TEXT", NULL, "the dialogue that led to the outcome"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
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
  else if (outcome) { /* the outcome and its note in one transaction: both or neither */
    if ((r = ssvc_store_begin(s.st))) return cli_store_close(&s, cli_fail(cmd, s.ctx));
    r = ssvc_case_set_diagnosis(s.st, pos[0], outcome_num, transcript, actor) ||
        (note && ssvc_case_add_note(s.st, pos[0], actor, note));
    if (r) { /* the message first: the rollback keeps the context's error */
      rc = cli_fail(cmd, s.ctx);
      ssvc_store_rollback(s.st);
      return cli_store_close(&s, rc);
    }
    r = ssvc_store_commit(s.st); /* a failed commit has rolled back */
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

/* ---- case diagnose: the control questions asked for a case, recorded on it and applied ---- */

/* The case's tier for the questions: the catalogue's of its code, or one made of its features
 * (cli.h). */
int cli_case_tier(ssvc_catalog *cat, const ssvc_case_info *i, const ssvc_tier **t) {
  if (ssvc_catalog_find(cat, i->tier_code, t) == SSVC_OK && ssvc_tier_features(*t) == i->features)
    return SSVC_OK;
  ssvc_tier_spec spec = SSVC_TIER_SPEC_INIT;
  spec.code = i->tier_code;
  spec.name_sv = i->tier_code;
  spec.features = i->features;
  return ssvc_catalog_add(cat, &spec, t);
}

/* What the outcome did, in words (doc/cli.md), in Swedish and English: the fragments around the
 * model, phone, IMEI, feature and tier, which come in the same order in both. */
struct done_words {
  const char *case_word, *solved, *referred, *no_swap, *no, *in_stock, *backordered, *reserved,
      *swap, *loan, *out_of_scope, *not_in, *state, *help, *reminders;
};

static const struct done_words done_words[2] = {
    {"Ärende", "löst i telefon", "remitterat till serviceverkstaden",
     " (nivån har ingen SWAP-aktivering)", "ingen", "i SWAP-lagret:", "restnoterad", "reserverad",
     "bytestelefon", "lånetelefon", "utanför tjänsten", "ingår inte i", "Tillstånd",
     "Registreringshjälp", "påminnelser"},
    {"Case", "solved on the phone", "referred to the service workshop",
     " (the tier has no SWAP activation)", "no", "in the SWAP stock:", "backordered", "reserved",
     "swap phone", "loan phone", "out of scope", "is not in", "State", "Registration help",
     "reminders"},
};

static void print_applied(const ssvc_case_diag_result *r, const ssvc_order *o,
                          const ssvc_case_info *i, int lang) {
  const struct done_words *w = &done_words[lang];
  const char *phone = o->replacement == SSVC_REPLACEMENT_LOAN ? w->loan : w->swap;
  printf("%s %s: ", w->case_word, i->id);
  switch (r->action) {
  case SSVC_DIAG_ACTION_GUIDANCE: printf("%s", w->solved); break;
  case SSVC_DIAG_ACTION_WORKSHOP:
    printf("%s%s", w->referred, r->outcome == SSVC_CASE_OUTCOME_DEFINITE_FAULT ? w->no_swap : "");
    break;
  case SSVC_DIAG_ACTION_SWAP_OR_LOAN:
    if (o->state == SSVC_ORDER_BACKORDERED)
      printf("%s %s %s %s %s", w->no, o->model, w->in_stock, phone, w->backordered);
    else
      printf("%s %s %s %s", phone, o->model, o->imei, w->reserved);
    break;
  default:
    printf("%s", w->out_of_scope);
    if (r->missing_feature)
      printf(": %s %s %s", ssvc_feature_name(r->missing_feature, lang), w->not_in, i->tier_code);
  }
  printf("\n%s: %s\n", w->state, ssvc_case_state_name(r->state));
  if (r->reminders) {
    printf("%s (%s):\n", w->help, w->reminders);
    for (unsigned b = 1; b & SSVC_DIAG_REMIND_ALL; b <<= 1)
      if (r->reminders & b) printf("  - %s\n", ssvc_diag_reminder_text(b, lang));
  }
}

/* smartservice --db FILE case diagnose ID [--answers A,B,...] [--symptom S] [--tree FILE]
 * [--lang sv|en] [--actor WHO]: the case must be diagnosing; its tier decides the questions. */
static int case_diagnose(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "case diagnose";
  const char *answers = NULL, *symptom = NULL, *tree_path = NULL, *lang_text = "en",
             *actor = g->actor;
  const struct cli_opt opts[] = {
      {"answers", &answers, NULL, "A,B,...", NULL,
       "the answers, scripted (otherwise asked on stdin)"},
      {"symptom", &symptom, NULL, "SYMPTOM", NULL,
       "the symptom (diagnose --list), instead of the case's"},
      {"tree", &tree_path, NULL, "FILE", NULL, "a diagnosis tree file instead of the built-in one"},
      {"lang", &lang_text, NULL, "sv|en", "en", "the language of the output"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  char *pos[1];
  int npos, lang, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected a case id, e.g. SC-2026-000001");
  if ((rc = cli_parse_lang(cmd, lang_text, &lang))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_case *c = NULL;
  ssvc_catalog *cat = NULL;
  ssvc_diag_tree *tree = NULL;
  ssvc_diag_session *session = NULL;
  char *transcript = NULL;
  const ssvc_tier *tier;
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  if (ssvc_case_load(s.st, &c, pos[0]) || ssvc_case_info_get(c, &i) ||
      ssvc_catalog_new(s.ctx, &cat) || cli_case_tier(cat, &i, &tier) ||
      (tree_path ? ssvc_diag_tree_load_file(s.ctx, &tree, tree_path, NULL)
                 : ssvc_diag_tree_load_default(s.ctx, &tree))) {
    rc = cli_fail(cmd, s.ctx);
    goto done;
  }
  if (i.state != SSVC_CASE_DIAGNOSING) {
    /* Refused before any question is asked (the library would refuse it when recording). */
    fprintf(stderr, "smartservice %s: %s: the case is %s, not diagnosing\n", cmd, i.id,
            ssvc_case_state_name(i.state));
    rc = CLI_FAIL;
    goto done;
  }
  /* The case's symptom is the session's when it names one of the tree's; otherwise --symptom,
   * the first --answers item, or the question. */
  if (!symptom)
    for (size_t k = 0; k < ssvc_diag_tree_symptom_count(tree); k++)
      if (strcmp(ssvc_diag_tree_symptom_id(tree, k), i.symptom) == 0) symptom = i.symptom;
  if ((rc = cli_diagnose_run(cmd, s.ctx, tree, tier, lang, symptom, answers, &session)))
    goto done;
  size_t n = ssvc_diag_session_transcript(session, NULL, 0);
  if (!(transcript = malloc(n + 1))) {
    fprintf(stderr, "smartservice %s: out of memory\n", cmd);
    rc = CLI_FAIL;
    goto done;
  }
  ssvc_diag_session_transcript(session, transcript, n + 1);
  ssvc_case_diag_result r = SSVC_CASE_DIAG_RESULT_INIT;
  ssvc_order o = SSVC_ORDER_INIT;
  if (ssvc_case_diagnose(s.st, &r, &o, i.id, tree, transcript, actor,
                         SSVC_CASE_DIAGNOSE_APPLY)) {
    rc = cli_fail(cmd, s.ctx);
    goto done;
  }
  print_applied(&r, &o, &i, lang);
done:
  free(transcript);
  ssvc_diag_session_free(session);
  ssvc_diag_tree_free(tree);
  ssvc_catalog_free(cat);
  ssvc_case_free(c);
  return cli_store_close(&s, rc);
}

static int case_note(const struct cli_global *g, int argc, char **argv, int first) {
  return cli_case_doc(g, argc, argv, first, SSVC_DOC_NOTE);
}

static int case_label(const struct cli_global *g, int argc, char **argv, int first) {
  return cli_case_doc(g, argc, argv, first, SSVC_DOC_LABEL);
}

int cmd_case(const struct cli_global *g, int argc, char **argv, int first) {
  static const struct cli_sub subs[] = {
      {"new", case_new},           {"show", case_show},         {"list", case_list},
      {"find", case_find},         {"event", case_event},       {"diagnose", case_diagnose}, {"erase", case_erase},
      {"estimate", case_estimate}, {"estimate-accept", case_estimate_accept},
      {"estimate-decline", case_estimate_decline}, {"note", case_note},
      {"label", case_label}};
  return cli_dispatch("case", subs, sizeof subs / sizeof subs[0], g, argc, argv, first);
}
