/* invoice_ubl: an invoice as UBL 2.1 Invoice (a credit note as UBL 2.1 CreditNote) following
 * Peppol BIS Billing 3.0, written with libxml2's xmlTextWriter. One writer for both documents:
 * struct doc_kind holds what differs. The BT/BG mapping is in doc/charges.md. */
#include <stdio.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "charges_internal.h"
#include "file_out.h"
#include "parties.h"

#define NS_INV "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
#define NS_CN "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
#define NS_CAC "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
#define NS_CBC "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
#define CUSTOMIZATION \
  "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
#define PROFILE "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

typedef const xmlChar *X;

/* The writer and a sticky failure flag: every call after a failure is skipped. */
struct w {
  xmlTextWriterPtr x;
  int bad;
  const char *currency;
};

static void start(struct w *w, const char *name) {
  if (!w->bad && xmlTextWriterStartElement(w->x, (X)name) < 0) w->bad = 1;
}

static void end(struct w *w) {
  if (!w->bad && xmlTextWriterEndElement(w->x) < 0) w->bad = 1;
}

static void attr(struct w *w, const char *name, const char *value) {
  if (!w->bad && xmlTextWriterWriteAttribute(w->x, (X)name, (X)value) < 0) w->bad = 1;
}

static void text(struct w *w, const char *s) {
  if (!w->bad && xmlTextWriterWriteString(w->x, (X)s) < 0) w->bad = 1;
}

/* <name>value</name> */
static void elem(struct w *w, const char *name, const char *value) {
  start(w, name);
  text(w, value);
  end(w);
}

static void elem_date(struct w *w, const char *name, ssvc_date d) {
  char b[48];
  ssvc_date_format(b, sizeof b, &d);
  elem(w, name, b);
}

/* An amount with two decimals and its currency. */
static void amount(struct w *w, const char *name, int64_t v) {
  char b[32];
  ssvc_money_format(b, sizeof b, v, NULL);
  start(w, name);
  attr(w, "currencyID", w->currency);
  text(w, b);
  end(w);
}

static void percent(char *b, size_t size, uint32_t bp) {
  if (bp % 100 == 0)
    snprintf(b, size, "%u", bp / 100);
  else
    snprintf(b, size, "%u.%02u", bp / 100, bp % 100);
}

/* Category S (standard rate) for a rate above zero, Z (zero rated) for 0%. */
static void tax_category(struct w *w, const char *name, uint32_t bp) {
  char b[32];
  start(w, name);
  elem(w, "cbc:ID", bp ? "S" : "Z");
  percent(b, sizeof b, bp);
  elem(w, "cbc:Percent", b);
  start(w, "cac:TaxScheme");
  elem(w, "cbc:ID", "VAT");
  end(w);
  end(w);
}

static void tax_scheme(struct w *w, const char *company_id, const char *scheme) {
  start(w, "cac:PartyTaxScheme");
  elem(w, "cbc:CompanyID", company_id);
  start(w, "cac:TaxScheme");
  elem(w, "cbc:ID", scheme);
  end(w);
  end(w);
}

static void party(struct w *w, const char *role, const struct inv_party *p) {
  char digits[64], scheme[8];
  ssvc__digits(digits, sizeof digits, p->org);
  const char *colon = strchr(p->endpoint, ':'); /* "scheme:id", checked by ssvc_invoice_new() */
  size_t sl = colon && colon - p->endpoint < (ptrdiff_t)sizeof scheme ? (size_t)(colon - p->endpoint) : 0;
  memcpy(scheme, p->endpoint, sl);
  scheme[sl] = '\0';
  start(w, role);
  start(w, "cac:Party");
  start(w, "cbc:EndpointID"); /* BT-34 / BT-49 */
  attr(w, "schemeID", sl ? scheme : "0007");
  text(w, sl ? colon + 1 : p->endpoint);
  end(w);
  start(w, "cac:PartyName");
  elem(w, "cbc:Name", p->name);
  end(w);
  start(w, "cac:PostalAddress"); /* BG-5 / BG-8 */
  if (p->street) elem(w, "cbc:StreetName", p->street);
  if (p->city) elem(w, "cbc:CityName", p->city);
  if (p->postal) elem(w, "cbc:PostalZone", p->postal);
  start(w, "cac:Country");
  elem(w, "cbc:IdentificationCode", p->country);
  end(w);
  end(w);
  if (p->vat) tax_scheme(w, p->vat, "VAT"); /* BT-31 / BT-48 */
  /* BT-32: the Swedish rule SE-R-005 wants exactly this text under a scheme other than VAT. */
  if (p->f_skatt) tax_scheme(w, "Godkänd för F-skatt", "TAX");
  start(w, "cac:PartyLegalEntity");
  elem(w, "cbc:RegistrationName", p->name); /* BT-27 / BT-44 */
  elem(w, "cbc:CompanyID", digits[0] ? digits : p->org); /* BT-30 / BT-47 */
  if (p->legal_form) elem(w, "cbc:CompanyLegalForm", p->legal_form); /* BT-33 */
  end(w);
  if (p->contact || p->phone || p->email) { /* BG-6 / BG-9 */
    start(w, "cac:Contact");
    if (p->contact) elem(w, "cbc:Name", p->contact);
    if (p->phone) elem(w, "cbc:Telephone", p->phone);
    if (p->email) elem(w, "cbc:ElectronicMail", p->email);
    end(w);
  }
  end(w);
  end(w);
}

