/* parties: the checks of an invoice party's numbers, the OCR reference and the party as a nested
 * record (parties.h, doc/charges.md "Parties" and "Payment"). */
#include "parties.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }

size_t ssvc__digits(char *buf, size_t size, const char *s) {
  size_t j = 0;
  for (; s && *s && j + 1 < size; s++)
    if (is_digit(*s)) buf[j++] = *s;
  if (size) buf[j] = '\0';
  return j;
}

static int bad(ssvc_ctx *ctx, const char *func, const char *field, const char *s, const char *why) {
  return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: '%.60s' %s", func, field, s, why);
}

/* Ten digits, "NNNNNN-NNNN" or "NNNNNNNNNN", the last the Luhn check digit of the nine before. */
int ssvc__check_org_number(ssvc_ctx *ctx, const char *func, const char *field, const char *s) {
  size_t n = strlen(s);
  int dashed = n == 11 && s[6] == '-';
  char d[16];
  if (!(n == 10 || dashed) || ssvc__digits(d, sizeof d, s) != 10 ||
      (!dashed && strspn(s, "0123456789") != 10) ||
      (dashed && (strspn(s, "0123456789") != 6 || strspn(s + 7, "0123456789") != 4)))
    return bad(ctx, func, field, s, "is not an organisation number NNNNNN-NNNN");
  if (!ssvc_luhn_valid(d, 10)) return bad(ctx, func, field, s, "fails the check digit (Luhn)");
  return SSVC_OK;
}

int ssvc__check_vat_number(ssvc_ctx *ctx, const char *func, const char *field, const char *s,
                           const char *org) {
  size_t n = strlen(s);
  if (n < 4 || n > 14 || !is_upper(s[0]) || !is_upper(s[1]))
    return bad(ctx, func, field, s,
               "is not a VAT number (a two-letter country prefix and 2-12 letters or digits)");
  for (size_t i = 2; i < n; i++)
    if (!is_upper(s[i]) && !is_digit(s[i]))
      return bad(ctx, func, field, s, "is not a VAT number (letters and digits only)");
  if (s[0] != 'S' || s[1] != 'E') return SSVC_OK;
  if (n != 14 || strspn(s + 2, "0123456789") != 12 || strcmp(s + 12, "01") != 0)
    return bad(ctx, func, field, s,
               "is not a Swedish VAT number: SE, the organisation number's ten digits, 01");
  char d[16];
  if (org && ssvc__digits(d, sizeof d, org) == 10 && memcmp(s + 2, d, 10) != 0)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: %s: '%s' does not match the organisation number '%.20s'", func, field,
                     s, org);
  return SSVC_OK;
}

/* "scheme:id": a four-digit ISO 6523 scheme, an id of 1-50 letters, digits, '-', '.' or '_'; a
 * scheme-0007 id is a valid organisation number's ten digits. */
