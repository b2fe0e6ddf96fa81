/* The options of an invoice party and its printing (cli_party.h). */
#include "cli_party.h"

#include <string.h>

int cli_party_given(const struct cli_party_opts *o) {
  const char *v[] = {o->name,     o->org,      o->vat,      o->street,   o->postal,
                     o->city,     o->country,  o->endpoint, o->legal_form, o->bankgiro,
                     o->iban,     o->bic,      o->contact,  o->phone,    o->email};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
    if (v[i]) return 1;
  return o->f_skatt;
}

/* A given value; "" clears an optional field (NULL). */
static void set(const char **dst, const char *v, int optional) {
  if (v) *dst = optional && !*v ? NULL : v;
}

void cli_party_apply(const struct cli_party_opts *o, ssvc_party *p) {
  set(&p->name, o->name, 0);
  set(&p->org_number, o->org, 0);
  set(&p->vat_number, o->vat, 1);
  set(&p->street, o->street, 1);
  set(&p->postal_code, o->postal, 1);
  set(&p->city, o->city, 1);
  set(&p->country, o->country, 1);
  set(&p->endpoint, o->endpoint, 1);
  set(&p->legal_form, o->legal_form, 1);
  set(&p->bankgiro, o->bankgiro, 1);
  set(&p->iban, o->iban, 1);
  set(&p->bic, o->bic, 1);
  set(&p->contact_name, o->contact, 1);
  set(&p->contact_phone, o->phone, 1);
  set(&p->contact_email, o->email, 1);
  if (o->f_skatt) p->f_skatt = 1;
}

static void line(const char *label, const char *field, const char *value, int width) {
  if (!value) return;
  int n = printf("%s%s:", label, field);
  printf("%*s%s\n", width > n ? width - n : 1, "", value);
}

void cli_party_print(const char *label, const ssvc_party *p, int width) {
  char ep[128];
  if (!p->endpoint) { /* the default: scheme 0007 and the organisation number's digits */
    size_t j = 0;
    j = (size_t)snprintf(ep, sizeof ep, "0007:");
    for (const char *c = p->org_number; c && *c && j + 1 < sizeof ep; c++)
      if (*c >= '0' && *c <= '9') ep[j++] = *c;
    ep[j] = '\0';
  }
  line(label, "name", p->name, width);
  line(label, "org number", p->org_number, width);
  line(label, "vat number", p->vat_number ? p->vat_number : "-", width);
  line(label, "street", p->street, width);
  line(label, "postal code", p->postal_code, width);
  line(label, "city", p->city, width);
  line(label, "country", p->country ? p->country : "SE", width);
  line(label, "endpoint", p->endpoint ? p->endpoint : ep, width);
  if (p->f_skatt) line(label, "f-skatt", "Godkänd för F-skatt", width);
  line(label, "legal form", p->legal_form, width);
  line(label, "bankgiro", p->bankgiro, width);
  line(label, "iban", p->iban, width);
  line(label, "bic", p->bic, width);
  line(label, "contact", p->contact_name, width);
  line(label, "phone", p->contact_phone, width);
  line(label, "email", p->contact_email, width);
}