/* BG-16: credit transfer (code 30) to the seller's bankgiro (Swedish rule SE-R-011: branch
 * "SE:BANKGIRO", the account its 7-8 digits) or else its IBAN with the BIC; the OCR reference
 * (BT-83) from the invoice number; BT-20: the payment terms. Nothing when the seller has no
 * account (a version-1 seller). */
static void payment(struct w *w, const ssvc_invoice *inv) {
  const struct inv_party *s = &inv->seller;
  char b[64];
  if (!s->bankgiro && !s->iban) return;
  {
    start(w, "cac:PaymentMeans");
    elem(w, "cbc:PaymentMeansCode", "30"); /* BT-81: credit transfer */
    if (ssvc_ocr_reference(b, sizeof b, inv->number)) elem(w, "cbc:PaymentID", b); /* BT-83 */
    start(w, "cac:PayeeFinancialAccount"); /* BG-17 */
    if (s->bankgiro) {
      ssvc__digits(b, sizeof b, s->bankgiro);
      elem(w, "cbc:ID", b); /* BT-84 */
      start(w, "cac:FinancialInstitutionBranch");
      elem(w, "cbc:ID", "SE:BANKGIRO"); /* BT-86 as Swedish rule SE-R-011 wants it */
      end(w);
    } else {
      size_t j = 0;
      for (const char *c = s->iban; *c && j + 1 < sizeof b; c++)
        if (*c != ' ') b[j++] = *c;
      b[j] = '\0';
      elem(w, "cbc:ID", b); /* BT-84 */
      if (s->bic) {
        start(w, "cac:FinancialInstitutionBranch");
        elem(w, "cbc:ID", s->bic); /* BT-86 */
        end(w);
      }
    }
    end(w);
    end(w);
  }
  int64_t days = ssvc_date_to_days(&inv->due) - ssvc_date_to_days(&inv->issue);
  snprintf(b, sizeof b, "Betalning inom %lld dagar", (long long)days);
  start(w, "cac:PaymentTerms");
  elem(w, "cbc:Note", b); /* BT-20 */
  end(w);
}

/* What differs between the two documents: the root and its namespace, the type code (BT-3),
 * the line and its quantity. */
struct doc_kind {
  const char *root, *ns, *type_elem, *type_code, *line, *qty;
};

static const struct doc_kind INVOICE = {"Invoice", NS_INV, "cbc:InvoiceTypeCode", "380",
                                        "cac:InvoiceLine", "cbc:InvoicedQuantity"};
static const struct doc_kind CREDIT_NOTE = {"CreditNote", NS_CN, "cbc:CreditNoteTypeCode", "381",
                                            "cac:CreditNoteLine", "cbc:CreditedQuantity"};

