/* Argument parsing and error reporting shared by the smartservice commands. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <smartservice/pg.h>
#include <smartservice/sqlite.h>

#include "cli.h"

int cli_usage(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "smartservice %s: ", cmd);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return CLI_USAGE;
}

/* The library names a bad argument by its C field ("spec->imei: ..."); the agent typed an option.
 * Fields whose value the option gives as it is (ids, names, dates, numbers written the same) are
 * named by the option, and so is the VAT rate, whose message quotes percent first; the others
 * (amounts in öre, shares in basis points, seconds) keep the field, as their values are in its
 * unit (the tool's own parsing keeps them in range: cli_parse_money). */
static const struct {
  const char *field, *option;
} cli_words[] = {
    {"spec->buyer->", "--buyer-"},        {"spec->customer_id", "--customer"},
    {"spec->customer_name", "--name"},    {"spec->tier_code", "--tier"},
    {"spec->user_name", "--user"},        {"spec->user_phone", "--phone"},
    {"spec->user_email", "--email"},      {"spec->imei", "--imei"},
    {"spec->model", "--model"},           {"spec->serial", "--serial"},
    {"spec->purchase_date", "--purchased"}, {"spec->warranty_end", "--warranty-end"},
    {"spec->symptom", "--symptom"},       {"spec->fleet", "--fleet"},
    {"spec->buyer_reference", "--buyer-reference"},
    {"spec->order_reference", "--order-reference"},
    {"spec->payment_days", "--payment-days"}, {"spec->return_days", "--return-days"},
    {"spec->retention_months", "--retention-months"}, {"spec->closed_days", "--closed"},
    {"center->", "--"},                   {"price->customer_id", "--customer"},
    {"price->tier", "--tier"},            {"key->imei", "--imei"},
    {"entry->imei", "--imei"},            {"entry->phone", "--phone"},
    {"entry->email", "--email"},          {"spec->vat_basis_points", "--vat"},
    {"in->vat_basis_points", "--vat"},    {"options->return_to", "--return-name"},
    {"spec->invoice_number", "NUMBER"},   {"demand->turnaround_days", "--turnaround"},
};

/* A message that asks for something first ends with the request; the library names the function
 * that does it (ssvc_ctx_errremedy()), and the tool adds its command. */
static const struct {
  const char *api, *command;
} cli_remedies[] = {
    {"ssvc_swap_reserve", "swap reserve CASE"},
    {"ssvc_swap_ship", "swap ship CASE"},
    {"ssvc_swap_cancel", "swap cancel CASE"},
    {"ssvc_swap_faulty_returned", "swap return CASE"},
    {"ssvc_swap_loan_returned", "swap loan-returned CASE"},
    {"ssvc_swap_repaired", "swap repaired CASE"},
    {"ssvc_center_set", "center set --name ... --org-number ... --vat-number ... --bankgiro ..."},
    {"ssvc_agreement_update", "agreement set CUSTOMER --buyer-name ... --buyer-org-number ... "
                               "--buyer-vat-number ... --buyer-reference ..."},
};

/* A field of one item of a list the agent gave as one option ("in->users[2].from") is named by
 * the option and the item, counted from 1 as the agent reads the list: "--users item 3's date". */
static const struct {
  const char *list, *field, *option, *what; /* "OPTION item N" then WHAT */
} cli_items[] = {
    {"in->users", "from", "--users", "'s date"},
    {"in->users", "users", "--users", ""},
    {"in->terms", "from", "--tier", "'s date"},
    {"in->terms", "tier", "--tier", ""},
};

/* When @p in starts with an item field of cli_items, writes its words into @p out and returns the
 * length it read; 0 otherwise. */
