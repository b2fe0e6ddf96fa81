/* xml: export and import of case records and agreements: the round trip, duplicate policies,
 * batches, bad records with their positions, hostile input, limits, options, and every operation
 * under storage and allocation faults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>
#include <unistd.h>

#include "fixtures.h"
#include "mem_out.h"
#include "fresh_store.h"
#include "store_fault.h"
#include "xml_fault.h"

static ssvc_store *new_store(ssvc_ctx **ctx) {
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  assert_int_equal(ssvc_ctx_new(ctx, &o), SSVC_OK);
  ssvc_store *st = NULL;
  assert_int_equal(ssvc_store_memory_new(*ctx, &st), SSVC_OK);
  return st;
}

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  fixture_now = STORE_FAULT_NOW;
  f->st = new_store(&f->ctx);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  ssvc_store_free(f->st);
  ssvc_ctx_free(f->ctx);
  free(f);
  return 0;
}


static char *export_all(ssvc_store *st, const ssvc_xml_export_options *o, size_t *count) {
  struct mem m = {NULL, 0, 0, 0};
  int rc = ssvc_xml_export(st, count, mem_put, &m, o);
  if (rc) fail_msg("export: %s", ssvc_ctx_errmsg(ssvc_store_ctx(st)));
  return m.p;
}

/* ACME's agreement, as the agreement tests expect it back (PROF, 100 phones, the defaults). */
static void make_acme_agreement(ssvc_store *st) {
  ssvc_agreement_spec p = SSVC_AGREEMENT_SPEC_INIT;
  p.customer_id = "ACME";
  p.customer_name = "ACME AB";
  p.tier_code = "prof";
  p.fleet = 100;
  assert_int_equal(ssvc_agreement_create(st, &p, "t"), SSVC_OK);
}

/* Cases of every shape: shipments, charges, notes, diagnosis, closed, erased, odd text. Each
 * customer has its agreement (ACME's PROF, Bygg AB's BAS), and the swap of case 1 goes through
 * ACME's SWAP stock, so its shipment and its freight and packaging charges are the pool's. */
static void make_cases(ssvc_store *st) {
  char id[SSVC_CASE_ID_SIZE];
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = "ACME";
  s.user_name = "Anna Andersson";
  s.user_phone = "+46701234567";
  s.user_email = "anna@example.se";
  s.imei = "490154203237518";
  s.model = "Fairphone 5";
  s.serial = "SN-1";
  s.purchase_date = (ssvc_date){2025, 2, 28};
  s.warranty_end = (ssvc_date){2027, 2, 28};
  s.tier_code = "PROF";
  s.features = 0x7F;
  s.symptom = "screen <cracked> & \"bent\" — åäö";
  s.actor = "agent-7";
  fixture_now = STORE_FAULT_NOW;
  make_acme_agreement(st);
  fixture_agreement(st, "Bygg AB", "BAS", 20, 0, 0);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(1), "Fairphone 5", "stock", NULL),
                   SSVC_OK);
  /* The suite's users share phones across open cases: the second is deliberate. */
  s.flags |= SSVC_CASE_SECOND_OPEN;
  assert_int_equal(ssvc_case_create(st, id, &s), SSVC_OK); /* 1: the full story */
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "agent-7", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_set_diagnosis(st, id, SSVC_CASE_OUTCOME_DEFINITE_FAULT,
                                           "power? no\nline two\ttab", "agent-7"),
                   SSVC_OK);
  fixture_now += 3600;
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(st, &o, id, NULL, "agent-7"), SSVC_OK);
  assert_int_equal(o.state, SSVC_ORDER_RESERVED);
  assert_int_equal(ssvc_swap_ship(st, &o, id, "PostNord", "PN123", "agent-7"), SSVC_OK);
  ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
  ch.kind = 2;
  ch.amount_minor = -4500;
  ch.text = "credit";
  assert_int_equal(ssvc_case_add_charge(st, id, "billing", &ch), SSVC_OK);
  ch.currency = "EUR";
  ch.amount_minor = 1200;
  ch.text = NULL;
  assert_int_equal(ssvc_case_add_charge(st, id, "billing", &ch), SSVC_OK);
  /* 2: minimal, another customer */
  ssvc_case_spec m = SSVC_CASE_SPEC_INIT;
  m.customer_id = "Bygg AB";
  m.user_name = "Bo Ek";
  m.imei = "356938035643809";
  m.model = "Galaxy A15";
  m.tier_code = "BAS";
  m.features = 0; /* the agreement's: BAS */
  m.actor = "agent-2";
  fixture_now += 86400;
  assert_int_equal(ssvc_case_create(st, id, &m), SSVC_OK);
  /* 3: resolved and closed, then erased */
  fixture_now += 86400;
  s.user_phone = "+46709999999";
  s.symptom = "no sound";
  assert_int_equal(ssvc_case_create(st, id, &s), SSVC_OK);
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "a", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_set_diagnosis(st, id, SSVC_CASE_OUTCOME_HANDLING_ERROR, NULL, "a"),
                   SSVC_OK);
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_RESOLVED, "a", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_add_note(st, id, "a", "called back Anna"), SSVC_OK);
  fixture_now += 7200;
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_CLOSED, "a", NULL), SSVC_OK);
  size_t n = 0;
  assert_int_equal(ssvc_case_erase_user(st, &n, "ACME", "+46709999999", "dpo"), SSVC_OK);
  assert_int_equal(n, 1);
}

static void round_trip_is_byte_identical(void **state) {
  struct fx *f = *state;
  make_cases(f->st);
  size_t n1 = 0, n2 = 0;
  char *a = export_all(f->st, NULL, &n1);
  assert_int_equal(n1, 3);
  assert_non_null(strstr(a, "xmlns=\"urn:smartservice:cases:1\""));
  assert_non_null(strstr(a, "&lt;cracked&gt; &amp; &quot;bent&quot; — åäö"));
  assert_non_null(strstr(a, "erased=\"true\""));
  /* The swap went through the pool: its shipment carries the agreement's freight plus packaging
   * (89.00 + 25.00 SEK, the defaults of money.h: 11400 öre), charged as two lines before the
   * builder's own two. */
  assert_non_null(strstr(a, "<shipment kind=\"replacement\" at=\"2026-03-02T10:00:00Z\" "
                            "carrier=\"PostNord\" tracking=\"PN123\" freight=\"11400\"/>\n"
                            "    <charge kind=\"1\" amount=\"8900\" currency=\"SEK\">freight: "
                            "swap phone</charge>\n    <charge kind=\"2\" amount=\"2500\" "
                            "currency=\"SEK\">packaging: swap phone</charge>\n"));
  ssvc_ctx *ctx2;
  ssvc_store *st2 = new_store(&ctx2);
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(st2, &r, a, strlen(a), "a.xml", NULL), SSVC_OK);
  assert_int_equal(r.imported, 3);
  assert_int_equal(r.bad + r.skipped + r.replaced, 0);
  char *b = export_all(st2, NULL, &n2);
  assert_int_equal(n2, 3);
  assert_string_equal(a, b);
  /* The imported store is whole: listings, statistics, and new ids follow the imported ones. */
  ssvc_case_stats s1 = SSVC_CASE_STATS_INIT, s2 = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(f->st, NULL, &s1), SSVC_OK);
  assert_int_equal(ssvc_case_stats_get(st2, NULL, &s2), SSVC_OK);
  assert_memory_equal(&s1, &s2, sizeof s1);
  ssvc_case_spec m = SSVC_CASE_SPEC_INIT;
  m.customer_id = "X";
  m.user_name = "Y";
  m.imei = "356938035643809";
  m.model = "M";
  m.tier_code = "BAS";
  m.actor = "t";
  fixture_agreement(st2, "X", "BAS", 1, 0, 0);
  char id[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_case_create(st2, id, &m), SSVC_OK);
  assert_string_equal(id, "SC-2026-000004");
  /* Validating against the built-in schema accepts the export too. */
  ssvc_ctx *ctx3;
  ssvc_store *st3 = new_store(&ctx3);
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.validate = 1;
  assert_int_equal(ssvc_xml_import_memory(st3, NULL, a, strlen(a), NULL, &o), SSVC_OK);
  char *c = export_all(st3, NULL, NULL);
  assert_string_equal(a, c);
  free(a);
  free(b);
  free(c);
  ssvc_store_free(st2);
  ssvc_ctx_free(ctx2);
  ssvc_store_free(st3);
  ssvc_ctx_free(ctx3);
}

static void export_filters(void **state) {
  struct fx *f = *state;
  make_cases(f->st);
  ssvc_xml_export_options o = SSVC_XML_EXPORT_OPTIONS_INIT;
  size_t n = 0;
  o.customer_id = "ACME";
  char *x = export_all(f->st, &o, &n);
  assert_int_equal(n, 2);
  assert_null(strstr(x, "Bygg AB"));
  free(x);
  o.from = (ssvc_date){2026, 3, 4};
  x = export_all(f->st, &o, &n);
  assert_int_equal(n, 1);
  assert_non_null(strstr(x, "SC-2026-000003"));
  free(x);
  o.customer_id = NULL;
  o.from = (ssvc_date){2026, 3, 3};
  o.to = (ssvc_date){2026, 3, 3};
  x = export_all(f->st, &o, &n);
  assert_int_equal(n, 1);
  assert_non_null(strstr(x, "SC-2026-000002"));
  free(x);
  o.customer_id = "nobody";
  o.from = o.to = (ssvc_date){0, 0, 0};
  x = export_all(f->st, &o, &n);
  assert_int_equal(n, 0);
  assert_non_null(strstr(x, "<cases"));
  free(x);
  /* Errors. */
  struct mem m = {NULL, 0, 0, 0};
  o.customer_id = NULL;
  o.from = (ssvc_date){2026, 2, 30};
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &m, &o), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "from: not a valid date"));
  o.from = (ssvc_date){2026, 3, 5};
  o.to = (ssvc_date){2026, 3, 1};
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &m, &o), SSVC_EINVAL);
  o.version = 99;
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &m, &o), SSVC_EVERSION);
  assert_int_equal(ssvc_xml_export(f->st, NULL, NULL, &m, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_xml_export(NULL, NULL, mem_put, &m, NULL), SSVC_EINVAL);
  m.stop_after = 100;
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &m, NULL), SSVC_EIO);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "the output stopped"));
  free(m.p);
  assert_int_equal(ssvc_xml_export_file(f->st, NULL, "/nonexistent-dir/x.xml", NULL), SSVC_EIO);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "/nonexistent-dir/x.xml: cannot create"));
}

static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\">\n";

/* A record of case number @p n with @p extra inside and the customer given. */
static void rec(char *buf, size_t size, int n, const char *customer, const char *extra) {
  snprintf(buf, size,
           "  <case id=\"SC-2026-%06d\" customer=\"%s\" state=\"registered\" "
           "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\">\n"
           "    <user name=\"U %d\"/>\n"
           "    <device imei=\"490154203237518\" model=\"Fairphone 5\"/>\n"
           "    <tier code=\"PROF\" features=\"127\"/>\n%s  </case>\n",
           n, customer, n, extra);
}

static char *doc_of(int count, const char *customer, int bad_at, const char *bad_extra) {
  size_t cap = 1024 + (size_t)count * 600;
  char *d = malloc(cap);
  strcpy(d, head);
  for (int i = 1; i <= count; i++) {
    char r[1024];
    rec(r, sizeof r, i, customer, i == bad_at ? bad_extra : "");
    strcat(d, r);
  }
  strcat(d, "</cases>\n");
  return d;
}

static size_t case_count(ssvc_store *st) {
  ssvc_case_stats s = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(st, NULL, &s), SSVC_OK);
  return s.total;
}

static void duplicate_policies(void **state) {
  struct fx *f = *state;
  char *d = doc_of(3, "ACME", 0, "");
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), NULL, NULL), SSVC_OK);
  assert_int_equal(r.imported, 3);
  char *before = export_all(f->st, NULL, NULL);
  /* reject (the default): the whole import fails, nothing changes */
  char *d2 = doc_of(4, "Other", 0, "");
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d2, strlen(d2), "d2.xml", NULL),
                   SSVC_EEXISTS);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "d2.xml:3:3: case SC-2026-000001: the case exists"));
  assert_int_equal(r.imported, 0);
  char *after = export_all(f->st, NULL, NULL);
  assert_string_equal(before, after);
  free(after);
  /* skip: the three stay, the fourth is new */
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.on_duplicate = SSVC_XML_DUP_SKIP;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d2, strlen(d2), NULL, &o), SSVC_OK);
  assert_int_equal(r.imported, 1);
  assert_int_equal(r.skipped, 3);
  after = export_all(f->st, NULL, NULL);
  assert_non_null(strstr(after, "SC-2026-000001\" customer=\"ACME\""));
  assert_non_null(strstr(after, "SC-2026-000004\" customer=\"Other\""));
  free(after);
  /* replace: the records replace the stored ones, and the indexes follow */
  o.on_duplicate = SSVC_XML_DUP_REPLACE;
  char *d3 = doc_of(2, "Third", 0, "");
  char *p = strstr(d3, "state=\"registered\"");
  memcpy(p, "state=\"cancelled\" ", 18);
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d3, strlen(d3), NULL, &o), SSVC_OK);
  assert_int_equal(r.replaced, 2);
  assert_int_equal(r.imported, 0);
  assert_int_equal(case_count(f->st), 4);
  ssvc_case_stats s = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(f->st, "Third", &s), SSVC_OK);
  assert_int_equal(s.total, 2);
  assert_int_equal(s.by_state[SSVC_CASE_CANCELLED], 1);
  assert_int_equal(ssvc_case_stats_get(f->st, "ACME", &s), SSVC_OK);
  assert_int_equal(s.total, 1);
  size_t n = 0;
  ssvc_xml_export_options eo = SSVC_XML_EXPORT_OPTIONS_INIT;
  eo.customer_id = "ACME";
  free(export_all(f->st, &eo, &n));
  assert_int_equal(n, 1); /* the customer index moved too */
  o.on_duplicate = 7;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d3, strlen(d3), NULL, &o), SSVC_EINVAL);
  free(before);
  free(d);
  free(d2);
  free(d3);
}

static void batches_roll_back_whole(void **state) {
  struct fx *f = *state;
  /* Batches of 2; record 4 is bad: batch 1 (1, 2) commits, batch 2 (3) rolls back. */
  char *d = doc_of(5, "ACME", 4, "    <bogus/>\n");
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.batch_size = 2;
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), "b.xml", &o), SSVC_EPARSE);
  assert_int_equal(r.imported, 2);
  assert_int_equal(r.bad, 1);
  assert_int_equal(case_count(f->st), 2);
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(f->st, &c, "SC-2026-000003"), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_case_load(f->st, &c, "SC-2026-000002"), SSVC_OK);
  ssvc_case_free(c);
  /* Not inside a caller's transaction. */
  assert_int_equal(ssvc_store_begin(f->st), SSVC_OK);
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), NULL, &o), SSVC_ESTATE);
  assert_int_equal(ssvc_store_rollback(f->st), SSVC_OK);
  free(d);
}

