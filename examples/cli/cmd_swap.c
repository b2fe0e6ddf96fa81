/* smartservice swap-size: how many spare phones the SWAP stock needs (rule R6). */
#include <string.h>

#include "cli.h"

/* Basis points as a percentage with two decimals: 800 -> "8.00%". */
static void print_bp(const char *prefix, uint32_t bp) {
  printf("%s%u.%02u%%", prefix, bp / 100, bp % 100);
}

int cmd_swap_size(const struct cli_global *g, int argc, char **argv, int first) {
  (void)g;
  const char *cmd = "swap-size";
  const char *fleet_s = NULL, *percent_s = NULL, *rate_s = NULL, *turn_s = NULL, *fill_s = NULL;
  int json = 0, npos;
  const struct cli_opt opts[] = {
      {"fleet", &fleet_s, NULL, "N", NULL, "the number of phones in the fleet (required)"},
      {"percent", &percent_s, NULL, "P", "8", "the stock as a share of the fleet, in percent"},
      {"rate", &rate_s, NULL, "R", NULL, "failures per phone and year (service-level sizing)"},
      {"turnaround", &turn_s, NULL, "DAYS", NULL, "days until a faulty phone is back in stock"},
      {"fill", &fill_s, NULL, "F", NULL, "the fill rate to meet, e.g. 0.95"},
      {"json", NULL, &json, NULL, NULL, "print one JSON document on one line"},
      {0}};
  char *pos[1];
  int rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "fleet", fleet_s, (const char *)NULL))) return rc;
  uint32_t fleet;
  if ((rc = cli_parse_u32(cmd, "--fleet", fleet_s, &fleet))) return rc;
  int service = rate_s || turn_s || fill_s;
  if (service && percent_s)
    return cli_usage(cmd, "--percent cannot be combined with --rate, --turnaround and --fill");
  if (service && !(rate_s && turn_s && fill_s))
    return cli_usage(cmd, "service-level sizing needs all of --rate, --turnaround and --fill");

  ssvc_ctx *ctx;
  if ((rc = cli_ctx_new(cmd, &ctx))) return rc;
  if (!service) {
    uint32_t bp = SSVC_SWAP_DEFAULT_BASIS_POINTS, spares;
    if (percent_s && (rc = cli_parse_share(cmd, "--percent", percent_s, 1, &bp))) goto done;
    if (ssvc_swap_size_rule(ctx, &spares, fleet, bp)) {
      rc = cli_fail(cmd, ctx);
      goto done;
    }
    if (json) {
      printf("{\"spares\":%u,\"fleet\":%u,\"basis_points\":%u}\n", spares, fleet, bp);
    } else {
      printf("%u\n", spares);
      print_bp("", bp);
      printf(" of a fleet of %u, rounded up\n", fleet);
    }
  } else {
    ssvc_swap_demand d = SSVC_SWAP_DEMAND_INIT;
    d.fleet = fleet;
    if ((rc = cli_parse_share(cmd, "--rate", rate_s, 0, &d.rate_basis_points)) ||
        (rc = cli_parse_u32(cmd, "--turnaround", turn_s, &d.turnaround_days)) ||
        (rc = cli_parse_share(cmd, "--fill", fill_s, 0, &d.fill_basis_points)))
      goto done;
    /* A fill of 0 or 1 is no target (every stock meets 0, none meets 1): said in the option's
     * terms, before the library quotes basis points. */
    if (d.fill_basis_points == 0 || d.fill_basis_points >= 10000) {
      rc = cli_usage(cmd, "--fill must be above 0 and below 1, e.g. 0.95 (got '%s')", fill_s);
      goto done;
    }
    ssvc_swap_sizing s;
    if (ssvc_swap_size_service(ctx, &s, &d)) {
      rc = cli_fail(cmd, ctx);
      goto done;
    }
    if (json) {
      printf("{\"spares\":%u,\"mean_demand\":%.6f,\"fill\":%.6f,\"expected_backorders\":%.6f}\n",
             s.spares, s.mean_demand, s.fill, s.expected_backorders);
    } else {
      printf("%u\n", s.spares);
      printf("mean demand per turnaround: %.4f\n", s.mean_demand);
      printf("probability of covering it: %.4f", s.fill);
      print_bp(" (target ", d.fill_basis_points);
      printf(")\nexpected backorders: %.4f\n", s.expected_backorders);
    }
  }
done:
  ssvc_ctx_free(ctx);
  return rc;
}
