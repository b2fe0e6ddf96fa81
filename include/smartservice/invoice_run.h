/**
 * @file smartservice/invoice_run.h
 * @brief The stored monthly invoice run (rule R8): a customer's month billed from its agreement
 * and the charges recorded on its cases and account, stored exactly once with its number; the
 * stored invoices, and the charges on the customer's account. See doc/charges.md.
 */
#ifndef SMARTSERVICE_INVOICE_RUN_H
#define SMARTSERVICE_INVOICE_RUN_H

#include "charges.h"
#include "storage.h"

SSVC_BEGIN_DECLS


/** @name The stored monthly invoice run
 * The run reads a customer's agreement and the charges recorded on its cases, and stores the
 * month's invoices with their numbers and the charges they carry, exactly once (doc/charges.md).
 * @{ */

/** Current version of struct ssvc_invoice_run_spec: 2 added @c dry_run (a version-1 caller's
 * struct, without it, is still read: its runs are stored). */
#define SSVC_INVOICE_RUN_SPEC_VERSION 2

/** What to run: one customer and one month. Strings and parties are borrowed for the call. */
typedef struct ssvc_invoice_run_spec {
  unsigned int version;             /**< SSVC_INVOICE_RUN_SPEC_VERSION. */
  const char *customer_id;          /**< The customer, whose agreement must exist. Required. */
  int year;                         /**< The invoiced month's year, 1901..2199. */
  int month;                        /**< The invoiced month, 1..12. */
  /** Prices; must belong to the store's context. NULL: the prices kept in the store
   * (smartservice/prices.h), each day at the price valid that day. */
  const ssvc_pricelist *pricelist;
  const ssvc_party *seller;         /**< The Support Center; NULL for the stored identity
                                         (smartservice/center.h), which must then be set. */
  const ssvc_party *buyer;          /**< NULL for the agreement's buyer (agreement spec
                                         version 4), which must then be set with a buyer or
                                         order reference; given: the buyer reference is the
                                         customer id, as before. */
  int due_days;                     /**< Days from issue to due date, 1..365; 0 for the
                                         agreement's payment_days (0 there: 30). */
  /* Version 2. */
  int dry_run;                      /**< 1: build the invoices the run would store and return
                                         them, storing nothing and taking no number; each
                                         number is the one the run would take now, followed by
                                         " (provisional)". 0: the stored run. */
} ssvc_invoice_run_spec;

/** Static initializer: version set, everything else zero/NULL. */
#define SSVC_INVOICE_RUN_SPEC_INIT \
  {SSVC_INVOICE_RUN_SPEC_VERSION, NULL, 0, 0, NULL, NULL, NULL, 0, 0}

/** Zeroes @p spec and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_invoice_run_spec_init(ssvc_invoice_run_spec *spec, unsigned int version);

/**
 * Runs (or re-reads) the invoices of one customer's month. The first run for (customer, month)
 * builds the service invoice (the month's fee day by day from the agreement's fleet history and
 * its tier and price history: one line per segment of days with the same fleet, tier and price,
 * naming the tier, the users and the days, so a move from BAS to PROF on the 16th bills BAS for
 * the 1st-15th and PROF from the 16th (doc/charges.md); and every charge recorded on the
 * customer's cases before the month began that no invoice carries yet: freight and packaging in arrears, rentals, unreturned phones, ...) and
 * the direct invoice (repairs and cost estimates), gives each a number "INV-YYYY-NNNNNN"
 * (sequential per year of issue), marks their charges invoiced and stores it all in one
 * transaction. Every later run for the same month returns the stored invoices unchanged; a
 * charge recorded after that goes on the next month's invoice. The issue date is the
 * Stockholm date of the context's clock.
 *
 * A dry run (@c spec->dry_run, doc/charges.md "Dry run") reads exactly what the stored run reads
 * and returns what it would bill, with provisional numbers, but writes nothing: no invoice, no
 * number, no charge marked. For a month already run it returns the stored invoices, like a run.
 * @param[out] service  the service invoice, owned by the caller (ssvc_invoice_free()); NULL when
 *                      the month has nothing to invoice. May be NULL when not wanted.
 * @param[out] direct   the direct-billed invoice; NULL when there is none. May be NULL.
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault (bad month, ...);
 *         SSVC_EVERSION; SSVC_ENOTFOUND (no agreement for the customer, or its tier is not in
 *         the price list's catalogue); SSVC_ESTATE (a charge in another currency than SEK,
 *         naming the case; with spec->seller NULL, no Support Center identity stored; with
 *         spec->buyer NULL, an agreement without a buyer, or with neither a buyer reference nor
 *         an order reference: the message names what is missing); SSVC_ERANGE; SSVC_ECONFLICT / SSVC_EBUSY (a concurrent writer won;
 *         retried up to 8 times first); SSVC_ESTORAGE; SSVC_ENOMEM. On failure nothing is
 *         stored, no number is used and no charge is marked; SSVC_EINVAL for a dry_run other
 *         than 0 or 1.
 */
