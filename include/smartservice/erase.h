/**
 * @file smartservice/erase.h
 * @brief The right to erasure (GDPR article 17): one call erases a user everywhere the library
 *        keeps data about them, and the agreement's retention period erases old closed cases.
 *
 * What is erased and what stays, and why, is in doc/erasure.md. In short: the user's name,
 * phone, e-mail, IMEI and serial, the symptom, the diagnosis transcript and the notes of every
 * matching case go; an "erased" event is logged on each case; the user's IMEI leaves the case's
 * SWAP order; wherever a text of the case, its order, the customer's SWAP units or the customer's
 * stored invoices names one of the user's values, that value is overwritten with '*'; the user's
 * entries leave the customer's roster (smartservice/roster.h). State,
 * outcome, model, dates, tier, shipments and amounts stay, so statistics and invoices do not
 * change. Everything is one transaction; on SQLite the deleted bytes are then gone from the file
 * and its WAL (secure delete and a checkpoint: ssvc_store_scrub()).
 */
#ifndef SMARTSERVICE_ERASE_H
#define SMARTSERVICE_ERASE_H

#include "context.h"
#include "storage.h"

SSVC_BEGIN_DECLS

/** Current version of struct ssvc_erase_key. */
#define SSVC_ERASE_KEY_VERSION 1

/**
 * How the user to erase is found among the cases of one customer: a case matches when any of the
 * values given equals its field exactly (bytes, no case folding). NULL or "" leaves a value out;
 * at least one must be given.
 */
typedef struct ssvc_erase_key {
  unsigned int version; /**< SSVC_ERASE_KEY_VERSION. */
  const char *phone;    /**< The user's phone number as registered. */
  const char *email;    /**< The user's e-mail address as registered. */
  const char *name;     /**< The user's name as registered. */
  const char *imei;     /**< The IMEI of the user's phone (15 digits, valid check digit). */
} ssvc_erase_key;

/** Static initializer: version set, no value given. */
#define SSVC_ERASE_KEY_INIT {SSVC_ERASE_KEY_VERSION, NULL, NULL, NULL, NULL}

/** Zeroes @p key and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_erase_key_init(ssvc_erase_key *key, unsigned int version);

/** Current version of struct ssvc_erase_result. */
#define SSVC_ERASE_RESULT_VERSION 1

/** What an erasure changed, filled on success (the caller sets the version). */
typedef struct ssvc_erase_result {
  unsigned int version; /**< Set by the caller to SSVC_ERASE_RESULT_VERSION. */
  size_t cases;         /**< Cases whose personal data was erased. */
  size_t orders;        /**< SWAP orders of those cases rewritten without the user's phone. */
  size_t units;         /**< SWAP units whose history named the user (the values masked). */
  size_t invoices;      /**< Stored invoices and credit notes whose line texts named the user
                             (masked). */
} ssvc_erase_result;

/** Static initializer: version set, every count zero. */
#define SSVC_ERASE_RESULT_INIT {SSVC_ERASE_RESULT_VERSION, 0, 0, 0, 0}

/**
 * Erases the user @p key finds among the cases of customer @p customer_id, everywhere: see the
 * file comment and doc/erasure.md. Already erased cases match nothing. One transaction, logged as
 * done by @p actor; then, when this call was the whole transaction, ssvc_store_scrub() (its
 * failure is logged as a warning, not returned: the erasure is committed).
 * @param[out] result  the counts (may be NULL; otherwise its version must be set).
 * @return SSVC_OK (0 cases is not an error); SSVC_EINVAL for a NULL @p key, no value in it
 *         ("ssvc_erase_user: key: give a phone, e-mail, name or IMEI"), a bad value or IMEI,
 *         a bad @p customer_id or @p actor; SSVC_EVERSION; SSVC_ENOTFOUND when the customer has
 *         neither an agreement nor a case ("ssvc_erase_user: customer_id: no agreement or case
 *         for 'BYG'"); SSVC_ENOMEM; SSVC_ECONFLICT; storage errors. Nothing changes on failure.
 */
SSVC_API int ssvc_erase_user(ssvc_store *store, ssvc_erase_result *result,
                             const char *customer_id, const ssvc_erase_key *key,
                             const char *actor);

/**
 * Retention: erases, as ssvc_erase_user() does, every case that is closed or cancelled, not yet
 * erased, and last changed more than the agreement's @c retention_months before @p at (same day
 * of the month, or its last day; UTC), for customer @p customer_id or, when NULL, for every
 * customer with an agreement ("" is the same as NULL). An agreement with retention_months 0
 * keeps its cases forever. The erasure events are stamped with @p at. One transaction for all
 * customers; then ssvc_store_scrub() as in ssvc_erase_user().
 * @param[out] result  the counts summed over the customers (may be NULL).
 * @return SSVC_OK; SSVC_EINVAL; SSVC_EVERSION; SSVC_ENOTFOUND when @p customer_id has no
 *         agreement ("ssvc_erase_expired: customer_id: no agreement for 'BYG'"); SSVC_ENOMEM;
 *         SSVC_ECONFLICT; storage errors. Nothing changes on failure.
 */
SSVC_API int ssvc_erase_expired(ssvc_store *store, ssvc_erase_result *result,
                                const char *customer_id, int64_t at, const char *actor);

SSVC_END_DECLS

#endif /* SMARTSERVICE_ERASE_H */
