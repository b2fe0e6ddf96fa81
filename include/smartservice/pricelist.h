/**
 * @file smartservice/pricelist.h
 * @brief Price lists (rule R8): what a user of a tier, and a shipment, cost on a date, under an
 * agreement's overrides. A computation over plain data: no storage, no clock.
 *
 * Threads: a price list belongs to the context it was made with and, like it, is used by one
 * thread at a time.
 */
#ifndef SMARTSERVICE_PRICELIST_H
#define SMARTSERVICE_PRICELIST_H

#include "money.h"
#include "tier.h"

SSVC_BEGIN_DECLS

/** @name Price list
 * Prices per tier and per shipment, each valid from a date until the next entry of the same
 * item. Lookup order for (agreement A, item, date D): the latest override of A for the item
 * dated on or before D; else the latest list price dated on or before D; else the default
 * (the tier's price in the catalogue; SSVC_FREIGHT_DEFAULT_MINOR, SSVC_PACKAGING_DEFAULT_MINOR).
 * @{ */

/** A price list: list prices, agreement overrides and shipment amounts. */
typedef struct ssvc_pricelist ssvc_pricelist;

/**
 * Creates an empty price list over @p catalog, which gives the tiers and their default prices.
 * @param[out] out  the price list, owned by the caller (ssvc_pricelist_free()); NULL on failure.
 * @param catalog   borrowed: must outlive the price list.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument); SSVC_ENOMEM.
 */
SSVC_API int ssvc_pricelist_new(ssvc_ctx *ctx, ssvc_pricelist **out,
                                const ssvc_catalog *catalog);

/** Releases a price list. NULL is accepted. */
SSVC_API void ssvc_pricelist_free(ssvc_pricelist *pricelist);

/**
 * Sets the list price per user and month of tier @p tier from @p from on. Replaces an entry of
 * the same tier and date.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument, invalid date, amount outside 0..10^12);
 *         SSVC_ENOTFOUND (tier not in the catalogue); SSVC_ENOMEM. On failure the price list is
 *         unchanged.
 */
SSVC_API int ssvc_pricelist_add_price(ssvc_pricelist *pricelist, const char *tier, ssvc_date from,
                                      int64_t amount_minor);

/**
 * Sets agreement @p agreement's own price per user and month of @p tier from @p from on; it
 * wins over list prices from that date. @p agreement is 1-64 bytes of UTF-8, compared exactly.
 * @return as ssvc_pricelist_add_price(), and SSVC_EINVAL for a bad agreement id.
 */
SSVC_API int ssvc_pricelist_add_override(ssvc_pricelist *pricelist, const char *agreement,
                                         const char *tier, ssvc_date from, int64_t amount_minor);

/**
 * Sets the amount per shipment of @p kind (SSVC_CHARGE_FREIGHT or SSVC_CHARGE_PACKAGING) from
 * @p from on, for every customer (@p agreement NULL) or for one agreement.
 * @return SSVC_OK; SSVC_EINVAL (other kind, invalid date, amount outside 0..10^12, bad
 *         agreement id);
 *         SSVC_ENOMEM. On failure the price list is unchanged.
 */
SSVC_API int ssvc_pricelist_add_shipment(ssvc_pricelist *pricelist, const char *agreement,
                                         int kind, ssvc_date from, int64_t amount_minor);

/**
 * The price per user and month of @p tier on @p date for @p agreement (NULL: list prices only).
 * @param[out] out  the amount in öre; untouched on failure.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument, invalid date); SSVC_ENOTFOUND (unknown tier).
 */
SSVC_API int ssvc_pricelist_lookup(const ssvc_pricelist *pricelist, int64_t *out,
                                   const char *agreement, const char *tier, ssvc_date date);

/**
 * The amount per shipment of @p kind (freight or packaging) on @p date for @p agreement.
 * @return SSVC_OK; SSVC_EINVAL (NULL @p out, other kind, invalid date).
 */
SSVC_API int ssvc_pricelist_shipment(const ssvc_pricelist *pricelist, int64_t *out,
                                     const char *agreement, int kind, ssvc_date date);
/** @} */

SSVC_END_DECLS

#endif /* SMARTSERVICE_PRICELIST_H */
