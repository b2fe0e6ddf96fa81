/* smartservice version | tiers: what the library is and what each tier includes (rule R1). */
#include <string.h>

#include "cli.h"

int cmd_version(const struct cli_global *g, int argc, char **argv, int first) {
  (void)g;
  char *pos[1];
  int npos;
  int rc = cli_parse("version", argc, argv, first, NULL, pos, 0, &npos);
  if (rc) return rc;
  printf("%s\n", ssvc_version());
  return CLI_OK;
}

static void print_json(const ssvc_catalog *cat, int lang) {
  printf("{\"tiers\":[");
  for (size_t i = 0; i < ssvc_catalog_count(cat); i++) {
    const ssvc_tier *t = ssvc_catalog_at(cat, i);
    printf("%s{\"code\":", i ? "," : "");
    cli_json_string(stdout, ssvc_tier_code(t));
    printf(",\"name\":");
    cli_json_string(stdout, ssvc_tier_name(t, lang));
    printf(",\"price_minor\":%lld,\"currency\":\"%s\",\"features\":[",
           (long long)ssvc_tier_price(t), ssvc_tier_currency(t));
    int n = 0;
    for (unsigned f = 1; f & SSVC_FEATURE_ALL; f <<= 1)
      if (ssvc_tier_has(t, f)) printf("%s\"%s\"", n++ ? "," : "", ssvc_feature_key(f));
    printf("]}");
  }
  printf("]}\n");
}

/* One table cell; the last one of a row ends the line instead of padding it. */
static void cell(const char *text, int width, int last) {
  if (last) printf("%s\n", text);
  else cli_print_padded(stdout, text, width);
}

static void print_table(const ssvc_catalog *cat, int lang) {
  const int width = 46, col = 11;
  size_t ntiers = ssvc_catalog_count(cat);
  cli_print_padded(stdout, lang == SSVC_LANG_SV ? "funktion" : "feature", width);
  for (size_t i = 0; i < ntiers; i++)
    cell(ssvc_tier_code(ssvc_catalog_at(cat, i)), col, i + 1 == ntiers);
  for (unsigned f = 1; f & SSVC_FEATURE_ALL; f <<= 1) {
    cli_print_padded(stdout, ssvc_feature_name(f, lang), width);
    for (size_t i = 0; i < ntiers; i++)
      cell(ssvc_tier_has(ssvc_catalog_at(cat, i), f) ? (lang == SSVC_LANG_SV ? "ja" : "yes") : "-",
           col, i + 1 == ntiers);
  }
  cli_print_padded(stdout,
                   lang == SSVC_LANG_SV ? "pris per användare och månad" : "price per user and month",
                   width);
  for (size_t i = 0; i < ntiers; i++) {
    const ssvc_tier *t = ssvc_catalog_at(cat, i);
    char money[32];
    ssvc_money_format(money, sizeof money, ssvc_tier_price(t), ssvc_tier_currency(t));
    cell(money, col, i + 1 == ntiers);
  }
}

int cmd_tiers(const struct cli_global *g, int argc, char **argv, int first) {
  (void)g;
  const char *lang_text = "en";
  int json = 0, lang, npos;
  const struct cli_opt opts[] = {
      {"lang", &lang_text, NULL, "sv|en", "en", "the language of the output"},
      {"json", NULL, &json, NULL, NULL, "print one JSON document on one line"},
      {0}};
  char *pos[1];
  int rc = cli_parse("tiers", argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_parse_lang("tiers", lang_text, &lang))) return rc;

  ssvc_ctx *ctx;
  if ((rc = cli_ctx_new("tiers", &ctx))) return rc;
  ssvc_catalog *cat;
  if (ssvc_catalog_new(ctx, &cat)) {
    rc = cli_fail("tiers", ctx);
  } else {
    if (json) print_json(cat, lang);
    else print_table(cat, lang);
    ssvc_catalog_free(cat);
  }
  ssvc_ctx_free(ctx);
  return rc;
}
