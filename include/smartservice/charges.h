/**
 * @file smartservice/charges.h
 * @brief Charges, price lists, the monthly fee and invoices with Peppol/UBL export (rule R8).
 *
 * The charge kinds and their default amounts are in money.h, below every module that charges.
 * Here, as computations over plain structs: a price list answers "what does a
 * user of tier T cost on date D (under agreement A)", ssvc_charges_month() turns one customer's
 * month (user counts, shipments of the month before, other recorded charges) into invoice lines,
 * and an invoice renders itself as UBL 2.1 (Peppol BIS Billing 3.0) or as text for people.
 * Rounding, proration and the UBL mapping are described in doc/charges.md.
 *
 * Threads: a price list or an invoice belongs to the context it was made with and, like it, is
 * used by one thread at a time.
 */
#ifndef SMARTSERVICE_CHARGES_H
#define SMARTSERVICE_CHARGES_H

#include "money.h"
#include "storage.h"
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

/** @name Invoices
 * @{ */

/** Current version of struct ssvc_party. */
#define SSVC_PARTY_VERSION 1

/** A seller or buyer. Every string is copied by ssvc_invoice_new(). */
typedef struct ssvc_party {
  unsigned int version;    /**< SSVC_PARTY_VERSION. */
  const char *name;        /**< Registered name, required (BT-27 / BT-44). */
  const char *org_number;  /**< Swedish organisation number "NNNNNN-NNNN", required: the
                                legal registration (BT-30 / BT-47) and the Peppol endpoint
                                (scheme 0007, BT-34 / BT-49). */
  const char *vat_number;  /**< VAT registration with its country prefix, e.g.
                                "SE556677889901" (BT-31 / BT-48); required for the seller,
                                NULL when the buyer has none. */
  const char *street;      /**< Street address; NULL when none. */
  const char *postal_code; /**< Postal code; NULL when none. */
  const char *city;        /**< City; NULL when none. */
  const char *country;     /**< ISO 3166-1 alpha-2 code; NULL for "SE". */
} ssvc_party;

/** Static initializer: version set, everything else NULL. */
#define SSVC_PARTY_INIT {SSVC_PARTY_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

/** Zeroes @p party and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_party_init(ssvc_party *party, unsigned int version);

/** Current version of struct ssvc_invoice_info. */
#define SSVC_INVOICE_INFO_VERSION 1

/** The head of an invoice. Strings and parties are copied by ssvc_invoice_new(). */
typedef struct ssvc_invoice_info {
  unsigned int version;         /**< SSVC_INVOICE_INFO_VERSION. */
  const char *number;           /**< Invoice number, 1-64 bytes, required (BT-1). */
  ssvc_date issue_date;         /**< Issue date (BT-2). */
  ssvc_date due_date;           /**< Payment due date (BT-9), not before the issue date. */
  ssvc_date period_start;       /**< First day of the invoiced period (BT-73). */
  ssvc_date period_end;         /**< Last day of the invoiced period (BT-74), not before start. */
  const char *buyer_reference;  /**< The buyer's reference (BT-10); NULL uses the number. */
  const char *currency;         /**< ISO 4217; NULL for "SEK". */
  const ssvc_party *seller;     /**< Required. */
  const ssvc_party *buyer;      /**< Required. */
  int direct;                   /**< 1 for a direct-billed invoice (repairs, cost estimates). */
} ssvc_invoice_info;

/** Static initializer: version set, everything else zero. */
#define SSVC_INVOICE_INFO_INIT \
  {SSVC_INVOICE_INFO_VERSION, NULL, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, NULL, NULL, NULL, NULL, 0}

/** Zeroes @p info and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_invoice_info_init(ssvc_invoice_info *info, unsigned int version);

/** Current version of struct ssvc_invoice_line. */
#define SSVC_INVOICE_LINE_VERSION 1

/**
 * One invoice line. The line's net amount is quantity x unit price / base quantity, rounded
 * half up to whole öre, once per line; its VAT is net x rate, rounded half up to whole öre. A
 * credit has a negative quantity (the price stays >= 0, as Peppol requires) and rounds half away
 * from zero, exactly mirroring the charge it cancels.
 */
typedef struct ssvc_invoice_line {
  unsigned int version;       /**< SSVC_INVOICE_LINE_VERSION. */
  int kind;                   /**< An ssvc_charge_kind. */
  const char *text_sv;        /**< Swedish description, 1-200 bytes of UTF-8, required. */
  const char *text_en;        /**< English description; NULL to use the Swedish one. */
  int64_t quantity;           /**< Invoiced quantity (BT-129), -10^12..10^12; < 0 for a credit. */
  int64_t base_quantity;      /**< Quantity the unit price is for (BT-149), 1..10^6; 0 = 1. */
  const char *unit_code;      /**< UN/ECE rec. 20 unit (BT-130); NULL for "C62" (one). */
  int64_t unit_price_minor;   /**< Price per base quantity in öre (BT-146), 0..10^12. */
  uint32_t vat_basis_points;  /**< VAT rate in basis points (2500 = 25%), 0..10000. */
  int64_t net_minor;          /**< Output of ssvc_invoice_line_get(): the line net amount. */
  int64_t vat_minor;          /**< Output of ssvc_invoice_line_get(): the line's VAT. */
} ssvc_invoice_line;

