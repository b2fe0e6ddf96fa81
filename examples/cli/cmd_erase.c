/*
 * smartservice --db FILE erase: the right to erasure (doc/erasure.md).
 *   erase --customer C (--phone P | --email E | --name N | --imei I) [--actor WHO]
 *   erase --expired [--customer C] [--actor WHO]
 * `case erase --customer C --contact X` is the same command, X taken as phone or e-mail.
 * The counts are printed after the erasure committed.
 */
#include <string.h>

#include "cli.h"
#include "cli_erase.h"

static void print_result(const ssvc_erase_result *r) {
  printf("cases erased:        %zu\n", r->cases);
  printf("SWAP orders cleared: %zu\n", r->orders);
  printf("SWAP units masked:   %zu\n", r->units);
  printf("invoices masked:     %zu\n", r->invoices);
}

int cli_erase(const char *cmd, const struct cli_global *g, int argc, char **argv, int first) {
  const char *customer = NULL, *actor = g->actor, *contact = NULL;
  int expired = 0;
  ssvc_erase_key key = SSVC_ERASE_KEY_INIT;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose user is erased"},
      {"phone", &key.phone, NULL, "PHONE", NULL, "erase the user with this phone number"},
      {"email", &key.email, NULL, "EMAIL", NULL, "erase the user with this e-mail address"},
      {"name", &key.name, NULL, "NAME", NULL, "erase the user with this name"},
      {"imei", &key.imei, NULL, "IMEI", NULL, "erase the user of this phone"},
      {"contact", &contact, NULL, "PHONE-OR-EMAIL", NULL,
       "erase the user with this phone or e-mail"},
      {"expired", NULL, &expired, NULL, NULL,
       "erase the closed cases past the agreements' retention"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if (contact && !key.phone && !key.email) key.phone = key.email = contact;
  int keyed = key.phone || key.email || key.name || key.imei;
  if (expired && keyed)
    return cli_usage(cmd,
                     "--expired erases by the agreements' retention: give no user key with it");
  if (!expired && !keyed)
    return cli_usage(cmd, "no user key: give --phone, --email, --name or --imei (or --expired)");
  if (!expired && !customer) return cli_usage(cmd, "missing --customer (or --expired)");
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  int failed = expired ? ssvc_erase_expired(s.st, &r, customer, ssvc_ctx_now(s.ctx), actor)
                   : ssvc_erase_user(s.st, &r, customer, &key, actor);
  if (failed) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  print_result(&r);
  return cli_store_close(&s, CLI_OK);
}

int cmd_erase(const struct cli_global *g, int argc, char **argv, int first) {
  return cli_erase("erase", g, argc, argv, first);
}
