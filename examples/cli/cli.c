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

int cli_fail(const char *cmd, const ssvc_ctx *ctx) {
  fprintf(stderr, "smartservice %s: %s\n", cmd, ssvc_ctx_errmsg(ctx));
  return CLI_FAIL;
}

int cli_print(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  if (n < 0 || fflush(stdout) != 0) {
    fprintf(stderr, "smartservice %s: cannot write the output: the change is stored\n", cmd);
    return CLI_FAIL;
  }
  return CLI_OK;
}

int cli_parse_instant(const char *cmd, const char *opt, const char *text, int64_t *out) {
  if (!text) return CLI_OK;
  ssvc_ctx *ctx;
  int rc = cli_ctx_new(cmd, &ctx);
  if (rc) return rc;
  if (ssvc_instant_parse(ctx, out, text))
    rc = cli_usage(cmd, "--%s '%s': %s", opt, text, ssvc_ctx_errmsg(ctx));
  ssvc_ctx_free(ctx);
  return rc;
}

int cli_parse(const char *cmd, int argc, char **argv, int first, const struct cli_opt *opts,
              char **pos, int max_pos, int *npos) {
  *npos = 0;
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
    if (arg[1] != '-') return cli_usage(cmd, "unknown option '%s'", arg);
    const char *name = arg + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const struct cli_opt *o = opts;
    while (o && o->name && !(strlen(o->name) == len && strncmp(o->name, name, len) == 0)) o++;
    if (!o || !o->name) return cli_usage(cmd, "unknown option '--%.*s'", (int)len, name);
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

int cli_parse_u32(const char *cmd, const char *opt, const char *text, uint32_t *out) {
  uint64_t v = 0;
  const char *p = text;
  if (!*p) return cli_usage(cmd, "%s must be a whole number (got '')", opt);
  for (; *p; p++) {
    if (*p < '0' || *p > '9' || (v = v * 10 + (uint64_t)(*p - '0')) > UINT32_MAX)
      return cli_usage(cmd, "%s must be a whole number 0..4294967295 (got '%s')", opt, text);
  }
  *out = (uint32_t)v;
  return CLI_OK;
}

int cli_parse_share(const char *cmd, const char *opt, const char *text, int percent,
                    uint32_t *out_bp) {
  /* Exact decimal arithmetic: the value is scaled to basis points without floating point. */
  size_t len = strlen(text);
  if (len && text[len - 1] == '%') percent = 1, len--;
  int scale_digits = percent ? 2 : 4; /* digits after the point that basis points can hold */
  uint64_t v = 0;
  int seen_digit = 0, decimals = -1;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (c == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9' || (decimals >= 0 && ++decimals > scale_digits) || v > 1000000)
      goto bad;
    v = v * 10 + (uint64_t)(c - '0');
    seen_digit = 1;
  }
  if (!seen_digit) goto bad;
  for (int d = decimals < 0 ? 0 : decimals; d < scale_digits; d++) v *= 10;
  if (v > 10000) goto bad;
  *out_bp = (uint32_t)v;
  return CLI_OK;
bad:
  return cli_usage(cmd, "%s must be %s (got '%s')", opt,
                   percent ? "a percentage 0..100 with at most 2 decimals"
                           : "a fraction 0..1 with at most 4 decimals, or a percentage like 15%",
                   text);
}

static int64_t fixed_clock(void *ud) { return *(const int64_t *)ud; }

/* Opens the store of --db with a context whose clock is fixed at *fixed when given. */
static int store_open(const char *cmd, const struct cli_global *g, struct cli_store *s,
                      const int64_t *fixed) {
  memset(s, 0, sizeof *s);
  if (!g->db) return cli_usage(cmd, "no database: give --db FILE before the command");
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
  int orc = ssvc_pg_is_uri(g->db) ? ssvc_pg_open(s->ctx, &s->st, g->db, NULL)
                                  : ssvc_sqlite_open(s->ctx, &s->st, g->db, NULL);
  if (orc) {
    int rc = cli_fail(cmd, s->ctx);
    ssvc_ctx_free(s->ctx);
    s->ctx = NULL;
    return rc;
  }
  return CLI_OK;
}

int cli_store_open(const char *cmd, const struct cli_global *g, struct cli_store *s) {
  const char *now = getenv("SSVC_NOW");
  if (now && *now) {
    char *end;
    long long v = strtoll(now, &end, 10);
    if (*end) return cli_usage(cmd, "SSVC_NOW must be Unix seconds (got '%s')", now);
    int64_t fixed = v;
    return store_open(cmd, g, s, &fixed);
  }
  return store_open(cmd, g, s, NULL);
}

int cli_store_open_at(const char *cmd, const struct cli_global *g, struct cli_store *s,
                      int64_t now) {
  return store_open(cmd, g, s, &now);
}

int cli_store_close(struct cli_store *s, int rc) {
  ssvc_store_free(s->st);
  ssvc_ctx_free(s->ctx);
  s->st = NULL;
  s->ctx = NULL;
  return rc;
}

int cli_parse_money(const char *cmd, const char *opt, const char *text, int64_t *out) {
  int64_t v = 0;
  int decimals = -1, digits = 0;
  for (const char *p = text; *p; p++) {
    if (*p == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (*p < '0' || *p > '9' || (decimals >= 0 && ++decimals > 2) || v > INT64_C(100000000000))
      return cli_usage(cmd, "%s must be an amount in SEK like 89 or 89.50 (got '%s')", opt, text);
    v = v * 10 + (*p - '0');
    digits++;
  }
  if (!digits)
    return cli_usage(cmd, "%s must be an amount in SEK like 89 or 89.50 (got '%s')", opt, text);
  for (int d = decimals < 0 ? 0 : decimals; d < 2; d++) v *= 10;
  *out = v;
  return CLI_OK;
}

int cli_parse_date(const char *cmd, const char *opt, const char *text, ssvc_date *out) {
  int y, m, d;
  char tail;
  if (!text) return CLI_OK;
  if (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(text) != 10)
    return cli_usage(cmd, "--%s must be a date YYYY-MM-DD (got '%s')", opt, text);
  out->year = y;
  out->month = m;
  out->day = d;
  return CLI_OK;
}

void cli_format_instant(char *buf, size_t size, int64_t t) {
  time_t tt = (time_t)t;
  struct tm tm;
  if (!gmtime_r(&tt, &tm)) snprintf(buf, size, "%lld", (long long)t);
  else strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