/* One batch (the default size), a bad last record: nothing of the file is stored, not even the
 * id counter it would have raised, and the same file without the bad record then imports whole. */
static void a_failed_import_leaves_the_store_as_it_was(void **state) {
  struct fx *f = *state;
  char *bad = doc_of(5, "ACME", 5, "    <bogus/>\n"), *good = doc_of(4, "ACME", 0, "");
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, bad, strlen(bad), "bad.xml", NULL),
                   SSVC_EPARSE);
  assert_int_equal(r.imported, 0);
  assert_int_equal(case_count(f->st), 0);
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(f->st, &c, "SC-2026-000001"), SSVC_ENOTFOUND);
  /* The counter of 2026 was not raised: a new registration in 2026 is number 1. */
  fixture_now = STORE_FAULT_NOW;
  char id[SSVC_CASE_ID_SIZE];
  ssvc_case_spec sp = SSVC_CASE_SPEC_INIT;
  sp.customer_id = "ACME";
  sp.user_name = "U";
  sp.imei = "490154203237518";
  sp.model = "M";
  sp.tier_code = "PROF";
  sp.actor = "a";
  fixture_agreement(f->st, "ACME", "PROF", 100, 0, 0); /* agreements have no id counter */
  assert_int_equal(ssvc_case_create(f->st, id, &sp), SSVC_OK);
  assert_string_equal(id + strlen(id) - 7, "-000001");
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, good, strlen(good), "good.xml", NULL),
                   SSVC_EEXISTS); /* SC-2026-000001 exists now: a duplicate, again nothing kept */
  assert_int_equal(case_count(f->st), 1);
  free(bad);
  free(good);
}

struct bad_log {
  int n;
  long line[8], col[8];
  int code[8];
  char id[8][32];
  char msg[8][300];
};

static void on_bad(void *ud, long line, long column, const char *case_id, int code,
                   const char *message) {
  struct bad_log *b = ud;
  if (b->n >= 8) return;
  b->line[b->n] = line;
  b->col[b->n] = column;
  b->code[b->n] = code;
  snprintf(b->id[b->n], sizeof b->id[0], "%s", case_id);
  snprintf(b->msg[b->n], sizeof b->msg[0], "%s", message);
  b->n++;
}

static void bad_records_are_reported_with_positions(void **state) {
  struct fx *f = *state;
  char d[8192];
  char r[1024];
  strcpy(d, head);
  rec(r, sizeof r, 1, "ACME", "");
  strcat(d, r); /* lines 3-7 */
  rec(r, sizeof r, 2, "ACME", "    <diagnosis outcome=\"maybe\"/>\n");
  strcat(d, r); /* lines 8-13: the diagnosis on line 12 */
  strcat(d, "  <case id=\"SC-2026-000003\" customer=\"ACME\" state=\"registered\" "
            "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\">\n"
            "    <user name=\"X\"/>\n    <device imei=\"490154203237517\" model=\"M\"/>\n"
            "    <tier code=\"PROF\" features=\"127\"/>\n  </case>\n"); /* lines 14-18: Luhn */
  strcat(d, "  <agreement id=\"A-1\"/>\n"); /* line 19 */
  strcat(d, "  <x:case xmlns:x=\"urn:other\"/>\n"); /* line 20 */
  rec(r, sizeof r, 1, "ACME", "");
  strcat(d, r); /* lines 21-25: a duplicate within the file */
  rec(r, sizeof r, 4, "ACME", "");
  strcat(d, r);
  strcat(d, "</cases>\n");
  struct bad_log b;
  memset(&b, 0, sizeof b);
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.continue_on_error = 1;
  o.on_bad = on_bad;
  o.on_bad_data = &b;
  ssvc_xml_import_result res = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &res, d, strlen(d), "in.xml", &o), SSVC_OK);
  assert_int_equal(res.imported, 2);
  assert_int_equal(res.bad, 5);
  assert_int_equal(b.n, 5);
  assert_int_equal(b.line[0], 12);
  assert_int_equal(b.col[0], 5);
  assert_string_equal(b.id[0], "SC-2026-000002");
  assert_int_equal(b.code[0], SSVC_EPARSE);
  assert_non_null(strstr(b.msg[0], "in.xml:12:5: case SC-2026-000002: <diagnosis>: outcome: not an "
                                   "outcome (got 'maybe')"));
  assert_int_equal(b.line[1], 14);
  assert_int_equal(b.col[1], 3);
  assert_int_equal(b.code[1], SSVC_EINVAL);
  assert_non_null(strstr(b.msg[1], "in.xml:14:3: case SC-2026-000003: imei: not 15 digits"));
  assert_int_equal(b.line[2], 19);
  assert_non_null(strstr(b.msg[2], "in.xml:19:3: <agreement>: unknown attribute 'id'"));
  assert_int_equal(b.line[3], 20);
  assert_non_null(strstr(b.msg[3], "not in the cases namespace"));
  assert_int_equal(b.line[4], 21);
  assert_int_equal(b.code[4], SSVC_EEXISTS);
  assert_int_equal(case_count(f->st), 2);
}

struct hostile {
  const char *file;
  int code;
  const char *message;
};

static const struct hostile hostile_files[] = {
    {"billion_laughs.xml", SSVC_EPARSE, "billion_laughs.xml:2:1: DOCTYPE is not allowed"},
    {"xxe.xml", SSVC_EPARSE, "xxe.xml:2:1: DOCTYPE is not allowed"},
    {"external_dtd.xml", SSVC_EPARSE, "external_dtd.xml:2:1: DOCTYPE is not allowed"},
    {"parameter_entity.xml", SSVC_EPARSE, "parameter_entity.xml:2:1: DOCTYPE is not allowed"},
    {"deep_nesting.xml", SSVC_ELIMIT, "deep_nesting.xml:9:127: nesting deeper than max_depth (16)"},
    {"huge_attribute.xml", SSVC_ELIMIT, "attribute 'model' longer than max_text (65536 bytes)"},
    {"huge_name.xml", SSVC_ELIMIT, "huge_name.xml:8:1: a name longer than max_name (64 bytes)"},
    {"invalid_utf8.xml", SSVC_EPARSE, "invalid_utf8.xml:4:22: XML: Input is not proper UTF-8"},
    {"latin1_declared.xml", SSVC_EPARSE, "latin1_declared.xml:1:1: the input must be UTF-8 "
                                        "(declared 'ISO-8859-1')"},
    {"utf16.xml", SSVC_EPARSE, "utf16.xml:1:1: the input must be UTF-8 (it starts with a UTF-16 "
                              "byte order mark)"},
    {"truncated.xml", SSVC_EPARSE, "truncated.xml:10:55: XML: attributes construct error (the input "
                                   "ends early: is the file truncated?)"},
    {"wrong_namespace.xml", SSVC_EPARSE, "the root must be <cases xmlns=\"urn:smartservice:cases:1\"> "
                                         "(got <cases> in 'urn:example:other')"},
    {"no_namespace.xml", SSVC_EPARSE, "(got <cases> in no namespace)"},
    {"wrong_version.xml", SSVC_EPARSE, "wrong_version.xml:2:1: <cases>: version must be \"1\" (got \"2\")"},
    {"empty.xml", SSVC_EPARSE, "empty.xml: the input is empty"},
    {"long_declaration.xml", SSVC_EPARSE, "long_declaration.xml:1:1: the input must be UTF-8 (its "
                                          "XML declaration does not end within 512 bytes)"},
    {"not_xml.xml", SSVC_EPARSE, "not_xml.xml:1:1: XML: "},
    {"control_char.xml", SSVC_EPARSE, "control_char.xml:13:16: control character U+0001 is not "
                                      "allowed in XML"},
    {"comment_double_hyphen.xml", SSVC_EPARSE, "comment_double_hyphen.xml:9:12: XML: '--' inside a "
                                               "comment"},
    {"declaration_between_records.xml", SSVC_EPARSE, "declaration_between_records.xml:9:3: XML: an "
                                                     "XML declaration (<?xml) is only allowed"},
    {"comment_invalid_utf8.xml", SSVC_EPARSE, "comment_invalid_utf8.xml:9:12: XML: invalid UTF-8 in "
                                              "a comment"},
    {"too_many_attributes.xml", SSVC_ELIMIT, "too_many_attributes.xml:14:520: more than 64 "
                                             "attributes in one element"},
    {"agreement_closed_days.xml", SSVC_ELIMIT, "agreement_closed_days.xml:265:5: agreement ACME: "
                                               "<agreement>: more than 256 closed days"},
};

static void hostile_files_are_rejected_with_nothing_imported(void **state) {
  struct fx *f = *state;
  make_cases(f->st);
  char *before = export_all(f->st, NULL, NULL);
  for (size_t i = 0; i < sizeof hostile_files / sizeof hostile_files[0]; i++) {
    const struct hostile *h = &hostile_files[i];
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", SSVC_HOSTILE_DIR, h->file);
    for (int cont = 0; cont <= 1; cont++) {
      ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
      o.continue_on_error = cont;
      o.on_duplicate = SSVC_XML_DUP_REPLACE;
      ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
      int rc = ssvc_xml_import_file(f->st, &r, path, &o);
      if (rc != h->code || !strstr(ssvc_ctx_errmsg(f->ctx), h->message))
        fail_msg("%s: got %s '%s', expected %s '%s'", h->file, ssvc_status_name(rc),
                 ssvc_ctx_errmsg(f->ctx), ssvc_status_name(h->code), h->message);
      assert_int_equal(r.imported + r.replaced, 0);
      char *after = export_all(f->st, NULL, NULL);
      if (strcmp(before, after) != 0) fail_msg("%s: the store changed", h->file);
      free(after);
    }
  }
  free(before);
  assert_int_equal(ssvc_xml_import_file(f->st, NULL, "/nonexistent.xml", NULL), SSVC_EIO);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "/nonexistent.xml: cannot open"));
}

static void limits(void **state) {
  struct fx *f = *state;
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  char *d = doc_of(3, "ACME", 2, "    <symptom>0123456789012345678901234567890</symptom>\n");
  o.max_text = 20;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), "l.xml", &o), SSVC_ELIMIT);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "l.xml:12:5: case SC-2026-000002: <symptom>: "
                                                  "text longer than max_text (20 bytes)"));
  /* A limit stops even with continue_on_error, and the batch goes. */
  o.continue_on_error = 1;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), "l.xml", &o), SSVC_ELIMIT);
  assert_int_equal(case_count(f->st), 0);
  o.max_text = 0;
  o.max_total = strlen(d) - 1;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), "l.xml", &o), SSVC_ELIMIT);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "larger than max_total"));
  o.max_total = strlen(d);
  o.max_name = 5; /* "device" is 6 */
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), "l.xml", &o), SSVC_ELIMIT);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "longer than max_name (5 bytes)"));
  o.max_name = 0;
  o.max_depth = 1;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), "l.xml", &o), SSVC_ELIMIT);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "deeper than max_depth (1)"));
  assert_int_equal(case_count(f->st), 0);
  o.max_depth = 0;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), "l.xml", &o), SSVC_OK);
  assert_int_equal(case_count(f->st), 3);
  free(d);
}

static void record_rules(void **state) {
  struct fx *f = *state;
  static const struct {
    const char *extra_or_attr;
    const char *message;
  } bad[] = {
      {"    <user name=\"again\"/>\n", "<user> is out of place"},
      {"    <symptom a=\"1\">x</symptom>\n", "<symptom>: unknown attribute 'a'"},
      {"    <symptom><b/></symptom>\n", "<symptom> must not contain elements (got <b>)"},
      {"    <shipment kind=\"drone\" at=\"2026-03-02T09:00:00Z\" freight=\"0\"/>\n",
       "kind: not a shipment kind (got 'drone')"},
      {"    <shipment kind=\"faulty\" at=\"2026-03-02 09:00\" freight=\"0\"/>\n",
       "at: not a UTC instant like 2026-03-02T09:00:00Z"},
      {"    <shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\" freight=\"-1\"/>\n",
       "freight: not a whole number 0.."},
      {"    <charge kind=\"0\" amount=\"1\"/>\n", "kind: not a whole number 1.."},
      {"    <charge kind=\"1\" amount=\"1\" currency=\"sek\"/>\n", "currency must be three"},
      {"    <event at=\"2026-03-02T09:00:00Z\" kind=\"state\" to=\"lost\"/>\n",
       "to: not a case state (got 'lost')"},
      {"    <event at=\"2026-03-02T09:00:00Z\" kind=\"party\"/>\n", "not an event kind"},
      {"    <diagnosis>x</diagnosis>\n", "attribute 'outcome' is required"},
      {"    text\n", "<case>: unexpected text"},
      {"    <x:note xmlns:x=\"urn:other\"/>\n", "<case>: unexpected element <note>"},
      {"    <photo/>\n", "<case>: unknown element <photo>"},
      {"    <diagnosis outcome=\"workshop\"/>\n    <symptom>s</symptom>\n",
       "<symptom> is out of place"},
      {"    <shipment at=\"2026-03-02T09:00:00Z\" freight=\"0\"/>\n",
       "<shipment>: attribute 'kind' is required"},
      {"    <shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\" freight=\"0\">x</shipment>\n",
       "<shipment> must be empty"},
      {"    <shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\" freight=\"01\"/>\n",
       "freight: not a whole number 0.."},
      {"    <shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\" freight=\"1a\"/>\n",
       "freight: not a whole number 0.."},
      {"    <shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\" "
       "freight=\"99999999999999999999\"/>\n",
       "freight: not a whole number 0.."},
      {"    <shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\" "
       "freight=\"9223372036854775808\"/>\n",
       "freight: not a whole number 0.."},
      {"    <charge kind=\"1\" amount=\"-0\"/>\n", "amount: not a whole number"},
      {"    <charge kind=\"1\" amount=\"-\"/>\n", "amount: not a whole number"},
      {"    <charge kind=\"1\" amount=\"\"/>\n", "attribute 'amount' is required"},
      {"    <charge kind=\"1\" amount=\"5\"><b/></charge>\n", "<charge> must not contain elements"},
      {"    <event at=\"2026-03-02T09:00:00Z\" kind=\"state\" from=\"gone\"/>\n",
       "from: not a case state (got 'gone')"},
      {"    <event kind=\"note\"/>\n", "<event>: attribute 'at' is required"},
      {"    <event at=\"2026-03-02T09:00:00Z\"/>\n", "<event>: attribute 'kind' is required"},
      {"    <event at=\"2026-13-02T09:00:00Z\" kind=\"note\"/>\n",
       "at: not a UTC instant like 2026-03-02T09:00:00Z"},
      {"    <diagnosis outcome=\"workshop\" x:y=\"1\" xmlns:x=\"urn:x\"/>\n",
       "<diagnosis>: unknown attribute 'y'"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char *d = doc_of(1, "ACME", 1, bad[i].extra_or_attr);
    int rc = ssvc_xml_import_memory(f->st, NULL, d, strlen(d), "r.xml", NULL);
    if (rc == SSVC_OK || !strstr(ssvc_ctx_errmsg(f->ctx), bad[i].message))
      fail_msg("case %zu: got %s '%s', expected '%s'", i, ssvc_status_name(rc),
               ssvc_ctx_errmsg(f->ctx), bad[i].message);
    free(d);
  }
  static const struct {
    const char *from, *to, *message;
  } attrs[] = {
      {"id=\"SC-2026-000001\"", "id=\"SC-26-1\"", "not a case id"},
      {"state=\"registered\"", "state=\"open\"", "state: not a case state"},
      {"registered=\"2026-03-02T09:00:00Z\"", "registered=\"2025-03-02T09:00:00Z\"",
       "the id's year 2026 is not the year of registration"},
      {"updated=\"2026-03-02T09:00:00Z\"", "updated=\"2026-03-01T09:00:00Z\"",
       "updated: before the registration"},
      {"customer=\"ACME\"", "customer=\"\"", "attribute 'customer' is required"},
      {"features=\"127\"", "features=\"128\"", "features: not a whole number 0..127"},
      {"<user name=\"U 1\"/>", "<user/>", "user name: must be given"},
      {" model=\"Fairphone 5\"", "", "model: must be given"},
      {"state=\"registered\"", "state=\"registered\" erased=\"yes\"", "erased: must be true"},
      {"<tier code=\"PROF\" features=\"127\"/>", "", "<tier> is missing"},
      {"<user name=\"U 1\"/>", "", "<user> is missing"},
      {"<tier code=\"PROF\" features=\"127\"/>", "<tier features=\"127\"/>",
       "<tier>: attribute 'code' is required"},
      {"features=\"127\"", "features=\"-5\"", "features: not a whole number 0..127"},
      {"state=\"registered\"", "state=\"registered\" erased=\"false\" extra=\"1\"",
       "<case>: unknown attribute 'extra'"},
      {"registered=\"2026-03-02T09:00:00Z\"", "registered=\"yesterday\"",
       "registered: not a UTC instant"},
      {"<device imei", "<device serial=\"S\" purchased=\"2026-02-30\" imei",
       "purchased: not a date YYYY-MM-DD"},
      {"<device imei", "<device warranty-end=\"2026/03/02\" imei",
       "warranty-end: not a date YYYY-MM-DD"},
  };
  for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
    char *d = doc_of(1, "ACME", 0, "");
    char *p = strstr(d, attrs[i].from);
    assert_non_null(p);
    size_t fl = strlen(attrs[i].from), tl = strlen(attrs[i].to);
    memmove(p + tl, p + fl, strlen(p + fl) + 1);
    memcpy(p, attrs[i].to, tl);
    int rc = ssvc_xml_import_memory(f->st, NULL, d, strlen(d), "r.xml", NULL);
    if (rc == SSVC_OK || !strstr(ssvc_ctx_errmsg(f->ctx), attrs[i].message))
      fail_msg("attr %zu: got %s '%s', expected '%s'", i, ssvc_status_name(rc),
               ssvc_ctx_errmsg(f->ctx), attrs[i].message);
    free(d);
  }
  assert_int_equal(case_count(f->st), 0);
  /* CDATA and split text are read whole. */
  char *d = doc_of(1, "ACME", 1, "    <symptom>a<![CDATA[<b>]]>&amp;c</symptom>\n");
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, d, strlen(d), NULL, NULL), SSVC_OK);
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(f->st, &c, "SC-2026-000001"), SSVC_OK);
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(c, &i), SSVC_OK);
  assert_string_equal(i.symptom, "a<b>&c");
  ssvc_case_free(c);
  free(d);
  /* An erased case needs no name or IMEI. */
  static const char erased[] =
      "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\"><case id=\"SC-2026-000002\" "
      "customer=\"ACME\" state=\"closed\" registered=\"2026-03-02T09:00:00Z\" "
      "updated=\"2026-03-02T09:00:00Z\" erased=\"true\"><user/><device model=\"M\"/>"
      "<tier code=\"PROF\" features=\"0\"/></case></cases>";
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, erased, strlen(erased), NULL, NULL),
                   SSVC_OK);
  assert_int_equal(case_count(f->st), 2);
}