static void write_invoice(struct w *w, const ssvc_invoice *inv) {
  char b[64];
  const struct doc_kind *dk = inv->credit ? &CREDIT_NOTE : &INVOICE;
  if (!w->bad && xmlTextWriterStartDocument(w->x, "1.0", "UTF-8", NULL) < 0) w->bad = 1;
  /* Namespace declarations as plain attributes: the document's prefixes are fixed. */
  start(w, dk->root);
  attr(w, "xmlns", dk->ns);
  attr(w, "xmlns:cac", NS_CAC);
  attr(w, "xmlns:cbc", NS_CBC);
  elem(w, "cbc:CustomizationID", CUSTOMIZATION); /* BT-24 */
  elem(w, "cbc:ProfileID", PROFILE);             /* BT-23 */
  elem(w, "cbc:ID", inv->number);                /* BT-1 */
  elem_date(w, "cbc:IssueDate", inv->issue);     /* BT-2 */
  if (!inv->credit) elem_date(w, "cbc:DueDate", inv->due); /* BT-9 (a CreditNote has none) */
  elem(w, dk->type_elem, dk->type_code); /* BT-3: commercial invoice 380, credit note 381 */
  if (inv->reason[0]) elem(w, "cbc:Note", inv->reason); /* BT-22: why it is credited */
  elem(w, "cbc:DocumentCurrencyCode", inv->currency); /* BT-5 */
  elem(w, "cbc:BuyerReference", inv->buyer_ref);      /* BT-10 */
  start(w, "cac:InvoicePeriod");                      /* BG-14 */
  elem_date(w, "cbc:StartDate", inv->pstart);
  elem_date(w, "cbc:EndDate", inv->pend);
  end(w);
  if (inv->order_ref) { /* BT-13 */
    start(w, "cac:OrderReference");
    elem(w, "cbc:ID", inv->order_ref);
    end(w);
  }
  if (inv->credited[0]) { /* BG-3: the credited invoice, BT-25 and BT-26 */
    start(w, "cac:BillingReference");
    start(w, "cac:InvoiceDocumentReference");
    elem(w, "cbc:ID", inv->credited);
    elem_date(w, "cbc:IssueDate", inv->credited_issue);
    end(w);
    end(w);
  }
  party(w, "cac:AccountingSupplierParty", &inv->seller); /* BG-4 */
  party(w, "cac:AccountingCustomerParty", &inv->buyer);  /* BG-7 */
  payment(w, inv);

  ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
  ssvc_invoice_get_totals(inv, &t);
  start(w, "cac:TaxTotal");
  amount(w, "cbc:TaxAmount", t.tax); /* BT-110 */
  for (size_t i = 0; i < inv->nrates; i++) { /* BG-23 */
    start(w, "cac:TaxSubtotal");
    amount(w, "cbc:TaxableAmount", inv->rates[i].taxable);                       /* BT-116 */
    amount(w, "cbc:TaxAmount", ssvc__vat(inv->rates[i].taxable, inv->rates[i].bp)); /* BT-117 */
    tax_category(w, "cac:TaxCategory", inv->rates[i].bp); /* BT-118, BT-119 */
    end(w);
  }
  end(w);
  start(w, "cac:LegalMonetaryTotal"); /* BG-22 */
  amount(w, "cbc:LineExtensionAmount", t.line_extension); /* BT-106 */
  amount(w, "cbc:TaxExclusiveAmount", t.tax_exclusive);   /* BT-109 */
  amount(w, "cbc:TaxInclusiveAmount", t.tax_inclusive);   /* BT-112 */
  amount(w, "cbc:PayableAmount", t.payable);              /* BT-115 */
  end(w);

  for (size_t i = 0; i < inv->n; i++) { /* BG-25 */
    const struct inv_line *l = &inv->lines[i];
    start(w, dk->line);
    snprintf(b, sizeof b, "%zu", i + 1);
    elem(w, "cbc:ID", b); /* BT-126 */
    start(w, dk->qty); /* BT-129, BT-130 */
    attr(w, "unitCode", l->unit);
    snprintf(b, sizeof b, "%lld", (long long)l->qty);
    text(w, b);
    end(w);
    amount(w, "cbc:LineExtensionAmount", l->net); /* BT-131 */
    start(w, "cac:Item");
    if (l->text_en != l->text_sv && strcmp(l->text_en, l->text_sv) != 0)
      elem(w, "cbc:Description", l->text_en); /* BT-154 */
    elem(w, "cbc:Name", l->text_sv);          /* BT-153 */
    start(w, "cac:SellersItemIdentification"); /* BT-155: the charge kind */
    elem(w, "cbc:ID", ssvc_charge_kind_key(l->kind));
    end(w);
    tax_category(w, "cac:ClassifiedTaxCategory", l->bp); /* BT-151, BT-152 */
    end(w);
    start(w, "cac:Price");
    amount(w, "cbc:PriceAmount", l->price); /* BT-146 */
    if (l->base != 1) {                     /* BT-149, BT-150 */
      start(w, "cbc:BaseQuantity");
      attr(w, "unitCode", l->unit);
      snprintf(b, sizeof b, "%lld", (long long)l->base);
      text(w, b);
      end(w);
    }
    end(w);
    end(w);
  }
  end(w);
  if (!w->bad && xmlTextWriterEndDocument(w->x) < 0) w->bad = 1;
}

