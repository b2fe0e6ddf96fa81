/* smartservice roster: the users and phones a customer's agreement covers (doc/roster.md,
 * doc/cli.md "roster"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The options of one entry; strings point into argv. */
struct entry_opts {
  const char *customer, *imei, *name, *phone, *email, *model, *purchased, *warranty, *actor;
};

#define ENTRY_OPTS(o)                                                                        \
  {"customer", &(o).customer, NULL, "CUSTOMER", NULL, "the customer whose roster it is"},      \
  {"imei", &(o).imei, NULL, "IMEI", NULL, "the phone's IMEI: the entry's key"},                \
  {"name", &(o).name, NULL, "NAME", NULL, "the user's name"},                                  \
  {"phone", &(o).phone, NULL, "PHONE", NULL, "the user's phone number (unique per customer)"}, \
  {"email", &(o).email, NULL, "EMAIL", NULL, "the user's e-mail address"},                     \
  {"model", &(o).model, NULL, "MODEL", NULL, "the phone's model"},                             \
  {"purchased", &(o).purchased, NULL, "YYYY-MM-DD", NULL, "the day the phone was bought"},     \
  {"warranty", &(o).warranty, NULL, "YYYY-MM-DD", NULL, "the last day of the warranty"},       \
  {"actor", &(o).actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},  \
  {0}

/* Applies the given options to @p e (an option given as "" clears the field). */
static int apply(const char *cmd, const struct entry_opts *o, ssvc_roster_entry *e) {
  int rc;
  if (o->imei) e->imei = o->imei;
  if (o->name) e->user_name = o->name;
  if (o->phone) e->phone = o->phone;
  if (o->email) e->email = o->email;
  if (o->model) e->model = o->model;
  if (o->purchased) {
    e->purchased = (ssvc_date){0, 0, 0};
    if (*o->purchased && (rc = cli_parse_date(cmd, "purchased", o->purchased, &e->purchased)))
      return rc;
  }
  if (o->warranty) {
    e->warranty_until = (ssvc_date){0, 0, 0};
    if (*o->warranty && (rc = cli_parse_date(cmd, "warranty", o->warranty, &e->warranty_until)))
      return rc;
  }
  return CLI_OK;
}

static int roster_add(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "roster add";
  struct entry_opts o = {0};
  o.actor = g->actor;
  const struct cli_opt opts[] = {ENTRY_OPTS(o)};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc || (rc = cli_require(cmd, "customer", o.customer, "imei", o.imei, "name", o.name,
                              (const char *)NULL)))
    return rc;
  ssvc_roster_entry e = SSVC_ROSTER_ENTRY_INIT;
  if ((rc = apply(cmd, &o, &e))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (ssvc_roster_add(s.st, o.customer, &e, o.actor)) rc = cli_fail(cmd, s.ctx);
  else printf("added %s (%s) to the roster of %s\n", e.imei, e.user_name, o.customer);
  return cli_store_close(&s, rc);
}

/* Keeps a copy of the entry found (its strings are borrowed for the callback). */
struct found {
  ssvc_roster_entry e;
  char area[1024];
};

static int keep_cb(void *ud, const ssvc_roster_entry *e) {
  struct found *f = ud;
  char *p = f->area;
  const char *const *src[] = {&e->imei, &e->user_name, &e->phone, &e->email, &e->model};
  const char **dst[] = {&f->e.imei, &f->e.user_name, &f->e.phone, &f->e.email, &f->e.model};
  f->e = *e;
  for (int i = 0; i < 5; i++) {
    if (!*src[i]) continue;
    size_t n = strlen(*src[i]) + 1;
    memcpy(p, *src[i], n);
    *dst[i] = p;
    p += n;
  }
  return 0;
}

