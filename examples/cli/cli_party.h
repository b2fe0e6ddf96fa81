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
  {PREFIX "name", &(o).name, NULL}, {PREFIX "org-number", &(o).org, NULL},                     \
      {PREFIX "vat-number", &(o).vat, NULL}, {PREFIX "street", &(o).street, NULL},             \
      {PREFIX "postal-code", &(o).postal, NULL}, {PREFIX "city", &(o).city, NULL},             \
      {PREFIX "country", &(o).country, NULL}, {PREFIX "endpoint", &(o).endpoint, NULL},        \
      {PREFIX "legal-form", &(o).legal_form, NULL}, {PREFIX "bankgiro", &(o).bankgiro, NULL},  \
      {PREFIX "iban", &(o).iban, NULL}, {PREFIX "bic", &(o).bic, NULL},                        \
      {PREFIX "contact", &(o).contact, NULL}, {PREFIX "phone", &(o).phone, NULL},              \
      {PREFIX "email", &(o).email, NULL}, {PREFIX "f-skatt", NULL, &(o).f_skatt}

/* 1 when any of the options was given. */
int cli_party_given(const struct cli_party_opts *o);

/* Sets the fields of @p p that the options give (an empty value clears an optional one). */
void cli_party_apply(const struct cli_party_opts *o, ssvc_party *p);

/* Prints the party's fields, each on a line "LABEL<field>: value" with the values in one column
 * (@p width characters from the line's start). */
void cli_party_print(const char *label, const ssvc_party *p, int width);

#endif
