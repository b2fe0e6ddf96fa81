/* backup phones: add (bought: the account's charge; rented: none), hand out, return, remove,
 * get, list, the change feed and the damage check, every refusal and its words, and every
 * operation that changes the store under storage and allocation faults (memory and SQLite). */
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

#include "fixtures.h"
#include "mem_out.h"
#include "fresh_store.h"
#include "store_fault.h"

#define NOKIA "Nokia 105"

static void setup_customer(ssvc_store *st) { fixture_agreement(st, "ACME", "PROF", 100, 0, 0); }

static int state_of(ssvc_store *st, const char *imei) {
  ssvc_backup_phone p = SSVC_BACKUP_PHONE_INIT;
  int rc = ssvc_backup_phone_get(st, &p, "ACME", imei);
  return rc ? rc : p.state;
}

static void names(void **state) {
  (void)state;
  assert_string_equal(ssvc_backup_state_name(SSVC_BACKUP_AT_SITE), "at-site");
  assert_string_equal(ssvc_backup_state_name(SSVC_BACKUP_HANDED_OUT), "handed-out");
  assert_string_equal(ssvc_backup_state_name(SSVC_BACKUP_REMOVED), "removed");
  assert_null(ssvc_backup_state_name(0));
  assert_null(ssvc_backup_state_name(4));
  assert_string_equal(ssvc_backup_terms_name(SSVC_BACKUP_BOUGHT), "bought");
  assert_string_equal(ssvc_backup_terms_name(SSVC_BACKUP_RENTED), "rented");
  assert_null(ssvc_backup_terms_name(3));
  int t = 0;
  assert_int_equal(ssvc_backup_terms_from_name(NULL, &t, "rented"), SSVC_OK);
  assert_int_equal(t, SSVC_BACKUP_RENTED);
  assert_int_equal(ssvc_backup_terms_from_name(NULL, &t, "leased"), SSVC_ENOTFOUND);
  ssvc_backup_phone p;
  assert_int_equal(ssvc_backup_phone_init(&p, SSVC_BACKUP_PHONE_VERSION), SSVC_OK);
  assert_int_equal(p.version, SSVC_BACKUP_PHONE_VERSION);
  assert_int_equal(ssvc_backup_phone_init(&p, 2), SSVC_EVERSION);
  assert_int_equal(ssvc_backup_phone_init(NULL, 1), SSVC_EINVAL);
  assert_string_equal(ssvc_change_kind_name(SSVC_CHANGE_BACKUP_PHONE), "backup-phone");
}

struct seen {
  int n;
  char imeis[4][16];
  int stop_after;
};

static int seen_cb(void *ud, const ssvc_backup_phone *p) {
  struct seen *s = ud;
  if (s->n < 4) memcpy(s->imeis[s->n], p->imei, 16);
  s->n++;
  return s->stop_after && s->n >= s->stop_after;
}

struct charges_seen {
  int n;
  ssvc_charge last;
  char sv[200];
};

static int charge_cb(void *ud, uint32_t index, const ssvc_charge *c, int64_t at,
                     const char *actor, int invoiced) {
  (void)index;
  (void)at;
  (void)actor;
  (void)invoiced;
  struct charges_seen *s = ud;
  s->n++;
  s->last = *c;
  snprintf(s->sv, sizeof s->sv, "%s", c->text_sv ? c->text_sv : "");
  return 0;
}

