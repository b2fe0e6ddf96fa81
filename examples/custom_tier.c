/*
 * Example: a customer-unique tier (kundunik) with its own feature set and price.
 *
 * Bad input is refused with a code and a message that names the field; the catalogue is left
 * as it was.
 */
#include <stdio.h>

#include <smartservice.h>

int main(void) {
  ssvc_ctx *ctx;
  ssvc_catalog *catalog;
  if (ssvc_ctx_new(&ctx, NULL) != SSVC_OK) return 1;
  if (ssvc_catalog_new(ctx, &catalog) != SSVC_OK) return 1;

  ssvc_tier_spec spec = SSVC_TIER_SPEC_INIT;
  spec.code = "SKOLA";
  spec.name_sv = "Skolans avtal";
  spec.name_en = "School agreement";
  spec.features = SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_PHONE_HELP | SSVC_FEATURE_SYNC;
  spec.price_minor = 2450; /* 24.50 SEK per user and month */

  const ssvc_tier *tier;
  if (ssvc_catalog_add(catalog, &spec, &tier) != SSVC_OK) {
    fprintf(stderr, "%s\n", ssvc_ctx_errmsg(ctx));
    return 1;
  }
  char price[32];
  ssvc_money_format(price, sizeof price, ssvc_tier_price(tier), ssvc_tier_currency(tier));
  printf("added %s (%s), %s, sync help: %s\n", ssvc_tier_code(tier),
         ssvc_tier_name(tier, SSVC_LANG_EN), price,
         ssvc_tier_has(tier, SSVC_FEATURE_SYNC) ? "yes" : "no");

  /* A negative price is refused, and nothing is added. */
  spec.code = "GRATIS";
  spec.price_minor = -100;
  int rc = ssvc_catalog_add(catalog, &spec, NULL);
  printf("%s: %s\n", ssvc_status_name(rc), ssvc_ctx_errmsg(ctx));
  printf("tiers in the catalogue: %zu\n", ssvc_catalog_count(catalog));

  ssvc_catalog_free(catalog);
  ssvc_ctx_free(ctx);
  return 0;
}
