/* tier: the features of rule R1, the built-in tiers and the catalogue of custom tiers. */
#include <string.h>

#include "text.h"
#include "smartservice/tier.h"

#define CODE_MAX 16
#define NAME_MAX_BYTES 64

struct ssvc_tier {
  char code[CODE_MAX + 1];
  char currency[4];
  const char *name[2]; /* indexed by ssvc_lang; custom tiers point into their own allocation */
  unsigned int features;
  int64_t price_minor;
  int builtin;
};

struct ssvc_catalog {
  ssvc_ctx *ctx;
  const ssvc_tier **tiers; /* tiers[0] and tiers[1] are the static built-ins */
  size_t count, cap;
};

struct feature_info {
  unsigned int bit;
  const char *key;
  const char *name[2];
};

static const struct feature_info features[SSVC_FEATURE_COUNT] = {
    {SSVC_FEATURE_DIAGNOSIS, "diagnosis", {"Diagnos", "Diagnosis"}},
    {SSVC_FEATURE_REGISTRATION, "registration", {"Registrering av service", "Service registration"}},
    {SSVC_FEATURE_PHONE_HELP, "phone-help", {"Telefonens funktioner", "Phone functions"}},
    {SSVC_FEATURE_OS_HELP, "os-help", {"Operativsystemet", "Operating system"}},
    {SSVC_FEATURE_SYNC, "sync",
     {"Synkronisering & e-post, kontakter, kalender", "Sync & e-mail, contacts, calendar"}},
    {SSVC_FEATURE_SWAP_ADMIN, "swap-admin", {"SWAP-administration", "SWAP administration"}},
    {SSVC_FEATURE_SWAP_ACTIVATION, "swap-activation", {"SWAP-aktivering", "SWAP activation"}},
};

#define BASIC_FEATURES                                                                  \
  (SSVC_FEATURE_DIAGNOSIS | SSVC_FEATURE_REGISTRATION | SSVC_FEATURE_PHONE_HELP | \
   SSVC_FEATURE_OS_HELP)

static const ssvc_tier builtin_bas = {
    "BAS", "SEK", {"Smartservice BAS", "Smartservice BAS"}, BASIC_FEATURES, 1900, 1};
static const ssvc_tier builtin_prof = {"PROF",
                                       "SEK",
                                       {"Smartservice PROF", "Smartservice PROF"},
                                       SSVC_FEATURE_ALL,
                                       3900,
                                       1};

static const struct feature_info *feature_lookup(unsigned int bit) {
  for (size_t i = 0; i < SSVC_FEATURE_COUNT; i++)
    if (features[i].bit == bit) return &features[i];
  return NULL;
}

const char *ssvc_feature_name(unsigned int feature, int lang) {
  const struct feature_info *f = feature_lookup(feature);
  if (!f || (lang != SSVC_LANG_SV && lang != SSVC_LANG_EN)) return NULL;
  return f->name[lang];
}

const char *ssvc_feature_key(unsigned int feature) {
  const struct feature_info *f = feature_lookup(feature);
  return f ? f->key : NULL;
}

int ssvc_feature_from_key(ssvc_ctx *ctx, unsigned int *out, const char *key) {
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_feature_from_key: out must not be NULL");
  if (!key) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_feature_from_key: key must not be NULL");
  for (size_t i = 0; i < SSVC_FEATURE_COUNT; i++) {
    if (strcmp(features[i].key, key) == 0) {
      *out = features[i].bit;
      return SSVC_OK;
    }
  }
  return ssvc__err(ctx, SSVC_ENOTFOUND, "ssvc_feature_from_key: unknown feature '%.64s'", key);
}

int ssvc_tier_spec_init(ssvc_tier_spec *spec, unsigned int version) {
  return ssvc__struct_init(spec, sizeof *spec, version, SSVC_TIER_SPEC_VERSION);
}

int ssvc_catalog_new(ssvc_ctx *ctx, ssvc_catalog **out) {
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_catalog_new: out must not be NULL");
  ssvc_catalog *c = ssvc__calloc(ctx, 1, sizeof *c);
  if (!c) return SSVC_ENOMEM;
  c->ctx = ctx;
  c->cap = 4;
  c->tiers = ssvc__calloc(ctx, c->cap, sizeof *c->tiers);
  if (!c->tiers) {
    ssvc__free(ctx, c);
    return SSVC_ENOMEM;
  }
  c->tiers[0] = &builtin_bas;
  c->tiers[1] = &builtin_prof;
  c->count = 2;
  *out = c;
  return SSVC_OK;
}

