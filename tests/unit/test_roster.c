/* The roster (smartservice/roster.h, doc/roster.md): one-by-one changes, lookups, the CSV import
 * and its refusals (file:line:column, nothing imported), the export, the change feed, the damage
 * check, and every changing operation under storage and allocation faults on memory and SQLite. */
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
#include "mem_out.h"
#include "fresh_store.h"
#include "store_fault.h"

static void entry(ssvc_roster_entry *e, int n, const char *name, const char *phone,
                  const char *email) {
  *e = (ssvc_roster_entry)SSVC_ROSTER_ENTRY_INIT;
  e->imei = fixture_imei(n);
  e->user_name = name;
  e->phone = phone;
  e->email = email;
  e->model = "Fairphone 5";
  e->purchased = (ssvc_date){2025, 1, 15};
  e->warranty_until = (ssvc_date){2027, 1, 14};
}

struct seen {
  char text[2048];
  int n;
};

static int seen_cb(void *ud, const ssvc_roster_entry *e) {
  struct seen *s = ud;
  size_t len = strlen(s->text);
  snprintf(s->text + len, sizeof s->text - len, "%s|%s|%s|%s|%s;", e->imei, e->user_name,
           e->phone ? e->phone : "-", e->email ? e->email : "-", e->model ? e->model : "-");
  s->n++;
  return 0;
}

static void one_by_one(void **state) {
  struct fx *f = *state;
  ssvc_roster_entry e;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  entry(&e, 1, "Anna Berg", "070-123 45 67", "Anna.Berg@acme.se");
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_EEXISTS);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "is already on the roster of 'ACME'"));
  /* Lookups: IMEI, phone in another spelling, e-mail in another case. */
  const char *whos[] = {fixture_imei(1), "+46 70 123 45 67", "0046701234567", "anna.berg@ACME.se"};
  for (size_t i = 0; i < 4; i++) {
    struct seen s = {"", 0};
    assert_int_equal(ssvc_roster_find(f->st, "ACME", whos[i], seen_cb, &s), SSVC_OK);
    assert_int_equal(s.n, 1);
    assert_non_null(strstr(s.text, "Anna Berg|+46701234567|Anna.Berg@acme.se"));
  }
  struct seen s = {"", 0};
  assert_int_equal(ssvc_roster_find(f->st, "ACME", "070-999 99 99", seen_cb, &s), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_roster_find: '070-999 99 99' is not on the roster of 'ACME'");
  /* A second phone with the same contact phone is refused; the same e-mail is fine. */
  ssvc_roster_entry e2;
  entry(&e2, 2, "Anna Berg", "+46701234567", "anna.berg@acme.se");
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e2, "lead"), SSVC_EEXISTS);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "phone +46701234567 is already on the roster"));
  e2.phone = "0701111111";
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e2, "lead"), SSVC_OK);
  uint32_t n = 0;
  assert_int_equal(ssvc_roster_count(f->st, "ACME", &n), SSVC_OK);
  assert_int_equal(n, 2);
  /* Update: the phone moves; the old one is free again. */
  e.phone = "0702222222";
  e.user_name = "Anna Berg-Ek";
  assert_int_equal(ssvc_roster_update(f->st, "ACME", &e, "lead"), SSVC_OK);
  assert_int_equal(ssvc_roster_find(f->st, "ACME", "0701234567", seen_cb, &s), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_roster_find(f->st, "ACME", "0702222222", seen_cb, &s), SSVC_OK);
  assert_non_null(strstr(s.text, "Anna Berg-Ek"));
  ssvc_roster_entry e3;
  entry(&e3, 3, "Nobody", NULL, NULL);
  assert_int_equal(ssvc_roster_update(f->st, "ACME", &e3, "lead"), SSVC_ENOTFOUND);
  /* Remove. */
  assert_int_equal(ssvc_roster_remove(f->st, "ACME", fixture_imei(2), "lead"), SSVC_OK);
  assert_int_equal(ssvc_roster_remove(f->st, "ACME", fixture_imei(2), "lead"), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_roster_find(f->st, "ACME", "0701111111", seen_cb, &s), SSVC_ENOTFOUND);
  struct seen all = {"", 0};
  assert_int_equal(ssvc_roster_list(f->st, "ACME", seen_cb, &all), SSVC_OK);
  assert_int_equal(all.n, 1);
  size_t problems = 1;
  assert_int_equal(ssvc_store_check(f->st, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
}

static void bad_arguments(void **state) {
  struct fx *f = *state;
  ssvc_roster_entry e;
  entry(&e, 1, "Anna", "0701234567", NULL);
  assert_int_equal(ssvc_roster_add(f->st, "NONE", &e, "lead"), SSVC_ENOTFOUND);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "'NONE' has no agreement"));
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  e.imei = "356938035643806"; /* wrong check digit (9 is right) */
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_roster_add: entry->imei: Luhn check digit "
                                               "is wrong (got '356938035643806')");
  e.imei = fixture_imei(1);
  e.phone = "12345";
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_roster_add: entry->phone: must begin with +, 00 or 0 (got '12345')");
  e.phone = NULL;
  e.email = "no-at-sign";
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "entry->email: is not an e-mail address"));
  e.email = NULL;
  e.user_name = "";
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_EINVAL);
  e.user_name = "Anna";
  e.purchased = (ssvc_date){2025, 2, 30};
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "entry->purchased: not a day"));
  e.purchased = (ssvc_date){0, 0, 0};
  e.version = 2;
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_EVERSION);
  assert_int_equal(ssvc_roster_remove(f->st, "ACME", "123", "lead"), SSVC_EINVAL);
  uint32_t n = 9;
  assert_int_equal(ssvc_roster_count(f->st, "ACME", &n), SSVC_OK);
  assert_int_equal(n, 0);
}

