/*
 * Example: is a request within the customer's tier? (rule R1)
 *
 * Every call to the Support Center starts with this check: a BAS customer gets help with the
 * phone and its operating system, a PROF customer also gets sync help and SWAP phones.
 */
#include <stdio.h>

#include <smartservice.h>

int main(void) {
  ssvc_ctx *ctx;
  ssvc_catalog *catalog;
  if (ssvc_ctx_new(&ctx, NULL) != SSVC_OK) return 1;
  if (ssvc_catalog_new(ctx, &catalog) != SSVC_OK) {
    fprintf(stderr, "%s\n", ssvc_ctx_errmsg(ctx));
    ssvc_ctx_free(ctx);
    return 1;
  }

  const char *codes[] = {"BAS", "PROF"};
  for (int i = 0; i < 2; i++) {
    const ssvc_tier *tier;
    if (ssvc_catalog_find(catalog, codes[i], &tier) != SSVC_OK) break;
    /* ssvc_tier_check() says why not, in the context's error message. */
    int rc = ssvc_tier_check(ctx, tier, SSVC_FEATURE_SWAP_ACTIVATION);
    printf("%s: %s\n", codes[i], rc == SSVC_OK ? "a replacement phone can be shipped"
                                                : ssvc_ctx_errmsg(ctx));
  }

  ssvc_catalog_free(catalog);
  ssvc_ctx_free(ctx);
  return 0;
}
