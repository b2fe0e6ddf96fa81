/* note_html: the service note (A4) and the return label (100 x 150 mm) of a case as one
 * self-contained HTML page each (doc/documents.md): print CSS, the case id as a Code 128 barcode
 * in inline SVG, every text escaped, nothing loaded from outside. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "file_out.h"
#include "internal.h"
#include "text.h"
#include "smartservice/agreement.h"
#include "smartservice/note.h"

struct out {
  ssvc_write_fn fn;
  void *user_data;
  int failed;
};

static void put(struct out *o, const char *s, size_t n) {
  if (!o->failed && n && o->fn(o->user_data, s, n)) o->failed = 1;
}

static void puts_(struct out *o, const char *s) { put(o, s, strlen(s)); }

static void SSVC_PRINTF(2, 3) putf(struct out *o, const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > 0) put(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void put_any(void *o, const char *s, size_t n) { put(o, s, n); }

/* Text content and attribute values: & < > " escaped. */
static void esc(struct out *o, const char *s) { ssvc__xml_escape(s, put_any, o); }

static void date(struct out *o, ssvc_date d) { putf(o, "%04d-%02d-%02d", d.year, d.month, d.day); }

/* The barcode of @p text as an SVG path, one unit per module, 10 modules of quiet zone. */
static void barcode(struct out *o, const char *text, const char *cls) {
  unsigned char m[11 * (SSVC_CASE_ID_SIZE + 3) + 2];
  size_t n = ssvc_code128(text, m, sizeof m);
  putf(o,
       "<svg class=\"%s\" viewBox=\"0 0 %zu 40\" preserveAspectRatio=\"none\" role=\"img\" "
       "aria-label=\"",
       cls, n + 20);
  esc(o, text);
  puts_(o, "\" shape-rendering=\"crispEdges\"><path d=\"");
  for (size_t k = 0; k < n;) {
    size_t run = 0;
    while (k + run < n && m[k + run] == m[k]) run++;
    if (m[k]) putf(o, "M%zu 0h%zuv40h-%zuz", k + 10, run, run);
    k += run;
  }
  puts_(o, "\"/></svg>\n");
}

static const char *w(int word, int lang) { return ssvc_note_word_text(word, lang); }

