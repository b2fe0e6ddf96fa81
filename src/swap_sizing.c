/* swap: sizing of the SWAP stock, by the percentage rule and by service level (doc/swap.md). */
#include <math.h>

#include "internal.h"
#include "smartservice/swap.h"

#define MAX_BASIS_POINTS 10000u
#define MAX_TURNAROUND_DAYS 3650u
#define MAX_MEAN_DEMAND 1e7

int ssvc_swap_size_rule(ssvc_ctx *ctx, uint32_t *out, uint32_t fleet, uint32_t basis_points) {
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_swap_size_rule: out must not be NULL");
  if (basis_points > MAX_BASIS_POINTS)
    return ssvc__err(ctx, SSVC_ERANGE,
                     "ssvc_swap_size_rule: basis_points must be 0..10000 (got %u)", basis_points);
  /* fleet < 2^32 and basis_points <= 10^4, so the product fits easily in 64 bits; the result is
   * at most fleet, so it fits in 32. */
  *out = ssvc__share_round_up(fleet, basis_points);
  return SSVC_OK;
}

int ssvc_swap_demand_init(ssvc_swap_demand *demand, unsigned int version) {
  return ssvc__struct_init(demand, sizeof *demand, version, SSVC_SWAP_DEMAND_VERSION);
}

/* ln(k!) without lgamma(), which writes the global signgam and so is not thread-safe. Exact sums
 * for small k, Stirling's series (error below 1e-15 relative) above. */
static double log_factorial(double k) {
  if (k < 16) {
    double s = 0;
    for (double i = 2; i <= k; i++) s += log(i);
    return s;
  }
  const double two_pi = 6.283185307179586;
  double k2 = k * k;
  return k * log(k) - k + 0.5 * log(two_pi * k) + 1.0 / (12 * k) - 1.0 / (360 * k * k2) +
         1.0 / (1260 * k * k2 * k2);
}

int ssvc_swap_size_service(ssvc_ctx *ctx, ssvc_swap_sizing *out, const ssvc_swap_demand *d) {
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_swap_size_service: out must not be NULL");
  if (!d) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_swap_size_service: demand must not be NULL");
  int rc = ssvc__check_version(ctx, "ssvc_swap_size_service: demand", d->version,
                               SSVC_SWAP_DEMAND_VERSION);
  if (rc) return rc;
  if (d->rate_basis_points > MAX_BASIS_POINTS)
    return ssvc__err(ctx, SSVC_ERANGE,
                     "ssvc_swap_size_service: demand->rate_basis_points must be 0..10000 (got %u)",
                     d->rate_basis_points);
  if (d->turnaround_days < 1 || d->turnaround_days > MAX_TURNAROUND_DAYS)
    return ssvc__err(ctx, SSVC_ERANGE,
                     "ssvc_swap_size_service: demand->turnaround_days must be 1..3650 (got %u)",
                     d->turnaround_days);
  if (d->fill_basis_points < 1 || d->fill_basis_points >= MAX_BASIS_POINTS)
    return ssvc__err(ctx, SSVC_ERANGE,
                     "ssvc_swap_size_service: demand->fill_basis_points must be 1..9999 (got %u)",
                     d->fill_basis_points);
  double lambda = (double)d->fleet * d->rate_basis_points / MAX_BASIS_POINTS *
                  d->turnaround_days / 365.0;
  if (lambda > MAX_MEAN_DEMAND)
    return ssvc__err(ctx, SSVC_ERANGE,
                     "ssvc_swap_size_service: demand: mean demand %.0f per turnaround exceeds "
                     "10 million",
                     lambda);
  ssvc_swap_sizing r = {0, lambda, 1.0, 0.0};
  if (lambda == 0) {
    *out = r;
    return SSVC_OK;
  }
  double target = d->fill_basis_points / (double)MAX_BASIS_POINTS;
  /* Sum the Poisson probabilities upwards. Below k0 the lower tail is under e^-70 and left out,
   * which keeps large means from underflowing e^-lambda and from summing millions of terms. */
  double k0 = floor(lambda - 12 * sqrt(lambda) - 12);
  if (k0 < 0) k0 = 0;
  double p = exp(-lambda + k0 * log(lambda) - log_factorial(k0));
  double cdf = 0, sum_kp = 0;
  for (double k = k0;; k++) {
    cdf += p;
    sum_kp += k * p;
    if (cdf >= target) {
      /* E[max(D - s, 0)] = lambda - s + sum over k <= s of (s - k) p(k) */
      double backorders = lambda - k + k * cdf - sum_kp;
      r.spares = (uint32_t)k;
      r.fill = cdf > 1 ? 1 : cdf;
      r.expected_backorders = backorders > 0 ? backorders : 0;
      *out = r;
      return SSVC_OK;
    }
    p *= lambda / (k + 1);
  }
}
