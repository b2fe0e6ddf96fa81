/**
 * @file smartservice/money.h
 * @brief What every module that charges shares (rule R8): the charge kinds with their stable keys
 * and display names, and the default VAT, freight and packaging amounts.
 *
 * Below case, swap, agreement and charges, so that each of them uses these one definitions.
 * Amounts are int64_t minor units (öre); rates are basis points (common.h).
 */
#ifndef SMARTSERVICE_MONEY_H
#define SMARTSERVICE_MONEY_H

#include "common.h"
#include "context.h"

SSVC_BEGIN_DECLS

/** The kinds of charge of rule R8. The numbers are stored and never change; the case module's
 * charge lines (ssvc_case_charge.kind) and the SWAP pool's shipment charges use them too (1..9: a
 * case never carries the fee). */
typedef enum ssvc_charge_kind {
  SSVC_CHARGE_MONTHLY_FEE = 0,    /**< The fee per user and month of the tier. */
  SSVC_CHARGE_FREIGHT = 1,        /**< Freight of one shipment, invoiced in arrears. */
  SSVC_CHARGE_PACKAGING = 2,      /**< Packaging of one shipment, invoiced in arrears. */
  SSVC_CHARGE_SWAP_PURCHASE = 3,  /**< A SWAP phone bought for the customer's stock. */
  SSVC_CHARGE_SWAP_RENTAL = 4,    /**< The monthly rent of a SWAP phone. */
  SSVC_CHARGE_BACKUP_PHONE = 5,   /**< A backup phone (reservtelefon). */
  SSVC_CHARGE_REPAIR = 6,         /**< A repair outside warranty: billed directly, own invoice. */
  SSVC_CHARGE_COST_ESTIMATE = 7,  /**< A cost estimate outside warranty: billed directly. */
  SSVC_CHARGE_UNRETURNED = 8,     /**< The replacement value of a faulty phone never returned. */
  /** A stock change order (smartservice/stock_order.h): new models in, old units out, targets
   *  changed; billed separately on the service invoice when the customer approves it. */
  SSVC_CHARGE_STOCK_CHANGE = 9
} ssvc_charge_kind;

/** Number of charge kinds. */
#define SSVC_CHARGE_KIND_COUNT 10

/** The default VAT rate, 25%, in basis points. */
#define SSVC_VAT_DEFAULT_BASIS_POINTS 2500u

/** Default freight per shipment in öre (89.00 SEK) when the price list has no freight entry. */
#define SSVC_FREIGHT_DEFAULT_MINOR 8900
/** Default packaging per shipment in öre (25.00 SEK) when the price list has no entry. */
#define SSVC_PACKAGING_DEFAULT_MINOR 2500
/** Default monthly rent of a rented backup phone in öre (49.00 SEK) when the stored price list
 *  has no price of kind SSVC_CHARGE_BACKUP_PHONE (doc/backup-phones.md "Bought or rented"). */
#define SSVC_BACKUP_RENT_DEFAULT_MINOR 4900

/**
 * The stable key of a charge kind: "monthly-fee", "freight", "packaging", "swap-purchase",
 * "swap-rental", "backup-phone", "repair", "cost-estimate", "unreturned", "stock-change". NULL for
 * an unknown kind.
 * Static storage.
 */
SSVC_API const char *ssvc_charge_kind_key(int kind);

/** The display name of a charge kind in @p lang, e.g. "Frakt". NULL when unknown. Static. */
SSVC_API const char *ssvc_charge_kind_name(int kind, int lang);

/** 1 for the kinds billed directly to the customer on their own invoice (repair, cost
 * estimate), 0 for the others and for unknown kinds. */
SSVC_API int ssvc_charge_kind_is_direct(int kind);

/**
 * The charge kind whose stable key (ssvc_charge_kind_key()) is @p key, in @p out.
 * SSVC_EINVAL when @p out or @p key is NULL; SSVC_ENOTFOUND (message names the key) for an
 * unknown key. @p ctx may be NULL.
 */
SSVC_API int ssvc_charge_kind_from_key(ssvc_ctx *ctx, int *out, const char *key);

SSVC_END_DECLS

#endif /* SMARTSERVICE_MONEY_H */