/* The page head: the title, the page size and the screen layout. */
static void head(struct out *o, const ssvc_note *n, int kind, int lang) {
  putf(o, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n", lang ? "en" : "sv");
  puts_(o, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  esc(o, w(kind == SSVC_DOC_NOTE ? SSVC_NOTE_W_TITLE : SSVC_NOTE_W_LABEL_TITLE, lang));
  puts_(o, " ");
  esc(o, n->case_id);
  puts_(o, "</title>\n<style>\n");
  if (kind == SSVC_DOC_NOTE)
    puts_(o, "@page{size:A4;margin:12mm 14mm}\n"
             "main{max-width:182mm}\n");
  else
    puts_(o, "@page{size:100mm 150mm;margin:0}\n"
             "main{max-width:100mm}\n"
             "@media print{main.label{height:150mm;padding:5mm;overflow:hidden}}\n");
  puts_(o, "*{box-sizing:border-box}\n"
           "html,body{margin:0;padding:0}\n"
           "body{font-family:\"DejaVu Sans\",Arial,Helvetica,sans-serif;color:#000;"
           "background:#fff;font-size:11pt;line-height:1.35}\n"
           "main{margin:0 auto;padding:12px;overflow-wrap:anywhere}\n"
           "@media print{main{padding:0;max-width:none}}\n"
           "h1{font-size:20pt;margin:0 0 4px}\n"
           "h2{font-size:12pt;margin:10px 0 4px;border-bottom:1px solid #000}\n"
           "dl{display:grid;grid-template-columns:9em minmax(0,1fr);gap:2px 12px;"
           "margin:0}\n"
           "dt{font-weight:bold}dd{margin:0}\n"
           "ol{margin:4px 0;padding-left:1.4em}li{margin:2px 0}\n"
           "address{font-style:normal}\n"
           ".id{font:bold 16pt \"DejaVu Sans Mono\",monospace;letter-spacing:1px}\n"
           "svg.bar{display:block;width:100%;max-width:80mm;height:16mm}\n"
           ".clamp,.c2{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden}\n"
           ".clamp{-webkit-line-clamp:6;line-clamp:6;white-space:pre-line}\n"
           ".c2{-webkit-line-clamp:2;line-clamp:2}\n"
           ".box h2{margin-top:0}\n"
           ".box{border:2px solid #000;padding:8px 10px;margin-top:10px;break-inside:avoid}\n"
           ".big{font-size:14pt;font-weight:bold}\n"
           "footer{margin-top:14px;font-size:9pt}\n"
           ".label h1{font-size:14pt}\n"
           ".label .box{padding:6px 8px}\n"
           ".label svg.bar{max-width:none;height:22mm}\n"
           "</style></head><body>\n");
}

/* "key: value" rows of at most two lines (so that long texts cannot push the page over); an
 * empty value leaves its row out. */
static void row(struct out *o, const char *key, const char *value) {
  if (!*value) return;
  puts_(o, "<dt>");
  esc(o, key);
  puts_(o, "</dt><dd class=\"c2\">");
  esc(o, value);
  puts_(o, "</dd>\n");
}

/* One line of text of at most two lines. */
static void line(struct out *o, const char *a, const char *sep, const char *b) {
  puts_(o, "<div class=\"c2\">");
  esc(o, a);
  puts_(o, sep);
  esc(o, b);
  puts_(o, "</div>");
}

static void address(struct out *o, const ssvc_note *n) {
  puts_(o, "<address class=\"big\">");
  line(o, n->return_name, "", "");
  line(o, n->return_street, "", "");
  line(o, n->return_postal_code, " ", n->return_city);
  if (strcmp(n->return_country, "SE") != 0) line(o, n->return_country, "", "");
  puts_(o, "</address>\n");
}

/* The return deadline of a swap or loan order; a workshop referral has none. */
static void deadline(struct out *o, const ssvc_note *n, int lang) {
  if (!n->order_state) return;
  puts_(o, "<p><b>");
  esc(o, w(SSVC_NOTE_W_DEADLINE, lang));
  puts_(o, ":</b> ");
  if (n->return_deadline.year) date(o, n->return_deadline);
  else {
    putf(o, "%d ", n->return_days);
    esc(o, w(SSVC_NOTE_W_DEADLINE_DAYS, lang));
  }
  puts_(o, "</p>\n");
}

/* The phone's rows of a <dl>. */
static void phone_rows(struct out *o, const ssvc_note *n, int lang) {
  row(o, w(SSVC_NOTE_W_PHONE, lang), n->model);
  row(o, w(SSVC_NOTE_W_IMEI, lang), n->imei);
  row(o, w(SSVC_NOTE_W_SERIAL, lang), n->serial);
}

static void write_note(struct out *o, const ssvc_note *n, int lang) {
  puts_(o, "<main class=\"note\">\n<h1>");
  esc(o, w(SSVC_NOTE_W_TITLE, lang));
  puts_(o, "</h1>\n<p><span class=\"id\">");
  esc(o, n->case_id);
  puts_(o, "</span></p>\n");
  barcode(o, n->case_id, "bar");
  puts_(o, "<h2>");
  esc(o, w(SSVC_NOTE_W_CASE, lang));
  puts_(o, "</h2>\n<dl>\n");
  char customer[SSVC_NOTE_TEXT_SIZE + SSVC_NAME_SIZE + 4];
  snprintf(customer, sizeof customer, "%s (%s)", n->customer_name, n->customer_id);
  row(o, w(SSVC_NOTE_W_CUSTOMER, lang), customer);
  char user[2 * SSVC_NOTE_TEXT_SIZE + 4];
  snprintf(user, sizeof user, "%s%s%s", n->user_name, *n->user_phone ? ", " : "", n->user_phone);
  row(o, w(SSVC_NOTE_W_USER, lang), user);
  phone_rows(o, n, lang);
  puts_(o, "</dl>\n");
  puts_(o, "<h2>");
  esc(o, w(SSVC_NOTE_W_FAULT, lang));
  puts_(o, "</h2>\n<dl>\n");
  char fault[2 * SSVC_NOTE_TEXT_SIZE + 4];
  const char *outcome = ssvc_note_outcome_text(n->outcome, lang);
  snprintf(fault, sizeof fault, "%s%s%s", n->fault[lang], *n->fault[lang] ? ": " : "",
           outcome ? outcome : "");
  row(o, w(SSVC_NOTE_W_DIAGNOSED, lang), fault);
  if (*n->symptom) {
    /* At most six lines, so that the note keeps to one page (as in the PDF). */
    puts_(o, "<dt>");
    esc(o, w(SSVC_NOTE_W_REPORTED, lang));
    puts_(o, "</dt><dd class=\"clamp\">");
    esc(o, n->symptom);
    puts_(o, "</dd>\n");
  }
  puts_(o, "</dl>\n<p>");
  int what = !n->order_state                       ? SSVC_NOTE_W_WORKSHOP
             : n->replacement == SSVC_REPLACEMENT_LOAN ? SSVC_NOTE_W_LOAN
                                                   : SSVC_NOTE_W_SWAP;
  esc(o, w(what, lang));
  puts_(o, "</p>\n<h2>");
  esc(o, w(SSVC_NOTE_W_TODO, lang));
  puts_(o, "</h2>\n<ol>\n");
  for (unsigned int bit = 1; bit <= SSVC_DIAG_REMIND_ALL; bit <<= 1) {
    if (!(n->todo & bit)) continue;
    puts_(o, "<li>");
    esc(o, ssvc_diag_reminder_text(bit, lang));
    puts_(o, "</li>\n");
  }
  puts_(o, "</ol>\n<div class=\"box\">\n<h2>");
  esc(o, w(SSVC_NOTE_W_RETURN_TO, lang));
  puts_(o, "</h2>\n");
  address(o, n);
  deadline(o, n, lang);
  puts_(o, "</div>\n<footer><p>");
  esc(o, w(SSVC_NOTE_W_FOOTER, lang));
  puts_(o, "</p><p>");
  esc(o, w(SSVC_NOTE_W_ISSUED, lang));
  puts_(o, ": ");
  date(o, n->issued);
  puts_(o, "</p></footer>\n</main>\n");
}

static void write_label(struct out *o, const ssvc_note *n, int lang) {
  puts_(o, "<main class=\"label\">\n<h1>");
  esc(o, w(SSVC_NOTE_W_LABEL_TITLE, lang));
  puts_(o, "</h1>\n<div class=\"box\"><b>");
  esc(o, w(SSVC_NOTE_W_FROM, lang));
  puts_(o, "</b>");
  line(o, n->user_name, "", "");
  line(o, n->customer_name, "", "");
  puts_(o, "</div>\n<div class=\"box\"><b>");
  esc(o, w(SSVC_NOTE_W_TO, lang));
  puts_(o, "</b>\n");
  address(o, n);
  puts_(o, "</div>\n<div class=\"box\"><b>");
  esc(o, w(SSVC_NOTE_W_CASE, lang));
  puts_(o, "</b> <span class=\"id\">");
  esc(o, n->case_id);
  puts_(o, "</span>\n");
  barcode(o, n->case_id, "bar");
  puts_(o, "<dl>\n");
  phone_rows(o, n, lang);
  puts_(o, "</dl>\n");
  puts_(o, "</div>\n</main>\n");
}

int ssvc_note_html(ssvc_ctx *ctx, const ssvc_note *note, int kind, int lang, ssvc_write_fn fn,
                   void *user_data) {
  static const char func[] = "ssvc_note_html";
  if (!ctx) return SSVC_EINVAL;
  if (!note || !fn)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s must not be NULL", func, note ? "fn" : "note");
  if (note->version != SSVC_NOTE_VERSION)
    return ssvc__err(ctx, SSVC_EVERSION, "%s: note->version: %u is not supported", func,
                     note->version);
  if (kind != SSVC_DOC_NOTE && kind != SSVC_DOC_LABEL)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: kind: unknown document kind %d", func, kind);
  if (lang != SSVC_LANG_SV && lang != SSVC_LANG_EN)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: lang: unknown language %d", func, lang);
  if (!memchr(note->case_id, '\0', sizeof note->case_id) || !ssvc_code128(note->case_id, NULL, 0))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: note->case_id: not a case id for a barcode", func);
  struct out o = {fn, user_data, 0};
  head(&o, note, kind, lang);
  if (kind == SSVC_DOC_NOTE) write_note(&o, note, lang);
  else write_label(&o, note, lang);
  puts_(&o, "</body></html>\n");
  if (o.failed) return ssvc__err(ctx, SSVC_EIO, "%s: the writer stopped", func);
  return SSVC_OK;
}

int ssvc_note_html_file(ssvc_ctx *ctx, const ssvc_note *note, int kind, int lang,
                        const char *path) {
  static const char func[] = "ssvc_note_html_file";
  if (!ctx) return SSVC_EINVAL;
  if (!path) return ssvc__err(ctx, SSVC_EINVAL, "%s: path must not be NULL", func);
  ssvc__file_out fo;
  int rc = ssvc__file_out_open(&fo, ctx, func, path, 0);
  if (rc) return rc;
  return ssvc__file_out_close(&fo, ssvc_note_html(ctx, note, kind, lang, ssvc__file_out_write,
                                                  &fo));
}
