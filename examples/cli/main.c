/*
 * smartservice: the support agent's and integrator's command-line tool over libsmartservice.
 * Each command lives in its own file; this file only reads the global options and dispatches.
 * The output of every command is a stable contract that scripts rely on (doc/cli.md).
 */
#include <string.h>

#include "cli.h"

struct command {
  const char *name;
  int (*run)(const struct cli_global *g, int argc, char **argv, int first);
  const char *summary;
};

static const struct command commands[] = {
    {"version", cmd_version, "print the library version"},
    {"tiers", cmd_tiers, "print the tier/feature matrix with prices"},
    {"swap-size", cmd_swap_size, "size the SWAP stock (8% rule or service level)"},
    {"demo", cmd_demo, "run the scripted Support Center day"},
    {"diagnose", cmd_diagnose, "ask the control questions for a symptom (rule R2)"},
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
};

static void usage(FILE *f) {
  fputs("usage: smartservice [--db FILE] COMMAND [OPTIONS]\n\ncommands:\n", f);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv) {
  struct cli_global g = {NULL};
  int i = 1;
  /* Global options come before the command. */
  while (i < argc && argv[i][0] == '-') {
    if (strcmp(argv[i], "--help") == 0) {
      usage(stdout);
      return cli_exit("--help", CLI_OK);
    } else if (strcmp(argv[i], "--db") == 0) {
      if (i + 1 >= argc) return cli_usage("", "option '--db' needs a value"), CLI_USAGE;
      g.db = argv[i + 1];
      i += 2;
    } else if (strncmp(argv[i], "--db=", 5) == 0) {
      g.db = argv[i] + 5;
      i++;
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
  if (strcmp(argv[i], "help") == 0) {
    usage(stdout);
    return cli_exit("help", CLI_OK);
  }
  /* Every command's output is checked once, at its end (cli_exit(): doc/cli.md "Output"). */
  for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
    if (strcmp(argv[i], commands[c].name) == 0)
      return cli_exit(commands[c].name, commands[c].run(&g, argc, argv, i + 1));
  fprintf(stderr, "smartservice: unknown command '%s'\n", argv[i]);
  usage(stderr);
  return CLI_USAGE;
}
