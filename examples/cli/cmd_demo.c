/*
 * smartservice demo: a scripted Support Center day on the embedded SQLite default.
 *
 * Two customers call in on Tuesday 24 November 2026: Bygg AB on BAS with 120 phones and Konsult AB
 * on PROF with 400 phones and a SWAP stock sized by the 8% rule. Every call becomes a case: the
 * control questions are asked (scripted answers), handling errors are solved on the phone, faults
 * are referred to the workshop or get a replacement phone with its delivery date, and questions
 * outside the customer's tier are refused. doc/demo.md describes the day and what it writes.
 *
 * The database is DIR/demo.db (made anew on every run), or the one given with --db (reused: the
 * day's cases are added to it).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

struct customer {
  const char *id, *name, *tier;
  uint32_t fleet;
};

static const struct customer customers[] = {
    {"BYGG", "Bygg AB", "BAS", 120},
    {"KONSULT", "Konsult AB", "PROF", 400},
};

struct call {
  const char *at;      /* Stockholm local time of the call */
  int customer;        /* index into customers[] */
  const char *user;    /* the caller */
  const char *model;   /* the phone */
  const char *imei14;  /* IMEI without its check digit */
  const char *symptom; /* symptom id of the built-in tree */
  const char *answers; /* the answers to the control questions, in order */
};

static const struct call calls[] = {
    {"2026-11-24T08:12", 0, "Anna Berg", "Fairphone 5", "35209900176148", "network",
     "no,no,yes,yes"},
    {"2026-11-24T08:40", 0, "Olle Lund", "Fairphone 5", "35209900176155", "sync", ""},
    {"2026-11-24T09:15", 0, "Sara Ek", "Fairphone 5", "35209900176163", "screen",
     "no,yes,no,no,no"},
    {"2026-11-24T10:05", 1, "Karin Holm", "iPhone 15", "35391811223344", "screen",
     "no,yes,no,yes"},
    {"2026-11-24T11:30", 1, "Erik Sjö", "iPhone 15", "35391811223351", "screen", "yes,yes"},
    {"2026-11-24T13:59", 1, "Maja Lind", "iPhone 15", "35391811223369", "screen",
     "no,yes,no,no,yes"},
    {"2026-11-24T14:20", 1, "Nils Strand", "iPhone 15", "35391811223377", "screen", "yes,yes"},
    {"2026-11-24T15:45", 1, "Lena Ek", "iPhone 15", "35391811223385", "sync", "yes,mail,yes"},
};

#define NCALLS (sizeof calls / sizeof calls[0])

struct demo {
  struct cli_store s;
  ssvc_catalog *catalog;
  ssvc_diag_tree *tree;
  ssvc_calendar *calendar;
  /* tallies for the summary */
  int solved, referred, swaps, refused;
};

