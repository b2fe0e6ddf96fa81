/**
 * @file smartservice/tier.h
 * @brief Service features, tiers and the tier catalogue (rule R1).
 *
 * A tier is a set of features with a monthly price per user. The catalogue always holds the two
 * built-in tiers, BAS (19 SEK) and PROF (39 SEK), and any number of custom tiers (kundunik).
 */
#ifndef SMARTSERVICE_TIER_H
#define SMARTSERVICE_TIER_H

#include "context.h"

SSVC_BEGIN_DECLS

/** The features of rule R1, one bit each. A feature set is a bitwise OR of these. */
typedef enum ssvc_feature {
  SSVC_FEATURE_DIAGNOSIS = 1u << 0,       /**< Diagnosis with control questions (diagnos). */
  SSVC_FEATURE_REGISTRATION = 1u << 1,    /**< Help to register workshop service (registrering). */
  SSVC_FEATURE_PHONE_HELP = 1u << 2,      /**< Help with the phone's functions (telefonen). */
  SSVC_FEATURE_OS_HELP = 1u << 3,         /**< Help with the operating system (operativet). */
  SSVC_FEATURE_SYNC = 1u << 4,            /**< Sync & e-mail, contacts, calendar. */
  SSVC_FEATURE_SWAP_ADMIN = 1u << 5,      /**< SWAP administration. */
  SSVC_FEATURE_SWAP_ACTIVATION = 1u << 6  /**< SWAP activation: a phone shipped from the stock. */
} ssvc_feature;

/** Number of features. */
#define SSVC_FEATURE_COUNT 7
/** Every feature. */
#define SSVC_FEATURE_ALL 0x7Fu

/**
 * The display name of one feature, e.g. "Synkronisering & e-post" or "Sync & e-mail".
 * NULL when @p feature is not exactly one known feature bit or @p lang is unknown.
 * Static storage.
 */
SSVC_API const char *ssvc_feature_name(unsigned int feature, int lang);

/**
 * The stable identifier of one feature as used in files and on the command line:
 * "diagnosis", "registration", "phone-help", "os-help", "sync", "swap-admin", "swap-activation".
 * NULL when @p feature is not exactly one known feature bit. Static storage.
 */
SSVC_API const char *ssvc_feature_key(unsigned int feature);

/**
 * Looks up a feature by its key (see ssvc_feature_key()).
 * @param[out] out  the feature bit.
 * @return SSVC_OK; SSVC_EINVAL for a NULL argument; SSVC_ENOTFOUND for an unknown key (message
 *         names it).
 */
SSVC_API int ssvc_feature_from_key(ssvc_ctx *ctx, unsigned int *out, const char *key);

/** A tier. Borrowed from its catalogue; valid until the catalogue is freed. */
typedef struct ssvc_tier ssvc_tier;

/** A catalogue of tiers: BAS, PROF and the custom tiers added to it. */
typedef struct ssvc_catalog ssvc_catalog;

/** Current version of struct ssvc_tier_spec. */
#define SSVC_TIER_SPEC_VERSION 1

/** Describes a custom tier for ssvc_catalog_add(). */
typedef struct ssvc_tier_spec {
  unsigned int version;  /**< SSVC_TIER_SPEC_VERSION. */
  /** Unique code, 1-16 characters of A-Z, a-z, 0-9, '-' and '_'; compared case-insensitively. */
  const char *code;
  const char *name_sv;   /**< Swedish name, 1-64 bytes of UTF-8; required. */
  const char *name_en;   /**< English name, 1-64 bytes of UTF-8; NULL to use the Swedish one. */
  unsigned int features; /**< Feature set; only bits of SSVC_FEATURE_ALL. May be 0. */
  int64_t price_minor;   /**< Price per user and month in minor units; >= 0. */
  /** ISO 4217 code, three upper-case letters; NULL for "SEK". */
  const char *currency;
} ssvc_tier_spec;

/** Static initializer: version set, everything else zero. */
#define SSVC_TIER_SPEC_INIT {SSVC_TIER_SPEC_VERSION, NULL, NULL, NULL, 0u, 0, NULL}

