/*
 * The help of the smartservice tool (doc/cli.md "Help"): `COMMAND --help`, `-h`, `help COMMAND`,
 * the man page smartservice(1) (`help --man`) and the bash completion (`help --complete`).
 *
 * One source: the options of a command are the option table its cli_parse() call is given (each
 * cmd_*.c); cli_parse() answers --help itself from that table. This file adds what a table cannot
 * say: each command's positional arguments, one-line summary and examples (the pages below).
 * The man page, the completion and `help --check` (the test cli.help.check) walk every command
 * by running it with --help, so they see exactly the tables the commands parse with.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* One command or sub-command: what its option table cannot say. */
struct page {
  const char *path;     /* "case new" */
  const char *args;     /* the positional arguments in the synopsis, or NULL */
  const char *ids;      /* what completes the positional argument: "case", "customer", "file" */
  const char *summary;  /* one line */
  const char *examples; /* two or three command lines, each ending in \n */
};

#define SS "smartservice "
#define DB "smartservice --db sc.db "

static const struct page pages[] = {
    {"help", "[COMMAND [SUB-COMMAND]]", NULL, "print the help of the tool or of a command",
     SS "help\n" SS "help case new\n" SS "help --man | man -l -\n"},
    {"version", NULL, NULL, "print the library version", SS "version\n"
     SS "help version\n"},
    {"tiers", NULL, NULL, "print the tier/feature matrix with prices per user and month",
     SS "tiers\n" SS "tiers --lang sv\n" SS "tiers --json\n"},
    {"swap-size", NULL, NULL, "size the SWAP stock: the 8% rule, or a service level (Poisson)",
     SS "swap-size --fleet 400\n" SS "swap-size --fleet 400 --percent 10\n"
     SS "swap-size --fleet 400 --rate 0.3 --turnaround 10 --fill 0.95\n"},
    {"demo", NULL, NULL, "run the scripted Support Center day on SQLite (doc/demo.md)",
     SS "demo\n" SS "demo --out day --db day.db\n"},
    {"diagnose", NULL, NULL,
     "ask the control questions for a symptom (rule R2), interactively or scripted",
     SS "diagnose --list\n" SS "diagnose --symptom screen --answers yes,yes\n"
     DB "diagnose --customer BYGG --symptom sync\n"},
    {"guide", "[TOPIC]", NULL,
     "how-to guidance on a topic of the phone, the operating system or sync, interactively or "
     "scripted; with --case recorded on the case",
     SS "guide --list --area sync\n" DB "guide --customer ACME passcode\n"
     DB "guide --case SC-2026-000001 wifi --answers no\n"},
    {"calendar", "YEAR", NULL, "print the holidays and closed eves of a year",
     SS "calendar 2026\n" SS "calendar 2026 --lang en --json\n"},
    {"delivery", NULL, NULL, "print the delivery date of a case registered at an instant",
     SS "delivery --at '2026-12-23 13:59'\n"
     SS "delivery --at 2026-12-30T10:00:00Z --return-days 10\n"},
    {"case", "SUB-COMMAND", NULL,
     "register, show, list, diagnose and move cases; service notes and return labels",
     DB "case new --customer ACME --name 'Karin Holm' --imei 353918112200015 --model 'iPhone 15'\n"
     DB "case list --open\n" DB "case show SC-2026-000001\n"},
    {"case new", NULL, NULL, "register a call as a new case; prints the case id",
     DB "case new --customer ACME --name 'Karin Holm' --imei 353918112200015 --model 'iPhone 15'\n"
     DB "case new --customer ACME --name 'Erik Sjö' --imei 353918112200023 --model 'iPhone 15' "
        "--symptom screen --at '2026-12-07 13:58'\n"},
    {"case find", "TEXT", NULL,
     "find cases by IMEI, user name, phone, e-mail or case id (part of it)",
     DB "case find 'karin holm'\n" DB "case find 353918112200015 --open\n"
     DB "case find anna@example.se --customer ACME --no-header\n"},
    {"case show", "CASE", "case",
     "print a case: fields, warranty, promise, log, shipments, charges",
     DB "case show SC-2026-000001\n" DB "case show SC-2026-000001 --json\n"},
    {"case list", NULL, NULL, "list cases, one a line (tab-separated)",
     DB "case list\n" DB "case list --open\n" DB "case list --customer ACME\n"},
    {"case event", "CASE", "case", "move a case to a state, record an outcome or add a note",
     DB "case event SC-2026-000001 --to closed\n"
     DB "case event SC-2026-000001 --note 'user called back'\n"},
    {"case diagnose", "CASE", "case",
     "ask the control questions of a diagnosing case and apply them",
     DB "case diagnose SC-2026-000001\n" DB "case diagnose SC-2026-000001 --answers yes,yes\n"},
    {"case erase", NULL, NULL, "erase a user's personal data (as erase, by phone or e-mail)",
     DB "case erase --customer ACME --contact +46701234567\n"
     DB "case erase --customer ACME --contact anna.berg@example.se --actor dpo\n"},
    {"case estimate", "CASE", "case",
     "record the workshop's cost estimate on a case out of warranty",
     DB "case estimate SC-2026-000001 --amount 1450 --inspection-fee 300\n"
     DB "case estimate SC-2026-000002 --amount 890.50 --text 'new display'\n"},
    {"case estimate-accept", "CASE", "case",
     "the customer accepted the estimate: repair and charge",
     DB "case estimate-accept SC-2026-000001 --by 'Anna Ek'\n"
     DB "case estimate-accept SC-2026-000002 --by 'Bo Ek' --actor agent-1\n"},
    {"case estimate-decline", "CASE", "case",
     "the customer declined: the phone goes back unrepaired",
     DB "case estimate-decline SC-2026-000001 --by 'Anna Ek'\n"
     DB "case estimate-decline SC-2026-000002 --by 'Bo Ek' --actor agent-1\n"},
    {"case note", "CASE", "case", "print the service note (A4) of a case whose phone is sent in",
     DB "case note SC-2026-000001 > note.html\n"
     DB "case note SC-2026-000001 --format pdf --lang en --out note.pdf\n"},
    {"case label", "CASE", "case", "print the return label (100 x 150 mm) of a case",
     DB "case label SC-2026-000001 --format pdf --out label.pdf\n"
     DB "case label SC-2026-000001 --lang en > label.html\n"},
    {"invoice", "[credit|credits]", NULL,
     "run a customer's invoices of a month, or print the stored ones again",
     DB "invoice --customer BYTE --month 2026-11 --dry-run\n"
     DB "invoice --customer BYTE --month 2026-11 --format ubl --out nov.xml\n"
     DB "invoice --all --month 2026-11\n"},
    {"invoice credit", "NUMBER", NULL, "credit a stored invoice, or some of its lines",
     DB "invoice credit INV-2026-000001 --reason 'wrong user count'\n"
     DB "invoice credit INV-2026-000001 --line 2 --format ubl --out credit.xml\n"},
    {"invoice credits", NULL, NULL, "list a customer's credit notes",
     DB "invoice credits --customer BYTE\n"
     DB "invoice credits --customer ACME\n"},
    {"invoice-preview", NULL, NULL, "preview a month's invoice for a tier and user count",
     DB "invoice-preview --tier PROF --users 400 --month 2026-11 --customer KUND\n"
     DB "invoice-preview --tier BAS --users 25 --month 2026-02 --shipments 3 --lang sv\n"},
    {"center", "SUB-COMMAND", NULL, "set and show the Support Center's identity, the seller",
     DB "center show\n" DB "center set --bankgiro 123-4567\n"},
    {"center set", NULL, NULL, "store or change the Support Center's identity",
     DB "center set --name 'Support AB' --org-number 556677-8899 --vat-number SE556677889901 "
        "--bankgiro 123-4567\n"
     DB "center set --email support@example.se\n"},
    {"center show", NULL, NULL, "print the Support Center's identity", DB "center show\n"
     DB "center show | grep bankgiro\n"},
    {"agreement", "SUB-COMMAND", NULL, "create, change, show and list agreements",
     DB "agreement new --customer ACME --name 'Acme AB' --tier PROF --fleet 120\n"
     DB "agreement list\n"},
    {"agreement new", NULL, NULL, "create a customer's agreement; prints the customer id",
     DB "agreement new --customer ACME --name 'Acme AB' --tier PROF --fleet 120 --swap\n"
     DB "agreement new --customer BYGG --name 'Bygg AB' --tier BYGG --tier-name 'Bygg special' "
        "--features diagnosis,phone-help --tier-price 12.50 --fleet 20\n"},
    {"agreement set", "CUSTOMER", "customer", "change an agreement (compare-and-set)",
     DB "agreement set ACME --fleet 130 --from 2026-12-01\n"
     DB "agreement set BYTE --tier PROF --user-price list\n"},
    {"agreement show", "CUSTOMER", "customer", "print an agreement and its change log",
     DB "agreement show ACME\n"
     DB "agreement show BYGG\n"},
    {"agreement list", NULL, NULL, "list the agreements, one a line", DB "agreement list\n"
     DB "agreement list | cut -f1,2\n"},
    {"price", "SUB-COMMAND", NULL, "set, remove and list the dated prices kept in the store",
     DB "price list\n" DB "price set --tier PROF --from 2026-11-10 --price 45\n"},
    {"price set", NULL, NULL, "store a dated list price, or a customer's override",
     DB "price set --tier PROF --from 2026-11-10 --price 45\n"
     DB "price set --kind freight --from 2027-01-01 --price 95 --customer ACME\n"},
    {"price remove", NULL, NULL, "take away a stored price set by mistake",
     DB "price remove --tier PROF --from 2026-11-10\n"
     DB "price remove --kind freight --from 2027-01-01 --customer ACME\n"},
    {"price list", NULL, NULL, "list the stored list prices, or a customer's overrides",
     DB "price list\n" DB "price list --customer ACME\n"},
    {"charge", "SUB-COMMAND", NULL, "record and list charges on a customer's account",
     DB "charge add --customer ACME --kind swap-purchase --price 4500\n"
     DB "charge list --customer ACME\n"},
    {"charge add", NULL, NULL, "record a charge (or a credit) on a customer's account",
     DB "charge add --customer ACME --kind swap-purchase --price 4500\n"
     DB "charge add --customer ACME --kind repair --price 300 --credit --text goodwill\n"},
    {"charge list", NULL, NULL, "list a customer's charges", DB "charge list --customer ACME\n"
     DB "charge list --customer BYTE\n"},
    {"swap", "SUB-COMMAND", NULL, "the SWAP stock: receive, reserve, ship, return, advise",
     DB "swap receive --customer ACME --imei 350000000000006 --model 'iPhone 15'\n"
     DB "swap reserve SC-2026-000001\n" DB "swap advise --customer ACME\n"},
    {"swap receive", NULL, NULL, "receive phones into a customer's stock (all or none)",
     DB "swap receive --customer ACME --imei 350000000000006 --model 'iPhone 15'\n"
     DB "swap receive --customer ACME --imei 350000000000006,350000000000014 "
        "--model 'Fairphone 5'\n"},
    {"swap list", NULL, NULL, "list a customer's SWAP units, or the backorders",
     DB "swap list --customer ACME\n" DB "swap list --backorders\n"},
    {"swap reserve", "CASE", "case", "reserve a SWAP phone for a case (or backorder it)",
     DB "swap reserve SC-2026-000001\n" DB "swap reserve SC-2026-000001 --model 'iPhone 15'\n"},
    {"swap ship", "CASE", "case", "ship the reserved phone to the user",
     DB "swap ship SC-2026-000001 --carrier PostNord --tracking 00370712345678901234\n"
     DB "swap ship SC-2026-000002 --actor lager\n"},
    {"swap return", "CASE", "case", "the faulty phone came back",
     DB "swap return SC-2026-000001\n"
     DB "swap return SC-2026-000002 --actor lager\n"},
    {"swap repaired", "CASE", "case", "the faulty phone came back repaired",
     DB "swap repaired SC-2026-000001\n"
     DB "swap repaired SC-2026-000002 --actor workshop\n"},
    {"swap loan-returned", "CASE", "case", "the loan phone came back",
     DB "swap loan-returned SC-2026-000001\n"
     DB "swap loan-returned SC-2026-000002 --actor lager\n"},
    {"swap cancel", "CASE", "case", "cancel a case's SWAP order",
     DB "swap cancel SC-2026-000001\n"
     DB "swap cancel SC-2026-000002 --actor agent-1\n"},
    {"swap order", "CASE", "case", "print a case's SWAP order", DB "swap order SC-2026-000001\n"
     DB "swap order SC-2026-000002\n"},
    {"swap retire", NULL, NULL, "take a unit out of the stock for good",
     DB "swap retire --customer ACME --imei 350000000000006 --note 'cracked frame'\n"
     DB "swap retire --customer ACME --imei 350000000000014\n"},
    {"swap advise", NULL, NULL, "how many phones to buy, per model",
     DB "swap advise --customer ACME\n"
     DB "swap advise --customer BYGG\n"},
    {"swap overdue", NULL, NULL, "the faulty phones not returned in time (charged once)",
     DB "swap overdue\n" DB "swap overdue --customer ACME\n"},
    {"swap request", NULL, NULL, "send a refill request (anmodan) to the customer",
     DB "swap request --customer ACME\n"
     DB "swap request --customer ACME --actor agent-1\n"},
    {"swap approve", NULL, NULL, "the customer approved a refill request: receive the phones",
     DB "swap approve --customer ACME --request 1 --imei 350000000000022 --model 'iPhone 15'\n"
     DB "swap approve --customer ACME --request 2 --imei 350000000000030,350000000000048 "
        "--model 'Fairphone 5'\n"},
    {"swap decline", NULL, NULL, "the customer declined a refill request",
     DB "swap decline --customer ACME --request 1\n"
     DB "swap decline --customer ACME --request 2 --actor agent-1\n"},
    {"swap change", "new|approve|decline|show|list", NULL,
     "stock change orders: models in, units out, targets; billed separately",
     DB "swap change new --customer ACME --add 350000000000022 --model 'Fairphone 5' --price 1500\n"
     DB "swap change list --customer ACME\n"},
    {"swap change new", NULL, NULL, "write a stock change order for the customer to approve",
     DB "swap change new --customer ACME --add 350000000000022,350000000000030 --model "
        "'Fairphone 5' --remove 350000000000006 --disposal to-customer --target 'Fairphone 5=2,"
        "iPhone 12=0' --price 1500\n"
     DB "swap change new --customer ACME --remove 350000000000014 --disposal sold\n"
     DB "swap change new --customer ACME --add '350000000000048:iPhone 15' --remove "
        "350000000000014:sold,350000000000055:retired\n"},
    {"swap change approve", NULL, NULL,
     "the customer approved a stock change order: apply it and charge it",
     DB "swap change approve --customer ACME --order 1\n"
     DB "swap change approve --customer ACME --order 2 --actor agent-1\n"},
    {"swap change decline", NULL, NULL, "the customer declined a stock change order",
     DB "swap change decline --customer ACME --order 1\n"
     DB "swap change decline --customer ACME --order 2 --actor agent-1\n"},
    {"swap change show", NULL, NULL, "print a stock change order and its lines",
     DB "swap change show --customer ACME --order 1\n"
     DB "swap change show --customer BYGG --order 3\n"},
    {"swap change list", NULL, NULL, "list a customer's stock change orders",
     DB "swap change list --customer ACME\n"
     DB "swap change list --customer ACME --no-header\n"},
    {"import", "FILE.xml", "file", "import case records and agreements from XML",
     DB "import cases.xml\n" DB "import cases.xml --on-duplicate skip --continue\n"},
    {"export", "FILE.xml|-", "file", "export case records and agreements as XML",
     DB "export all.xml\n" DB "export - --customer ACME --from 2026-01-01 --to 2026-12-31\n"},
    {"report", "[targets]", NULL, "the quality report of a customer",
     DB "report --customer ACME --month 2026-11 --format html --out nov.html\n"
     DB "report --customer ACME --from 2026-01-01 --to 2026-06-30 --format csv --lang en\n"},
    {"report targets", "set|show", NULL, "set and show a customer's report targets",
     DB "report targets show --customer ACME\n"
     DB "report targets set --customer ACME --on-time 95\n"},
    {"report targets set", NULL, NULL, "set a customer's report targets (none removes one)",
     DB "report targets set --customer ACME --on-time 95 --unreturned-max 2\n"
     DB "report targets set --customer ACME --solved-on-phone none\n"},
    {"report targets show", NULL, NULL, "print a customer's report targets",
     DB "report targets show --customer ACME\n"
     DB "report targets show --customer BYGG\n"},
    {"erase", NULL, NULL, "erase a user's personal data, or the cases past retention",
     DB "erase --customer ACME --phone +46701234567\n" DB "erase --expired\n"},
    {"check", NULL, NULL, "check the database for damage, reading only", DB "check\n"
     DB "check || echo damaged\n"},
    {"backup", "COPY", "file", "copy the SQLite database to a new file while it is in use",
     DB "backup copy.db\n"
     DB "backup /backup/sc-2026-12-04.db\n"},
    {"changes", NULL, NULL, "the change feed: what changed after a position",
     DB "changes\n" DB "changes --since 120 --json --follow\n"},
    {"backup-phone", "SUB-COMMAND", NULL, "the backup phones kept at a customer's site",
     DB "backup-phone add --customer ACME --imei 350000000000006 --model 'Galaxy A15' "
        "--terms rented\n"
     DB "backup-phone hand-out --customer ACME --imei 350000000000006 --user 'Karin Holm'\n"
     DB "backup-phone list --customer ACME\n"},
    {"backup-phone add", NULL, NULL, "a backup phone arrives at the customer's site",
     DB "backup-phone add --customer ACME --imei 350000000000006 --model 'Galaxy A15' "
        "--terms rented\n"
     DB "backup-phone add --customer ACME --imei 350000000000014 --model 'Galaxy A15' "
        "--terms bought --price 1990\n"},
    {"backup-phone hand-out", NULL, NULL, "lend a backup phone to a user",
     DB "backup-phone hand-out --customer ACME --imei 350000000000006 --user 'Karin Holm'\n"
     DB "backup-phone hand-out --customer ACME --imei 350000000000014 --user 'Erik Sjö'\n"},
    {"backup-phone return", NULL, NULL, "the user gives the backup phone back to the site",
     DB "backup-phone return --customer ACME --imei 350000000000006\n"
     DB "backup-phone return --customer ACME --imei 350000000000014 --actor karin\n"},
    {"backup-phone remove", NULL, NULL, "the phone leaves the site for good (a rent stops)",
     DB "backup-phone remove --customer ACME --imei 350000000000006\n"
     DB "backup-phone remove --customer ACME --imei 350000000000014 --actor karin\n"},
    {"backup-phone list", NULL, NULL, "the customer's backup phones, with a header",
     DB "backup-phone list --customer ACME\n"
     DB "backup-phone list --customer ACME --no-header\n"},
    {"workshop", "SUB-COMMAND", NULL, "repair orders to the service provider (servicegivare)",
     DB "workshop send SC-2026-000001 --provider 'Mobilfix AB' --note 'display cracked'\n"
     DB "workshop done SC-2026-000001 --outcome repaired --cost 850\n"
     DB "workshop list --customer ACME\n"},
    {"workshop send", "CASE", "case", "send a referred or returned phone to the service provider",
     DB "workshop send SC-2026-000001 --provider 'Mobilfix AB'\n"
     DB "workshop send SC-2026-000002 --provider Telereparation --estimate 1200 --note 'no sound'\n"},
    {"workshop estimate", "CASE", "case", "record the provider's estimate on a repair order",
     DB "workshop estimate SC-2026-000001 --amount 890\n"
     DB "workshop estimate SC-2026-000002 --amount 1450.50 --actor karin\n"},
    {"workshop done", "CASE", "case", "the provider is done: repaired or scrapped, at a cost",
     DB "workshop done SC-2026-000001 --outcome repaired --cost 850\n"
     DB "workshop done SC-2026-000002 --outcome scrapped --cost 0\n"},
    {"workshop list", NULL, NULL, "the customer's repair orders, with a header",
     DB "workshop list --customer ACME\n" DB "workshop list --customer ACME --no-header\n"},
    {"workshop show", "CASE", "case", "print a case's repair order",
     DB "workshop show SC-2026-000001\n" DB "workshop show SC-2026-000001 --json\n"},
    {"roster", "SUB-COMMAND", NULL, "the users and phones an agreement covers",
     DB "roster import --customer ACME phones.csv --dry-run\n"
     DB "roster list --customer ACME\n" DB "roster show --customer ACME 070-123 45 67\n"},
    {"roster import", "FILE", "file",
     "import the customer's asset register (CSV): all rows or none",
     DB "roster import --customer ACME phones.csv --dry-run\n"
     DB "roster import --customer ACME phones.csv --replace\n"},
    {"roster export", "[FILE|-]", "file", "write the roster as CSV (import reads it back)",
     DB "roster export --customer ACME\n" DB "roster export --customer ACME acme-phones.csv\n"},
    {"roster add", NULL, NULL, "add one user and phone to the roster",
     DB "roster add --customer ACME --imei 353918112200015 --name 'Karin Holm' "
        "--model 'iPhone 15'\n"
     DB "roster add --customer ACME --imei 353918112200023 --name 'Erik Sjö' "
        "--phone 070-1234567 --email erik@acme.example\n"},
    {"roster set", NULL, NULL, "change an entry: the options given (\"\" clears one)",
     DB "roster set --customer ACME --imei 353918112200015 --phone 070-7654321\n"
     DB "roster set --customer ACME --imei 353918112200015 --email ''\n"},
    {"roster remove", NULL, NULL, "take a phone off the roster",
     DB "roster remove --customer ACME --imei 353918112200015\n"
     DB "roster remove --customer ACME --imei 353918112200023 --actor karin\n"},
    {"roster list", NULL, NULL, "the roster: one phone per line, with a header",
     DB "roster list --customer ACME\n" DB "roster list --customer BYGG\n"},
    {"roster show", "WHO", NULL, "the entry of an IMEI, phone number or e-mail address",
     DB "roster show --customer ACME 353918112200015\n"
     DB "roster show --customer ACME erik@acme.example\n"},
};

