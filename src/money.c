/* money: the charge kinds of rule R8, their stable keys and display names (money.h), and the
 * words of invoice lines and their units in both languages (charges_internal.h): the one table
 * of the names a customer reads on an invoice. */
#include <stdio.h>
#include <string.h>

#include "charges_internal.h"
#include "internal.h"
#include "smartservice/money.h"

/* Stable keys, stored in XML and shown in UBL line ids; indexed by ssvc_charge_kind. */
static const char *const kind_keys[SSVC_CHARGE_KIND_COUNT] = {
    "monthly-fee",  "freight", "packaging",     "swap-purchase", "swap-rental",
    "backup-phone", "repair",  "cost-estimate", "unreturned",    "stock-change"};

struct kind_info {
  const char *name[2]; /* by ssvc_lang */
  int direct;          /* billed directly to the customer, on its own invoice */
};

static const struct kind_info kinds[SSVC_CHARGE_KIND_COUNT] = {
    {{"Månadsavgift", "Monthly fee"}, 0},
    {{"Frakt", "Freight"}, 0},
    {{"Emballage", "Packaging"}, 0},
    {{"SWAP-telefon, köp", "SWAP phone, purchase"}, 0},
    {{"SWAP-telefon, hyra", "SWAP phone, rental"}, 0},
    {{"Reservtelefon", "Backup phone"}, 0},
    {{"Reparation utanför garanti", "Repair outside warranty"}, 1},
    {{"Kostnadsförslag", "Cost estimate"}, 1},
    {{"Ej returnerad telefon, ersättningsvärde", "Phone not returned, replacement value"}, 0},
    {{"Ändring av SWAP-lager", "SWAP stock change"}, 0},
};

const char *ssvc_charge_kind_key(int kind) {
  return kind >= 0 && kind < SSVC_CHARGE_KIND_COUNT ? kind_keys[kind] : NULL;
}

int ssvc_charge_kind_from_key(ssvc_ctx *ctx, int *out, const char *key) {
  return ssvc__name_lookup(ctx, "ssvc_charge_kind_from_key", out, key, kind_keys, 0,
                           SSVC_CHARGE_KIND_COUNT - 1, "charge kind");
}

const char *ssvc_charge_kind_name(int kind, int lang) {
  if (kind < 0 || kind >= SSVC_CHARGE_KIND_COUNT) return NULL;
  if (lang != SSVC_LANG_SV && lang != SSVC_LANG_EN) return NULL;
  return kinds[kind].name[lang];
}

int ssvc_charge_kind_is_direct(int kind) {
  return kind >= 0 && kind < SSVC_CHARGE_KIND_COUNT ? kinds[kind].direct : 0;
}

/* The message speaks in percent first and in the field's basis points after, so that a form
 * that asked for percent can name its own field in front of it (the smartservice tool does). */
int ssvc__vat_check(ssvc_ctx *ctx, const char *func, const char *field, uint32_t basis_points) {
  if (basis_points == 2500 || basis_points == 1200 || basis_points == 600 || basis_points == 0)
    return SSVC_OK;
  char percent[24];
  int n = snprintf(percent, sizeof percent, "%u.%02u", basis_points / 100, basis_points % 100);
  while (n > 0 && percent[n - 1] == '0') percent[--n] = '\0'; /* 24.00 -> 24., 12.50 -> 12.5 */
  if (n > 0 && percent[n - 1] == '.') percent[--n] = '\0';
  return ssvc__err(ctx, SSVC_EINVAL,
                   "%s: %s: VAT must be 25, 12, 6 or 0 percent (2500, 1200, 600 or 0 basis points; "
                   "Peppol SE-R-006 allows a Swedish seller only these rates) (got %s percent, %u "
                   "basis points)",
                   func, field, percent, (unsigned)basis_points);
}

/* The words of the line texts that are not a charge kind's or a tier's name, by ssvc__word. */
static const char *const words[SSVC__WORD_COUNT][2] = {
    [SSVC__WORD_USERS] = {"användare", "users"},
    [SSVC__WORD_CASE] = {"ärende", "case"},
    [SSVC__WORD_SHIPMENTS] = {"försändelser", "shipments"},
    [SSVC__WORD_PER_SHIPMENT] = {"per försändelse", "per shipment"},
    [SSVC__WORD_UP_TO] = {"till och med", "up to"},
};

const char *ssvc__word(int word, int lang) {
  return words[word][lang == SSVC_LANG_SV ? 0 : 1];
}

/* The UN/ECE rec. 20 codes the library writes, and the words the text invoice shows for them. */
static const struct {
  const char *code, *name[2];
} units[] = {
    {"C62", {"st", "pcs"}},
    {"DAY", {"dag", "day"}},
    {"MON", {"mån", "month"}},
};

const char *ssvc__unit_name(const char *code, int lang) {
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (strcmp(units[i].code, code) == 0) return units[i].name[lang == SSVC_LANG_SV ? 0 : 1];
  return code;
}