static void options_and_arguments(void **state) {
  struct fx *f = *state;
  if (access("/dev/full", W_OK) == 0) { /* a full disk: the failed write names the file */
    assert_int_equal(ssvc_xml_export_file(f->st, NULL, "/dev/full", NULL), SSVC_EIO);
    assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "ssvc_xml_export_file: /dev/full: cannot "
                                                    "write (No space left on device)"));
  }
  ssvc_xml_import_options o;
  assert_int_equal(ssvc_xml_import_options_init(&o, SSVC_XML_IMPORT_OPTIONS_VERSION), SSVC_OK);
  assert_int_equal(o.version, SSVC_XML_IMPORT_OPTIONS_VERSION);
  assert_int_equal(ssvc_xml_import_options_init(&o, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_xml_import_options_init(NULL, 1), SSVC_EINVAL);
  ssvc_xml_export_options e;
  assert_int_equal(ssvc_xml_export_options_init(&e, SSVC_XML_EXPORT_OPTIONS_VERSION), SSVC_OK);
  assert_int_equal(ssvc_xml_export_options_init(&e, 2), SSVC_EVERSION);
  o.version = SSVC_XML_IMPORT_OPTIONS_VERSION + 1;
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, head, strlen(head), NULL, &o),
                   SSVC_EVERSION);
  ssvc_xml_import_result r = {0, 0, 0, 0, 0, 0, 0, 0};
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, head, strlen(head), NULL, NULL),
                   SSVC_EVERSION);
  assert_int_equal(ssvc_xml_import_memory(NULL, NULL, head, 1, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, NULL, 1, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_xml_import_file(f->st, NULL, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_xml_import_file(NULL, NULL, "x", NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_xml_export_file(f->st, NULL, NULL, NULL), SSVC_EINVAL);
  /* An empty <cases/> imports nothing. */
  static const char empty[] = "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\"/>";
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, empty, strlen(empty), NULL, NULL), SSVC_OK);
  /* A validating import refuses what the schema refuses, as an error with a position. */
  o.version = SSVC_XML_IMPORT_OPTIONS_VERSION;
  o.validate = 1;
  char *d = doc_of(2, "ACME", 2, "    <bogus/>\n");
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, d, strlen(d), "v.xml", &o), SSVC_EPARSE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "v.xml:"));
  assert_int_equal(case_count(f->st), 0);
  free(d);
}

/* ---- Agreements ---- */

/* A custom-tier agreement with everything set (the plain one with the defaults is ACME's, made
 * with the cases). */
static void make_agreements(ssvc_store *st) {
  static const ssvc_date closed[] = {{2026, 12, 28}, {2026, 5, 5}};
  static const ssvc_agreement_model models[] = {{"Fairphone 5", 250000, 3},
                                                {"Galaxy A15", SSVC_AGREEMENT_NO_OVERRIDE, 0},
                                                {"Nokia 3310", 0, 7}};
  ssvc_tier_spec t = SSVC_TIER_SPEC_INIT;
  t.code = "GOLD";
  t.name_sv = "Guld <åäö>";
  t.name_en = "Gold";
  t.features = SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_SWAP_ACTIVATION;
  t.price_minor = 4550;
  t.currency = "EUR";
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "Kund AB";
  s.customer_name = "Kund & \"Co\" AB";
  s.tier_code = "GOLD";
  s.custom_tier = &t;
  s.fleet = 120;
  s.replacement = SSVC_REPLACEMENT_LOAN;
  s.repaired_to = SSVC_REPAIRED_TO_USER;
  s.swap_basis_points = 500;
  s.cutoff_seconds = 55800;
  s.return_days = 7;
  s.closed_days = closed;
  s.closed_day_count = 2;
  s.user_price_minor = 0;
  s.freight_minor = 9900;
  s.packaging_minor = 1;
  s.replacement_value_minor = 150000;
  s.vat_basis_points = 600;
  s.swap_rent_minor = 4900;
  s.models = models;
  s.model_count = 3;
  assert_int_equal(ssvc_agreement_create(st, &s, "t"), SSVC_OK);
}

static void agreements_round_trip_is_byte_identical(void **state) {
  struct fx *f = *state;
  make_cases(f->st);
  make_agreements(f->st);
  size_t n = 0;
  char *a = export_all(f->st, NULL, &n);
  assert_int_equal(n, 3); /* the count is of cases */
  /* After the cases, in customer id order, every field in its place. */
  const char *acme = strstr(a, "  <agreement customer=\"ACME\" name=\"ACME AB\" tier=\"PROF\" "
                               "fleet=\"100\" replacement=\"swap\" repaired-to=\"stock\" "
                               "swap-basis-points=\"800\" cutoff-seconds=\"50400\" "
                               "return-days=\"10\" vat-basis-points=\"2500\"/>\n");
  assert_non_null(acme);
  assert_true(acme > strstr(a, "</case>\n  <agreement"));
  assert_non_null(strstr(acme,
      "  <agreement customer=\"Kund AB\" name=\"Kund &amp; &quot;Co&quot; AB\" tier=\"GOLD\" "
      "fleet=\"120\" replacement=\"loan\" repaired-to=\"user\" swap-basis-points=\"500\" "
      "cutoff-seconds=\"55800\" return-days=\"7\" vat-basis-points=\"600\" user-price=\"0\" "
      "freight=\"9900\" packaging=\"1\" replacement-value=\"150000\" swap-rent=\"4900\">\n"
      "    <custom-tier name-sv=\"Guld &lt;åäö&gt;\" name-en=\"Gold\" features=\"65\" "
      "price=\"4550\" currency=\"EUR\"/>\n"
      "    <closed-day date=\"2026-12-28\"/>\n"
      "    <closed-day date=\"2026-05-05\"/>\n"
      "    <model name=\"Fairphone 5\" value=\"250000\" target=\"3\"/>\n"
      "    <model name=\"Galaxy A15\"/>\n"
      "    <model name=\"Nokia 3310\" value=\"0\" target=\"7\"/>\n"
      "  </agreement>\n</cases>\n"));
  /* Into an empty store (validating against the schema), and out again: the same bytes. */
  ssvc_ctx *ctx2;
  ssvc_store *st2 = new_store(&ctx2);
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.validate = 1;
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(st2, &r, a, strlen(a), "a.xml", &o), SSVC_OK);
  assert_int_equal(r.imported, 3);
  assert_int_equal(r.agreements_imported, 3); /* ACME, Bygg AB (BAS, the fixture's), Kund AB */
  assert_int_equal(r.agreements_replaced + r.agreements_skipped + r.bad, 0);
  char *b = export_all(st2, NULL, NULL);
  assert_string_equal(a, b);
  /* The imported agreement is whole: its spec equals the original's field by field. */
  ssvc_agreement *x = NULL, *y = NULL;
  assert_int_equal(ssvc_agreement_load(f->st, &x, "Kund AB"), SSVC_OK);
  assert_int_equal(ssvc_agreement_load(st2, &y, "Kund AB"), SSVC_OK);
  assert_int_equal(ssvc_agreement_features(y), ssvc_agreement_features(x));
  assert_int_equal(ssvc_agreement_swap_level(y), 6);
  assert_int_equal(ssvc_agreement_replacement_value(y, "Galaxy A15"), 150000);
  assert_int_equal(ssvc_agreement_shipment_cost(y), 9901);
  ssvc_agreement_event e = SSVC_AGREEMENT_EVENT_INIT;
  assert_int_equal(ssvc_agreement_event_count(y), 1);
  assert_int_equal(ssvc_agreement_event_at(y, 0, &e), SSVC_OK);
  assert_string_equal(e.actor, "xml-import");
  assert_int_equal(e.kind, SSVC_AGREEMENT_EVENT_CREATED);
  ssvc_agreement_free(x);
  ssvc_agreement_free(y);
  /* The customer filter: that customer's cases and agreement only. */
  ssvc_xml_export_options eo = SSVC_XML_EXPORT_OPTIONS_INIT;
  eo.customer_id = "Kund AB";
  char *k = export_all(st2, &eo, &n);
  assert_int_equal(n, 0);
  assert_non_null(strstr(k, "<agreement customer=\"Kund AB\""));
  assert_null(strstr(k, "customer=\"ACME\""));
  free(k);
  eo.customer_id = "ACME";
  k = export_all(st2, &eo, &n);
  assert_int_equal(n, 2);
  assert_non_null(strstr(k, "</case>\n  <agreement customer=\"ACME\""));
  assert_null(strstr(k, "Kund AB"));
  free(k);
  eo.customer_id = "Bygg AB"; /* its case and its agreement */
  k = export_all(st2, &eo, &n);
  assert_int_equal(n, 1);
  assert_non_null(strstr(k, "</case>\n  <agreement customer=\"Bygg AB\" name=\"Bygg AB\" "
                            "tier=\"BAS\" fleet=\"20\""));
  assert_null(strstr(k, "customer=\"ACME\""));
  assert_null(strstr(k, "Kund AB"));
  free(k);
  /* A caller built against version 1 of the result gets the case counts only. */
  ssvc_ctx *ctx3;
  ssvc_store *st3 = new_store(&ctx3);
  ssvc_xml_import_result r1 = {1, 9, 9, 9, 9, 77, 77, 77};
  assert_int_equal(ssvc_xml_import_memory(st3, &r1, a, strlen(a), NULL, NULL), SSVC_OK);
  assert_int_equal(r1.imported, 3);
  assert_int_equal(r1.bad, 0);
  assert_int_equal(r1.agreements_imported, 77);
  r1.version = 3;
  assert_int_equal(ssvc_xml_import_memory(st3, &r1, a, strlen(a), NULL, NULL), SSVC_EVERSION);
  /* The export stops cleanly when the output fails within the agreements. */
  struct mem m = {NULL, 0, 0, strlen(a) - 20};
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &m, NULL), SSVC_EIO);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "the output stopped"));
  free(m.p);
  free(a);
  free(b);
  ssvc_store_free(st2);
  ssvc_ctx_free(ctx2);
  ssvc_store_free(st3);
  ssvc_ctx_free(ctx3);
}

static const char agr_plain[] =
    "  <agreement customer=\"ACME\" name=\"ACME AB\" tier=\"PROF\" fleet=\"%d\"/>\n";

static char *agr_doc(int fleet) {
  char *d = malloc(1024);
  int k = snprintf(d, 1024, "%s", head);
  k += snprintf(d + k, 1024 - (size_t)k, agr_plain, fleet);
  snprintf(d + k, 1024 - (size_t)k, "</cases>\n");
  return d;
}