/**
 * Zeroes @p spec and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a version of 0 or
 * newer than SSVC_TIER_SPEC_VERSION (the struct is then left untouched).
 */
SSVC_API int ssvc_tier_spec_init(ssvc_tier_spec *spec, unsigned int version);

/**
 * Creates a catalogue holding the built-in tiers BAS and PROF.
 * @param[out] out  the catalogue, owned by the caller; NULL on failure.
 * @return SSVC_OK, SSVC_EINVAL (NULL argument) or SSVC_ENOMEM.
 */
SSVC_API int ssvc_catalog_new(ssvc_ctx *ctx, ssvc_catalog **out);

/** Releases a catalogue and every tier in it. NULL is accepted. */
SSVC_API void ssvc_catalog_free(ssvc_catalog *catalog);

/**
 * Adds a custom tier. The strings of @p spec are copied.
 * @param[out] out  optional (may be NULL): the new tier, borrowed from the catalogue.
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault (no code or name, a bad character, an
 *         unknown feature bit, a negative price, a malformed currency); SSVC_EVERSION for an
 *         unsupported spec version; SSVC_EEXISTS when the code is taken (BAS and PROF included);
 *         SSVC_ENOMEM. On failure the catalogue is unchanged.
 */
SSVC_API int ssvc_catalog_add(ssvc_catalog *catalog, const ssvc_tier_spec *spec,
                              const ssvc_tier **out);

/**
 * Finds a tier by code (case-insensitive).
 * @param[out] out  the tier, borrowed from the catalogue.
 * @return SSVC_OK, SSVC_EINVAL (NULL argument) or SSVC_ENOTFOUND (message names the code).
 */
SSVC_API int ssvc_catalog_find(const ssvc_catalog *catalog, const char *code,
                               const ssvc_tier **out);

/** Number of tiers in the catalogue (2 plus the custom ones); 0 for NULL. */
SSVC_API size_t ssvc_catalog_count(const ssvc_catalog *catalog);

/**
 * The tier at @p index, in order of addition (BAS, PROF, then the custom tiers).
 * NULL when @p index >= ssvc_catalog_count(). Borrowed from the catalogue.
 */
SSVC_API const ssvc_tier *ssvc_catalog_at(const ssvc_catalog *catalog, size_t index);

/** The tier's code, e.g. "BAS". Borrowed from the catalogue. NULL for a NULL tier. */
SSVC_API const char *ssvc_tier_code(const ssvc_tier *tier);

/** The tier's name in @p lang. Borrowed from the catalogue. NULL for a NULL tier or unknown lang. */
SSVC_API const char *ssvc_tier_name(const ssvc_tier *tier, int lang);

/** The tier's feature set; 0 for a NULL tier. */
SSVC_API unsigned int ssvc_tier_features(const ssvc_tier *tier);

/** The list price per user and month in minor units; -1 for a NULL tier. */
SSVC_API int64_t ssvc_tier_price(const ssvc_tier *tier);

/** The tier's ISO 4217 currency, e.g. "SEK". Borrowed. NULL for a NULL tier. */
SSVC_API const char *ssvc_tier_currency(const ssvc_tier *tier);

/** 1 for the built-in tiers BAS and PROF, 0 for custom tiers and NULL. */
SSVC_API int ssvc_tier_is_builtin(const ssvc_tier *tier);

/** 1 when the tier includes every feature of @p features (a non-empty set), otherwise 0. */
SSVC_API int ssvc_tier_has(const ssvc_tier *tier, unsigned int features);

/**
 * Entitlement check: SSVC_OK when @p tier includes every feature in @p features; otherwise
 * SSVC_ENOTENTITLED with a message naming the tier and the first missing feature, e.g.
 * "tier BAS does not include SWAP activation". SSVC_EINVAL for a NULL tier, an empty set or
 * unknown feature bits.
 */
SSVC_API int ssvc_tier_check(ssvc_ctx *ctx, const ssvc_tier *tier, unsigned int features);

SSVC_END_DECLS

#endif /* SMARTSERVICE_TIER_H */