static size_t item_words(const char *in, char *out, size_t size) {
  for (size_t k = 0; k < sizeof cli_items / sizeof cli_items[0]; k++) {
    size_t len = strlen(cli_items[k].list), flen = strlen(cli_items[k].field);
    if (strncmp(in, cli_items[k].list, len) != 0 || in[len] != '[') continue;
    char *end;
    unsigned long index = strtoul(in + len + 1, &end, 10);
    if (end == in + len + 1 || end[0] != ']' || end[1] != '.' ||
        strncmp(end + 2, cli_items[k].field, flen) != 0)
      continue;
    char next = end[2 + flen];
    if ((next >= 'a' && next <= 'z') || next == '_') continue;
    snprintf(out, size, "%s item %lu%s", cli_items[k].option, index + 1, cli_items[k].what);
    return (size_t)(end + 2 + flen - in);
  }
  return 0;
}

const char *cli_errtext(const ssvc_ctx *ctx, char *buf, size_t size) {
  const char *in = ssvc_ctx_errtext(ctx);
  size_t o = 0;
  while (*in && o + 1 < size) {
    size_t used = item_words(in, buf + o, size - o);
    if (used) {
      in += used;
      o += strlen(buf + o);
      continue;
    }
    size_t k = 0, n = sizeof cli_words / sizeof cli_words[0];
    for (; k < n; k++) {
      size_t len = strlen(cli_words[k].field);
      char next = in[len];
      if (strncmp(in, cli_words[k].field, len) == 0 &&
          (cli_words[k].field[len - 1] == '>' || !((next >= 'a' && next <= 'z') || next == '_')))
        break; /* a whole field: spec->model is not spec->models_max */
    }
    if (k == n) {
      buf[o++] = *in++;
      continue;
    }
    int prefix = cli_words[k].field[strlen(cli_words[k].field) - 1] == '>';
    in += strlen(cli_words[k].field);
    for (const char *w = cli_words[k].option; *w && o + 1 < size;) buf[o++] = *w++;
    /* A prefix ("center->") names the field after it: org_number becomes org-number. */
    for (; prefix && ((*in >= 'a' && *in <= 'z') || *in == '_') && o + 1 < size; in++)
      buf[o++] = *in == '_' ? '-' : *in;
  }
  buf[o] = '\0';
  const char *api = ssvc_ctx_errremedy(ctx);
  for (size_t k = 0; api && k < sizeof cli_remedies / sizeof cli_remedies[0]; k++)
    if (strcmp(api, cli_remedies[k].api) == 0)
      snprintf(buf + o, size - o, " with 'smartservice %s'", cli_remedies[k].command);
  return buf;
}

int cli_fail(const char *cmd, const ssvc_ctx *ctx) {
  char text[1024];
  fprintf(stderr, "smartservice %s: %s\n", cmd, cli_errtext(ctx, text, sizeof text));
  return CLI_FAIL;
}

int cli_parse_instant(const char *cmd, const char *opt, const char *text, int64_t *out) {
  if (!text) return CLI_OK;
  ssvc_ctx *ctx;
  int rc = cli_ctx_new(cmd, &ctx);
  if (rc) return rc;
  if (ssvc_instant_parse(ctx, out, text))
    rc = cli_usage(cmd, "--%s '%s': %s", opt, text, ssvc_ctx_errtext(ctx));
  ssvc_ctx_free(ctx);
  return rc;
}

int cli_parse(const char *cmd, int argc, char **argv, int first, const struct cli_opt *opts,
              char **pos, int max_pos, int *npos) {
  *npos = 0;
  if (cli_help_wanted(argc, argv, first, opts)) return cli_help_print(cmd, opts);
  int only_positional = 0;
  for (int i = first; i < argc; i++) {
    char *arg = argv[i];
    if (only_positional || arg[0] != '-' || arg[1] == '\0') {
      if (*npos >= max_pos) return cli_usage(cmd, "unexpected argument '%s'", arg);
      pos[(*npos)++] = arg;
      continue;
    }
    if (strcmp(arg, "--") == 0) {
      only_positional = 1;
      continue;
    }
    if (arg[1] != '-') return cli_usage(cmd, "unknown option '%s'", arg), cli_help_hint(cmd);
    const char *name = arg + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const struct cli_opt *o = opts;
    while (o && o->name && !(strlen(o->name) == len && strncmp(o->name, name, len) == 0)) o++;
    if (!o || !o->name)
      return cli_usage(cmd, "unknown option '--%.*s'", (int)len, name), cli_help_hint(cmd);
    if (o->flag) {
      if (eq) return cli_usage(cmd, "option '--%s' takes no value", o->name);
      *o->flag = 1;
    } else if (eq) {
      *o->value = eq + 1;
    } else {
      if (i + 1 >= argc) return cli_usage(cmd, "option '--%s' needs a value", o->name);
      *o->value = argv[++i];
    }
  }
  return CLI_OK;
}

