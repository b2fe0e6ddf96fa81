/* The right to erasure (erase.c, doc/erasure.md): the values of an erased user that are masked
 * in the texts that may name them (charge texts, SWAP histories, stored invoice lines), and the
 * parts of other modules the erasure calls (case.c erases one case). */
#ifndef SSVC_ERASE_H
#define SSVC_ERASE_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* Values shorter than this are not masked in texts: too likely to hit other words (and, in a
 * record scrubbed byte by byte, encoded numbers). */
#define SSVC__SCRUB_MIN 4

/* The erased users' values (name, phone, e-mail, IMEI, serial), copied. */
typedef struct ssvc__scrub {
  ssvc_ctx *ctx;
  char **v;
  size_t n, cap;
} ssvc__scrub;

/* Adds a copy of @p value (nothing for NULL, a value shorter than SSVC__SCRUB_MIN or one already
 * there). SSVC_ENOMEM. */
int ssvc__scrub_add(ssvc__scrub *s, const char *value);
void ssvc__scrub_free(ssvc__scrub *s);
/* Overwrites with '*' every occurrence in @p p (@p n bytes) of every value, except a value that is
 * part of one of the @p nexcept strings of @p except (the record's own identity: its customer id,
 * unit IMEI, model, number), which masking would break. The length stays, so an encoded record
 * stays well formed. Returns the number of occurrences masked. */
size_t ssvc__scrub_mask(const ssvc__scrub *s, uint8_t *p, size_t n, const char *const *except,
                        size_t nexcept);

struct ssvc_store;
/* Masks the values in the record under @p key, when it holds one, and writes it back over its
 * version (the same length); *changed 1 when it did. A missing key is not an error. */
int ssvc__scrub_key(struct ssvc_store *st, const char *func, const ssvc__scrub *s,
                    const uint8_t *key, size_t klen, const char *const *except, size_t nexcept,
                    int *changed);
/* ssvc__scrub_key on every record whose key starts with @p lo (@p n bytes, ending in a NUL), with
 * @p customer and, when @p tail is not 0, the last @p tail bytes of the key (a unit's IMEI)
 * excepted; *count grows by the records rewritten. */
int ssvc__scrub_range(struct ssvc_store *st, const char *func, const ssvc__scrub *s,
                      const uint8_t *lo, size_t n, const char *customer, size_t tail,
                      size_t *count);
/* The SWAP pool's part (swap_order.c): the order of case @p case_id, when it has one, loses the
 * user's IMEI (logged as "personal data erased") and the values in its history; *count + 1. */
int ssvc__swap_erase_order(struct ssvc_store *st, const char *func, const char *actor,
                           int64_t now, const char *case_id, const ssvc__scrub *s,
                           size_t *count);
/* The values masked in the histories of the SWAP units of @p customer (never in a unit's own
 * IMEI); *count grows by the units rewritten. */
int ssvc__swap_erase_units(struct ssvc_store *st, const char *func, const char *customer,
                           const ssvc__scrub *s, size_t *count);
/* The invoices' part (invoice_store.c): the values masked in the stored invoices of
 * @p customer; *count grows by the invoices rewritten. */
int ssvc__inv_erase(struct ssvc_store *st, const char *func, const char *customer,
                    const ssvc__scrub *s, size_t *count);

#endif
