/* tier: features, the built-in tiers, custom tiers, entitlement checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smartservice.h>

#include "fault.h"

static ssvc_ctx *ctx_new(void) {
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  return ctx;
}

static ssvc_tier_spec valid_spec(void) {
  ssvc_tier_spec s = SSVC_TIER_SPEC_INIT;
  s.code = "KU-1";
  s.name_sv = "Kundunik nivå";
  s.name_en = "Customer tier";
  s.features = SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_SYNC;
  s.price_minor = 2500;
  return s;
}

static void features_have_keys_and_names(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  int seen = 0;
  for (unsigned f = 1; f <= SSVC_FEATURE_ALL; f <<= 1, seen++) {
    const char *key = ssvc_feature_key(f);
    assert_non_null(key);
    assert_non_null(ssvc_feature_name(f, SSVC_LANG_SV));
    assert_non_null(ssvc_feature_name(f, SSVC_LANG_EN));
    unsigned back = 0;
    assert_int_equal(ssvc_feature_from_key(ctx, &back, key), SSVC_OK);
    assert_int_equal(back, f);
  }
  assert_int_equal(seen, SSVC_FEATURE_COUNT);
  assert_string_equal(ssvc_feature_key(SSVC_FEATURE_SWAP_ACTIVATION), "swap-activation");
  assert_string_equal(ssvc_feature_name(SSVC_FEATURE_DIAGNOSIS, SSVC_LANG_SV), "Diagnos");
  /* Not exactly one known bit, or an unknown language. */
  assert_null(ssvc_feature_key(0));
  assert_null(ssvc_feature_key(SSVC_FEATURE_SYNC | SSVC_FEATURE_DIAGNOSIS));
  assert_null(ssvc_feature_key(1u << 7));
  assert_null(ssvc_feature_name(SSVC_FEATURE_SYNC, 2));
  assert_null(ssvc_feature_name(SSVC_FEATURE_SYNC, -1));
  unsigned out = 99;
  assert_int_equal(ssvc_feature_from_key(ctx, &out, "Sync"), SSVC_ENOTFOUND); /* exact keys */
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_feature_from_key: unknown feature 'Sync'");
  assert_int_equal(out, 99);
  assert_int_equal(ssvc_feature_from_key(ctx, NULL, "sync"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "out"));
  assert_int_equal(ssvc_feature_from_key(ctx, &out, NULL), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "key"));
  ssvc_ctx_free(ctx);
}

static void builtin_tiers_follow_rule_r1(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_catalog *cat;
  assert_int_equal(ssvc_catalog_new(ctx, &cat), SSVC_OK);
  assert_int_equal(ssvc_catalog_count(cat), 2);
  const ssvc_tier *bas = ssvc_catalog_at(cat, 0), *prof = ssvc_catalog_at(cat, 1);
  assert_string_equal(ssvc_tier_code(bas), "BAS");
  assert_string_equal(ssvc_tier_code(prof), "PROF");
  assert_int_equal(ssvc_tier_price(bas), 1900);
  assert_int_equal(ssvc_tier_price(prof), 3900);
  assert_string_equal(ssvc_tier_currency(bas), "SEK");
  assert_true(ssvc_tier_is_builtin(bas) && ssvc_tier_is_builtin(prof));
  unsigned both = SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_REGISTRATION | SSVC_FEATURE_PHONE_HELP |
                  SSVC_FEATURE_OS_HELP;
  assert_int_equal(ssvc_tier_features(bas), both);
  assert_int_equal(ssvc_tier_features(prof),
                   both | SSVC_FEATURE_SYNC | SSVC_FEATURE_SWAP_ADMIN |
                       SSVC_FEATURE_SWAP_ACTIVATION);
  assert_non_null(ssvc_tier_name(bas, SSVC_LANG_SV));
  assert_non_null(ssvc_tier_name(prof, SSVC_LANG_EN));
  assert_null(ssvc_tier_name(prof, 5));
  assert_null(ssvc_catalog_at(cat, 2));

  const ssvc_tier *t;
  assert_int_equal(ssvc_catalog_find(cat, "prof", &t), SSVC_OK); /* case-insensitive */
  assert_ptr_equal(t, prof);
  assert_int_equal(ssvc_catalog_find(cat, "GULD", &t), SSVC_ENOTFOUND);
  assert_null(t);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_catalog_find: no tier with code 'GULD'");
  assert_int_equal(ssvc_catalog_find(cat, NULL, &t), SSVC_EINVAL);
  assert_int_equal(ssvc_catalog_find(cat, "BAS", NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_catalog_find(NULL, "BAS", &t), SSVC_EINVAL);
  ssvc_catalog_free(cat);
  ssvc_catalog_free(NULL);
  ssvc_ctx_free(ctx);
}

static void null_handles_are_refused(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_catalog *cat = (ssvc_catalog *)ctx;
  assert_int_equal(ssvc_catalog_new(NULL, &cat), SSVC_EINVAL);
  assert_null(cat);
  assert_int_equal(ssvc_catalog_new(ctx, NULL), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "out must not be NULL"));
  ssvc_tier_spec s = valid_spec();
  assert_int_equal(ssvc_catalog_add(NULL, &s, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_catalog_count(NULL), 0);
  assert_null(ssvc_catalog_at(NULL, 0));
  assert_null(ssvc_tier_code(NULL));
  assert_null(ssvc_tier_name(NULL, SSVC_LANG_SV));
  assert_null(ssvc_tier_currency(NULL));
  assert_int_equal(ssvc_tier_features(NULL), 0);
  assert_int_equal(ssvc_tier_price(NULL), -1);
  assert_int_equal(ssvc_tier_is_builtin(NULL), 0);
  assert_int_equal(ssvc_tier_has(NULL, SSVC_FEATURE_SYNC), 0);
  assert_int_equal(ssvc_tier_check(ctx, NULL, SSVC_FEATURE_SYNC), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "tier must not be NULL"));
  ssvc_ctx_free(ctx);
}

