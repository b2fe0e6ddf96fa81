/* docs_pdf: the service note (A4) and the return label (100 x 150 mm) of a case as PDF through
 * cairo (doc/documents.md). Uses only the public API of libsmartservice: the note's data
 * (ssvc_note_get), its words (ssvc_note_word_text) and the barcode (ssvc_code128). */
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "smartservice/agreement.h"
#include "smartservice/docs.h"
#include "smartservice/sys/storage.h" /* ssvc_storage_set_error */

#define MM (72.0 / 25.4)
#define SANS "DejaVu Sans"
#define MONO "DejaVu Sans Mono"

struct pdf {
  cairo_t *cr;
  double left, width, y; /* the column and the next line's top */
  int lang;
};

static const char *w(const struct pdf *p, int word) { return ssvc_note_word_text(word, p->lang); }

static void font(struct pdf *p, const char *face, int bold, double size) {
  cairo_select_font_face(p->cr, face, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(p->cr, size);
}

static size_t utf8_len(const char *s) {
  unsigned char c = (unsigned char)*s;
  size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  for (size_t k = 1; k < n; k++)
    if (!s[k]) return k;
  return n;
}

static double advance(struct pdf *p, const char *s, size_t len) {
  char one[8];
  memcpy(one, s, len);
  one[len] = '\0';
  cairo_text_extents_t e;
  cairo_text_extents(p->cr, one, &e);
  return e.x_advance;
}

/* Draws [s, end) as one line at @p x (plus "..." when @p more) and moves down a line. */
static void line(struct pdf *p, double x, const char *s, const char *end, int more, double size) {
  char buf[1100];
  size_t n = (size_t)(end - s) < 1000 ? (size_t)(end - s) : 1000;
  memcpy(buf, s, n);
  for (size_t k = 0; k < n; k++)
    if (buf[k] == '\t' || buf[k] == '\r') buf[k] = ' ';
  snprintf(buf + n, sizeof buf - n, "%s", more ? "\xE2\x80\xA6" : "");
  p->y += size * 1.32;
  cairo_move_to(p->cr, x, p->y - size * 0.32);
  cairo_show_text(p->cr, buf);
}

/* Draws @p s wrapped at spaces (or anywhere, for a word wider than the column) into
 * [x, x + maxw), at most @p max_lines lines, the last ending in "..." when text is left. */
static void wrap(struct pdf *p, double x, double maxw, const char *s, double size, int max_lines) {
  const char *start = s, *brk = NULL, *q = s;
  double width = 0, after_brk = 0;
  int lines = 0;
  maxw -= advance(p, "\xE2\x80\xA6", 3);
  while (*q) {
    size_t len = utf8_len(q);
    if (*q == '\n') {
      if (lines + 1 == max_lines && q[1]) {
        line(p, x, start, q, 1, size);
        return;
      }
      line(p, x, start, q, 0, size);
      lines++;
      start = ++q;
      brk = NULL;
      width = 0;
      continue;
    }
    double cw = advance(p, q, len);
    if (width + cw > maxw && q > start && *q != ' ') {
      const char *end = brk && brk > start ? brk : q;
      if (lines + 1 == max_lines) {
        line(p, x, start, end, 1, size);
        return;
      }
      line(p, x, start, end, 0, size);
      lines++;
      if (end == brk) {
        start = brk + 1;
        width = after_brk;
      } else {
        start = q;
        width = 0;
      }
      brk = NULL;
    }
    if (*q == ' ') {
      brk = q;
      after_brk = -cw;
    }
    width += cw;
    after_brk += cw;
    q += len;
  }
  if (q > start || lines == 0) line(p, x, start, q, 0, size);
}

static void text(struct pdf *p, const char *s, int bold, double size, int max_lines) {
  font(p, SANS, bold, size);
  wrap(p, p->left, p->width, s, size, max_lines);
}

static void heading(struct pdf *p, const char *s) {
  p->y += 8;
  text(p, s, 1, 12, 2);
  cairo_set_line_width(p->cr, 0.8);
  cairo_move_to(p->cr, p->left, p->y + 1);
  cairo_line_to(p->cr, p->left + p->width, p->y + 1);
  cairo_stroke(p->cr);
  p->y += 4;
}

/* A "key  value" row; an empty value leaves it out. */
static void row(struct pdf *p, const char *key, const char *value, int max_lines) {
  if (!*value) return;
  const double kw = 120, size = 11;
  double top = p->y;
  font(p, SANS, 1, size);
  wrap(p, p->left, kw - 6, key, size, 2);
  double after_key = p->y;
  p->y = top;
  font(p, SANS, 0, size);
  wrap(p, p->left + kw, p->width - kw, value, size, max_lines);
  if (after_key > p->y) p->y = after_key;
}

/* The barcode of @p id at (x, p->y), @p module points a module, @p height high. */
static void barcode(struct pdf *p, const char *id, double module, double height) {
  unsigned char m[11 * (SSVC_CASE_ID_SIZE + 3) + 2];
  size_t n = ssvc_code128(id, m, sizeof m);
  double x = p->left + 10 * module;
  for (size_t k = 0; k < n; k++)
    if (m[k]) cairo_rectangle(p->cr, x + (double)k * module, p->y, module, height);
  cairo_fill(p->cr);
  p->y += height + 4;
}

static void date(char *buf, size_t size, ssvc_date d) {
  snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static void address(struct pdf *p, const ssvc_note *n, double size) {
  char city[600];
  snprintf(city, sizeof city, "%s %s", n->return_postal_code, n->return_city);
  text(p, n->return_name, 1, size, 2);
  text(p, n->return_street, 1, size, 2);
  text(p, city, 1, size, 2);
  if (strcmp(n->return_country, "SE") != 0) text(p, n->return_country, 1, size, 1);
}

/* A frame around what follows until box_end(). */
static double box_begin(struct pdf *p) {
  double top = p->y + 6;
  p->y = top + 4;
  p->left += 8;
  p->width -= 16;
  return top;
}

static void box_end(struct pdf *p, double top) {
  p->left -= 8;
  p->width += 16;
  p->y += 6;
  cairo_set_line_width(p->cr, 1.5);
  cairo_rectangle(p->cr, p->left, top, p->width, p->y - top);
  cairo_stroke(p->cr);
}

static void phone_rows(struct pdf *p, const ssvc_note *n) {
  row(p, w(p, SSVC_NOTE_W_PHONE), n->model, 2);
  row(p, w(p, SSVC_NOTE_W_IMEI), n->imei, 1);
  row(p, w(p, SSVC_NOTE_W_SERIAL), n->serial, 1);
}

static void draw_note(struct pdf *p, const ssvc_note *n) {
  char buf[1200];
  text(p, w(p, SSVC_NOTE_W_TITLE), 1, 22, 1);
  p->y += 4;
  font(p, MONO, 1, 16);
  wrap(p, p->left, p->width, n->case_id, 16, 1);
  p->y += 4;
  barcode(p, n->case_id, 0.35 * MM, 15 * MM);
  heading(p, w(p, SSVC_NOTE_W_CASE));
  snprintf(buf, sizeof buf, "%s (%s)", n->customer_name, n->customer_id);
  row(p, w(p, SSVC_NOTE_W_CUSTOMER), buf, 2);
  snprintf(buf, sizeof buf, "%s%s%s", n->user_name, *n->user_phone ? ", " : "", n->user_phone);
  row(p, w(p, SSVC_NOTE_W_USER), buf, 2);
  phone_rows(p, n);
  heading(p, w(p, SSVC_NOTE_W_FAULT));
  const char *outcome = ssvc_note_outcome_text(n->outcome, p->lang);
  snprintf(buf, sizeof buf, "%s%s%s", n->fault[p->lang], *n->fault[p->lang] ? ": " : "",
           outcome ? outcome : "");
  row(p, w(p, SSVC_NOTE_W_DIAGNOSED), buf, 2);
  row(p, w(p, SSVC_NOTE_W_REPORTED), n->symptom, 6);
  p->y += 4;
  int what = !n->order_state                           ? SSVC_NOTE_W_WORKSHOP
             : n->replacement == SSVC_REPLACEMENT_LOAN ? SSVC_NOTE_W_LOAN
                                                       : SSVC_NOTE_W_SWAP;
  text(p, w(p, what), 0, 11, 3);
  heading(p, w(p, SSVC_NOTE_W_TODO));
  int k = 0;
  for (unsigned int bit = 1; bit <= SSVC_DIAG_REMIND_ALL; bit <<= 1) {
    if (!(n->todo & bit)) continue;
    double top = p->y;
    snprintf(buf, sizeof buf, "%d.", ++k);
    font(p, SANS, 0, 11);
    cairo_move_to(p->cr, p->left, top + 11 * 1.32 - 11 * 0.32);
    cairo_show_text(p->cr, buf);
    wrap(p, p->left + 20, p->width - 20, ssvc_diag_reminder_text(bit, p->lang), 11, 3);
  }
  double top = box_begin(p);
  text(p, w(p, SSVC_NOTE_W_RETURN_TO), 1, 12, 1);
  p->y += 2;
  address(p, n, 14);
  p->y += 4;
  if (n->return_deadline.year) date(buf, sizeof buf, n->return_deadline);
  else snprintf(buf, sizeof buf, "%d %s", n->return_days, w(p, SSVC_NOTE_W_DEADLINE_DAYS));
  if (n->order_state) row(p, w(p, SSVC_NOTE_W_DEADLINE), buf, 2); /* a referral has none */
  box_end(p, top);
  p->y += 12;
  text(p, w(p, SSVC_NOTE_W_FOOTER), 0, 9, 3);
  char issued[16];
  date(issued, sizeof issued, n->issued);
  snprintf(buf, sizeof buf, "%s: %s", w(p, SSVC_NOTE_W_ISSUED), issued);
  text(p, buf, 0, 9, 1);
}

static void draw_label(struct pdf *p, const ssvc_note *n) {
  text(p, w(p, SSVC_NOTE_W_LABEL_TITLE), 1, 14, 1);
  double top = box_begin(p);
  text(p, w(p, SSVC_NOTE_W_FROM), 1, 9, 1);
  text(p, n->user_name, 0, 10, 2);
  text(p, n->customer_name, 0, 10, 2);
  box_end(p, top);
  top = box_begin(p);
  text(p, w(p, SSVC_NOTE_W_TO), 1, 9, 1);
  address(p, n, 14);
  box_end(p, top);
  top = box_begin(p);
  char buf[400];
  snprintf(buf, sizeof buf, "%s %s", w(p, SSVC_NOTE_W_CASE), n->case_id);
  font(p, MONO, 1, 12);
  wrap(p, p->left, p->width, buf, 12, 1);
  p->y += 2;
  p->left -= 6; /* the quiet zone may reach into the frame's padding */
  barcode(p, n->case_id, 0.32 * MM, 20 * MM);
  p->left += 6;
  font(p, SANS, 0, 9);
  snprintf(buf, sizeof buf, "%s: %s", w(p, SSVC_NOTE_W_PHONE), n->model);
  wrap(p, p->left, p->width, buf, 9, 2);
  snprintf(buf, sizeof buf, "IMEI: %s", n->imei);
  wrap(p, p->left, p->width, buf, 9, 1);
  box_end(p, top);
}

struct sink {
  ssvc_write_fn fn;
  void *user_data;
  int failed;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len) {
  struct sink *s = closure;
  if (s->failed || s->fn(s->user_data, (const char *)data, len)) {
    s->failed = 1;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

static int fail(ssvc_ctx *ctx, int code, const char *func, const char *what) {
  char msg[4400]; /* a path of up to 4096 bytes and its reason fit */
  snprintf(msg, sizeof msg, "%s: %s", func, what);
  return ssvc_storage_set_error(ctx, code, msg);
}

static int check(ssvc_ctx *ctx, const char *func, const ssvc_note *note, int kind, int lang,
                 int have_out) {
  if (!note) return fail(ctx, SSVC_EINVAL, func, "note must not be NULL");
  if (!have_out) return fail(ctx, SSVC_EINVAL, func, "the output must not be NULL");
  if (note->version != SSVC_NOTE_VERSION)
    return fail(ctx, SSVC_EVERSION, func, "note->version is not supported");
  if (kind != SSVC_DOC_NOTE && kind != SSVC_DOC_LABEL)
    return fail(ctx, SSVC_EINVAL, func, "kind: unknown document kind");
  if (lang != SSVC_LANG_SV && lang != SSVC_LANG_EN)
    return fail(ctx, SSVC_EINVAL, func, "lang: unknown language");
  if (!memchr(note->case_id, '\0', sizeof note->case_id) || !ssvc_code128(note->case_id, NULL, 0))
    return fail(ctx, SSVC_EINVAL, func, "note->case_id: not a case id for a barcode");
  return SSVC_OK;
}

int ssvc_docs_pdf(ssvc_ctx *ctx, const ssvc_note *note, int kind, int lang, ssvc_write_fn fn,
                  void *user_data) {
  static const char func[] = "ssvc_docs_pdf";
  if (!ctx) return SSVC_EINVAL;
  int rc = check(ctx, func, note, kind, lang, fn != NULL);
  if (rc) return rc;
  struct sink s = {fn, user_data, 0};
  double pw = kind == SSVC_DOC_NOTE ? 210 * MM : 100 * MM;
  double ph = kind == SSVC_DOC_NOTE ? 297 * MM : 150 * MM;
  double margin = kind == SSVC_DOC_NOTE ? 16 * MM : 5 * MM;
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(sink_write, &s, pw, ph);
  char title[200], when[32];
  snprintf(title, sizeof title, "%s %s",
           ssvc_note_word_text(kind == SSVC_DOC_NOTE ? SSVC_NOTE_W_TITLE : SSVC_NOTE_W_LABEL_TITLE,
                               lang),
           note->case_id);
  /* The note's own date, not the clock: the same note gives the same bytes. */
  snprintf(when, sizeof when, "%04d-%02d-%02dT00:00:00Z", note->issued.year, note->issued.month,
           note->issued.day);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "libsmartservice-docs");
  if (note->issued.year) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, when);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, when);
  }
  cairo_t *cr = cairo_create(surface);
  struct pdf p = {cr, margin, pw - 2 * margin, margin, lang};
  cairo_set_source_rgb(cr, 0, 0, 0);
  if (kind == SSVC_DOC_NOTE) draw_note(&p, note);
  else draw_label(&p, note);
  cairo_show_page(cr);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (s.failed || st == CAIRO_STATUS_WRITE_ERROR)
    return fail(ctx, SSVC_EIO, func, "the writer stopped");
  if (st == CAIRO_STATUS_NO_MEMORY) return fail(ctx, SSVC_ENOMEM, func, "out of memory");
  if (st != CAIRO_STATUS_SUCCESS) return fail(ctx, SSVC_EIO, func, cairo_status_to_string(st));
  return SSVC_OK;
}

static int file_write(void *user_data, const char *bytes, size_t len) {
  return fwrite(bytes, 1, len, user_data) != len;
}

int ssvc_docs_pdf_file(ssvc_ctx *ctx, const ssvc_note *note, int kind, int lang,
                       const char *path) {
  static const char func[] = "ssvc_docs_pdf_file";
  if (!ctx) return SSVC_EINVAL;
  if (!path) return fail(ctx, SSVC_EINVAL, func, "path must not be NULL");
  int rc = check(ctx, func, note, kind, lang, 1);
  if (rc) return rc;
  FILE *f = fopen(path, "wb");
  char msg[4300];
  if (!f) {
    snprintf(msg, sizeof msg, "%s: cannot create (%s)", path, strerror(errno));
    return fail(ctx, SSVC_EIO, func, msg);
  }
  rc = ssvc_docs_pdf(ctx, note, kind, lang, file_write, f);
  if (fclose(f) && !rc) {
    snprintf(msg, sizeof msg, "%s: cannot write (%s)", path, strerror(errno));
    rc = fail(ctx, SSVC_EIO, func, msg);
  }
  return rc;
}