/* A customer's asset register export: semicolons, Swedish headers, quotes, a BOM, extra columns. */
static const char register_csv[] =
    "\xEF\xBB\xBFInventarienr;IMEI;Namn;Mobil;E-post;Modell;Inköpsdatum;Garanti\r\n"
    "A-1;356938030000013;\"Berg; Anna\";070-123 45 67;anna@acme.se;Fairphone 5;2025-01-15;"
    "2027-01-14\r\n"
    "A-2;356938030000021;Östen Ölund;070-222 22 22;;\"iPhone 15 \"\"Pro\"\"\";;\r\n"
    "\r\n";

static void import_and_export(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  ssvc_roster_import_result r = SSVC_ROSTER_IMPORT_RESULT_INIT;
  /* A dry run counts and changes nothing. */
  assert_int_equal(ssvc_roster_import(f->st, "ACME", register_csv, strlen(register_csv),
                                      "assets.csv", SSVC_ROSTER_IMPORT_DRY_RUN, &r, "lead"),
                   SSVC_OK);
  assert_int_equal(r.rows, 2);
  assert_int_equal(r.added, 2);
  uint32_t n = 9;
  assert_int_equal(ssvc_roster_count(f->st, "ACME", &n), SSVC_OK);
  assert_int_equal(n, 0);
  assert_int_equal(ssvc_roster_import(f->st, "ACME", register_csv, strlen(register_csv),
                                      "assets.csv", 0, &r, "lead"),
                   SSVC_OK);
  assert_int_equal(r.added, 2);
  struct seen s = {"", 0};
  assert_int_equal(ssvc_roster_list(f->st, "ACME", seen_cb, &s), SSVC_OK);
  assert_string_equal(s.text,
                      "356938030000013|Berg; Anna|+46701234567|anna@acme.se|Fairphone 5;"
                      "356938030000021|Östen Ölund|+46702222222|-|iPhone 15 \"Pro\";");
  /* Again: nothing changes. Then a replacing file with one row: one updated, one removed. */
  assert_int_equal(ssvc_roster_import(f->st, "ACME", register_csv, strlen(register_csv),
                                      "assets.csv", 0, &r, "lead"),
                   SSVC_OK);
  assert_int_equal(r.unchanged, 2);
  assert_int_equal(r.added + r.updated + r.removed, 0);
  static const char one[] = "imei,name,phone\n356938030000013,Anna Berg,070-222 22 22\n";
  assert_int_equal(ssvc_roster_import(f->st, "ACME", one, strlen(one), "one.csv",
                                      SSVC_ROSTER_IMPORT_REPLACE, &r, "lead"),
                   SSVC_OK);
  assert_int_equal(r.updated, 1);
  assert_int_equal(r.removed, 1);
  /* The export reads back as the same roster. */
  struct mem out = {0};
  assert_int_equal(ssvc_roster_export(f->st, "ACME", (ssvc_write_fn)NULL, NULL), SSVC_EINVAL);
  struct seen before = {"", 0}, after = {"", 0};
  assert_int_equal(ssvc_roster_list(f->st, "ACME", seen_cb, &before), SSVC_OK);
  assert_int_equal(ssvc_roster_export(f->st, "ACME", mem_put, &out), SSVC_OK);
  assert_string_equal(out.p, "imei,name,phone,email,model,purchased,warranty\n"
                           "356938030000013,Anna Berg,+46702222222,,,,\n");
  assert_int_equal(ssvc_roster_import(f->st, "ACME", out.p, out.len, "export.csv",
                                      SSVC_ROSTER_IMPORT_REPLACE, &r, "lead"),
                   SSVC_OK);
  assert_int_equal(r.unchanged, 1);
  assert_int_equal(ssvc_roster_list(f->st, "ACME", seen_cb, &after), SSVC_OK);
  assert_string_equal(before.text, after.text);
  mem_free(&out);
  size_t problems = 1;
  assert_int_equal(ssvc_store_check(f->st, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
}

/* Each bad file: the message with file:line:column, and nothing imported. */
static void import_refusals(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  static const struct {
    const char *csv, *msg;
  } cases[] = {
      {"imei,name\n356938030000013,Anna\n356938030000012,Bo\n",
       "a.csv:3:1: imei '356938030000012': Luhn check digit is wrong"},
      {"imei,name\n35693803000001,Anna\n", "a.csv:2:1: imei '35693803000001': must be 15 digits"},
      {"imei,name,phone\n356938030000013,Anna,0701234567\n356938030000021,Bo,+46 70 123 45 67\n",
       "a.csv:3:20: phone +46 70 123 45 67 is on line 2 too"},
      {"imei,name\n356938030000013,Anna\n356938030000013,Bo\n",
       "a.csv:3:1: imei 356938030000013 is on line 2 too"},
      {"imei;name;phone\n356938030000013;Anna\n", "a.csv:2:17: 2 fields, the header has 3"},
      {"imei,name\n356938030000013,Anna,extra\n", "a.csv:2:22: 3 fields, the header has 2"},
      {"imei,name\n356938030000013,Bj\xF6rn\n",
       "a.csv:2:19: byte 0xF6 is not UTF-8 (save the file as UTF-8)"},
      {"imei,phone\n356938030000013,0701234567\n", "a.csv:1:1: the header has no 'name' column"},
      {"imei,name,purchased\n356938030000013,Anna,2025-13-01\n",
       "a.csv:2:22: purchased: '2025-13-01' is not a date YYYY-MM-DD"},
      {"imei,name\n356938030000013,\"Anna\n", "a.csv:2:17: the quote opened here is never closed"},
      {"imei,name\n356938030000013,An\"na\n",
       "a.csv:2:19: a quote inside a field that does not begin with one"},
      {"", "a.csv:1:1: the file is empty"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ssvc_roster_import_result r = SSVC_ROSTER_IMPORT_RESULT_INIT;
    int rc = ssvc_roster_import(f->st, "ACME", cases[i].csv, strlen(cases[i].csv), "a.csv", 0, &r,
                                "lead");
    if (rc != SSVC_EINVAL || !strstr(ssvc_ctx_errmsg(f->ctx), cases[i].msg))
      fail_msg("case %zu: %d '%s'", i, rc, ssvc_ctx_errmsg(f->ctx));
    uint32_t n = 9;
    assert_int_equal(ssvc_roster_count(f->st, "ACME", &n), SSVC_OK);
    assert_int_equal(n, 0);
  }
  /* Many rows (the rows' array grows while reading): the last repeats the first's phone. */
  static char many[8192];
  size_t len = (size_t)snprintf(many, sizeof many, "imei,name,phone\n");
  for (int i = 0; i < 40; i++)
    len += (size_t)snprintf(many + len, sizeof many - len, "%s,U%d,07010000%02d\n",
                            fixture_imei(200 + i), i, i);
  len += (size_t)snprintf(many + len, sizeof many - len, "%s,Last,0701000000\n",
                          fixture_imei(300));
  assert_int_equal(ssvc_roster_import(f->st, "ACME", many, len, "m.csv", 0, NULL, "lead"),
                   SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "m.csv:42:22: phone 0701000000 is on line 2 too"));
  many[len - 4] = '9'; /* 0701000900: now distinct: all 41 imported, phones read back */
  assert_int_equal(ssvc_roster_import(f->st, "ACME", many, len, "m.csv", SSVC_ROSTER_IMPORT_DRY_RUN,
                                      NULL, "lead"),
                   SSVC_OK);
  /* A phone held by an entry that stays: the file's line and column. */
  ssvc_roster_entry e;
  entry(&e, 7, "Kept", "0709999999", NULL);
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  static const char clash[] = "imei,name,phone\n356938030000013,Anna,070-999 99 99\n";
  assert_int_equal(ssvc_roster_import(f->st, "ACME", clash, strlen(clash), "b.csv", 0, NULL,
                                      "lead"),
                   SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "b.csv:2:22: phone +46709999999 is on the "
                                                  "roster already, for IMEI"));
  uint32_t n = 0;
  assert_int_equal(ssvc_roster_count(f->st, "ACME", &n), SSVC_OK);
  assert_int_equal(n, 1);
}

struct feed_seen {
  char text[512];
};

static int feed_cb(void *ud, const ssvc_change *c) {
  struct feed_seen *s = ud;
  size_t len = strlen(s->text);
  snprintf(s->text + len, sizeof s->text - len, "%s %s %s;", ssvc_change_kind_name(c->kind),
           ssvc_change_op_name(c->op), c->id);
  return 0;
}

static void in_the_change_feed(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  uint64_t from = 0;
  assert_int_equal(ssvc_changes_last(f->st, &from), SSVC_OK);
  ssvc_roster_entry e;
  entry(&e, 1, "Anna", "0701234567", "anna@acme.se");
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  assert_int_equal(ssvc_roster_remove(f->st, "ACME", fixture_imei(1), "lead"), SSVC_OK);
  struct feed_seen s = {""};
  assert_int_equal(ssvc_changes_read(f->st, from, feed_cb, &s), SSVC_OK);
  char want[256];
  snprintf(want, sizeof want, "roster put ACME/%s;roster delete ACME/%s;", fixture_imei(1),
           fixture_imei(1));
  assert_string_equal(s.text, want);
}

static void set_policy(ssvc_store *st, const char *customer, int policy) {
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(st, &a, customer), SSVC_OK);
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  s.roster_policy = policy;
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  ssvc_agreement_free(a);
}

