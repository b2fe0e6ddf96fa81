/*
 * smartservice: the support agent's and integrator's command-line tool over libsmartservice.
 * Each command lives in its own file; this file only reads the global options and dispatches.
 * The output of every command is a stable contract that scripts rely on (doc/cli.md).
 */
#include <string.h>

#include "cli.h"

static const struct cli_command commands[] = {
    {"version", cmd_version, "print the library version"},
    {"tiers", cmd_tiers, "print the tier/feature matrix with prices"},
    {"swap-size", cmd_swap_size, "size the SWAP stock (8% rule or service level)"},
    {"demo", cmd_demo, "run the scripted Support Center day"},
    {"diagnose", cmd_diagnose, "ask the control questions for a symptom (rule R2)"},
    {"guide", cmd_guide, "how-to guidance: phone, operating system, sync and mail topics"},
    {"calendar", cmd_calendar, "print the holidays and closed eves of a year"},
    {"delivery", cmd_delivery, "print the delivery date of a case registered at an instant"},
    {"case", cmd_case, "register, show, list, diagnose and move cases; service notes, labels (needs --db FILE)"},
    {"invoice", cmd_invoice_run, "run or re-read a customer's stored invoices of a month (--db FILE)"},
    {"invoice-preview", cmd_invoice_preview, "preview a month's invoice for a tier and user count (rule R8)"},
    {"center", cmd_center, "set and show the Support Center's identity, the seller (--db FILE)"},
    {"agreement", cmd_agreement, "create, change, show and list agreements (needs --db FILE)"},
    {"price", cmd_price, "set, remove and list the dated prices kept in the store (--db FILE)"},
    {"charge", cmd_charge, "record and list charges on a customer's account (needs --db FILE)"},
    {"swap", cmd_swap_pool, "the SWAP stock: receive, reserve, ship, return, advise (--db FILE)"},
    {"import", cmd_import, "import case records from XML (needs --db FILE)"},
    {"export", cmd_export, "export case records as XML (needs --db FILE)"},
    {"report", cmd_report, "the quality report of a customer (needs --db FILE)"},
    {"erase", cmd_erase, "erase a user's personal data, or the cases past retention (--db FILE)"},
    {"check", cmd_check, "check the database for damage, reading only (needs --db FILE)"},
    {"backup", cmd_backup, "copy the SQLite database to a new file while it is in use (--db)"},
    {"changes", cmd_changes, "the change feed: what changed after a position (--db FILE)"},
    {"backup-phone", cmd_backup_phone, "backup phones at a customer's site: add, hand out, list (--db FILE)"},
    {"roster", cmd_roster, "the users and phones an agreement covers: import, export, change (--db)"},
    {"workshop", cmd_workshop, "repair orders to the service provider: send, done, list (--db FILE)"},
    {"help", cli_help_command, "print the help of the tool or of a command: help COMMAND"},
};

static void usage(FILE *f) { cli_help_usage(f); }

int main(int argc, char **argv) {
  struct cli_global g = {NULL};
  /* The global options (cli_config.c): every command's help and the man page print them. */
  cli_help_init(commands, sizeof commands / sizeof commands[0], cli_global_opts);
  int i = 1;
  /* Global options anywhere on the line (cli_config.c), with the environment and the file. */
  int rc = cli_global_read(&g, &argc, argv);
  if (rc) return rc;
  while (i < argc && argv[i][0] == '-') {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      usage(stdout);
      return cli_exit("--help", CLI_OK);
    } else {
      fprintf(stderr, "smartservice: unknown option '%s'\n", argv[i]);
      usage(stderr);
      return CLI_USAGE;
    }
  }
  if (i >= argc) {
    fputs("smartservice: no command given\n", stderr);
    usage(stderr);
    return CLI_USAGE;
  }
  /* Every command's output is checked once, at its end (cli_exit(): doc/cli.md "Output"). */
  for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
    if (strcmp(argv[i], commands[c].name) == 0)
      return cli_exit(commands[c].name, commands[c].run(&g, argc, argv, i + 1));
  fprintf(stderr, "smartservice: unknown command '%s'\n", argv[i]);
  usage(stderr);
  return CLI_USAGE;
}