static const size_t npages = sizeof pages / sizeof pages[0];

/* ---- state: the tables main.c gives, and the walk ---- */

static const struct cli_command *commands;
static size_t ncommands;
static const struct cli_opt *globals;

/* While walking (help --man, --check, --complete) cli_parse()'s --help copies the options here
 * instead of printing; the walker uses them after the command returned. */
enum { MAX_OPTS = 160, MAX_SUBS = 40 };
static struct {
  int on;      /* walking */
  int reached; /* the walked command answered --help */
  size_t nopts, nsubs;
  struct cli_opt opts[MAX_OPTS];
  const char *subs[MAX_SUBS]; /* a cli_dispatch() command's sub-commands */
} walk;

void cli_help_init(const struct cli_command *cmds, size_t ncmds, const struct cli_opt *g) {
  commands = cmds;
  ncommands = ncmds;
  globals = g;
}

static const struct page *page_find(const char *path) {
  for (size_t i = 0; i < npages; i++)
    if (strcmp(pages[i].path, path) == 0) return &pages[i];
  return NULL;
}

/* 1 when @p child is a direct sub-command page of @p path ("case new" of "case"). */
static int is_child(const char *path, const char *child) {
  size_t n = strlen(path);
  return strncmp(child, path, n) == 0 && child[n] == ' ' && !strchr(child + n + 1, ' ');
}

