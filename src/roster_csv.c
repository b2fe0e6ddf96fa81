/* roster_csv: the roster's CSV import (all or nothing, a dry run) and export (doc/roster.md
 * "CSV"). The whole file is read and checked before the store is touched; the import then
 * writes every change in one transaction. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "roster_record.h"

enum { C_IMEI, C_NAME, C_PHONE, C_EMAIL, C_MODEL, C_PURCHASED, C_WARRANTY, C_COUNT };

static const char *const column_names[C_COUNT] = {"imei", "name", "phone", "email", "model",
                                                  "purchased", "warranty"};

/* Header words accepted for each column (ASCII case ignored). */
static const char *const column_words[] = {
    "imei",      "\0",                                                                 /* imei */
    "name",      "user",         "user name",   "namn",       "användare", "\0",       /* name */
    "phone",     "mobile",       "telephone",   "telefon",    "mobil",     "mobilnummer",
    "telefonnummer", "\0",                                                             /* phone */
    "email",     "e-mail",       "mail",        "e-post",     "epost",     "\0",       /* email */
    "model",     "modell",       "\0",                                                 /* model */
    "purchased", "purchase date", "inköpsdatum", "inköpt",    "\0",              /* purchased */
    "warranty",  "warranty until", "garanti",   "garanti till", "\0",             /* warranty */
};

static int column_of(const char *word) {
  int col = 0;
  for (size_t i = 0; i < sizeof column_words / sizeof column_words[0]; i++) {
    if (!*column_words[i]) {
      col++;
      continue;
    }
    if (ssvc__ascii_casecmp(column_words[i], word) == 0) return col;
  }
  return -1;
}

/* One field: its text (NUL-terminated, in the reader's arena) and where it starts. */
struct field {
  char *text;
  uint32_t line, column;
};

struct reader {
  ssvc_ctx *ctx;
  const char *func, *source;
  const char *p, *end;
  uint32_t line, column; /* of p */
  char delim;
  ssvc_buf fields; /* struct field of the current record */
  ssvc_buf text;   /* their texts */
};

static int fail(struct reader *r, uint32_t line, uint32_t column, const char *fmt, ...)
    SSVC_PRINTF(4, 5);
