/* smartservice --db FILE backup-phone add|hand-out|return|remove|list: the backup phones kept at
 * a customer's site (doc/backup-phones.md). Not `backup`, which copies the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int bp_add(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "backup-phone add";
  const char *cust = NULL, *imei = NULL, *model = NULL, *terms_s = NULL, *price_s = NULL,
             *actor = "cli";
  int npos;
  const struct cli_opt opts[] = {{"customer", &cust, NULL}, {"imei", &imei, NULL},
                                 {"model", &model, NULL},   {"terms", &terms_s, NULL},
                                 {"price", &price_s, NULL}, {"actor", &actor, NULL},
                                 {NULL, NULL, NULL}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if (!cust || !imei || !model || !terms_s)
    return cli_usage(cmd, "--customer, --imei, --model and --terms (bought or rented) are required");
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
  const char *cust = NULL, *imei = NULL, *user = NULL, *actor = "cli";
  int npos;
  const struct cli_opt opts[] = {{"customer", &cust, NULL}, {"imei", &imei, NULL},
                                 {"user", &user, NULL},     {"actor", &actor, NULL},
                                 {NULL, NULL, NULL}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if (!cust || !imei) return cli_usage(cmd, "--customer and --imei are required");
  if (to == SSVC_BACKUP_HANDED_OUT && !user) return cli_usage(cmd, "--user is required");
  if (to != SSVC_BACKUP_HANDED_OUT && user) return cli_usage(cmd, "--user is for hand-out");
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
  int npos;
  const struct cli_opt opts[] = {{"customer", &cust, NULL}, {NULL, NULL, NULL}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if (!cust) return cli_usage(cmd, "--customer is required");
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  if (ssvc_backup_phone_list(s.st, cust, list_cb, NULL)) rc = cli_fail(cmd, s.ctx);
  return cli_store_close(&s, rc);
}

int cmd_backup_phone(const struct cli_global *g, int argc, char **argv, int first) {
  const char *sub = first < argc ? argv[first] : "";
  if (strcmp(sub, "add") == 0) return bp_add(g, argc, argv, first + 1);
  if (strcmp(sub, "hand-out") == 0)
    return bp_move(g, argc, argv, first + 1, "backup-phone hand-out", SSVC_BACKUP_HANDED_OUT);
  if (strcmp(sub, "return") == 0)
    return bp_move(g, argc, argv, first + 1, "backup-phone return", SSVC_BACKUP_AT_SITE);
  if (strcmp(sub, "remove") == 0)
    return bp_move(g, argc, argv, first + 1, "backup-phone remove", SSVC_BACKUP_REMOVED);
  if (strcmp(sub, "list") == 0) return bp_list(g, argc, argv, first + 1);
  return cli_usage("backup-phone", "expected 'add', 'hand-out', 'return', 'remove' or 'list' "
                   "(got '%s')", first < argc ? argv[first] : "nothing");
}