static int has_children(const char *path) {
  for (size_t i = 0; i < npages; i++)
    if (is_child(path, pages[i].path)) return 1;
  return 0;
}

int cli_help_wanted(int argc, char **argv, int first, const struct cli_opt *opts) {
  for (int i = first; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) return 0;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    if (strncmp(a, "--", 2) != 0 || strchr(a, '=')) continue;
    for (const struct cli_opt *o = opts; o && o->name; o++)
      if (o->value && strcmp(o->name, a + 2) == 0) i++; /* its value: not an option */
  }
  return 0;
}

int cli_help_hint(const char *cmd) {
  fprintf(stderr, "try 'smartservice %s --help'\n", cmd);
  return CLI_USAGE;
}

/* ---- the text help ---- */

/* "--name ARG" */
static void opt_left(char *buf, size_t size, const struct cli_opt *o) {
  if (o->value) snprintf(buf, size, "--%s %s", o->name, o->arg ? o->arg : "VALUE");
  else snprintf(buf, size, "--%s", o->name);
}

static void print_opt(FILE *f, const struct cli_opt *o) {
  char left[128];
  opt_left(left, sizeof left, o);
  if (strlen(left) <= 26) fprintf(f, "  %-26s  ", left);
  else fprintf(f, "  %s\n  %-26s  ", left, "");
  fputs(o->help ? o->help : "(undocumented)", f);
  if (o->def) fprintf(f, " (default: %s)", o->def);
  fputc('\n', f);
}