static void flow(void **state) {
  struct fx *f = *state;
  setup_customer(f->st);
  const char *a = fixture_imei(1), *b = fixture_imei(2);
  /* A bought phone is charged once on the account; a rented one is not. */
  assert_int_equal(ssvc_backup_phone_add(f->st, "ACME", a, NOKIA, SSVC_BACKUP_BOUGHT, 49900,
                                         "lead"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_add(f->st, "ACME", b, NOKIA, SSVC_BACKUP_RENTED, 0, "lead"),
                   SSVC_OK);
  struct charges_seen cs = {0};
  assert_int_equal(ssvc_charges_list(f->st, "ACME", charge_cb, &cs), SSVC_OK);
  assert_int_equal(cs.n, 1);
  assert_int_equal(cs.last.kind, SSVC_CHARGE_BACKUP_PHONE);
  assert_int_equal(cs.last.quantity, 1);
  assert_int_equal(cs.last.unit_price_minor, 49900);
  assert_int_equal(cs.last.date.year, 2026);
  assert_int_equal(cs.last.date.month, 3);
  assert_int_equal(cs.last.date.day, 2);
  assert_string_equal(cs.sv, "Reservtelefon Nokia 105 (IMEI 356938030000013)");

  ssvc_backup_phone p = SSVC_BACKUP_PHONE_INIT;
  assert_int_equal(ssvc_backup_phone_get(f->st, &p, "ACME", b), SSVC_OK);
  assert_string_equal(p.customer_id, "ACME");
  assert_string_equal(p.model, NOKIA);
  assert_int_equal(p.terms, SSVC_BACKUP_RENTED);
  assert_int_equal(p.state, SSVC_BACKUP_AT_SITE);
  assert_int_equal(p.received_at, fixture_now);
  assert_int_equal(p.removed_at, 0);

  /* Hand out, return, remove. */
  assert_int_equal(ssvc_backup_phone_hand_out(f->st, "ACME", b, "Anna Andersson", "agent"),
                   SSVC_OK);
  assert_int_equal(ssvc_backup_phone_get(f->st, &p, "ACME", b), SSVC_OK);
  assert_int_equal(p.state, SSVC_BACKUP_HANDED_OUT);
  assert_string_equal(p.user, "Anna Andersson");
  assert_int_equal(ssvc_backup_phone_remove(f->st, "ACME", b, "agent"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_backup_phone_remove: backup phone 356938030000021 is handed-out; "
                      "only a phone at the site can be removed (return it first)");
  assert_int_equal(ssvc_backup_phone_hand_out(f->st, "ACME", b, "Bo", "agent"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_backup_phone_hand_out: backup phone 356938030000021 is handed-out; "
                      "only a phone at the site can be handed out");
  assert_int_equal(ssvc_backup_phone_return(f->st, "ACME", b, "agent"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_get(f->st, &p, "ACME", b), SSVC_OK);
  assert_string_equal(p.user, "");
  assert_int_equal(ssvc_backup_phone_return(f->st, "ACME", b, "agent"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_backup_phone_return: backup phone 356938030000021 is at-site; "
                      "only a handed-out phone can be returned");
  fixture_now += 86400;
  assert_int_equal(ssvc_backup_phone_remove(f->st, "ACME", b, "agent"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_get(f->st, &p, "ACME", b), SSVC_OK);
  assert_int_equal(p.state, SSVC_BACKUP_REMOVED);
  assert_true(p.removed_at > p.received_at);
  assert_int_equal(ssvc_backup_phone_hand_out(f->st, "ACME", b, "Bo", "agent"), SSVC_ESTATE);

  /* The list: by IMEI, removed ones too; the callback may stop it. */
  struct seen s = {0};
  assert_int_equal(ssvc_backup_phone_list(f->st, "ACME", seen_cb, &s), SSVC_OK);
  assert_int_equal(s.n, 2);
  assert_string_equal(s.imeis[0], a);
  assert_string_equal(s.imeis[1], b);
  struct seen one = {0, {"", "", "", ""}, 1};
  assert_int_equal(ssvc_backup_phone_list(f->st, "ACME", seen_cb, &one), SSVC_OK);
  assert_int_equal(one.n, 1);
  struct seen none = {0};
  assert_int_equal(ssvc_backup_phone_list(f->st, "OTHER", seen_cb, &none), SSVC_OK);
  assert_int_equal(none.n, 0);

  size_t problems = 9;
  assert_int_equal(ssvc_store_check(f->st, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
}

struct feed {
  int n;
  char ids[16][SSVC_CHANGE_ID_SIZE];
  int kinds[16];
};

static int feed_cb(void *ud, const ssvc_change *c) {
  struct feed *fd = ud;
  if (fd->n < 16) {
    snprintf(fd->ids[fd->n], SSVC_CHANGE_ID_SIZE, "%s", c->id);
    fd->kinds[fd->n] = c->kind;
  }
  fd->n++;
  return 0;
}

static void change_feed(void **state) {
  struct fx *f = *state;
  setup_customer(f->st);
  uint64_t last = 0;
  assert_int_equal(ssvc_changes_last(f->st, &last), SSVC_OK);
  const char *a = fixture_imei(1);
  assert_int_equal(ssvc_backup_phone_add(f->st, "ACME", a, NOKIA, SSVC_BACKUP_BOUGHT, 100, "l"),
                   SSVC_OK);
  assert_int_equal(ssvc_backup_phone_hand_out(f->st, "ACME", a, "Anna", "l"), SSVC_OK);
  struct feed fd = {0};
  assert_int_equal(ssvc_changes_read(f->st, last, feed_cb, &fd), SSVC_OK);
  int phones = 0, charges = 0;
  for (int i = 0; i < fd.n && i < 16; i++) {
    if (fd.kinds[i] == SSVC_CHANGE_BACKUP_PHONE) {
      phones++;
      assert_string_equal(fd.ids[i], "ACME/356938030000013");
    }
    if (fd.kinds[i] == SSVC_CHANGE_CHARGE) charges++;
  }
  assert_int_equal(phones, 2);
  assert_int_equal(charges, 1);
}

static void refusals(void **state) {
  struct fx *f = *state;
  setup_customer(f->st);
  const char *a = fixture_imei(1);
  ssvc_ctx *c = f->ctx;
  assert_int_equal(ssvc_backup_phone_add(NULL, "ACME", a, NOKIA, 1, 0, "l"), SSVC_EINVAL);
  assert_int_equal(ssvc_backup_phone_add(f->st, "", a, NOKIA, 1, 0, "l"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(c), "ssvc_backup_phone_add: customer_id"));
  assert_int_equal(ssvc_backup_phone_add(f->st, "ACME", "123", NOKIA, 1, 0, "l"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(c), "ssvc_backup_phone_add: imei"));
  assert_int_equal(ssvc_backup_phone_add(f->st, "ACME", a, "", 1, 0, "l"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(c), "ssvc_backup_phone_add: model"));
  assert_int_equal(ssvc_backup_phone_add(f->st, "ACME", a, NOKIA, 3, 0, "l"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(c),
                      "ssvc_backup_phone_add: terms: 3 is neither bought (1) nor rented (2)");
  assert_int_equal(ssvc_backup_phone_add(f->st, "ACME", a, NOKIA, 1, -1, "l"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(c),
                      "ssvc_backup_phone_add: price_minor: -1 is not 0..10^12");
  assert_int_equal(ssvc_backup_phone_add(f->st, "ACME", a, NOKIA, 2, 5, "l"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(c),
                      "ssvc_backup_phone_add: price_minor: 5; a rented phone has no price (its "
                      "rent comes from the price list)");
  assert_int_equal(ssvc_backup_phone_add(f->st, "ACME", a, NOKIA, 2, 0, ""), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(c), "ssvc_backup_phone_add: actor"));
  assert_int_equal(ssvc_backup_phone_add(f->st, "BYG", a, NOKIA, 2, 0, "l"), SSVC_ENOTFOUND);
  assert_non_null(strstr(ssvc_ctx_errmsg(c), "BYG"));
  assert_int_equal(ssvc_backup_phone_add(f->st, "ACME", a, NOKIA, 2, 0, "l"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_add(f->st, "ACME", a, NOKIA, 1, 10, "l"), SSVC_EEXISTS);
  assert_string_equal(ssvc_ctx_errmsg(c), "ssvc_backup_phone_add: ACME already has a backup "
                      "phone with IMEI 356938030000013");
  struct charges_seen cs = {0};
  assert_int_equal(ssvc_charges_list(f->st, "ACME", charge_cb, &cs), SSVC_OK);
  assert_int_equal(cs.n, 0); /* the refused purchase charged nothing */

  const char *b = fixture_imei(2);
  assert_int_equal(ssvc_backup_phone_hand_out(f->st, "ACME", b, "Anna", "l"), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(c),
                      "ssvc_backup_phone_hand_out: ACME has no backup phone with IMEI "
                      "356938030000021");
  assert_int_equal(ssvc_backup_phone_hand_out(f->st, "ACME", a, "", "l"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(c), "ssvc_backup_phone_hand_out: user"));
  assert_int_equal(ssvc_backup_phone_hand_out(f->st, "ACME", a, NULL, "l"), SSVC_EINVAL);
  assert_int_equal(ssvc_backup_phone_return(f->st, "ACME", a, NULL), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(c), "ssvc_backup_phone_return: actor"));
  assert_int_equal(ssvc_backup_phone_remove(NULL, "ACME", a, "l"), SSVC_EINVAL);
  assert_int_equal(ssvc_backup_phone_remove(f->st, "ACME", b, "l"), SSVC_ENOTFOUND);

  ssvc_backup_phone p = SSVC_BACKUP_PHONE_INIT;
  assert_int_equal(ssvc_backup_phone_get(f->st, NULL, "ACME", a), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(c), "ssvc_backup_phone_get: out must not be NULL");
  p.version = 9;
  assert_int_equal(ssvc_backup_phone_get(f->st, &p, "ACME", a), SSVC_EVERSION);
  p.version = SSVC_BACKUP_PHONE_VERSION;
  assert_int_equal(ssvc_backup_phone_get(f->st, &p, "ACME", b), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_backup_phone_list(f->st, "ACME", NULL, NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(c), "ssvc_backup_phone_list: fn must not be NULL");
  assert_int_equal(ssvc_backup_phone_list(f->st, "", seen_cb, NULL), SSVC_EINVAL);
  assert_int_equal(state_of(f->st, a), SSVC_BACKUP_AT_SITE);
}

/* ---- The XML interchange carries the backup phones with the agreement ---- */

/* Every phone of ACME as one text: imei model terms state user price received removed. */
static int text_cb(void *ud, const ssvc_backup_phone *p) {
  char *t = ud;
  size_t n = strlen(t);
  snprintf(t + n, 1024 - n, "%s %s %d %d %s %lld %lld %lld;", p->imei, p->model, p->terms,
           p->state, p->user, (long long)p->price_minor, (long long)p->received_at,
           (long long)p->removed_at);
  return 0;
}

static void three_phones(ssvc_store *st) {
  setup_customer(st);
  assert_int_equal(ssvc_backup_phone_add(st, "ACME", fixture_imei(1), NOKIA, SSVC_BACKUP_BOUGHT,
                                         49900, "lead"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_add(st, "ACME", fixture_imei(2), NOKIA, SSVC_BACKUP_RENTED,
                                         0, "lead"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_hand_out(st, "ACME", fixture_imei(2), "Anna & Bo", "a"),
                   SSVC_OK);
  assert_int_equal(ssvc_backup_phone_add(st, "ACME", fixture_imei(3), "Doro", SSVC_BACKUP_RENTED,
                                         0, "lead"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_remove(st, "ACME", fixture_imei(3), "a"), SSVC_OK);
}

static void xml_round_trip(void **state) {
  struct fx *f = *state;
  three_phones(f->st);
  struct mem xml = {0};
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &xml, NULL), SSVC_OK);
  assert_non_null(strstr(xml.p, "<backup-phone imei=\"356938030000013\" model=\"Nokia 105\" "
                                "terms=\"bought\" state=\"at-site\" price=\"49900\" "
                                "received=\"2026-03-02T09:00:00Z\"/>"));
  assert_non_null(strstr(xml.p, "state=\"handed-out\" user=\"Anna &amp; Bo\""));
  assert_non_null(strstr(xml.p, "state=\"removed\" received=\"2026-03-02T09:00:00Z\" "
                                "removed=\"2026-03-02T09:00:00Z\""));
  char before[1024] = "", after[1024] = "";
  assert_int_equal(ssvc_backup_phone_list(f->st, "ACME", text_cb, before), SSVC_OK);
  ssvc_store *st2 = NULL;
  assert_int_equal(ssvc_store_memory_new(f->ctx, &st2), SSVC_OK);
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(st2, &r, xml.p, xml.len, "x.xml", NULL), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_list(st2, "ACME", text_cb, after), SSVC_OK);
  assert_string_equal(before, after);
  /* No charge: the account is not in the interchange. */
  struct charges_seen cs = {0};
  assert_int_equal(ssvc_charges_list(st2, "ACME", charge_cb, &cs), SSVC_OK);
  assert_int_equal(cs.n, 0);
  /* Again over the stored phones, one of them changed in the file: written as the file says. */
  char *at = strstr(xml.p, "state=\"handed-out\" user=\"Anna &amp; Bo\"");
  assert_non_null(at);
  memcpy(at, "state=\"at-site\"   ", 18); /* as long as state="handed-out" */
  ssvc_xml_import_options o;
  assert_int_equal(ssvc_xml_import_options_init(&o, SSVC_XML_IMPORT_OPTIONS_VERSION), SSVC_OK);
  o.on_duplicate = SSVC_XML_DUP_REPLACE;
  assert_int_equal(ssvc_xml_import_memory(st2, &r, xml.p, strlen(xml.p), "x.xml", &o),
                   SSVC_EINVAL); /* at-site with a user is a bad record */
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "user: given exactly when the phone is "
                                                  "handed-out"));
  assert_int_equal(state_of(st2, fixture_imei(2)), SSVC_BACKUP_HANDED_OUT);
  size_t problems = 1;
  assert_int_equal(ssvc_store_check(st2, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
  ssvc_store_free(st2);
  mem_free(&xml);
}

/* A bad <backup-phone> is a bad record naming the attribute; nothing of the record is stored. */
static void xml_bad_records(void **state) {
  struct fx *f = *state;
  static const struct {
    const char *phone, *words;
  } bad[] = {
      {"<backup-phone imei=\"356938030000014\" model=\"N\" terms=\"rented\" state=\"at-site\" "
       "received=\"2026-03-02T09:00:00Z\"/>", "imei"},
      {"<backup-phone imei=\"356938030000013\" model=\"N\" terms=\"leased\" state=\"at-site\" "
       "received=\"2026-03-02T09:00:00Z\"/>", "terms: not bought or rented (got 'leased')"},
      {"<backup-phone imei=\"356938030000013\" model=\"N\" terms=\"rented\" state=\"lost\" "
       "received=\"2026-03-02T09:00:00Z\"/>", "state: not at-site, handed-out or removed"},
      {"<backup-phone imei=\"356938030000013\" model=\"N\" terms=\"rented\" state=\"at-site\" "
       "price=\"100\" received=\"2026-03-02T09:00:00Z\"/>", "price: a rented phone has none"},
      {"<backup-phone imei=\"356938030000013\" model=\"N\" terms=\"rented\" state=\"removed\" "
       "received=\"2026-03-02T09:00:00Z\"/>", "removed: given exactly when the phone is removed"},
      {"<backup-phone imei=\"356938030000013\" model=\"N\" terms=\"rented\" state=\"at-site\"/>",
       "received"},
      {"<backup-phone imei=\"356938030000013\" model=\"N\" terms=\"rented\" state=\"at-site\" "
       "received=\"2026-03-02T09:00:00Z\"/><backup-phone imei=\"356938030000013\" model=\"N\" "
       "terms=\"rented\" state=\"at-site\" received=\"2026-03-02T09:00:00Z\"/>",
       "IMEI of an earlier backup phone (356938030000013)"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char xml[2048];
    snprintf(xml, sizeof xml,
             "<cases version=\"1\" xmlns=\"urn:smartservice:cases:1\"><agreement customer=\"ACME\" "
             "name=\"ACME\" tier=\"PROF\" fleet=\"10\">%s</agreement></cases>",
             bad[i].phone);
    ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
    assert_int_not_equal(ssvc_xml_import_memory(f->st, &r, xml, strlen(xml), "x.xml", NULL),
                         SSVC_OK);
    if (!strstr(ssvc_ctx_errmsg(f->ctx), bad[i].words))
      fail_msg("case %zu: '%s' lacks '%s'", i, ssvc_ctx_errmsg(f->ctx), bad[i].words);
    assert_int_equal(state_of(f->st, fixture_imei(1)), SSVC_ENOTFOUND);
  }
}

/* ---- Every operation that changes the store under storage and allocation faults ---- */

static void *fx_base(ssvc_store *st) {
  setup_customer(st);
  assert_int_equal(ssvc_backup_phone_add(st, "ACME", fixture_imei(1), NOKIA, SSVC_BACKUP_RENTED,
                                         0, "lead"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_add(st, "ACME", fixture_imei(2), NOKIA, SSVC_BACKUP_RENTED,
                                         0, "lead"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_hand_out(st, "ACME", fixture_imei(2), "Anna", "a"), SSVC_OK);
  return NULL;
}
static int op_add_bought(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_backup_phone_add(st, "ACME", fixture_imei(3), NOKIA, SSVC_BACKUP_BOUGHT, 49900,
                               "lead");
}
static int op_add_rented(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_backup_phone_add(st, "ACME", fixture_imei(3), NOKIA, SSVC_BACKUP_RENTED, 0, "l");
}
static int op_hand_out(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_backup_phone_hand_out(st, "ACME", fixture_imei(1), "Bo", "a");
}
static int op_return(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_backup_phone_return(st, "ACME", fixture_imei(2), "a");
}
static int op_remove(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_backup_phone_remove(st, "ACME", fixture_imei(1), "a");
}

/* The import of an agreement with its backup phones. */
static struct mem fault_xml;
static void *fx_xml(ssvc_store *st) {
  mem_export_once(&fault_xml, three_phones);
  setup_customer(st);
  return NULL;
}
static int op_import(ssvc_store *st, void *u) {
  (void)u;
  return mem_import_replace(st, &fault_xml);
}

static const struct store_op ops[] = {
    {"ssvc_xml_import_memory with backup phones", fx_xml, op_import, NULL},
    {"ssvc_backup_phone_add bought", fx_base, op_add_bought, NULL},
    {"ssvc_backup_phone_add rented", fx_base, op_add_rented, NULL},
    {"ssvc_backup_phone_hand_out", fx_base, op_hand_out, NULL},
    {"ssvc_backup_phone_return", fx_base, op_return, NULL},
    {"ssvc_backup_phone_remove", fx_base, op_remove, NULL},
};

STORE_FAULT_TEST_FUNCTIONS(ops, FAULT_STORAGE, "test_backup_phone")

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(names),
      cmocka_unit_test_setup_teardown(flow, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(change_feed, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(refusals, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(xml_round_trip, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(xml_bad_records, fixture_setup, fixture_teardown),
      STORE_FAULT_TESTS,
  };
  return cmocka_run_group_tests_name("backup phones", tests, NULL, NULL);
}