/** Static initializer: version set, VAT 25%, everything else zero. */
#define SSVC_INVOICE_LINE_INIT \
  {SSVC_INVOICE_LINE_VERSION, 0, NULL, NULL, 0, 0, NULL, 0, SSVC_VAT_DEFAULT_BASIS_POINTS, 0, 0}

/** Zeroes @p line, sets its version and the default VAT (25%). SSVC_EINVAL for NULL;
 * SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_invoice_line_init(ssvc_invoice_line *line, unsigned int version);

/** Current version of struct ssvc_invoice_totals. */
#define SSVC_INVOICE_TOTALS_VERSION 1

/** The totals of an invoice (Peppol BG-22), filled by ssvc_invoice_get_totals(). */
typedef struct ssvc_invoice_totals {
  unsigned int version;        /**< SSVC_INVOICE_TOTALS_VERSION, set by the caller. */
  size_t lines;                /**< Number of lines. */
  size_t vat_categories;       /**< Number of distinct VAT rates (TaxSubtotal elements). */
  int64_t line_extension;      /**< Sum of line nets (BT-106). */
  int64_t tax_exclusive;       /**< Total without VAT (BT-109), equal to line_extension. */
  int64_t tax;                 /**< Total VAT (BT-110): sum of the VAT per rate. */
  int64_t tax_inclusive;       /**< tax_exclusive + tax (BT-112). */
  int64_t payable;             /**< Amount due (BT-115), equal to tax_inclusive. */
  int64_t line_vat_sum;        /**< Sum of the per-line VAT amounts (informative; may differ
                                    from @c tax by rounding, see doc/charges.md). */
} ssvc_invoice_totals;

/** Static initializer: version set, everything else zero. */
#define SSVC_INVOICE_TOTALS_INIT {SSVC_INVOICE_TOTALS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0}

/** Zeroes @p totals and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_invoice_totals_init(ssvc_invoice_totals *totals, unsigned int version);

/** An invoice: a head and its lines. */
typedef struct ssvc_invoice ssvc_invoice;

/**
 * Creates an invoice without lines.
 * @param[out] out  the invoice, owned by the caller (ssvc_invoice_free()); NULL on failure.
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault (missing number or party, invalid
 *         date, due before issue, period end before start, bad currency or country, text that
 *         is not UTF-8 or too long); SSVC_EVERSION; SSVC_ENOMEM.
 */
SSVC_API int ssvc_invoice_new(ssvc_ctx *ctx, ssvc_invoice **out, const ssvc_invoice_info *info);

/** Releases an invoice. NULL is accepted. */
SSVC_API void ssvc_invoice_free(ssvc_invoice *invoice);

/**
 * Appends a line (its strings are copied; net_minor and vat_minor are ignored).
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault; SSVC_EVERSION; SSVC_ERANGE when the
 *         amounts would overflow (|quantity| x price, or the sum of |line net| of the invoice,
 *         above INT64_MAX / 4);
 *         SSVC_ELIMIT for a ninth distinct VAT rate; SSVC_ENOMEM. On failure the invoice is
 *         unchanged.
 */
SSVC_API int ssvc_invoice_add_line(ssvc_invoice *invoice, const ssvc_invoice_line *line);

/** Number of lines; 0 for NULL. */
SSVC_API size_t ssvc_invoice_line_count(const ssvc_invoice *invoice);

/**
 * Copies line @p index into @p out (strings borrowed from the invoice, valid until it is
 * freed), with net_minor and vat_minor computed. @p out->version must be set by the caller.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument); SSVC_EVERSION; SSVC_ENOTFOUND (index too big).
 */
SSVC_API int ssvc_invoice_line_get(const ssvc_invoice *invoice, size_t index,
                                   ssvc_invoice_line *out);

/**
 * Fills @p out with the totals (@p out->version set by the caller).
 * @return SSVC_OK; SSVC_EINVAL (NULL argument); SSVC_EVERSION.
 */
SSVC_API int ssvc_invoice_get_totals(const ssvc_invoice *invoice, ssvc_invoice_totals *out);

/** The invoice number. Borrowed. NULL for NULL. */
SSVC_API const char *ssvc_invoice_number(const ssvc_invoice *invoice);

