/* The diagnosis of a case (ssvc_case_diagnose, ssvc_case_apply_outcome): the transcript checked
 * against the tree that asked it, each outcome's action (closed, referred with the reminders, a
 * swap order reserved or backordered, closed out of scope), every refusal with its words, and
 * both operations under storage and allocation faults on memory and SQLite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smartservice.h>

#include "fixtures.h"
#include "fresh_store.h"
#include "store_fault.h"

/* Two symptoms: a screen (every outcome but out of scope) and mail (a sync question, out of scope
 * on BAS). */
static const char tree_xml[] =
    "<diagnosis version=\"1\">\n"
    "<symptom id=\"screen\" start=\"q-screen\" sv=\"Skärmen\" en=\"The screen\"/>\n"
    "<symptom id=\"mail\" start=\"q-mail\" sv=\"E-post\" en=\"Mail\"/>\n"
    "<question id=\"q-screen\"><sv>Sprucken?</sv><en>Cracked?</en>\n"
    "  <answer value=\"yes\" next=\"o-swap\" sv=\"Ja\" en=\"Yes\"/>\n"
    "  <answer value=\"no\" next=\"q-black\" sv=\"Nej\" en=\"No\"/></question>\n"
    "<question id=\"q-black\"><sv>Svart?</sv><en>Black?</en>\n"
    "  <answer value=\"yes\" next=\"o-workshop\" sv=\"Ja\" en=\"Yes\"/>\n"
    "  <answer value=\"no\" next=\"o-solved\" sv=\"Nej\" en=\"No\"/></question>\n"
    "<question id=\"q-mail\" feature=\"sync\"><sv>Webben?</sv><en>The web?</en>\n"
    "  <answer value=\"yes\" next=\"o-solved\" sv=\"Ja\" en=\"Yes\"/></question>\n"
    "<outcome id=\"o-swap\" kind=\"definite-fault\" reminders=\"remove-sim backup\">"
    "<sv>Byt.</sv><en>Swap.</en></outcome>\n"
    "<outcome id=\"o-workshop\" kind=\"workshop\" reminders=\"service-note return-label\">"
    "<sv>Verkstad.</sv><en>Workshop.</en></outcome>\n"
    "<outcome id=\"o-solved\" kind=\"handling-error\"><sv>Löst.</sv><en>Solved.</en></outcome>\n"
    "</diagnosis>\n";

#define SOLVED "screen:q-screen=no,q-black=no"
#define WORKSHOP "screen:q-screen=no,q-black=yes"
#define FAULT "screen:q-screen=yes"
#define MAIL "mail:"

/* The tree, loaded once on its own context: a loaded tree may serve sessions of any context. */
static ssvc_ctx *tree_ctx;
static ssvc_diag_tree *tree;

static int load_tree(void **state) {
  (void)state;
  if (ssvc_ctx_new(&tree_ctx, NULL) ||
      ssvc_diag_tree_load_memory(tree_ctx, &tree, tree_xml, sizeof tree_xml - 1, NULL))
    return -1;
  return 0;
}

static int free_tree(void **state) {
  (void)state;
  ssvc_diag_tree_free(tree);
  ssvc_ctx_free(tree_ctx);
  return 0;
}

/* A new IMEI for every case (a phone has one open case). */
static const char *next_imei(void) {
  static int n = 900;
  return fixture_imei(n++);
}

/* A case of @p customer (its agreement on @p tier made first), moved to diagnosing. */
static void diagnosing_case(ssvc_store *st, char *id, const char *customer, const char *tier) {
  fixture_case(st, id, customer, tier, next_imei());
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
}

/* ACME on PROF with one Fairphone 5 in its stock, BYGG on BAS. */
static void customers(ssvc_store *st) {
  fixture_agreement(st, "ACME", "PROF", 400, 0, 0);
  fixture_agreement(st, "BYGG", "BAS", 120, 0, 0);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(1), "Fairphone 5", "lead", NULL),
                   SSVC_OK);
}

static ssvc_case_info info_of(ssvc_store *st, const char *id, ssvc_case **c) {
  assert_int_equal(ssvc_case_load(st, c, id), SSVC_OK);
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(*c, &i), SSVC_OK);
  return i;
}

