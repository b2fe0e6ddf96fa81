/* swap: sizing of the SWAP stock by the percentage rule and by service level (rule R6). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <smartservice.h>

#include "fault.h"

static ssvc_ctx *ctx_new(void) {
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  return ctx;
}

static uint32_t rule(ssvc_ctx *ctx, uint32_t fleet, uint32_t bp) {
  uint32_t out = 12345;
  assert_int_equal(ssvc_swap_size_rule(ctx, &out, fleet, bp), SSVC_OK);
  return out;
}

static void eight_percent_rule_rounds_up(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  assert_int_equal(rule(ctx, 400, SSVC_SWAP_DEFAULT_BASIS_POINTS), 32);
  assert_int_equal(rule(ctx, 1, 800), 1);
  assert_int_equal(rule(ctx, 0, 800), 0);
  assert_int_equal(rule(ctx, 12, 800), 1);  /* 0.96 */
  assert_int_equal(rule(ctx, 13, 800), 2);  /* 1.04 */
  assert_int_equal(rule(ctx, 25, 800), 2);  /* exactly 2.00: no rounding */
  assert_int_equal(rule(ctx, 120, 800), 10); /* 9.6 */
  assert_int_equal(rule(ctx, 400, 1250), 50);
  assert_int_equal(rule(ctx, 400, 0), 0);
  assert_int_equal(rule(ctx, 400, 10000), 400);
  assert_int_equal(rule(ctx, 7, 1), 1); /* 0.0007 of a phone is still one phone */
  /* No overflow anywhere in the 32-bit range: compare with exact 64-bit arithmetic. */
  const uint32_t fleets[] = {UINT32_MAX, UINT32_MAX - 1, 2147483648u, 999999999u, 3000000001u};
  const uint32_t bps[] = {1, 799, 800, 801, 9999, 10000};
  for (size_t i = 0; i < sizeof fleets / sizeof fleets[0]; i++)
    for (size_t j = 0; j < sizeof bps / sizeof bps[0]; j++) {
      uint64_t exact = (uint64_t)fleets[i] * bps[j];
      uint64_t want = exact / 10000 + (exact % 10000 != 0);
      assert_int_equal(rule(ctx, fleets[i], bps[j]), want);
    }
  assert_int_equal(rule(ctx, UINT32_MAX, 10000), UINT32_MAX);
  ssvc_ctx_free(ctx);
}

static void rule_rejects_bad_arguments(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  uint32_t out = 77;
  assert_int_equal(ssvc_swap_size_rule(ctx, &out, 400, 10001), SSVC_ERANGE);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_swap_size_rule: basis_points must be 0..10000 (got 10001)");
  assert_int_equal(out, 77);
  assert_int_equal(ssvc_swap_size_rule(ctx, NULL, 400, 800), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "out must not be NULL"));
  ssvc_ctx_free(ctx);
}

static ssvc_swap_demand demand(uint32_t fleet, uint32_t rate, uint32_t days, uint32_t fill) {
  ssvc_swap_demand d = SSVC_SWAP_DEMAND_INIT;
  d.fleet = fleet, d.rate_basis_points = rate, d.turnaround_days = days;
  d.fill_basis_points = fill;
  return d;
}

static ssvc_swap_sizing size(ssvc_ctx *ctx, ssvc_swap_demand d) {
  ssvc_swap_sizing s;
  int rc = ssvc_swap_size_service(ctx, &s, &d);
  if (rc) fail_msg("%s", ssvc_ctx_errmsg(ctx));
  return s;
}

static void service_level_example_from_the_issue(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_swap_sizing s95 = size(ctx, demand(400, 1500, 14, 9500));
  ssvc_swap_sizing s99 = size(ctx, demand(400, 1500, 14, 9900));
  assert_int_equal(s95.spares, 5);
  assert_int_equal(s99.spares, 6);
  assert_true(fabs(s95.mean_demand - 400 * 0.15 * 14 / 365) < 1e-12);
  assert_true(s95.fill >= 0.95 && s99.fill >= 0.99);
  assert_true(s99.expected_backorders < s95.expected_backorders);
  ssvc_ctx_free(ctx);
}

/* An independent computation: direct Poisson sums with pow() and tgamma(). */
static double poisson_cdf(double lambda, unsigned s) {
  double c = 0;
  for (unsigned k = 0; k <= s; k++) c += exp(-lambda) * pow(lambda, k) / tgamma(k + 1.0);
  return c;
}

static void service_level_is_the_smallest_pool_that_meets_the_target(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  const uint32_t fleets[] = {10, 120, 400, 1000, 2500};
  const uint32_t rates[] = {100, 1500, 4000};
  const uint32_t days[] = {3, 14, 30};
  const uint32_t fills[] = {5000, 9000, 9500, 9900, 9990};
  for (size_t a = 0; a < 5; a++)
    for (size_t b = 0; b < 3; b++)
      for (size_t c = 0; c < 3; c++)
        for (size_t e = 0; e < 5; e++) {
          ssvc_swap_demand d = demand(fleets[a], rates[b], days[c], fills[e]);
          ssvc_swap_sizing s = size(ctx, d);
          double lambda = fleets[a] * (rates[b] / 10000.0) * days[c] / 365.0;
          double target = fills[e] / 10000.0;
          assert_true(poisson_cdf(lambda, s.spares) >= target - 1e-12);
          if (s.spares > 0) assert_true(poisson_cdf(lambda, s.spares - 1) < target + 1e-12);
          assert_true(fabs(s.fill - poisson_cdf(lambda, s.spares)) < 1e-9);
          /* expected backorders, summed directly over the upper tail */
          double eb = 0, p = exp(-lambda);
          for (unsigned k = 1; k < s.spares + 600; k++) {
            p *= lambda / k;
            if (k > s.spares) eb += (k - s.spares) * p;
          }
          if (fabs(s.expected_backorders - eb) > 1e-9 + 1e-9 * eb)
            fail_msg("fleet %u rate %u days %u fill %u: backorders %.12g, direct sum %.12g",
                     fleets[a], rates[b], days[c], fills[e], s.expected_backorders, eb);
        }
  ssvc_ctx_free(ctx);
}