/** 1 for a direct-billed invoice, 0 otherwise and for NULL. */
SSVC_API int ssvc_invoice_is_direct(const ssvc_invoice *invoice);

/**
 * Renders the invoice as UBL 2.1 Invoice XML following Peppol BIS Billing 3.0 (UTF-8). Writes at
 * most @p size bytes including the terminating NUL (@p buf may be NULL when @p size is 0) and
 * stores the length the whole document needs in @p len, so @p len >= @p size means it was cut:
 * call again with a buffer of @p len + 1 bytes.
 * @return SSVC_OK; SSVC_EINVAL (NULL invoice or @p len); SSVC_ESTATE (no lines: Peppol needs at
 *         least one); SSVC_ENOMEM (libxml2 or the allocator failed).
 */
SSVC_API int ssvc_invoice_ubl(const ssvc_invoice *invoice, char *buf, size_t size, size_t *len);

/**
 * Writes the UBL document of ssvc_invoice_ubl() to the file @p path (replaced when it exists).
 * @return SSVC_OK; SSVC_EINVAL (NULL argument); SSVC_ESTATE (no lines); SSVC_EIO (the file
 *         cannot be written; message names it); SSVC_ENOMEM.
 */
SSVC_API int ssvc_invoice_ubl_file(const ssvc_invoice *invoice, const char *path);

/**
 * Renders the invoice as plain text for people in @p lang: head, parties, aligned columns of
 * lines (description, quantity, unit price, net, VAT rate) and the totals. Writes like
 * snprintf: at most @p size bytes including the NUL; returns the length the whole text needs.
 * Returns 0 for a NULL invoice or an unknown language.
 */
SSVC_API size_t ssvc_invoice_text(const ssvc_invoice *invoice, int lang, char *buf, size_t size);
/** @} */

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

/** Current version of struct ssvc_month_input. */
#define SSVC_MONTH_INPUT_VERSION 1

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
  uint32_t vat_basis_points;     /**< VAT rate of the agreement; the INIT sets 2500 (25%). */
} ssvc_month_input;

/** Static initializer: version set, VAT 25%, everything else zero. */
#define SSVC_MONTH_INPUT_INIT \
  {SSVC_MONTH_INPUT_VERSION, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0, SSVC_VAT_DEFAULT_BASIS_POINTS}

/** Zeroes @p in, sets its version and the default VAT (25%). SSVC_EINVAL for NULL;
 * SSVC_EVERSION for a bad version. */
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
 * days with the same user count and price: quantity users for a whole month, else user-days
 * with base quantity the days of the month), freight and packaging lines for the shipments of
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


/** @name The stored monthly invoice run
 * The run reads a customer's agreement and the charges recorded on its cases, and stores the
 * month's invoices with their numbers and the charges they carry, exactly once (doc/charges.md).
 * @{ */

/** Current version of struct ssvc_invoice_run_spec. */
#define SSVC_INVOICE_RUN_SPEC_VERSION 1

/** What to run: one customer and one month. Strings and parties are borrowed for the call. */
typedef struct ssvc_invoice_run_spec {
  unsigned int version;             /**< SSVC_INVOICE_RUN_SPEC_VERSION. */
  const char *customer_id;          /**< The customer, whose agreement must exist. Required. */
  int year;                         /**< The invoiced month's year, 1901..2199. */
  int month;                        /**< The invoiced month, 1..12. */
  const ssvc_pricelist *pricelist;  /**< Prices; must belong to the store's context. Required. */
  const ssvc_party *seller;         /**< The Support Center. Required. */
  const ssvc_party *buyer;          /**< NULL: the agreement's customer name, with the customer
                                         id as organisation number. */
  int due_days;                     /**< Days from issue to due date, 1..365; 0 for 30. */
} ssvc_invoice_run_spec;

/** Static initializer: version set, everything else zero/NULL. */
#define SSVC_INVOICE_RUN_SPEC_INIT {SSVC_INVOICE_RUN_SPEC_VERSION, NULL, 0, 0, NULL, NULL, NULL, 0}

