/* The stored invoices (doc/charges.md, doc/records.md): the keys of the 'B' space, the records
 * (invoices, runs, watermarks, counters, account charges) and their codecs, and what the run
 * gathers. Shared by invoice_store.c, account_charges.c and invoice_run.c.
 * Keys (doc/storage.md), all under the reserved first byte 'B':
 *   'B' 'M' customer 0x00 year(u16) month(u8)  -> run record: the numbers of the month's invoices
 *   'B' 'I' number                             -> invoice record: head, lines, charges carried
 *   'B' 'H' customer 0x00 case id              -> watermark: charges [0, n) of the case invoiced
 *                                                 (an empty case id: of the customer's account)
 *   'B' 'N' year(u16)                          -> counter: the last invoice number of the year
 *   'B' 'A' customer 0x00 index(u32)           -> a charge on the customer's account
 *   'B' 'K' customer                           -> counter: the charges on the account
 *   'B' 'O' year(u16)                          -> counter: the last credit-note number of the year
 *   'B' 'C' invoice number                     -> the invoice's credited lines (invoice_credit.c)
 *   'B' 'Q' customer 0x00 credit-note number   -> the customer's credit notes: the credited
 *                                                 invoice's number (raw bytes)
 */
#ifndef SSVC_INVOICE_STORE_H
#define SSVC_INVOICE_STORE_H

#include "charges_internal.h"
#include "keyspace.h"
#include "agreement_store.h"
#include "record.h"
#include "smartservice/agreement.h"
#include "smartservice/case.h"
#include "swap_record.h" /* ssvc__swap_stock_at */

#define REC_INVOICE SSVC_REC_B_INVOICE
#define REC_RUN SSVC_REC_B_RUN
#define REC_MARK SSVC_REC_B_MARK
#define REC_COUNTER SSVC_REC_B_COUNTER
#define REC_ACCOUNT SSVC_REC_B_ACCOUNT
#define REC_ACCOUNT_COUNT SSVC_REC_B_ACCOUNT_COUNT
#define FORMAT 1

#define CUST_MAX SSVC_AGREEMENT_ID_MAX
#define NUMBER_MAX 32
/* A line text and its NUL. */
#define TEXT_SLOT (SSVC_LINE_TEXT_MAX + 1)
#define KEY_MAX (2 + CUST_MAX + 1 + SSVC_CASE_ID_SIZE + 8)

enum { R_SERVICE = 1, R_DIRECT, R_AT };
enum {
  I_NUMBER = 1, I_CUSTOMER, I_YEAR, I_MONTH, I_ISSUE, I_DUE, I_PSTART, I_PEND, I_BUYREF,
  I_CURRENCY, I_SELLER, I_BUYER, I_DIRECT, I_LINE, I_ITEM,
  /* A credit note's (appended; an invoice has none): the credited invoice, its issue date, the
   * reason. */
  I_CREDITED, I_CREDITED_ISSUE, I_REASON,
  /* The buyer's order or contract reference (BT-13), when the agreement has one. */
  I_ORDERREF
};
/* The credited-lines record of an invoice ('B' 'C' number): one C_LINE per credited line. */
enum { C_LINE = 1 };
enum { CL_LINE = 1, CL_NOTE };
enum { L_KIND = 1, L_SV, L_EN, L_QTY, L_BASE, L_UNIT, L_PRICE, L_BP };
enum { T_CASE = 1, T_INDEX };
enum { A_KIND = 1, A_SV, A_EN, A_QTY, A_PRICE, A_DATE, A_AT, A_ACTOR };

/* One charge carried by an invoice: charge @c index of a case, or of the account ("" case id). */
struct item {
  char case_id[SSVC_CASE_ID_SIZE];
  uint32_t index;
  int kind;
  int64_t qty, price; /* a case charge of amount A: qty = sign of A, price = |A| */
  int direct;
};

struct run_rec {
  char service[NUMBER_MAX + 1], direct[NUMBER_MAX + 1];
};

struct mark {
  char case_id[SSVC_CASE_ID_SIZE];
  uint32_t count;   /* invoiced so far */
  uint32_t next;    /* after this run */
  uint64_t ver;     /* stored version; SSVC_STORAGE_NEW when none */
};

struct marks {
  ssvc_ctx *ctx;
  struct mark *m;
  size_t n, cap;
  size_t prefix; /* key bytes before the case id */
  int bad;
};