/* libxml2 reports its own failures (out of memory) to its error handlers, which print to stderr
 * by default; the library never prints, so they are silenced while the library writes and the
 * caller's handlers (thread-local in libxml2) are put back afterwards. */
static void quiet_generic(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}
#if LIBXML_VERSION >= 21200
static void quiet_structured(void *ctx, const xmlError *e) {
#else
static void quiet_structured(void *ctx, xmlErrorPtr e) {
#endif
  (void)ctx;
  (void)e;
}

static xmlBufferPtr render_quietly(const ssvc_invoice *inv, const char *fn);

/* Renders into a new libxml2 buffer; NULL (error set) on failure. */
static xmlBufferPtr render(const ssvc_invoice *inv, const char *fn) {
  xmlGenericErrorFunc old_generic = xmlGenericError;
  void *old_generic_ctx = xmlGenericErrorContext;
  xmlStructuredErrorFunc old_structured = xmlStructuredError;
  void *old_structured_ctx = xmlStructuredErrorContext;
  xmlSetGenericErrorFunc(NULL, quiet_generic);
  xmlSetStructuredErrorFunc(NULL, quiet_structured);
  xmlBufferPtr b = render_quietly(inv, fn);
  xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
  xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
  return b;
}

static xmlBufferPtr render_quietly(const ssvc_invoice *inv, const char *fn) {
  if (inv->n == 0)
    return ssvc__err(inv->ctx, SSVC_ESTATE,
                     "%s: invoice %s has no lines (Peppol BIS 3.0 needs at least one)", fn,
                     inv->number),
           NULL;
  xmlBufferPtr buf = xmlBufferCreate();
  xmlTextWriterPtr x = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
  if (!x) {
    if (buf) xmlBufferFree(buf);
    ssvc__err(inv->ctx, SSVC_ENOMEM, "%s: libxml2 could not allocate a writer", fn);
    return NULL;
  }
  struct w w = {x, 0, inv->currency};
  if (xmlTextWriterSetIndent(x, 1) < 0 || xmlTextWriterSetIndentString(x, (X) "  ") < 0) w.bad = 1;
  write_invoice(&w, inv);
  xmlFreeTextWriter(x); /* flushes into buf */
  if (w.bad) {
    xmlBufferFree(buf);
    ssvc__err(inv->ctx, SSVC_ENOMEM, "%s: libxml2 failed while writing invoice %s", fn,
              inv->number);
    return NULL;
  }
  return buf;
}

int ssvc_invoice_ubl(const ssvc_invoice *invoice, char *buf, size_t size, size_t *len) {
  const char *fn = "ssvc_invoice_ubl";
  if (!invoice) return SSVC_EINVAL;
  if (!len) return ssvc__err(invoice->ctx, SSVC_EINVAL, "%s: len must not be NULL", fn);
  if (size && !buf) return ssvc__err(invoice->ctx, SSVC_EINVAL, "%s: buf is NULL but size is %zu",
                                     fn, size);
  xmlBufferPtr b = render(invoice, fn);
  if (!b) return ssvc_ctx_errcode(invoice->ctx);
  size_t n = (size_t)xmlBufferLength(b);
  if (size) {
    size_t c = n < size ? n : size - 1;
    memcpy(buf, xmlBufferContent(b), c);
    buf[c] = '\0';
  }
  *len = n;
  xmlBufferFree(b);
  return SSVC_OK;
}

int ssvc_invoice_ubl_file(const ssvc_invoice *invoice, const char *path) {
  const char *fn = "ssvc_invoice_ubl_file";
  if (!invoice) return SSVC_EINVAL;
  if (!path) return ssvc__err(invoice->ctx, SSVC_EINVAL, "%s: path must not be NULL", fn);
  xmlBufferPtr b = render(invoice, fn);
  if (!b) return ssvc_ctx_errcode(invoice->ctx);
  ssvc__file_out fo;
  int rc = ssvc__file_out_open(&fo, invoice->ctx, fn, path, 0);
  if (!rc)
    rc = ssvc__file_out_close(&fo, ssvc__file_out_write(&fo, (const char *)xmlBufferContent(b),
                                                        (size_t)xmlBufferLength(b))
                                       ? SSVC_EIO
                                       : SSVC_OK);
  xmlBufferFree(b);
  return rc;
}