static void agreement_duplicate_policies(void **state) {
  struct fx *f = *state;
  char *d = agr_doc(10);
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), NULL, NULL), SSVC_OK);
  assert_int_equal(r.agreements_imported, 1);
  char *before = export_all(f->st, NULL, NULL);
  /* reject (the default): a bad record with its position; nothing changes */
  char *d2 = agr_doc(20);
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d2, strlen(d2), "d2.xml", NULL),
                   SSVC_EEXISTS);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx),
                         "d2.xml:3:3: agreement ACME: the customer has an agreement already"));
  assert_int_equal(r.agreements_imported + r.agreements_replaced, 0);
  assert_int_equal(r.bad, 1);
  char *after = export_all(f->st, NULL, NULL);
  assert_string_equal(before, after);
  free(after);
  /* skip: the stored one stays */
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.on_duplicate = SSVC_XML_DUP_SKIP;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d2, strlen(d2), NULL, &o), SSVC_OK);
  assert_int_equal(r.agreements_skipped, 1);
  assert_int_equal(r.agreements_imported + r.agreements_replaced, 0);
  after = export_all(f->st, NULL, NULL);
  assert_string_equal(before, after);
  free(after);
  /* replace: an update, logged, keeping the log */
  o.on_duplicate = SSVC_XML_DUP_REPLACE;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d2, strlen(d2), NULL, &o), SSVC_OK);
  assert_int_equal(r.agreements_replaced, 1);
  assert_int_equal(r.agreements_imported + r.agreements_skipped, 0);
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  assert_int_equal(s.fleet, 20);
  assert_int_equal(ssvc_agreement_event_count(a), 2);
  ssvc_agreement_free(a);
  /* Twice in one file under reject: the second is the duplicate, the first stays out too. */
  char d3[2048];
  int k = snprintf(d3, sizeof d3, "%s", head);
  k += snprintf(d3 + k, sizeof d3 - (size_t)k,
                "  <agreement customer=\"N\" name=\"N\" tier=\"BAS\" fleet=\"1\"/>\n");
  k += snprintf(d3 + k, sizeof d3 - (size_t)k,
                "  <agreement customer=\"N\" name=\"N\" tier=\"BAS\" fleet=\"2\"/>\n</cases>\n");
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d3, strlen(d3), "d3.xml", NULL),
                   SSVC_EEXISTS);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "d3.xml:4:3: agreement N:"));
  assert_int_equal(ssvc_agreement_load(f->st, &a, "N"), SSVC_ENOTFOUND);
  free(before);
  free(d);
  free(d2);
}

static void bad_agreements_are_reported_with_positions(void **state) {
  struct fx *f = *state;
  static const char d[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\">\n"
      "  <agreement customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\">\n" /* 3 */
      "    <model name=\"M\"/>\n"
      "    <closed-day date=\"2026-05-05\"/>\n" /* 5: out of place */
      "  </agreement>\n"
      "  <agreement customer=\"B\" name=\"B\" tier=\"BAS\" fleet=\"1\" replacement=\"rent\"/>\n"
      "  <agreement customer=\"C\" name=\"C\" tier=\"GOLDEN\" fleet=\"1\"/>\n" /* 8 */
      "  <agreement customer=\"D\" name=\"D\" tier=\"BAS\" fleet=\"1\">\n" /* 9 */
      "    <closed-day date=\"2026-05-05\"/><closed-day date=\"2026-05-05\"/>\n"
      "  </agreement>\n"
      "  <agreement customer=\"E\" name=\"E\" tier=\"BAS\" fleet=\"-1\"/>\n" /* 12 */
      "  <agreement name=\"F\" tier=\"BAS\" fleet=\"1\"/>\n" /* 13 */
      "  <agreement customer=\"G\" name=\"G\" tier=\"BAS\" fleet=\"1\">\n" /* 14 */
      "    <model value=\"5\"/>\n" /* 15 */
      "  </agreement>\n"
      "  <agreement customer=\"H\" name=\"H\" tier=\"BAS\" fleet=\"3\" freight=\"0\"/>\n"
      "</cases>\n";
  struct bad_log b;
  memset(&b, 0, sizeof b);
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.continue_on_error = 1;
  o.on_bad = on_bad;
  o.on_bad_data = &b;
  ssvc_xml_import_result res = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &res, d, strlen(d), "in.xml", &o), SSVC_OK);
  assert_int_equal(res.agreements_imported, 1);
  assert_int_equal(res.bad, 7);
  assert_int_equal(b.n, 7);
  static const struct {
    long line, col;
    int code;
    const char *msg;
  } want[] = {
      {5, 5, SSVC_EPARSE, "in.xml:5:5: agreement A: <agreement>: <closed-day> is out of place"},
      {7, 3, SSVC_EPARSE, "in.xml:7:3: agreement B: <agreement>: replacement: not swap or loan "
                          "(got 'rent')"},
      {8, 3, SSVC_ENOTFOUND, "in.xml:8:3: agreement C: spec->tier_code: "
                             "no built-in tier 'GOLDEN'"},
      {9, 3, SSVC_EINVAL, "in.xml:9:3: agreement D: "
                           "spec->closed_days[1]: 2026-05-05 twice"},
      {12, 3, SSVC_EPARSE, "in.xml:12:3: agreement E: <agreement>: fleet: not a whole number"},
      {13, 3, SSVC_EPARSE, "in.xml:13:3: <agreement>: attribute 'customer' is required"},
      {15, 5, SSVC_EPARSE, "in.xml:15:5: agreement G: <model>: attribute 'name' is required"},
  };
  for (int i = 0; i < 7; i++) {
    if (b.line[i] != want[i].line || b.col[i] != want[i].col || b.code[i] != want[i].code ||
        !strstr(b.msg[i], want[i].msg))
      fail_msg("bad record %d: %ld:%ld %s '%s'", i, b.line[i], b.col[i],
               ssvc_status_name(b.code[i]), b.msg[i]);
    assert_string_equal(b.id[i], "");
  }
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "H"), SSVC_OK);
  assert_int_equal(ssvc_agreement_shipment_cost(a), 2500);
  ssvc_agreement_free(a);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "A"), SSVC_ENOTFOUND);
  /* Without continue_on_error the first bad agreement fails the import and rolls back H. */
  ssvc_ctx *ctx2;
  ssvc_store *st2 = new_store(&ctx2);
  static const char d2[] =
      "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\">"
      "<agreement customer=\"H\" name=\"H\" tier=\"BAS\" fleet=\"3\"/>"
      "<agreement customer=\"I\" name=\"I\" tier=\"BAS\" fleet=\"3\" cutoff-seconds=\"0\"/>"
      "</cases>";
  assert_int_equal(ssvc_xml_import_memory(st2, &res, d2, strlen(d2), NULL, NULL), SSVC_EPARSE);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx2), "agreement I: <agreement>: cutoff-seconds: "));
  assert_int_equal(res.agreements_imported, 0);
  assert_int_equal(ssvc_agreement_load(st2, &a, "H"), SSVC_ENOTFOUND);
  /* The schema refuses what it does not describe: an agreement before a case, a bad value. */
  o.validate = 1;
  o.continue_on_error = 0;
  o.on_bad = NULL;
  char *v = doc_of(1, "ACME", 0, "");
  char *p = strstr(v, "  <case");
  char doc2[4096];
  snprintf(doc2, sizeof doc2, "%.*s%s%s", (int)(p - v), v,
           "  <agreement customer=\"Z\" name=\"Z\" tier=\"BAS\" fleet=\"1\"/>\n", p);
  assert_int_equal(ssvc_xml_import_memory(st2, &res, doc2, strlen(doc2), "v.xml", &o),
                   SSVC_EPARSE);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx2), "v.xml:"));
  assert_int_equal(case_count(st2), 0);
  assert_int_equal(ssvc_agreement_load(st2, &a, "Z"), SSVC_ENOTFOUND);
  static const char d3[] =
      "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\">\n"
      "<agreement customer=\"Z\" name=\"Z\" tier=\"BAS\" fleet=\"1\" swap-basis-points=\"20000\"/>"
      "</cases>";
  assert_int_equal(ssvc_xml_import_memory(st2, &res, d3, strlen(d3), "v.xml", &o), SSVC_EPARSE);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx2), "v.xml:2:"));
  assert_int_equal(ssvc_agreement_load(st2, &a, "Z"), SSVC_ENOTFOUND);
  o.validate = 0; /* without the schema it is a bad record */
  assert_int_equal(ssvc_xml_import_memory(st2, &res, d3, strlen(d3), "v.xml", &o), SSVC_EPARSE);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx2), "swap-basis-points: not a whole number 0..10000"));
  free(v);
  ssvc_store_free(st2);
  ssvc_ctx_free(ctx2);
}

/* Every text of a case record is held to the size the library allows: a value one byte too
 * long is refused naming the field; the longest allowed value is taken. */
static void case_texts_have_their_sizes(void **state) {
  struct fx *f = *state;
  static const struct {
    const char *tmpl; /* a record with %s where the text goes (replaced, not a format) */
    size_t max;
    const char *field;
  } texts[] = {
      {"<case id=\"SC-2026-000001\" customer=\"%s\" state=\"registered\" "
       "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\"><user name=\"U\"/>"
       "<device imei=\"490154203237518\" model=\"M\"/><tier code=\"PROF\" features=\"1\"/></case>",
       64, "customer"},
      {"<case id=\"SC-2026-000001\" customer=\"A\" state=\"registered\" "
       "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\"><user name=\"%s\"/>"
       "<device imei=\"490154203237518\" model=\"M\"/><tier code=\"PROF\" features=\"1\"/></case>",
       256, "user name"},
      {"<case id=\"SC-2026-000001\" customer=\"A\" state=\"registered\" "
       "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\"><user name=\"U\" "
       "phone=\"%s\"/><device imei=\"490154203237518\" model=\"M\"/><tier code=\"PROF\" "
       "features=\"1\"/></case>",
       256, "user phone"},
      {"<case id=\"SC-2026-000001\" customer=\"A\" state=\"registered\" "
       "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\"><user name=\"U\" "
       "email=\"%s\"/><device imei=\"490154203237518\" model=\"M\"/><tier code=\"PROF\" "
       "features=\"1\"/></case>",
       256, "user email"},
      {"<case id=\"SC-2026-000001\" customer=\"A\" state=\"registered\" "
       "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\"><user name=\"U\"/>"
       "<device imei=\"490154203237518\" model=\"%s\"/><tier code=\"PROF\" features=\"1\"/></case>",
       256, "model"},
      {"<case id=\"SC-2026-000001\" customer=\"A\" state=\"registered\" "
       "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\"><user name=\"U\"/>"
       "<device imei=\"490154203237518\" model=\"M\" serial=\"%s\"/><tier code=\"PROF\" "
       "features=\"1\"/></case>",
       256, "serial"},
      {"<case id=\"SC-2026-000001\" customer=\"A\" state=\"registered\" "
       "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\"><user name=\"U\"/>"
       "<device imei=\"490154203237518\" model=\"M\"/><tier code=\"%s\" features=\"1\"/></case>",
       64, "tier code"},
      {"<case id=\"SC-2026-000001\" customer=\"A\" state=\"registered\" "
       "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\"><user name=\"U\"/>"
       "<device imei=\"490154203237518\" model=\"M\"/><tier code=\"PROF\" features=\"1\"/>"
       "<symptom>%s</symptom></case>",
       4096, "symptom"},
      {"<case id=\"SC-2026-000001\" customer=\"A\" state=\"registered\" "
       "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\"><user name=\"U\"/>"
       "<device imei=\"490154203237518\" model=\"M\"/><tier code=\"PROF\" features=\"1\"/>"
       "<event at=\"2026-03-02T09:00:00Z\" actor=\"%s\" kind=\"created\"/></case>",
       256, "event actor"},
      {"<case id=\"SC-2026-000001\" customer=\"A\" state=\"registered\" "
       "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\"><user name=\"U\"/>"
       "<device imei=\"490154203237518\" model=\"M\"/><tier code=\"PROF\" features=\"1\"/>"
       "<shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\" carrier=\"%s\" freight=\"0\"/>"
       "</case>",
       256, "shipment carrier"},
      {"<case id=\"SC-2026-000001\" customer=\"A\" state=\"registered\" "
       "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\"><user name=\"U\"/>"
       "<device imei=\"490154203237518\" model=\"M\"/><tier code=\"PROF\" features=\"1\"/>"
       "<shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\" tracking=\"%s\" freight=\"0\"/>"
       "</case>",
       256, "shipment tracking"},
  };
  size_t cap = 8192 + 4097;
  char *text = malloc(4098), *d = malloc(cap);
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.on_duplicate = SSVC_XML_DUP_REPLACE;
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    for (int over = 0; over <= 1; over++) {
      memset(text, 'x', texts[i].max + (size_t)over);
      text[texts[i].max + (size_t)over] = '\0';
      const char *at = strstr(texts[i].tmpl, "%s");
      snprintf(d, cap, "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\">%.*s%s%s</cases>",
               (int)(at - texts[i].tmpl), texts[i].tmpl, text, at + 2);
      int rc = ssvc_xml_import_memory(f->st, NULL, d, strlen(d), "t.xml", &o);
      char want[64];
      snprintf(want, sizeof want, "%s: longer than %zu bytes", texts[i].field, texts[i].max);
      if (over ? rc != SSVC_EINVAL || !strstr(ssvc_ctx_errmsg(f->ctx), want) : rc != SSVC_OK)
        fail_msg("%s, %zu bytes: got %s '%s'", texts[i].field, texts[i].max + (size_t)over,
                 ssvc_status_name(rc), ssvc_ctx_errmsg(f->ctx));
    }
  }
  free(d);
  free(text);
}

/* The document around the records: byte order marks, the encoding declared, the root element,
 * foreign records; each refused with a message that says what is wrong, nothing imported; the
 * forms that are right are taken. */
static void document_envelope(void **state) {
  struct fx *f = *state;
  static const char body[] = "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\">"
                             "<agreement customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"/>"
                             "</cases>";
  static const struct {
    const char *prefix, *doc; /* doc NULL: the prefix, then the body */
    int code;
    const char *message;
  } docs[] = {
      {"\xFE\xFF", NULL, SSVC_EPARSE, "e.xml:1:1: the input must be UTF-8 (it starts with a "
                                      "UTF-16 byte order mark)"},
      {"\xFF\xFE", NULL, SSVC_EPARSE, "UTF-16 byte order mark"},
      {"\x4C\x6F\xA7\x94", NULL, SSVC_EPARSE, "it starts like EBCDIC"},
      {"<?xml version=\"1.0\" encoding='latin1'?>", NULL, SSVC_EPARSE, "(declared 'latin1')"},
      {"<?xml version=\"1.0\" encoding = \"UTF-16\"?>", NULL, SSVC_EPARSE, "(declared 'UTF-16')"},
      {"<?xml version=\"1.0\"", NULL, SSVC_EPARSE, "XML declaration does not end"},
      {"", "<other xmlns=\"urn:smartservice:cases:1\" version=\"1\"/>", SSVC_EPARSE,
       "the root must be <cases xmlns=\"urn:smartservice:cases:1\"> (got <other> in "
       "'urn:smartservice:cases:1')"},
      {"", "<cases version=\"1\"/>", SSVC_EPARSE, "(got <cases> in no namespace)"},
      {"", "<cases xmlns=\"urn:smartservice:cases:1\"/>", SSVC_EPARSE,
       "<cases>: version must be \"1\" (got \"\")"},
      {"", "<cases xmlns=\"urn:smartservice:cases:1\" version=\"2\"/>", SSVC_EPARSE,
       "version must be \"1\" (got \"2\")"},
      {"", "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\"><invoice/></cases>",
       SSVC_EPARSE, "e.xml:1:53: unknown record <invoice>"},
      {"", "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\"><x:case xmlns:x=\"urn:x\"/>"
           "</cases>",
       SSVC_EPARSE, "unknown record <case> (not in the cases namespace)"},
      {"", "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\">", SSVC_EPARSE,
       "(the input ends early: is the file truncated?)"},
      {"", "<!-- nothing but a comment -->", SSVC_EPARSE, "e.xml"},
  };
  char d[1024];
  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
    snprintf(d, sizeof d, "%s%s", docs[i].prefix, docs[i].doc ? docs[i].doc : body);
    ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
    int rc = ssvc_xml_import_memory(f->st, &r, d, strlen(d), "e.xml", NULL);
    if (rc != docs[i].code || !strstr(ssvc_ctx_errmsg(f->ctx), docs[i].message))
      fail_msg("document %zu: got %s '%s', expected %s '%s'", i, ssvc_status_name(rc),
               ssvc_ctx_errmsg(f->ctx), ssvc_status_name(docs[i].code), docs[i].message);
    assert_int_equal(r.agreements_imported, 0);
  }
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "A"), SSVC_ENOTFOUND);
  /* A UTF-8 byte order mark and the ways of declaring UTF-8 are all taken. */
  static const char *const good[] = {"\xEF\xBB\xBF", "<?xml version=\"1.0\" encoding=\"utf8\"?>",
                                     "\xEF\xBB\xBF<?xml version='1.0' encoding = 'Utf-8' ?>",
                                     "<?xml version=\"1.0\" standalone=\"yes\"?>"};
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.on_duplicate = SSVC_XML_DUP_REPLACE;
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    snprintf(d, sizeof d, "%s%s", good[i], body);
    ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
    if (ssvc_xml_import_memory(f->st, &r, d, strlen(d), "e.xml", &o) != SSVC_OK)
      fail_msg("good %zu: %s", i, ssvc_ctx_errmsg(f->ctx));
    assert_int_equal(r.agreements_imported + r.agreements_replaced, 1);
  }
}