SSVC_API int ssvc_invoice_run(ssvc_store *store, ssvc_invoice **service, ssvc_invoice **direct,
                              const ssvc_invoice_run_spec *spec);

/**
 * Loads a stored invoice (or credit note, ssvc_invoice_is_credit_note()) by its number.
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

/** @name Credit notes
 * A stored invoice, or some of its lines, credited by a UBL 2.1 CreditNote (Peppol BIS 3.0, type
 * code 381) that refers to it (BillingReference), with its own number series, each line at most
 * once (doc/charges.md "Credit notes").
 * @{ */

/** Current version of struct ssvc_credit_spec. */
#define SSVC_CREDIT_SPEC_VERSION 1

/** What to credit. Strings and the line array are borrowed for the call. */
typedef struct ssvc_credit_spec {
  unsigned int version;        /**< SSVC_CREDIT_SPEC_VERSION. */
  const char *invoice_number;  /**< The stored invoice to credit ("INV-..."). Required. */
  const size_t *lines;         /**< Its lines to credit, numbered from 1 as in the UBL
                                    (cbc:ID of the InvoiceLine), each once; NULL with
                                    @c line_count 0: every line. */
  size_t line_count;           /**< Entries of @c lines, 0..10000. */
  const char *reason;          /**< Why (BT-22, on the text too), 1-200 bytes of UTF-8; NULL
                                    for none. */
} ssvc_credit_spec;

/** Static initializer: version set, everything else zero/NULL. */
#define SSVC_CREDIT_SPEC_INIT {SSVC_CREDIT_SPEC_VERSION, NULL, NULL, 0, NULL}

/** Zeroes @p spec and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_credit_spec_init(ssvc_credit_spec *spec, unsigned int version);

/**
 * Issues a credit note for the lines @p spec names of a stored invoice (every line when it names
 * none) and stores it, in one transaction: the credit note under its number "CRN-YYYY-NNNNNN"
 * (sequential per year of issue, its own series), the invoice's credited lines, the customer's
 * listing. Each credit-note line is the invoice line as it was (quantity, price, VAT, texts),
 * so the credit note's totals are those of the credited lines. The head: issued on the
 * Stockholm date of the context's clock, the invoice's parties, period and buyer reference, and
 * a BillingReference to the invoice's number and issue date. Load it with ssvc_invoice_load()
 * and list a customer's with ssvc_credit_note_list().
 * @param[out] out  the credit note, owned by the caller (ssvc_invoice_free()); NULL on failure.
 *                  May be NULL when not wanted.
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault (a line number 0 or past the invoice's
 *         last line, a line named twice, a bad reason); SSVC_EVERSION; SSVC_ENOTFOUND (no such
 *         invoice); SSVC_ESTATE (the number is a credit note, or a line is already credited:
 *         the message names the line and the credit note that credited it); SSVC_ERANGE (the
 *         year's numbers are used up); SSVC_ECONFLICT / SSVC_EBUSY (a concurrent writer won;
 *         retried up to 8 times first); SSVC_ESTORAGE; SSVC_ENOMEM. On failure nothing is
 *         stored and no number is used.
 */
SSVC_API int ssvc_credit_note_issue(ssvc_store *store, ssvc_invoice **out,
                                    const ssvc_credit_spec *spec);

/** Called for every credit note of a listing with its number and the number of the invoice it
 * credits (both borrowed for the call); return 0 to go on, nonzero to stop. The callback must not
 * change the store. */
typedef int (*ssvc_credit_note_list_fn)(void *user_data, const char *number,
                                        const char *invoice_number);

/**
 * Lists the credit notes of @p customer_id, in number order.
 * @return SSVC_OK (also when there are none); SSVC_EINVAL; SSVC_ESTORAGE (a malformed entry);
 *         storage errors.
 */
SSVC_API int ssvc_credit_note_list(ssvc_store *store, const char *customer_id,
                                   ssvc_credit_note_list_fn fn, void *user_data);
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

#endif /* SMARTSERVICE_INVOICE_RUN_H */
