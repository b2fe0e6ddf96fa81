/* agreement: create, load, update with compare-and-set, the change log, listing, the customer's
 * calendar, every validation error, and every operation under storage and allocation faults. */
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
#include "store_fault.h"


static const ssvc_date closed[] = {{2026, 3, 3}, {2026, 3, 4}};
static const ssvc_agreement_model models[] = {{"Fairphone 5", 450000, 3},
                                              {"Galaxy A15", SSVC_AGREEMENT_NO_OVERRIDE, 0}};

static ssvc_agreement_spec acme(void) {
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "ACME";
  s.customer_name = "ACME AB";
  s.tier_code = "prof";
  s.fleet = 400;
  s.cutoff_seconds = 16 * 3600;
  s.return_days = 5;
  s.closed_days = closed;
  s.closed_day_count = 2;
  s.freight_minor = 9900;
  s.replacement_value_minor = 300000;
  s.models = models;
  s.model_count = 2;
  return s;
}

static void spec_init_defaults(void **state) {
  (void)state;
  ssvc_agreement_spec s;
  assert_int_equal(ssvc_agreement_spec_init(&s, SSVC_AGREEMENT_SPEC_VERSION), SSVC_OK);
  ssvc_agreement_spec m = SSVC_AGREEMENT_SPEC_INIT; /* the macro and the function agree */
  assert_int_equal(s.version, m.version);
  assert_null(s.customer_id);
  assert_null(s.custom_tier);
  assert_null(s.closed_days);
  assert_int_equal(s.fleet, m.fleet);
  assert_int_equal(s.replacement, m.replacement);
  assert_int_equal(s.cutoff_seconds, m.cutoff_seconds);
  assert_int_equal(s.user_price_minor, m.user_price_minor);
  assert_int_equal(s.packaging_minor, m.packaging_minor);
  assert_int_equal(s.replacement_value_minor, m.replacement_value_minor);
  assert_int_equal(s.model_count, m.model_count);
  assert_int_equal(s.swap_basis_points, 800);
  assert_int_equal(s.freight_minor, SSVC_AGREEMENT_NO_OVERRIDE);
  assert_int_equal(ssvc_agreement_spec_init(&s, 0), SSVC_EVERSION);
  assert_int_equal(s.vat_basis_points, 2500);
  assert_int_equal(s.vat_basis_points, m.vat_basis_points);
  assert_int_equal(s.swap_rent_minor, 0);
  assert_int_equal(ssvc_agreement_spec_init(&s, SSVC_AGREEMENT_SPEC_VERSION + 1), SSVC_EVERSION);
  assert_int_equal(s.version, SSVC_AGREEMENT_SPEC_VERSION); /* untouched */
  assert_int_equal(ssvc_agreement_spec_init(NULL, 1), SSVC_EINVAL);
  assert_string_equal(ssvc_replacement_name(SSVC_REPLACEMENT_LOAN), "loan");
  assert_string_equal(ssvc_replacement_name(SSVC_REPLACEMENT_SWAP), "swap");
  assert_null(ssvc_replacement_name(0));
  assert_string_equal(ssvc_repaired_to_name(SSVC_REPAIRED_TO_USER), "user");
  assert_string_equal(ssvc_repaired_to_name(SSVC_REPAIRED_TO_STOCK), "stock");
  assert_null(ssvc_repaired_to_name(3));
}

