/* The options of an invoice party (the Support Center's identity, an agreement's buyer), their
 * application to an ssvc_party and its printing (cli_party.c; doc/cli.md). */
#ifndef SSVC_CLI_PARTY_H
#define SSVC_CLI_PARTY_H

#include "cli.h"

/* What a party's options gave; strings point into argv, NULL when absent. */
struct cli_party_opts {
  const char *name, *org, *vat, *street, *postal, *city, *country, *endpoint, *legal_form,
      *bankgiro, *iban, *bic, *contact, *phone, *email;
  int f_skatt;
};

/* The cli_opt entries of a party's options, their names prefixed by PREFIX ("" or "buyer-"). */
#define CLI_PARTY_OPTS(PREFIX, o)                                                              \
  {PREFIX "name", &(o).name, NULL, "NAME", NULL, "legal name"},                                    \
  {PREFIX "org-number", &(o).org, NULL, "NNNNNN-NNNN", NULL, "Swedish organisation number"},       \
  {PREFIX "vat-number", &(o).vat, NULL, "SE...01", NULL, "VAT registration number"},               \
  {PREFIX "street", &(o).street, NULL, "STREET", NULL, "street address"},                          \
  {PREFIX "postal-code", &(o).postal, NULL, "CODE", NULL, "postal code"},                          \
  {PREFIX "city", &(o).city, NULL, "CITY", NULL, "city"},                                          \
  {PREFIX "country", &(o).country, NULL, "CC", "SE", "country code (ISO 3166-1 alpha-2)"},         \
  {PREFIX "endpoint", &(o).endpoint, NULL, "SCHEME:ID", NULL,                                      \
      "Peppol endpoint (default 0007: + organisation number)"},                                    \
  {PREFIX "legal-form", &(o).legal_form, NULL, "TEXT", NULL, "legal form printed on invoices"},    \
  {PREFIX "bankgiro", &(o).bankgiro, NULL, "NNN-NNNN", NULL, "bankgiro number for payments"},      \
  {PREFIX "iban", &(o).iban, NULL, "IBAN", NULL, "IBAN for payments (with --bic)"},                \
  {PREFIX "bic", &(o).bic, NULL, "BIC", NULL, "BIC of the IBAN's bank"},                           \
  {PREFIX "contact", &(o).contact, NULL, "NAME", NULL, "contact person"},                          \
  {PREFIX "phone", &(o).phone, NULL, "PHONE", NULL, "contact phone number"},                       \
  {PREFIX "email", &(o).email, NULL, "EMAIL", NULL, "contact e-mail address"},                     \
  {PREFIX "f-skatt", NULL, &(o).f_skatt, NULL, NULL, "approved for F-tax (printed on invoices)"}

/* 1 when any of the options was given. */
int cli_party_given(const struct cli_party_opts *o);

/* Sets the fields of @p p that the options give (an empty value clears an optional one). */
void cli_party_apply(const struct cli_party_opts *o, ssvc_party *p);

/* Prints the party's fields, each on a line "LABEL<field>: value" with the values in one column
 * (@p width characters from the line's start). */
void cli_party_print(const char *label, const ssvc_party *p, int width);

#endif
