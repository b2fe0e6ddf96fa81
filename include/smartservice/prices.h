/**
 * @file smartservice/prices.h
 * @brief Dated prices kept in the store (rule R8, doc/charges.md "Stored prices"): list prices
 * and per-customer overrides, each valid from a date, that the stored invoice run prices each day
 * with when its spec gives no price list.
 *
 * A stored price is what ssvc_pricelist_add_price(), ssvc_pricelist_add_override() and
 * ssvc_pricelist_add_shipment() put in a price list, kept once instead of being rebuilt by the
 * caller for every run. ssvc_pricelist_load() makes a price list of them; its lookups on a date D
 * give the price valid on D.
 *
 * Threads: as every operation on a store (smartservice/storage.h).
 */
#ifndef SMARTSERVICE_PRICES_H
#define SMARTSERVICE_PRICES_H

#include "pricelist.h"
#include "storage.h"

SSVC_BEGIN_DECLS

/** @name Stored prices
 * @{ */

/** Current version of struct ssvc_price. */
#define SSVC_PRICE_VERSION 1

/** One dated price. */
typedef struct ssvc_price {
  unsigned int version; /**< SSVC_PRICE_VERSION. */
  /** NULL (or ""): a list price, for every customer; else the customer whose agreement it
   * overrides (the agreement must exist when the price is set). */
  const char *customer_id;
  /** SSVC_CHARGE_MONTHLY_FEE (per user and month of @c tier), SSVC_CHARGE_FREIGHT or
   * SSVC_CHARGE_PACKAGING (per shipment), or SSVC_CHARGE_BACKUP_PHONE (the rent of a rented
   * backup phone per month, prorated by day; default SSVC_BACKUP_RENT_DEFAULT_MINOR). */
  int kind;
  /** The monthly fee's tier: "BAS", "PROF" (any case), or for an override the code of the
   * customer's custom tier; stored in its canonical spelling. NULL for the other kinds. */
  const char *tier;
  ssvc_date from;       /**< The first day the price is valid; valid until the next one. */
  int64_t amount_minor; /**< The price in öre, 0..10^12. */
} ssvc_price;

/** Static initializer: version set, a monthly fee, everything else zero. */
#define SSVC_PRICE_INIT {SSVC_PRICE_VERSION, NULL, SSVC_CHARGE_MONTHLY_FEE, NULL, {0, 0, 0}, 0}

/**
 * Stores @p price: from @p price->from on, it is the list price (or the customer's override) of
 * its item. A price of the same item, customer and date is replaced. One write, all or nothing.
 * @param actor  who sets it (1-256 bytes), kept with the price.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument, a field out of range: the message names it, e.g.
 *         "ssvc_price_set: price->amount_minor: must be 0..10^12 (got -5)"); SSVC_EVERSION;
 *         SSVC_ENOTFOUND (no agreement for price->customer_id, or a tier that is neither built in
 *         nor the customer's custom tier); SSVC_ESTORAGE; SSVC_ENOMEM. On failure the store is
 *         unchanged.
 */
SSVC_API int ssvc_price_set(ssvc_store *store, const ssvc_price *price, const char *actor);

/**
 * Removes the stored price of @p price's item, customer and date (@p price->amount_minor is not
 * looked at): a price set by mistake.
 * @return SSVC_OK; SSVC_EINVAL; SSVC_EVERSION; SSVC_ENOTFOUND (no such price);
 *         SSVC_ESTORAGE; SSVC_ENOMEM. On failure the store is unchanged.
 */
SSVC_API int ssvc_price_remove(ssvc_store *store, const ssvc_price *price);

/** Called by ssvc_price_list() for each price (borrowed, valid during the call); non-zero stops. */
typedef int (*ssvc_price_list_fn)(void *user_data, const ssvc_price *price);

/**
 * Lists stored prices: with @p customer_id NULL the list prices, else that customer's overrides;
 * by kind, then tier, then date.
 * @return SSVC_OK (also when stopped by @p fn); SSVC_EINVAL; SSVC_ESTORAGE (also a malformed
 *         record).
 */
SSVC_API int ssvc_price_list(ssvc_store *store, const char *customer_id, ssvc_price_list_fn fn,
                             void *user_data);

/**
 * Makes a price list of the stored prices: the list prices, and the overrides of @p customer_id
 * (NULL: of every customer). Lookups on a date D (ssvc_pricelist_lookup()) give the price valid
 * on D. Prices of tiers that @p catalog lacks are left out (a custom tier of another customer).
 * A store without stored prices gives an empty price list (the catalogue's prices).
 * @param[out] out  the price list, owned by the caller (ssvc_pricelist_free()); NULL on failure.
 * @param catalog   borrowed: must outlive the price list.
 * @return SSVC_OK; SSVC_EINVAL; SSVC_ESTORAGE; SSVC_ENOMEM.
 */
SSVC_API int ssvc_pricelist_load(ssvc_store *store, ssvc_pricelist **out,
                                 const ssvc_catalog *catalog, const char *customer_id);
/** @} */

SSVC_END_DECLS

#endif /* SMARTSERVICE_PRICES_H */