static void create_load_round_trip(void **state) {
  struct fx *f = *state;
  ssvc_agreement_spec s = acme();
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_spec g = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &g), SSVC_OK);
  assert_string_equal(g.customer_id, "ACME");
  assert_string_equal(g.customer_name, "ACME AB");
  assert_string_equal(g.tier_code, "PROF"); /* canonical spelling */
  assert_null(g.custom_tier);
  assert_int_equal(g.fleet, 400);
  assert_int_equal(g.replacement, SSVC_REPLACEMENT_SWAP); /* defaults are stored explicitly */
  assert_int_equal(g.repaired_to, SSVC_REPAIRED_TO_STOCK);
  assert_int_equal(g.swap_basis_points, 800);
  assert_int_equal(g.cutoff_seconds, 57600);
  assert_int_equal(g.return_days, 5);
  assert_int_equal(g.closed_day_count, 2);
  assert_int_equal(g.closed_days[1].day, 4);
  assert_int_equal(g.user_price_minor, SSVC_AGREEMENT_NO_OVERRIDE);
  assert_int_equal(g.freight_minor, 9900);
  assert_int_equal(g.packaging_minor, SSVC_AGREEMENT_NO_OVERRIDE);
  assert_int_equal(g.replacement_value_minor, 300000);
  assert_int_equal(g.model_count, 2);
  assert_string_equal(g.models[0].model, "Fairphone 5");
  assert_int_equal(g.models[0].replacement_value_minor, 450000);
  assert_int_equal(g.models[0].target, 3);
  assert_int_equal(g.models[1].replacement_value_minor, SSVC_AGREEMENT_NO_OVERRIDE);
  assert_int_equal(ssvc_agreement_features(a), SSVC_FEATURE_ALL);
  assert_int_equal(ssvc_agreement_swap_level(a), 32);
  assert_int_equal(ssvc_agreement_shipment_cost(a), 9900 + SSVC_AGREEMENT_DEFAULT_PACKAGING_MINOR);
  assert_int_equal(ssvc_agreement_replacement_value(a, "Fairphone 5"), 450000);
  assert_int_equal(ssvc_agreement_replacement_value(a, "Galaxy A15"), 300000);
  assert_int_equal(ssvc_agreement_replacement_value(a, "Nokia"), 300000);
  assert_int_equal(ssvc_agreement_replacement_value(a, NULL), 300000);
  assert_int_equal(ssvc_agreement_stored_version(a), 1);
  assert_int_equal(ssvc_agreement_created_at(a), STORE_FAULT_NOW);
  assert_int_equal(ssvc_agreement_updated_at(a), STORE_FAULT_NOW);
  assert_int_equal(ssvc_agreement_event_count(a), 1);
  ssvc_agreement_event e = SSVC_AGREEMENT_EVENT_INIT;
  assert_int_equal(ssvc_agreement_event_at(a, 0, &e), SSVC_OK);
  assert_int_equal(e.kind, SSVC_AGREEMENT_EVENT_CREATED);
  assert_string_equal(e.actor, "lead");
  assert_string_equal(e.note, "");
  assert_int_equal(e.at, STORE_FAULT_NOW);
  assert_int_equal(ssvc_agreement_event_at(a, 1, &e), SSVC_ERANGE);
  e.version = 0;
  assert_int_equal(ssvc_agreement_event_at(a, 0, &e), SSVC_EVERSION);
  assert_int_equal(ssvc_agreement_event_at(a, 0, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_agreement_event_at(NULL, 0, &e), SSVC_EINVAL);
  g.version = 0;
  assert_int_equal(ssvc_agreement_spec_get(a, &g), SSVC_EVERSION);
  assert_int_equal(ssvc_agreement_spec_get(a, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_agreement_spec_get(NULL, &g), SSVC_EINVAL);
  ssvc_agreement_free(a);
  ssvc_agreement_free(NULL);
  /* NULL getters. */
  assert_int_equal(ssvc_agreement_stored_version(NULL), 0);
  assert_int_equal(ssvc_agreement_features(NULL), 0);
  assert_int_equal(ssvc_agreement_swap_level(NULL), 0);
  assert_int_equal(ssvc_agreement_shipment_cost(NULL), 0);
  assert_int_equal(ssvc_agreement_replacement_value(NULL, "x"), 0);
  assert_int_equal(ssvc_agreement_created_at(NULL), 0);
  assert_int_equal(ssvc_agreement_updated_at(NULL), 0);
  assert_int_equal(ssvc_agreement_event_count(NULL), 0);
  /* A second agreement for the customer is refused. */
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_EEXISTS);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_agreement_create: customer 'ACME' already has an agreement");
  /* Defaults: no overrides, shipment cost of the library's defaults, no replacement value. */
  ssvc_agreement_spec b = SSVC_AGREEMENT_SPEC_INIT;
  b.customer_id = "Bygg AB";
  b.customer_name = "Bygg";
  b.tier_code = "BAS";
  b.fleet = 1;
  assert_int_equal(ssvc_agreement_create(f->st, &b, "lead"), SSVC_OK);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "Bygg AB"), SSVC_OK);
  assert_int_equal(ssvc_agreement_features(a), 0x0F);
  assert_int_equal(ssvc_agreement_swap_level(a), 1);
  assert_int_equal(ssvc_agreement_shipment_cost(a), 8900 + 2500);
  assert_int_equal(ssvc_agreement_replacement_value(a, "x"), 0);
  ssvc_agreement_spec_init(&g, SSVC_AGREEMENT_SPEC_VERSION);
  ssvc_agreement_spec_get(a, &g);
  assert_int_equal(g.cutoff_seconds, SSVC_CALENDAR_DEFAULT_CUTOFF);
  assert_int_equal(g.return_days, SSVC_CALENDAR_DEFAULT_RETURN_DAYS);
  ssvc_agreement_free(a);
}

static void custom_tier_is_stored(void **state) {
  struct fx *f = *state;
  ssvc_tier_spec t = SSVC_TIER_SPEC_INIT;
  t.code = "GULD";
  t.name_sv = "Guld";
  t.features = SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_SWAP_ACTIVATION;
  t.price_minor = 5900;
  ssvc_agreement_spec s = acme();
  s.tier_code = "guld";
  s.custom_tier = &t;
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_spec g = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &g), SSVC_OK);
  assert_string_equal(g.tier_code, "GULD");
  assert_non_null(g.custom_tier);
  assert_string_equal(g.custom_tier->code, "GULD");
  assert_string_equal(g.custom_tier->name_sv, "Guld");
  assert_null(g.custom_tier->name_en);
  assert_int_equal(g.custom_tier->price_minor, 5900);
  assert_string_equal(g.custom_tier->currency, "SEK");
  assert_int_equal(g.custom_tier->features, t.features);
  assert_int_equal(ssvc_agreement_features(a), t.features);
  /* The spec read back can be stored again as it is (a catalogue accepts its tier). */
  assert_int_equal(ssvc_agreement_update(f->st, &g, 0, "lead"), SSVC_OK);
  /* A new price of the custom tier alone is a change of the tier, and the log says so. */
  ssvc_tier_spec dearer = *g.custom_tier;
  dearer.price_minor = 6900;
  g.custom_tier = &dearer;
  assert_int_equal(ssvc_agreement_update(f->st, &g, 0, "lead"), SSVC_OK);
  ssvc_agreement_free(a);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_event e = SSVC_AGREEMENT_EVENT_INIT;
  size_t events = ssvc_agreement_event_count(a);
  assert_int_equal(ssvc_agreement_event_at(a, events - 1, &e), SSVC_OK);
  assert_string_equal(e.note, "changed: tier");
  ssvc_agreement_free(a);
  /* The custom tier's code must be the tier code, and not a built-in one. */
  s.customer_id = "Other";
  s.tier_code = "SILVER";
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_agreement_create: spec->tier_code: must equal "
                      "spec->custom_tier->code (got 'SILVER' and 'GULD')");
  t.code = "BAS";
  s.tier_code = "BAS";
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_EEXISTS);
  t.code = "bad code";
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_EINVAL);
}