static uint32_t fleet_of(ssvc_store *st, const char *customer) {
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(st, &a, customer), SSVC_OK);
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  ssvc_agreement_free(a);
  return s.fleet;
}

/* Spec version 5: the policy's names, its checks, a version-4 caller keeps it, and the fleet
 * follows the roster only when the agreement keeps one. */
static void policy_and_fleet(void **state) {
  struct fx *f = *state;
  int p = -1;
  assert_string_equal(ssvc_roster_policy_name(SSVC_ROSTER_POLICY_FLAG), "flag");
  assert_int_equal(ssvc_roster_policy_from_name(NULL, &p, "refuse"), SSVC_OK);
  assert_int_equal(p, SSVC_ROSTER_POLICY_REFUSE);
  assert_int_equal(ssvc_roster_policy_from_name(f->ctx, &p, "maybe"), SSVC_ENOTFOUND);
  assert_null(ssvc_roster_policy_name(3));
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  ssvc_roster_entry e;
  entry(&e, 1, "Anna", "0701234567", NULL);
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  assert_int_equal(fleet_of(f->st, "ACME"), 10); /* no policy: the count stays the agreement's */
  set_policy(f->st, "ACME", SSVC_ROSTER_POLICY_FLAG);
  assert_int_equal(fleet_of(f->st, "ACME"), 1);
  entry(&e, 2, "Bo", "0702222222", NULL);
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  assert_int_equal(fleet_of(f->st, "ACME"), 2);
  assert_int_equal(ssvc_roster_remove(f->st, "ACME", fixture_imei(1), "lead"), SSVC_OK);
  assert_int_equal(fleet_of(f->st, "ACME"), 1);
  /* The log names the fleet changes; a version-4 caller keeps the policy. */
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_event ev = SSVC_AGREEMENT_EVENT_INIT;
  assert_int_equal(ssvc_agreement_event_at(a, ssvc_agreement_event_count(a) - 1, &ev), SSVC_OK);
  assert_string_equal(ev.note, "changed: fleet");
  ssvc_agreement_spec s4;
  assert_int_equal(ssvc_agreement_spec_init(&s4, 4), SSVC_OK);
  assert_int_equal(ssvc_agreement_spec_get(a, &s4), SSVC_OK);
  s4.fleet = 50;
  assert_int_equal(ssvc_agreement_update(f->st, &s4, 0, "lead"), SSVC_OK);
  ssvc_agreement_free(a);
  assert_int_equal(fleet_of(f->st, "ACME"), 1); /* still the roster's */
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  assert_int_equal(s.roster_policy, SSVC_ROSTER_POLICY_FLAG);
  s.roster_policy = 7;
  assert_int_equal(ssvc_agreement_update(f->st, &s, 0, "lead"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "spec->roster_policy: not none (0), flag (1)"));
  s.roster_policy = SSVC_ROSTER_POLICY_REFUSE;
  s.models_max = 300;
  assert_int_equal(ssvc_agreement_update(f->st, &s, 0, "lead"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "spec->models_max: must be 0..256 (got 300)"));
  s.models_max = 4;
  s.model_min_users = 2;
  assert_int_equal(ssvc_agreement_update(f->st, &s, 0, "lead"), SSVC_OK);
  ssvc_agreement_free(a);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_spec back = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &back), SSVC_OK);
  assert_int_equal(back.roster_policy, SSVC_ROSTER_POLICY_REFUSE);
  assert_int_equal(back.models_max, 4);
  assert_int_equal(back.model_min_users, 2);
  ssvc_agreement_free(a);
  /* Back to none: the count is the agreement's again, from then on. */
  set_policy(f->st, "ACME", SSVC_ROSTER_POLICY_NONE);
  entry(&e, 3, "Cecilia", NULL, NULL);
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  assert_int_equal(fleet_of(f->st, "ACME"), 1);
}