int cli_parse_lang(const char *cmd, const char *text, int *lang) {
  if (ssvc_lang_from_name(NULL, lang, text) != SSVC_OK)
    return cli_usage(cmd, "--lang must be 'sv' or 'en' (got '%s')", text);
  return CLI_OK;
}

int cli_ctx_new(const char *cmd, ssvc_ctx **out) {
  int rc = ssvc_ctx_new(out, NULL);
  if (rc) {
    fprintf(stderr, "smartservice %s: cannot create a context: %s\n", cmd, ssvc_strerror(rc));
    return CLI_FAIL;
  }
  return CLI_OK;
}

void cli_json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
    else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
    else fputc(*p, f);
  }
  fputc('"', f);
}

void cli_print_padded(FILE *f, const char *s, int width) {
  int chars = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p & 0xC0) != 0x80) chars++; /* count code points, not continuation bytes */
  fputs(s, f);
  for (; chars < width; chars++) fputc(' ', f);
}

/* The library's two text readers, ssvc_uint_parse() and ssvc_date_parse(), read every number and
 * date the tool is given: digits only, exact widths, no sign, no space (doc/conventions.md "Dates
 * and numbers as text"). @p why receives the library's reason (without its function's name). */
static int read_uint(const char *text, uint64_t max, uint64_t *out, char *why, size_t size) {
  ssvc_ctx *ctx = NULL;
  if (ssvc_ctx_new(&ctx, NULL)) ctx = NULL; /* no context: no reason, the number is still read */
  int rc = ssvc_uint_parse(ctx, out, text, max);
  const char *msg = ctx ? ssvc_ctx_errtext(ctx) : "";
  const char *colon = strstr(msg, "text: ");
  snprintf(why, size, "%s", rc && colon ? colon + 6 : "");
  ssvc_ctx_free(ctx);
  return rc;
}

int cli_parse_uint(const char *cmd, const char *opt, const char *text, uint64_t max,
                   uint64_t *out) {
  char why[256];
  if (read_uint(text, max, out, why, sizeof why))
    return cli_usage(cmd, "%s must be a whole number 0..%llu (got '%s'): %s", opt,
                     (unsigned long long)max, text, why);
  return CLI_OK;
}

int cli_parse_u32(const char *cmd, const char *opt, const char *text, uint32_t *out) {
  uint64_t v;
  int rc = cli_parse_uint(cmd, opt, text, UINT32_MAX, &v);
  if (!rc) *out = (uint32_t)v;
  return rc;
}

int cli_digits(const char *text, size_t n, int *out) {
  char part[16];
  uint64_t v;
  if (n >= sizeof part || strnlen(text, n) < n) return -1;
  memcpy(part, text, n);
  part[n] = '\0';
  if (ssvc_uint_parse(NULL, &v, part, 999999999)) return -1;
  *out = (int)v;
  return 0;
}

/* A decimal "W" or "W.F" with at most @p decimals digits F, scaled by 10^decimals exactly (no
 * floating point); the whole part at most @p max_whole. -1 for anything else ("", ".5", "5.",
 * "+5", " 5", "1,5"). */
