/**
 * @file smartservice/center.h
 * @brief The Support Center's own identity, stored once in the store: the seller of every invoice
 * the stored run makes (legal name, organisation number, VAT number, address, Peppol endpoint,
 * the F-skatt statement, the payment account and a contact). See doc/charges.md "Parties".
 */
#ifndef SMARTSERVICE_CENTER_H
#define SMARTSERVICE_CENTER_H

#include "invoice.h"
#include "storage.h"

SSVC_BEGIN_DECLS

/** @name The Support Center
 * @{ */

/**
 * Stores @p center as the Support Center's identity, replacing the one stored before. The party
 * must be version 2 and is checked as ssvc_party_check() does; the seller's VAT number is
 * required, and a payment account: a bankgiro, or an IBAN (with its BIC), or both.
 * @param actor  who sets it, 1-256 bytes of UTF-8 (kept with the record).
 * @return SSVC_OK; SSVC_EINVAL naming the field and its value ("ssvc_center_set:
 *         center->org_number: '556000-0000' fails the check digit (Luhn)"); SSVC_EVERSION;
 *         SSVC_EBUSY, SSVC_ESTORAGE, SSVC_ENOMEM. Nothing is stored on failure.
 */
SSVC_API int ssvc_center_set(ssvc_store *store, const ssvc_party *center, const char *actor);

/** A loaded Support Center identity, owned by the caller. */
typedef struct ssvc_center ssvc_center;

/**
 * Loads the stored Support Center identity.
 * @param[out] out  the identity (ssvc_center_free()); NULL on failure.
 * @return SSVC_OK; SSVC_ENOTFOUND when none is stored (message says so); SSVC_EINVAL;
 *         SSVC_ESTORAGE (a malformed record); storage errors; SSVC_ENOMEM.
 */
SSVC_API int ssvc_center_load(ssvc_store *store, ssvc_center **out);

/**
 * Fills @p out (whose version the caller sets; version 1 gets only the version-1 fields) with
 * the identity. Strings are borrowed from @p center until ssvc_center_free().
 * @return SSVC_OK; SSVC_EINVAL for NULL; SSVC_EVERSION.
 */
SSVC_API int ssvc_center_party(const ssvc_center *center, ssvc_party *out);

/** Who set the identity, and when (Unix seconds); NULL / 0 for NULL. Borrowed. */
SSVC_API const char *ssvc_center_set_by(const ssvc_center *center);
/** The instant the identity was set; 0 for NULL. */
SSVC_API int64_t ssvc_center_set_at(const ssvc_center *center);

/** Releases a loaded identity. NULL is accepted. */
SSVC_API void ssvc_center_free(ssvc_center *center);
/** @} */

SSVC_END_DECLS

#endif /* SMARTSERVICE_CENTER_H */