static void print_text(FILE *f, const char *cmd, const struct page *pg, const struct cli_opt *opts,
                       int nopts) {
  fprintf(f, "smartservice %s: %s\n\n", cmd, pg ? pg->summary : "(no help page)");
  fprintf(f, "usage: smartservice [GLOBAL OPTIONS] %s%s%s%s\n", cmd, nopts ? " [OPTIONS]" : "",
          pg && pg->args ? " " : "", pg && pg->args ? pg->args : "");
  fputs("\noptions:\n", f);
  for (int i = 0; i < nopts; i++) print_opt(f, &opts[i]);
  fprintf(f, "  %-26s  print this help and exit\n", "-h, --help");
  if (has_children(cmd)) {
    fputs("\nsub-commands:\n", f);
    for (size_t i = 0; i < npages; i++)
      if (is_child(cmd, pages[i].path)) {
        fputs("  ", f);
        cli_print_padded(f, pages[i].path + strlen(cmd) + 1, 18);
        fprintf(f, "  %s\n", pages[i].summary);
      }
  }
  if (globals && globals->name) {
    fputs("\nglobal options:\n", f);
    for (const struct cli_opt *o = globals; o->name; o++) print_opt(f, o);
  }
  if (pg && pg->examples) {
    fputs("\nexamples:\n", f);
    for (const char *p = pg->examples; *p;) {
      const char *nl = strchr(p, '\n');
      size_t n = nl ? (size_t)(nl - p) : strlen(p);
      fprintf(f, "  %.*s\n", (int)n, p);
      p += n + (nl ? 1 : 0);
    }
  }
  fputs(has_children(cmd) ? "\n'smartservice help COMMAND SUB-COMMAND' (or SUB-COMMAND --help) for "
                            "the details of each.\n"
                          : "\nMore: man smartservice, doc/cli.md.\n",
        f);
}