int ssvc__check_endpoint(ssvc_ctx *ctx, const char *func, const char *field, const char *s) {
  const char *colon = strchr(s, ':');
  size_t idlen = colon ? strlen(colon + 1) : 0;
  if (!colon || colon - s != 4 || strspn(s, "0123456789") != 4 || idlen < 1 || idlen > 50 ||
      strspn(colon + 1, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-._") !=
          idlen)
    return bad(ctx, func, field, s,
               "is not a Peppol endpoint scheme:id (four-digit scheme, id of 1-50 letters, "
               "digits, '-', '.', '_')");
  if (memcmp(s, "0007", 4) == 0 &&
      (idlen != 10 || strspn(colon + 1, "0123456789") != 10 || !ssvc_luhn_valid(colon + 1, 10)))
    return bad(ctx, func, field, s,
               "is not a scheme-0007 endpoint: ten digits of an organisation number (Luhn)");
  return SSVC_OK;
}

/* "NNN-NNNN" or "NNNN-NNNN" (the dash optional), the last digit the Luhn check digit. */
int ssvc__check_bankgiro(ssvc_ctx *ctx, const char *func, const char *field, const char *s) {
  char d[16];
  size_t n = strlen(s), nd = ssvc__digits(d, sizeof d, s);
  const char *dash = strchr(s, '-');
  int shape = (nd == 7 || nd == 8) &&
              (dash ? n == nd + 1 && dash - s == (ptrdiff_t)nd - 4 : n == nd);
  if (!shape) return bad(ctx, func, field, s, "is not a bankgiro number NNN-NNNN or NNNN-NNNN");
  if (!ssvc_luhn_valid(d, nd)) return bad(ctx, func, field, s, "fails the check digit (Luhn)");
  return SSVC_OK;
}

/* ISO 13616: two letters, two check digits, 11-30 letters or digits (spaces allowed between);
 * the number moved and read as digits is 1 modulo 97. */
int ssvc__check_iban(ssvc_ctx *ctx, const char *func, const char *field, const char *s) {
  char c[40];
  size_t n = 0;
  for (const char *p = s; *p; p++) {
    if (*p == ' ') continue;
    if (n == 34 || !(is_upper(*p) || is_digit(*p)))
      return bad(ctx, func, field, s, "is not an IBAN (upper-case letters and digits, 15-34)");
    c[n++] = *p;
  }
  if (n < 15 || !is_upper(c[0]) || !is_upper(c[1]) || !is_digit(c[2]) || !is_digit(c[3]))
    return bad(ctx, func, field, s,
               "is not an IBAN (country letters, two check digits, 11-30 letters or digits)");
  unsigned rem = 0;
  for (size_t i = 0; i < n; i++) {
    char ch = c[(i + 4) % n];
    if (is_digit(ch)) rem = (rem * 10 + (unsigned)(ch - '0')) % 97;
    else rem = (rem * 100 + (unsigned)(ch - 'A' + 10)) % 97;
  }
  if (rem != 1) return bad(ctx, func, field, s, "fails the IBAN check digits (mod 97)");
  return SSVC_OK;
}

/* ISO 9362: four letters (bank), two letters (country), two letters or digits, optionally three
 * more. */
int ssvc__check_bic(ssvc_ctx *ctx, const char *func, const char *field, const char *s) {
  size_t n = strlen(s);
  int ok = n == 8 || n == 11;
  for (size_t i = 0; ok && i < n; i++)
    ok = i < 6 ? is_upper(s[i]) : is_upper(s[i]) || is_digit(s[i]);
  return ok ? SSVC_OK : bad(ctx, func, field, s, "is not a BIC (8 or 11 letters and digits)");
}

int ssvc__party_check(ssvc_ctx *ctx, const char *func, const char *prefix, const ssvc_party *p,
                      int seller) {
  char f[96];
  const char *pre = prefix && *prefix ? prefix : "";
  const char *sep = *pre ? "->" : "";
#define FIELD(name) (snprintf(f, sizeof f, "%s%s%s", pre, sep, name), f)
  int v2 = p->version >= 2;
  const char *names[13] = {"name",       "org_number", "vat_number",   "street",
                           "postal_code", "city",      "legal_form",   "endpoint",
                           "bankgiro",   "iban",       "contact_name", "contact_phone",
                           "contact_email"};
  const char *vals[13] = {p->name,       p->org_number, p->vat_number, p->street, p->postal_code,
                          p->city,       NULL,          NULL,          NULL,      NULL,
                          NULL,          NULL,          NULL};
  if (v2) {
    vals[6] = p->legal_form;
    vals[7] = p->endpoint;
    vals[8] = p->bankgiro;
    vals[9] = p->iban;
    vals[10] = p->contact_name;
    vals[11] = p->contact_phone;
    vals[12] = p->contact_email;
  }
  int rc;
  for (int i = 0; i < 13; i++)
    if ((rc = ssvc__check_field(ctx, func, FIELD(names[i]), vals[i], i < 2,
                                SSVC__PARTY_TEXT_MAX)))
      return rc;
  if (seller && !p->vat_number)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s must not be NULL (Peppol BR-S-02, BR-Z-02)", func,
                     FIELD("vat_number"));
  if (p->country && !(strlen(p->country) == 2 && is_upper(p->country[0]) &&
                      is_upper(p->country[1])))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s must be two upper-case letters (ISO 3166-1)", func,
                     FIELD("country"));
  if (!v2) { /* version 1: texts only, as before (a stored invoice of then reads back) */
    if (p->vat_number && !(is_upper(p->vat_number[0]) && is_upper(p->vat_number[1])))
      return ssvc__err(ctx, SSVC_EINVAL,
                       "%s: %s must begin with a two-letter country prefix (Peppol BR-CO-09)",
                       func, FIELD("vat_number"));
    return SSVC_OK;
  }
  if (p->f_skatt != 0 && p->f_skatt != 1)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: must be 0 or 1 (got %d)", func, FIELD("f_skatt"),
                     p->f_skatt);
  if ((rc = ssvc__check_org_number(ctx, func, FIELD("org_number"), p->org_number)) ||
      (p->vat_number &&
       (rc = ssvc__check_vat_number(ctx, func, FIELD("vat_number"), p->vat_number,
                                    p->org_number))) ||
      (p->endpoint && (rc = ssvc__check_endpoint(ctx, func, FIELD("endpoint"), p->endpoint))) ||
      (p->bankgiro && (rc = ssvc__check_bankgiro(ctx, func, FIELD("bankgiro"), p->bankgiro))) ||
      (p->iban && (rc = ssvc__check_iban(ctx, func, FIELD("iban"), p->iban))) ||
      (p->bic && (rc = ssvc__check_bic(ctx, func, FIELD("bic"), p->bic))))
    return rc;
  if (p->bic && !p->iban)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: given without an iban", func, FIELD("bic"));
#undef FIELD
  return SSVC_OK;
}

int ssvc_party_init(ssvc_party *party, unsigned int version) {
  size_t size = version == 1 ? offsetof(ssvc_party, endpoint) : sizeof *party;
  if (version > SSVC_PARTY_VERSION) version = 0; /* refused, struct untouched */
  return ssvc__struct_init(party, size, version, SSVC_PARTY_VERSION);
}