static int roster_set(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "roster set";
  struct entry_opts o = {0};
  o.actor = g->actor;
  const struct cli_opt opts[] = {ENTRY_OPTS(o)};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc || (rc = cli_require(cmd, "customer", o.customer, "imei", o.imei, (const char *)NULL)))
    return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  struct found f;
  memset(&f, 0, sizeof f);
  if (ssvc_roster_find(s.st, o.customer, o.imei, keep_cb, &f)) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  if ((rc = apply(cmd, &o, &f.e))) return cli_store_close(&s, rc);
  if (ssvc_roster_update(s.st, o.customer, &f.e, o.actor)) rc = cli_fail(cmd, s.ctx);
  else printf("changed %s on the roster of %s\n", f.e.imei, o.customer);
  return cli_store_close(&s, rc);
}

static int roster_remove(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "roster remove";
  struct entry_opts o = {0};
  o.actor = g->actor;
  const struct cli_opt opts[] = {
      {"customer", &o.customer, NULL, "CUSTOMER", NULL, "the customer whose roster it is"},
      {"imei", &o.imei, NULL, "IMEI", NULL, "the phone to take off the roster"},
      {"actor", &o.actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc || (rc = cli_require(cmd, "customer", o.customer, "imei", o.imei, (const char *)NULL)))
    return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (ssvc_roster_remove(s.st, o.customer, o.imei, o.actor)) rc = cli_fail(cmd, s.ctx);
  else printf("removed %s from the roster of %s\n", o.imei, o.customer);
  return cli_store_close(&s, rc);
}

static int list_cb(void *ud, const ssvc_roster_entry *e) {
  (void)ud;
  char w[16];
  cli_format_date(w, sizeof w, e->warranty_until);
  printf("%s  ", e->imei);
  cli_print_padded(stdout, e->user_name, 24);
  printf("  ");
  cli_print_padded(stdout, e->phone ? e->phone : "-", 14);
  printf("  ");
  cli_print_padded(stdout, e->model ? e->model : "-", 16);
  printf("  %s\n", w);
  return 0;
}

static int roster_list(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "roster list";
  const char *customer = NULL;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose roster it is"}, {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc || (rc = cli_require(cmd, "customer", customer, (const char *)NULL))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  uint32_t n = 0;
  if (ssvc_roster_count(s.st, customer, &n)) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  printf("IMEI             ");
  cli_print_padded(stdout, "USER", 24);
  printf("  ");
  cli_print_padded(stdout, "PHONE", 14);
  printf("  ");
  cli_print_padded(stdout, "MODEL", 16);
  printf("  WARRANTY\n");
  if (ssvc_roster_list(s.st, customer, list_cb, NULL)) rc = cli_fail(cmd, s.ctx);
  else printf("%lu %s on the roster of %s\n", (unsigned long)n, n == 1 ? "phone" : "phones",
              customer);
  return cli_store_close(&s, rc);
}

static int show_cb(void *ud, const ssvc_roster_entry *e) {
  (void)ud;
  char p[16], w[16];
  cli_format_date(p, sizeof p, e->purchased);
  cli_format_date(w, sizeof w, e->warranty_until);
  printf("imei:       %s\nuser:       %s\nphone:      %s\ne-mail:     %s\nmodel:      %s\n"
         "purchased:  %s\nwarranty:   %s\n",
         e->imei, e->user_name, e->phone ? e->phone : "-", e->email ? e->email : "-",
         e->model ? e->model : "-", p, w);
  return 0;
}

/* roster show --customer C WHO: WHO is an IMEI, a phone or an e-mail address. */
static int roster_show(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "roster show";
  const char *customer = NULL;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose roster it is"}, {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc || (rc = cli_require(cmd, "customer", customer, (const char *)NULL))) return rc;
  if (npos != 1) return cli_usage(cmd, "expected the IMEI, phone or e-mail to look up");
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  if (ssvc_roster_find(s.st, customer, pos[0], show_cb, NULL)) rc = cli_fail(cmd, s.ctx);
  return cli_store_close(&s, rc);
}

/* Reads the whole file @p path into a malloc'd buffer. */
static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 65536, n = 0;
  char *b = malloc(cap);
  while (b) {
    n += fread(b + n, 1, cap - n, f);
    if (n < cap) break;
    char *nb = realloc(b, cap * 2);
    if (!nb) {
      free(b);
      b = NULL;
      break;
    }
    b = nb;
    cap *= 2;
  }
  if (b && ferror(f)) {
    free(b);
    b = NULL;
  }
  fclose(f);
  *len = n;
  return b;
}