/* Every attribute and child of an agreement is checked, and a bad one is refused naming it. */
static void bad_agreement_values(void **state) {
  struct fx *f = *state;
  static const struct {
    const char *attrs, *body, *message;
  } bad[] = {
      {"name=\"A\" tier=\"BAS\" fleet=\"1\" repaired-to=\"shop\"", "",
       "repaired-to: not stock or user (got 'shop')"},
      {"name=\"A\" fleet=\"1\"", "", "attribute 'tier' is required"},
      {"tier=\"BAS\" fleet=\"1\"", "", "attribute 'name' is required"},
      {"name=\"A\" tier=\"BAS\"", "", "attribute 'fleet' is required"},
      {"name=\"A\" tier=\"BAS\" fleet=\"4294967296\"", "", "fleet: not a whole number 0..4294967295"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\" cutoff-seconds=\"86401\"", "",
       "cutoff-seconds: not a whole number 1..86400"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\" return-days=\"0\"", "",
       "return-days: not a whole number 1..1000"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\" user-price=\"-1\"", "", "user-price: not a whole number"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\" packaging=\"x\"", "", "packaging: not a whole number"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\" replacement-value=\"1.5\"", "",
       "replacement-value: not a whole number"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\" vat-basis-points=\"10001\"", "",
       "vat-basis-points: not a whole number 0..10000"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\" swap-rent=\"-3\"", "", "swap-rent: not a whole number"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\"", "text", "<agreement>: unexpected text"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\"", "<discount/>", "<agreement>: unknown element <discount>"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\"", "<x:model xmlns:x=\"urn:x\" name=\"M\"/>",
       "<agreement>: unexpected element <model>"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\"", "<model name=\"M\">x</model>", "<model> must be empty"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\"", "<closed-day/>", "<closed-day>: attribute 'date' is required"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\"", "<closed-day date=\"2026-02-29\"/>",
       "date: not a date YYYY-MM-DD"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\"", "<model name=\"M\" value=\"-2\"/>",
       "value: not a whole number"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\"", "<model name=\"M\" target=\"x\"/>",
       "target: not a whole number"},
      {"name=\"A\" tier=\"GOLD\" fleet=\"1\"", "<custom-tier features=\"1\" price=\"1\"/>",
       "spec->name_sv must not be NULL"}, /* the library's own check (EINVAL) */
      {"name=\"A\" tier=\"GOLD\" fleet=\"1\"",
       "<custom-tier name-sv=\"G\" features=\"x\" price=\"1\"/>", "features: not a whole number"},
      {"name=\"A\" tier=\"GOLD\" fleet=\"1\"",
       "<custom-tier name-sv=\"G\" features=\"1\" price=\"-1\"/>", "price: not a whole number"},
      {"name=\"A\" tier=\"GOLD\" fleet=\"1\"",
       "<custom-tier name-sv=\"G\" features=\"1\" price=\"1\"/><custom-tier name-sv=\"G\" "
       "features=\"1\" price=\"1\"/>",
       "<custom-tier> is out of place"},
      {"name=\"A\" tier=\"BAS\" fleet=\"1\" x:n=\"1\" xmlns:x=\"urn:x\"", "",
       "<agreement>: unknown attribute 'n'"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char d[2048];
    snprintf(d, sizeof d,
             "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\">\n"
             "<agreement customer=\"A\" %s>%s</agreement>\n</cases>\n",
             bad[i].attrs, bad[i].body);
    int rc = ssvc_xml_import_memory(f->st, NULL, d, strlen(d), "a.xml", NULL);
    if ((rc != SSVC_EPARSE && rc != SSVC_EINVAL) || !strstr(ssvc_ctx_errmsg(f->ctx), bad[i].message) ||
        !strstr(ssvc_ctx_errmsg(f->ctx), "a.xml:2:"))
      fail_msg("agreement %zu: got %s '%s', expected '%s'", i, ssvc_status_name(rc),
               ssvc_ctx_errmsg(f->ctx), bad[i].message);
  }
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "A"), SSVC_ENOTFOUND);
  /* The same agreement whole is taken, with comments and processing instructions between. */
  static const char good[] =
      "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\">\n"
      "<agreement customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\" repaired-to=\"user\" "
      "cutoff-seconds=\"86400\" return-days=\"1000\" vat-basis-points=\"0\"><!-- c --><?pi x?>"
      "<closed-day date=\"2026-12-28\"/> <model name=\"M\" value=\"0\" target=\"0\"/>"
      "</agreement>\n</cases>\n";
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, good, strlen(good), "a.xml", NULL), SSVC_OK);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "A"), SSVC_OK);
  ssvc_agreement_free(a);
}

/* Storage and allocation faults: import (one batch), export (both paths). */
static const char fault_doc_fmt[] = "%s%s%s%s</cases>\n";
/* An agreement of a new customer (created) and one of ACME's (replaced or skipped). */
static const char fault_agreements[] =
    "  <agreement customer=\"Other\" name=\"O\" tier=\"GOLD\" fleet=\"2\" freight=\"0\">\n"
    "    <custom-tier name-sv=\"Guld\" features=\"1\" price=\"100\"/>\n"
    "    <closed-day date=\"2026-05-05\"/>\n"
    "    <model name=\"M\" value=\"5\" target=\"1\"/>\n"
    "  </agreement>\n"
    "  <agreement customer=\"ACME\" name=\"ACME AB\" tier=\"BAS\" fleet=\"9\"/>\n";
static char fault_doc[8192];

static void *fx_cases(ssvc_store *st) {
  char id[SSVC_CASE_ID_SIZE];
  ssvc_agreement_spec g = SSVC_AGREEMENT_SPEC_INIT;
  g.customer_id = "ACME";
  g.customer_name = "ACME AB";
  g.tier_code = "PROF";
  g.fleet = 4;
  assert_int_equal(ssvc_agreement_create(st, &g, "a"), SSVC_OK);
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = "ACME";
  s.user_name = "Anna";
  s.imei = "490154203237518";
  s.model = "Fairphone 5";
  s.tier_code = "PROF";
  s.features = 0x7F;
  s.actor = "a";
  assert_int_equal(ssvc_case_create(st, id, &s), SSVC_OK);
  assert_int_equal(ssvc_case_add_note(st, id, "a", "note"), SSVC_OK);
  return NULL;
}

static int op_import(ssvc_store *st, void *state) {
  (void)state;
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.on_duplicate = SSVC_XML_DUP_REPLACE;
  return ssvc_xml_import_memory(st, NULL, fault_doc, strlen(fault_doc), NULL, &o);
}

static int op_import_skip(ssvc_store *st, void *state) {
  (void)state;
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.on_duplicate = SSVC_XML_DUP_SKIP;
  o.continue_on_error = 1;
  return ssvc_xml_import_memory(st, NULL, fault_doc, strlen(fault_doc), NULL, &o);
}

static int discard(void *ud, const char *b, size_t n) {
  (void)ud;
  (void)b;
  (void)n;
  return 0;
}

static int op_export(ssvc_store *st, void *state) {
  (void)state;
  return ssvc_xml_export(st, NULL, discard, NULL, NULL);
}

static int op_export_customer(ssvc_store *st, void *state) {
  (void)state;
  ssvc_xml_export_options o = SSVC_XML_EXPORT_OPTIONS_INIT;
  o.customer_id = "ACME";
  return ssvc_xml_export(st, NULL, discard, NULL, &o);
}

/* The file readers and writers: the same document from a file, the export into one. */
static char fault_in[4096], fault_out[4096];

static int op_import_file(ssvc_store *st, void *state) {
  (void)state;
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.on_duplicate = SSVC_XML_DUP_REPLACE;
  return ssvc_xml_import_file(st, NULL, fault_in, &o);
}

static int op_export_file(ssvc_store *st, void *state) {
  (void)state;
  return ssvc_xml_export_file(st, NULL, fault_out, NULL);
}

static const struct store_op ops[] = {
    {"ssvc_xml_import_memory (replace)", fx_cases, op_import, NULL},
    {"ssvc_xml_import_memory (skip)", fx_cases, op_import_skip, NULL},
    {"ssvc_xml_export", fx_cases, op_export, NULL},
    {"ssvc_xml_export (customer)", fx_cases, op_export_customer, NULL},
    {"ssvc_xml_import_file", fx_cases, op_import_file, NULL},
    {"ssvc_xml_export_file", fx_cases, op_export_file, NULL},
};

static void faults(void **state) {
  (void)state;
  char r1[1024], r2[1024];
  rec(r1, sizeof r1, 1, "Other", "    <symptom>s</symptom>\n");
  rec(r2, sizeof r2, 2, "ACME",
      "    <shipment kind=\"replacement\" at=\"2026-03-02T10:00:00Z\" freight=\"100\"/>\n"
      "    <charge kind=\"1\" amount=\"5\"/>\n"
      "    <event at=\"2026-03-02T09:00:00Z\" kind=\"created\" to=\"registered\"/>\n");
  snprintf(fault_doc, sizeof fault_doc, fault_doc_fmt, head, r1, r2, fault_agreements);
  snprintf(fault_in, sizeof fault_in, "%s/test_xml-in-%d.xml", SSVC_TEST_TMP, (int)getpid());
  snprintf(fault_out, sizeof fault_out, "%s/test_xml-out-%d.xml", SSVC_TEST_TMP, (int)getpid());
  FILE *f = fopen(fault_in, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(fault_doc, 1, strlen(fault_doc), f), strlen(fault_doc));
  assert_int_equal(fclose(f), 0);
  fault_every_op(ops, STORE_OPS_COUNT(ops), FAULT_BOTH);
  unlink(fault_in);
  unlink(fault_out);
}

/* The same on SQLite: a fresh database file for every run. */
static void faults_on_sqlite(void **state) {
  (void)state;
  fresh_sqlite_begin(SSVC_TEST_TMP, "test_xml");
  for (size_t i = 0; i < 2; i++) assert_true(fault_every_storage_call(&ops[i]) > 0);
  fresh_store_end();
}

/* When libxml2 cannot allocate at any point of an export or an import: an error that says so,
 * an import that leaves the store as it was, and no block of libxml2 left behind (but libxml2's
 * own writer leak, xml_fault.h). Every point is tried, and points are counted so that the test
 * cannot pass by trying none. */
static void libxml2_failures(void **state) {
  struct fx *f = *state;
  static const char *const names[] = {"cases", "case", "user", "device", "tier", "event",
                                      "shipment", "charge", "note", "symptom", "diagnosis",
                                      "agreement", "model", "closed-day", "custom-tier", "buyer",
                                      "fleet", NULL};
  make_cases(f->st);
  make_agreements(f->st);
  size_t n_before;
  char *doc = export_all(f->st, NULL, &n_before);
  xml_fault_install();
  long export_points = 0, import_points = 0, enomem = 0;
  long silent = 0;
  for (long k = 1;; k++) {
    struct mem m = {NULL, 0, 0, 0};
    xml_fault_arm(k);
    int rc = ssvc_xml_export(f->st, NULL, mem_put, &m, NULL);
    int hit = xml_fault_hit();
    xml_fault_disarm();
    int whole = m.p && strcmp(m.p, doc) == 0;
    free(m.p);
    if (!hit) { /* every point has been tried */
      assert_int_equal(rc, SSVC_OK);
      assert_true(whole);
      assert_int_equal(xml_fault_live(), 0);
      break;
    }
    if (rc == SSVC_OK) {
      /* libxml2 2.9 drops what its UTF-8 encoder still holds when that buffer cannot grow in
       * the final flush, and reports success: the one point where an export comes back short
       * without an error (doc/xml.md). Any other is a failure of the library. */
      if (!whole) silent++;
      assert_true(silent <= 1);
      assert_int_equal(xml_fault_live(), 0);
      continue;
    }
    export_points++;
    if (rc != SSVC_ENOMEM)
      fail_msg("export, libxml2 allocation %ld fails: %s (%s)", k, ssvc_status_name(rc),
               ssvc_ctx_errmsg(f->ctx));
    assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "ssvc_xml_export"));
    if (xml_fault_live()) {
      if (!xml_fault_known_leak(names))
        fail_msg("export: failure at libxml2 allocation %ld left %ld blocks", k, xml_fault_live());
      xml_fault_release();
    }
    assert_true(k < 200000);
  }
  ssvc_ctx *ctx2;
  ssvc_store *st2 = new_store(&ctx2);
  for (long k = 1;; k++) {
    ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
    xml_fault_arm(k);
    int rc = ssvc_xml_import_memory(st2, &r, doc, strlen(doc), NULL, NULL);
    int hit = xml_fault_hit();
    xml_fault_disarm();
    if (rc == SSVC_OK) {
      assert_int_equal(xml_fault_live(), 0);
      if (!hit) break; /* every point has been tried */
      /* libxml2 got over its failure: the import must be whole; start again empty. */
      size_t n = 0;
      char *got = export_all(st2, NULL, &n);
      assert_string_equal(got, doc);
      free(got);
      ssvc_store_free(st2);
      ssvc_ctx_free(ctx2);
      st2 = new_store(&ctx2);
      continue;
    }
    import_points++;
    /* libxml2 2.9 reports a few of its own allocation failures as a well-formedness error (a
     * namespace URI it could not copy is "not a valid URI"): the caller gets SSVC_EPARSE there. */
    if (rc != SSVC_ENOMEM && rc != SSVC_EPARSE)
      fail_msg("import, libxml2 allocation %ld fails: %s (%s)", k, ssvc_status_name(rc),
               ssvc_ctx_errmsg(ctx2));
    assert_non_null(strstr(ssvc_ctx_errmsg(ctx2), "ssvc_xml_import_memory"));
    if (rc == SSVC_ENOMEM) enomem++;
    assert_int_equal(xml_fault_live(), 0);
    /* Nothing imported: the store is still empty. */
    size_t n = 99;
    free(export_all(st2, NULL, &n));
    assert_int_equal(n, 0);
    assert_true(k < 200000);
  }
  xml_fault_remove();
  /* The last import went through whole. */
  size_t n_after;
  char *again = export_all(st2, NULL, &n_after);
  assert_int_equal(n_after, n_before);
  assert_string_equal(again, doc);
  print_message("libxml2 failure points: %ld in the export, %ld in the import\n", export_points,
                import_points);
  assert_true(export_points > 10 && import_points > 10);
  assert_true(enomem * 2 > import_points); /* most are reported as what they are */
  free(again);
  free(doc);
  ssvc_store_free(st2);
  ssvc_ctx_free(ctx2);
}

