/*
 * smartservice demo: a scripted Support Center day. It grows with each capability of the library;
 * today it shows the tier catalogue, the entitlement checks that every call starts with, and
 * every call logged as a case in a SQLite database (--db FILE, or a temporary one).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <smartservice/sqlite.h>

#include "cli.h"

/* The scripted day's clock: 2026-03-02 (a Monday) from 08:00 UTC, one call every seven minutes. */
static int64_t demo_clock(void *user_data) {
  return INT64_C(1772438400) + 7 * 60 * (int64_t)*(const size_t *)user_data;
}

/* Logs call @p i as a case and moves it as far as the call goes; prints its id and state. */
static int log_case(ssvc_store *st, const ssvc_tier *t, const char *customer, unsigned feature,
                    int in_scope) {
  ssvc_case_spec spec = SSVC_CASE_SPEC_INIT;
  spec.customer_id = customer;
  spec.user_name = "Demo User";
  spec.imei = "490154203237518";
  spec.model = "Fairphone 5";
  spec.tier_code = ssvc_tier_code(t);
  spec.features = ssvc_tier_features(t);
  spec.symptom = ssvc_feature_name(feature, SSVC_LANG_EN);
  spec.actor = "demo";
  char id[SSVC_CASE_ID_SIZE];
  int rc = ssvc_case_create(st, id, &spec);
  int end = SSVC_CASE_CANCELLED;
  if (rc == SSVC_OK && !in_scope) {
    rc = ssvc_case_set_diagnosis(st, id, SSVC_CASE_OUTCOME_OUT_OF_SCOPE, NULL, "demo");
    if (rc == SSVC_OK) rc = ssvc_case_transition(st, id, SSVC_CASE_CANCELLED, "demo", NULL);
  } else if (rc == SSVC_OK) {
    static const int help[] = {SSVC_CASE_DIAGNOSING, SSVC_CASE_RESOLVED, SSVC_CASE_CLOSED};
    static const int swap[] = {SSVC_CASE_DIAGNOSING, SSVC_CASE_SWAP_REQUESTED};
    int is_swap = feature == SSVC_FEATURE_SWAP_ACTIVATION;
    const int *path = is_swap ? swap : help;
    int n = is_swap ? 2 : 3;
    for (int k = 0; k < n && rc == SSVC_OK; k++)
      rc = ssvc_case_transition(st, id, path[k], "demo", NULL);
    end = path[n - 1];
  }
  if (rc == SSVC_OK) printf("        -> case %s, %s\n", id, ssvc_case_state_name(end));
  return rc;
}

struct call {
  const char *customer; /* who calls */
  const char *tier;     /* the customer's tier code */
  unsigned int feature; /* what the call needs */
  const char *what;     /* what the user asks for */
};

static const struct call calls[] = {
    {"Bygg AB", "BAS", SSVC_FEATURE_PHONE_HELP, "cannot find the flight-mode switch"},
    {"Bygg AB", "BAS", SSVC_FEATURE_SYNC, "calendar does not sync with Exchange"},
    {"Konsult AB", "PROF", SSVC_FEATURE_SYNC, "calendar does not sync with Exchange"},
    {"Konsult AB", "PROF", SSVC_FEATURE_SWAP_ACTIVATION, "screen cracked, needs a replacement"},
    {"Kommunen", "KOMMUN", SSVC_FEATURE_OS_HELP, "operating-system update fails"},
    {"Kommunen", "KOMMUN", SSVC_FEATURE_SWAP_ACTIVATION, "phone dead after a fall"},
};