static int register_call(ssvc_store *st, char *id, int n, const char *name, const char *phone,
                         const char *email, const char *model) {
  ssvc_case_spec c = SSVC_CASE_SPEC_INIT;
  c.customer_id = "ACME";
  c.imei = fixture_imei(n);
  c.user_name = name;
  c.user_phone = phone;
  c.user_email = email;
  c.model = model;
  c.symptom = "screen dark";
  c.actor = "agent";
  return ssvc_case_create(st, id, &c);
}

static int coverage_of(ssvc_store *st, const char *id, char *name, size_t size) {
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(st, &c, id), SSVC_OK);
  ssvc_case_info info;
  memset(&info, 0, sizeof info);
  info.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(c, &info), SSVC_OK);
  snprintf(name, size, "%s|%s|%s|%04d-%02d-%02d", info.user_name, info.model,
           info.user_phone ? info.user_phone : "-", info.purchase_date.year,
           info.purchase_date.month, info.purchase_date.day);
  int cov = ssvc_case_roster_coverage(c);
  ssvc_case_free(c);
  return cov;
}

/* Registration looks the caller up and applies the agreement's policy. */
static void registration(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE], got[256];
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  ssvc_roster_entry e;
  entry(&e, 1, "Anna Berg", "070-123 45 67", "anna@acme.se");
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  /* None: nothing is looked up; name and model are required as before. */
  assert_int_equal(register_call(f->st, id, 1, NULL, NULL, NULL, NULL), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "spec->user_name: must be given"));
  assert_int_equal(register_call(f->st, id, 5, "Eva", NULL, NULL, "Nokia"), SSVC_OK);
  assert_int_equal(coverage_of(f->st, id, got, sizeof got), SSVC_ROSTER_UNCHECKED);
  /* Flag: found by IMEI, the case filled from the roster. */
  set_policy(f->st, "ACME", SSVC_ROSTER_POLICY_FLAG);
  assert_int_equal(register_call(f->st, id, 1, NULL, NULL, NULL, NULL), SSVC_OK);
  assert_int_equal(coverage_of(f->st, id, got, sizeof got), SSVC_ROSTER_COVERED);
  assert_string_equal(got, "Anna Berg|Fairphone 5|+46701234567|2025-01-15");
  /* Found by phone (another phone of the user's, as the caller says it). */
  assert_int_equal(register_call(f->st, id, 6, NULL, "0701234567", NULL, "Nokia 3310"), SSVC_OK);
  assert_int_equal(coverage_of(f->st, id, got, sizeof got), SSVC_ROSTER_COVERED);
  assert_string_equal(got, "Anna Berg|Nokia 3310|0701234567|2025-01-15");
  /* Found by e-mail. */
  assert_int_equal(register_call(f->st, id, 7, NULL, NULL, "ANNA@acme.se", NULL), SSVC_OK);
  assert_int_equal(coverage_of(f->st, id, got, sizeof got), SSVC_ROSTER_COVERED);
  /* Not on the roster: flagged, the log says so. */
  assert_int_equal(register_call(f->st, id, 8, "Okänd", "0709999999", NULL, "Nokia"), SSVC_OK);
  assert_int_equal(coverage_of(f->st, id, got, sizeof got), SSVC_ROSTER_NOT_COVERED);
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(f->st, &c, id), SSVC_OK);
  ssvc_case_event ev = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, 0, &ev), SSVC_OK);
  assert_string_equal(ev.note, "not on the roster: registered as not covered");
  ssvc_case_free(c);
  assert_int_equal(register_call(f->st, id, 9, NULL, NULL, NULL, "Nokia"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "spec->user_name: must be given"));
  /* Refuse: a clear message, nothing stored. */
  set_policy(f->st, "ACME", SSVC_ROSTER_POLICY_REFUSE);
  uint64_t before = 0, after = 0;
  assert_int_equal(ssvc_changes_last(f->st, &before), SSVC_OK);
  assert_int_equal(register_call(f->st, id, 10, "Okänd", "0709999999", NULL, "Nokia"),
                   SSVC_ENOTENTITLED);
  char want[256];
  snprintf(want, sizeof want, "ssvc_case_create: the caller (IMEI %s, phone 0709999999) is not on "
           "the roster of 'ACME', whose agreement serves only the users on it (roster policy "
           "refuse)", fixture_imei(10));
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), want);
  assert_int_equal(ssvc_changes_last(f->st, &after), SSVC_OK);
  assert_int_equal(before, after);
  assert_int_equal(register_call(f->st, id, 11, NULL, "+46701234567", NULL, "Nokia"), SSVC_OK);
  assert_int_equal(coverage_of(f->st, id, got, sizeof got), SSVC_ROSTER_COVERED);
  assert_string_equal(ssvc_roster_coverage_name(SSVC_ROSTER_NOT_COVERED), "not-covered");
}