int cli_help_print(const char *cmd, const struct cli_opt *opts) {
  int n = 0;
  while (opts && opts[n].name) n++;
  if (walk.on) {
    walk.reached = 1;
    walk.nopts = 0;
    for (int i = 0; i < n && walk.nopts < MAX_OPTS; i++) walk.opts[walk.nopts++] = opts[i];
    return CLI_HELP;
  }
  print_text(stdout, cmd, page_find(cmd), opts, n);
  return CLI_HELP;
}

int cli_help_asked(const char *cmd, int argc, char **argv, int first) {
  if (first < argc && (strcmp(argv[first], "--help") == 0 || strcmp(argv[first], "-h") == 0))
    return cli_help_print(cmd, NULL);
  return 0;
}

/* "a, b, c or d" */
static void join_names(char *buf, size_t size, const struct cli_sub *subs, size_t n) {
  size_t len = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n && len < size; i++)
    len += (size_t)snprintf(buf + len, size - len, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
                            subs[i].name);
}

int cli_dispatch(const char *cmd, const struct cli_sub *subs, size_t n,
                 const struct cli_global *g, int argc, char **argv, int first) {
  if (cli_help_asked(cmd, argc, argv, first)) {
    for (size_t i = 0; walk.on && i < n && i < MAX_SUBS; i++)
      walk.subs[walk.nsubs++] = subs[i].name;
    return CLI_HELP;
  }
  char names[512];
  join_names(names, sizeof names, subs, n);
  if (first >= argc) return cli_usage(cmd, "expected a subcommand: %s", names), cli_help_hint(cmd);
  for (size_t i = 0; i < n; i++)
    if (strcmp(argv[first], subs[i].name) == 0) return subs[i].run(g, argc, argv, first + 1);
  return cli_usage(cmd, "unknown subcommand '%s' (expected %s)", argv[first], names),
         cli_help_hint(cmd);
}

/* ---- the walk: every command run with --help ---- */

