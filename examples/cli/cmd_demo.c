/*
 * smartservice demo: a scripted Support Center day. It grows with each capability of the library;
 * today it shows the tier catalogue and the entitlement checks that every call starts with.
 */
#include <string.h>

#include "cli.h"

struct call {
  const char *customer; /* who calls */
  const char *tier;     /* the customer's tier code */
  unsigned int feature; /* what the call needs */
  const char *what;     /* what the user asks for */
};

static const struct call calls[] = {
    {"Bygg AB", "BAS", SSVC_FEATURE_PHONE_HELP, "cannot find the flight-mode switch"},
    {"Bygg AB", "BAS", SSVC_FEATURE_SYNC, "calendar does not sync with Exchange"},
    {"Konsult AB", "PROF", SSVC_FEATURE_SYNC, "calendar does not sync with Exchange"},
    {"Konsult AB", "PROF", SSVC_FEATURE_SWAP_ACTIVATION, "screen cracked, needs a replacement"},
    {"Kommunen", "KOMMUN", SSVC_FEATURE_OS_HELP, "operating-system update fails"},
    {"Kommunen", "KOMMUN", SSVC_FEATURE_SWAP_ACTIVATION, "phone dead after a fall"},
};

int cmd_demo(const struct cli_global *g, int argc, char **argv, int first) {
  (void)g;
  char *pos[1];
  int npos;
  int rc = cli_parse("demo", argc, argv, first, NULL, pos, 0, &npos);
  if (rc) return rc;

  ssvc_ctx *ctx;
  if ((rc = cli_ctx_new("demo", &ctx))) return rc;
  ssvc_catalog *cat = NULL;
  if (ssvc_catalog_new(ctx, &cat)) {
    rc = cli_fail("demo", ctx);
    goto done;
  }
  printf("Smartservice demo, libsmartservice %s\n\n", ssvc_version());

  /* A customer-unique tier (kundunik): the municipality buys help and SWAP, no sync support. */
  ssvc_tier_spec spec = SSVC_TIER_SPEC_INIT;
  spec.code = "KOMMUN";
  spec.name_sv = "Kommunens avtal";
  spec.name_en = "Municipality agreement";
  spec.features = SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_REGISTRATION | SSVC_FEATURE_PHONE_HELP |
                  SSVC_FEATURE_OS_HELP | SSVC_FEATURE_SWAP_ADMIN | SSVC_FEATURE_SWAP_ACTIVATION;
  spec.price_minor = 3200;
  const ssvc_tier *custom;
  if (ssvc_catalog_add(cat, &spec, &custom)) {
    rc = cli_fail("demo", ctx);
    goto done;
  }
  printf("Tiers in the catalogue:\n");
  for (size_t i = 0; i < ssvc_catalog_count(cat); i++) {
    const ssvc_tier *t = ssvc_catalog_at(cat, i);
    char money[32];
    ssvc_money_format(money, sizeof money, ssvc_tier_price(t), ssvc_tier_currency(t));
    printf("  %-7s %-28s %s per user and month%s\n", ssvc_tier_code(t),
           ssvc_tier_name(t, SSVC_LANG_EN), money, ssvc_tier_is_builtin(t) ? "" : " (custom)");
  }

  size_t ncalls = sizeof calls / sizeof calls[0], served = 0;
  printf("\nCalls:\n");
  for (size_t i = 0; i < ncalls; i++) {
    const ssvc_tier *t;
    if (ssvc_catalog_find(cat, calls[i].tier, &t)) {
      rc = cli_fail("demo", ctx);
      goto done;
    }
    int e = ssvc_tier_check(ctx, t, calls[i].feature);
    printf("  [%zu/%zu] %s (%s): %s\n        -> ", i + 1, ncalls, calls[i].customer,
           ssvc_tier_code(t), calls[i].what);
    if (e == SSVC_OK) {
      served++;
      printf("in scope: %s\n", ssvc_feature_name(calls[i].feature, SSVC_LANG_EN));
    } else if (e == SSVC_ENOTENTITLED) {
      printf("out of scope: %s\n", ssvc_ctx_errmsg(ctx));
    } else {
      rc = cli_fail("demo", ctx);
      goto done;
    }
  }
  printf("\nSummary: %zu calls, %zu in scope, %zu out of scope.\n", ncalls, served,
         ncalls - served);
done:
  ssvc_catalog_free(cat);
  ssvc_ctx_free(ctx);
  return rc;
}