/* The note of the last event of kind @p kind (state changes: the one into @p to). */
static void assert_note(ssvc_store *st, const char *id, int kind, int to, const char *want) {
  ssvc_case *c;
  ssvc_case_info i = info_of(st, id, &c);
  const char *got = NULL;
  for (size_t k = 0; k < i.event_count; k++) {
    ssvc_case_event e = SSVC_CASE_EVENT_INIT;
    assert_int_equal(ssvc_case_event_at(c, k, &e), SSVC_OK);
    if (e.kind == kind && (kind != SSVC_CASE_EVENT_STATE || e.to_state == to)) got = e.note;
  }
  assert_non_null(got);
  assert_string_equal(got, want);
  ssvc_case_free(c);
}

static int diagnose(ssvc_store *st, ssvc_case_diag_result *r, ssvc_order *o, const char *id,
                    const char *transcript, unsigned int flags) {
  return ssvc_case_diagnose(st, r, o, id, tree, transcript, "agent-7", flags);
}

static void each_outcome_is_applied(void **state) {
  struct fx *f = *state;
  customers(f->st);
  char id[SSVC_CASE_ID_SIZE], note[160];
  ssvc_case_diag_result r = SSVC_CASE_DIAG_RESULT_INIT;
  ssvc_order o = SSVC_ORDER_INIT;

  /* A handling error: solved on the phone, resolved and closed. */
  diagnosing_case(f->st, id, "ACME", "PROF");
  assert_int_equal(diagnose(f->st, &r, &o, id, SOLVED, SSVC_CASE_DIAGNOSE_APPLY), SSVC_OK);
  assert_int_equal(r.outcome, SSVC_CASE_OUTCOME_HANDLING_ERROR);
  assert_string_equal(r.outcome_id, "o-solved");
  assert_string_equal(r.tree, ssvc_diag_tree_fingerprint(tree));
  assert_int_equal(strlen(r.tree), 16);
  assert_int_equal(r.applied, 1);
  assert_int_equal(r.action, SSVC_DIAG_ACTION_GUIDANCE);
  assert_int_equal(r.state, SSVC_CASE_CLOSED);
  assert_int_equal(r.order_state, 0);
  assert_int_equal(r.reminders, 0);
  assert_string_equal(o.case_id, ""); /* no order: untouched */
  ssvc_case *c;
  ssvc_case_info i = info_of(f->st, id, &c);
  assert_int_equal(i.state, SSVC_CASE_CLOSED);
  assert_int_equal(i.outcome, SSVC_CASE_OUTCOME_HANDLING_ERROR);
  assert_string_equal(i.transcript, SOLVED);
  ssvc_case_free(c);
  snprintf(note, sizeof note, "handling-error o-solved; tree %s", r.tree);
  assert_note(f->st, id, SSVC_CASE_EVENT_DIAGNOSIS, 0, note);
  assert_note(f->st, id, SSVC_CASE_EVENT_STATE, SSVC_CASE_RESOLVED,
              "solved on the phone (o-solved)");

  /* Workshop: referred, with the outcome's reminders. */
  diagnosing_case(f->st, id, "ACME", "PROF");
  assert_int_equal(diagnose(f->st, &r, NULL, id, WORKSHOP, SSVC_CASE_DIAGNOSE_APPLY), SSVC_OK);
  assert_int_equal(r.action, SSVC_DIAG_ACTION_WORKSHOP);
  assert_int_equal(r.state, SSVC_CASE_REFERRED);
  assert_int_equal(r.reminders, SSVC_DIAG_REMIND_SERVICE_NOTE | SSVC_DIAG_REMIND_RETURN_LABEL);
  assert_note(f->st, id, SSVC_CASE_EVENT_STATE, SSVC_CASE_REFERRED,
              "referred to the service workshop (o-workshop); registration help: service-note, "
              "return-label");

  /* A definite fault on PROF: a phone of the stock reserved, then a backorder. */
  diagnosing_case(f->st, id, "ACME", "PROF");
  assert_int_equal(diagnose(f->st, &r, &o, id, FAULT, SSVC_CASE_DIAGNOSE_APPLY), SSVC_OK);
  assert_int_equal(r.action, SSVC_DIAG_ACTION_SWAP_OR_LOAN);
  assert_int_equal(r.state, SSVC_CASE_SWAP_REQUESTED);
  assert_int_equal(r.order_state, SSVC_ORDER_RESERVED);
  assert_int_equal(r.reminders, SSVC_DIAG_REMIND_REMOVE_SIM | SSVC_DIAG_REMIND_BACKUP);
  assert_string_equal(o.case_id, id);
  assert_string_equal(o.imei, fixture_imei(1));
  /* A caller built against version 1 of ssvc_order: nothing is written past its struct. */
  diagnosing_case(f->st, id, "ACME", "PROF");
  struct {
    ssvc_order o;
    unsigned char guard[64];
  } v1;
  memset(&v1, 0xAB, sizeof v1);
  v1.o.version = 1;
  assert_int_equal(diagnose(f->st, &r, &v1.o, id, FAULT, SSVC_CASE_DIAGNOSE_APPLY), SSVC_OK);
  assert_int_equal(r.order_state, SSVC_ORDER_BACKORDERED);
  assert_int_equal(v1.o.version, 1);
  assert_int_equal(v1.o.state, SSVC_ORDER_BACKORDERED);
  assert_string_equal(v1.o.case_id, id);
  const unsigned char *tail = (const unsigned char *)&v1.o + offsetof(ssvc_order, promised);
  for (size_t k = 0; k < sizeof v1.o - offsetof(ssvc_order, promised); k++)
    assert_int_equal(tail[k], 0xAB);

  /* A definite fault on BAS (no SWAP activation): referred, with the reminders. */
  diagnosing_case(f->st, id, "BYGG", "BAS");
  memset(&o, 0, sizeof o);
  o.version = SSVC_ORDER_VERSION;
  assert_int_equal(diagnose(f->st, &r, &o, id, FAULT, SSVC_CASE_DIAGNOSE_APPLY), SSVC_OK);
  assert_int_equal(r.outcome, SSVC_CASE_OUTCOME_DEFINITE_FAULT);
  assert_int_equal(r.action, SSVC_DIAG_ACTION_WORKSHOP);
  assert_int_equal(r.state, SSVC_CASE_REFERRED);
  assert_int_equal(r.order_state, 0);
  assert_string_equal(o.case_id, "");
  assert_note(f->st, id, SSVC_CASE_EVENT_STATE, SSVC_CASE_REFERRED,
              "definite fault (o-swap); tier BAS has no SWAP activation: referred to the service "
              "workshop; registration help: remove-sim, backup");
  ssvc_order none = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_order_get(f->st, &none, id), SSVC_ENOTFOUND);

  /* Out of scope on BAS: closed, the missing feature named. */
  diagnosing_case(f->st, id, "BYGG", "BAS");
  assert_int_equal(diagnose(f->st, &r, NULL, id, MAIL, SSVC_CASE_DIAGNOSE_APPLY), SSVC_OK);
  assert_int_equal(r.outcome, SSVC_CASE_OUTCOME_OUT_OF_SCOPE);
  assert_string_equal(r.outcome_id, "out-of-scope:sync");
  assert_int_equal(r.missing_feature, SSVC_FEATURE_SYNC);
  assert_int_equal(r.action, SSVC_DIAG_ACTION_NONE);
  assert_int_equal(r.state, SSVC_CASE_CLOSED);
  snprintf(note, sizeof note, "out of scope: sync (%s) is not in tier BAS",
           ssvc_feature_name(SSVC_FEATURE_SYNC, SSVC_LANG_EN));
  assert_note(f->st, id, SSVC_CASE_EVENT_STATE, SSVC_CASE_CLOSED, note);
  /* The same symptom on PROF is in scope. */
  diagnosing_case(f->st, id, "ACME", "PROF");
  assert_int_equal(diagnose(f->st, &r, NULL, id, MAIL, 0), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_diagnose: SC-2026-000007: transcript: ends after step 0 before "
                      "an outcome (question 'q-mail' is next)");
  assert_int_equal(diagnose(f->st, &r, NULL, id, "mail:q-mail=yes", SSVC_CASE_DIAGNOSE_APPLY),
                   SSVC_OK);
  assert_int_equal(r.state, SSVC_CASE_CLOSED);
}