/* Erasure removes the user's roster entries, with or without cases; the fleet follows. */
static void erasure(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE];
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  set_policy(f->st, "ACME", SSVC_ROSTER_POLICY_FLAG);
  ssvc_roster_entry e;
  entry(&e, 1, "Anna Berg", "070-123 45 67", "Anna@acme.se");
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  entry(&e, 2, "Anna Berg", "070-765 43 21", NULL); /* her second phone */
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  entry(&e, 3, "Bo", "0702222222", "bo@acme.se");
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  /* Bo has no case: erased by e-mail in another case. */
  ssvc_erase_key k = SSVC_ERASE_KEY_INIT;
  k.email = "BO@acme.se";
  assert_int_equal(ssvc_erase_user(f->st, NULL, "ACME", &k, "dpo"), SSVC_OK);
  struct seen s = {"", 0};
  assert_int_equal(ssvc_roster_find(f->st, "ACME", fixture_imei(3), seen_cb, &s), SSVC_ENOTFOUND);
  assert_int_equal(fleet_of(f->st, "ACME"), 2);
  /* Anna has a case; erased by name: both her phones leave the roster. */
  assert_int_equal(register_call(f->st, id, 1, NULL, NULL, NULL, NULL), SSVC_OK);
  k = (ssvc_erase_key)SSVC_ERASE_KEY_INIT;
  k.name = "Anna Berg";
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  assert_int_equal(ssvc_erase_user(f->st, &r, "ACME", &k, "dpo"), SSVC_OK);
  assert_int_equal(r.cases, 1);
  uint32_t n = 9;
  assert_int_equal(ssvc_roster_count(f->st, "ACME", &n), SSVC_OK);
  assert_int_equal(n, 0);
  assert_int_equal(fleet_of(f->st, "ACME"), 0);
  size_t problems = 1;
  assert_int_equal(ssvc_store_check(f->st, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
}

static int model_line(void *ud, const char *model, uint32_t users, uint32_t stock, int few) {
  struct seen *s = ud;
  size_t len = strlen(s->text);
  snprintf(s->text + len, sizeof s->text - len, "%s %u %u%s;", model, (unsigned)users,
           (unsigned)stock, few ? " few" : "");
  return 0;
}

/* Few models: the agreement's list without a roster, then the roster with its users. */
static void few_models(void **state) {
  struct fx *f = *state;
  ssvc_agreement_model models[] = {{"Fairphone 5", SSVC_AGREEMENT_NO_OVERRIDE, 2},
                                   {"iPhone 15", SSVC_AGREEMENT_NO_OVERRIDE, 0}};
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = s.customer_name = "ACME";
  s.tier_code = "PROF";
  s.fleet = 10;
  s.models = models;
  s.model_count = 2;
  s.model_min_users = 2;
  s.models_max = 2;
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(50), "Fairphone 5", "lead", NULL),
                   SSVC_OK);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(51), "Nokia 3310", "lead", NULL),
                   SSVC_OK);
  ssvc_model_advice a = SSVC_MODEL_ADVICE_INIT;
  struct seen lines = {"", 0};
  assert_int_equal(ssvc_models_advise(f->st, "ACME", &a, model_line, &lines), SSVC_OK);
  assert_int_equal(a.from_roster, 0);
  assert_int_equal(a.fleet_models, 2);
  assert_int_equal(a.stock_models, 2);
  assert_int_equal(a.stock_only_models, 1);
  assert_int_equal(a.consolidate, 1);
  assert_string_equal(lines.text, "Fairphone 5 0 1;Nokia 3310 0 1 few;iPhone 15 0 0;");
  char text[512];
  ssvc_model_advice_text(&a, SSVC_LANG_EN, text, sizeof text);
  assert_string_equal(text, "The fleet (by the agreement) uses 2 models (2 advised at most) and "
                            "the SWAP stock spans 2; 1 model in the stock the fleet does not "
                            "use: consider consolidating on fewer models.");
  /* The roster: three models, one with a single user. */
  ssvc_roster_entry e;
  entry(&e, 1, "Anna", NULL, NULL);
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  entry(&e, 2, "Bo", NULL, NULL);
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  entry(&e, 3, "Cia", NULL, NULL);
  e.model = "Nokia 3310";
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  lines.text[0] = '\0';
  assert_int_equal(ssvc_models_advise(f->st, "ACME", &a, model_line, &lines), SSVC_OK);
  assert_int_equal(a.from_roster, 1);
  assert_int_equal(a.fleet_phones, 3);
  assert_int_equal(a.fleet_models, 2);
  assert_int_equal(a.few_user_models, 1);
  assert_string_equal(lines.text, "Fairphone 5 2 1;Nokia 3310 1 1 few;");
  int len = ssvc_model_advice_text(&a, SSVC_LANG_SV, NULL, 0); /* the length first */
  assert_int_equal(ssvc_model_advice_text(&a, SSVC_LANG_SV, text, sizeof text), len);
  assert_int_equal((int)strlen(text), len);
  assert_int_equal(ssvc_model_advice_text(&a, SSVC_LANG_SV, NULL, 8), -1);
  assert_string_equal(text, "Flottan (enligt registret) använder 2 modeller (högst 2 "
                            "rekommenderas) och SWAP-lagret spänner över 2; 1 modell har färre "
                            "än 2 användare: överväg att samla flottan på färre modeller.");
  assert_int_equal(ssvc_models_advise(f->st, "NONE", &a, NULL, NULL), SSVC_ENOTFOUND);
  a.version = 9;
  assert_int_equal(ssvc_models_advise(f->st, "ACME", &a, NULL, NULL), SSVC_EVERSION);
}