/* ---- Malformed records, field by field ---- */

static size_t agreement_count(ssvc_store *st);

/* Importing @p d fails with @p code and a message holding @p msg, and nothing is stored. */
static void expect_refused(ssvc_store *st, const char *d, int code, const char *msg) {
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  int rc = ssvc_xml_import_memory(st, &r, d, strlen(d), "r.xml", NULL);
  if (rc != code || !strstr(ssvc_ctx_errmsg(ssvc_store_ctx(st)), msg))
    fail_msg("got %s '%s', expected %s '%s'\n%s", ssvc_status_name(rc),
             ssvc_ctx_errmsg(ssvc_store_ctx(st)), ssvc_status_name(code), msg, d);
  assert_int_equal(r.imported + r.replaced + r.agreements_imported + r.agreements_replaced, 0);
  assert_int_equal(case_count(st), 0);
  assert_int_equal(agreement_count(st), 0);
}

static int count_cb(void *data, const char *id) {
  (void)id;
  (*(size_t *)data)++;
  return 0;
}

static size_t agreement_count(ssvc_store *st) {
  size_t n = 0;
  assert_int_equal(ssvc_agreement_list(st, count_cb, &n), SSVC_OK);
  return n;
}

/* @p src with the first @p from replaced by @p to (malloc'd). */
static char *replaced(const char *src, const char *from, const char *to) {
  const char *p = strstr(src, from);
  if (!p) fail_msg("'%s' is not in the document", from);
  size_t n = strlen(src) - strlen(from) + strlen(to) + 1;
  char *d = malloc(n);
  snprintf(d, n, "%.*s%s%s", (int)(p - src), src, to, p + strlen(from));
  return d;
}

/* doc_of(1, "ACME", 0, "") with @p extra as the last children of the case (any length). */
static char *doc_with(const char *extra) {
  char *d0 = doc_of(1, "ACME", 0, "");
  size_t n = strlen(extra) + 16;
  char *close = malloc(n);
  snprintf(close, n, "%s  </case>", extra);
  char *d = replaced(d0, "  </case>", close);
  free(d0);
  free(close);
  return d;
}

/* Every field of a <case> that can be wrong is refused with the position of the element it is
 * in, and the field named. The lines of doc_of(1, ...): the <case> on 3, <user> 4, <device> 5,
 * <tier> 6, an extra child from 7. */
static void malformed_case_fields_are_refused_by_name(void **state) {
  struct fx *f = *state;
  static const struct {
    const char *extra;
    int code;
    const char *message;
  } bad[] = {
      {"    <symptom>a</symptom>\n    <symptom>b</symptom>\n", SSVC_EPARSE,
       "r.xml:8:5: case SC-2026-000001: <case>: <symptom> is out of place"},
      {"    <symptom><!-- c -->a<![CDATA[b]]><b/></symptom>\n", SSVC_EPARSE,
       "r.xml:7:38: case SC-2026-000001: <symptom> must not contain elements (got <b>)"},
      {"    <symptom xmlns:x=\"urn:x\" x:a=\"1\">a</symptom>\n", SSVC_EPARSE,
       "r.xml:7:5: case SC-2026-000001: <symptom>: unknown attribute 'a'"},
      {"    <diagnosis outcome=\"workshop\" by=\"x\"/>\n", SSVC_EPARSE,
       "r.xml:7:5: case SC-2026-000001: <diagnosis>: unknown attribute 'by'"},
      {"    <diagnosis outcome=\"workshop\"><b/></diagnosis>\n", SSVC_EPARSE,
       "<diagnosis> must not contain elements (got <b>)"},
      {"    <shipment at=\"2026-03-02T09:00:00Z\" freight=\"0\"/>\n", SSVC_EPARSE,
       "r.xml:7:5: case SC-2026-000001: <shipment>: attribute 'kind' is required"},
      {"    <shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\" freight=\"0\" by=\"x\"/>\n",
       SSVC_EPARSE, "<shipment>: unknown attribute 'by'"},
      {"    <shipment kind=\"faulty\" freight=\"0\"/>\n", SSVC_EPARSE,
       "<shipment>: attribute 'at' is required"},
      {"    <shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\"/>\n", SSVC_EPARSE,
       "<shipment>: attribute 'freight' is required"},
      {"    <shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\" freight=\"0\">x</shipment>\n",
       SSVC_EPARSE, "r.xml:7:5: case SC-2026-000001: <shipment> must be empty"},
      {"    <shipment kind=\"faulty\" at=\"2026-03-02T09:00:00Z\" freight=\"0\"><b/></shipment>\n",
       SSVC_EPARSE, "<shipment> must not contain elements (got <b>)"},
      {"    <charge amount=\"1\"/>\n", SSVC_EPARSE, "<charge>: attribute 'kind' is required"},
      {"    <charge kind=\"1\" amount=\"1\" vat=\"0\"/>\n", SSVC_EPARSE,
       "<charge>: unknown attribute 'vat'"},
      {"    <charge kind=\"1\" amount=\"1.5\"/>\n", SSVC_EPARSE,
       "<charge>: amount: not a whole number"},
      {"    <charge kind=\"1\" amount=\"-0\"/>\n", SSVC_EPARSE, "amount: not a whole number"},
      {"    <charge kind=\"1\" amount=\"-\"/>\n", SSVC_EPARSE, "amount: not a whole number"},
      {"    <charge kind=\"1\" amount=\"007\"/>\n", SSVC_EPARSE, "amount: not a whole number"},
      {"    <charge kind=\"1\" amount=\"9223372036854775808\"/>\n", SSVC_EPARSE,
       "amount: not a whole number"},
      {"    <charge kind=\"1\" amount=\"12345678901234567890\"/>\n", SSVC_EPARSE,
       "amount: not a whole number"},
      {"    <charge kind=\"2147483648\" amount=\"1\"/>\n", SSVC_EPARSE,
       "<charge>: kind: not a whole number 1..2147483647 (got '2147483648')"},
      {"    <charge kind=\"1\" amount=\"1\"><b/></charge>\n", SSVC_EPARSE,
       "<charge> must not contain elements"},
      {"    <event kind=\"note\"/>\n", SSVC_EPARSE, "<event>: attribute 'at' is required"},
      {"    <event at=\"2026-03-02T09:00:00Z\"/>\n", SSVC_EPARSE,
       "<event>: attribute 'kind' is required"},
      {"    <event at=\"2026-03-02T09:00:00Z\" kind=\"note\" why=\"x\"/>\n", SSVC_EPARSE,
       "<event>: unknown attribute 'why'"},
      {"    <event at=\"2026-03-02T24:00:00Z\" kind=\"note\"/>\n", SSVC_EPARSE,
       "<event>: at: not a UTC instant"},
      {"    <event at=\"2026-03-02T09:00:00Zx\" kind=\"note\"/>\n", SSVC_EPARSE,
       "<event>: at: not a UTC instant"},
      {"    <event at=\"2026-02-30T09:00:00Z\" kind=\"note\"/>\n", SSVC_EPARSE,
       "<event>: at: not a UTC instant"},
      {"    <event at=\"2026-03-02T09:00:00Z\" kind=\"state\" from=\"open\" to=\"closed\"/>\n",
       SSVC_EPARSE, "<event>: from: not a case state (got 'open')"},
      {"    <event at=\"2026-03-02T09:00:00Z\" kind=\"note\"><b/></event>\n", SSVC_EPARSE,
       "<event> must not contain elements"},
      {"    <bogus/>\n", SSVC_EPARSE, "r.xml:7:5: case SC-2026-000001: <case>: unknown element "
                                     "<bogus>"},
      {"    <x:event xmlns:x=\"urn:x\"/>\n", SSVC_EPARSE,
       "r.xml:7:5: case SC-2026-000001: <case>: unexpected element <event>"},
      {"    <![CDATA[x]]>\n", SSVC_EPARSE, "<case>: unexpected node <"},
      {"    \t\r\n  x\n", SSVC_EPARSE, "r.xml:3:3: case SC-2026-000001: <case>: unexpected text"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char *d = doc_with(bad[i].extra);
    expect_refused(f->st, d, bad[i].code, bad[i].message);
    free(d);
  }
  static const struct {
    const char *from, *to, *message;
  } attrs[] = {
      {"id=\"SC-2026-000001\" ", "", "r.xml:3:3: <case>: attribute 'id' is required"},
      {"state=\"registered\" ", "", "r.xml:3:3: case SC-2026-000001: <case>: attribute 'state' "
                                    "is required"},
      {"registered=\"2026-03-02T09:00:00Z\"", "registered=\"2026-03-02\"",
       "<case>: registered: not a UTC instant like 2026-03-02T09:00:00Z (got '2026-03-02')"},
      {"updated=\"2026-03-02T09:00:00Z\"", "updated=\"\"", "<case>: attribute 'updated' is "
                                                         "required"},
      {"state=\"registered\"", "state=\"registered\" erased=\"no\"",
       "<case>: erased: must be true or false (got 'no')"},
      {"<user name=\"U 1\"/>", "<bogus/><user name=\"U 1\"/>",
       "r.xml:4:5: case SC-2026-000001: <case>: unknown element <bogus>"},
      {"<user name=\"U 1\"/>", "", "r.xml:3:3: case SC-2026-000001: <case>: <user> is missing"},
      {"<device imei=\"490154203237518\" model=\"Fairphone 5\"/>", "",
       "<case>: <device> is missing"},
      {"<user name=\"U 1\"/>", "<user name=\"U 1\" nick=\"u\"/>",
       "r.xml:4:5: case SC-2026-000001: <user>: unknown attribute 'nick'"},
      {"model=\"Fairphone 5\"", "model=\"Fairphone 5\" colour=\"red\"",
       "r.xml:5:5: case SC-2026-000001: <device>: unknown attribute 'colour'"},
      {"model=\"Fairphone 5\"", "model=\"Fairphone 5\" purchased=\"2026-3-02\"",
       "<device>: purchased: not a date YYYY-MM-DD (got '2026-3-02')"},
      {"model=\"Fairphone 5\"", "model=\"Fairphone 5\" purchased=\"2026/03/02\"",
       "purchased: not a date YYYY-MM-DD"},
      {"model=\"Fairphone 5\"", "model=\"Fairphone 5\" purchased=\"2026-0x-02\"",
       "purchased: not a date YYYY-MM-DD"},
      {"model=\"Fairphone 5\"", "model=\"Fairphone 5\" warranty-end=\"2026-02-29\"",
       "<device>: warranty-end: not a date YYYY-MM-DD (got '2026-02-29')"},
      {"code=\"PROF\" ", "", "r.xml:6:5: case SC-2026-000001: <tier>: attribute 'code' is "
                             "required"},
      {"features=\"127\"", "features=\"127\" price=\"1\"", "<tier>: unknown attribute 'price'"},
      {"features=\"127\"", "", "<tier>: attribute 'features' is required"},
      {"features=\"127\"", "features=\"x1\"", "<tier>: features: not a whole number 0..127"},
      {"features=\"127\"", "features=\"1x\"", "<tier>: features: not a whole number 0..127"},
  };
  for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
    char *d0 = doc_of(1, "ACME", 0, "");
    char *d = replaced(d0, attrs[i].from, attrs[i].to);
    expect_refused(f->st, d, SSVC_EPARSE, attrs[i].message);
    free(d0);
    free(d);
  }
}

/* Comments, processing instructions, white space of every kind and erased="false" are no part of
 * the record: it imports as without them. */
static void comments_and_white_space_in_a_record_are_ignored(void **state) {
  struct fx *f = *state;
  char *d = doc_with(
                   "    <!-- a note for people -->\t\r\n    <?tool hint?>\n"
                   "    <event at=\"2026-03-02T09:00:00Z\" kind=\"state\" from=\"registered\" "
                   "to=\"cancelled\"/>\n");
  char *e = replaced(d, "state=\"registered\"", "state=\"registered\" erased=\"false\"");
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, e, strlen(e), NULL, NULL), SSVC_OK);
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(f->st, &c, "SC-2026-000001"), SSVC_OK);
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(c, &i), SSVC_OK);
  assert_false(i.erased);
  assert_int_equal(i.event_count, 1);
  ssvc_case_event ev = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, 0, &ev), SSVC_OK);
  assert_int_equal(ev.from_state, SSVC_CASE_REGISTERED);
  assert_int_equal(ev.to_state, SSVC_CASE_CANCELLED);
  ssvc_case_free(c);
  free(d);
  free(e);
}

/* One record may hold at most 64 texts that the parser split (text beside CDATA); the 65th is a
 * limit, which stops the import even with continue_on_error. */
static void too_many_split_texts_in_one_record_is_a_limit(void **state) {
  struct fx *f = *state;
  char extra[65 * 100] = "";
  for (int k = 0; k < 65; k++)
    strcat(extra, "    <event at=\"2026-03-02T09:00:00Z\" kind=\"note\">a<![CDATA[b]]></event>\n");
  char *d = doc_with(extra);
  expect_refused(f->st, d, SSVC_ELIMIT,
                 "r.xml:71:5: case SC-2026-000001: too many split texts in one record");
  /* 64 are fine, and each is read whole. */
  char *p = strstr(d, "    <event");
  size_t one = strlen("    <event at=\"2026-03-02T09:00:00Z\" kind=\"note\">a<![CDATA[b]]></event>\n");
  memmove(p, p + one, strlen(p + one) + 1);
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, d, strlen(d), NULL, NULL), SSVC_OK);
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(f->st, &c, "SC-2026-000001"), SSVC_OK);
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(c, &i), SSVC_OK);
  assert_int_equal(i.event_count, 64);
  ssvc_case_event ev = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, 63, &ev), SSVC_OK);
  assert_string_equal(ev.note, "ab");
  ssvc_case_free(c);
  free(d);
}