static int read_decimal(const char *text, int decimals, uint64_t max_whole, uint64_t *out) {
  char whole[32];
  const char *dot = strchr(text, '.');
  size_t wlen = dot ? (size_t)(dot - text) : strlen(text);
  uint64_t w, f = 0;
  if (wlen >= sizeof whole) return -1;
  memcpy(whole, text, wlen);
  whole[wlen] = '\0';
  if (ssvc_uint_parse(NULL, &w, whole, max_whole)) return -1;
  int fd = 0;
  if (dot) {
    fd = (int)strlen(dot + 1);
    if (fd < 1 || fd > decimals || ssvc_uint_parse(NULL, &f, dot + 1, UINT64_MAX)) return -1;
  }
  for (int d = fd; d < decimals; d++) f *= 10;
  for (int d = 0; d < decimals; d++) w *= 10;
  *out = w + f;
  return 0;
}

int cli_parse_share(const char *cmd, const char *opt, const char *text, int percent,
                    uint32_t *out_bp) {
  char body[32];
  size_t len = strlen(text);
  if (len && text[len - 1] == '%') percent = 1, len--;
  uint64_t v;
  /* basis points: two decimals of a percentage, four of a fraction */
  if (len < sizeof body) {
    memcpy(body, text, len);
    body[len] = '\0';
  }
  if (len >= sizeof body || read_decimal(body, percent ? 2 : 4, 100, &v) || v > 10000)
    return cli_usage(cmd, "%s must be %s (got '%s')", opt,
                     percent ? "a percentage 0..100 with at most 2 decimals"
                             : "a fraction 0..1 with at most 4 decimals, or a percentage like 15%",
                     text);
  *out_bp = (uint32_t)v;
  return CLI_OK;
}

static int64_t fixed_clock(void *ud) { return *(const int64_t *)ud; }

/* Opens the store of --db with a context whose clock is fixed at *fixed when given; a SQLite
 * file read-only (no migration, no lock) when @p read_only. */
static int store_open(const char *cmd, const struct cli_global *g, struct cli_store *s,
                      const int64_t *fixed, int read_only) {
  memset(s, 0, sizeof *s);
  cli_output_name(cmd);
  if (!g->db) return cli_no_db(cmd);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  if (fixed) {
    s->now = *fixed;
    o.clock = fixed_clock;
    o.clock_user_data = &s->now;
  }
  if (ssvc_ctx_new(&s->ctx, &o)) {
    fprintf(stderr, "smartservice %s: cannot create a context\n", cmd);
    return CLI_FAIL;
  }
  /* A postgresql:// or postgres:// connection URI selects the PostgreSQL backend. */
  ssvc_sqlite_options so = SSVC_SQLITE_OPTIONS_INIT;
  so.read_only = read_only;
  int orc = ssvc_pg_is_uri(g->db) ? ssvc_pg_open(s->ctx, &s->st, g->db, NULL)
                                  : ssvc_sqlite_open(s->ctx, &s->st, g->db, &so);
  if (orc) {
    int rc = cli_fail(cmd, s->ctx);
    ssvc_ctx_free(s->ctx);
    s->ctx = NULL;
    return rc;
  }
  return CLI_OK;
}

static int store_open_now(const char *cmd, const struct cli_global *g, struct cli_store *s,
                          int read_only) {
  const char *now = getenv("SSVC_NOW");
  if (now && *now) {
    /* Seconds from 1970-01-01T00:00:00Z to the end of the calendar's last year (2199). */
    const uint64_t last = UINT64_C(7258118399);
    uint64_t v;
    char why[256];
    if (read_uint(now, last, &v, why, sizeof why))
      return cli_usage(cmd, "SSVC_NOW must be Unix seconds 0..%llu, digits only (got '%s'): %s",
                       (unsigned long long)last, now, why);
    int64_t fixed = (int64_t)v;
    return store_open(cmd, g, s, &fixed, read_only);
  }
  return store_open(cmd, g, s, NULL, read_only);
}

int cli_store_open(const char *cmd, const struct cli_global *g, struct cli_store *s) {
  return store_open_now(cmd, g, s, 0);
}