static const struct cli_command *command_find(const char *name) {
  for (size_t i = 0; i < ncommands; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

/* Runs @p path ("report targets set") with --help while walking: its options land in walk.
 * 1 when it answered, 0 when not (no such command, or it did not reach cli_parse()). */
static int walk_path(const char *path) {
  char buf[256], *argv[16];
  int argc = 0;
  snprintf(buf, sizeof buf, "%s", path);
  argv[argc++] = "smartservice";
  for (char *w = strtok(buf, " "); w && argc < 14; w = strtok(NULL, " ")) argv[argc++] = w;
  argv[argc++] = "--help";
  argv[argc] = NULL;
  const struct cli_command *c = argc > 2 ? command_find(argv[1]) : NULL;
  memset(&walk, 0, sizeof walk);
  if (!c) return 0;
  struct cli_global g;
  memset(&g, 0, sizeof g);
  walk.on = 1;
  c->run(&g, argc, argv, 2);
  walk.on = 0;
  return walk.reached;
}

/* ---- help --check: every command, sub-command and option documented ---- */

static int check_problem(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int check_problem(const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "smartservice help --check: %s: ", path);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 1;
}

static int check_opts(const char *path, const struct cli_opt *opts, size_t n) {
  int bad = 0;
  for (size_t i = 0; i < n; i++) {
    const struct cli_opt *o = &opts[i];
    if (!o->help || !*o->help)
      bad += check_problem(path, "option '--%s' has no description", o->name);
    if (o->value && !o->arg) bad += check_problem(path, "option '--%s' has no value name", o->name);
    if (!o->value && (o->arg || o->def))
      bad += check_problem(path, "flag '--%s' has a value name or a default", o->name);
  }
  return bad;
}

/* Every --option in an example line is one its command (or the tool) accepts: the line's
 * command is the longest page path after "smartservice" and the global options. */
static int check_example(const char *page_path, const char *line) {
  char buf[512], path[256] = "", *w[64];
  int n = 0, bad = 0;
  snprintf(buf, sizeof buf, "%s", line);
  for (char *t = strtok(buf, " "); t && n < 64; t = strtok(NULL, " ")) w[n++] = t;
  int i = 1;
  if (i + 1 < n && strcmp(w[i], "--db") == 0) i += 2;
  for (; i < n; i++) {
    char next[256];
    snprintf(next, sizeof next, "%s%s%s", path, *path ? " " : "", w[i]);
    if (!page_find(next)) break;
    snprintf(path, sizeof path, "%s", next);
  }
  if (!*path || !walk_path(path))
    return check_problem(page_path, "an example runs no command: %s", line);
  for (; i < n; i++) {
    if (strncmp(w[i], "--", 2) != 0 || !w[i][2]) continue;
    size_t len = strcspn(w[i] + 2, "=");
    int known = strncmp(w[i] + 2, "help", len) == 0 && len == 4;
    for (size_t k = 0; k < walk.nopts && !known; k++)
      known = strlen(walk.opts[k].name) == len && strncmp(walk.opts[k].name, w[i] + 2, len) == 0;
    if (!known)
      bad += check_problem(page_path, "an example uses '--%.*s', which %s does not take", (int)len,
                           w[i] + 2, path);
  }
  return bad;
}

/* A page has two or three examples, each checked. */
static int check_examples(const struct page *pg) {
  int bad = 0, lines = 0;
  for (const char *p = pg->examples; p && *p; p++) lines += *p == '\n';
  if (lines < 2 || lines > 3)
    bad += check_problem(pg->path, "has %d examples (two or three, each ending in a newline)", lines);
  for (const char *p = pg->examples; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    char line[512];
    snprintf(line, sizeof line, "%.*s", (int)n, p);
    bad += check_example(pg->path, line);
    p += n + (nl ? 1 : 0);
  }
  return bad;
}

static int check_all(void) {
  int bad = 0;
  size_t nopts = 0;
  for (const struct cli_opt *o = globals; o && o->name; o++)
    bad += check_opts("global options", o, 1);
  for (size_t i = 0; i < ncommands; i++)
    if (!page_find(commands[i].name))
      bad += check_problem(commands[i].name, "has no help page%s", "");
  for (size_t i = 0; i < npages; i++) {
    const struct page *pg = &pages[i];
    if (!walk_path(pg->path)) {
      bad += check_problem(pg->path, "does not answer --help (no such command?)%s", "");
      continue;
    }
    struct cli_opt opts[MAX_OPTS];
    size_t n = walk.nopts;
    memcpy(opts, walk.opts, n * sizeof opts[0]);
    nopts += n;
    bad += check_opts(pg->path, opts, n);
    for (size_t k = 0; k < walk.nsubs; k++) {
      char sub[128];
      snprintf(sub, sizeof sub, "%s %s", pg->path, walk.subs[k]);
      if (!page_find(sub)) bad += check_problem(sub, "has no help page%s", "");
    }
    bad += check_examples(pg);
  }
  if (bad) {
    fprintf(stderr, "smartservice help --check: %d problem%s\n", bad, bad == 1 ? "" : "s");
    return CLI_FAIL;
  }
  printf("%zu commands, %zu help pages, %zu options: all documented\n", ncommands, npages, nopts);
  return CLI_OK;
}

/* ---- help --man: smartservice(1) in roff ---- */

static void roff(FILE *f, const char *s) {
  if (*s == '.' || *s == '\'') fputs("\\&", f);
  for (; *s; s++) {
    if (*s == '\\') fputs("\\e", f);
    else if (*s == '-') fputs("\\-", f);
    else fputc(*s, f);
    if (*s == '\n' && (s[1] == '.' || s[1] == '\'')) fputs("\\&", f);
  }
}

static void man_opt(FILE *f, const struct cli_opt *o) {
  fputs(".TP\n\\fB", f);
  roff(f, "--");
  roff(f, o->name);
  fputs("\\fR", f);
  if (o->value) {
    fputs(" \\fI", f);
    roff(f, o->arg ? o->arg : "VALUE");
    fputs("\\fR", f);
  }
  fputc('\n', f);
  roff(f, o->help ? o->help : "(undocumented)");
  if (o->def) {
    fputs(" (default: ", f);
    roff(f, o->def);
    fputc(')', f);
  }
  fputc('\n', f);
}

static void man_page(FILE *f, const struct page *pg) {
  if (!walk_path(pg->path)) return;
  fputs(".SS \"", f);
  roff(f, pg->path);
  fputs("\"\n", f);
  roff(f, pg->summary);
  fputs(".\n.PP\n\\fBsmartservice ", f);
  roff(f, pg->path);
  fputs("\\fR", f);
  if (walk.nopts) fputs(" [\\fIOPTIONS\\fR]", f);
  if (pg->args) {
    fputs(" \\fI", f);
    roff(f, pg->args);
    fputs("\\fR", f);
  }
  fputc('\n', f);
  for (size_t i = 0; i < walk.nopts; i++) man_opt(f, &walk.opts[i]);
  fputs(".PP\nExamples:\n.RS\n.nf\n", f);
  roff(f, pg->examples);
  fputs(".fi\n.RE\n", f);
}

static void man_children(FILE *f, const char *path) {
  for (size_t i = 0; i < npages; i++)
    if (is_child(path, pages[i].path)) {
      man_page(f, &pages[i]);
      man_children(f, pages[i].path);
    }
}

static int man(void) {
  FILE *f = stdout;
  fprintf(f, ".TH SMARTSERVICE 1 \"\" \"libsmartservice %s\" \"User Commands\"\n", ssvc_version());
  fputs(".nh\n.ad l\n.SH NAME\nsmartservice \\- the Support Center's tool over libsmartservice\n"
        ".SH SYNOPSIS\n\\fBsmartservice\\fR [\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR "
        "[\\fIOPTIONS\\fR]\n.br\n\\fBsmartservice\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR\n.br\n"
        "\\fBsmartservice help\\fR [\\fICOMMAND\\fR [\\fISUB\\-COMMAND\\fR]]\n"
        ".SH DESCRIPTION\nThe support agent's and integrator's command\\-line tool: cases, "
        "diagnosis, SWAP stock, agreements, invoices, reports and the database. Every command "
        "answers \\fB\\-\\-help\\fR (or \\fB\\-h\\fR) with its options, their defaults and "
        "examples. Options take their value as \\fB\\-\\-name value\\fR or "
        "\\fB\\-\\-name=value\\fR. The output of every command is a contract that scripts may "
        "rely on (doc/cli.md).\n.SH GLOBAL OPTIONS\n",
        f);
  for (const struct cli_opt *o = globals; o && o->name; o++) man_opt(f, o);
  fputs(".SH COMMANDS\n", f);
  for (size_t i = 0; i < ncommands; i++) {
    const struct page *pg = page_find(commands[i].name);
    if (!pg) continue;
    man_page(f, pg);
    man_children(f, pg->path);
  }
  fputs(".SH EXIT STATUS\n0: success (and after \\fB\\-\\-help\\fR). 2: usage error, the message "
        "on standard error names the bad command, option or value. 1: the operation failed, the "
        "message names the input and why; also when the output could not be written.\n"
        ".SH ENVIRONMENT\n.TP\n\\fBSSVC_NOW\\fR\nUnix seconds: fixes the clock of the stateful "
        "commands (tests).\n.SH FILES\n.TP\n"
        "\\fIshare/bash\\-completion/completions/smartservice\\fR\nthe bash completion: commands, "
        "sub\\-commands, options, case and customer ids.\n"
        ".SH SEE ALSO\ndoc/cli.md and the other pages of doc/ in the libsmartservice sources.\n",
        f);
  return cli_output_check("help --man");
}

/* ---- help --complete WORDS: the bash completion's candidates ---- */

struct ids {
  const char *prefix;
};

static int print_id(void *ud, const char *id) {
  const struct ids *x = ud;
  if (strncmp(id, x->prefix, strlen(x->prefix)) == 0) printf("%s\n", id);
  return 0;
}

/* The case or customer ids of the database @p db starting with @p prefix; nothing when there is
 * no database or it cannot be read (completion stays quiet). */
static void complete_ids(const char *db, const char *kind, const char *prefix) {
  if (!db) db = getenv("SMARTSERVICE_DB");
  if (!db || !*db) return;
  struct cli_global g;
  memset(&g, 0, sizeof g);
  g.db = db;
  struct cli_store s;
  if (cli_store_open_read("help --complete", &g, &s)) return;
  struct ids x = {prefix};
  if (strcmp(kind, "case") == 0) ssvc_case_list_all(s.st, print_id, &x);
  else ssvc_agreement_list(s.st, print_id, &x);
  cli_store_close(&s, CLI_OK);
}

static void complete_word(const char *word, const char *prefix) {
  if (strncmp(word, prefix, strlen(prefix)) == 0) printf("%s\n", word);
}

/* The value of an option whose value is named @p arg: a choice of a|b, ids, or files. */
static void complete_value(const char *db, const char *arg, const char *cur) {
  if (strchr(arg, '|') && !strchr(arg, '[')) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s", arg);
    for (char *w = strtok(buf, "|"); w; w = strtok(NULL, "|"))
      if (strspn(w, "abcdefghijklmnopqrstuvwxyz-") == strlen(w)) complete_word(w, cur); /* not N */
  } else if (strcmp(arg, "STATE") == 0) { /* the library's names: a state's numbers are small */
    for (int k = 0; k < 64; k++)
      if (ssvc_case_state_name(k)) complete_word(ssvc_case_state_name(k), cur);
  } else if (strcmp(arg, "OUTCOME") == 0) {
    for (int k = 1; k <= SSVC_CASE_OUTCOME_MAX; k++) complete_word(ssvc_case_outcome_name(k), cur);
  } else if (strcmp(arg, "CUSTOMER") == 0) {
    complete_ids(db, "customer", cur);
  } else if (strcmp(arg, "CASE") == 0) {
    complete_ids(db, "case", cur);
  } else if (strncmp(arg, "FILE", 4) == 0 || strcmp(arg, "DIR") == 0) {
    puts(":file");
  }
}

static int complete(const struct cli_global *g0, int n, char **w) {
  const char *db = g0 ? g0->db : NULL;
  const char *cur = n ? w[n - 1] : "";
  /* --db FILE anywhere on the line names the database whose ids complete */
  for (int i = 0; i + 1 < n - 1; i++)
    if (strcmp(w[i], "--db") == 0) db = w[i + 1];
    else if (strncmp(w[i], "--db=", 5) == 0) db = w[i] + 5;
  int i = 0;
  while (i < n - 1 && w[i][0] == '-') { /* global options before the command */
    const struct cli_opt *o = globals;
    while (o && o->name && strcmp(o->name, w[i] + 2) != 0) o++;
    i += o && o->name && o->value && !strchr(w[i], '=') ? 2 : 1;
  }
  const char *prev = n >= 2 ? w[n - 2] : "";
  if (i >= n - 1) { /* the command itself, or a global option or its value */
    const struct cli_opt *o = globals;
    while (o && o->name && !(strncmp(prev, "--", 2) == 0 && strcmp(o->name, prev + 2) == 0)) o++;
    if (o && o->name && o->value && i > n - 1) return complete_value(db, o->arg, cur), CLI_OK;
    if (cur[0] == '-') {
      for (o = globals; o && o->name; o++) {
        char opt[64];
        snprintf(opt, sizeof opt, "--%s", o->name);
        complete_word(opt, cur);
      }
      complete_word("--help", cur);
    } else {
      for (size_t c = 0; c < ncommands; c++) complete_word(commands[c].name, cur);
    }
    return CLI_OK;
  }
  int help = strcmp(w[i], "help") == 0;
  char path[256] = "";
  if (!help) snprintf(path, sizeof path, "%s", w[i]);
  for (i++; i < n - 1 && w[i][0] != '-'; i++) {
    char next[256];
    snprintf(next, sizeof next, "%s%s%s", path, *path ? " " : "", w[i]);
    if (!page_find(next)) break;
    snprintf(path, sizeof path, "%s", next);
  }
  if (help && cur[0] == '-') snprintf(path, sizeof path, "help"); /* help's own options */
  else if (help) { /* help COMMAND SUB-COMMAND: names only */
    if (!*path) {
      for (size_t c = 0; c < ncommands; c++) complete_word(commands[c].name, cur);
    } else {
      for (size_t k = 0; k < npages; k++)
        if (is_child(path, pages[k].path)) complete_word(pages[k].path + strlen(path) + 1, cur);
    }
    return CLI_OK;
  }
  if (!walk_path(path)) return CLI_OK;
  struct cli_opt opts[MAX_OPTS];
  size_t nopts = walk.nopts;
  memcpy(opts, walk.opts, nopts * sizeof opts[0]);
  if (strncmp(prev, "--", 2) == 0 && !strchr(prev, '=')) {
    for (size_t k = 0; k < nopts; k++)
      if (opts[k].value && strcmp(opts[k].name, prev + 2) == 0) {
        complete_value(db, opts[k].arg ? opts[k].arg : "", cur);
        return CLI_OK;
      }
    for (const struct cli_opt *o = globals; o && o->name; o++)
      if (o->value && strcmp(o->name, prev + 2) == 0) {
        complete_value(db, o->arg ? o->arg : "", cur);
        return CLI_OK;
      }
  }
  if (cur[0] == '-') {
    char opt[96];
    for (size_t k = 0; k < nopts; k++) {
      snprintf(opt, sizeof opt, "--%s", opts[k].name);
      complete_word(opt, cur);
    }
    complete_word("--help", cur);
    return CLI_OK;
  }
  if (has_children(path)) {
    for (size_t k = 0; k < npages; k++)
      if (is_child(path, pages[k].path)) complete_word(pages[k].path + strlen(path) + 1, cur);
    return CLI_OK;
  }
  const struct page *pg = page_find(path);
  if (pg && pg->ids) {
    if (strcmp(pg->ids, "file") == 0) puts(":file");
    else complete_ids(db, pg->ids, cur);
  }
  return CLI_OK;
}

/* ---- the usage and the help command ---- */

void cli_help_usage(FILE *f) {
  fputs("usage: smartservice [GLOBAL OPTIONS] COMMAND [OPTIONS]\n\ncommands:\n", f);
  for (size_t i = 0; i < ncommands; i++)
    fprintf(f, "  %-15s %s\n", commands[i].name, commands[i].summary);
  if (globals && globals->name) {
    fputs("\nglobal options:\n", f);
    for (const struct cli_opt *o = globals; o->name; o++) print_opt(f, o);
  }
  fputs("\n'smartservice help COMMAND' or 'smartservice COMMAND --help': a command's options, "
        "defaults\nand examples; 'man smartservice': all of them.\n",
        f);
}

int cli_help_command(const struct cli_global *g, int argc, char **argv, int first) {
  if (first < argc && strcmp(argv[first], "--complete") == 0) {
    int s = first + 1 < argc && strcmp(argv[first + 1], "--") == 0 ? first + 2 : first + 1;
    int rc = complete(g, argc - s, argv + s);
    return rc ? rc : cli_output_check("help --complete");
  }
  int man_f = 0, check_f = 0, complete_f = 0;
  const struct cli_opt opts[] = {
      {"man", NULL, &man_f, NULL, NULL, "print the man page smartservice(1) in roff"},
      {"check", NULL, &check_f, NULL, NULL, "check that every command and option is documented"},
      {"complete", NULL, &complete_f, NULL, NULL,
       "print the completions of the words that follow (bash completion)"},
      {0}};
  char *pos[3];
  int npos, rc = cli_parse("help", argc, argv, first, opts, pos, 3, &npos);
  if (rc) return rc;
  if (man_f) return man();
  if (check_f) return check_all();
  if (!npos) {
    cli_help_usage(stdout);
    return CLI_OK;
  }
  char path[256] = "";
  for (int i = 0; i < npos; i++)
    snprintf(path + strlen(path), sizeof path - strlen(path), "%s%s", i ? " " : "", pos[i]);
  /* a command without a page (yet) still answers from its option table */
  if (!command_find(pos[0]) || (npos > 1 && !page_find(path)))
    return cli_usage("help", "no command '%s'", path), cli_help_hint("help");
  if (strcmp(path, "help") == 0) return cli_help_print("help", opts);
  /* the command answers its own --help, from the table it parses with */
  char buf[256], *args[16];
  int n = 0;
  snprintf(buf, sizeof buf, "%s", path);
  args[n++] = "smartservice";
  for (char *w = strtok(buf, " "); w && n < 14; w = strtok(NULL, " ")) args[n++] = w;
  args[n++] = "--help";
  args[n] = NULL;
  return command_find(pos[0])->run(g, n, args, 2);
}