/* The XML interchange carries the roster and the policy with the agreement, and each case's
 * coverage (the caller on the roster or not) with the case. */
static void xml_round_trip(void **state) {
  struct fx *f = *state;
  char covered[SSVC_CASE_ID_SIZE], stranger[SSVC_CASE_ID_SIZE], got[256];
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  set_policy(f->st, "ACME", SSVC_ROSTER_POLICY_FLAG);
  ssvc_roster_entry e;
  entry(&e, 1, "Anna & Bo", "0701234567", "anna@acme.se");
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  entry(&e, 2, "Cia", NULL, NULL);
  e.model = NULL;
  e.purchased = (ssvc_date){0, 0, 0};
  assert_int_equal(ssvc_roster_add(f->st, "ACME", &e, "lead"), SSVC_OK);
  assert_int_equal(register_call(f->st, covered, 1, NULL, NULL, NULL, NULL), SSVC_OK);
  assert_int_equal(register_call(f->st, stranger, 9, "Okänd", NULL, NULL, "Nokia"), SSVC_OK);
  set_policy(f->st, "ACME", SSVC_ROSTER_POLICY_REFUSE);
  struct mem xml = {0};
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &xml, NULL), SSVC_OK);
  assert_non_null(strstr(xml.p, "roster-policy=\"refuse\""));
  assert_non_null(strstr(xml.p, "<roster-entry imei=\"356938030000013\" name=\"Anna &amp; Bo\""));
  assert_non_null(strstr(xml.p, "coverage=\"covered\""));
  assert_non_null(strstr(xml.p, "coverage=\"not-covered\""));
  struct seen before = {"", 0}, after = {"", 0};
  assert_int_equal(ssvc_roster_list(f->st, "ACME", seen_cb, &before), SSVC_OK);
  /* Into a fresh store: the roster, and the cases with their coverage. */
  ssvc_store *st2 = NULL;
  assert_int_equal(ssvc_store_memory_new(f->ctx, &st2), SSVC_OK);
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(st2, &r, xml.p, xml.len, "x.xml", NULL), SSVC_OK);
  assert_int_equal(ssvc_roster_list(st2, "ACME", seen_cb, &after), SSVC_OK);
  assert_string_equal(before.text, after.text);
  assert_int_equal(fleet_of(st2, "ACME"), 2);
  assert_int_equal(coverage_of(st2, covered, got, sizeof got), SSVC_ROSTER_COVERED);
  assert_int_equal(coverage_of(st2, stranger, got, sizeof got), SSVC_ROSTER_NOT_COVERED);
  /* A coverage the interchange does not know is refused, naming the attribute. */
  struct mem bad = {0};
  assert_int_equal(mem_put(&bad, xml.p, xml.len), 0);
  char *at = strstr(bad.p, "coverage=\"covered\"");
  memcpy(at, "coverage=\"unknown\"", strlen("coverage=\"unknown\""));
  ssvc_store *st3 = NULL;
  assert_int_equal(ssvc_store_memory_new(f->ctx, &st3), SSVC_OK);
  assert_int_equal(ssvc_xml_import_memory(st3, &r, bad.p, bad.len, "x.xml", NULL), SSVC_EPARSE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "<case>: coverage: must be unchecked, covered "
                                                  "or not-covered (got 'unknown')"));
  assert_int_equal(ssvc_case_load(st3, &(ssvc_case *){NULL}, covered), SSVC_ENOTFOUND);
  ssvc_store_free(st3);
  mem_free(&bad);
  /* Again, with the roster changed in the file: replaced as the file says. */
  char *cut = strstr(xml.p, "<roster-entry imei=\"356938030000021\"");
  assert_non_null(cut);
  char *end = strstr(cut, "/>");
  memmove(cut, end + 2, strlen(end + 2) + 1);
  ssvc_xml_import_options o;
  assert_int_equal(ssvc_xml_import_options_init(&o, SSVC_XML_IMPORT_OPTIONS_VERSION), SSVC_OK);
  o.on_duplicate = SSVC_XML_DUP_REPLACE;
  assert_int_equal(ssvc_xml_import_memory(st2, &r, xml.p, strlen(xml.p), "x.xml", &o), SSVC_OK);
  uint32_t n = 0;
  assert_int_equal(ssvc_roster_count(st2, "ACME", &n), SSVC_OK);
  assert_int_equal(n, 1);
  assert_int_equal(fleet_of(st2, "ACME"), 1);
  size_t problems = 1;
  assert_int_equal(ssvc_store_check(st2, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
  ssvc_store_free(st2);
  mem_free(&xml);
}

/* ---- Faults ---- */

static void *fx_roster(ssvc_store *st) {
  fixture_agreement(st, "ACME", "PROF", 10, 0, 0);
  set_policy(st, "ACME", SSVC_ROSTER_POLICY_FLAG); /* the fleet follows: every op moves it */
  ssvc_roster_entry e;
  entry(&e, 1, "Anna", "0701234567", "anna@acme.se");
  assert_int_equal(ssvc_roster_add(st, "ACME", &e, "lead"), SSVC_OK);
  entry(&e, 2, "Bo", "0702222222", "bo@acme.se");
  assert_int_equal(ssvc_roster_add(st, "ACME", &e, "lead"), SSVC_OK);
  return NULL;
}
static int op_add(ssvc_store *st, void *u) {
  (void)u;
  ssvc_roster_entry e;
  entry(&e, 3, "Cecilia", "0703333333", "cecilia@acme.se");
  return ssvc_roster_add(st, "ACME", &e, "lead");
}
static int op_update(ssvc_store *st, void *u) {
  (void)u;
  ssvc_roster_entry e;
  entry(&e, 1, "Anna Berg", "0704444444", "anna.berg@acme.se");
  return ssvc_roster_update(st, "ACME", &e, "lead");
}
static int op_remove(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_roster_remove(st, "ACME", fixture_imei(2), "lead");
}
static int op_import(ssvc_store *st, void *u) {
  (void)u;
  /* Anna changes, Bo goes, a new phone comes: every kind of change. */
  char csv[512];
  snprintf(csv, sizeof csv, "imei,name,phone,email\n%s,Anna,0702222222,anna@acme.se\n"
           "%s,Cecilia,0703333333,c@acme.se\n", fixture_imei(1), fixture_imei(3));
  ssvc_roster_import_result r = SSVC_ROSTER_IMPORT_RESULT_INIT;
  return ssvc_roster_import(st, "ACME", csv, strlen(csv), "a.csv", SSVC_ROSTER_IMPORT_REPLACE, &r,
                            "lead");
}

static int op_register(ssvc_store *st, void *u) {
  (void)u;
  char id[SSVC_CASE_ID_SIZE];
  return register_call(st, id, 2, NULL, NULL, NULL, NULL); /* filled from the roster */
}

static int op_erase(ssvc_store *st, void *u) {
  (void)u;
  ssvc_erase_key k = SSVC_ERASE_KEY_INIT;
  k.phone = "0702222222";
  return ssvc_erase_user(st, NULL, "ACME", &k, "dpo");
}

static const struct store_op ops[] = {
    {"ssvc_erase_user (roster only)", fx_roster, op_erase, NULL},
    {"ssvc_case_create (from the roster)", fx_roster, op_register, NULL},
    {"ssvc_roster_add", fx_roster, op_add, NULL},
    {"ssvc_roster_update", fx_roster, op_update, NULL},
    {"ssvc_roster_remove", fx_roster, op_remove, NULL},
    {"ssvc_roster_import", fx_roster, op_import, NULL},
};

STORE_FAULT_TEST_FUNCTIONS(ops, FAULT_BOTH, "test_roster")

/* The same on PostgreSQL (`test_roster pg`, ctest unit.roster.pg), as the case and SWAP pool
 * operations are: a fresh schema for every run. */
#include "pg_env.h"
static char pg_dsn[1024];

static void storage_faults_on_pg(void **state) {
  (void)state;
  fresh_pg_begin(pg_dsn, "test_roster");
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    assert_true(fault_every_storage_call(&ops[i]) > 0);
  fresh_store_end();
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "pg") == 0) {
    pg_test_require("unit.roster.pg", pg_dsn, sizeof pg_dsn);
    const struct CMUnitTest pg_tests[] = {cmocka_unit_test(storage_faults_on_pg)};
    return cmocka_run_group_tests_name("roster on PostgreSQL", pg_tests, NULL, NULL);
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(one_by_one, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(bad_arguments, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(import_and_export, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(import_refusals, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(in_the_change_feed, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(policy_and_fleet, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(registration, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(erasure, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(few_models, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(xml_round_trip, fixture_setup, fixture_teardown),
      STORE_FAULT_TESTS,
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