static int fail(struct reader *r, uint32_t line, uint32_t column, const char *fmt, ...) {
  char what[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  return ssvc__err(r->ctx, SSVC_EINVAL, "%s: %s:%lu:%lu: %s", r->func, r->source,
                   (unsigned long)line, (unsigned long)column, what);
}

/* The length of the UTF-8 character at @p p (1-4), or 0 when the bytes there are not one. */
static size_t char_len(const char *p, const char *end) {
  unsigned char c = (unsigned char)*p;
  size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (!n || (size_t)(end - p) < n) return 0;
  if (n == 1) return 1;
  return ssvc__utf8_valid(p, n) ? n : 0;
}

/* Checks the whole file is UTF-8 without control characters other than tab, CR and LF. */
static int check_utf8(struct reader *r) {
  uint32_t line = 1, column = 1;
  for (const char *p = r->p; p < r->end;) {
    size_t n = char_len(p, r->end);
    unsigned char c = (unsigned char)*p;
    if (!n)
      return fail(r, line, column, "byte 0x%02X is not UTF-8 (save the file as UTF-8)", c);
    if (n == 1 && c < 0x20 && c != '\t' && c != '\r' && c != '\n')
      return fail(r, line, column, "a control character");
    if (c == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
    p += n;
  }
  return SSVC_OK;
}

static void advance(struct reader *r) {
  size_t n = char_len(r->p, r->end);
  if (*r->p == '\n') {
    r->line++;
    r->column = 1;
  } else {
    r->column++;
  }
  r->p += n ? n : 1;
}

/* Appends the character at r->p to the field's text and moves past it. */
static void take_char(struct reader *r) {
  size_t n = char_len(r->p, r->end);
  ssvc__buf_append(&r->text, r->p, n ? n : 1);
  advance(r);
}

static int at_eol(const struct reader *r) {
  return r->p >= r->end || *r->p == '\n' || (*r->p == '\r' && (r->p + 1 >= r->end || r->p[1] == '\n'));
}

/* Reads one record into r->fields; 0 at the end of the file, 1 for a record, <0 an error. */
static int read_record(struct reader *r, uint32_t *line) {
  r->fields.len = 0;
  r->text.len = 0;
  /* Empty lines are skipped. */
  while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) advance(r);
  if (r->p >= r->end) return 0;
  *line = r->line;
  for (;;) {
    struct field f = {NULL, r->line, r->column};
    size_t start = r->text.len;
    while (r->p < r->end && *r->p == ' ') advance(r);
    if (r->p < r->end && *r->p == '"') {
      uint32_t ql = r->line, qc = r->column;
      advance(r);
      for (;;) {
        if (r->p >= r->end) return fail(r, ql, qc, "the quote opened here is never closed");
        if (*r->p == '"') {
          if (r->p + 1 < r->end && r->p[1] == '"') {
            ssvc__buf_append(&r->text, "\"", 1);
            advance(r);
            advance(r);
            continue;
          }
          advance(r);
          break;
        }
        take_char(r);
      }
      while (r->p < r->end && *r->p == ' ') advance(r);
      if (!at_eol(r) && *r->p != r->delim) {
        char d[2] = {r->delim, 0};
        return fail(r, r->line, r->column, "expected '%s' or the end of the line after the closing quote", d);
      }
    } else {
      while (!at_eol(r) && *r->p != r->delim) {
        if (*r->p == '"')
          return fail(r, r->line, r->column, "a quote inside a field that does not begin with one");
        take_char(r);
      }
      while (r->text.len > start && r->text.p[r->text.len - 1] == ' ') r->text.len--;
    }
    ssvc__buf_append(&r->text, "", 1);
    f.text = (char *)(uintptr_t)start; /* an offset until the text buffer stops moving */
    ssvc__buf_append(&r->fields, &f, sizeof f);
    if (r->text.failed || r->fields.failed) return SSVC_ENOMEM;
    if (at_eol(r)) break;
    advance(r); /* the delimiter */
  }
  while (r->p < r->end && *r->p == '\r') advance(r);
  if (r->p < r->end) advance(r); /* the line feed */
  struct field *fs = (struct field *)(void *)r->fields.p;
  for (size_t i = 0; i < r->fields.len / sizeof *fs; i++)
    fs[i].text = (char *)r->text.p + (size_t)(uintptr_t)fs[i].text;
  return 1;
}

/* One data row, checked: the entry and where its fields start. */
struct row {
  struct ssvc__roster_norm n;
  uint32_t line, col[C_COUNT];
  char *texts; /* the row's texts, owned */
  int stored;  /* 0 new, 1 same, 2 changes */
};

struct parsed {
  struct row *rows;
  size_t n, cap;
};

static void parsed_free(ssvc_ctx *ctx, struct parsed *ps) {
  for (size_t i = 0; i < ps->n; i++) ssvc__free(ctx, ps->rows[i].texts);
  ssvc__free(ctx, ps->rows);
}

static int parse_date(struct reader *r, const char *text, ssvc_date *out, uint32_t line,
                      uint32_t col, const char *name) {
  memset(out, 0, sizeof *out);
  if (!*text) return SSVC_OK;
  ssvc_date d;
  if (ssvc_date_parse(NULL, &d, text) || d.year < 1900 || d.year > 2199)
    return fail(r, line, col, "%s: '%.40s' is not a date YYYY-MM-DD", name, text);
  *out = d;
  return SSVC_OK;
}

/* Reads and checks the whole file into @p ps. */
static int parse(struct reader *r, struct parsed *ps) {
  int rc = check_utf8(r);
  if (rc) return rc;
  if (r->end - r->p >= 3 && memcmp(r->p, "\xEF\xBB\xBF", 3) == 0) r->p += 3;
  /* The delimiter: the one of ',' and ';' the header's first line holds more of. */
  size_t commas = 0, semis = 0;
  for (const char *p = r->p; p < r->end && *p != '\n'; p++) {
    commas += *p == ',';
    semis += *p == ';';
  }
  r->delim = semis > commas ? ';' : ',';
  uint32_t line;
  if ((rc = read_record(r, &line)) <= 0)
    return rc ? rc : fail(r, 1, 1, "the file is empty: it needs a header row (imei,name,...)");
  int map[64];
  size_t ncols = r->fields.len / sizeof(struct field);
  struct field *h = (struct field *)(void *)r->fields.p;
  if (ncols > 64) return fail(r, line, h[64].column, "more than 64 columns");
  int have[C_COUNT] = {0};
  for (size_t i = 0; i < ncols; i++) {
    map[i] = column_of(h[i].text);
    if (map[i] < 0) continue;
    if (have[map[i]])
      return fail(r, h[i].line, h[i].column, "column '%s' twice (as %s)", h[i].text,
                  column_names[map[i]]);
    have[map[i]] = 1;
  }
  if (!have[C_IMEI] || !have[C_NAME])
    return fail(r, line, 1, "the header has no '%s' column", have[C_IMEI] ? "name" : "imei");
  /* Each row's phone is in its own n.phone, which moves when ps->rows grows: e.phone is pointed
   * at it once the array stops moving (below), and compared through n.phone until then. */
  while ((rc = read_record(r, &line)) == 1) {
    struct field *fs = (struct field *)(void *)r->fields.p;
    size_t nf = r->fields.len / sizeof *fs;
    if (nf != ncols) {
      char a[32], b[32];
      snprintf(a, sizeof a, "%zu", nf);
      snprintf(b, sizeof b, "%zu", ncols);
      uint32_t col = nf > ncols ? fs[ncols].column : r->column;
      return fail(r, line, nf > ncols ? col : fs[nf - 1].column, "%s fields, the header has %s", a, b);
    }
    if (ps->n == ps->cap) {
      size_t cap = ps->cap ? ps->cap * 2 : 16;
      struct row *nr = ssvc__realloc(r->ctx, ps->rows, cap * sizeof *nr);
      if (!nr) return SSVC_ENOMEM;
      ps->rows = nr;
      ps->cap = cap;
    }
    struct row *row = &ps->rows[ps->n];
    memset(row, 0, sizeof *row);
    if (!(row->texts = ssvc__malloc(r->ctx, r->text.len))) return SSVC_ENOMEM;
    ps->n++;
    memcpy(row->texts, r->text.p, r->text.len);
    const char *v[C_COUNT] = {"", "", "", "", "", "", ""};
    row->line = line;
    for (size_t i = 0; i < nf; i++)
      if (map[i] >= 0) {
        v[map[i]] = row->texts + (fs[i].text - (char *)r->text.p);
        row->col[map[i]] = fs[i].column;
      }
    ssvc_roster_entry *e = &row->n.e;
    *e = (ssvc_roster_entry)SSVC_ROSTER_ENTRY_INIT;
    const char *why;
    if ((why = ssvc__roster_imei_problem(v[C_IMEI])))
      return fail(r, line, row->col[C_IMEI], "imei '%.40s': %s", v[C_IMEI], why);
    e->imei = v[C_IMEI];
    if (!*v[C_NAME]) return fail(r, line, row->col[C_NAME], "name: must be given");
    if (strlen(v[C_NAME]) > SSVC_ROSTER_NAME_MAX)
      return fail(r, line, row->col[C_NAME], "name: longer than 256 bytes");
    e->user_name = v[C_NAME];
    if (*v[C_PHONE]) {
      if ((why = ssvc__roster_phone_norm(v[C_PHONE], row->n.phone)))
        return fail(r, line, row->col[C_PHONE], "phone '%.40s': %s", v[C_PHONE], why);
      e->phone = row->n.phone;
    }
    if (*v[C_EMAIL]) {
      if ((why = ssvc__roster_email_problem(v[C_EMAIL])))
        return fail(r, line, row->col[C_EMAIL], "email '%.60s': %s", v[C_EMAIL], why);
      e->email = v[C_EMAIL];
    }
    if (*v[C_MODEL]) {
      if (strlen(v[C_MODEL]) > SSVC_MODEL_MAX)
        return fail(r, line, row->col[C_MODEL], "model: longer than 64 bytes");
      e->model = v[C_MODEL];
    }
    if ((rc = parse_date(r, v[C_PURCHASED], &e->purchased, line, row->col[C_PURCHASED],
                         "purchased")) ||
        (rc = parse_date(r, v[C_WARRANTY], &e->warranty_until, line, row->col[C_WARRANTY],
                         "warranty")))
      return rc;
    for (size_t j = 0; j + 1 < ps->n; j++) {
      const struct row *o = &ps->rows[j];
      char at[32];
      snprintf(at, sizeof at, "%lu", (unsigned long)o->line);
      if (strcmp(o->n.e.imei, e->imei) == 0)
        return fail(r, line, row->col[C_IMEI], "imei %s is on line %s too", e->imei, at);
      if (e->phone && o->n.e.phone && strcmp(o->n.phone, row->n.phone) == 0)
        return fail(r, line, row->col[C_PHONE], "phone %s is on line %s too", v[C_PHONE], at);
    }
  }
  for (size_t j = 0; j < ps->n; j++)
    if (ps->rows[j].n.e.phone) ps->rows[j].n.e.phone = ps->rows[j].n.phone;
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* The import                                                                                  */

struct import_args {
  const char *func, *customer, *source, *actor;
  unsigned int flags;
  struct parsed *ps;
  ssvc_roster_import_result res;
};

struct imei_list {
  ssvc_buf b; /* 16 bytes each */
};

static int collect_cb(void *ud, const ssvc_roster_entry *e) {
  struct imei_list *l = ud;
  char k[16];
  memcpy(k, e->imei, 16);
  ssvc__buf_append(&l->b, k, 16);
  return l->b.failed ? 1 : 0;
}

static const struct row *row_of(const struct parsed *ps, const char *imei) {
  for (size_t i = 0; i < ps->n; i++)
    if (strcmp(ps->rows[i].n.e.imei, imei) == 0) return &ps->rows[i];
  return NULL;
}

static int import_body(ssvc_store *st, struct import_args *a) {
  ssvc_ctx *ctx = st->ctx;
  int rc = ssvc__roster_agreement(st, a->func, a->customer);
  if (rc) return rc;
  memset(&a->res, 0, sizeof a->res);
  a->res.rows = (uint32_t)a->ps->n;
  /* Entries not in the file go first (replace), then entries that change are taken off, so that
   * a contact phone may move from one entry to another in one file. */
  if (a->flags & SSVC_ROSTER_IMPORT_REPLACE) {
    struct imei_list l;
    ssvc__buf_init(&l.b, ctx);
    rc = ssvc__roster_scan(st, a->func, a->customer, collect_cb, &l, NULL);
    if (!rc && l.b.failed) rc = SSVC_ENOMEM;
    for (size_t i = 0; !rc && i < l.b.len / 16; i++) {
      const char *imei = (const char *)l.b.p + 16 * i;
      if (row_of(a->ps, imei)) continue;
      rc = ssvc__roster_remove(st, a->func, a->customer, imei);
      a->res.removed++;
    }
    ssvc__buf_free(&l.b);
    if (rc) return rc;
  }
  for (size_t i = 0; i < a->ps->n; i++) {
    struct row *row = &a->ps->rows[i];
    struct ssvc__roster_decoded d;
    rc = ssvc__roster_get(st, a->func, a->customer, row->n.e.imei, &d);
    if (rc == SSVC_ENOTFOUND) {
      row->stored = 0;
      continue;
    }
    if (rc) return rc;
    row->stored = ssvc__roster_same(&d.e, &row->n.e) ? 1 : 2;
    if (row->stored == 2 && (rc = ssvc__roster_remove(st, a->func, a->customer, row->n.e.imei)))
      return rc;
  }
  for (size_t i = 0; i < a->ps->n; i++) {
    struct row *row = &a->ps->rows[i];
    if (row->stored == 1) {
      a->res.unchanged++;
      continue;
    }
    char clash[16];
    rc = ssvc__roster_put(st, a->func, a->customer, &row->n.e, SSVC__ROSTER_ANY, a->actor, NULL,
                          clash);
    if (rc == SSVC_EEXISTS)
      return ssvc__err(ctx, SSVC_EINVAL,
                       "%s: %s:%lu:%lu: phone %s is on the roster already, for IMEI %s", a->func,
                       a->source, (unsigned long)row->line, (unsigned long)row->col[C_PHONE],
                       row->n.e.phone, clash);
    if (rc) return rc;
    if (row->stored == 2) a->res.updated++;
    else a->res.added++;
  }
  if (a->res.added || a->res.updated || a->res.removed)
    rc = ssvc__roster_changed(st, a->func, a->customer, a->actor);
  return rc;
}

/* The dry run ends its transaction with this status: everything is rolled back. */
#define DRY_DONE 1

static int import_attempt(ssvc_store *st, void *arg) {
  struct import_args *a = arg;
  ssvc_txn t;
  int rc = ssvc__txn_begin(st, a->func, &t);
  if (rc) return rc;
  rc = import_body(st, a);
  if (!rc && (a->flags & SSVC_ROSTER_IMPORT_DRY_RUN)) rc = DRY_DONE;
  rc = ssvc__txn_end(st, a->func, &t, rc);
  return rc == DRY_DONE ? SSVC_OK : rc;
}

int ssvc_roster_import(ssvc_store *store, const char *customer_id, const char *data, size_t len,
                       const char *source, unsigned int flags, ssvc_roster_import_result *out,
                       const char *actor) {
  static const char func[] = "ssvc_roster_import";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX);
  if (!rc) rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256);
  if (!rc && !data && len) rc = ssvc__err(ctx, SSVC_EINVAL, "%s: data must not be NULL", func);
  if (!rc && (flags & ~3u))
    rc = ssvc__err(ctx, SSVC_EINVAL, "%s: flags: unknown bits 0x%x", func, flags & ~3u);
  if (!rc && out)
    rc = ssvc__check_version(ctx, "ssvc_roster_import: out", out->version,
                             SSVC_ROSTER_IMPORT_RESULT_VERSION);
  if (!rc && (flags & SSVC_ROSTER_IMPORT_DRY_RUN) && store->depth > 0)
    rc = ssvc__err(ctx, SSVC_ESTATE, "%s: a dry run cannot run inside an open transaction", func);
  if (rc) return rc;
  struct reader r = {ctx, func, source ? source : "input", data ? data : "", (data ? data : "") + len,
                     1, 1, ',', {0}, {0}};
  ssvc__buf_init(&r.fields, ctx);
  ssvc__buf_init(&r.text, ctx);
  struct parsed ps = {NULL, 0, 0};
  rc = parse(&r, &ps);
  ssvc__buf_free(&r.fields);
  ssvc__buf_free(&r.text);
  struct import_args a = {func, customer_id, r.source, actor, flags, &ps, SSVC_ROSTER_IMPORT_RESULT_INIT};
  if (!rc) rc = ssvc__txn_retry(store, import_attempt, &a);
  parsed_free(ctx, &ps);
  if (!rc && out) {
    a.res.version = out->version;
    *out = a.res;
  }
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* The export                                                                                  */

struct writer {
  ssvc_write_fn fn;
  void *ud;
  int rc;
  ssvc_buf line;
};

static void put_field(ssvc_buf *b, const char *s, int first) {
  if (!first) ssvc__buf_append(b, ",", 1);
  if (!s) return;
  if (!strpbrk(s, ",;\"\r\n")) {
    ssvc__buf_append(b, s, strlen(s));
    return;
  }
  ssvc__buf_append(b, "\"", 1);
  for (const char *p = s; *p; p++) {
    if (*p == '"') ssvc__buf_append(b, "\"", 1);
    ssvc__buf_append(b, p, 1);
  }
  ssvc__buf_append(b, "\"", 1);
}

static void put_date(ssvc_buf *b, ssvc_date d) {
  char t[16] = "";
  if (d.year) snprintf(t, sizeof t, "%04d-%02d-%02d", d.year, d.month, d.day);
  put_field(b, t, 0);
}

static int export_cb(void *ud, const ssvc_roster_entry *e) {
  struct writer *w = ud;
  w->line.len = 0;
  put_field(&w->line, e->imei, 1);
  put_field(&w->line, e->user_name, 0);
  put_field(&w->line, e->phone, 0);
  put_field(&w->line, e->email, 0);
  put_field(&w->line, e->model, 0);
  put_date(&w->line, e->purchased);
  put_date(&w->line, e->warranty_until);
  ssvc__buf_append(&w->line, "\n", 1);
  if (w->line.failed) {
    w->rc = SSVC_ENOMEM;
    return 1;
  }
  w->rc = w->fn(w->ud, (const char *)w->line.p, w->line.len);
  return w->rc != 0;
}

int ssvc_roster_export(ssvc_store *store, const char *customer_id, ssvc_write_fn fn,
                       void *user_data) {
  static const char func[] = "ssvc_roster_export";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX);
  if (rc) return rc;
  if (!fn) return ssvc__err(ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  static const char header[] = "imei,name,phone,email,model,purchased,warranty\n";
  struct writer w = {fn, user_data, 0, {0}};
  ssvc__buf_init(&w.line, ctx);
  /* The whole roster is read first (a damaged entry fails before anything is written). */
  rc = ssvc__roster_scan(store, func, customer_id, NULL, NULL, NULL);
  if (!rc && (w.rc = fn(user_data, header, sizeof header - 1))) rc = w.rc;
  if (!rc) {
    rc = ssvc__roster_scan(store, func, customer_id, export_cb, &w, NULL);
    if (!rc) rc = w.rc;
  }
  ssvc__buf_free(&w.line);
  return rc;
}