static void create_rejects_bad_input(void **state) {
  struct fx *f = *state;
  ssvc_agreement_spec s = acme();
#define REJECT(code, msg)                                                                     \
  do {                                                                                        \
    assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), code);                          \
    assert_string_equal(ssvc_ctx_errmsg(f->ctx), msg);                                        \
    s = acme();                                                                               \
  } while (0)
  assert_int_equal(ssvc_agreement_create(NULL, &s, "x"), SSVC_EINVAL);
  assert_int_equal(ssvc_agreement_create(f->st, NULL, "x"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_agreement_create: spec must not be NULL");
  s.version = 9;
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_EVERSION);
  s = acme();
  s.customer_id = "";
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->customer_id: must be given");
  s.customer_id = "A123456789012345678901234567890123456789012345678901234567890123X";
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->customer_id: longer than 64 bytes (got 65)");
  s.customer_name = "bad\xff";
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->customer_name: not valid UTF-8 text");
  s.customer_name = "line\nbreak";
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->customer_name: contains a control character");
  s.tier_code = NULL;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->tier_code: must be given");
  s.tier_code = "GULD";
  REJECT(SSVC_ENOTFOUND, "ssvc_agreement_create: spec->tier_code: no built-in tier 'GULD' (give "
                         "spec->custom_tier for a custom one)");
  s.replacement = 3;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->replacement: not swap (1) or loan (2) (got 3)");
  s.repaired_to = -1;
  REJECT(SSVC_EINVAL,
         "ssvc_agreement_create: spec->repaired_to: not stock (1) or user (2) (got -1)");
  s.swap_basis_points = 10001;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->swap_basis_points: must be 0..10000 (got 10001)");
  s.cutoff_seconds = 86401;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->cutoff_seconds: must be 0..86400 (got 86401)");
  s.return_days = 1001;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->return_days: must be 0..1000 (got 1001)");
  s.closed_days = NULL;
  REJECT(SSVC_EINVAL,
         "ssvc_agreement_create: spec->closed_days: NULL or more than 256 days (count 2)");
  ssvc_date bad[] = {{2026, 2, 30}};
  s.closed_days = bad;
  s.closed_day_count = 1;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->closed_days[0]: not a day of 1900-2199 (got "
                      "2026-02-30)");
  ssvc_date twice[] = {{2026, 5, 5}, {2026, 5, 5}};
  s.closed_days = twice;
  s.closed_day_count = 2;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->closed_days[1]: 2026-05-05 twice");
  s.freight_minor = -2;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->freight_minor: must be 0..10^12, or "
                      "SSVC_AGREEMENT_NO_OVERRIDE (got -2)");
  s.user_price_minor = -5;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->user_price_minor: must be 0..10^12, or "
                      "SSVC_AGREEMENT_NO_OVERRIDE (got -5)");
  s.user_price_minor = INT64_C(1000000000001); /* an invoice could not bill it */
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->user_price_minor: must be 0..10^12, or "
                      "SSVC_AGREEMENT_NO_OVERRIDE (got 1000000000001)");
  s.model_count = 300;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->models: NULL or more than 256 (count 300)");
  s.model_count = 1;
  s.models = NULL;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->models: NULL or more than 256 (count 1)");
  s.cutoff_seconds = -1;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->cutoff_seconds: must be 0..86400 (got -1)");
  s.return_days = -1;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->return_days: must be 0..1000 (got -1)");
  s.packaging_minor = -3;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->packaging_minor: must be 0..10^12, or "
                      "SSVC_AGREEMENT_NO_OVERRIDE (got -3)");
  s.swap_rent_minor = INT64_C(1000000000001);
  REJECT(SSVC_EINVAL,
         "ssvc_agreement_create: spec->swap_rent_minor: must be 0..10^12 (got 1000000000001)");
  ssvc_agreement_model dup[] = {{"X", 1, 0}, {"X", 2, 0}};
  s.models = dup;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->models[1]: model 'X' twice");
  ssvc_agreement_model neg[] = {{"X", -3, 0}};
  s.models = neg;
  s.model_count = 1;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->models[0].replacement_value_minor: must be "
                      "0..10^12, or SSVC_AGREEMENT_NO_OVERRIDE (got -3)");
  ssvc_agreement_model empty[] = {{"", 1, 0}};
  s.models = empty;
  s.model_count = 1;
  REJECT(SSVC_EINVAL, "ssvc_agreement_create: spec->models[0].model: must be given");
  assert_int_equal(ssvc_agreement_create(f->st, &s, NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_agreement_create: actor: must be given");
#undef REJECT
  /* Nothing was stored. */
  ssvc_agreement *a = (ssvc_agreement *)1;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_ENOTFOUND);
  assert_null(a);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_agreement_load: customer 'ACME' has no agreement");
  assert_int_equal(ssvc_agreement_load(f->st, NULL, "ACME"), SSVC_EINVAL);
  assert_int_equal(ssvc_agreement_load(NULL, &a, "ACME"), SSVC_EINVAL);
  assert_int_equal(ssvc_agreement_load(f->st, &a, NULL), SSVC_EINVAL);
}