/* The same for every field of an <agreement> (on line 3, its children from line 4). */
static void malformed_agreement_fields_are_refused_by_name(void **state) {
  struct fx *f = *state;
  static const struct {
    const char *attrs, *children;
    int code;
    const char *message;
  } bad[] = {
      {"customer=\"A\" tier=\"BAS\" fleet=\"1\"", "", SSVC_EPARSE,
       "r.xml:3:3: agreement A: <agreement>: attribute 'name' is required"},
      {"customer=\"A\" name=\"A\" fleet=\"1\"", "", SSVC_EPARSE,
       "<agreement>: attribute 'tier' is required"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\"", "", SSVC_EPARSE,
       "<agreement>: attribute 'fleet' is required"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\" repaired-to=\"shelf\"", "",
       SSVC_EPARSE, "r.xml:3:3: agreement A: <agreement>: repaired-to: not stock or user (got "
                    "'shelf')"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\" return-days=\"0\"", "", SSVC_EPARSE,
       "<agreement>: return-days: not a whole number 1..1000 (got '0')"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\" user-price=\"x\"", "", SSVC_EPARSE,
       "<agreement>: user-price: not a whole number"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\" freight=\"-5\"", "", SSVC_EPARSE,
       "<agreement>: freight: not a whole number"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\" packaging=\"\"", "", SSVC_EPARSE,
       "<agreement>: attribute 'packaging' is required"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\" replacement-value=\"1e3\"", "",
       SSVC_EPARSE, "<agreement>: replacement-value: not a whole number"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\" vat-basis-points=\"10001\"", "",
       SSVC_EPARSE, "<agreement>: vat-basis-points: not a whole number 0..10000"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\" swap-rent=\"-1\"", "", SSVC_EPARSE,
       "<agreement>: swap-rent: not a whole number"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"", "x", SSVC_EPARSE,
       "r.xml:3:3: agreement A: <agreement>: unexpected text"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"", "\n    <x:model xmlns:x=\"urn:x\"/>",
       SSVC_EPARSE, "r.xml:4:5: agreement A: <agreement>: unexpected element <model>"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"", "<![CDATA[ ]]>", SSVC_EPARSE,
       "<agreement>: unexpected node <"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"", "\n    <fleet/>", SSVC_EPARSE,
       "r.xml:4:5: agreement A: <agreement>: unknown element <fleet>"},
      {"customer=\"A\" name=\"A\" tier=\"GOLD\" fleet=\"1\"",
       "\n    <custom-tier features=\"1\" price=\"1\"/>\n    <custom-tier features=\"1\" "
       "price=\"1\"/>",
       SSVC_EPARSE, "r.xml:5:5: agreement A: <agreement>: <custom-tier> is out of place"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"", "\n    <model name=\"M\">x</model>",
       SSVC_EPARSE, "r.xml:4:5: agreement A: <model> must be empty"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"",
       "\n    <closed-day date=\"2026-05-05\"><b/></closed-day>", SSVC_EPARSE,
       "r.xml:4:35: agreement A: <closed-day> must not contain elements (got <b>)"},
      {"customer=\"A\" name=\"A\" tier=\"GOLD\" fleet=\"1\"",
       "\n    <custom-tier features=\"1\" price=\"1\" vat=\"0\"/>", SSVC_EPARSE,
       "r.xml:4:5: agreement A: <custom-tier>: unknown attribute 'vat'"},
      {"customer=\"A\" name=\"A\" tier=\"GOLD\" fleet=\"1\"",
       "\n    <custom-tier features=\"256\" price=\"1\"/>", SSVC_EPARSE,
       "<custom-tier>: features: not a whole number 0..127"},
      {"customer=\"A\" name=\"A\" tier=\"GOLD\" fleet=\"1\"", "\n    <custom-tier features=\"1\"/>",
       SSVC_EPARSE, "<custom-tier>: attribute 'price' is required"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"", "\n    <closed-day day=\"1\"/>",
       SSVC_EPARSE, "r.xml:4:5: agreement A: <closed-day>: unknown attribute 'day'"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"", "\n    <closed-day/>", SSVC_EPARSE,
       "<closed-day>: attribute 'date' is required"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"", "\n    <closed-day date=\"5 May\"/>",
       SSVC_EPARSE, "<closed-day>: date: not a date YYYY-MM-DD (got '5 May')"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"", "\n    <model name=\"M\" colour=\"x\"/>",
       SSVC_EPARSE, "r.xml:4:5: agreement A: <model>: unknown attribute 'colour'"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"", "\n    <model name=\"M\" value=\"?\"/>",
       SSVC_EPARSE, "<model>: value: not a whole number"},
      {"customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\"",
       "\n    <model name=\"M\" target=\"4294967296\"/>", SSVC_EPARSE,
       "<model>: target: not a whole number 0..4294967295"},
      {"customer=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\" name=\"A\" "
       "tier=\"BAS\" fleet=\"1\"",
       "", SSVC_EINVAL, "r.xml:3:3: agreement AAAAAAAA"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char d[2048];
    snprintf(d, sizeof d, "%s  <agreement %s>%s</agreement>\n</cases>\n", head, bad[i].attrs,
             bad[i].children);
    expect_refused(f->st, d, bad[i].code, bad[i].message);
  }
  /* The customer id too long for an agreement is named as such. */
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), ": customer: "));
  /* 257 models are a limit, like 257 closed days. */
  size_t cap = 300 * 40 + 1024;
  char *d = malloc(cap);
  int k = snprintf(d, cap, "%s  <agreement customer=\"A\" name=\"A\" tier=\"BAS\" fleet=\"1\">\n",
                   head);
  for (int m = 0; m <= 256; m++) k += snprintf(d + k, cap - (size_t)k, "<model name=\"M%d\"/>\n", m);
  snprintf(d + k, cap - (size_t)k, "</agreement>\n</cases>\n");
  expect_refused(f->st, d, SSVC_ELIMIT, "r.xml:260:1: agreement A: <agreement>: more than 256 "
                                        "models");
  free(d);
}

/* Comments and processing instructions inside an agreement are ignored; a custom tier without a
 * currency is in SEK; an agreement-only file in batches of one commits each. */
static void agreement_details_import_and_export(void **state) {
  struct fx *f = *state;
  char d[2048];
  snprintf(d, sizeof d,
           "%s  <agreement customer=\"A\" name=\"A\" tier=\"GOLD\" fleet=\"1\" "
           "return-days=\"5\">\n    <!-- c --><?pi x?>\n"
           "    <custom-tier name-sv=\"Guld\" features=\"1\" price=\"100\"/>\n"
           "    <model name=\"M\" target=\"2\"/>\n  </agreement>\n"
           "  <agreement customer=\"B\" name=\"B\" tier=\"BAS\" fleet=\"2\"/>\n</cases>\n",
           head);
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.batch_size = 1;
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), NULL, &o), SSVC_OK);
  assert_int_equal(r.agreements_imported, 2);
  char *x = export_all(f->st, NULL, NULL);
  assert_non_null(strstr(x, "<agreement customer=\"A\" name=\"A\" tier=\"GOLD\" fleet=\"1\" "
                            "replacement=\"swap\" repaired-to=\"stock\" swap-basis-points=\"800\" "
                            "cutoff-seconds=\"50400\" return-days=\"5\""));
  assert_non_null(strstr(x, "<custom-tier name-sv=\"Guld\" features=\"1\" price=\"100\" "
                            "currency=\"SEK\"/>\n    <model name=\"M\" target=\"2\"/>\n"));
  free(x);
  /* Replacing with a spec the agreement module refuses is a bad record; the stored one stays. */
  snprintf(d, sizeof d,
           "%s  <agreement customer=\"B\" name=\"B\" tier=\"NOPE\" fleet=\"3\"/>\n</cases>\n",
           head);
  o.on_duplicate = SSVC_XML_DUP_REPLACE;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), "u.xml", &o), SSVC_ENOTFOUND);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "u.xml:3:3: agreement B: "));
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "'NOPE'"));
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "B"), SSVC_OK);
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  assert_int_equal(s.fleet, 2);
  ssvc_agreement_free(a);
}

/* The export stops cleanly, with the same message, whichever byte the output fails at. */
static void export_stops_at_any_failed_write(void **state) {
  struct fx *f = *state;
  make_cases(f->st);
  make_agreements(f->st);
  char *all = export_all(f->st, NULL, NULL);
  size_t len = strlen(all);
  for (size_t stop = 1; stop < len; stop += 7) {
    struct mem m = {NULL, 0, 0, stop};
    size_t n = 99;
    int rc = ssvc_xml_export(f->st, &n, mem_put, &m, NULL);
    if (rc != SSVC_EIO || !strstr(ssvc_ctx_errmsg(f->ctx), "the output stopped (write failed)"))
      fail_msg("stop at %zu: %s '%s'", stop, ssvc_status_name(rc), ssvc_ctx_errmsg(f->ctx));
    assert_int_equal(n, 99); /* no count for a failed export */
    assert_true(m.len <= stop);
    if (m.len) assert_memory_equal(m.p, all, m.len); /* what was written is the export's start */
    free(m.p);
  }
  free(all);
}

struct progress_log {
  int calls;
  uint64_t done, bytes;
  int stop;
};

static int on_progress(void *ud, uint64_t done, uint64_t bytes) {
  struct progress_log *p = ud;
  p->calls++;
  p->done = done;
  p->bytes = bytes;
  return p->stop;
}

/* Progress is reported after every committed batch of an import and every 1000 cases of an
 * export; a callback that asks to stop stops either with SSVC_EIO, an import keeping the batches
 * committed before. */
static void progress_is_reported_and_can_stop(void **state) {
  struct fx *f = *state;
  char *d = doc_of(1000, "ACME", 0, "");
  struct progress_log p = {0, 0, 0, 0};
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.batch_size = 400;
  o.progress = on_progress;
  o.progress_data = &p;
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, d, strlen(d), NULL, &o), SSVC_OK);
  assert_int_equal(p.calls, 3);
  assert_int_equal(p.done, 1000);
  assert_int_equal(p.bytes, strlen(d));
  struct progress_log e = {0, 0, 0, 0};
  ssvc_xml_export_options eo = SSVC_XML_EXPORT_OPTIONS_INIT;
  eo.progress = on_progress;
  eo.progress_data = &e;
  size_t n = 0;
  char *x = export_all(f->st, &eo, &n);
  assert_int_equal(n, 1000);
  assert_int_equal(e.calls, 1);
  assert_int_equal(e.done, 1000);
  assert_true(e.bytes > 0 && e.bytes < strlen(x));
  free(x);
  e.stop = 1;
  struct mem m = {NULL, 0, 0, 0};
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &m, &eo), SSVC_EIO);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "stopped by the progress callback"));
  free(m.p);
  /* An import stopped after its first batch keeps that batch. */
  ssvc_ctx *ctx2;
  ssvc_store *st2 = new_store(&ctx2);
  p.stop = 1;
  p.calls = 0;
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(st2, &r, d, strlen(d), NULL, &o), SSVC_EIO);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx2), "stopped by the progress callback"));
  assert_int_equal(p.calls, 1);
  assert_int_equal(r.imported, 400);
  assert_int_equal(case_count(st2), 400);
  ssvc_store_free(st2);
  ssvc_ctx_free(ctx2);
  free(d);
}

/* The progress of an import counts case records, not the agreements beside them. */
static void progress_counts_cases_not_agreements(void **state) {
  struct fx *f = *state;
  char *d = agr_doc(10);
  struct progress_log p = {0, 0, 0, 0};
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.progress = on_progress;
  o.progress_data = &p;
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), NULL, &o), SSVC_OK);
  assert_int_equal(r.agreements_imported, 1);
  assert_int_equal(p.calls, 1);
  assert_int_equal(p.done, 0);
  assert_int_equal(p.bytes, strlen(d));
  free(d);
}

/* Cases of nine years in one batch, out of order within a year: every year's id counter ends at
 * its highest imported number. */
static void id_counters_follow_every_year_imported(void **state) {
  struct fx *f = *state;
  char d[16384];
  int k = snprintf(d, sizeof d, "%s", head);
  for (int y = 2018; y <= 2026; y++)
    for (int seq = 2; seq >= 1; seq--)
      k += snprintf(d + k, sizeof d - (size_t)k,
                    "  <case id=\"SC-%d-%06d\" customer=\"ACME\" state=\"registered\" "
                    "registered=\"%d-03-02T09:00:00Z\" updated=\"%d-03-02T09:00:00Z\">"
                    "<user name=\"U\"/><device imei=\"490154203237518\" model=\"M\"/>"
                    "<tier code=\"PROF\" features=\"1\"/></case>\n",
                    y, seq * 5, y, y);
  snprintf(d + k, sizeof d - (size_t)k, "</cases>\n");
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), NULL, NULL), SSVC_OK);
  assert_int_equal(r.imported, 18);
  /* The clock is in 2026: a new case is number 11 of 2026 (another phone: the imported cases
   * of 490154203237518 are open). */
  fixture_now = STORE_FAULT_NOW;
  char id[SSVC_CASE_ID_SIZE];
  ssvc_case_spec sp = SSVC_CASE_SPEC_INIT;
  sp.customer_id = "ACME";
  sp.user_name = "U";
  sp.imei = fixture_imei(11);
  sp.model = "M";
  sp.tier_code = "PROF";
  sp.actor = "a";
  fixture_agreement(f->st, "ACME", "PROF", 100, 0, 0); /* agreements have no id counter */
  assert_int_equal(ssvc_case_create(f->st, id, &sp), SSVC_OK);
  assert_string_equal(id, "SC-2026-000011");
}

/* The input must be UTF-8: what it starts with is checked before the parser sees it. */
static void the_input_must_be_utf8(void **state) {
  struct fx *f = *state;
  static const struct {
    const char *bytes;
    size_t len;
    const char *message;
  } bad[] = {
      {"\xFE\xFF\0<\0c", 6, "e.xml:1:1: the input must be UTF-8 (it starts with a UTF-16 byte "
                           "order mark)"},
      {"\xFF\xFE<\0c\0", 6, "e.xml:1:1: the input must be UTF-8 (it starts with a UTF-16 byte "
                           "order mark)"},
      {"\xEF\xBB<cases/>", 0, "e.xml:1:1: XML: "},
      {"\xEF<cases/>", 0, "e.xml:1:1: XML: "},
      {"<\0c\0a\0", 6, "e.xml:1:1: the input must be UTF-8 (it holds NUL bytes (UTF-16, "
                      "UTF-32?))"},
      {"\x4C\x6F\xA7\x94\x93", 5, "e.xml:1:1: the input must be UTF-8 (it starts like EBCDIC)"},
      {"\xEF\xBB\xBF<?xml version=\"1.0\" encoding='Latin1'?><cases/>", 0,
       "e.xml:1:1: the input must be UTF-8 (declared 'Latin1')"},
      {"<?xml version=\"1.0\" encoding = \"UTF-16\"?><cases/>", 0,
       "e.xml:1:1: the input must be UTF-8 (declared 'UTF-16')"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    size_t len = bad[i].len ? bad[i].len : strlen(bad[i].bytes); /* 0: a text without NUL */
    int rc = ssvc_xml_import_memory(f->st, NULL, bad[i].bytes, len, "e.xml", NULL);
    if (rc != SSVC_EPARSE || !strstr(ssvc_ctx_errmsg(f->ctx), bad[i].message))
      fail_msg("input %zu: %s '%s'", i, ssvc_status_name(rc), ssvc_ctx_errmsg(f->ctx));
  }
  /* A byte order mark, and "UTF-8" in any case, are UTF-8. */
  static const char *const good[] = {
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding='UTF-8'?>\n"
      "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\"/>",
      "<?xml version=\"1.0\" encoding=\"Utf-8\" standalone=\"yes\"?>\n"
      "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\"/>",
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    if (ssvc_xml_import_memory(f->st, NULL, good[i], strlen(good[i]), "g.xml", NULL) != SSVC_OK)
      fail_msg("input %zu: %s", i, ssvc_ctx_errmsg(f->ctx));
  /* A file that cannot be read (a directory) is an I/O error naming it. */
  assert_int_equal(ssvc_xml_import_file(f->st, NULL, SSVC_HOSTILE_DIR, NULL), SSVC_EIO);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), SSVC_HOSTILE_DIR ": cannot read"));
  assert_int_equal(case_count(f->st), 0);
}

