/*
 * The smartservice command-line tool: shared pieces of its commands.
 *
 * Exit status contract (doc/cli.md): 0 success, 2 usage error (the message names the bad
 * option or argument), 1 the operation failed (the message names the input and why).
 */
#ifndef SSVC_CLI_H
#define SSVC_CLI_H

#include <stdint.h>
#include <stdio.h>

#include <smartservice.h>

/* CLI_HELP: the command printed its help (--help, -h, help COMMAND) and did nothing else;
 * cli_exit() turns it into exit status 0. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2, CLI_HELP = 3 };

struct cli_global;

/* Flushes the standard output: CLI_OK, or CLI_FAIL after a message on stderr naming @p cmd and
 * the reason ("disk full") when any write to it so far failed (reported once). A command calls it
 * before it claims on stderr that its output was written (export -). */
int cli_output_check(const char *cmd);

/* The exit status of command @p cmd that returned @p rc: flushes and closes the standard output
 * and flushes standard error; a lost write turns a success into CLI_FAIL (doc/cli.md "Output").
 * main() calls it once for every command. */
int cli_exit(const char *cmd, int rc);

/* Names the running (sub)command for cli_exit()'s message ("case new" rather than "case");
 * cli_store_open() calls it. */
void cli_output_name(const char *cmd);

/* Parses --OPT's @p text (NULL: absent, *out untouched) as ssvc_instant_parse() reads it: UTC
 * with a Z, or Stockholm local time without one. CLI_USAGE naming the option otherwise. */
int cli_parse_instant(const char *cmd, const char *opt, const char *text, int64_t *out);

/* One option a command accepts. Options are "--name value" or "--name=value"; flags take no
 * value. After parsing, *value points into argv (or stays as it was when the option is absent)
 * and *flag is 1 when the flag was given. The same table is the command's help, its man page
 * and its completion (cli_help.c; doc/cli.md "Help"): every option has a description, or the
 * test cli.help.check fails (an entry of three fields does not even compile: -Wextra's
 * missing-field-initializers). End a table with {0}. */
struct cli_opt {
  const char *name;   /* without the leading "--" */
  const char **value; /* for options with a value; NULL for flags */
  int *flag;          /* for flags; NULL for options with a value */
  const char *arg;    /* the value's name in the help ("FILE"); NULL for flags */
  const char *def;    /* the default as the help shows it, or NULL (none, or said in help) */
  const char *help;   /* one line: what the option does */
};

/* Parses argv[first..argc) against opts (terminated by a zeroed entry). Positional arguments
 * are moved to pos[0..*npos) (at most max_pos). Returns CLI_OK, or CLI_USAGE after printing a
 * message that names the offending argument (and the hint "try 'smartservice CMD --help'").
 * When --help or -h is among the options, prints the help of @p cmd from @p opts and its page
 * (cli_help.c) instead, parses nothing and returns CLI_HELP: the caller returns it untouched. */
int cli_parse(const char *cmd, int argc, char **argv, int first, const struct cli_opt *opts,
              char **pos, int max_pos, int *npos);

/* 1 when argv[first..argc) asks for help: --help or -h where an option of @p opts may stand (not
 * an option's value, not after "--"). */
int cli_help_wanted(int argc, char **argv, int first, const struct cli_opt *opts);

/* Prints the help of @p cmd ("case new") from its options @p opts (NULL: none) and its page in
 * cli_help.c; returns CLI_HELP. While the help is walked (help --man, --check, --complete) it
 * emits what the walk needs instead. */
int cli_help_print(const char *cmd, const struct cli_opt *opts);

/* Prints "try 'smartservice CMD --help'" to stderr after a usage error; returns CLI_USAGE. */
int cli_help_hint(const char *cmd);

/* A sub-command of a command that has several (case, agreement, swap): its name and its run. */
struct cli_sub {
  const char *name;
  int (*run)(const struct cli_global *g, int argc, char **argv, int first);
};

/* Runs the sub-command of @p cmd named by argv[first], from @p subs (@p n of them); with
 * --help/-h (or no sub-command while help is walked) prints the command's help listing them
 * (CLI_HELP). CLI_USAGE naming the expected sub-commands when there is none or it is unknown. */
int cli_dispatch(const char *cmd, const struct cli_sub *subs, size_t n,
                 const struct cli_global *g, int argc, char **argv, int first);