/* The full IMEI: the 14 digits and their Luhn check digit. */
static void imei_with_check(char out[16], const char *d14) {
  int sum = 0;
  for (int i = 0; i < 14; i++) {
    int d = d14[i] - '0';
    if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  memcpy(out, d14, 14);
  out[14] = (char)('0' + (10 - sum % 10) % 10);
  out[15] = '\0';
}

/* Runs the control questions with the scripted answers; the session ends at an outcome. */
static int ask(struct demo *d, const ssvc_tier *tier, const struct call *c,
               ssvc_diag_session **out) {
  if (ssvc_diag_session_new(d->s.ctx, out, d->tree, tier, NULL, c->symptom)) return -1;
  char answers[128];
  snprintf(answers, sizeof answers, "%s", c->answers);
  char *save = NULL;
  for (char *a = strtok_r(answers, ",", &save); a && !ssvc_diag_session_done(*out);
       a = strtok_r(NULL, ",", &save))
    if (ssvc_diag_session_answer(*out, a)) return -1;
  if (!ssvc_diag_session_done(*out)) {
    fprintf(stderr, "smartservice demo: the script for %s at %s ends before an outcome\n",
            c->symptom, c->at);
    return CLI_FAIL;
  }
  return CLI_OK;
}

static int case_outcome(int kind) {
  switch (kind) {
  case SSVC_DIAG_HANDLING_ERROR: return SSVC_CASE_OUTCOME_HANDLING_ERROR;
  case SSVC_DIAG_WORKSHOP: return SSVC_CASE_OUTCOME_WORKSHOP;
  case SSVC_DIAG_DEFINITE_FAULT: return SSVC_CASE_OUTCOME_DEFINITE_FAULT;
  default: return SSVC_CASE_OUTCOME_OUT_OF_SCOPE;
  }
}

/* One call: a case from registration to what the diagnosis decides; prints its lines. Returns 0,
 * -1 when a library call failed (the context holds the message), or CLI_FAIL after printing. */
static int handle_call(struct demo *d, size_t n, const struct call *c) {
  ssvc_ctx *ctx = d->s.ctx;
  const struct customer *cu = &customers[c->customer];
  const ssvc_tier *tier;
  if (ssvc_instant_parse(ctx, &d->s.now, c->at) || ssvc_catalog_find(d->catalog, cu->tier, &tier))
    return -1;

  char imei[16], id[32];
  imei_with_check(imei, c->imei14);
  ssvc_case_spec spec = SSVC_CASE_SPEC_INIT;
  spec.customer_id = cu->id;
  spec.user_name = c->user;
  spec.imei = imei;
  spec.model = c->model;
  spec.tier_code = cu->tier;
  spec.features = ssvc_tier_features(tier);
  spec.symptom = c->symptom;
  spec.actor = "agent-1";
  if (ssvc_case_create(d->s.st, id, &spec) ||
      ssvc_case_transition(d->s.st, id, SSVC_CASE_DIAGNOSING, "agent-1", NULL))
    return -1;

  ssvc_diag_session *session = NULL;
  char transcript[512], what[160];
  int rc = ask(d, tier, c, &session);
  if (rc) goto done;
  rc = -1;
  ssvc_diag_session_transcript(session, transcript, sizeof transcript);
  if (ssvc_case_set_diagnosis(d->s.st, id, case_outcome(ssvc_diag_session_outcome_kind(session)),
                              transcript, "agent-1"))
    goto done;

  switch (ssvc_diag_session_outcome_action(session)) {
  case SSVC_DIAG_ACTION_GUIDANCE:
    if (ssvc_case_transition(d->s.st, id, SSVC_CASE_RESOLVED, "agent-1", NULL) ||
        ssvc_case_transition(d->s.st, id, SSVC_CASE_CLOSED, "agent-1", NULL))
      goto done;
    d->solved++;
    snprintf(what, sizeof what, "handling error, solved on the phone");
    break;
  case SSVC_DIAG_ACTION_WORKSHOP: {
    unsigned int reminders = ssvc_diag_session_outcome_reminders(session);
    int count = 0;
    for (; reminders; reminders &= reminders - 1) count++;
    if (ssvc_case_transition(d->s.st, id, SSVC_CASE_REFERRED, "agent-1",
                             "service registered; service note sent to the user"))
      goto done;
    d->referred++;
    snprintf(what, sizeof what, "referred to the workshop (%d reminders sent)", count);
    break;
  }
  case SSVC_DIAG_ACTION_SWAP_OR_LOAN: {
    ssvc_date counts, delivery;
    char cd[16], dd[16];
    if (ssvc_case_transition(d->s.st, id, SSVC_CASE_SWAP_REQUESTED, "agent-1", NULL) ||
        ssvc_calendar_counts_on(ctx, d->calendar, &counts, d->s.now) ||
        ssvc_calendar_delivery(ctx, d->calendar, &delivery, d->s.now))
      goto done;
    ssvc_date_format(cd, sizeof cd, &counts);
    ssvc_date_format(dd, sizeof dd, &delivery);
    d->swaps++;
    snprintf(what, sizeof what, "definite fault, swap phone requested; counts on %s, delivery %s",
             cd, dd);
    break;
  }
  default: {
    unsigned int missing = ssvc_diag_session_missing_feature(session);
    if (ssvc_case_transition(d->s.st, id, SSVC_CASE_CANCELLED, "agent-1", "out of scope"))
      goto done;
    d->refused++;
    snprintf(what, sizeof what, "out of scope: %s is not in %s",
             ssvc_feature_name(missing, SSVC_LANG_EN), cu->tier);
    break;
  }
  }
  printf("[%zu/%zu] %s %s (%s) %s: %s\n        %s -> %s\n", n, NCALLS, c->at + 11, cu->name,
         cu->tier, id, c->symptom, c->user, what);
  rc = 0;
done:
  ssvc_diag_session_free(session);
  return rc;
}

/* Removes a database file and its WAL companions, so that the day starts from an empty store. */
static int remove_db(const char *path) {
  const char *suffixes[] = {"", "-wal", "-shm"};
  char name[4096];
  for (size_t i = 0; i < 3; i++) {
    snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
    if (unlink(name) != 0 && errno != ENOENT) {
      fprintf(stderr, "smartservice demo: cannot remove %s: %s\n", name, strerror(errno));
      return -1;
    }
  }
  return 0;
}

int cmd_demo(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "demo";
  const char *out_dir = "demo-out", *db = NULL;
  char *pos[1];
  int npos;
  const struct cli_opt opts[] = {{"out", &out_dir, NULL}, {"db", &db, NULL}, {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!db) db = g->db;

  if (mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "smartservice demo: cannot create %s: %s\n", out_dir, strerror(errno));
    return CLI_FAIL;
  }
  char own_db[4096];
  if (!db) {
    snprintf(own_db, sizeof own_db, "%s/demo.db", out_dir);
    if (remove_db(own_db)) return CLI_FAIL;
    db = own_db;
  }

  /* The day runs on a fixed clock that each call moves forward. */
  struct cli_global dg = *g;
  dg.db = db;
  struct demo d;
  memset(&d, 0, sizeof d);
  /* 2026-11-24T07:00:00+01:00, before the first call */
  if ((rc = cli_store_open_at(cmd, &dg, &d.s, 1795507200))) return rc;
  ssvc_ctx *ctx = d.s.ctx;
  rc = CLI_FAIL;
  if (ssvc_catalog_new(ctx, &d.catalog) || ssvc_diag_tree_load_default(ctx, &d.tree) ||
      ssvc_calendar_new(ctx, &d.calendar, NULL))
    goto fail;

  printf("Smartservice demo: a Support Center day, libsmartservice %s\n", ssvc_version());
  printf("Database: %s\n\nCustomers:\n", db);
  for (size_t i = 0; i < sizeof customers / sizeof customers[0]; i++) {
    const ssvc_tier *t;
    char price[32];
    uint32_t spares = 0;
    if (ssvc_catalog_find(d.catalog, customers[i].tier, &t)) goto fail;
    ssvc_money_format(price, sizeof price, ssvc_tier_price(t) * (int64_t)customers[i].fleet,
                      ssvc_tier_currency(t));
    printf("  %-10s %-4s %4u phones, %s a month", customers[i].name, customers[i].tier,
           customers[i].fleet, price);
    if (ssvc_tier_has(t, SSVC_FEATURE_SWAP_ACTIVATION)) {
      if (ssvc_swap_size_rule(ctx, &spares, customers[i].fleet, SSVC_SWAP_DEFAULT_BASIS_POINTS))
        goto fail;
      printf(", SWAP stock of %u phones (8%% rule)", spares);
    }
    printf("\n");
  }

  printf("\nCalls on Tuesday 24 November 2026 (cut-off 14:00):\n");
  for (size_t i = 0; i < NCALLS; i++) {
    rc = handle_call(&d, i + 1, &calls[i]);
    if (rc < 0) goto fail;
    if (rc) goto done;
  }

  printf("\nSummary: %zu calls: %d solved on the phone, %d referred to the workshop, %d swap "
         "phones requested, %d out of scope.\n",
         NCALLS, d.solved, d.referred, d.swaps, d.refused);
  printf("Wrote: %s\n", db);
  rc = CLI_OK;
  goto done;
fail:
  rc = cli_fail(cmd, ctx);
done:
  ssvc_calendar_free(d.calendar);
  ssvc_diag_tree_free(d.tree);
  ssvc_catalog_free(d.catalog);
  return cli_store_close(&d.s, rc);
}