int cli_store_open_read(const char *cmd, const struct cli_global *g, struct cli_store *s) {
  return store_open_now(cmd, g, s, 1);
}

int cli_store_open_at(const char *cmd, const struct cli_global *g, struct cli_store *s,
                      int64_t now) {
  return store_open(cmd, g, s, &now, 0);
}

int cli_store_close(struct cli_store *s, int rc) {
  ssvc_store_free(s->st);
  ssvc_ctx_free(s->ctx);
  s->st = NULL;
  s->ctx = NULL;
  return rc;
}

/* Amounts are 0..10^12 öre in the library (doc/charges.md): 0..10^10 SEK here, so that the
 * library never refuses an amount in öre the agent did not type. */
int cli_parse_money(const char *cmd, const char *opt, const char *text, int64_t *out) {
  uint64_t v;
  if (read_decimal(text, 2, UINT64_C(10000000000), &v) || v > UINT64_C(1000000000000))
    return cli_usage(cmd, "%s must be an amount in SEK from 0 to 10000000000, like 89 or 89.50 "
                     "(got '%s')", opt, text);
  *out = (int64_t)v;
  return CLI_OK;
}

int cli_parse_date(const char *cmd, const char *opt, const char *text, ssvc_date *out) {
  if (!text) return CLI_OK;
  ssvc_ctx *ctx;
  int rc = cli_ctx_new(cmd, &ctx);
  if (rc) return rc;
  if (ssvc_date_parse(ctx, out, text)) {
    const char *msg = ssvc_ctx_errtext(ctx), *colon = strstr(msg, "text: ");
    rc = cli_usage(cmd, "--%s must be a date YYYY-MM-DD (got '%s'): %s", opt, text,
                   colon ? colon + 6 : msg);
  }
  ssvc_ctx_free(ctx);
  return rc;
}

int cli_parse_month(const char *text, int *year, int *month) {
  char day[16];
  ssvc_date d;
  if (strlen(text) != 7) return -1;
  snprintf(day, sizeof day, "%s-01", text);
  if (ssvc_date_parse(NULL, &d, day)) return -1;
  *year = d.year;
  *month = d.month;
  return 0;
}

void cli_format_instant(char *buf, size_t size, int64_t t) {
  time_t tt = (time_t)t;
  struct tm tm;
  if (!gmtime_r(&tt, &tm)) snprintf(buf, size, "%lld", (long long)t);
  else strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int cli_require(const char *cmd, ...) {
  char missing[512];
  size_t n = 0;
  missing[0] = '\0';
  va_list ap;
  va_start(ap, cmd);
  for (const char *name; (name = va_arg(ap, const char *));) {
    const char *value = va_arg(ap, const char *);
    if (!value && n < sizeof missing)
      n += (size_t)snprintf(missing + n, sizeof missing - n, "%s--%s", n ? ", " : "", name);
  }
  va_end(ap);
  return n ? cli_usage(cmd, "missing %s", missing) : CLI_OK;
}

void cli_format_date(char *buf, size_t size, ssvc_date d) {
  if (ssvc_date_format(buf, size, &d) == 0) snprintf(buf, size, "-");
}

static void format_local(char *buf, size_t size, int64_t t, int seconds) {
  ssvc_local_time lt;
  if (ssvc_stockholm_from_instant(NULL, &lt, t)) {
    cli_format_instant(buf, size, t);
    return;
  }
  int off = lt.utc_offset / 60;
  char sec[4] = "";
  if (seconds) snprintf(sec, sizeof sec, ":%02d", lt.second);
  snprintf(buf, size, "%04d-%02d-%02d %02d:%02d%s %c%02d:%02d", lt.date.year, lt.date.month,
           lt.date.day, lt.hour, lt.minute, sec, off < 0 ? '-' : '+', abs(off) / 60,
           abs(off) % 60);
}

void cli_format_local(char *buf, size_t size, int64_t t) { format_local(buf, size, t, 0); }

void cli_format_local_seconds(char *buf, size_t size, int64_t t) { format_local(buf, size, t, 1); }
