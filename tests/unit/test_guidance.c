/* How-to guidance (guidance.h): the built-in guidance tree (its topics, areas and languages, every
 * "not solved" leading to a symptom of the fault tree), guidance trees loaded from text with
 * their refusals, the tier gate on a topic, and the guidance a case records (ssvc_case_guide)
 * with its refusals and under storage and allocation faults on memory and SQLite. */
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

static ssvc_ctx *new_ctx(void) {
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  return ctx;
}

static void no_empty_text(void *ud, const char *id, int lang, const char *text) {
  (void)lang;
  if (!text || !*text) fail_msg("'%s' has an empty text", id);
  (*(size_t *)ud)++;
}

/* At least 30 topics in Swedish and English, each of one area; every area has topics. */
static void builtin_topics(void **state) {
  (void)state;
  ssvc_ctx *ctx = new_ctx();
  ssvc_diag_tree *g, *d;
  assert_int_equal(ssvc_guide_tree_load_default(ctx, &g), SSVC_OK);
  assert_int_equal(ssvc_diag_tree_load_default(ctx, &d), SSVC_OK);
  assert_int_equal(ssvc_diag_tree_kind(g), SSVC_DIAG_TREE_GUIDANCE);
  assert_int_equal(ssvc_diag_tree_kind(d), SSVC_DIAG_TREE_FAULTS);
  assert_int_equal(ssvc_diag_tree_kind(NULL), -1);
  size_t n = ssvc_diag_tree_symptom_count(g), per_area[3] = {0, 0, 0};
  assert_true(n >= 30);
  for (size_t i = 0; i < n; i++) {
    unsigned f = ssvc_diag_tree_symptom_feature(g, i);
    assert_true(f == SSVC_FEATURE_PHONE_HELP || f == SSVC_FEATURE_OS_HELP || f == SSVC_FEATURE_SYNC);
    per_area[f == SSVC_FEATURE_PHONE_HELP ? 0 : f == SSVC_FEATURE_OS_HELP ? 1 : 2]++;
    assert_non_null(ssvc_diag_tree_symptom_label(g, i, SSVC_LANG_SV));
    assert_non_null(ssvc_diag_tree_symptom_label(g, i, SSVC_LANG_EN));
  }
  assert_true(per_area[0] >= 8 && per_area[1] >= 8 && per_area[2] >= 8);
  assert_int_equal(ssvc_diag_tree_symptom_feature(d, 0), 0);
  assert_int_equal(ssvc_diag_tree_symptom_feature(g, n), 0);
  size_t texts = 0;
  assert_true(ssvc_diag_tree_foreach_text(g, no_empty_text, &texts) > 0);
  assert_true(texts > 4 * n);
  assert_string_equal(ssvc_guide_result_key(SSVC_GUIDE_NOT_SOLVED), "not-solved");
  assert_null(ssvc_guide_result_key(3));
  ssvc_diag_tree_free(g);
  ssvc_diag_tree_free(d);
  ssvc_ctx_free(ctx);
}

/* Every topic answered "yes" throughout ends solved; "no" at its first step ends not solved, and
 * names a symptom of the built-in fault tree where diagnosis goes on. */