static void custom_tier_is_added(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_catalog *cat;
  assert_int_equal(ssvc_catalog_new(ctx, &cat), SSVC_OK);
  ssvc_tier_spec s = valid_spec();
  char code[8] = "KU-1";
  s.code = code; /* the catalogue copies: changing the caller's strings changes nothing */
  const ssvc_tier *t;
  assert_int_equal(ssvc_catalog_add(cat, &s, &t), SSVC_OK);
  code[0] = 'X';
  assert_string_equal(ssvc_tier_code(t), "KU-1");
  assert_string_equal(ssvc_tier_name(t, SSVC_LANG_SV), "Kundunik nivå");
  assert_string_equal(ssvc_tier_name(t, SSVC_LANG_EN), "Customer tier");
  assert_int_equal(ssvc_tier_price(t), 2500);
  assert_string_equal(ssvc_tier_currency(t), "SEK");
  assert_false(ssvc_tier_is_builtin(t));
  assert_int_equal(ssvc_catalog_count(cat), 3);
  assert_ptr_equal(ssvc_catalog_at(cat, 2), t);

  /* No English name: the Swedish one serves; any currency; an empty feature set; price 0. */
  ssvc_tier_spec s2 = SSVC_TIER_SPEC_INIT;
  s2.code = "Gratis_2";
  s2.name_sv = "Gratis";
  s2.currency = "EUR";
  assert_int_equal(ssvc_catalog_add(cat, &s2, NULL), SSVC_OK);
  assert_int_equal(ssvc_catalog_find(cat, "GRATIS_2", &t), SSVC_OK);
  assert_string_equal(ssvc_tier_name(t, SSVC_LANG_EN), "Gratis");
  assert_string_equal(ssvc_tier_currency(t), "EUR");
  assert_int_equal(ssvc_tier_features(t), 0);

  /* Many tiers: the catalogue grows and keeps every pointer valid. */
  char codes[40][8];
  for (int i = 0; i < 40; i++) {
    snprintf(codes[i], sizeof codes[i], "T%d", i);
    s2.code = codes[i];
    assert_int_equal(ssvc_catalog_add(cat, &s2, NULL), SSVC_OK);
  }
  assert_int_equal(ssvc_catalog_count(cat), 44);
  assert_int_equal(ssvc_catalog_find(cat, "t39", &t), SSVC_OK);
  assert_string_equal(ssvc_tier_code(t), "T39");
  ssvc_catalog_free(cat);
  ssvc_ctx_free(ctx);
}

/* Each bad spec: the code, a message naming the field, and an unchanged catalogue. */
static void expect_refused(ssvc_catalog *cat, ssvc_ctx *ctx, const ssvc_tier_spec *s, int code,
                           const char *needle) {
  size_t before = ssvc_catalog_count(cat);
  const ssvc_tier *t = (const ssvc_tier *)cat;
  int rc = ssvc_catalog_add(cat, s, &t);
  if (rc != code)
    fail_msg("expected %s, got %s (%s)", ssvc_status_name(code), ssvc_status_name(rc),
             ssvc_ctx_errmsg(ctx));
  assert_null(t);
  if (!strstr(ssvc_ctx_errmsg(ctx), needle))
    fail_msg("message '%s' does not name '%s'", ssvc_ctx_errmsg(ctx), needle);
  assert_int_equal(ssvc_catalog_count(cat), before);
}