static void update_with_compare_and_set(void **state) {
  struct fx *f = *state;
  ssvc_agreement_spec s = acme();
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  ssvc_agreement *a, *b;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  assert_int_equal(ssvc_agreement_load(f->st, &b, "ACME"), SSVC_OK);
  /* Agent A raises the fleet and moves the cut-off. */
  ssvc_agreement_spec g = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(a, &g);
  g.fleet = 420;
  g.cutoff_seconds = 0; /* back to the default 14:00 */
  g.replacement = SSVC_REPLACEMENT_LOAN;
  fixture_now += 60;
  assert_int_equal(ssvc_agreement_update(f->st, &g, ssvc_agreement_stored_version(a), "agent-a"),
                   SSVC_OK);
  /* Agent B, still holding version 1, loses: nothing is overwritten. */
  ssvc_agreement_spec h = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(b, &h);
  h.customer_name = "ACME Group";
  assert_int_equal(ssvc_agreement_update(f->st, &h, ssvc_agreement_stored_version(b), "agent-b"),
                   SSVC_ECONFLICT);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_agreement_update: ACME: the agreement changed since it was loaded "
                      "(version 1, now 2); load it again");
  ssvc_agreement_free(a);
  ssvc_agreement_free(b);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_spec_get(a, &g);
  assert_int_equal(g.fleet, 420);
  assert_string_equal(g.customer_name, "ACME AB");
  assert_int_equal(g.cutoff_seconds, SSVC_CALENDAR_DEFAULT_CUTOFF);
  assert_int_equal(g.replacement, SSVC_REPLACEMENT_LOAN);
  assert_int_equal(ssvc_agreement_stored_version(a), 2);
  assert_int_equal(ssvc_agreement_created_at(a), STORE_FAULT_NOW);
  assert_int_equal(ssvc_agreement_updated_at(a), STORE_FAULT_NOW + 60);
  assert_int_equal(ssvc_agreement_event_count(a), 2);
  ssvc_agreement_event e = SSVC_AGREEMENT_EVENT_INIT;
  assert_int_equal(ssvc_agreement_event_at(a, 1, &e), SSVC_OK);
  assert_int_equal(e.kind, SSVC_AGREEMENT_EVENT_UPDATED);
  assert_string_equal(e.actor, "agent-a");
  assert_string_equal(e.note, "changed: fleet, replacement, cutoff");
  /* Expected version 0: whatever is stored. Every field named in the log. */
  ssvc_tier_spec t = SSVC_TIER_SPEC_INIT;
  t.code = "K1";
  t.name_sv = "Kund 1";
  ssvc_agreement_spec all = SSVC_AGREEMENT_SPEC_INIT;
  all.customer_id = "ACME";
  all.customer_name = "ACME Group";
  all.tier_code = "K1";
  all.custom_tier = &t;
  all.fleet = 420;
  all.replacement = SSVC_REPLACEMENT_LOAN;
  all.repaired_to = SSVC_REPAIRED_TO_USER;
  all.swap_basis_points = 1000;
  all.return_days = 7;
  all.user_price_minor = 3500;
  all.packaging_minor = 0;
  all.freight_minor = 9900;
  all.replacement_value_minor = 300000;
  assert_int_equal(ssvc_agreement_update(f->st, &all, 0, "lead"), SSVC_OK);
  ssvc_agreement_free(a);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  assert_int_equal(ssvc_agreement_event_at(a, 2, &e), SSVC_OK);
  assert_string_equal(e.note, "changed: name, tier, repaired-to, swap-share, return-days, "
                              "closed-days, user-price, packaging, models");
  assert_int_equal(ssvc_agreement_features(a), 0);
  assert_int_equal(ssvc_agreement_shipment_cost(a), 9900); /* packaging overridden to 0 */
  ssvc_agreement_free(a);
  /* Errors: unknown customer, bad spec, NULLs. Nothing changes. */
  all.customer_id = "Nobody";
  assert_int_equal(ssvc_agreement_update(f->st, &all, 0, "lead"), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_agreement_update: customer 'Nobody' has no agreement");
  all.customer_id = "ACME";
  all.fleet = 1;
  all.swap_basis_points = 20000;
  assert_int_equal(ssvc_agreement_update(f->st, &all, 0, "lead"), SSVC_EINVAL);
  assert_int_equal(ssvc_agreement_update(f->st, &all, 0, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_agreement_update(NULL, &all, 0, "x"), SSVC_EINVAL);
  assert_int_equal(ssvc_agreement_update(f->st, NULL, 0, "x"), SSVC_EINVAL);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  assert_int_equal(ssvc_agreement_event_count(a), 3);
  assert_int_equal(ssvc_agreement_stored_version(a), 3);
  ssvc_agreement_free(a);
}

static int collect(void *ud, const char *id) {
  char *buf = ud;
  strcat(buf, id);
  strcat(buf, ";");
  return strcmp(id, "STOP") == 0;
}

static void listing(void **state) {
  struct fx *f = *state;
  char buf[256] = "";
  assert_int_equal(ssvc_agreement_list(f->st, collect, buf), SSVC_OK);
  assert_string_equal(buf, "");
  const char *ids[] = {"Zeta", "ACME", "ACME-2", "STOP", "ZZ"};
  for (int i = 0; i < 5; i++) {
    ssvc_agreement_spec s = acme();
    s.customer_id = ids[i];
    assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  }
  assert_int_equal(ssvc_agreement_list(f->st, collect, buf), SSVC_OK);
  assert_string_equal(buf, "ACME;ACME-2;STOP;"); /* byte order; the callback stopped */
  assert_int_equal(ssvc_agreement_list(f->st, NULL, buf), SSVC_EINVAL);
  assert_int_equal(ssvc_agreement_list(NULL, collect, buf), SSVC_EINVAL);
}

static void calendar_of_the_agreement(void **state) {
  struct fx *f = *state;
  ssvc_agreement_spec s = acme();
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_calendar *cal = NULL;
  assert_int_equal(ssvc_agreement_calendar(f->ctx, a, &cal), SSVC_OK);
  assert_int_equal(ssvc_calendar_cutoff(cal), 57600);
  assert_int_equal(ssvc_calendar_return_days(cal), 5);
  /* Monday 2026-03-02 15:00 Stockholm is before the 16:00 cut-off; Tuesday and Wednesday are
   * closed by the agreement: delivery on Thursday. */
  ssvc_date d;
  assert_int_equal(ssvc_calendar_delivery(f->ctx, cal, &d, INT64_C(1772460000)), SSVC_OK);
  assert_int_equal(d.day, 5);
  ssvc_date dl;
  assert_int_equal(ssvc_calendar_return_deadline(f->ctx, cal, &dl, &d), SSVC_OK);
  assert_int_equal(dl.month, 3);
  assert_int_equal(dl.day, 12);
  ssvc_calendar_free(cal);
  assert_int_equal(ssvc_agreement_calendar(f->ctx, NULL, &cal), SSVC_EINVAL);
  assert_null(cal);
  assert_int_equal(ssvc_agreement_calendar(f->ctx, a, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_agreement_calendar(NULL, a, &cal), SSVC_EINVAL);
  ssvc_agreement_free(a);
}

/* An agreement written by a newer library: unknown fields load and survive an update. */
static void unknown_fields_survive(void **state) {
  (void)state;
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  ssvc_storage_backend be;
  assert_int_equal(ssvc_storage_memory_backend(ctx, &be), SSVC_OK);
  ssvc_store *st;
  assert_int_equal(ssvc_store_open(ctx, &st, &be), SSVC_OK);
  ssvc_agreement_spec s = acme();
  assert_int_equal(ssvc_agreement_create(st, &s, "lead"), SSVC_OK);
  const void *v;
  size_t vlen;
  uint64_t ver;
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  uint8_t rec[1024];
  assert_true(vlen + 6 < sizeof rec);
  memcpy(rec, v, vlen);
  const uint8_t extra[] = {0x99, 0x06, 3, 'n', 'e', 'w'};
  memcpy(rec + vlen, extra, sizeof extra); /* field 99, bytes "new" */
  assert_int_equal(be.begin(be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(be.put(be.user_data, "AACME", 5, rec, vlen + sizeof extra, ver, &ver), SSVC_OK);
  assert_int_equal(be.commit(be.user_data), SSVC_OK);
  s.fleet = 10;
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  assert_true(vlen > sizeof extra);
  int kept = 0;
  for (size_t i = 0; i + sizeof extra <= vlen; i++)
    kept |= memcmp((const uint8_t *)v + i, extra, sizeof extra) == 0;
  assert_true(kept);
  /* A malformed record fails to load with SSVC_ESTORAGE. */
  assert_int_equal(be.begin(be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(be.put(be.user_data, "AACME", 5, "A\x01\x0a\x7f", 4, ver, &ver), SSVC_OK);
  assert_int_equal(be.commit(be.user_data), SSVC_OK);
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(st, &a, "ACME"), SSVC_ESTORAGE);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_agreement_load: ACME: the stored agreement is malformed");
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

/* ---- The fleet history (record field 21, doc/records.md) ---- */

static uint64_t rd_varint(const uint8_t **p) {
  uint64_t v = 0;
  for (int sh = 0;; sh += 7) {
    uint8_t b = *(*p)++;
    v |= (uint64_t)(b & 0x7F) << sh;
    if (!(b & 0x80)) return v;
  }
}

/* Walks a stored agreement record: returns the entries of history field @p field (21: fleet,
 * 30: tier and price) with their instants (sub-field 1) in @p at and their varint sub-field 2
 * (the fleet) in @p fleet, and copies the record without them to @p strip (when not NULL). */
static size_t history(const void *rec, size_t len, unsigned field, uint32_t *fleet, int64_t *at,
                      uint8_t *strip, size_t *strip_len) {
  const uint8_t *p = rec, *end = p + len;
  size_t n = 0, out = 2;
  if (strip) memcpy(strip, rec, 2);
  p += 2;
  while (p < end) {
    const uint8_t *start = p;
    uint64_t tag = rd_varint(&p);
    const uint8_t *body = p;
    uint64_t blen = 0;
    if ((tag & 7) == 0) rd_varint(&p);
    else if ((tag & 7) == 1) {
      blen = rd_varint(&p);
      body = p;
      p += blen;
    } else p += 8;
    if ((tag >> 3) == field) {
      const uint8_t *q = body, *qend = body + blen;
      while (q < qend) {
        uint64_t t = rd_varint(&q), v = rd_varint(&q);
        if ((t & 7) == 1) q += v; /* a text or a nested record */
        else if (t == (1 << 3)) at[n] = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
        else if (t == (2 << 3)) fleet[n] = (uint32_t)v;
      }
      n++;
    } else if (strip) {
      memcpy(strip + out, start, (size_t)(p - start));
      out += (size_t)(p - start);
    }
  }
  if (strip_len) *strip_len = out;
  return n;
}

static size_t fleet_history(const void *rec, size_t len, uint32_t *fleet, int64_t *at,
                            uint8_t *strip, size_t *strip_len) {
  return history(rec, len, 21, fleet, at, strip, strip_len);
}

/* The tier and price history (record field 30): one entry on create, one on every update that
 * changes the tier or the own price (at the instant given to ssvc_agreement_update_from(), else
 * the clock), none on other changes. An older record without it reads back at its current tier
 * and price; its first tier change writes the implied entry (created, old tier) first. */
static void terms_history_is_kept(void **state) {
  (void)state;
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  ssvc_storage_backend be;
  assert_int_equal(ssvc_storage_memory_backend(ctx, &be), SSVC_OK);
  ssvc_store *st;
  assert_int_equal(ssvc_store_open(ctx, &st, &be), SSVC_OK);
  fixture_now = 1000;
  ssvc_agreement_spec s = acme();
  assert_int_equal(ssvc_agreement_create(st, &s, "lead"), SSVC_OK);
  const void *v;
  size_t vlen;
  uint64_t ver;
  uint32_t unused[8];
  int64_t at[8];
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  assert_int_equal(history(v, vlen, 30, unused, at, NULL, NULL), 1);
  assert_int_equal(at[0], 1000);
  fixture_now = 2000;
  s.fleet = 401; /* the fleet has its own history */
  s.customer_name = "ACME Aktiebolag";
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  assert_int_equal(history(v, vlen, 30, unused, at, NULL, NULL), 1);
  fixture_now = 3000;
  s.user_price_minor = 3500;
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  s.tier_code = "bas";
  assert_int_equal(ssvc_agreement_update_from(st, &s, 0, "lead", 5000), SSVC_OK);
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  assert_int_equal(history(v, vlen, 30, unused, at, NULL, NULL), 3);
  assert_int_equal(at[1], 3000);
  assert_int_equal(at[2], 5000);
  /* An older record: it loads with its current terms; a tier change adds two entries. */
  uint8_t old[2048];
  size_t olen;
  assert_true(vlen < sizeof old);
  history(v, vlen, 30, unused, at, old, &olen);
  assert_int_equal(be.begin(be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(be.put(be.user_data, "AACME", 5, old, olen, ver, &ver), SSVC_OK);
  assert_int_equal(be.commit(be.user_data), SSVC_OK);
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_spec g = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &g), SSVC_OK);
  assert_string_equal(g.tier_code, "BAS");
  assert_int_equal(g.user_price_minor, 3500);
  ssvc_agreement_free(a);
  fixture_now = 6000;
  s.tier_code = "PROF";
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  assert_int_equal(history(v, vlen, 30, unused, at, NULL, NULL), 2);
  assert_int_equal(at[0], 1000);
  assert_int_equal(at[1], 6000);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

static void fleet_history_is_kept(void **state) {
  (void)state;
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  ssvc_storage_backend be;
  assert_int_equal(ssvc_storage_memory_backend(ctx, &be), SSVC_OK);
  ssvc_store *st;
  assert_int_equal(ssvc_store_open(ctx, &st, &be), SSVC_OK);
  fixture_now = 1000;
  ssvc_agreement_spec s = acme();
  assert_int_equal(ssvc_agreement_create(st, &s, "lead"), SSVC_OK);
  const void *v;
  size_t vlen;
  uint64_t ver;
  uint32_t fleet[8];
  int64_t at[8];
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  assert_int_equal(fleet_history(v, vlen, fleet, at, NULL, NULL), 1);
  assert_int_equal(fleet[0], 400);
  assert_int_equal(at[0], 1000);
  /* An update that keeps the fleet adds nothing; one that changes it adds (now, fleet). */
  fixture_now = 2000;
  s.customer_name = "ACME Aktiebolag";
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  assert_int_equal(fleet_history(v, vlen, fleet, at, NULL, NULL), 1);
  fixture_now = 3000;
  s.fleet = 500;
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  assert_int_equal(fleet_history(v, vlen, fleet, at, NULL, NULL), 2);
  assert_int_equal(fleet[1], 500);
  assert_int_equal(at[1], 3000);
  /* An older record without the history: it loads, and a fleet change first writes the implied
   * entry (created, fleet then) before the new one. */
  uint8_t old[2048];
  size_t olen;
  assert_true(vlen < sizeof old);
  fleet_history(v, vlen, fleet, at, old, &olen);
  assert_int_equal(be.begin(be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(be.put(be.user_data, "AACME", 5, old, olen, ver, &ver), SSVC_OK);
  assert_int_equal(be.commit(be.user_data), SSVC_OK);
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_free(a);
  fixture_now = 4000;
  s.fleet = 600;
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  assert_int_equal(fleet_history(v, vlen, fleet, at, NULL, NULL), 2);
  assert_int_equal(fleet[0], 500);
  assert_int_equal(at[0], 1000);
  assert_int_equal(fleet[1], 600);
  assert_int_equal(at[1], 4000);
  /* The bound: at most 1000 entries; a change beyond drops the oldest. */
  for (uint32_t i = 0; i < 999; i++) {
    fixture_now = 5000 + i;
    s.fleet = 1000 + i;
    assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  }
  uint32_t *bf = malloc(1100 * sizeof *bf);
  int64_t *ba = malloc(1100 * sizeof *ba);
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  assert_int_equal(fleet_history(v, vlen, bf, ba, NULL, NULL), 1000);
  assert_int_equal(bf[0], 600);
  assert_int_equal(ba[0], 4000);
  assert_int_equal(bf[999], 1998);
  assert_int_equal(ba[999], 5998);
  free(bf);
  free(ba);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

/* The month's service invoice total without VAT for ACME, run on the clock of 1 December 2026. */
static int64_t invoiced(ssvc_store *st, int year, int month) {
  ssvc_ctx *ctx = ssvc_store_ctx(st);
  ssvc_catalog *cat;
  ssvc_pricelist *pl;
  assert_int_equal(ssvc_catalog_new(ctx, &cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(ctx, &pl, cat), SSVC_OK);
  ssvc_party seller = SSVC_PARTY_INIT;
  seller.name = "Smartservice Support Center AB";
  seller.org_number = "556000-0001";
  seller.vat_number = "SE556000000101";
  seller.city = "Stockholm";
  ssvc_invoice_run_spec r = SSVC_INVOICE_RUN_SPEC_INIT;
  r.customer_id = "ACME";
  r.year = year;
  r.month = month;
  r.pricelist = pl;
  r.seller = &seller;
  r.buyer = fixture_buyer(); /* an agreement made without a buyer identity */
  ssvc_invoice *svc = NULL;
  fixture_now = INT64_C(1796115600);
  int rc = ssvc_invoice_run(st, &svc, NULL, &r);
  if (rc) fail_msg("%s", ssvc_ctx_errmsg(ctx));
  ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
  assert_int_equal(ssvc_invoice_get_totals(svc, &t), SSVC_OK);
  ssvc_invoice_free(svc);
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
  return t.tax_exclusive;
}

/* An agreement stored before the tier and price history existed is billed at its current tier
 * and price (October: 125 BAS users x 19.00); its move to PROF from 16 November then writes the
 * implied entry (created, BAS) first, so November is prorated: 1187.50 + 2437.50. */
static void older_record_billed_by_its_terms(void **state) {
  (void)state;
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  ssvc_storage_backend be;
  assert_int_equal(ssvc_storage_memory_backend(ctx, &be), SSVC_OK);
  ssvc_store *st;
  assert_int_equal(ssvc_store_open(ctx, &st, &be), SSVC_OK);
  fixture_now = INT64_C(1791615600); /* 2026-10-10 */
  ssvc_agreement_spec s = acme();
  s.tier_code = "BAS";
  s.fleet = 125;
  assert_int_equal(ssvc_agreement_create(st, &s, "lead"), SSVC_OK);
  const void *v;
  size_t vlen;
  uint64_t ver;
  uint32_t unused[4];
  int64_t at[4];
  uint8_t old[2048];
  size_t olen;
  assert_int_equal(be.get(be.user_data, "AACME", 5, &v, &vlen, &ver), SSVC_OK);
  assert_true(vlen < sizeof old);
  assert_int_equal(history(v, vlen, 30, unused, at, old, &olen), 1);
  assert_int_equal(be.begin(be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(be.put(be.user_data, "AACME", 5, old, olen, ver, &ver), SSVC_OK);
  assert_int_equal(be.commit(be.user_data), SSVC_OK);
  assert_int_equal(invoiced(st, 2026, 10), 125 * 1900);
  fixture_now = INT64_C(1794650400); /* 2026-11-14 */
  s.tier_code = "PROF";
  assert_int_equal(ssvc_agreement_update_from(st, &s, 0, "lead", INT64_C(1794783600)), SSVC_OK);
  assert_int_equal(invoiced(st, 2026, 11), 118750 + 243750);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

/* ---- Every operation under storage and allocation faults ---- */

/* The buffers below are deliberately shorter than the current struct (that is the point), which
 * GCC's -Warray-bounds sees through the struct pointer; only version-1 fields are touched. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#endif
/* A program built against version 1 of the spec has a shorter struct: the library must neither
 * read nor write past it (the buffers are exactly that long, so ASan sees any overrun), takes
 * the defaults for the version-2 fields on create and keeps their stored values on update. */
static void version_1_callers(void **state) {
  struct fx *f = *state;
  size_t v1 = offsetof(ssvc_agreement_spec, vat_basis_points);
  ssvc_agreement_spec *old = malloc(v1);
  assert_non_null(old);
  assert_int_equal(ssvc_agreement_spec_init(old, 1), SSVC_OK);
  assert_int_equal(old->version, 1);
  assert_int_equal(old->swap_basis_points, 800);
  old->customer_id = "OLD";
  old->customer_name = "Old Program AB";
  old->tier_code = "BAS";
  old->fleet = 50;
  assert_int_equal(ssvc_agreement_create(f->st, old, "v1"), SSVC_OK);
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "OLD"), SSVC_OK);
  ssvc_agreement_spec cur = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &cur), SSVC_OK);
  assert_int_equal(cur.vat_basis_points, 2500);
  assert_int_equal(cur.swap_rent_minor, 0);
  /* A current caller sets VAT 12% and a rent; the version-1 caller then changes the fleet. */
  cur.vat_basis_points = 1200;
  cur.swap_rent_minor = 4900;
  assert_int_equal(ssvc_agreement_update(f->st, &cur, 0, "v2"), SSVC_OK);
  ssvc_agreement_free(a);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "OLD"), SSVC_OK);
  memset(old, 0xA5, v1);
  old->version = 1;
  assert_int_equal(ssvc_agreement_spec_get(a, old), SSVC_OK);
  assert_int_equal(old->version, 1);
  assert_string_equal(old->customer_name, "Old Program AB");
  old->fleet = 60;
  assert_int_equal(ssvc_agreement_update(f->st, old, ssvc_agreement_stored_version(a), "v1"),
                   SSVC_OK);
  ssvc_agreement_free(a);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "OLD"), SSVC_OK);
  assert_int_equal(ssvc_agreement_spec_get(a, &cur), SSVC_OK);
  assert_int_equal(cur.fleet, 60);
  assert_int_equal(cur.vat_basis_points, 1200); /* kept */
  assert_int_equal(cur.swap_rent_minor, 4900);  /* kept */
  ssvc_agreement_event e = SSVC_AGREEMENT_EVENT_INIT;
  assert_int_equal(ssvc_agreement_event_at(a, 1, &e), SSVC_OK);
  assert_string_equal(e.note, "changed: vat, swap-rent");
  assert_int_equal(ssvc_agreement_event_at(a, 2, &e), SSVC_OK);
  assert_string_equal(e.note, "changed: fleet");
  ssvc_agreement_free(a);
  free(old);

  /* The version-2 fields are checked and name themselves. */
  ssvc_agreement_spec bad = acme();
  bad.customer_id = "BAD";
  bad.vat_basis_points = 10001;
  assert_int_equal(ssvc_agreement_create(f->st, &bad, "lead"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "spec->vat_basis_points"));
  bad.vat_basis_points = 2400; /* not a Swedish rate */
  assert_int_equal(ssvc_agreement_create(f->st, &bad, "lead"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx),
                         "spec->vat_basis_points: VAT must be 25, 12, 6 or 0 percent (2500, 1200, "
                         "600 or 0 basis points; Peppol SE-R-006 allows a Swedish seller only "
                         "these rates) (got 24 percent, 2400 basis points)"));
  bad.vat_basis_points = 0; /* zero-rated is allowed */
  bad.swap_rent_minor = -1;
  assert_int_equal(ssvc_agreement_create(f->st, &bad, "lead"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "spec->swap_rent_minor"));
  bad.swap_rent_minor = 0;
  assert_int_equal(ssvc_agreement_create(f->st, &bad, "lead"), SSVC_OK);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "BAD"), SSVC_OK);
  assert_int_equal(ssvc_agreement_spec_get(a, &cur), SSVC_OK);
  assert_int_equal(cur.vat_basis_points, 0);
  ssvc_agreement_free(a);
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

static void *fx_setup(ssvc_store *st) {
  ssvc_agreement_spec s = acme();
  assert_int_equal(ssvc_agreement_create(st, &s, "lead"), SSVC_OK);
  s.customer_id = "B";
  assert_int_equal(ssvc_agreement_create(st, &s, "lead"), SSVC_OK);
  return NULL;
}

static int op_create(ssvc_store *st, void *u) {
  (void)u;
  ssvc_agreement_spec s = acme();
  s.customer_id = "C";
  return ssvc_agreement_create(st, &s, "lead");
}
static int op_update(ssvc_store *st, void *u) {
  (void)u;
  ssvc_agreement_spec s = acme();
  s.fleet = 7;
  return ssvc_agreement_update(st, &s, 1, "lead");
}
static int op_load(ssvc_store *st, void *u) {
  (void)u;
  ssvc_agreement *a;
  int rc = ssvc_agreement_load(st, &a, "ACME");
  if (!rc) {
    ssvc_calendar *cal;
    rc = ssvc_agreement_calendar(ssvc_store_ctx(st), a, &cal);
    ssvc_calendar_free(cal);
  }
  ssvc_agreement_free(a);
  return rc;
}
static int count(void *ud, const char *id) {
  (void)id;
  ++*(int *)ud;
  return 0;
}
static int op_list(ssvc_store *st, void *u) {
  (void)u;
  int n = 0;
  int rc = ssvc_agreement_list(st, count, &n);
  return rc ? rc : n == 2 ? SSVC_OK : SSVC_EINTERNAL;
}

static const struct store_op ops[] = {
    {"ssvc_agreement_create (first)", NULL, op_create, NULL},
    {"ssvc_agreement_create", fx_setup, op_create, NULL},
    {"ssvc_agreement_update", fx_setup, op_update, NULL},
    {"ssvc_agreement_load + calendar", fx_setup, op_load, NULL},
    {"ssvc_agreement_list", fx_setup, op_list, NULL},
};

static void every_storage_call_fails_cleanly(void **state) {
  (void)state;
  fault_every_op(ops, STORE_OPS_COUNT(ops), FAULT_STORAGE);
}

static void every_allocation_fails_cleanly(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    if (ops[i].run == op_list) {
      assert_int_equal(fault_every_store_alloc(&ops[i]), 0); /* a listing allocates nothing */
      continue;
    }
    assert_true(fault_every_store_alloc(&ops[i]) > 0);
  }
}

/* The SWAP level of an agreement is rule R6 on its fleet and share, rounded up, at the values
 * where rounding up and down differ (worked out by hand beside each). */
static void swap_level_rounds_up(void **state) {
  struct fx *f = *state;
  static const struct {
    const char *id;
    uint32_t fleet, bp, level;
  } rows[] = {
      {"A401", 401, 800, 33},  /* 32.08 */
      {"A12", 12, 800, 1},     /* 0.96 */
      {"A13", 13, 800, 2},     /* 1.04 */
      {"A25", 25, 800, 2},     /* exactly 2.00 */
      {"A0", 0, 800, 0},       /* no phones */
      {"A401b", 401, 1250, 51}, /* 50.125 */
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
    s.customer_id = rows[i].id;
    s.customer_name = rows[i].id;
    s.tier_code = "PROF";
    s.fleet = rows[i].fleet;
    s.swap_basis_points = rows[i].bp;
    assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
    ssvc_agreement *a = NULL;
    assert_int_equal(ssvc_agreement_load(f->st, &a, rows[i].id), SSVC_OK);
    if (ssvc_agreement_swap_level(a) != rows[i].level)
      fail_msg("%s: fleet %u at %u bp: level %u, want %u", rows[i].id, rows[i].fleet, rows[i].bp,
               ssvc_agreement_swap_level(a), rows[i].level);
    ssvc_agreement_free(a);
  }
  /* A fleet change moves the level: 420 phones at 8% = 33.6 -> 34. */
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "A401";
  s.customer_name = "A401";
  s.tier_code = "PROF";
  s.fleet = 420;
  assert_int_equal(ssvc_agreement_update(f->st, &s, 0, "lead"), SSVC_OK);
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "A401"), SSVC_OK);
  assert_int_equal(ssvc_agreement_swap_level(a), 34);
  ssvc_agreement_free(a);
}

/* Each field changed alone is the one field the update's log names. */
static void each_change_is_named_alone(void **state) {
  struct fx *f = *state;
  ssvc_agreement_spec base = acme();
  assert_int_equal(ssvc_agreement_create(f->st, &base, "sales"), SSVC_OK);
  static const ssvc_date other_days[] = {{2026, 3, 3}, {2026, 3, 5}};
  static const ssvc_agreement_model other_models[] = {{"Fairphone 5", 460000, 3},
                                                      {"Galaxy A15", SSVC_AGREEMENT_NO_OVERRIDE, 0}};
  static const char *const names[] = {"name",    "tier",     "fleet",      "replacement",
                                      "repaired-to", "swap-share", "cutoff", "return-days",
                                      "closed-days", "user-price", "freight", "packaging",
                                      "replacement-value", "models", "vat", "swap-rent"};
  for (int i = 0; i < 16; i++) {
    ssvc_agreement_spec s = base;
    switch (i) {
    case 0: s.customer_name = "ACME Group"; break;
    case 1: s.tier_code = "BAS"; break;
    case 2: s.fleet = 401; break;
    case 3: s.replacement = SSVC_REPLACEMENT_LOAN; break;
    case 4: s.repaired_to = SSVC_REPAIRED_TO_USER; break;
    case 5: s.swap_basis_points = 1000; break;
    case 6: s.cutoff_seconds = 15 * 3600; break;
    case 7: s.return_days = 6; break;
    case 8: s.closed_days = other_days; break;
    case 9: s.user_price_minor = 1; break;
    case 10: s.freight_minor = 9800; break;
    case 11: s.packaging_minor = 2600; break;
    case 12: s.replacement_value_minor = 310000; break;
    case 13: s.models = other_models; break;
    case 14: s.vat_basis_points = 1200; break;
    default: s.swap_rent_minor = 4900; break;
    }
    fixture_now += 60;
    assert_int_equal(ssvc_agreement_update(f->st, &s, 0, "sales"), SSVC_OK);
    ssvc_agreement *a = NULL;
    assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
    ssvc_agreement_event e = SSVC_AGREEMENT_EVENT_INIT;
    assert_int_equal(ssvc_agreement_event_at(a, ssvc_agreement_event_count(a) - 1, &e), SSVC_OK);
    char want[64];
    snprintf(want, sizeof want, "changed: %s", names[i]);
    if (strcmp(e.note, want) != 0) fail_msg("change %d: note '%s', expected '%s'", i, e.note, want);
    ssvc_agreement_free(a);
    /* and back, so that the next change is alone */
    fixture_now += 60;
    assert_int_equal(ssvc_agreement_update(f->st, &base, 0, "sales"), SSVC_OK);
  }
  /* The same spec again changes nothing that needs naming. */
  assert_int_equal(ssvc_agreement_update(f->st, &base, 0, "sales"), SSVC_OK);
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_event e = SSVC_AGREEMENT_EVENT_INIT;
  assert_int_equal(ssvc_agreement_event_at(a, ssvc_agreement_event_count(a) - 1, &e), SSVC_OK);
  assert_null(strstr(e.note, "changed: "));
  ssvc_agreement_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(spec_init_defaults),
      cmocka_unit_test_setup_teardown(create_load_round_trip, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(swap_level_rounds_up, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(custom_tier_is_stored, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(each_change_is_named_alone, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(create_rejects_bad_input, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(update_with_compare_and_set, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(listing, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(version_1_callers, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(calendar_of_the_agreement, fixture_setup, fixture_teardown),
      cmocka_unit_test(unknown_fields_survive),
      cmocka_unit_test(fleet_history_is_kept),
      cmocka_unit_test(terms_history_is_kept),
      cmocka_unit_test(older_record_billed_by_its_terms),
      cmocka_unit_test(every_storage_call_fails_cleanly),
      cmocka_unit_test(every_allocation_fails_cleanly),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