static void record_then_apply(void **state) {
  struct fx *f = *state;
  customers(f->st);
  char id[SSVC_CASE_ID_SIZE];
  ssvc_case_diag_result r;
  assert_int_equal(ssvc_case_diag_result_init(&r, SSVC_CASE_DIAG_RESULT_VERSION), SSVC_OK);
  assert_int_equal(ssvc_case_diag_result_init(&r, 2), SSVC_EVERSION);
  assert_int_equal(ssvc_case_diag_result_init(NULL, 1), SSVC_EINVAL);

  /* Recorded only: the case stays diagnosing until the outcome is applied. */
  diagnosing_case(f->st, id, "ACME", "PROF");
  assert_int_equal(diagnose(f->st, &r, NULL, id, WORKSHOP, 0), SSVC_OK);
  assert_int_equal(r.applied, 0);
  assert_int_equal(r.state, SSVC_CASE_DIAGNOSING);
  assert_int_equal(r.outcome, SSVC_CASE_OUTCOME_WORKSHOP);
  /* Recorded twice: the second replaces the first while the case is diagnosing. */
  assert_int_equal(diagnose(f->st, &r, NULL, id, SOLVED, 0), SSVC_OK);
  assert_int_equal(ssvc_case_apply_outcome(f->st, &r, NULL, id, tree, "agent-8"), SSVC_OK);
  assert_int_equal(r.applied, 1);
  assert_string_equal(r.outcome_id, "o-solved");
  assert_int_equal(r.state, SSVC_CASE_CLOSED);
  /* Applied once: the case is no longer diagnosing. */
  assert_int_equal(ssvc_case_apply_outcome(f->st, &r, NULL, id, tree, "agent-8"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_apply_outcome: SC-2026-000001: the case is closed, not "
                      "diagnosing");

  /* Without the tree, a referral gives every R3 reminder and the outcome id is not known. */
  diagnosing_case(f->st, id, "BYGG", "BAS");
  assert_int_equal(diagnose(f->st, NULL, NULL, id, FAULT, 0), SSVC_OK);
  assert_int_equal(ssvc_case_apply_outcome(f->st, &r, NULL, id, NULL, "agent-8"), SSVC_OK);
  assert_string_equal(r.outcome_id, "");
  assert_string_equal(r.tree, "");
  assert_int_equal(r.reminders, SSVC_DIAG_REMIND_ALL);
  assert_int_equal(r.state, SSVC_CASE_REFERRED);

  /* An outcome recorded by hand that the tree does not give is refused. */
  diagnosing_case(f->st, id, "ACME", "PROF");
  assert_int_equal(ssvc_case_set_diagnosis(f->st, id, SSVC_CASE_OUTCOME_DEFINITE_FAULT, WORKSHOP,
                                           "agent-7"),
                   SSVC_OK);
  assert_int_equal(ssvc_case_apply_outcome(f->st, &r, NULL, id, tree, "agent-8"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_apply_outcome: SC-2026-000003: transcript: gives the outcome "
                      "workshop on this tree, the case records definite-fault");
  /* Nothing recorded: nothing to apply. */
  diagnosing_case(f->st, id, "ACME", "PROF");
  assert_int_equal(ssvc_case_apply_outcome(f->st, &r, NULL, id, NULL, "agent-8"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_apply_outcome: SC-2026-000004: no diagnosis is recorded to apply");
}

/* Every refusal names what is wrong and changes nothing. */
static void refusals(void **state) {
  struct fx *f = *state;
  customers(f->st);
  char id[SSVC_CASE_ID_SIZE];
  fixture_case(f->st, id, "ACME", "PROF", next_imei());
  ssvc_case_diag_result r = SSVC_CASE_DIAG_RESULT_INIT;
  static const struct {
    const char *transcript;
    int rc;
    const char *msg;
  } bad[] = {
      {FAULT, SSVC_ESTATE, "ssvc_case_diagnose: SC-2026-000001: the case is registered, not "
                           "diagnosing"},
      {NULL, 0, NULL}, /* the case goes to diagnosing here */
      {"screen:q-screen=no,q-black=purple", SSVC_EINVAL,
       "ssvc_case_diagnose: SC-2026-000001: transcript: step 2: 'purple' is not an answer to "
       "'q-black'"},
      {"screen:q-black=yes", SSVC_EINVAL,
       "ssvc_case_diagnose: SC-2026-000001: transcript: step 1: question 'q-black' is not the one "
       "asked here ('q-screen')"},
      {"screen:q-screen=no", SSVC_EINVAL,
       "ssvc_case_diagnose: SC-2026-000001: transcript: ends after step 1 before an outcome "
       "(question 'q-black' is next)"},
      {"screen:q-screen=yes,q-black=no", SSVC_EINVAL,
       "ssvc_case_diagnose: SC-2026-000001: transcript: step 2 ('q-black=no') follows the outcome "
       "'o-swap'"},
      {"tv:", SSVC_EINVAL, "ssvc_case_diagnose: SC-2026-000001: transcript: no symptom 'tv'"},
      {"screen", SSVC_EINVAL,
       "ssvc_case_diagnose: SC-2026-000001: transcript: expected 'SYMPTOM:QUESTION=ANSWER,...'"},
      {"", SSVC_EINVAL, "ssvc_case_diagnose: transcript: must be given"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    if (!bad[k].transcript) {
      assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), 0);
      continue;
    }
    ssvc_case *c;
    ssvc_case_info i = info_of(f->st, id, &c);
    size_t events = i.event_count;
    ssvc_case_free(c);
    assert_int_equal(diagnose(f->st, &r, NULL, id, bad[k].transcript, SSVC_CASE_DIAGNOSE_APPLY),
                     bad[k].rc);
    assert_string_equal(ssvc_ctx_errmsg(f->ctx), bad[k].msg);
    i = info_of(f->st, id, &c);
    assert_int_equal(i.event_count, events);
    assert_int_equal(i.outcome, SSVC_CASE_OUTCOME_NONE);
    ssvc_case_free(c);
  }
  assert_int_equal(r.outcome, 0); /* untouched */
  /* Arguments. */
  assert_int_equal(ssvc_case_diagnose(NULL, NULL, NULL, id, tree, FAULT, "a", 0), SSVC_EINVAL);
  assert_int_equal(ssvc_case_diagnose(f->st, NULL, NULL, id, NULL, FAULT, "a", 0), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_case_diagnose: tree must not be NULL");
  assert_int_equal(ssvc_case_diagnose(f->st, NULL, NULL, id, tree, FAULT, "a", 4), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_case_diagnose: flags: unknown bits 0x4");
  assert_int_equal(ssvc_case_diagnose(f->st, NULL, NULL, NULL, tree, FAULT, "a", 0), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_case_diagnose: case_id must not be NULL");
  assert_int_equal(ssvc_case_diagnose(f->st, NULL, NULL, id, tree, FAULT, "", 0), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_case_diagnose: actor: must be given");
  assert_int_equal(ssvc_case_diagnose(f->st, NULL, NULL, "SC-2026-000099", tree, FAULT, "a", 0),
                   SSVC_ENOTFOUND);
  r.version = 0;
  assert_int_equal(ssvc_case_diagnose(f->st, &r, NULL, id, tree, FAULT, "a", 0), SSVC_EVERSION);
  ssvc_order o = SSVC_ORDER_INIT;
  o.version = 9;
  assert_int_equal(ssvc_case_apply_outcome(f->st, NULL, &o, id, NULL, "a"), SSVC_EVERSION);
  assert_int_equal(ssvc_case_apply_outcome(NULL, NULL, NULL, id, NULL, "a"), SSVC_EINVAL);
  assert_int_equal(ssvc_case_apply_outcome(f->st, NULL, NULL, NULL, NULL, "a"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_apply_outcome: case_id must not be NULL");
  assert_string_equal(ssvc_diag_tree_fingerprint(NULL), "");

}

/* A custom tier (kundunik) decides out of scope by its own features, named by its own code. */
static void custom_tier_decides_scope(void **state) {
  struct fx *f = *state;
  ssvc_tier_spec gold = SSVC_TIER_SPEC_INIT;
  gold.code = "GOLD";
  gold.name_sv = "Guld";
  gold.features = SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_REGISTRATION | SSVC_FEATURE_PHONE_HELP |
                  SSVC_FEATURE_SWAP_ADMIN | SSVC_FEATURE_SWAP_ACTIVATION; /* no sync */
  gold.price_minor = 2500;
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  a.customer_id = "KUND";
  a.customer_name = "Kund AB";
  a.tier_code = "GOLD";
  a.custom_tier = &gold;
  a.fleet = 10;
  assert_int_equal(ssvc_agreement_create(f->st, &a, "lead"), SSVC_OK);
  ssvc_case_spec cs = SSVC_CASE_SPEC_INIT;
  cs.customer_id = "KUND";
  cs.user_name = "Anna";
  cs.imei = next_imei();
  cs.model = "Fairphone 5";
  cs.tier_code = "GOLD";
  cs.features = gold.features;
  cs.actor = "agent";
  char id[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_case_create(f->st, id, &cs), SSVC_OK);
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
  ssvc_case_diag_result r = SSVC_CASE_DIAG_RESULT_INIT;
  assert_int_equal(diagnose(f->st, &r, NULL, id, MAIL, SSVC_CASE_DIAGNOSE_APPLY), SSVC_OK);
  assert_int_equal(r.missing_feature, SSVC_FEATURE_SYNC);
  char note[160];
  snprintf(note, sizeof note, "out of scope: sync (%s) is not in tier GOLD",
           ssvc_feature_name(SSVC_FEATURE_SYNC, SSVC_LANG_EN));
  assert_note(f->st, id, SSVC_CASE_EVENT_STATE, SSVC_CASE_CLOSED, note);
}

/* Inside a caller's transaction the diagnosis and its actions join it: a rollback undoes all. */
static void joins_the_callers_transaction(void **state) {
  struct fx *f = *state;
  customers(f->st);
  char id[SSVC_CASE_ID_SIZE];
  diagnosing_case(f->st, id, "ACME", "PROF");
  assert_int_equal(ssvc_store_begin(f->st), SSVC_OK);
  assert_int_equal(diagnose(f->st, NULL, NULL, id, FAULT, SSVC_CASE_DIAGNOSE_APPLY), SSVC_OK);
  assert_int_equal(ssvc_store_rollback(f->st), SSVC_OK);
  ssvc_case *c;
  ssvc_case_info i = info_of(f->st, id, &c);
  assert_int_equal(i.state, SSVC_CASE_DIAGNOSING);
  assert_int_equal(i.outcome, SSVC_CASE_OUTCOME_NONE);
  ssvc_case_free(c);
  ssvc_unit u = SSVC_UNIT_INIT;
  assert_int_equal(ssvc_swap_unit_get(f->st, &u, "ACME", fixture_imei(1)), SSVC_OK);
  assert_int_equal(u.state, SSVC_UNIT_AVAILABLE);
}

/* The fingerprint is the document's: the same bytes give the same one, an edit another. */
static void fingerprint_names_the_document(void **state) {
  (void)state;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  ssvc_diag_tree *a, *b, *d1, *d2;
  char edited[sizeof tree_xml];
  memcpy(edited, tree_xml, sizeof tree_xml);
  char *p = strstr(edited, "Cracked?");
  assert_non_null(p);
  p[0] = 'c';
  assert_int_equal(ssvc_diag_tree_load_memory(ctx, &a, tree_xml, sizeof tree_xml - 1, NULL), 0);
  assert_int_equal(ssvc_diag_tree_load_memory(ctx, &b, edited, sizeof edited - 1, NULL), 0);
  assert_int_equal(ssvc_diag_tree_load_default(ctx, &d1), 0);
  assert_int_equal(ssvc_diag_tree_load_default(ctx, &d2), 0);
  assert_string_equal(ssvc_diag_tree_fingerprint(a), ssvc_diag_tree_fingerprint(tree));
  assert_string_not_equal(ssvc_diag_tree_fingerprint(a), ssvc_diag_tree_fingerprint(b));
  assert_string_equal(ssvc_diag_tree_fingerprint(d1), ssvc_diag_tree_fingerprint(d2));
  assert_int_equal(strspn(ssvc_diag_tree_fingerprint(d1), "0123456789abcdef"), 16);
  ssvc_diag_tree_free(a);
  ssvc_diag_tree_free(b);
  ssvc_diag_tree_free(d1);
  ssvc_diag_tree_free(d2);
  ssvc_ctx_free(ctx);
}

/* ---- Both operations under storage and allocation faults ---- */

static const char *const C1 = "SC-2026-000001", *const C2 = "SC-2026-000002";

/* ACME (PROF, one phone) and BYGG (BAS); C1 of ACME and C2 of BYGG diagnosing. */
static void *fx_cases(ssvc_store *st) {
  char id[SSVC_CASE_ID_SIZE];
  customers(st);
  diagnosing_case(st, id, "ACME", "PROF");
  diagnosing_case(st, id, "BYGG", "BAS");
  return NULL;
}
/* The same with C1's definite fault recorded. */
static void *fx_recorded(ssvc_store *st) {
  fx_cases(st);
  assert_int_equal(ssvc_case_diagnose(st, NULL, NULL, C1, tree, FAULT, "a", 0), SSVC_OK);
  return NULL;
}
static int op_swap(ssvc_store *st, void *u) {
  (void)u;
  ssvc_order o = SSVC_ORDER_INIT;
  return ssvc_case_diagnose(st, NULL, &o, C1, tree, FAULT, "a", SSVC_CASE_DIAGNOSE_APPLY);
}
static int op_solved(ssvc_store *st, void *u) {
  (void)u;
  ssvc_case_diag_result r = SSVC_CASE_DIAG_RESULT_INIT;
  return ssvc_case_diagnose(st, &r, NULL, C2, tree, SOLVED, "a", SSVC_CASE_DIAGNOSE_APPLY);
}
static int op_out_of_scope(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_case_diagnose(st, NULL, NULL, C2, tree, MAIL, "a", SSVC_CASE_DIAGNOSE_APPLY);
}
static int op_record(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_case_diagnose(st, NULL, NULL, C2, tree, WORKSHOP, "a", 0);
}
static int op_apply(ssvc_store *st, void *u) {
  (void)u;
  ssvc_order o = SSVC_ORDER_INIT;
  return ssvc_case_apply_outcome(st, NULL, &o, C1, tree, "a");
}

static const struct store_op ops[] = {
    {"ssvc_case_diagnose (swap)", fx_cases, op_swap, NULL},
    {"ssvc_case_diagnose (solved)", fx_cases, op_solved, NULL},
    {"ssvc_case_diagnose (out of scope)", fx_cases, op_out_of_scope, NULL},
    {"ssvc_case_diagnose (record)", fx_cases, op_record, NULL},
    {"ssvc_case_apply_outcome", fx_recorded, op_apply, NULL},
};

STORE_FAULT_TEST_FUNCTIONS(ops, FAULT_STORAGE, "test_case_diagnose")

static void allocation_faults_on_sqlite(void **state) {
  (void)state;
  fresh_sqlite_begin(SSVC_TEST_TMP, "test_case_diagnose");
  assert_true(fault_every_store_alloc(&ops[0]) > 0);
  assert_true(fault_every_store_alloc(&ops[4]) > 0);
  fresh_store_end();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(each_outcome_is_applied, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(record_then_apply, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(refusals, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(custom_tier_decides_scope, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(joins_the_callers_transaction, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test(fingerprint_names_the_document),
      STORE_FAULT_TESTS,
      cmocka_unit_test(allocation_faults_on_sqlite),
  };
  return cmocka_run_group_tests(tests, load_tree, free_tree);
}