void ssvc_catalog_free(ssvc_catalog *catalog) {
  if (!catalog) return;
  ssvc_ctx *ctx = catalog->ctx;
  for (size_t i = 0; i < catalog->count; i++)
    if (!catalog->tiers[i]->builtin) ssvc__free(ctx, (void *)catalog->tiers[i]);
  ssvc__free(ctx, catalog->tiers);
  ssvc__free(ctx, catalog);
}

static const ssvc_tier *find_code(const ssvc_catalog *c, const char *code) {
  for (size_t i = 0; i < c->count; i++)
    if (ssvc__ascii_casecmp(c->tiers[i]->code, code) == 0) return c->tiers[i];
  return NULL;
}

static int check_spec(const ssvc_catalog *c, const ssvc_tier_spec *spec) {
  ssvc_ctx *ctx = c->ctx;
  int rc = ssvc__check_version(ctx, "ssvc_catalog_add: spec", spec->version,
                               SSVC_TIER_SPEC_VERSION);
  if (rc) return rc;
  if (!spec->code || !*spec->code)
    return ssvc__err(ctx, SSVC_EINVAL, "ssvc_catalog_add: spec->code must not be empty");
  size_t n = strlen(spec->code);
  if (n > CODE_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "ssvc_catalog_add: spec->code is %zu characters (at most %d)",
                     n, CODE_MAX);
  for (size_t i = 0; i < n; i++) {
    char ch = spec->code[i];
    int ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
             ch == '-' || ch == '_';
    if (!ok)
      return ssvc__err(ctx, SSVC_EINVAL,
                       "ssvc_catalog_add: spec->code has a character other than A-Z, a-z, 0-9, '-', "
                       "'_' at position %zu",
                       i + 1);
  }
  if (!spec->name_sv)
    return ssvc__err(ctx, SSVC_EINVAL, "ssvc_catalog_add: spec->name_sv must not be NULL");
  if ((rc = ssvc__check_field(ctx, "ssvc_catalog_add", "spec->name_sv", spec->name_sv, 1,
                              NAME_MAX_BYTES)) ||
      (rc = ssvc__check_field(ctx, "ssvc_catalog_add", "spec->name_en", spec->name_en, 0,
                              NAME_MAX_BYTES)))
    return rc;
  if (spec->features & ~SSVC_FEATURE_ALL)
    return ssvc__err(ctx, SSVC_EINVAL, "ssvc_catalog_add: spec->features has unknown bits 0x%x",
                     spec->features & ~SSVC_FEATURE_ALL);
  if (spec->price_minor < 0)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "ssvc_catalog_add: spec->price_minor must not be negative (got %lld)",
                     (long long)spec->price_minor);
  if (spec->currency) {
    const char *cur = spec->currency;
    if (strlen(cur) != 3 || cur[0] < 'A' || cur[0] > 'Z' || cur[1] < 'A' || cur[1] > 'Z' ||
        cur[2] < 'A' || cur[2] > 'Z')
      return ssvc__err(ctx, SSVC_EINVAL,
                       "ssvc_catalog_add: spec->currency must be three upper-case letters (ISO 4217)");
  }
  if (find_code(c, spec->code))
    return ssvc__err(ctx, SSVC_EEXISTS, "ssvc_catalog_add: a tier with code '%s' exists",
                     spec->code);
  return SSVC_OK;
}

