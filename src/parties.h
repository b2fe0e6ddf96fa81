/* parties: the one check of each kind of number on an invoice party (organisation number, VAT
 * number, Peppol endpoint, bankgiro, IBAN, BIC), the check of a whole party, and the party as a
 * nested record (agreement buyer, Support Center, stored invoices). doc/charges.md "Parties". */
#ifndef SSVC_PARTIES_H
#define SSVC_PARTIES_H

#include "internal.h"
#include "record.h"
#include "smartservice/invoice.h"

/* Longest text of a party field, in bytes. */
#define SSVC__PARTY_TEXT_MAX 200

/* Each: SSVC_OK, or SSVC_EINVAL "FUNC: FIELD: 'VALUE' <why>". @p s is not NULL. */
int ssvc__check_org_number(ssvc_ctx *ctx, const char *func, const char *field, const char *s);
/* A VAT number: two upper-case letters and 2-12 letters or digits; a Swedish one ("SE") is "SE",
 * the ten digits of @p org (when not NULL) and "01". */
int ssvc__check_vat_number(ssvc_ctx *ctx, const char *func, const char *field, const char *s,
                           const char *org);
int ssvc__check_endpoint(ssvc_ctx *ctx, const char *func, const char *field, const char *s);
int ssvc__check_bankgiro(ssvc_ctx *ctx, const char *func, const char *field, const char *s);
int ssvc__check_iban(ssvc_ctx *ctx, const char *func, const char *field, const char *s);
int ssvc__check_bic(ssvc_ctx *ctx, const char *func, const char *field, const char *s);

/* Checks party @p p (any version) under FUNC, its fields named "PREFIX->field" ("field" when
 * @p prefix is NULL or ""): the texts; for version 2 also the numbers. @p seller: the VAT number
 * is required. */
int ssvc__party_check(ssvc_ctx *ctx, const char *func, const char *prefix, const ssvc_party *p,
                      int seller);

/* Copies the digits of @p s (at most @p size - 1) into @p buf; returns how many. */
size_t ssvc__digits(char *buf, size_t size, const char *s);

/* The party as a nested record under @p field (every version-2 field; NULL ones left out). */
void ssvc__party_encode(ssvc_buf *b, uint32_t field, const ssvc_party *p);
/* Bytes the strings of a nested party record need, NULs included; -1 when malformed. */
int ssvc__party_strings(const ssvc_field *f, size_t *strings);
/* Reads a nested party record into @p p (version 2; version 1 when the record has none of the
 * version-2 fields, so a party stored before them is checked as then), its strings copied to
 * *@p area (ssvc__party_strings() bytes). */
void ssvc__party_decode(const ssvc_field *f, ssvc_party *p, char **area);

#endif