/* The charges of the run, and the month input built from them. */
struct gather {
  ssvc_ctx *ctx;
  struct item *items;
  size_t nitems, capitems;
  ssvc_charge *ch; /* aggregated freight/packaging first, then one per other charge */
  size_t nch, capch;
  char *texts;     /* (SSVC_LINE_TEXT_MAX + 1) * 2 per item */
  size_t captexts;
};

size_t ssvc__inv_key_cust(uint8_t *k, char sub, const char *customer);
size_t ssvc__inv_key_run(uint8_t *k, const char *customer, int year, int month);
size_t ssvc__inv_key_invoice(uint8_t *k, const char *number);
size_t ssvc__inv_key_mark(uint8_t *k, const char *customer, const char *case_id);
size_t ssvc__inv_key_account(uint8_t *k, const char *customer, uint32_t index);
size_t ssvc__inv_key_account_count(uint8_t *k, const char *customer);
size_t ssvc__inv_key_counter(uint8_t *k, int year);
size_t ssvc__inv_key_credit_counter(uint8_t *k, int year);
size_t ssvc__inv_key_credit_listing(uint8_t *k, const char *customer, const char *number);
/* A credit note numbered @p number, issued on @p issue, with the head of @p inv and its lines
 * @p lines (1-based, @p count of them; NULL: every line) with their quantities times @p sign;
 * crediting invoice @p credited (NULL: none, a month's net credit) for @p reason (may be NULL). */
int ssvc__inv_credit_of(const ssvc_invoice *inv, ssvc_invoice **out, const char *number,
                        ssvc_date issue, const size_t *lines, size_t count, int sign,
                        const char *credited, const char *reason);
int ssvc__inv_malformed(ssvc_ctx *ctx, const char *func, const char *what);
/* The customer id of an invoice record into @p out (CUST_MAX + 1 bytes); -1 when it has none. */
int ssvc__inv_decode_customer(const void *v, size_t vlen, char *out);
void ssvc__inv_encode_invoice(ssvc_buf *b, const ssvc_invoice *inv, const char *number,
                              const char *customer, int year, int month, const struct item *items,
                              size_t nitems);
/* Rebuilds an invoice from its record through the public constructor, so a stored invoice reads
 * back exactly as it was made (and is checked again on the way). */
int ssvc__inv_decode_invoice(ssvc_ctx *ctx, const char *func, const char *number, const void *v,
                             size_t vlen, ssvc_invoice **out);
int ssvc__inv_load_invoice(ssvc_store *st, const char *func, const char *number,
                           ssvc_invoice **out);
int ssvc__inv_decode_run(const void *v, size_t vlen, struct run_rec *r);
/* 0 when @p v is a well-formed account charge ('B' 'A'), -1 otherwise (ssvc_store_check()). */
int ssvc__inv_account_valid(const void *v, size_t vlen);
/* Reads a one-number record of @p type (a counter or a mark; @p what names it in an error):
 * 0 and SSVC_STORAGE_NEW when there is none. */
int ssvc__inv_read_uint_rec(ssvc_store *st, const char *func, const uint8_t *k, size_t klen,
                            uint8_t type, const char *what, uint32_t *out, uint64_t *ver);
/* Writes a one-number record of @p type over stored version @p ver (compare-and-set). */
int ssvc__inv_write_uint_rec(ssvc_store *st, const char *func, const uint8_t *k, size_t klen,
                             uint8_t type, uint64_t value, uint64_t ver);
int ssvc__inv_mark_cb(void *cb, const void *key, size_t klen, const void *val, size_t vlen,
                      uint64_t ver);
int ssvc__inv_mark_cmp(const void *a, const void *b);
/* Adds charge @p index of case @p case_id ("" for the account) to the run. Freight and packaging
 * are summed into lines of their own texts (build_charges()); every other charge keeps its text
 * (@p text, else the kind's name; prefixed with the case id on a case) for its own line. */
int ssvc__inv_add_item(struct gather *g, const char *case_id, uint32_t index, int kind, int64_t qty,
                       int64_t price, const char *text_sv, const char *text_en);
int ssvc__inv_gather_account(ssvc_store *st, const char *func, struct gather *g, const char *cust,
                             struct mark *mk, int64_t cutoff);

#endif