/* For a command whose sub-commands are dispatched by hand (center, charge, price): when
 * argv[first] is --help or -h, prints @p cmd's help (its page and its sub-commands' pages) and
 * returns CLI_HELP; 0 otherwise. */
int cli_help_asked(const char *cmd, int argc, char **argv, int first);

/* A command of the tool: main.c's table, given to the help (cli_help.c). */
struct cli_command {
  const char *name;
  int (*run)(const struct cli_global *g, int argc, char **argv, int first);
  const char *summary;
};

/* The help of the whole tool (cli_help.c): main() gives it the commands and the global options
 * (both tables of main.c) before it reads the command line. */
void cli_help_init(const struct cli_command *cmds, size_t ncmds, const struct cli_opt *globals);

/* The usage of the whole tool: the global options, the commands, how to get more help. */
void cli_help_usage(FILE *f);

/* smartservice help [COMMAND [SUB]] | --man | --complete WORDS... | --check (doc/cli.md
 * "Help"): argv[first] is help's first argument. */
int cli_help_command(const struct cli_global *g, int argc, char **argv, int first);
/* Checks the required options, given as (name without "--", value) pairs ended by a NULL name:
 * CLI_OK when every value is set, else CLI_USAGE after one message naming all the missing ones,
 * "smartservice CMD: missing --customer, --imei". */
int cli_require(const char *cmd, ...);

/* Prints "smartservice CMD: MESSAGE" to stderr and returns CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "smartservice CMD: <ctx error message>" (cli_errtext) to stderr and returns CLI_FAIL. */
int cli_fail(const char *cmd, const ssvc_ctx *ctx);
/* The context's message in the agent's words (ssvc_ctx_errtext with the C fields of arguments
 * named by their options), into @p buf; returns @p buf. */
const char *cli_errtext(const ssvc_ctx *ctx, char *buf, size_t size);

/* Parses "sv" or "en"; CLI_USAGE (message printed) for anything else. */
int cli_parse_lang(const char *cmd, const char *text, int *lang);

/* Creates the context every command uses; prints and returns CLI_FAIL when it cannot. */
int cli_ctx_new(const char *cmd, ssvc_ctx **out);

/* Prints @p s left-aligned in a column of @p width characters (UTF-8 aware) to @p f. */
void cli_print_padded(FILE *f, const char *s, int width);

/* Parses a whole number 0..@p max with ssvc_uint_parse() (digits only: no sign, no space);
 * CLI_USAGE naming @p opt, the value and the reason for anything else. */
int cli_parse_uint(const char *cmd, const char *opt, const char *text, uint64_t max,
                   uint64_t *out);

/* Parses a whole number 0..UINT32_MAX as cli_parse_uint() does. */
int cli_parse_u32(const char *cmd, const char *opt, const char *text, uint32_t *out);

/* The number of exactly @p n digits (n < 10) at the start of @p text (an "HH" of "HH:MM"), read
 * with ssvc_uint_parse(); 0, or -1 when they are not all digits. */
int cli_digits(const char *text, size_t n, int *out);

/* "YYYY-MM" read with ssvc_date_parse() (as its first of the month); 0, or -1 when it is not a
 * month of the years 0001-9999. The caller names the option. */
int cli_parse_month(const char *text, int *year, int *month);

/* Parses a share into basis points, exactly: "0.15" (a fraction) or "15%" (a percentage); with
 * @p percent set, a bare number is a percentage ("8" or "8.5"). CLI_USAGE naming @p opt for
 * anything else or anything above 100%. */
int cli_parse_share(const char *cmd, const char *opt, const char *text, int percent,
                    uint32_t *out_bp);

/* Parses an amount in SEK ("89", "89.50") into öre; CLI_USAGE naming @p opt for anything else. */
int cli_parse_money(const char *cmd, const char *opt, const char *text, int64_t *out);

/* Parses "YYYY-MM-DD" into @p out (untouched when @p text is NULL) with ssvc_date_parse(): a
 * real day, exact widths, digits only; CLI_USAGE naming --@p opt, the value and the column of
 * what is wrong for anything else. */
int cli_parse_date(const char *cmd, const char *opt, const char *text, ssvc_date *out);

/* Formats instant @p t as UTC "YYYY-MM-DDTHH:MM:SSZ" (the seconds as a number when it has no
 * calendar time). */
void cli_format_instant(char *buf, size_t size, int64_t t);