/* The root: a prefix for the cases namespace is as good as the default one; another root element
 * or a missing version is refused with its position. */
static void the_root_element_is_checked(void **state) {
  struct fx *f = *state;
  static const char prefixed[] =
      "<c:cases xmlns:c=\"urn:smartservice:cases:1\" version=\"1\">\n"
      "  <c:case id=\"SC-2026-000001\" customer=\"ACME\" state=\"registered\" "
      "registered=\"2026-03-02T09:00:00Z\" updated=\"2026-03-02T09:00:00Z\">"
      "<c:user name=\"U\"/><c:device imei=\"490154203237518\" model=\"M\"/>"
      "<c:tier code=\"PROF\" features=\"1\"/></c:case>\n</c:cases>\n";
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, prefixed, strlen(prefixed), NULL, NULL),
                   SSVC_OK);
  assert_int_equal(r.imported, 1);
  assert_int_equal(case_count(f->st), 1);
  static const struct {
    const char *doc, *message;
  } bad[] = {
      {"<?xml version=\"1.0\"?>\n  <case xmlns=\"urn:smartservice:cases:1\" version=\"1\"/>",
       "x.xml:2:3: the root must be <cases xmlns=\"urn:smartservice:cases:1\"> (got <case> in "
       "'urn:smartservice:cases:1')"},
      {"<cases xmlns=\"urn:smartservice:cases:1\"/>",
       "x.xml:1:1: <cases>: version must be \"1\" (got \"\")"},
      {"<?xml version=\"1.0\" encoding=\n\"ISO-8859-1\"?><cases/>",
       "x.xml:1:1: the input must be UTF-8 (declared 'ISO-8859-1')"},
      {"<?xml version=\"1.0\" encoding=UTF-16?><cases/>", "x.xml:1:"},
      {NULL, "x.xml: the input is empty"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int rc = ssvc_xml_import_memory(f->st, &r, bad[i].doc, bad[i].doc ? strlen(bad[i].doc) : 0,
                                    "x.xml", NULL);
    if (rc != SSVC_EPARSE || !strstr(ssvc_ctx_errmsg(f->ctx), bad[i].message))
      fail_msg("doc %zu: %s '%s'", i, ssvc_status_name(rc), ssvc_ctx_errmsg(f->ctx));
  }
  assert_int_equal(case_count(f->st), 1);
  /* Without a name the input is called "input". */
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, "", 0, NULL, NULL), SSVC_EPARSE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "ssvc_xml_import_memory: input: the input is "
                                                  "empty"));
}

/* The structure limits look at attribute names and at every level below a record. */
static void limits_reach_attribute_names_and_every_level(void **state) {
  struct fx *f = *state;
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  char *d = doc_with("    <event at=\"2026-03-02T09:00:00Z\" kind=\"note\"/>\n");
  o.max_name = 8; /* "registered" is 10: an attribute of the <case> */
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, d, strlen(d), "l.xml", &o), SSVC_ELIMIT);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "l.xml:3:3: an attribute name longer than "
                                                  "max_name (8 bytes)"));
  free(d);
  o.max_name = 0;
  o.max_depth = 3; /* the record is at 2, <symptom> at 3, <b> at 4 */
  d = doc_with("    <symptom><b><c/></b></symptom>\n");
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, d, strlen(d), "l.xml", &o), SSVC_ELIMIT);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "l.xml:7:14: nesting deeper than max_depth (3)"));
  free(d);
  assert_int_equal(case_count(f->st), 0);
  o.max_depth = 0;
  o.on_duplicate = -1;
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, head, strlen(head), NULL, &o), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "options->on_duplicate: not a policy (got -1)"));
}

/* A file export whose data cannot reach the disk fails when the file is closed, naming it; a
 * registration window open at one end exports the cases on that side. */
static void export_file_and_open_windows(void **state) {
  struct fx *f = *state;
  make_cases(f->st);
  if (access("/dev/full", W_OK) == 0) {
    assert_int_equal(ssvc_xml_export_file(f->st, NULL, "/dev/full", NULL), SSVC_EIO);
    assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "ssvc_xml_export_file: /dev/full: cannot "
                                                    "write"));
  }
  assert_int_equal(ssvc_xml_export_file(NULL, NULL, "x.xml", NULL), SSVC_EINVAL);
  ssvc_xml_export_options o = SSVC_XML_EXPORT_OPTIONS_INIT;
  size_t n = 0;
  o.to = (ssvc_date){2026, 3, 3};
  free(export_all(f->st, &o, &n));
  assert_int_equal(n, 2); /* registered on 2 and 3 March */
  o.to = (ssvc_date){0, 0, 0};
  o.from = (ssvc_date){2026, 3, 3};
  free(export_all(f->st, &o, &n));
  assert_int_equal(n, 2); /* on 3 and 4 March */
  struct mem m_none = {NULL, 0, 0, 0};
  o.from = (ssvc_date){0, 1, 0}; /* any part given makes it a date, and this one is not */
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &m_none, &o), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "from: not a valid date (got 0000-01-00)"));
  o.from = (ssvc_date){0, 0, 0};
  o.to = (ssvc_date){0, 0, 9};
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &m_none, &o), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "to: not a valid date (got 0000-00-09)"));
  assert_null(m_none.p);
  o.to = (ssvc_date){2026, 13, 1};
  struct mem m = {NULL, 0, 0, 0};
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &m, &o), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "ssvc_xml_export: to: not a valid date (got "
                                                  "2026-13-01)"));
  assert_null(m.p);
}

/* The XML declaration's encoding is read however it is spaced or quoted; only "UTF-8" and "UTF8"
 * (in any case) pass, and the name quoted in the message is cut at 40 bytes. */
static void the_declared_encoding_is_read_whatever_its_spacing(void **state) {
  struct fx *f = *state;
  static const struct {
    const char *decl, *message;
  } bad[] = {
      {"<?xml version=\"1.0\" encoding\t=\r'ASCII'?>", "(declared 'ASCII')"},
      {"<?xml version=\"1.0\" encoding=\"UCS2\"?>", "(declared 'UCS2')"},
      {"<?xml version=\"1.0\" encoding=\"UTF-8-and-then-some-more-text-that-goes-on\"?>",
       "(declared 'UTF-8-and-then-some-more-text-that-goes-')"},
      {"<?xml version=\"1.0\" encoding?>", "x.xml:1:"},
      {"<?xml version=\"1.0\" encoding=\"UTF-8?>", "x.xml:1:"},
  };
  char d[512];
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(d, sizeof d, "%s\n<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\"/>",
             bad[i].decl);
    int rc = ssvc_xml_import_memory(f->st, NULL, d, strlen(d), "x.xml", NULL);
    if (rc != SSVC_EPARSE || !strstr(ssvc_ctx_errmsg(f->ctx), bad[i].message))
      fail_msg("decl %zu: %s '%s'", i, ssvc_status_name(rc), ssvc_ctx_errmsg(f->ctx));
  }
  snprintf(d, sizeof d, "<?xml version=\"1.0\"\n encoding = 'uTF-8'?>\n<cases xmlns=\"urn:"
                        "smartservice:cases:1\" version=\"1\"/>");
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, d, strlen(d), "x.xml", NULL), SSVC_OK);
}

/* Instants are exactly YYYY-MM-DDThh:mm:ssZ with a real time of day. */
static void instants_have_one_shape(void **state) {
  struct fx *f = *state;
  static const char *const bad[] = {"2026-03-02T09:60:00Z", "2026-03-02T09:00:60Z",
                                    "2026-03-02T09:00:00", "2026-03-02T09:00:00+01:00",
                                    "2026-03-02t09:00:00Z", "20260302T090000Z"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char extra[160], msg[120];
    snprintf(extra, sizeof extra, "    <event at=\"%s\" kind=\"note\"/>\n", bad[i]);
    snprintf(msg, sizeof msg, "r.xml:7:5: case SC-2026-000001: <event>: at: not a UTC instant "
                              "like 2026-03-02T09:00:00Z (got '%s')", bad[i]);
    char *d = doc_with(extra);
    expect_refused(f->st, d, SSVC_EPARSE, msg);
    free(d);
  }
}

/* Positions: a start tag found on its line whatever follows its name; a record too long to keep
 * in view (more lines or more bytes than the reader keeps) is reported at column 1 of its line. */
static void positions_of_tags_and_of_long_records(void **state) {
  struct fx *f = *state;
  char *d = doc_with("    <!-- x --><symptom\tb=\"1\">s</symptom>\n");
  expect_refused(f->st, d, SSVC_EPARSE, "r.xml:7:15: case SC-2026-000001: <symptom>: unknown "
                                        "attribute 'b'");
  free(d);
  d = doc_with("    <symptom>s</symptom><shipment/>\n");
  expect_refused(f->st, d, SSVC_EPARSE, "r.xml:7:25: case SC-2026-000001: <shipment>: "
                                        "attribute 'kind' is required");
  free(d);
  /* 5000 lines of events, then the <tier> missing: the <case> is 5000 lines back. */
  size_t cap = 5000 * 64 + 1;
  char *extra = malloc(cap);
  extra[0] = '\0';
  for (int k = 0; k < 5000; k++) strcat(extra, "<event at=\"2026-03-02T09:00:00Z\" kind=\"note\"/>\n");
  char *d0 = doc_with(extra);
  d = replaced(d0, "<tier code=\"PROF\" features=\"127\"/>", "");
  expect_refused(f->st, d, SSVC_EPARSE, "r.xml:3:1: case SC-2026-000001: <case>: <tier> is "
                                        "missing");
  free(d0);
  free(d);
  free(extra);
  /* One line of 70000 bytes in the record: its start has left the reader's window. */
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.max_text = 100000;
  extra = malloc(70100);
  strcpy(extra, "    <symptom>");
  memset(extra + 13, 's', 70000);
  strcpy(extra + 70013, "</symptom>\n");
  d0 = doc_with(extra);
  d = replaced(d0, "<tier code=\"PROF\" features=\"127\"/>", "");
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), "r.xml", &o), SSVC_EPARSE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "r.xml:3:1: case SC-2026-000001: <case>: "
                                                  "<tier> is missing"));
  assert_int_equal(case_count(f->st), 0);
  free(d0);
  free(d);
  free(extra);
}

/* A parser warning (a relative namespace URI) is no error; after the first error the later ones
 * are not what the message reports. */
static void warnings_pass_and_the_first_error_is_reported(void **state) {
  struct fx *f = *state;
  char *d0 = doc_of(1, "ACME", 0, "");
  char *d = replaced(d0, "version=\"1\">", "xmlns:r=\"relative\" version=\"1\">");
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, d, strlen(d), "w.xml", NULL), SSVC_OK);
  assert_int_equal(case_count(f->st), 1);
  free(d);
  free(d0);
  static const char two[] = "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\">\n"
                            "<a b=\"1\" b=\"2\"></c>\n</cases>";
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, two, strlen(two), "e.xml", NULL),
                   SSVC_EPARSE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "e.xml:2:"));
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "Attribute b redefined"));
  assert_int_equal(case_count(f->st), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(round_trip_is_byte_identical, setup, teardown),
      cmocka_unit_test_setup_teardown(export_filters, setup, teardown),
      cmocka_unit_test_setup_teardown(duplicate_policies, setup, teardown),
      cmocka_unit_test_setup_teardown(batches_roll_back_whole, setup, teardown),
      cmocka_unit_test_setup_teardown(a_failed_import_leaves_the_store_as_it_was, setup, teardown),
      cmocka_unit_test_setup_teardown(bad_records_are_reported_with_positions, setup, teardown),
      cmocka_unit_test_setup_teardown(hostile_files_are_rejected_with_nothing_imported, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(limits, setup, teardown),
      cmocka_unit_test_setup_teardown(agreements_round_trip_is_byte_identical, setup, teardown),
      cmocka_unit_test_setup_teardown(agreement_duplicate_policies, setup, teardown),
      cmocka_unit_test_setup_teardown(bad_agreements_are_reported_with_positions, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(record_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(bad_agreement_values, setup, teardown),
      cmocka_unit_test_setup_teardown(document_envelope, setup, teardown),
      cmocka_unit_test_setup_teardown(case_texts_have_their_sizes, setup, teardown),
      cmocka_unit_test_setup_teardown(options_and_arguments, setup, teardown),
      cmocka_unit_test_setup_teardown(libxml2_failures, setup, teardown),
      cmocka_unit_test_setup_teardown(malformed_case_fields_are_refused_by_name, setup, teardown),
      cmocka_unit_test_setup_teardown(comments_and_white_space_in_a_record_are_ignored, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(too_many_split_texts_in_one_record_is_a_limit, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(malformed_agreement_fields_are_refused_by_name, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(agreement_details_import_and_export, setup, teardown),
      cmocka_unit_test_setup_teardown(export_stops_at_any_failed_write, setup, teardown),
      cmocka_unit_test_setup_teardown(progress_is_reported_and_can_stop, setup, teardown),
      cmocka_unit_test_setup_teardown(progress_counts_cases_not_agreements, setup, teardown),
      cmocka_unit_test_setup_teardown(id_counters_follow_every_year_imported, setup, teardown),
      cmocka_unit_test_setup_teardown(the_input_must_be_utf8, setup, teardown),
      cmocka_unit_test_setup_teardown(the_root_element_is_checked, setup, teardown),
      cmocka_unit_test_setup_teardown(limits_reach_attribute_names_and_every_level, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(export_file_and_open_windows, setup, teardown),
      cmocka_unit_test_setup_teardown(the_declared_encoding_is_read_whatever_its_spacing, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(instants_have_one_shape, setup, teardown),
      cmocka_unit_test_setup_teardown(positions_of_tags_and_of_long_records, setup, teardown),
      cmocka_unit_test_setup_teardown(warnings_pass_and_the_first_error_is_reported, setup,
                                      teardown),
      cmocka_unit_test(faults),
      cmocka_unit_test(faults_on_sqlite),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