static void every_topic_ends_solved_or_in_diagnosis(void **state) {
  (void)state;
  ssvc_ctx *ctx = new_ctx();
  ssvc_catalog *cat;
  const ssvc_tier *prof;
  ssvc_diag_tree *g, *d;
  assert_int_equal(ssvc_catalog_new(ctx, &cat), SSVC_OK);
  assert_int_equal(ssvc_catalog_find(cat, "PROF", &prof), SSVC_OK);
  assert_int_equal(ssvc_guide_tree_load_default(ctx, &g), SSVC_OK);
  assert_int_equal(ssvc_diag_tree_load_default(ctx, &d), SSVC_OK);
  for (size_t i = 0; i < ssvc_diag_tree_symptom_count(g); i++) {
    const char *topic = ssvc_diag_tree_symptom_id(g, i);
    ssvc_diag_session *s;
    assert_int_equal(ssvc_diag_session_new(ctx, &s, g, prof, NULL, topic), SSVC_OK);
    while (!ssvc_diag_session_done(s)) assert_int_equal(ssvc_diag_session_answer(s, "yes"), 0);
    assert_int_equal(ssvc_guide_session_result(s), SSVC_GUIDE_SOLVED);
    assert_int_equal(ssvc_diag_session_outcome_kind(s), SSVC_DIAG_HANDLING_ERROR);
    assert_null(ssvc_guide_session_diagnose(s));
    ssvc_diag_session_free(s);
    assert_int_equal(ssvc_diag_session_new(ctx, &s, g, prof, NULL, topic), SSVC_OK);
    assert_int_equal(ssvc_guide_session_result(s), SSVC_GUIDE_NONE);
    assert_int_equal(ssvc_diag_session_answer(s, "no"), SSVC_OK);
    assert_int_equal(ssvc_guide_session_result(s), SSVC_GUIDE_NOT_SOLVED);
    assert_int_equal(ssvc_diag_session_outcome_action(s), SSVC_DIAG_ACTION_NONE);
    const char *dx = ssvc_guide_session_diagnose(s);
    assert_non_null(dx);
    ssvc_diag_session *f;
    if (ssvc_diag_session_new(ctx, &f, d, prof, NULL, dx))
      fail_msg("topic '%s': '%s' is no symptom of the fault tree", topic, dx);
    ssvc_diag_session_free(f);
    ssvc_diag_session_free(s);
  }
  ssvc_diag_tree_free(g);
  ssvc_diag_tree_free(d);
  ssvc_catalog_free(cat);
  ssvc_ctx_free(ctx);
}

/* A topic of an area the tier lacks is refused in words that name it; BAS has no sync. */
static void tier_gates_the_topic(void **state) {
  (void)state;
  ssvc_ctx *ctx = new_ctx();
  ssvc_catalog *cat;
  const ssvc_tier *bas, *bare;
  ssvc_diag_tree *g;
  ssvc_diag_session *s;
  assert_int_equal(ssvc_catalog_new(ctx, &cat), SSVC_OK);
  assert_int_equal(ssvc_catalog_find(cat, "BAS", &bas), SSVC_OK);
  ssvc_tier_spec spec = SSVC_TIER_SPEC_INIT;
  spec.code = "BARE";
  spec.name_sv = "Bara diagnos";
  spec.features = SSVC_FEATURE_DIAGNOSIS;
  assert_int_equal(ssvc_catalog_add(cat, &spec, &bare), SSVC_OK);
  assert_int_equal(ssvc_guide_tree_load_default(ctx, &g), SSVC_OK);
  assert_int_equal(ssvc_diag_session_new(ctx, &s, g, bas, NULL, "mail-account"),
                   SSVC_ENOTENTITLED);
  assert_null(s);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_diag_session_new: topic 'mail-account' is in the area Sync & e-mail, "
                      "contacts, calendar (sync), which tier BAS does not include");
  assert_int_equal(ssvc_diag_session_new(ctx, &s, g, bas, NULL, "passcode"), SSVC_OK);
  ssvc_diag_session_free(s);
  assert_int_equal(ssvc_diag_session_new(ctx, &s, g, bare, NULL, "os-update"), SSVC_ENOTENTITLED);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "(os-help), which tier BARE does not include"));
  assert_int_equal(ssvc_diag_session_new(ctx, &s, g, bas, NULL, "no-such-topic"), SSVC_ENOTFOUND);
  ssvc_diag_tree_free(g);
  ssvc_catalog_free(cat);
  ssvc_ctx_free(ctx);
}