int ssvc_party_check(ssvc_ctx *ctx, const ssvc_party *party) {
  const char *fn = "ssvc_party_check";
  if (!ctx) return SSVC_EINVAL;
  if (!party) return ssvc__err(ctx, SSVC_EINVAL, "%s: party must not be NULL", fn);
  if (party->version != SSVC_PARTY_VERSION)
    return ssvc__err(ctx, SSVC_EVERSION, "%s: party: version must be %u (got %u)", fn,
                     SSVC_PARTY_VERSION, party->version);
  return ssvc__party_check(ctx, fn, NULL, party, 0);
}

/* ---- The OCR reference ---- */

size_t ssvc_ocr_reference(char *buf, size_t size, const char *number) {
  char d[SSVC_OCR_MAX + 8];
  size_t n = 0;
  for (const char *p = number; p && *p; p++) {
    if (!is_digit(*p)) continue;
    if (n == SSVC_OCR_MAX - 2) { n = 0; break; }
    d[n++] = *p;
  }
  if (n == 0) {
    if (size) buf[0] = '\0';
    return 0;
  }
  d[n] = (char)('0' + (n + 2) % 10); /* the length digit: the whole length, check digit too */
  d[n + 1] = (char)('0' + ssvc_luhn_check_digit(d, n + 1));
  d[n + 2] = '\0';
  if (size) snprintf(buf, size, "%s", d);
  return n + 2;
}

int ssvc_ocr_valid(const char *ocr) {
  if (!ocr) return 0;
  size_t n = strlen(ocr);
  if (n < 2 || n > SSVC_OCR_MAX || strspn(ocr, "0123456789") != n) return 0;
  return ocr[n - 2] - '0' == (int)(n % 10) && ssvc_luhn_valid(ocr, n);
}

/* ---- The party as a nested record ---- */

enum {
  P_NAME = 1, P_ORG, P_VAT, P_STREET, P_POSTAL, P_CITY, P_COUNTRY, /* version 1 */
  P_ENDPOINT, P_F_SKATT, P_LEGAL_FORM, P_BANKGIRO, P_IBAN, P_BIC, P_CONTACT, P_PHONE, P_EMAIL
};

void ssvc__party_encode(ssvc_buf *b, uint32_t field, const ssvc_party *p) {
  size_t m = ssvc__rec_sub_begin(b, field);
  const char *v[16] = {p->name,   p->org_number, p->vat_number, p->street, p->postal_code,
                       p->city,   p->country,    NULL,          NULL,      NULL,
                       NULL,      NULL,          NULL,          NULL,      NULL,
                       NULL};
  if (p->version >= 2) {
    v[P_ENDPOINT - 1] = p->endpoint;
    v[P_LEGAL_FORM - 1] = p->legal_form;
    v[P_BANKGIRO - 1] = p->bankgiro;
    v[P_IBAN - 1] = p->iban;
    v[P_BIC - 1] = p->bic;
    v[P_CONTACT - 1] = p->contact_name;
    v[P_PHONE - 1] = p->contact_phone;
    v[P_EMAIL - 1] = p->contact_email;
  }
  for (uint32_t i = 0; i < 16; i++)
    if (v[i]) ssvc__rec_str(b, i + 1, v[i]);
  /* Written for every version-2 party: its presence marks the record as version 2. */
  if (p->version >= 2) ssvc__rec_uint(b, P_F_SKATT, (uint64_t)p->f_skatt);
  ssvc__rec_sub_end(b, m);
}

int ssvc__party_strings(const ssvc_field *top, size_t *strings) {
  ssvc_rd rd = {top->bytes, top->bytes + top->len};
  ssvc_field f;
  int r;
  while ((r = ssvc__rd_next(&rd, &f)) == 1)
    if (f.wire == SSVC_WIRE_BYTES) *strings += f.len + 1;
  return r;
}

void ssvc__party_decode(const ssvc_field *top, ssvc_party *p, char **area) {
  ssvc_rd rd = {top->bytes, top->bytes + top->len};
  ssvc_field f;
  memset(p, 0, sizeof *p);
  p->version = 1;
  while (ssvc__rd_next(&rd, &f) == 1) {
    if (f.id == P_F_SKATT && f.wire == SSVC_WIRE_VARINT) {
      p->f_skatt = f.u == 1;
      p->version = 2;
      continue;
    }
    if (f.wire != SSVC_WIRE_BYTES) continue;
    char *s = *area;
    memcpy(s, f.bytes, f.len);
    s[f.len] = '\0';
    *area += f.len + 1;
    const char **dst[17] = {NULL,         &p->name,          &p->org_number, &p->vat_number,
                            &p->street,   &p->postal_code,   &p->city,       &p->country,
                            &p->endpoint, NULL,              &p->legal_form, &p->bankgiro,
                            &p->iban,     &p->bic,           &p->contact_name,
                            &p->contact_phone, &p->contact_email};
    if (f.id < 17 && dst[f.id]) *dst[f.id] = s;
  }
}