/* roster import --customer C FILE [--dry-run] [--replace] [--actor A] */
static int roster_import(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "roster import";
  const char *customer = NULL, *actor = g->actor;
  int dry = 0, replace = 0;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose roster it is"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {"dry-run", NULL, &dry, NULL, NULL, "check the file and say what would change; change nothing"},
      {"replace", NULL, &replace, NULL, NULL, "also remove the entries not in the file"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc || (rc = cli_require(cmd, "customer", customer, (const char *)NULL))) return rc;
  if (npos != 1) return cli_usage(cmd, "expected the CSV file to import");
  size_t len = 0;
  char *data = read_all(pos[0], &len);
  if (!data) {
    fprintf(stderr, "smartservice %s: %s: cannot read the file\n", cmd, pos[0]);
    return CLI_FAIL;
  }
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) {
    free(data);
    return rc;
  }
  const char *base = strrchr(pos[0], '/');
  ssvc_roster_import_result r = SSVC_ROSTER_IMPORT_RESULT_INIT;
  unsigned int flags = (dry ? SSVC_ROSTER_IMPORT_DRY_RUN : 0) |
                       (replace ? SSVC_ROSTER_IMPORT_REPLACE : 0);
  if (ssvc_roster_import(s.st, customer, data, len, base ? base + 1 : pos[0], flags, &r, actor))
    rc = cli_fail(cmd, s.ctx);
  else
    printf("%s%lu rows: %lu added, %lu changed, %lu unchanged, %lu removed\n",
           dry ? "dry run (nothing changed), the import would give: " : "",
           (unsigned long)r.rows, (unsigned long)r.added, (unsigned long)r.updated,
           (unsigned long)r.unchanged, (unsigned long)r.removed);
  free(data);
  return cli_store_close(&s, rc);
}

static int write_cb(void *ud, const char *bytes, size_t len) {
  return fwrite(bytes, 1, len, (FILE *)ud) == len ? 0 : SSVC_EIO;
}

/* roster export --customer C [FILE]: the CSV to FILE, or to standard output. */
static int roster_export(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "roster export";
  const char *customer = NULL;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose roster it is"}, {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc || (rc = cli_require(cmd, "customer", customer, (const char *)NULL))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  FILE *f = stdout;
  if (npos == 1 && strcmp(pos[0], "-") != 0 && !(f = fopen(pos[0], "wb"))) {
    fprintf(stderr, "smartservice %s: %s: cannot write the file\n", cmd, pos[0]);
    return cli_store_close(&s, CLI_FAIL);
  }
  int w = ssvc_roster_export(s.st, customer, write_cb, f);
  if (w == SSVC_EIO) {
    fprintf(stderr, "smartservice %s: %s: a write failed\n", cmd, npos ? pos[0] : "-");
    rc = CLI_FAIL;
  } else if (w) {
    rc = cli_fail(cmd, s.ctx);
  }
  if (f != stdout && fclose(f) && !rc) {
    fprintf(stderr, "smartservice %s: %s: a write failed\n", cmd, pos[0]);
    rc = CLI_FAIL;
  }
  return cli_store_close(&s, rc);
}

int cmd_roster(const struct cli_global *g, int argc, char **argv, int first) {
  static const struct cli_sub subs[] = {
      {"import", roster_import}, {"export", roster_export}, {"add", roster_add},
      {"set", roster_set},       {"remove", roster_remove}, {"list", roster_list},
      {"show", roster_show}};
  return cli_dispatch("roster", subs, sizeof subs / sizeof subs[0], g, argc, argv, first);
}
