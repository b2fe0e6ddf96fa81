/* workshop_internal: the repair-order record (workshop.c) as the damage check, the erasure, the
 * report and the XML interchange use it. */
#ifndef SSVC_WORKSHOP_INTERNAL_H
#define SSVC_WORKSHOP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "smartservice/workshop.h"

struct op;

/* 'V' customer 0 case-id: at most this many bytes. */
#define SSVC__REPAIR_KEY_MAX (1 + SSVC_AGREEMENT_ID_MAX + 1 + SSVC_CASE_ID_SIZE)

/* The key of case @p case_id's order (NULL: the prefix of all of @p customer's). */
size_t ssvc__repair_key(uint8_t *k, const char *customer, const char *case_id);
/* Decodes a stored order; -1 when it is malformed. */
int ssvc__repair_decode(const void *v, size_t vlen, ssvc_repair_order *o);
/* Reads case @p case_id's order: SSVC_ENOTFOUND (no message) when there is none; SSVC_ESTORAGE
 * when it cannot be read; storage errors. */
int ssvc__repair_get(struct ssvc_store *st, const char *func, const char *customer,
                     const char *case_id, ssvc_repair_order *out, uint64_t *ver);
/* 0 when a stored order reads (store_check.c). */
int ssvc__repair_valid(const void *v, size_t vlen);
/* Writes @p o over version @p expected (SSVC_STORAGE_NEW: a new order), logging an event from
 * state @p from with the text @p what; the XML import writes the orders it reads with it. */
int ssvc__repair_write(struct op *p, const ssvc_repair_order *o, uint64_t expected, int from,
                       const char *what);
/* Erasure: the order of case @p case_id, when it has one, loses the IMEI and the note; *count + 1
 * when it was rewritten. */
int ssvc__repair_erase(struct ssvc_store *st, const char *func, const char *actor, int64_t now,
                       const char *customer, const char *case_id, size_t *count);

#endif