static void bad_custom_tiers_are_refused(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_catalog *cat;
  assert_int_equal(ssvc_catalog_new(ctx, &cat), SSVC_OK);
  ssvc_tier_spec s;

  expect_refused(cat, ctx, NULL, SSVC_EINVAL, "spec must not be NULL");
  s = valid_spec(), s.version = 0;
  expect_refused(cat, ctx, &s, SSVC_EVERSION, "spec: version is 0");
  s = valid_spec(), s.version = SSVC_TIER_SPEC_VERSION + 1;
  expect_refused(cat, ctx, &s, SSVC_EVERSION, "newer than this library knows");
  s = valid_spec(), s.code = NULL;
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->code");
  s = valid_spec(), s.code = "";
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->code");
  s = valid_spec(), s.code = "ABCDEFGHIJKLMNOPQ";
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->code is 17 characters");
  s = valid_spec(), s.code = "KU 1";
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->code has a character");
  s = valid_spec(), s.name_sv = NULL;
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "ssvc_catalog_add: spec->name_sv must not be NULL");
  s = valid_spec(), s.name_sv = "";
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->name_sv: must not be empty");
  s = valid_spec(), s.name_en = "bad\xC3(";
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->name_en: not valid UTF-8 text");
  s = valid_spec(), s.name_en = "tab\x01";
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->name_en: not valid UTF-8 text");
  s = valid_spec(), s.name_en = "two\nlines";
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->name_en: contains a control character");
  char longname[80];
  memset(longname, 'n', 79), longname[79] = '\0';
  s = valid_spec(), s.name_sv = longname;
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->name_sv: longer than 64 bytes (got 79)");
  s = valid_spec(), s.features = 1u << 9;
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->features has unknown bits 0x200");
  s = valid_spec(), s.price_minor = -1;
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->price_minor must not be negative (got -1)");
  s = valid_spec(), s.currency = "sek";
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->currency");
  s = valid_spec(), s.currency = "SEKK";
  expect_refused(cat, ctx, &s, SSVC_EINVAL, "spec->currency");
  s = valid_spec(), s.code = "bas";
  expect_refused(cat, ctx, &s, SSVC_EEXISTS, "a tier with code 'bas' exists");
  s = valid_spec();
  assert_int_equal(ssvc_catalog_add(cat, &s, NULL), SSVC_OK);
  s.code = "ku-1";
  expect_refused(cat, ctx, &s, SSVC_EEXISTS, "'ku-1'");
  ssvc_catalog_free(cat);
  ssvc_ctx_free(ctx);
}

static void entitlement_checks_name_the_missing_feature(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_catalog *cat;
  assert_int_equal(ssvc_catalog_new(ctx, &cat), SSVC_OK);
  const ssvc_tier *bas = ssvc_catalog_at(cat, 0), *prof = ssvc_catalog_at(cat, 1);
  assert_true(ssvc_tier_has(bas, SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_OS_HELP));
  assert_false(ssvc_tier_has(bas, SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_SYNC));
  assert_false(ssvc_tier_has(bas, 0));
  assert_true(ssvc_tier_has(prof, SSVC_FEATURE_ALL));

  assert_int_equal(ssvc_tier_check(ctx, prof, SSVC_FEATURE_SWAP_ACTIVATION), SSVC_OK);
  assert_int_equal(ssvc_tier_check(ctx, bas, SSVC_FEATURE_SWAP_ACTIVATION), SSVC_ENOTENTITLED);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "tier BAS does not include SWAP activation");
  assert_int_equal(ssvc_tier_check(ctx, bas, SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_SYNC |
                                                 SSVC_FEATURE_SWAP_ADMIN),
                   SSVC_ENOTENTITLED);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "tier BAS does not include Sync & e-mail, contacts, calendar");
  assert_int_equal(ssvc_tier_check(ctx, bas, 0), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "features must not be empty"));
  assert_int_equal(ssvc_tier_check(ctx, prof, 1u << 12), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "unknown bits 0x1000"));
  ssvc_catalog_free(cat);
  ssvc_ctx_free(ctx);
}