int cmd_demo(const struct cli_global *g, int argc, char **argv, int first) {
  char *pos[1];
  int npos;
  int rc = cli_parse("demo", argc, argv, first, NULL, pos, 0, &npos);
  if (rc) return rc;

  size_t call_no = 0;
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = demo_clock;
  o.clock_user_data = &call_no;
  ssvc_ctx *ctx;
  if (ssvc_ctx_new(&ctx, &o)) {
    fputs("smartservice demo: cannot create a context\n", stderr);
    return CLI_FAIL;
  }
  /* The cases go to --db FILE, or to a temporary database removed at the end. */
  char tmp[64] = "";
  const char *db = g->db;
  if (!db) {
    snprintf(tmp, sizeof tmp, "/tmp/smartservice-demo-XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0) {
      perror("smartservice demo: cannot create a temporary database");
      ssvc_ctx_free(ctx);
      return CLI_FAIL;
    }
    close(fd);
    db = tmp;
  }
  ssvc_catalog *cat = NULL;
  ssvc_store *st = NULL;
  if (ssvc_sqlite_open(ctx, &st, db, NULL) || ssvc_catalog_new(ctx, &cat)) {
    rc = cli_fail("demo", ctx);
    goto done;
  }
  printf("Smartservice demo, libsmartservice %s\n\n", ssvc_version());

  /* A customer-unique tier (kundunik): the municipality buys help and SWAP, no sync support. */
  ssvc_tier_spec spec = SSVC_TIER_SPEC_INIT;
  spec.code = "KOMMUN";
  spec.name_sv = "Kommunens avtal";
  spec.name_en = "Municipality agreement";
  spec.features = SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_REGISTRATION | SSVC_FEATURE_PHONE_HELP |
                  SSVC_FEATURE_OS_HELP | SSVC_FEATURE_SWAP_ADMIN | SSVC_FEATURE_SWAP_ACTIVATION;
  spec.price_minor = 3200;
  const ssvc_tier *custom;
  if (ssvc_catalog_add(cat, &spec, &custom)) {
    rc = cli_fail("demo", ctx);
    goto done;
  }
  printf("Tiers in the catalogue:\n");
  for (size_t i = 0; i < ssvc_catalog_count(cat); i++) {
    const ssvc_tier *t = ssvc_catalog_at(cat, i);
    char money[32];
    ssvc_money_format(money, sizeof money, ssvc_tier_price(t), ssvc_tier_currency(t));
    printf("  %-7s %-28s %s per user and month%s\n", ssvc_tier_code(t),
           ssvc_tier_name(t, SSVC_LANG_EN), money, ssvc_tier_is_builtin(t) ? "" : " (custom)");
  }

  size_t ncalls = sizeof calls / sizeof calls[0], served = 0;
  printf("\nCalls:\n");
  for (size_t i = 0; i < ncalls; i++) {
    call_no = i;
    const ssvc_tier *t;
    if (ssvc_catalog_find(cat, calls[i].tier, &t)) {
      rc = cli_fail("demo", ctx);
      goto done;
    }
    int e = ssvc_tier_check(ctx, t, calls[i].feature);
    printf("  [%zu/%zu] %s (%s): %s\n        -> ", i + 1, ncalls, calls[i].customer,
           ssvc_tier_code(t), calls[i].what);
    if (e == SSVC_OK) {
      served++;
      printf("in scope: %s\n", ssvc_feature_name(calls[i].feature, SSVC_LANG_EN));
    } else if (e == SSVC_ENOTENTITLED) {
      printf("out of scope: %s\n", ssvc_ctx_errmsg(ctx));
    } else {
      rc = cli_fail("demo", ctx);
      goto done;
    }
    if (log_case(st, t, calls[i].customer, calls[i].feature, e == SSVC_OK)) {
      rc = cli_fail("demo", ctx);
      goto done;
    }
  }
  printf("\nSummary: %zu calls, %zu in scope, %zu out of scope.\n", ncalls, served,
         ncalls - served);
  ssvc_case_stats stats = SSVC_CASE_STATS_INIT;
  if (ssvc_case_stats_get(st, NULL, &stats)) {
    rc = cli_fail("demo", ctx);
    goto done;
  }
  printf("Cases in the log: %zu; waiting for a SWAP phone: %zu; closed: %zu; cancelled: %zu.\n",
         stats.total, stats.by_state[SSVC_CASE_SWAP_REQUESTED], stats.by_state[SSVC_CASE_CLOSED],
         stats.by_state[SSVC_CASE_CANCELLED]);
done:
  ssvc_catalog_free(cat);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  if (*tmp) {
    char p[80];
    unlink(tmp);
    snprintf(p, sizeof p, "%s-wal", tmp);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", tmp);
    unlink(p);
  }
  return rc;
}