int ssvc_catalog_add(ssvc_catalog *catalog, const ssvc_tier_spec *spec, const ssvc_tier **out) {
  if (out) *out = NULL;
  if (!catalog) return SSVC_EINVAL;
  ssvc_ctx *ctx = catalog->ctx;
  if (!spec) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_catalog_add: spec must not be NULL");
  int rc = check_spec(catalog, spec);
  if (rc) return rc;

  /* Grow the array first: once the tier exists nothing else can fail. */
  if (catalog->count == catalog->cap) {
    size_t cap = catalog->cap * 2;
    const ssvc_tier **t = ssvc__realloc(ctx, (void *)catalog->tiers, cap * sizeof *t);
    if (!t) return SSVC_ENOMEM;
    catalog->tiers = t;
    catalog->cap = cap;
  }
  const char *en = spec->name_en ? spec->name_en : spec->name_sv;
  size_t lsv = strlen(spec->name_sv) + 1, len = strlen(en) + 1;
  ssvc_tier *t = ssvc__malloc(ctx, sizeof *t + lsv + len);
  if (!t) return SSVC_ENOMEM;
  memset(t, 0, sizeof *t);
  char *names = (char *)(t + 1);
  memcpy(names, spec->name_sv, lsv);
  memcpy(names + lsv, en, len);
  t->name[SSVC_LANG_SV] = names;
  t->name[SSVC_LANG_EN] = names + lsv;
  memcpy(t->code, spec->code, strlen(spec->code) + 1);
  memcpy(t->currency, spec->currency ? spec->currency : "SEK", 4);
  t->features = spec->features;
  t->price_minor = spec->price_minor;
  catalog->tiers[catalog->count++] = t;
  if (out) *out = t;
  return SSVC_OK;
}

int ssvc_catalog_find(const ssvc_catalog *catalog, const char *code, const ssvc_tier **out) {
  if (out) *out = NULL;
  if (!catalog) return SSVC_EINVAL;
  if (!out) return ssvc__err(catalog->ctx, SSVC_EINVAL, "ssvc_catalog_find: out must not be NULL");
  if (!code)
    return ssvc__err(catalog->ctx, SSVC_EINVAL, "ssvc_catalog_find: code must not be NULL");
  const ssvc_tier *t = find_code(catalog, code);
  if (!t)
    return ssvc__err(catalog->ctx, SSVC_ENOTFOUND, "ssvc_catalog_find: no tier with code '%.32s'",
                     code);
  *out = t;
  return SSVC_OK;
}

size_t ssvc_catalog_count(const ssvc_catalog *catalog) { return catalog ? catalog->count : 0; }

const ssvc_tier *ssvc_catalog_at(const ssvc_catalog *catalog, size_t index) {
  return catalog && index < catalog->count ? catalog->tiers[index] : NULL;
}

const char *ssvc_tier_code(const ssvc_tier *tier) { return tier ? tier->code : NULL; }

const char *ssvc_tier_name(const ssvc_tier *tier, int lang) {
  if (!tier || (lang != SSVC_LANG_SV && lang != SSVC_LANG_EN)) return NULL;
  return tier->name[lang];
}

unsigned int ssvc_tier_features(const ssvc_tier *tier) { return tier ? tier->features : 0u; }

int64_t ssvc_tier_price(const ssvc_tier *tier) { return tier ? tier->price_minor : -1; }

const char *ssvc_tier_currency(const ssvc_tier *tier) { return tier ? tier->currency : NULL; }

int ssvc_tier_is_builtin(const ssvc_tier *tier) { return tier ? tier->builtin : 0; }

int ssvc_tier_has(const ssvc_tier *tier, unsigned int features_wanted) {
  if (!tier || features_wanted == 0) return 0;
  return (tier->features & features_wanted) == features_wanted;
}

int ssvc_tier_check(ssvc_ctx *ctx, const ssvc_tier *tier, unsigned int features_wanted) {
  if (!tier) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_tier_check: tier must not be NULL");
  if (features_wanted == 0)
    return ssvc__err(ctx, SSVC_EINVAL, "ssvc_tier_check: features must not be empty");
  if (features_wanted & ~SSVC_FEATURE_ALL)
    return ssvc__err(ctx, SSVC_EINVAL, "ssvc_tier_check: features has unknown bits 0x%x",
                     features_wanted & ~SSVC_FEATURE_ALL);
  unsigned int missing = features_wanted & ~tier->features;
  if (!missing) return SSVC_OK;
  unsigned int first = missing & (0u - missing);
  return ssvc__err(ctx, SSVC_ENOTENTITLED, "tier %s does not include %s", tier->code,
                   feature_lookup(first)->name[SSVC_LANG_EN]);
}
