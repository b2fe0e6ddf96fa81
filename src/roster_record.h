/* Private: the roster's stored entries and the helpers roster.c shares with roster_csv.c, the
 * damage check (store_check.c), erasure and the case (doc/roster.md, doc/records.md). */
#ifndef SSVC_ROSTER_RECORD_H
#define SSVC_ROSTER_RECORD_H

#include "civil_date.h"
#include "keyspace.h"
#include "record.h"
#include "smartservice/agreement.h"
#include "smartservice/roster.h"
#include "text.h"

#define SSVC__ROSTER_FORMAT 1
/* A normalized contact phone: '+' and at most 15 digits. */
#define SSVC__ROSTER_PHONE_NORM_MAX 16
/* The longest roster key: 'R' kind customer 0 email 0 imei. */
#define SSVC__ROSTER_KEY_MAX (2 + SSVC_AGREEMENT_ID_MAX + 1 + SSVC_ROSTER_EMAIL_MAX + 1 + 15)

/* The key of kind @p kind ('E' entry, 'P' phone index, 'M' e-mail index) of @p customer, then
 * @p tail (NULL: the prefix of the customer's keys of that kind). */
size_t ssvc__roster_key(uint8_t *k, int kind, const char *customer, const char *tail);

/* The reasons a CSV value or an API argument is refused, NULL when it is fine. */
const char *ssvc__roster_imei_problem(const char *imei);
const char *ssvc__roster_email_problem(const char *email);
/* Normalizes a contact phone into @p out (SSVC__ROSTER_PHONE_NORM_MAX + 1 bytes). */
const char *ssvc__roster_phone_norm(const char *in, char *out);

/* A checked entry: phone normalized into @c phone, empty texts as NULL. */
struct ssvc__roster_norm {
  ssvc_roster_entry e;
  char phone[SSVC__ROSTER_PHONE_NORM_MAX + 1];
};

/* A stored entry decoded, its texts in @c area. */
struct ssvc__roster_decoded {
  ssvc_roster_entry e;
  char area[1024];
};
/* 0, or -1 for a malformed record. */
int ssvc__roster_decode(const void *val, size_t vlen, struct ssvc__roster_decoded *d);
/* Whether two entries hold the same values. */
int ssvc__roster_same(const ssvc_roster_entry *a, const ssvc_roster_entry *b);

/* Writes entry @p e (checked) in the open transaction: SSVC__ROSTER_ADD refuses an IMEI on the
 * roster, SSVC__ROSTER_UPDATE one that is not, SSVC__ROSTER_ANY takes both. *changed: whether
 * anything was written. A contact phone of another entry is SSVC_EEXISTS, its IMEI in @p clash
 * (16 bytes; may be NULL). */
enum { SSVC__ROSTER_ADD = 1, SSVC__ROSTER_UPDATE, SSVC__ROSTER_ANY };
int ssvc__roster_put(ssvc_store *st, const char *func, const char *customer,
                     const ssvc_roster_entry *e, int mode, const char *actor, int *changed,
                     char *clash);
/* Removes the entry of @p imei (SSVC_ENOTFOUND with a message when there is none). */
int ssvc__roster_remove(ssvc_store *st, const char *func, const char *customer, const char *imei);
/* Lists the customer's entries in IMEI order (@p fn may be NULL: counts only), the count into
 * @p count (may be NULL). */
int ssvc__roster_scan(ssvc_store *st, const char *func, const char *customer, ssvc_roster_fn fn,
                      void *ud, uint32_t *count);
/* Reads the entry of @p imei: SSVC_ENOTFOUND without a message when there is none. */
int ssvc__roster_get(ssvc_store *st, const char *func, const char *customer, const char *imei,
                     struct ssvc__roster_decoded *d);
/* Looks @p who (IMEI, e-mail, phone) up: SSVC_ENOTFOUND with a message when not on the roster. */
int ssvc__roster_lookup(ssvc_store *st, const char *func, const char *customer, const char *who,
                        struct ssvc__roster_decoded *d);
/* SSVC_OK when @p customer has an agreement (its error otherwise). */
int ssvc__roster_agreement(ssvc_store *st, const char *func, const char *customer);
/* Called once after a change of the customer's roster, in its transaction. */
int ssvc__roster_changed(ssvc_store *st, const char *func, const char *customer,
                         const char *actor);
/* The damage check of one roster key (store_check.c): NULL when it reads back and agrees with
 * its indexes, else what is wrong. */
const char *ssvc__roster_check(ssvc_store *st, const uint8_t *key, size_t klen, const void *val,
                               size_t vlen);
/* Registration (case.c): looks the caller of @p spec up on the roster (IMEI, phone, e-mail),
 * fills what @p spec leaves out from the entry (its strings point into @p who), and applies
 * @p policy: *coverage SSVC_ROSTER_COVERED or SSVC_ROSTER_NOT_COVERED (flag), or
 * SSVC_ENOTENTITLED naming the caller (refuse). */
int ssvc__roster_caller(ssvc_store *st, const char *func, ssvc_case_spec *spec, int policy,
                        struct ssvc__roster_decoded *who, int *coverage);
/* Erasure (erase.c): removes every entry of @p customer whose IMEI, name (exact), contact phone
 * (normalized) or e-mail (ASCII case ignored) is one of those given (NULL or "": not given), and
 * moves the fleet as any roster change does; adds the number removed to *removed. */
int ssvc__roster_erase(ssvc_store *st, const char *func, const char *customer, const char *phone,
                       const char *email, const char *name, const char *imei, const char *actor,
                       size_t *removed);
/* Checks an API entry into @p n (messages "FUNC: entry->imei: ..."). */
int ssvc__roster_check_entry(ssvc_ctx *ctx, const char *func, const ssvc_roster_entry *e,
                             struct ssvc__roster_norm *n);
/* The most <roster-entry> elements one <agreement> may hold. */
#define SSVC__ROSTER_XML_MAX 100000
/* The XML import (xml_agreements.c): makes the roster of @p customer the @p n checked entries of
 * @p v (distinct IMEIs and phones), in the open transaction; the fleet follows. */
int ssvc__roster_set_all(ssvc_store *st, const char *func, const char *customer,
                         const struct ssvc__roster_norm *v, size_t n, const char *actor);
/* The actor argument of a read (no actor checked). */
extern const char ssvc__roster_no_actor[];

#endif