/** Zeroes @p spec and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_invoice_run_spec_init(ssvc_invoice_run_spec *spec, unsigned int version);

/**
 * Runs (or re-reads) the invoices of one customer's month. The first run for (customer, month)
 * builds the service invoice (the month's fee for the agreement's fleet day by day, from its
 * fleet history, at the agreement's tier and price, and every charge recorded on the customer's cases before the month began that no
 * invoice carries yet: freight and packaging in arrears, rentals, unreturned phones, ...) and
 * the direct invoice (repairs and cost estimates), gives each a number "INV-YYYY-NNNNNN"
 * (sequential per year of issue), marks their charges invoiced and stores it all in one
 * transaction. Every later run for the same month returns the stored invoices unchanged; a
 * charge recorded after that goes on the next month's invoice. The issue date is the
 * Stockholm date of the context's clock.
 * @param[out] service  the service invoice, owned by the caller (ssvc_invoice_free()); NULL when
 *                      the month has nothing to invoice. May be NULL when not wanted.
 * @param[out] direct   the direct-billed invoice; NULL when there is none. May be NULL.
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault (bad month, missing seller, ...);
 *         SSVC_EVERSION; SSVC_ENOTFOUND (no agreement for the customer, or its tier is not in
 *         the price list's catalogue); SSVC_ESTATE (a charge in another currency than SEK,
 *         naming the case); SSVC_ERANGE; SSVC_ECONFLICT / SSVC_EBUSY (a concurrent writer won;
 *         retried up to 8 times first); SSVC_ESTORAGE; SSVC_ENOMEM. On failure nothing is
 *         stored, no number is used and no charge is marked.
 */
SSVC_API int ssvc_invoice_run(ssvc_store *store, ssvc_invoice **service, ssvc_invoice **direct,
                              const ssvc_invoice_run_spec *spec);

/**
 * Loads a stored invoice by its number.
 * @param[out] out  the invoice, owned by the caller; NULL on failure.
 * @return SSVC_OK; SSVC_EINVAL; SSVC_ENOTFOUND (no such invoice, message names it);
 *         SSVC_ESTORAGE (a malformed record); storage errors; SSVC_ENOMEM.
 */
SSVC_API int ssvc_invoice_load(ssvc_store *store, ssvc_invoice **out, const char *number);

/** Called for every invoice of a listing with its number (borrowed for the call) and its
 * month; return 0 to go on, nonzero to stop. The callback must not change the store. */
typedef int (*ssvc_invoice_list_fn)(void *user_data, const char *number, int year, int month,
                                    int direct);

/**
 * Lists the stored invoices of @p customer_id by month, the service invoice before the direct
 * one.
 * @return SSVC_OK (also when there are none); SSVC_EINVAL; SSVC_ESTORAGE (a malformed record); storage errors.
 */
SSVC_API int ssvc_invoice_list(ssvc_store *store, const char *customer_id,
                               ssvc_invoice_list_fn fn, void *user_data);
/** @} */

/** @name Charges on a customer's account
 * Charges that belong to no case: SWAP phones bought for the customer's stock (rule R6), backup
 * phones (reservtelefoner) sent to the customer, a credit, ... They are recorded once and carried
 * by the invoice run exactly once, like the charges recorded on cases (doc/charges.md "Charges
 * on the account").
 * @{ */

/**
 * Records @p charge on the account of @p customer_id, who must have an agreement, at the
 * instant of the context's clock. The first invoice run of a month that begins after that
 * instant takes it: repairs and cost estimates on the direct invoice, everything else on the
 * service invoice, as a line of its own (quantity x unit price; a negative quantity is a credit).
 * @p charge is validated as by ssvc_charges_month() (kind not the monthly fee, quantity
 * 1..10^6 or -10^6..-1, unit price 0..10^12, a valid date, texts of 1-200 bytes of UTF-8 or NULL
 * for the kind's name) and copied.
 * @param[out] index  the charge's number on the account, 0, 1, ... (may be NULL).
 * @param actor       who records it, 1-256 bytes of UTF-8.
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault; SSVC_EVERSION; SSVC_ENOTFOUND (no
 *         agreement); SSVC_ERANGE (the account holds 2^32 - 1 charges); SSVC_ECONFLICT /
 *         SSVC_EBUSY (a concurrent writer won; retried up to 8 times first); SSVC_ESTORAGE;
 *         SSVC_ENOMEM. Nothing is stored on failure.
 */
SSVC_API int ssvc_charges_record(ssvc_store *store, uint32_t *index, const char *customer_id,
                                 const ssvc_charge *charge, const char *actor);

/** Called for every charge on an account, oldest first, with its number, the charge (its texts
 * NULL when it has none of its own; borrowed for the call), when and by whom it was recorded,
 * and 1 once an invoice carries it. Return 0 to go on, nonzero to stop. The callback must not
 * change the store. */
typedef int (*ssvc_charges_list_fn)(void *user_data, uint32_t index, const ssvc_charge *charge,
                                    int64_t recorded_at, const char *actor, int invoiced);

/**
 * Lists the charges on the account of @p customer_id (none when it has no charges or no
 * agreement).
 * @return SSVC_OK; SSVC_EINVAL; SSVC_ESTORAGE (a malformed record); storage errors.
 */
SSVC_API int ssvc_charges_list(ssvc_store *store, const char *customer_id,
                               ssvc_charges_list_fn fn, void *user_data);
/** @} */

SSVC_END_DECLS

#endif /* SMARTSERVICE_CHARGES_H */
