/*
 * Private to the charges module (charges.c, invoice.c, invoice_ubl.c): the invoice's layout, the
 * line helpers that let ssvc_charges_month() append to two invoices all-or-nothing, and small
 * civil-date helpers beside the calendar module's public ones (days of a month, comparison).
 */
#ifndef SSVC_CHARGES_INTERNAL_H
#define SSVC_CHARGES_INTERNAL_H

#include <stdint.h>

#include "internal.h"
#include "smartservice/calendar.h"
#include "civil_date.h"
#include "text.h"
#include "smartservice/charges.h"
#include "smartservice/storage.h"

/* The words of invoice line texts besides the charge kinds' and tiers' names (money.c, one table
 * for both languages): ssvc__word(SSVC__WORD_..., lang). */
enum {
  SSVC__WORD_USERS,
  SSVC__WORD_CASE,
  SSVC__WORD_SHIPMENTS,
  SSVC__WORD_PER_SHIPMENT,
  SSVC__WORD_UP_TO,
  SSVC__WORD_COUNT
};
const char *ssvc__word(int word, int lang);
/* The word the text invoice shows for UN/ECE unit @p code ("st"/"pcs" for C62, "dag"/"day" for
 * DAY, "mån"/"month" for MON); the code itself for any other. The UBL keeps the code. */
const char *ssvc__unit_name(const char *code, int lang);

/* Distinct VAT rates one invoice may carry (one TaxSubtotal each). */
#define SSVC_INVOICE_MAX_RATES 8
/* Bounds of line fields (doc/charges.md). */
#define SSVC_LINE_TEXT_MAX 200
#define SSVC_QUANTITY_MAX INT64_C(1000000000000)    /* 10^12 */
#define SSVC_BASE_QUANTITY_MAX INT64_C(1000000)
#define SSVC_SUM_MAX (INT64_MAX / 4)
/* Longest invoice number a credit note refers to (the invoice number's bound). */
#define SSVC_CREDITED_MAX 64

struct inv_line {
  int kind;
  char *text_sv; /* one allocation holding both texts */
  const char *text_en;
  char unit[8];
  int64_t qty, base, price, net, vat;
  uint32_t bp;
};

struct inv_party {
  const char *name, *org, *vat, *street, *postal, *city; /* into the invoice's string block */
  char country[3];
  /* Version 2 (NULL / 0 for a version-1 party). endpoint is never NULL: the given one or
   * "0007:" and the organisation number's digits. */
  unsigned int version;
  const char *endpoint, *legal_form, *bankgiro, *iban, *bic, *contact, *phone, *email;
  int f_skatt;
};

/* The party as ssvc_invoice_new() was given it (strings borrowed; the endpoint as given or
 * derived). */
void ssvc__inv_party_get(const struct inv_party *d, ssvc_party *out);

struct inv_rate {
  uint32_t bp;
  int64_t taxable;
  int64_t line_vat;
};

struct ssvc_invoice {
  ssvc_ctx *ctx;
  const char *number, *buyer_ref; /* into the string block after the struct */
  const char *order_ref;          /* BT-13; NULL when none */
  char currency[4];
  ssvc_date issue, due, pstart, pend;
  struct inv_party seller, buyer;
  int direct;
  struct inv_line *lines;
  size_t n, cap;
  struct inv_rate rates[SSVC_INVOICE_MAX_RATES]; /* in order of first use */
  size_t nrates;
  int64_t line_sum, line_vat_sum;
  int64_t abs_sum; /* sum of |line net|: bounds every partial sum (SSVC_SUM_MAX) */
  /* A credit note (invoice_credit.c): the invoice it credits (BillingReference) and why. */
  int credit;
  char credited[SSVC_CREDITED_MAX + 1];
  ssvc_date credited_issue;
  char reason[SSVC_LINE_TEXT_MAX + 1];
};

/* Makes @p inv a credit note of invoice @p number issued on @p issue (1-64 bytes), with
 * @p reason (NULL or 1-200 bytes; checked by the caller). */
void ssvc__inv_set_credit(ssvc_invoice *inv, const char *number, ssvc_date issue,
                          const char *reason);

/* Validates @p in (errors name @p fn) and fills @p out, allocating its texts. */
int ssvc__inv_line_prepare(ssvc_invoice *inv, const char *fn, const ssvc_invoice_line *in,
                           struct inv_line *out);
/* Releases the texts of a prepared line that was not committed. */
void ssvc__inv_line_discard(ssvc_invoice *inv, struct inv_line *line);
/* Makes room for @p extra more lines and checks that lines whose |net| sum to @p extra_abs at
 * rate @p bp fit (sums and a rate slot); nothing else can then fail. */
int ssvc__inv_reserve(ssvc_invoice *inv, const char *fn, size_t extra, int64_t extra_abs,
                      uint32_t bp);
