/*
 * Private: the index of the cases whose charges no invoice carries yet (doc/storage.md "The
 * uninvoiced-charges index", doc/charges.md "The invoice run"), so that the invoice run reads
 * the cases it bills and not the customer's whole case history.
 *
 *   'B' 'P' customer 0x00                                  -> empty: the built marker
 *   'B' 'P' customer 0x00 registered(8) year(u16) seq(u32) -> empty: the case has charges past
 *                                                             its invoiced watermark
 *
 * The tail after the customer is the one of the case-customer index ('U'), so the entries come
 * in the order ssvc_case_list_customer() gives, registration first. Every write of a case that
 * adds a charge adds the entry in the same transaction (ssvc__charge_index_add()); the invoice
 * run takes it away when it has invoiced every charge of the case. The marker says that the
 * customer's entries are complete: a store written before this index has none, and the first
 * run of each customer reads the customer's cases as before, writes the entries the index
 * lacks and then the marker (invoice_run.c).
 */
#ifndef SSVC_CHARGE_INDEX_H
#define SSVC_CHARGE_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

/* 'B' 'P', a customer id of at most 64 bytes, its NUL and the 14-byte tail. */
#define SSVC__CHARGE_INDEX_KEY_MAX (2 + 64 + 1 + 14)
/* The bytes of an entry's key after the marker's. */
#define SSVC__CHARGE_INDEX_TAIL 14

/* The marker's key, which is also the prefix of every entry of @p customer. */
size_t ssvc__charge_index_marker(uint8_t *k, const char *customer);
/* The key of case (@p year, @p seq) of @p customer registered at @p registered. */
size_t ssvc__charge_index_key(uint8_t *k, const char *customer, int64_t registered, uint32_t year,
                              uint32_t seq);
/* Reads the tail of an entry's key (@p tail: SSVC__CHARGE_INDEX_TAIL bytes). */
void ssvc__charge_index_tail(const uint8_t *tail, int64_t *registered, uint32_t *year,
                             uint32_t *seq);

/* Adds the entry of a case that got a charge (nothing when it is there already). Failures as
 * ssvc__store_put(). */
int ssvc__charge_index_add(ssvc_store *st, const char *func, const char *customer,
                           int64_t registered, uint32_t year, uint32_t seq);

#endif