static void large_fleets_follow_the_normal_approximation(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  /* mean 4 million: the 99% point is about mean + 2.326 standard deviations */
  ssvc_swap_sizing s = size(ctx, demand(4000000, 10000, 365, 9900));
  double z = (s.spares - 4e6) / 2000.0;
  assert_true(z > 2.30 && z < 2.36);
  /* no demand: no spares */
  s = size(ctx, demand(0, 1500, 14, 9900));
  assert_int_equal(s.spares, 0);
  assert_true(s.fill == 1.0 && s.expected_backorders == 0.0);
  s = size(ctx, demand(400, 0, 14, 9900));
  assert_int_equal(s.spares, 0);
  ssvc_ctx_free(ctx);
}

static void service_level_rejects_bad_demand(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_swap_sizing s;
  memset(&s, 0x11, sizeof s);
  ssvc_swap_sizing before = s;
  struct {
    ssvc_swap_demand d;
    int code;
    const char *needle;
  } cases[] = {
      {demand(400, 10001, 14, 9500), SSVC_ERANGE, "demand->rate_basis_points must be 0..10000"},
      {demand(400, 1500, 0, 9500), SSVC_ERANGE, "demand->turnaround_days must be 1..3650 (got 0)"},
      {demand(400, 1500, 3651, 9500), SSVC_ERANGE, "demand->turnaround_days"},
      {demand(400, 1500, 14, 0), SSVC_ERANGE, "demand->fill_basis_points must be 1..9999"},
      {demand(400, 1500, 14, 10000), SSVC_ERANGE, "demand->fill_basis_points"},
      {demand(UINT32_MAX, 10000, 3650, 9900), SSVC_ERANGE, "exceeds 10 million"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(ssvc_swap_size_service(ctx, &s, &cases[i].d), cases[i].code);
    if (!strstr(ssvc_ctx_errmsg(ctx), cases[i].needle))
      fail_msg("case %zu: '%s' lacks '%s'", i, ssvc_ctx_errmsg(ctx), cases[i].needle);
    assert_memory_equal(&s, &before, sizeof s);
  }
  ssvc_swap_demand d = demand(400, 1500, 14, 9500);
  d.version = 0;
  assert_int_equal(ssvc_swap_size_service(ctx, &s, &d), SSVC_EVERSION);
  d.version = SSVC_SWAP_DEMAND_VERSION + 1;
  assert_int_equal(ssvc_swap_size_service(ctx, &s, &d), SSVC_EVERSION);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "demand: version"));
  assert_int_equal(ssvc_swap_size_service(ctx, NULL, &d), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_size_service(ctx, &s, NULL), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "demand must not be NULL"));
  assert_memory_equal(&s, &before, sizeof s);

  ssvc_swap_demand raw;
  memset(&raw, 0x44, sizeof raw);
  assert_int_equal(ssvc_swap_demand_init(&raw, 2), SSVC_EVERSION);
  assert_int_equal(raw.fleet, 0x44444444u);
  assert_int_equal(ssvc_swap_demand_init(&raw, 1), SSVC_OK);
  assert_true(raw.version == 1 && raw.fleet == 0 && raw.fill_basis_points == 0);
  assert_int_equal(ssvc_swap_demand_init(NULL, 1), SSVC_EINVAL);
  ssvc_ctx_free(ctx);
}

static int op_rule(ssvc_ctx *ctx, void *state) {
  (void)state;
  uint32_t out;
  return ssvc_swap_size_rule(ctx, &out, 400, 800);
}
static int op_service(ssvc_ctx *ctx, void *state) {
  (void)state;
  ssvc_swap_sizing s;
  ssvc_swap_demand d = demand(400, 1500, 14, 9500);
  return ssvc_swap_size_service(ctx, &s, &d);
}

static void sizing_allocates_nothing(void **state) {
  (void)state;
  const struct fault_op rule_op = {"ssvc_swap_size_rule", NULL, op_rule, NULL, NULL};
  const struct fault_op service_op = {"ssvc_swap_size_service", NULL, op_service, NULL, NULL};
  assert_int_equal(fault_every_alloc(&rule_op), 0);
  assert_int_equal(fault_every_alloc(&service_op), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(eight_percent_rule_rounds_up),
      cmocka_unit_test(rule_rejects_bad_arguments),
      cmocka_unit_test(service_level_example_from_the_issue),
      cmocka_unit_test(service_level_is_the_smallest_pool_that_meets_the_target),
      cmocka_unit_test(large_fleets_follow_the_normal_approximation),
      cmocka_unit_test(service_level_rejects_bad_demand),
      cmocka_unit_test(sizing_allocates_nothing),
  };
  return cmocka_run_group_tests_name("swap", tests, NULL, NULL);
}