/* Appends a prepared line; cannot fail after ssvc__inv_reserve() covered it. */
void ssvc__inv_line_commit(ssvc_invoice *inv, struct inv_line *line);

/* The invoice run: the price list's context, and a copy of @p pl over @p catalog (the
 * built-in tiers and the agreement's custom ones). The agreement's own prices go in the month
 * input's terms (ssvc_fee_terms), after the price list's dated overrides. */
ssvc_ctx *ssvc__pricelist_ctx(const ssvc_pricelist *pl);
int ssvc__pricelist_derive(const ssvc_pricelist *pl, ssvc_pricelist **out,
                           const ssvc_catalog *catalog);
/* Adds a dated entry (item: SSVC_CHARGE_MONTHLY_FEE with @p tier, or freight or packaging with
 * NULL) as the public add functions do, but leaves out, with SSVC_OK, an entry of a tier that
 * the price list's catalogue lacks: it cannot apply to the agreements the list prices. */
int ssvc__pricelist_put(ssvc_pricelist *pl, const char *fn, const char *agreement,
                        const char *tier, int item, ssvc_date from, int64_t amount);
/* Adds to @p pl the stored list prices and the stored overrides of @p customer (price_store.c),
 * read in the caller's transaction; errors name @p func. */
int ssvc__pricelist_load(ssvc_store *st, const char *func, ssvc_pricelist *pl,
                         const char *customer);
/* 0 when @p key / @p val are a stored price record ssvc_price_list() reads; -1 when not. */
int ssvc__price_valid(const void *key, size_t klen, const void *val, size_t vlen);

/* @p num / @p den (den > 0) rounded half away from zero (half up for amounts >= 0, and a credit
 * rounds exactly like the charge it cancels); |num| must be below INT64_MAX. */
static inline int64_t ssvc__div_round(int64_t num, int64_t den) {
  int64_t mag = num < 0 ? -num : num;
  int64_t q = mag / den, r = mag % den;
  q += r >= den - r ? 1 : 0;
  return num < 0 ? -q : q;
}

/* VAT of @p taxable at @p bp basis points, rounded half away from zero, without overflow. */
static inline int64_t ssvc__vat(int64_t taxable, uint32_t bp) {
  int64_t mag = taxable < 0 ? -taxable : taxable;
  int64_t v = (mag / 10000) * (int64_t)bp + ssvc__div_round((mag % 10000) * (int64_t)bp, 10000);
  return taxable < 0 ? -v : v;
}

static inline int64_t ssvc__abs64(int64_t v) { return v < 0 ? -v : v; }


/* Checks one recorded charge (ssvc_charges_month(), ssvc_charges_record()); messages begin
 * with "FUNC: ARG." ("ssvc_charges_month: in->charges[3].quantity ..."). */
/* Records charge @p c on @p cust's account inside the caller's transaction (the body of
 * ssvc_charges_record(), unchecked); its index in *index. For an operation that charges as it
 * changes something else (a bought backup phone). */
int ssvc__charges_record_in(ssvc_store *st, const char *func, const char *cust,
                            const ssvc_charge *c, const char *actor, int64_t now,
                            uint32_t *index);
/* The monthly rent of a rented backup phone of @p customer on @p day: its stored override of
 * kind SSVC_CHARGE_BACKUP_PHONE, else the stored list price, else SSVC_BACKUP_RENT_DEFAULT_MINOR.
 * Storage errors. */
int ssvc__backup_rent_price(ssvc_store *st, const char *func, const char *customer, ssvc_date day,
                            int64_t *out);
/* Calls @p fn for each rented backup phone of @p cust held on at least one day of month
 * @p year-@p month (Stockholm days from the day it was received up to, not including, the day it
 * was removed), with that number of days. Storage errors, or @p fn's non-zero return. */
int ssvc__backup_rented_days(ssvc_store *st, const char *func, const char *cust, int year,
                             int month, int (*fn)(void *ud, const char *model, const char *imei,
                                                  int days), void *ud);
/* A backup phone as the XML interchange has it (doc/xml.md "Agreements"): written over the
 * customer's phone with the same IMEI, or new, in the caller's transaction; no charge (the
 * account's charges are not in the interchange). @p ph is checked by the caller. Storage errors,
 * SSVC_ENOMEM. */
struct ssvc_backup_phone;
int ssvc__backup_phone_put(ssvc_store *st, const char *func, const struct ssvc_backup_phone *ph,
                           const char *actor);
/* 0 when @p v is a well-formed backup-phone record ('K'), -1 otherwise (ssvc_store_check()). */
int ssvc__backup_phone_valid(const void *v, size_t vlen);
int ssvc__charge_check(ssvc_ctx *ctx, const char *func, const char *arg, const ssvc_charge *c);

#endif