#define GUIDE_HEAD "<diagnosis version=\"1\" kind=\"guidance\">\n"
#define TOPIC "<symptom id=\"t\" feature=\"sync\" start=\"q\" sv=\"Ämne\" en=\"Topic\"/>\n"
#define STEP                                                                                  \
  "<question id=\"q\"><sv>Gick det?</sv><en>Did it work?</en>\n"                              \
  "<answer value=\"yes\" next=\"ok\" sv=\"Ja\" en=\"Yes\"/>"                                  \
  "<answer value=\"no\" next=\"nok\" sv=\"Nej\" en=\"No\"/></question>\n"
#define SOLVED "<outcome id=\"ok\" kind=\"solved\"><sv>Löst.</sv><en>Solved.</en></outcome>\n"
#define NOT_SOLVED                                                                             \
  "<outcome id=\"nok\" kind=\"not-solved\" diagnose=\"sync\"><sv>Felsök.</sv>"                 \
  "<en>Diagnose.</en></outcome>\n"

static int load_text(ssvc_ctx *ctx, const char *xml) {
  ssvc_diag_tree *t;
  int rc = ssvc_diag_tree_load_memory(ctx, &t, xml, strlen(xml), NULL);
  ssvc_diag_tree_free(t);
  return rc;
}

/* A guidance tree from text, and the mistakes the loader refuses with line and id. */
static void loads_from_text_and_refuses(void **state) {
  (void)state;
  ssvc_ctx *ctx = new_ctx();
  assert_int_equal(load_text(ctx, GUIDE_HEAD TOPIC STEP SOLVED NOT_SOLVED "</diagnosis>"), 0);
  static const struct {
    const char *xml, *msg;
  } bad[] = {
      {"<diagnosis version=\"1\" kind=\"howto\">" TOPIC STEP SOLVED NOT_SOLVED "</diagnosis>",
       "kind must be \"faults\" or \"guidance\" (got 'howto')"},
      {GUIDE_HEAD "<symptom id=\"t\" start=\"q\" sv=\"Ämne\" en=\"Topic\"/>" STEP SOLVED NOT_SOLVED
       "</diagnosis>",
       "symptom 't': missing attribute 'feature' (the topic's area)"},
      {GUIDE_HEAD TOPIC STEP SOLVED
       "<outcome id=\"nok\" kind=\"not-solved\"><sv>F.</sv><en>D.</en></outcome></diagnosis>",
       "outcome 'nok': missing attribute 'diagnose'"},
      {GUIDE_HEAD TOPIC STEP SOLVED
       "<outcome id=\"nok\" kind=\"workshop\"><sv>F.</sv><en>D.</en></outcome></diagnosis>",
       "outcome 'nok': unknown kind 'workshop' (a guidance tree has solved or not-solved)"},
      {"<diagnosis version=\"1\">" TOPIC STEP
       "<outcome id=\"ok\" kind=\"handling-error\"><sv>L.</sv><en>S.</en></outcome>"
       "<outcome id=\"nok\" kind=\"workshop\"><sv>F.</sv><en>D.</en></outcome></diagnosis>",
       "<symptom>: unknown attribute 'feature'"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(load_text(ctx, bad[i].xml), SSVC_EPARSE);
    if (!strstr(ssvc_ctx_errmsg(ctx), bad[i].msg))
      fail_msg("case %zu: '%s' lacks '%s'", i, ssvc_ctx_errmsg(ctx), bad[i].msg);
  }
  ssvc_ctx_free(ctx);
}

/* The built-in text written to a file loads from it as the same tree. */
static void loads_from_a_file(void **state) {
  (void)state;
  ssvc_ctx *ctx = new_ctx();
  const char *path = "test_guidance_tree.xml"; /* in the test's working directory */
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  const char *xml = ssvc_guide_default_xml();
  assert_int_equal(fwrite(xml, 1, strlen(xml), f), strlen(xml));
  fclose(f);
  ssvc_diag_tree *a, *b;
  assert_int_equal(ssvc_diag_tree_load_file(ctx, &a, path, NULL), SSVC_OK);
  assert_int_equal(ssvc_guide_tree_load_default(ctx, &b), SSVC_OK);
  remove(path);
  assert_string_equal(ssvc_diag_tree_fingerprint(a), ssvc_diag_tree_fingerprint(b));
  assert_int_equal(ssvc_diag_tree_kind(a), SSVC_DIAG_TREE_GUIDANCE);
  ssvc_diag_tree_free(a);
  ssvc_diag_tree_free(b);
  ssvc_ctx_free(ctx);
}

/* ---- The guidance a case records ---- */

/* The built-in guidance tree, loaded once on its own context. */
static ssvc_ctx *tree_ctx;
static ssvc_diag_tree *guide;

static int load_guide(void **state) {
  (void)state;
  return ssvc_ctx_new(&tree_ctx, NULL) || ssvc_guide_tree_load_default(tree_ctx, &guide) ? -1 : 0;
}

static int free_guide(void **state) {
  (void)state;
  ssvc_diag_tree_free(guide);
  ssvc_ctx_free(tree_ctx);
  return 0;
}

/* ACME on PROF, BYGG on BAS, one case each (C1 of ACME, C2 of BYGG). */
static const char *const C1 = "SC-2026-000001", *const C2 = "SC-2026-000002";
static void *fx_cases(ssvc_store *st) {
  char id[SSVC_CASE_ID_SIZE];
  fixture_agreement(st, "ACME", "PROF", 400, 0, 0);
  fixture_agreement(st, "BYGG", "BAS", 120, 0, 0);
  fixture_case(st, id, "ACME", "PROF", fixture_imei(11));
  fixture_case(st, id, "BYGG", "BAS", fixture_imei(12));
  return NULL;
}

/* Two calls on one case: both recorded in order with their notes; the state stays. */
static void records_each_call(void **state) {
  struct fx *f = *state;
  fx_cases(f->st);
  ssvc_case_guidance g = SSVC_CASE_GUIDANCE_INIT;
  assert_int_equal(ssvc_case_guide(f->st, &g, C1, guide, "passcode:g-passcode-1=yes", "agent"),
                   SSVC_OK);
  assert_int_equal(g.result, SSVC_GUIDE_SOLVED);
  assert_string_equal(g.topic, "passcode");
  assert_int_equal(g.feature, SSVC_FEATURE_PHONE_HELP);
  assert_string_equal(g.diagnose, "");
  fixture_now += 60;
  assert_int_equal(ssvc_case_guide(f->st, NULL, C1, guide, "mail-account:g-mail-account-1=no",
                                   "bert"),
                   SSVC_OK);
  ssvc_case *c;
  assert_int_equal(ssvc_case_load(f->st, &c, C1), SSVC_OK);
  assert_int_equal(ssvc_case_guidance_count(c), 2);
  assert_int_equal(ssvc_case_guidance_at(c, 0, &g), SSVC_OK);
  assert_string_equal(g.topic, "passcode");
  assert_string_equal(g.actor, "agent");
  assert_string_equal(g.transcript, "passcode:g-passcode-1=yes");
  assert_int_equal(ssvc_case_guidance_at(c, 1, &g), SSVC_OK);
  assert_string_equal(g.topic, "mail-account");
  assert_int_equal(g.feature, SSVC_FEATURE_SYNC);
  assert_int_equal(g.result, SSVC_GUIDE_NOT_SOLVED);
  assert_string_equal(g.diagnose, "sync");
  assert_string_equal(g.actor, "bert");
  assert_int_equal(g.at, fixture_now);
  assert_int_equal(ssvc_case_guidance_at(c, 2, &g), SSVC_ERANGE);
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(c, &i), SSVC_OK);
  assert_int_equal(i.state, SSVC_CASE_REGISTERED);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, i.event_count - 1, &e), SSVC_OK);
  assert_int_equal(e.kind, SSVC_CASE_EVENT_NOTE);
  assert_string_equal(e.note, "guidance mail-account (sync): not solved; go on to diagnosis of sync");
  ssvc_case_free(c);
  /* A later change of the case keeps the guidance (its sub-records are carried over). */
  assert_int_equal(ssvc_case_transition(f->st, C1, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_load(f->st, &c, C1), SSVC_OK);
  assert_int_equal(ssvc_case_guidance_count(c), 2);
  ssvc_case_free(c);
}