/* Formats instant @p t for a person as Stockholm local time with its offset,
 * "YYYY-MM-DD HH:MM +01:00" (ssvc_stockholm_from_instant()); outside its years, as
 * cli_format_instant() does. Every human-readable time goes through it (or, in a list of events,
 * cli_format_local_seconds()); --json and the tab-separated contract lines keep
 * cli_format_instant(). */
void cli_format_local(char *buf, size_t size, int64_t t);

/* As cli_format_local() with the seconds, "YYYY-MM-DD HH:MM:SS +01:00": for the times of a list
 * of events (case show's events and shipments, agreement show's events, charge list), where a
 * person tells apart two that fall in the same minute (doc/cli.md "Which outputs are contracts"). */
void cli_format_local_seconds(char *buf, size_t size, int64_t t);

/* Formats @p d as "YYYY-MM-DD" (ssvc_date_format()), or "-" when it is unknown (year 0). */
void cli_format_date(char *buf, size_t size, ssvc_date d);


/* Where a global setting came from (doc/cli.md "Configuration"). */
enum { CLI_FROM_DEFAULT = 0, CLI_FROM_FILE, CLI_FROM_ENV, CLI_FROM_LINE };

/* The global settings, shared by every command: the global options (anywhere on the line), else
 * SMARTSERVICE_DB / SMARTSERVICE_ACTOR, else the configuration file, else the default. */
struct cli_global {
  const char *db; /* the database for stateful commands, or NULL */
  int db_source;  /* CLI_FROM_* */
  const char *actor; /* who makes the changes: never NULL ("cli" by default) */
  int actor_source;
  int progress; /* --progress: progress lines on stderr even when it is not a terminal */
};

/* The global options (cli_config.c), ended by {0}: read by cli_global_read() and printed by the
 * help, the man page and the completion like any command's options. Their value and flag
 * pointers only say whether the option takes a value (cli_global_read() fills struct
 * cli_global). */
extern const struct cli_opt cli_global_opts[];

/* Takes the global options out of argv (anywhere before a "--"), then fills *g from the
 * environment, the configuration file and the defaults. CLI_USAGE (message printed, naming
 * file:line:column for the configuration file) when something is wrong. */
int cli_global_read(struct cli_global *g, int *argc, char **argv);

/* The configuration file's path ($XDG_CONFIG_HOME/smartservice/config, else
 * $HOME/.config/smartservice/config), or NULL when neither variable is set. */
const char *cli_config_path(void);

/* "no database: give --db FILE, set SMARTSERVICE_DB, or ..." on stderr; returns CLI_USAGE. */
int cli_no_db(const char *cmd);

/* A progress line on stderr (cli_progress.c; doc/cli.md "Progress"). */
struct cli_progress {
  const char *cmd, *unit; /* "import", "case" (an "s" is added for any count but 1) */
  uint64_t total;         /* what done counts up to (cases, bytes); 0: unknown */
  int tty, on, shown, last_percent;
  double start;
};

/* Starts a progress display for @p cmd counting @p unit: on when stderr is a terminal or
 * --progress was given, quiet otherwise. @p total: what cli_progress_show()'s done reaches at the
 * end, 0 when unknown (then only the count is shown). */
void cli_progress_start(struct cli_progress *p, const struct cli_global *g, const char *cmd,
                        const char *unit, uint64_t total);

/* Shows @p count units done and, with a total, the share @p done of it as a percentage and the
 * time left; on a terminal one line rewritten in place, else a line per new percent. */
void cli_progress_show(struct cli_progress *p, uint64_t count, uint64_t done);

/* Ends the line on a terminal. */
void cli_progress_end(struct cli_progress *p);

/* The context and the store of a stateful command (--db). */
struct cli_store {
  ssvc_ctx *ctx;
  ssvc_store *st;
  int64_t now; /* the fixed clock when SSVC_NOW is set */
};

/* Opens the database named by --db (a SQLite file, created when absent) with a context whose
 * clock honours SSVC_NOW=<Unix seconds>. CLI_USAGE when --db is missing or SSVC_NOW is malformed,
 * CLI_FAIL (message printed) when the database cannot be opened. */
int cli_store_open(const char *cmd, const struct cli_global *g, struct cli_store *s);

/* As cli_store_open(), for a command that only reads: a SQLite file is opened read-only (no
 * migration, no write lock; a read-only file works, and so does a long write elsewhere). */