static void spec_init_checks_version(void **state) {
  (void)state;
  ssvc_tier_spec s;
  unsigned char raw[sizeof s], copy[sizeof s];
  memset(raw, 0x33, sizeof raw);
  memcpy(copy, raw, sizeof raw);
  assert_int_equal(ssvc_tier_spec_init((ssvc_tier_spec *)(void *)raw, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_tier_spec_init((ssvc_tier_spec *)(void *)raw, SSVC_TIER_SPEC_VERSION + 1),
                   SSVC_EVERSION);
  assert_memory_equal(raw, copy, sizeof raw);
  assert_int_equal(ssvc_tier_spec_init(&s, SSVC_TIER_SPEC_VERSION), SSVC_OK);
  assert_int_equal(s.version, SSVC_TIER_SPEC_VERSION);
  assert_true(!s.code && !s.name_sv && !s.name_en && !s.currency);
  assert_true(s.features == 0 && s.price_minor == 0);
  ssvc_tier_spec z = SSVC_TIER_SPEC_INIT;
  assert_true(z.version == SSVC_TIER_SPEC_VERSION && !z.code && z.price_minor == 0);
  assert_int_equal(ssvc_tier_spec_init(NULL, 1), SSVC_EINVAL);
}

/* ---- Fault injection: every public operation with a failure at every allocation. ---- */

struct cat_state {
  ssvc_ctx *ctx;
  ssvc_catalog *cat;
  ssvc_catalog *made; /* for catalog_new */
};

static void *cat_setup(ssvc_ctx *ctx) {
  struct cat_state *s = calloc(1, sizeof *s);
  s->ctx = ctx;
  assert_int_equal(ssvc_catalog_new(ctx, &s->cat), SSVC_OK);
  /* Fill to the growth point so that the next add reallocates. */
  ssvc_tier_spec spec = valid_spec();
  spec.code = "FILL1";
  assert_int_equal(ssvc_catalog_add(s->cat, &spec, NULL), SSVC_OK);
  spec.code = "FILL2";
  assert_int_equal(ssvc_catalog_add(s->cat, &spec, NULL), SSVC_OK);
  return s;
}

static char *cat_snapshot(void *state) {
  struct cat_state *s = state;
  size_t cap = 4096, len = 0;
  char *out = malloc(cap);
  out[0] = '\0';
  for (size_t i = 0; i < ssvc_catalog_count(s->cat); i++) {
    const ssvc_tier *t = ssvc_catalog_at(s->cat, i);
    len += (size_t)snprintf(out + len, cap - len, "%s|%s|%s|%x|%lld|%s;", ssvc_tier_code(t),
                            ssvc_tier_name(t, SSVC_LANG_SV), ssvc_tier_name(t, SSVC_LANG_EN),
                            ssvc_tier_features(t), (long long)ssvc_tier_price(t),
                            ssvc_tier_currency(t));
  }
  snprintf(out + len, cap - len, "made=%d", s->made != NULL);
  return out;
}

static void cat_teardown(void *state) {
  struct cat_state *s = state;
  ssvc_catalog_free(s->made);
  ssvc_catalog_free(s->cat);
  free(s);
}

static int op_catalog_new(ssvc_ctx *ctx, void *state) {
  struct cat_state *s = state;
  return ssvc_catalog_new(ctx, &s->made);
}
static int op_catalog_add(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  struct cat_state *s = state;
  ssvc_tier_spec spec = valid_spec();
  return ssvc_catalog_add(s->cat, &spec, NULL);
}
static int op_catalog_find(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  struct cat_state *s = state;
  const ssvc_tier *t;
  return ssvc_catalog_find(s->cat, "FILL2", &t);
}
static int op_tier_check(ssvc_ctx *ctx, void *state) {
  struct cat_state *s = state;
  return ssvc_tier_check(ctx, ssvc_catalog_at(s->cat, 1), SSVC_FEATURE_SWAP_ACTIVATION);
}
static int op_feature_from_key(ssvc_ctx *ctx, void *state) {
  (void)state;
  unsigned f;
  return ssvc_feature_from_key(ctx, &f, "swap-admin");
}

static void every_operation_survives_allocation_failures(void **state) {
  (void)state;
  const struct fault_op ops[] = {
      {"ssvc_catalog_new", cat_setup, op_catalog_new, cat_snapshot, cat_teardown},
      {"ssvc_catalog_add", cat_setup, op_catalog_add, cat_snapshot, cat_teardown},
      {"ssvc_catalog_find", cat_setup, op_catalog_find, cat_snapshot, cat_teardown},
      {"ssvc_tier_check", cat_setup, op_tier_check, cat_snapshot, cat_teardown},
      {"ssvc_feature_from_key", NULL, op_feature_from_key, NULL, NULL},
  };
  long points[5];
  for (size_t i = 0; i < 5; i++) points[i] = fault_every_alloc(&ops[i]);
  assert_int_equal(points[0], 2); /* the catalogue and its array */
  assert_int_equal(points[1], 2); /* growing the array, then the tier */
  assert_int_equal(points[2] + points[3] + points[4], 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(features_have_keys_and_names),
      cmocka_unit_test(builtin_tiers_follow_rule_r1),
      cmocka_unit_test(null_handles_are_refused),
      cmocka_unit_test(custom_tier_is_added),
      cmocka_unit_test(bad_custom_tiers_are_refused),
      cmocka_unit_test(entitlement_checks_name_the_missing_feature),
      cmocka_unit_test(spec_init_checks_version),
      cmocka_unit_test(every_operation_survives_allocation_failures),
  };
  return cmocka_run_group_tests_name("tier", tests, NULL, NULL);
}
