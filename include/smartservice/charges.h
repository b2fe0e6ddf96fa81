/**
 * @file smartservice/charges.h
 * @brief The monthly fee and the charges of a customer's month (rule R8), and the way in to
 * everything about money: it includes money.h (charge kinds, defaults), pricelist.h, invoice.h
 * and invoice_run.h, so a program that includes charges.h has them all.
 *
 * ssvc_charges_month() turns one customer's month (user counts, shipments of the month before,
 * other recorded charges) into invoice lines; ssvc_charges_fee() prorates the fee by day. Both
 * compute over plain structs: no storage, no clock. Proration is described in doc/charges.md.
 */
#ifndef SMARTSERVICE_CHARGES_H
#define SMARTSERVICE_CHARGES_H

#include "invoice.h"
#include "money.h"
#include "pricelist.h"

SSVC_BEGIN_DECLS

/** @name The monthly fee and the charges of a month
 * @{ */

/** The number of users from a date on (the count holds until the next change). */
typedef struct ssvc_user_count {
  ssvc_date from;  /**< First day with this count. */
  uint32_t users;  /**< Number of users, 0..10^7. */
} ssvc_user_count;

/** Current version of struct ssvc_charge. */
#define SSVC_CHARGE_VERSION 1

/** A recorded charge (not the fee, not shipments): a SWAP phone, a repair, ... */
typedef struct ssvc_charge {
  unsigned int version;     /**< SSVC_CHARGE_VERSION. */
  int kind;                 /**< Any kind but SSVC_CHARGE_MONTHLY_FEE (a single shipment may be
                                 charged as freight or packaging with its own amount). */
  const char *text_sv;      /**< Swedish description; NULL for the kind's name. */
  const char *text_en;      /**< English description; NULL for the kind's name. */
  int64_t quantity;         /**< Quantity, 1..10^6; -10^6..-1 for a credit (a refund). */
  int64_t unit_price_minor; /**< Price per unit in öre, 0..10^12. */
  ssvc_date date;           /**< When the charge arose (for the record; not priced). */
} ssvc_charge;

/** Static initializer: version set, everything else zero. */
#define SSVC_CHARGE_INIT {SSVC_CHARGE_VERSION, 0, NULL, NULL, 0, 0, {0, 0, 0}}

/** Zeroes @p charge and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_charge_init(ssvc_charge *charge, unsigned int version);

/** The tier and price terms of an agreement from a date on (they hold until the next entry):
 *  what a tier or price change mid-month splits the fee by (doc/charges.md). */
typedef struct ssvc_fee_terms {
  ssvc_date from;           /**< First day with these terms. */
  const char *tier;         /**< Tier code, in the price list's catalogue. */
  /** The agreement's own price per user and month in öre (0..10^12), or -1: none. It comes
   *  after the price list's overrides for the agreement and before its list prices. */
  int64_t user_price_minor;
  /** The tier's own price on these days in öre (0..10^12; a custom tier's price as the
   *  agreement held it), or -1: the catalogue's. It comes after the price list's entries. */
  int64_t tier_price_minor;
} ssvc_fee_terms;

/** Current version of struct ssvc_month_input: 2 added @c terms and @c term_count at the end
 *  (a caller of version 1 passes version 1 and a struct that ends before them: the month is at
 *  @c tier throughout). */
#define SSVC_MONTH_INPUT_VERSION 2

/** One customer's month, as the invoice run gathers it. */
typedef struct ssvc_month_input {
  unsigned int version;          /**< SSVC_MONTH_INPUT_VERSION. */
  const char *agreement;         /**< Agreement id for overrides; NULL for list prices. */
  const char *tier;              /**< Tier code. */
  int year;                      /**< The invoiced month's year, 1..9999. */
  int month;                     /**< The invoiced month, 1..12. */
  /** User counts sorted by date, at least one; the first on or before the month's first day
   * gives the count the month starts with (entries before it only matter as the latest one). */
  const ssvc_user_count *users;
  size_t user_changes;           /**< Number of entries in @c users. */
  uint32_t shipments;            /**< Shipments in the month before, billed in arrears
                                      (a freight and a packaging line), 0..10^7. */
  const ssvc_charge *charges;    /**< Other recorded charges not yet invoiced; may be NULL. */
  size_t charge_count;           /**< Number of entries in @c charges. */
  uint32_t vat_basis_points;     /**< VAT rate of the agreement: 2500, 1200, 600 or 0
                                      (doc/charges.md "VAT"); the INIT sets 2500 (25%). */
  /* Version 2. */
  /** Tier and price changes sorted by date, or NULL: @c tier at the price list's prices all
   *  month. Days before the first entry are at @c tier; an entry on or before the month's
   *  first day gives the terms the month starts with (earlier ones only matter as the latest
   *  one). A fee segment is a run of days with the same user count, tier and price. */
  const ssvc_fee_terms *terms;
  size_t term_count;             /**< Number of entries in @c terms. */
} ssvc_month_input;

/** Static initializer: version set, VAT 25%, everything else zero. */
#define SSVC_MONTH_INPUT_INIT                                                                  \
  {SSVC_MONTH_INPUT_VERSION, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0,                             \
   SSVC_VAT_DEFAULT_BASIS_POINTS, NULL, 0}

/** Zeroes @p in (only version 1's fields for version 1), sets its version and the default VAT
 * (25%). SSVC_EINVAL for NULL; SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_month_input_init(ssvc_month_input *in, unsigned int version);

/**
 * The monthly fee of a month in öre: the sum of its fee lines (see ssvc_charges_month()).
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault; SSVC_EVERSION; SSVC_ENOTFOUND
 *         (unknown tier); SSVC_ERANGE (a line's quantity x price above INT64_MAX / 4).
 */
SSVC_API int ssvc_charges_fee(const ssvc_pricelist *pricelist, int64_t *out,
                              const ssvc_month_input *in);

/**
 * Appends one customer's month to invoices: to @p service the fee lines (one per segment of
 * days with the same user count, tier and price, its text naming the tier, the users and the
 * days: quantity users for a whole month, else user-days with base quantity the days of the
 * month), freight and packaging lines for the shipments of
 * the month before, and the recorded charges that are not direct-billed; to @p direct the
 * repairs and cost estimates. @p direct may be NULL when no such charge is given. Both invoices
 * must be made with the price list's context; errors are reported there. Shipments are priced
 * at the amounts in force on the last day of the month before. Rounding: doc/charges.md.
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault (also direct charges without a
 *         @p direct invoice, or the same invoice twice); SSVC_EVERSION; SSVC_ENOTFOUND (unknown
 *         tier); SSVC_ERANGE (amount overflow); SSVC_ELIMIT (a ninth VAT rate on an invoice);
 *         SSVC_ENOMEM. On failure neither invoice is changed.
 */
SSVC_API int ssvc_charges_month(const ssvc_pricelist *pricelist, ssvc_invoice *service,
                                ssvc_invoice *direct, const ssvc_month_input *in);
/** @} */

SSVC_END_DECLS

/* The stored run builds on the above; included here so that charges.h keeps giving it. */
#include "invoice_run.h"

#endif /* SMARTSERVICE_CHARGES_H */