int cli_store_open_read(const char *cmd, const struct cli_global *g, struct cli_store *s);

/* As cli_store_open(), with the clock fixed at @p now; the caller moves it through s->now. */
int cli_store_open_at(const char *cmd, const struct cli_global *g, struct cli_store *s,
                      int64_t now);

/* Releases what cli_store_open() made and returns @p rc. */
int cli_store_close(struct cli_store *s, int rc);

/* Prints @p s as a JSON string literal (quotes included) to @p f. */
void cli_json_string(FILE *f, const char *s);


/* The control questions of @p tree for @p tier (cmd_diagnose.c; doc/diagnosis.md): interactive on
 * stdin, or scripted from the comma-separated @p answers (the symptom first unless @p symptom is
 * given), printing the dialogue and the outcome; messages name @p command. The finished session
 * goes to *out when @p out is given (the caller frees it, and prints the reminders itself). CLI_OK, CLI_USAGE (a bad answer, named,
 * nothing printed on stdout for a scripted run) or CLI_FAIL. */
int cli_diagnose_run(const char *command, ssvc_ctx *ctx, const ssvc_diag_tree *tree,
                     const ssvc_tier *tier, int lang, const char *symptom, const char *answers,
                     ssvc_diag_session **out);

/* Whether cli_diagnose_run() prints one JSON document instead of the dialogue (diagnose and guide
 * --json; cmd_diagnose.c). */
void cli_diagnose_json(int on);

/* The tier a case was registered with, for its questions (cmd_case.c): the catalogue's tier of its
 * code when the features match, otherwise one made of its features and added to @p cat. */
int cli_case_tier(ssvc_catalog *cat, const ssvc_case_info *i, const ssvc_tier **t);
/* The tier of @p customer's agreement in the database of @p g (cmd_diagnose.c; a custom tier is
 * added to @p cat), its code into @p code (17 bytes). CLI_OK, or a failure reported for @p cmd. */
int cli_agreement_tier(const char *cmd, const struct cli_global *g, const char *customer,
                       ssvc_catalog *cat, char *code);

/* The commands. Each gets the full argv; argv[first] is its first own argument. */
int cmd_version(const struct cli_global *g, int argc, char **argv, int first);
int cmd_price(const struct cli_global *g, int argc, char **argv, int first);
int cmd_tiers(const struct cli_global *g, int argc, char **argv, int first);
int cmd_swap_size(const struct cli_global *g, int argc, char **argv, int first);
int cmd_demo(const struct cli_global *g, int argc, char **argv, int first);
int cmd_center(const struct cli_global *g, int argc, char **argv, int first);
int cmd_diagnose(const struct cli_global *g, int argc, char **argv, int first);
int cmd_calendar(const struct cli_global *g, int argc, char **argv, int first);
int cmd_delivery(const struct cli_global *g, int argc, char **argv, int first);
int cmd_case(const struct cli_global *g, int argc, char **argv, int first);
int cmd_invoice_preview(const struct cli_global *g, int argc, char **argv, int first);
int cmd_invoice_run(const struct cli_global *g, int argc, char **argv, int first);
int cmd_agreement(const struct cli_global *g, int argc, char **argv, int first);
int cmd_swap_pool(const struct cli_global *g, int argc, char **argv, int first);
int cmd_import(const struct cli_global *g, int argc, char **argv, int first);
int cmd_export(const struct cli_global *g, int argc, char **argv, int first);
int cmd_report(const struct cli_global *g, int argc, char **argv, int first);
int cmd_report_targets(const struct cli_global *g, int argc, char **argv, int first);
int cmd_charge(const struct cli_global *g, int argc, char **argv, int first);
int cmd_erase(const struct cli_global *g, int argc, char **argv, int first);
int cmd_check(const struct cli_global *g, int argc, char **argv, int first);
int cmd_backup(const struct cli_global *g, int argc, char **argv, int first);
int cmd_changes(const struct cli_global *g, int argc, char **argv, int first);
int cmd_roster(const struct cli_global *g, int argc, char **argv, int first);
int cmd_backup_phone(const struct cli_global *g, int argc, char **argv, int first);
int cmd_swap_change(const struct cli_global *g, int argc, char **argv, int first);
int cmd_workshop(const struct cli_global *g, int argc, char **argv, int first);
int cmd_guide(const struct cli_global *g, int argc, char **argv, int first);

#endif
