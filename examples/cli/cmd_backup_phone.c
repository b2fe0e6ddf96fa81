/* smartservice --db FILE backup-phone add|hand-out|return|remove|list: the backup phones kept at
 * a customer's site (doc/backup-phones.md). Not `backup`, which copies the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int bp_add(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "backup-phone add";
  const char *cust = NULL, *imei = NULL, *model = NULL, *terms_s = NULL, *price_s = NULL,
             *actor = g->actor;
  int npos;
  const struct cli_opt opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL, "the customer at whose site the phone is"},
      {"imei", &imei, NULL, "IMEI", NULL, "the phone's IMEI"},
      {"model", &model, NULL, "MODEL", NULL, "the phone's model"},
      {"terms", &terms_s, NULL, "bought|rented", NULL,
       "bought (charged once) or rented (a monthly line on the service invoice)"},
      {"price", &price_s, NULL, "SEK", NULL, "the price of a bought phone"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc || (rc = cli_require(cmd, "customer", cust, "imei", imei, "model", model, "terms",
                              terms_s, (const char *)NULL)))
    return rc;
  int terms;
  if (ssvc_backup_terms_from_name(NULL, &terms, terms_s))
    return cli_usage(cmd, "--terms must be bought or rented (got '%s')", terms_s);
  int64_t price = 0;
  if (terms == SSVC_BACKUP_BOUGHT && !price_s)
    return cli_usage(cmd, "--price is required for a bought phone (in SEK)");
  if (terms == SSVC_BACKUP_RENTED && price_s)
    return cli_usage(cmd, "--price is for a bought phone; a rented one's rent is the stored "
                     "price of kind backup-phone");
  if (price_s && (rc = cli_parse_money(cmd, "--price", price_s, &price))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (ssvc_backup_phone_add(s.st, cust, imei, model, terms, price, actor))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  printf("%s: backup phone %s (%s) at the site, %s\n", cust, imei, model, terms_s);
  return cli_store_close(&s, CLI_OK);
}

/* hand-out, return, remove: --customer, --imei (and --user for hand-out). */
static int bp_move(const struct cli_global *g, int argc, char **argv, int first, const char *cmd,
                   int to) {
  const char *cust = NULL, *imei = NULL, *user = NULL, *actor = g->actor;
  int npos;
  const struct cli_opt hand_out_opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL, "the customer at whose site the phone is"},
      {"imei", &imei, NULL, "IMEI", NULL, "the phone's IMEI"},
      {"user", &user, NULL, "NAME", NULL, "the user who gets the phone"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  const struct cli_opt opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL, "the customer at whose site the phone is"},
      {"imei", &imei, NULL, "IMEI", NULL, "the phone's IMEI"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, to == SSVC_BACKUP_HANDED_OUT ? hand_out_opts : opts,
                     NULL, 0, &npos);
  if (rc || (rc = cli_require(cmd, "customer", cust, "imei", imei, (const char *)NULL)))
    return rc;
  if (to == SSVC_BACKUP_HANDED_OUT && !user) return cli_usage(cmd, "--user is required");
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  rc = to == SSVC_BACKUP_HANDED_OUT ? ssvc_backup_phone_hand_out(s.st, cust, imei, user, actor)
       : to == SSVC_BACKUP_AT_SITE  ? ssvc_backup_phone_return(s.st, cust, imei, actor)
                                    : ssvc_backup_phone_remove(s.st, cust, imei, actor);
  if (rc) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  printf("%s: backup phone %s %s%s%s\n", cust, imei, ssvc_backup_state_name(to),
         user ? " to " : "", user ? user : "");
  return cli_store_close(&s, CLI_OK);
}

static int list_cb(void *ud, const ssvc_backup_phone *p) {
  (void)ud;
  char price[64] = "";
  if (p->terms == SSVC_BACKUP_BOUGHT) ssvc_money_format(price, sizeof price, p->price_minor, "SEK");
  printf("%s  %-16s %-7s %-10s %-12s %s\n", p->imei, p->model, ssvc_backup_terms_name(p->terms),
         ssvc_backup_state_name(p->state), price, p->user);
  return 0;
}

static int bp_list(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "backup-phone list";
  const char *cust = NULL;
  int npos, no_header = 0;
  const struct cli_opt opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL, "the customer at whose site the phone is"},
      {"no-header", NULL, &no_header, NULL, NULL, "leave out the header line"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc || (rc = cli_require(cmd, "customer", cust, (const char *)NULL))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  if (!no_header)
    printf("%-15s  %-16s %-7s %-10s %-12s %s\n", "IMEI", "MODEL", "TERMS", "STATE", "PRICE",
           "USER");
  if (ssvc_backup_phone_list(s.st, cust, list_cb, NULL)) rc = cli_fail(cmd, s.ctx);
  return cli_store_close(&s, rc);
}

static int bp_hand_out(const struct cli_global *g, int argc, char **argv, int first) {
  return bp_move(g, argc, argv, first, "backup-phone hand-out", SSVC_BACKUP_HANDED_OUT);
}

static int bp_return(const struct cli_global *g, int argc, char **argv, int first) {
  return bp_move(g, argc, argv, first, "backup-phone return", SSVC_BACKUP_AT_SITE);
}

static int bp_remove(const struct cli_global *g, int argc, char **argv, int first) {
  return bp_move(g, argc, argv, first, "backup-phone remove", SSVC_BACKUP_REMOVED);
}

int cmd_backup_phone(const struct cli_global *g, int argc, char **argv, int first) {
  static const struct cli_sub subs[] = {{"add", bp_add},
                                        {"hand-out", bp_hand_out},
                                        {"return", bp_return},
                                        {"remove", bp_remove},
                                        {"list", bp_list}};
  return cli_dispatch("backup-phone", subs, sizeof subs / sizeof subs[0], g, argc, argv, first);
}
