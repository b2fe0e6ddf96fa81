/* The fixtures the module suites share (fixtures.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "fixtures.h"

int64_t fixture_now = STORE_FAULT_NOW;

int64_t fixture_clock(void *user_data) {
  (void)user_data;
  return fixture_now;
}

int fixture_setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  assert_non_null(f);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  fixture_now = STORE_FAULT_NOW;
  assert_int_equal(ssvc_ctx_new(&f->ctx, &o), SSVC_OK);
  assert_int_equal(ssvc_store_memory_new(f->ctx, &f->st), SSVC_OK);
  *state = f;
  return 0;
}

int fixture_teardown(void **state) {
  struct fx *f = *state;
  ssvc_store_free(f->st);
  ssvc_ctx_free(f->ctx);
  free(f);
  return 0;
}

const char *fixture_imei(int n) {
  static char buf[8][SSVC_IMEI_SIZE];
  static unsigned slot;
  char *s = buf[slot++ % 8], body[15];
  snprintf(body, sizeof body, "35693803%06u", (unsigned)n % 1000000u);
  assert_int_equal(ssvc_imei_complete(s, body), SSVC_OK);
  return s;
}

const ssvc_party *fixture_seller(void) {
  static ssvc_party p = SSVC_PARTY_INIT;
  p.name = "Smartservice Support Center AB";
  p.org_number = "556677-8899";
  p.vat_number = "SE556677889901";
  p.street = "Servicegatan 1";
  p.postal_code = "111 22";
  p.city = "Stockholm";
  p.f_skatt = 1;
  p.bankgiro = "123-4566";
  return &p;
}

const ssvc_party *fixture_buyer(void) {
  static ssvc_party p = SSVC_PARTY_INIT;
  p.name = "Fixturköparen AB";
  p.org_number = "556036-0793";
  p.vat_number = "SE556036079301";
  p.city = "Göteborg";
  return &p;
}

void fixture_agreement(ssvc_store *st, const char *customer, const char *tier, uint32_t fleet,
                       int replacement, int repaired_to) {
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.buyer = fixture_buyer();
  s.buyer_reference = customer;
  s.customer_id = customer;
  s.customer_name = customer;
  s.tier_code = tier;
  s.fleet = fleet;
  s.replacement = replacement;
  s.repaired_to = repaired_to;
  s.replacement_value_minor = 250000;
  assert_int_equal(ssvc_agreement_create(st, &s, "lead"), SSVC_OK);
}

void fixture_agreement_once(ssvc_store *st, const char *customer, const char *tier) {
  ssvc_agreement *a = NULL;
  int rc = ssvc_agreement_load(st, &a, customer);
  ssvc_agreement_free(a);
  if (rc == SSVC_ENOTFOUND) fixture_agreement(st, customer, tier, 100, 0, 0);
  else assert_int_equal(rc, SSVC_OK);
}

void fixture_case(ssvc_store *st, char *id, const char *customer, const char *tier,
                  const char *imei) {
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = customer;
  s.user_name = "Anna";
  s.user_phone = "+46701";
  s.imei = imei;
  s.model = "Fairphone 5";
  s.tier_code = tier; /* NULL: the agreement's */
  s.actor = "agent";
  assert_int_equal(ssvc_case_create(st, id, &s), SSVC_OK);
}

int fixture_feed_cb(void *ud, const ssvc_change *c) {
  struct fixture_feed *fd = ud;
  fd->n++;
  if (c->kind == fd->kind) {
    fd->of_kind++;
    snprintf(fd->last_id, sizeof fd->last_id, "%s", c->id);
  }
  return 0;
}