/* Every refusal names what is wrong, and changes nothing. */
static void refusals(void **state) {
  struct fx *f = *state;
  fx_cases(f->st);
  ssvc_ctx *ctx = f->ctx;
  ssvc_diag_tree *faults;
  assert_int_equal(ssvc_diag_tree_load_default(ctx, &faults), SSVC_OK);
  static const struct {
    const char *id, *transcript, *actor;
    int rc;
    const char *msg;
  } bad[] = {
      {"SC-2026-000002", "mail-account:g-mail-account-1=yes", "a", SSVC_ENOTENTITLED,
       "ssvc_case_guide: SC-2026-000002: topic 'mail-account' is in the area Sync & e-mail, "
       "contacts, calendar (sync), which tier BAS does not include"},
      {"SC-2026-000001", "passcode:", "a", SSVC_EINVAL,
       "ssvc_case_guide: SC-2026-000001: transcript: ends after step 0 before an outcome "
       "(question 'g-passcode-1' is next)"},
      {"SC-2026-000001", "passcode:g-passcode-1=maybe", "a", SSVC_EINVAL,
       "ssvc_case_guide: SC-2026-000001: transcript: step 1: 'maybe' is not an answer to "
       "'g-passcode-1'"},
      {"SC-2026-000001", "knitting:", "a", SSVC_EINVAL,
       "ssvc_case_guide: SC-2026-000001: transcript: no symptom 'knitting'"},
      {"SC-2026-000009", "passcode:g-passcode-1=yes", "a", SSVC_ENOTFOUND, "SC-2026-000009"},
      {"SC-2026-000001", "passcode:g-passcode-1=yes", "", SSVC_EINVAL, "actor"},
      {"SC-2026-000001", "", "a", SSVC_EINVAL, "transcript"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    assert_int_equal(ssvc_case_guide(f->st, NULL, bad[k].id, guide, bad[k].transcript,
                                     bad[k].actor),
                     bad[k].rc);
    if (!strstr(ssvc_ctx_errmsg(ctx), bad[k].msg))
      fail_msg("case %zu: '%s' lacks '%s'", k, ssvc_ctx_errmsg(ctx), bad[k].msg);
  }
  assert_int_equal(ssvc_case_transition(f->st, C1, SSVC_CASE_DIAGNOSING, "a", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_diagnose(f->st, NULL, NULL, C1, guide, "passcode:g-passcode-1=yes",
                                      "a", 0),
                   SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_case_diagnose: tree: a guidance tree, not a "
                                            "fault diagnosis tree (ssvc_case_guide records "
                                            "guidance)");
  assert_int_equal(ssvc_case_guide(f->st, NULL, C1, faults, "screen:", "a"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_case_guide: tree: a fault diagnosis tree, not a guidance tree");
  assert_int_equal(ssvc_case_transition(f->st, C2, SSVC_CASE_CANCELLED, "a", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_guide(f->st, NULL, C2, guide, "passcode:g-passcode-1=yes", "a"),
                   SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_case_guide: SC-2026-000002: the case is "
                                            "cancelled; guidance is recorded on an open case");
  for (const char *const *id = (const char *const[]){C1, C2, NULL}; *id; id++) {
    ssvc_case *c;
    assert_int_equal(ssvc_case_load(f->st, &c, *id), SSVC_OK);
    assert_int_equal(ssvc_case_guidance_count(c), 0);
    ssvc_case_free(c);
  }
  ssvc_diag_tree_free(faults);
}

/* The bytes a report writer gives, NUL-terminated (at most 64 KiB is enough here). */
struct sink {
  char buf[65536];
  size_t n;
};
static int to_sink(void *ud, const char *p, size_t n) {
  struct sink *k = ud;
  if (k->n + n >= sizeof k->buf) return -1;
  memcpy(k->buf + k->n, p, n);
  k->n += n;
  k->buf[k->n] = '\0';
  return 0;
}

/* The quality report counts the how-to calls of the period's cases per area, and the solved. */
static void report_counts_per_area(void **state) {
  struct fx *f = *state;
  fx_cases(f->st);
  assert_int_equal(ssvc_case_guide(f->st, NULL, C1, guide, "passcode:g-passcode-1=yes", "a"), 0);
  assert_int_equal(ssvc_case_guide(f->st, NULL, C1, guide, "wifi:g-wifi-1=no", "a"), 0);
  assert_int_equal(ssvc_case_guide(f->st, NULL, C1, guide, "contacts-sync:g-contacts-sync-1=yes",
                                   "a"),
                   0);
  ssvc_report_options o = SSVC_REPORT_OPTIONS_INIT;
  o.customer_id = "ACME";
  o.from = (ssvc_date){2026, 3, 1};
  o.to = (ssvc_date){2026, 3, 31};
  o.lang = SSVC_LANG_EN;
  ssvc_report *r;
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_OK);
  ssvc_report_figures fig;
  assert_int_equal(ssvc_report_figures_init(&fig, SSVC_REPORT_FIGURES_VERSION), SSVC_OK);
  assert_int_equal(ssvc_report_figures_get(r, &fig), SSVC_OK);
  assert_int_equal(fig.howto_calls[0], 2); /* phone-help: passcode, wifi */
  assert_int_equal(fig.howto_solved[0], 1);
  assert_int_equal(fig.howto_calls[1], 0);
  assert_int_equal(fig.howto_calls[2], 1); /* sync: contacts */
  assert_int_equal(fig.howto_solved[2], 1);
  /* A version-1 caller gets the version-1 struct: nothing written past it. */
  union {
    ssvc_report_figures f;
    unsigned char bytes[sizeof(ssvc_report_figures)];
  } v1;
  memset(&v1, 0xAB, sizeof v1);
  assert_int_equal(ssvc_report_figures_init(&v1.f, 1), SSVC_OK);
  assert_int_equal(ssvc_report_figures_get(r, &v1.f), SSVC_OK);
  assert_int_equal(v1.f.version, 1);
  assert_int_equal(v1.bytes[offsetof(ssvc_report_figures, howto_calls)], 0xAB);
  assert_int_equal(v1.bytes[sizeof v1 - 1], 0xAB);
  static struct sink csv, html;
  csv.n = html.n = 0;
  assert_int_equal(ssvc_report_write(r, SSVC_REPORT_CSV, to_sink, &csv), SSVC_OK);
  assert_non_null(strstr(csv.buf, "howto,phone-help,2,50.0\r\nhowto,os-help,0,"));
  assert_non_null(strstr(csv.buf, "howto,sync,1,100.0\r\n"));
  assert_int_equal(ssvc_report_write(r, SSVC_REPORT_HTML, to_sink, &html), SSVC_OK);
  assert_non_null(strstr(html.buf, "How-to guidance per area"));
  ssvc_report_free(r);
  /* BYGG's report has no how-to call: no such lines. */
  o.customer_id = "BYGG";
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_OK);
  csv.n = 0;
  assert_int_equal(ssvc_report_write(r, SSVC_REPORT_CSV, to_sink, &csv), SSVC_OK);
  assert_null(strstr(csv.buf, "howto,"));
  ssvc_report_free(r);
}

/* The XML interchange carries the case's guidance: export, import into an empty store (checked
 * against doc/cases.xsd), the same how-to calls back, and the same bytes exported again. */
static void xml_round_trip(void **state) {
  struct fx *f = *state;
  fx_cases(f->st);
  assert_int_equal(ssvc_case_guide(f->st, NULL, C1, guide, "passcode:g-passcode-1=yes", "a"), 0);
  assert_int_equal(ssvc_case_guide(f->st, NULL, C1, guide, "wifi:g-wifi-1=no", "bert"), 0);
  static struct sink out, again;
  out.n = again.n = 0;
  assert_int_equal(ssvc_xml_export(f->st, NULL, to_sink, &out, NULL), SSVC_OK);
  assert_non_null(strstr(out.buf, "<guidance topic=\"wifi\" area=\"phone-help\" "
                                  "result=\"not-solved\" diagnose=\"network\""));
  ssvc_store *st2;
  assert_int_equal(ssvc_store_memory_new(f->ctx, &st2), SSVC_OK);
  ssvc_xml_import_options io = SSVC_XML_IMPORT_OPTIONS_INIT;
  io.validate = 1;
  assert_int_equal(ssvc_xml_import_memory(st2, NULL, out.buf, out.n, "export", &io), SSVC_OK);
  ssvc_case *c;
  assert_int_equal(ssvc_case_load(st2, &c, C1), SSVC_OK);
  assert_int_equal(ssvc_case_guidance_count(c), 2);
  ssvc_case_guidance g = SSVC_CASE_GUIDANCE_INIT;
  assert_int_equal(ssvc_case_guidance_at(c, 1, &g), SSVC_OK);
  assert_string_equal(g.topic, "wifi");
  assert_string_equal(g.diagnose, "network");
  assert_string_equal(g.actor, "bert");
  assert_int_equal(g.result, SSVC_GUIDE_NOT_SOLVED);
  assert_int_equal(g.feature, SSVC_FEATURE_PHONE_HELP);
  assert_string_equal(g.transcript, "wifi:g-wifi-1=no");
  ssvc_case_free(c);
  assert_int_equal(ssvc_xml_export(st2, NULL, to_sink, &again, NULL), SSVC_OK);
  assert_string_equal(out.buf, again.buf);
  /* A bad area is refused in words that name it. */
  char *bad = strstr(out.buf, "area=\"phone-help\"");
  memcpy(bad, "area=\"swap-admin\"", strlen("area=\"swap-admin\""));
  ssvc_store *st3;
  assert_int_equal(ssvc_store_memory_new(f->ctx, &st3), SSVC_OK);
  assert_int_equal(ssvc_xml_import_memory(st3, NULL, out.buf, out.n, "export", NULL), SSVC_EPARSE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx),
                         "<guidance>: area: not phone-help, os-help or sync (got 'swap-admin')"));
  ssvc_store_free(st3);
  ssvc_store_free(st2);
}

static int op_solved(ssvc_store *st, void *u) {
  (void)u;
  ssvc_case_guidance g = SSVC_CASE_GUIDANCE_INIT;
  return ssvc_case_guide(st, &g, C1, guide, "biometrics:g-biometrics-1=yes,g-biometrics-2=yes",
                         "a");
}
static int op_not_solved(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_case_guide(st, NULL, C2, guide, "wifi:g-wifi-1=no", "a");
}
static const struct store_op ops[] = {
    {"ssvc_case_guide (solved)", fx_cases, op_solved, NULL},
    {"ssvc_case_guide (not solved)", fx_cases, op_not_solved, NULL},
};

static void faults_on_memory(void **state) {
  (void)state;
  fault_every_op(ops, STORE_OPS_COUNT(ops), FAULT_BOTH);
}

static void faults_on_sqlite(void **state) {
  (void)state;
  fault_every_op_on_sqlite(ops, STORE_OPS_COUNT(ops), FAULT_BOTH, SSVC_TEST_TMP, "test_guidance");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(builtin_topics),
      cmocka_unit_test(every_topic_ends_solved_or_in_diagnosis),
      cmocka_unit_test(tier_gates_the_topic),
      cmocka_unit_test(loads_from_text_and_refuses),
      cmocka_unit_test(loads_from_a_file),
      cmocka_unit_test_setup_teardown(records_each_call, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(refusals, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(report_counts_per_area, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(xml_round_trip, fixture_setup, fixture_teardown),
      cmocka_unit_test(faults_on_memory),
      cmocka_unit_test(faults_on_sqlite),
  };
  return cmocka_run_group_tests(tests, load_guide, free_guide);
}
