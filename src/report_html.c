/* report_html: the quality report as one HTML page for a customer's IT manager (doc/report.md):
 * the customer's name, the actions first, the month's figures against the targets, the trend of
 * the 12 months before, in Swedish or English, with SVG charts that scale to any width (viewBox)
 * and print on A4. No scripts, no external files, no personal data. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report_data.h"

/* The words of the page in one language. Formats take their arguments in the order noted. */
struct words {
  const char *lang, *title, *supplier, *made, *period_month, *period_days;
  const char *actions, *nothing_to_do, *buy_now, *buy_none_level; /* buy_now: %s phones */
  const char *overdue_line; /* model; %s days since delivery, %s days past deadline, %s value */
  const char *overdue_more; /* %s more */
  const char *month_figures, *cases, *cases_none, *solved, *of_cases, *on_time, *of_deliveries;
  const char *no_delivery, *target, *target_met, *target_missed, *unreturned, *unreturned_sub;
  const char *worth; /* ", värde 3 990 kr" */
  const char *at_most, *close_median, *close_sub, *close_none, *oow, *trend, *trend_note;
  const char *trend_cases, *trend_solved, *trend_on_time, *trend_unreturned, *outcomes;
  const char *outcome[SSVC_CASE_OUTCOME_MAX + 1], *symptoms, *models, *models_of, *other, *close;
  const char *bands[5], *swap, *swap_none, *swap_text, *backorders, *swap_pool, *swap_level;
  const char *refills; /* pending, phones, approved, declined */
  const char *footer;
  const char *months[12], *month_abbr[12], *days, *hours;
  const char *thousands, *decimal, *percent; /* "1 234", ",", " %" */
};

static const struct words sv = {
    "sv", "Kvalitetsrapport", "Från %s", "Skapad %s", "Ärenden registrerade i %s",
    "Ärenden registrerade %s – %s", "Att göra nu", "Inget att åtgärda just nu.",
    "<strong>Köp %s telefoner</strong> till SWAP-lagret nu", " (lagret har %s av nivån %s).",
    "<strong>%s</strong> har inte kommit tillbaka: levererad för %s dagar sedan, %s dagar efter "
    "sista returdag%s.",
    "Ytterligare %s telefoner har inte kommit tillbaka i tid.", "Månaden i siffror", "ärenden",
    "Inga ärenden denna månad", "lösta i telefon", "%s av %s ärenden", "levererade i tid",
    "%s av %s leveranser enligt löftet", "Ingen utbytestelefon levererades denna månad",
    "Mål %s", "målet nått", "under målet", "telefoner ej tillbaka", "äldsta %s dagar%s",
    ", värde %s", "Mål högst %s", "mediantid till avslutat ärende",
    "hälften av ärendena var klara inom den tiden; "
    "9 av 10 inom %s", "Inget ärende avslutades denna månad", "ärenden utanför garantin",
    "Utvecklingen de senaste 13 månaderna", "Varje stapel är en månad; den sista är rapportens.",
    "Ärenden", "Lösta i telefon", "Levererade i tid", "Telefoner ej tillbaka vid månadens slut",
    "Ärenden efter utfall",
    {"Ännu inte felsökta", "Lösta i telefon", "Till verkstad", "Konstaterat fel (utbyte)",
     "Utanför tjänsten"},
    "Ärenden efter symptom", "Fel per telefonmodell", "av %s", "Övriga eller inget angivet",
    "Tid till avslutat ärende",
    {"högst 4 timmar", "4 till 24 timmar", "1 till 3 dagar", "3 till 7 dagar", "mer än 7 dagar"},
    "SWAP-lager", "Avtalet saknar SWAP-lager.",
    "Lagret ska hålla %s telefoner: %s av de %s telefonerna i tjänst. Nu finns %s i lagret.",
    " %s ärenden väntar på en telefon.", "hela lagret", "nivå %s",
    "Påfyllnadsförfrågningar: %s väntar på beslut (%s telefoner), %s godkända, %s avböjda.",
    "Rapporten innehåller inga personuppgifter om användarna. Tiderna är avrundade (högst 2 % fel). "
    "Dagar och månader räknas i svensk tid.",
    {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
     "oktober", "november", "december"},
    {"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
    "dagar", "h", "\xE2\x80\xAF", ",", "\xC2\xA0%"};

static const struct words en = {
    "en", "Quality report", "From %s", "Made on %s", "Cases registered in %s",
    "Cases registered %s – %s", "To do now", "Nothing to act on now.",
    "<strong>Buy %s phones</strong> for the SWAP stock now", " (the stock has %s of its level %s).",
    "<strong>%s</strong> not returned: delivered %s days ago, %s days past the return deadline%s.",
    "%s more phones are not back in time.", "The month in figures", "cases",
    "No cases this month", "solved on the phone", "%s of %s cases", "delivered on time",
    "%s of %s deliveries as promised", "No replacement phone was delivered this month",
    "Target %s", "target met", "below target", "phones not returned", "oldest %s days%s",
    ", worth %s", "Target at most %s", "median time to close a case",
    "half of the cases were done within "
    "that time; 9 in 10 within %s", "No case closed this month", "cases out of warranty",
    "The last 13 months", "Each bar is a month; the last one is the report's.", "Cases",
    "Solved on the phone", "Delivered on time", "Phones not returned at the month's end",
    "Cases by outcome",
    {"Not yet diagnosed", "Solved on the phone", "Sent to the workshop",
     "Confirmed fault (replaced)", "Outside the service"},
    "Cases by symptom", "Faults per phone model", "of %s", "Other or not given", "Time to close",
    {"up to 4 hours", "4 to 24 hours", "1 to 3 days", "3 to 7 days", "more than 7 days"},
    "SWAP stock", "The agreement has no SWAP stock.",
    "The stock should hold %s phones: %s of the %s phones in service. It holds %s now.",
    " %s cases wait for a phone.", "whole stock", "level %s",
    "Refill requests: %s pending (%s phones), %s approved, %s declined.",
    "The report holds no personal data of the phone users. Times are rounded (at most 2% off). "
    "Days and months are counted in Swedish time.",
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
    {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
    "days", "h", ",", ".", "%"};

/* @p v with the language's thousands separator ("12 345" with a narrow no-break space, "12,345"). */
static void num(char *buf, size_t n, uint64_t v, const struct words *w) {
  char digits[24];
  int len = snprintf(digits, sizeof digits, "%" PRIu64, v);
  size_t at = 0, sep = strlen(w->thousands);
  for (int i = 0; i < len && at + sep + 2 < n; i++) {
    if (i && (len - i) % 3 == 0) {
      memcpy(buf + at, w->thousands, sep);
      at += sep;
    }
    buf[at++] = digits[i];
  }
  buf[at] = '\0';
}

/* A share as a whole percent, or with one decimal below 100 when it is not whole ("97.5%"). */
static void share(char *buf, size_t n, uint64_t part, uint64_t whole, const struct words *w) {
  uint64_t pm = whole ? (part * 1000 + whole / 2) / whole : 0;
  if (pm % 10) snprintf(buf, n, "%" PRIu64 "%s%" PRIu64 "%s", pm / 10, w->decimal, pm % 10, w->percent);
  else snprintf(buf, n, "%" PRIu64 "%s", pm / 10, w->percent);
}

/* Basis points as a percent ("98%"). */
static void bp_text(char *buf, size_t n, int32_t bp, const struct words *w) {
  share(buf, n, (uint64_t)bp, 10000, w);
}

/* Money in öre as whole kronor ("3 990 kr", "SEK 3,990"), öre when there are any. */
static void money_text(char *buf, size_t n, int64_t minor, const struct words *w) {
  uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
  char whole[40], frac[8] = "";
  num(whole, sizeof whole, a / 100, w);
  if (a % 100) snprintf(frac, sizeof frac, "%s%02u", w->decimal, (unsigned)(a % 100));
  if (w == &sv) snprintf(buf, n, "%s%s%s\xC2\xA0kr", minor < 0 ? "-" : "", whole, frac);
  else snprintf(buf, n, "%sSEK\xC2\xA0%s%s", minor < 0 ? "-" : "", whole, frac);
}

static void date_long(char *buf, size_t n, ssvc_date d, const struct words *w) {
  if (d.month < 1 || d.month > 12) {
    snprintf(buf, n, "%04d-%02d-%02d", d.year, d.month, d.day);
    return;
  }
  if (w == &sv) snprintf(buf, n, "%d %s %d", d.day, w->months[d.month - 1], d.year);
  else snprintf(buf, n, "%d %s %d", d.day, w->months[d.month - 1], d.year);
}

static void hours_text(char *buf, size_t n, int64_t secs, const struct words *w) {
  if (secs >= 72 * 3600) {
    int64_t tenths = (secs * 10 + 43200) / 86400;
    if (tenths % 10) snprintf(buf, n, "%" PRId64 "%s%" PRId64 "\xC2\xA0%s", tenths / 10, w->decimal, tenths % 10, w->days);
    else snprintf(buf, n, "%" PRId64 "\xC2\xA0%s", tenths / 10, w->days);
    return;
  }
  if (secs < 60) {
    snprintf(buf, n, "under 1\xC2\xA0min");
    return;
  }
  if (secs < 3600) {
    snprintf(buf, n, "%" PRId64 "\xC2\xA0min", (secs + 30) / 60);
    return;
  }
  int64_t tenths = (secs * 10 + 1800) / 3600;
  if (tenths % 10) snprintf(buf, n, "%" PRId64 "%s%" PRId64 "\xC2\xA0%s", tenths / 10, w->decimal, tenths % 10, w->hours);
  else snprintf(buf, n, "%" PRId64 "\xC2\xA0%s", tenths / 10, w->hours);
}

/* Formats @p fmt whose %s are the texts @p a, @p b, @p c, @p d (unused ones are ignored). */
static void fill(char *buf, size_t n, const char *fmt, const char *a, const char *b, const char *c,
                 const char *d) {
  const char *args[4] = {a, b, c, d};
  size_t at = 0;
  int k = 0;
  for (const char *p = fmt; *p && at + 1 < n; p++) {
    if (p[0] == '%' && p[1] == 's') {
      const char *s = k < 4 && args[k] ? args[k] : "";
      k++;
      size_t l = strlen(s);
      if (l > n - 1 - at) l = n - 1 - at;
      memcpy(buf + at, s, l);
      at += l;
      p++;
    } else if (p[0] == '%' && p[1] == '%') {
      buf[at++] = '%';
      p++;
    } else {
      buf[at++] = *p;
    }
  }
  buf[at] = '\0';
}

static void tile(struct report_out *o, const char *value, const char *label, const char *sub,
                 const char *target, int met) {
  ssvc__report_puts(o, "<div class=\"tile\"><div class=\"n\">");
  ssvc__report_esc(o, value);
  ssvc__report_puts(o, "</div><div class=\"l\">");
  ssvc__report_esc(o, label);
  ssvc__report_puts(o, "</div>");
  if (sub) {
    ssvc__report_puts(o, "<div class=\"s\">");
    ssvc__report_esc(o, sub);
    ssvc__report_puts(o, "</div>");
  }
  if (target) {
    ssvc__report_printf(o, "<div class=\"t %s\">", met ? "ok" : "bad");
    ssvc__report_esc(o, target);
    ssvc__report_puts(o, "</div>");
  }
  ssvc__report_puts(o, "</div>\n");
}

/* An empty state: a tile with a sentence instead of a number. */
static void tile_empty(struct report_out *o, const char *label, const char *sentence) {
  ssvc__report_puts(o, "<div class=\"tile empty\"><div class=\"l\">");
  ssvc__report_esc(o, label);
  ssvc__report_puts(o, "</div><div class=\"s\">");
  ssvc__report_esc(o, sentence);
  ssvc__report_puts(o, "</div></div>\n");
}

/* A label cut to about @p max characters (whole UTF-8 characters), with an ellipsis. */
static void cut(char *buf, size_t n, const char *s, size_t max) {
  size_t chars = 0, i = 0;
  for (; s[i] && i + 4 < n; i++) {
    if ((s[i] & 0xC0) != 0x80 && chars++ == max) break;
  }
  memcpy(buf, s, i);
  buf[i] = '\0';
  if (s[i]) {
    while (i && (buf[i - 1] & 0xC0) == 0x80) i--; /* not needed for ASCII; keeps UTF-8 whole */
    snprintf(buf + i, n - i, "\xE2\x80\xA6");
  }
}

/* A horizontal bar chart, 480 units wide, scaled to the page's width by its viewBox. */
static void hbars(struct report_out *o, const char *title, const char *intro,
                  const char *const *labels,
                  const size_t *values, const char *const *notes, size_t n, const char *colour,
                  const struct words *w) {
  size_t max = 1;
  for (size_t k = 0; k < n; k++)
    if (values[k] > max) max = values[k];
  ssvc__report_puts(o, "<section><h2>");
  ssvc__report_esc(o, title);
  ssvc__report_puts(o, "</h2>\n");
  if (intro) {
    ssvc__report_puts(o, "<p>");
    ssvc__report_esc(o, intro);
    ssvc__report_puts(o, "</p>\n");
  }
  ssvc__report_printf(o, "<svg role=\"img\" viewBox=\"0 0 480 %zu\" "
                      "preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">\n",
                      n * 26 + 6);
  for (size_t k = 0; k < n; k++) {
    size_t bw = values[k] * 190 / max, y = k * 26 + 3;
    char label[96], v[40];
    cut(label, sizeof label, labels[k], 26);
    num(v, sizeof v, values[k], w);
    ssvc__report_printf(o, "<text x=\"178\" y=\"%zu\" text-anchor=\"end\" class=\"l\">", y + 15);
    ssvc__report_esc(o, label);
    ssvc__report_printf(o, "</text><rect x=\"184\" y=\"%zu\" width=\"%zu\" height=\"18\" rx=\"3\" "
                        "fill=\"%s\"/><text x=\"%zu\" y=\"%zu\" class=\"v\">",
                        y, bw ? bw : 1, colour, 190 + bw, y + 14);
    ssvc__report_esc(o, v);
    if (notes && notes[k]) {
      ssvc__report_puts(o, " (");
      ssvc__report_esc(o, notes[k]);
      ssvc__report_puts(o, ")");
    }
    ssvc__report_puts(o, "</text>\n");
  }
  ssvc__report_puts(o, "</svg></section>\n");
}

/* One month of the trend: a value, or none (a share without deliveries). */
struct point {
  const ssvc_report_month *m;
  int has;
  uint64_t part, whole; /* whole 0: a count (part) */
};

/* A column chart of the 13 months (the trend and the period), 480 units wide; @p target_bp draws
 * a dashed line for a share's target (SSVC_REPORT_NO_TARGET: none). */
static void columns(struct report_out *o, const char *title, const struct point *pts, size_t n,
                    int32_t target_bp, const char *colour, const struct words *w) {
  uint64_t max = 1;
  int shares = pts[0].whole != 0 || !pts[0].has;
  for (size_t k = 0; k < n; k++) {
    if (pts[k].whole) shares = 1;
    if (!pts[k].whole && pts[k].part > max) max = pts[k].part;
  }
  if (shares) max = 1000;
  ssvc__report_puts(o, "<figure><figcaption>");
  ssvc__report_esc(o, title);
  ssvc__report_puts(o, "</figcaption>\n<svg role=\"img\" viewBox=\"0 0 480 170\" "
                       "xmlns=\"http://www.w3.org/2000/svg\">\n");
  const size_t top = 18, height = 120, slot = 480 / 13;
  for (size_t k = 0; k < n; k++) {
    size_t x = k * slot + 4;
    const char *cls = k + 1 == n ? "now" : "past";
    if (pts[k].has) {
      uint64_t v = shares ? (pts[k].whole ? (pts[k].part * 1000 + pts[k].whole / 2) / pts[k].whole
                                          : 0)
                          : pts[k].part;
      size_t h = (size_t)(v * height / max);
      char txt[40];
      if (shares) share(txt, sizeof txt, pts[k].part, pts[k].whole, w);
      else num(txt, sizeof txt, pts[k].part, w);
      if (shares && strlen(txt) > 4) { /* "97.5%" does not fit a column: whole percent */
        char *d = strstr(txt, w->decimal);
        if (d) memmove(d, d + 2, strlen(d + 2) + 1);
      }
      ssvc__report_printf(o, "<rect class=\"%s\" x=\"%zu\" y=\"%zu\" width=\"%zu\" height=\"%zu\" "
                          "fill=\"%s\"/>", cls, x, top + height - h, slot - 8, h ? h : 1, colour);
      ssvc__report_printf(o, "<text x=\"%zu\" y=\"%zu\" text-anchor=\"middle\" class=\"v\">",
                          x + (slot - 8) / 2, top + height - h - 4);
      ssvc__report_esc(o, txt);
      ssvc__report_puts(o, "</text>");
    } else {
      ssvc__report_printf(o, "<text x=\"%zu\" y=\"%zu\" text-anchor=\"middle\" class=\"v\">"
                          "\xE2\x80\x93</text>", x + (slot - 8) / 2, top + height - 4);
    }
    const ssvc_report_month *m = pts[k].m;
    ssvc__report_printf(o, "<text x=\"%zu\" y=\"%zu\" text-anchor=\"middle\" class=\"m\">%s</text>",
                        x + (slot - 8) / 2, top + height + 16,
                        m->month >= 1 && m->month <= 12 ? w->month_abbr[m->month - 1] : "?");
    if (k == 0 || m->month == 1)
      ssvc__report_printf(o, "<text x=\"%zu\" y=\"%zu\" text-anchor=\"middle\" class=\"m\">%d</text>",
                          x + (slot - 8) / 2, top + height + 30, m->year);
    ssvc__report_puts(o, "\n");
  }
  if (shares && target_bp != SSVC_REPORT_NO_TARGET) {
    size_t y = top + height - (size_t)target_bp * height / 10000;
    char t[40], lbl[60];
    bp_text(t, sizeof t, target_bp, w);
    fill(lbl, sizeof lbl, w->target, t, NULL, NULL, NULL);
    ssvc__report_printf(o, "<line x1=\"0\" x2=\"480\" y1=\"%zu\" y2=\"%zu\" class=\"target\"/>"
                        "<text x=\"476\" y=\"%zu\" text-anchor=\"end\" class=\"tl\">",
                        y, y, y > 12 ? y - 3 : y + 11);
    ssvc__report_esc(o, lbl);
    ssvc__report_puts(o, "</text>\n");
  }
  ssvc__report_puts(o, "</svg></figure>\n");
}

static const char css[] =
    "*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}"
    "body{font-family:system-ui,'DejaVu Sans',sans-serif;margin:0 auto;max-width:960px;"
    "padding:16px;color:#222;line-height:1.4;overflow-wrap:anywhere}"
    "h1{font-weight:650;margin:0 0 .2em;font-size:1.8em}h2{font-size:1.2em;margin:0 0 .6em}"
    "header p{margin:.1em 0;color:#555}"
    ".actions{background:#fff6e5;border-left:5px solid #e09a1a;padding:12px 16px;border-radius:6px}"
    ".actions ul{margin:0;padding-left:1.2em}.actions li{margin:.3em 0}"
    ".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}"
    ".tile{background:#f3f6fa;border-radius:8px;padding:12px 14px}"
    ".tile .n{font-size:1.8em;font-weight:700;color:#1d5fa8}.tile .s{color:#555;font-size:.85em}"
    ".tile .t{font-size:.85em;font-weight:600}.t.ok{color:#2a7a3b}.t.bad{color:#b3261e}"
    ".tile.empty .s{font-size:1em;color:#333}"
    "svg{display:block;width:100%;height:auto;max-width:720px}"
    "svg .l{font-size:12px}svg .v{font-size:11px;fill:#333}svg .m{font-size:11px;fill:#555}"
    "svg .past{opacity:.55}svg .target{stroke:#b3261e;stroke-dasharray:5 4;stroke-width:1.5}"
    "svg .tl{font-size:11px;fill:#b3261e}"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px}"
    "figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}"
    "section{margin-top:1.6em}footer{margin-top:2.5em;color:#666;font-size:.8em}"
    /* Figure tables (the workshop's): numbers right-aligned; on a phone each row is a card of
     * labelled values, so no column runs past the screen. */
    "table.figs{border-collapse:collapse;margin:.6em 0;overflow-wrap:normal;text-align:right}"
    "table.figs th,table.figs td{padding:2px 0 2px 18px}"
    "table.figs th:first-child,table.figs td:first-child{text-align:left;padding-left:0}"
    "@media (max-width:480px){body{padding:10px}h1{font-size:1.5em}"
    ".charts{grid-template-columns:1fr}"
    "table.figs thead{display:none}"
    "table.figs,table.figs tbody,table.figs tr,table.figs td{display:block;text-align:left}"
    "table.figs tr{margin:.5em 0}table.figs td{padding:0}"
    "table.figs td:first-child{font-weight:600}"
    "table.figs td[data-label]::before{content:attr(data-label) \": \";color:#555}}"
    "@media print{@page{size:A4;margin:14mm}body{max-width:none;padding:0;font-size:10.5pt}"
    "figure,.tile,.actions,svg{break-inside:avoid}h2{break-after:avoid}"
    ".actions{border:1px solid #e09a1a}"
    ".charts{grid-template-columns:1fr 1fr}}";

static void actions(const ssvc_report *r, struct report_out *o, const struct words *w) {
  char a[64], b[64], c[64], d[64], line[512];
  ssvc__report_printf(o, "<section class=\"actions\"><h2>%s</h2><ul>\n", w->actions);
  int any = 0;
  if (r->swap_status == 1 && r->swap_recommended) {
    num(a, sizeof a, r->swap_recommended, w);
    fill(line, sizeof line, w->buy_now, a, NULL, NULL, NULL);
    ssvc__report_printf(o, "<li>%s", line); /* the words are the library's: no escaping */
    num(a, sizeof a, r->pool.available, w);
    num(b, sizeof b, r->pool.target, w);
    fill(line, sizeof line, w->buy_none_level, a, b, NULL, NULL);
    ssvc__report_printf(o, "%s</li>\n", line);
    any = 1;
  }
  for (size_t k = 0; k < r->n_overdue; k++) {
    const struct overdue_line *l = &r->overdue[k];
    char model[4 * GROUP_TEXT + 8] = "";
    /* The model is a stored text: escaped into the line by hand. */
    size_t at = 0;
    for (const char *p = l->model; *p && at + 7 < sizeof model; p++) {
      const char *e = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : NULL;
      if (e) {
        memcpy(model + at, e, strlen(e));
        at += strlen(e);
      } else {
        model[at++] = *p;
      }
    }
    model[at] = '\0';
    num(b, sizeof b, l->days_since_delivery, w);
    num(c, sizeof c, l->days_past_deadline, w);
    char worth[96] = "";
    money_text(d, sizeof d, l->value_minor, w);
    if (l->value_minor) fill(worth, sizeof worth, w->worth, d, NULL, NULL, NULL);
    fill(line, sizeof line, w->overdue_line, model, b, c, worth);
    ssvc__report_printf(o, "<li>%s</li>\n", line);
    any = 1;
  }
  if (r->overdue_more) {
    num(a, sizeof a, r->overdue_more, w);
    fill(line, sizeof line, w->overdue_more, a, NULL, NULL, NULL);
    ssvc__report_printf(o, "<li>%s</li>\n", line);
  }
  if (!any) ssvc__report_printf(o, "<li>%s</li>\n", w->nothing_to_do);
  ssvc__report_puts(o, "</ul></section>\n");
}

static void month_tiles(const ssvc_report *r, struct report_out *o, const struct words *w) {
  char a[64], b[64], c[64], sub[256], tgt[96];
  ssvc__report_printf(o, "<section><h2>%s</h2><div class=\"tiles\">\n", w->month_figures);
  const ssvc_report_targets *t = &r->targets;
  if (!r->total) {
    tile_empty(o, w->cases, w->cases_none);
  } else {
    num(a, sizeof a, r->total, w);
    tile(o, a, w->cases, NULL, NULL, 0);
    share(a, sizeof a, r->solved_on_phone, r->total, w);
    num(b, sizeof b, r->solved_on_phone, w);
    num(c, sizeof c, r->total, w);
    fill(sub, sizeof sub, w->of_cases, b, c, NULL, NULL);
    int met = 0;
    if (t->solved_on_phone_bp != SSVC_REPORT_NO_TARGET) {
      bp_text(b, sizeof b, t->solved_on_phone_bp, w);
      fill(tgt, sizeof tgt, w->target, b, NULL, NULL, NULL);
      met = (uint64_t)r->solved_on_phone * 10000 >= (uint64_t)t->solved_on_phone_bp * r->total;
      snprintf(tgt + strlen(tgt), sizeof tgt - strlen(tgt), ": %s",
               met ? w->target_met : w->target_missed);
    }
    tile(o, a, w->solved, sub, t->solved_on_phone_bp != SSVC_REPORT_NO_TARGET ? tgt : NULL, met);
  }
  if (!r->deliveries) {
    tile_empty(o, w->on_time, w->no_delivery);
  } else {
    share(a, sizeof a, r->on_time, r->deliveries, w);
    num(b, sizeof b, r->on_time, w);
    num(c, sizeof c, r->deliveries, w);
    fill(sub, sizeof sub, w->of_deliveries, b, c, NULL, NULL);
    int met = 0;
    if (t->on_time_bp != SSVC_REPORT_NO_TARGET) {
      bp_text(b, sizeof b, t->on_time_bp, w);
      fill(tgt, sizeof tgt, w->target, b, NULL, NULL, NULL);
      met = (uint64_t)r->on_time * 10000 >= (uint64_t)t->on_time_bp * r->deliveries;
      snprintf(tgt + strlen(tgt), sizeof tgt - strlen(tgt), ": %s",
               met ? w->target_met : w->target_missed);
    }
    tile(o, a, w->on_time, sub, t->on_time_bp != SSVC_REPORT_NO_TARGET ? tgt : NULL, met);
  }
  num(a, sizeof a, r->period.unreturned, w);
  sub[0] = '\0';
  if (r->period.unreturned) {
    char worth[96] = "";
    money_text(b, sizeof b, r->unreturned_value, w);
    if (r->unreturned_value) fill(worth, sizeof worth, w->worth, b, NULL, NULL, NULL);
    num(c, sizeof c, r->unreturned_oldest_days, w);
    fill(sub, sizeof sub, w->unreturned_sub, c, worth, NULL, NULL);
  }
  int met = 0;
  if (t->unreturned_max != SSVC_REPORT_NO_TARGET) {
    num(b, sizeof b, (uint64_t)t->unreturned_max, w);
    fill(tgt, sizeof tgt, w->at_most, b, NULL, NULL, NULL);
    met = r->period.unreturned <= (uint32_t)t->unreturned_max;
    snprintf(tgt + strlen(tgt), sizeof tgt - strlen(tgt), ": %s",
             met ? w->target_met : w->target_missed);
  }
  tile(o, a, w->unreturned, *sub ? sub : NULL,
       t->unreturned_max != SSVC_REPORT_NO_TARGET ? tgt : NULL, met);
  if (!r->closed) {
    tile_empty(o, w->close_median, w->close_none);
  } else {
    hours_text(a, sizeof a, ssvc__report_hist_quantile(r, 50), w);
    hours_text(b, sizeof b, ssvc__report_hist_quantile(r, 90), w);
    fill(sub, sizeof sub, w->close_sub, b, NULL, NULL, NULL);
    tile(o, a, w->close_median, sub, NULL, 0);
  }
  if (r->out_of_warranty) {
    num(a, sizeof a, r->out_of_warranty, w);
    sub[0] = '\0';
    for (size_t k = 0; k < r->n_oow_cost && k < 2; k++) {
      if (strcmp(r->oow_cost[k].code, "SEK") == 0) money_text(b, sizeof b, r->oow_cost[k].amount, w);
      else {
        num(c, sizeof c, (uint64_t)(r->oow_cost[k].amount < 0 ? 0 : r->oow_cost[k].amount / 100), w);
        fill(b, sizeof b, "%s\xC2\xA0%s", r->oow_cost[k].code, c, NULL, NULL);
      }
      size_t l = strlen(sub);
      snprintf(sub + l, sizeof sub - l, "%s%s", l ? ", " : "", b);
    }
    tile(o, a, w->oow, *sub ? sub : NULL, NULL, 0);
  }
  ssvc__report_puts(o, "</div></section>\n");
}

static void trend(const ssvc_report *r, struct report_out *o, const struct words *w) {
  struct point p[SSVC_REPORT_TREND_MONTHS + 1];
  const size_t n = SSVC_REPORT_TREND_MONTHS + 1;
  ssvc__report_printf(o, "<section><h2>%s</h2><p>%s</p><div class=\"charts\">\n", w->trend,
                      w->trend_note);
  for (int chart = 0; chart < 4; chart++) {
    for (size_t k = 0; k < n; k++) {
      const ssvc_report_month *m = k < SSVC_REPORT_TREND_MONTHS ? &r->trend[k] : &r->period;
      p[k].m = m;
      p[k].has = 1;
      p[k].whole = 0;
      if (chart == 0) p[k].part = m->cases;
      else if (chart == 3) p[k].part = m->unreturned;
      else if (chart == 1) {
        p[k].part = m->solved_on_phone;
        p[k].whole = m->cases;
        p[k].has = m->cases != 0;
      } else {
        p[k].part = m->on_time;
        p[k].whole = m->deliveries;
        p[k].has = m->deliveries != 0;
      }
    }
    if (chart == 0) columns(o, w->trend_cases, p, n, SSVC_REPORT_NO_TARGET, "#1d5fa8", w);
    if (chart == 1)
      columns(o, w->trend_solved, p, n, r->targets.solved_on_phone_bp, "#3a8f5c", w);
    if (chart == 2) columns(o, w->trend_on_time, p, n, r->targets.on_time_bp, "#2b8a8a", w);
    if (chart == 3) columns(o, w->trend_unreturned, p, n, SSVC_REPORT_NO_TARGET, "#c0562b", w);
  }
  ssvc__report_puts(o, "</div></section>\n");
}

void ssvc__report_html(const ssvc_report *r, struct report_out *o) {
  const struct words *w = r->lang == SSVC_LANG_EN ? &en : &sv;
  char a[128], b[128], line[512];
  ssvc__report_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>%s: ", w->lang, w->title);
  ssvc__report_esc(o, r->customer_name);
  int whole_month = r->from.day == 1 && r->to.year == r->from.year && r->to.month == r->from.month &&
                    ssvc_date_to_days(&r->to) + 1 ==
                        ssvc_date_to_days(&(ssvc_date){r->from.month == 12 ? r->from.year + 1
                                                                            : r->from.year,
                                                        r->from.month % 12 + 1, 1});
  if (whole_month) {
    snprintf(a, sizeof a, "%s %d", w->months[r->from.month - 1], r->from.year);
    fill(line, sizeof line, w->period_month, a, NULL, NULL, NULL);
  } else {
    date_long(a, sizeof a, r->from, w);
    date_long(b, sizeof b, r->to, w);
    fill(line, sizeof line, w->period_days, a, b, NULL, NULL);
  }
  ssvc__report_puts(o, ", ");
  ssvc__report_esc(o, line);
  ssvc__report_puts(o, "</title>\n<style>");
  ssvc__report_puts(o, css);
  ssvc__report_puts(o, "</style>\n</head><body>\n<header><h1>");
  ssvc__report_esc(o, r->customer_name);
  ssvc__report_printf(o, "</h1>\n<p><strong>%s</strong>. ", w->title);
  ssvc__report_esc(o, line);
  ssvc__report_puts(o, ".</p>\n<p>");
  if (*r->supplier) {
    fill(line, sizeof line, w->supplier, r->supplier, NULL, NULL, NULL);
    ssvc__report_esc(o, line);
    ssvc__report_puts(o, " \xC2\xB7 ");
  }
  date_long(a, sizeof a, r->made, w);
  fill(line, sizeof line, w->made, a, NULL, NULL, NULL);
  ssvc__report_esc(o, line);
  ssvc__report_puts(o, "</p></header>\n");
  actions(r, o, w);
  month_tiles(r, o, w);
  trend(r, o, w);
  /* Outcomes, symptoms, models, time to close: the month's cases. */
  const char *labels[MAX_GROUPS + 1];
  size_t values[MAX_GROUPS + 1];
  const char *notes[MAX_GROUPS + 1];
  char notebuf[MAX_GROUPS + 1][32];
  size_t n = 0;
  if (r->total) {
    for (int k = 1; k <= SSVC_CASE_OUTCOME_MAX + 1; k++) { /* "not yet diagnosed" last */
      int oc = k % (SSVC_CASE_OUTCOME_MAX + 1);
      if (!r->by_outcome[oc] && oc == SSVC_CASE_OUTCOME_NONE) continue;
      labels[n] = w->outcome[oc];
      values[n] = r->by_outcome[oc];
      share(notebuf[n], sizeof notebuf[n], r->by_outcome[oc], r->total, w);
      notes[n] = notebuf[n];
      n++;
    }
    hbars(o, w->outcomes, NULL, labels, values, notes, n, "#1d5fa8", w);
  }
  n = 0;
  for (size_t k = 0; k < r->symptoms.n && n < 15; k++, n++) {
    labels[n] = r->symptoms.g[k].key;
    values[n] = r->symptoms.g[k].cases;
    notes[n] = NULL;
  }
  if (r->symptoms.other_cases || r->symptoms.n > 15) {
    size_t rest = r->symptoms.other_cases;
    for (size_t k = 15; k < r->symptoms.n; k++) rest += r->symptoms.g[k].cases;
    labels[n] = w->other;
    values[n] = rest;
    notes[n++] = NULL;
  }
  if (n) hbars(o, w->symptoms, NULL, labels, values, notes, n, "#3a8f5c", w);
  n = 0;
  for (size_t k = 0; k < r->models.n && n < 15; k++, n++) {
    labels[n] = r->models.g[k].key;
    values[n] = r->models.g[k].faults;
    num(a, sizeof a, r->models.g[k].cases, w);
    fill(notebuf[n], sizeof notebuf[n], w->models_of, a, NULL, NULL, NULL);
    notes[n] = notebuf[n];
  }
  if (n) hbars(o, w->models, NULL, labels, values, notes, n, "#c0562b", w);
  /* How-to calls per area (doc/guidance.md), when the period has any: the calls, the share solved. */
  n = 0;
  for (int k = 0; k < SSVC_REPORT_HOWTO_AREAS; k++) n += r->howto[k];
  if (n) {
    int in_sv = r->lang != SSVC_LANG_EN;
    for (n = 0; n < SSVC_REPORT_HOWTO_AREAS; n++) {
      labels[n] = ssvc_feature_name(ssvc__report_howto_area((int)n), r->lang);
      values[n] = r->howto[n];
      share(a, sizeof a, r->howto_solved[n], r->howto[n], w);
      snprintf(notebuf[n], sizeof notebuf[n], in_sv ? "%s lösta" : "%s solved", a);
      notes[n] = notebuf[n];
    }
    hbars(o, in_sv ? "Vägledning per område" : "How-to guidance per area", NULL, labels, values,
          notes, n, "#4f6fb5", w);
  }
  if (r->closed) {
    static const int64_t upper[] = {4 * 3600, 24 * 3600, 72 * 3600, 168 * 3600, INT64_MAX};
    size_t counts[5] = {0};
    for (int i = 0; i < HIST_BUCKETS; i++) {
      int64_t v = ssvc__report_hist_value(i);
      int k = 0;
      while (v > upper[k]) k++;
      counts[k] += r->hist[i];
    }
    for (n = 0; n < 5; n++) {
      labels[n] = w->bands[n];
      values[n] = counts[n];
      share(notebuf[n], sizeof notebuf[n], counts[n], r->closed, w);
      notes[n] = notebuf[n];
    }
    hbars(o, w->close, NULL, labels, values, notes, n, "#7a4fb5", w);
  }
  if (r->swap_status == 0) {
    ssvc__report_printf(o, "<section><h2>%s</h2><p>%s</p></section>\n", w->swap, w->swap_none);
  } else if (r->swap_status == 1) { /* a tier without SWAP administration: no section */
    char c[64], d[64], fleet[64];
    num(a, sizeof a, r->pool.target, w);
    bp_text(b, sizeof b, (int32_t)r->swap_bp, w);
    num(fleet, sizeof fleet, r->fleet, w);
    num(c, sizeof c, r->pool.available, w);
    fill(line, sizeof line, w->swap_text, a, b, fleet, c);
    if (r->pool.backorders) {
      num(d, sizeof d, r->pool.backorders, w);
      size_t l = strlen(line);
      fill(line + l, sizeof line - l, w->backorders, d, NULL, NULL, NULL);
    }
    n = 0;
    labels[n] = w->swap_pool;
    values[n] = r->pool.available;
    num(a, sizeof a, r->pool.target, w);
    fill(notebuf[n], sizeof notebuf[n], w->swap_level, a, NULL, NULL, NULL);
    notes[n] = notebuf[n];
    n++;
    for (size_t k = 0; k < r->n_swap_models && n < 16; k++, n++) {
      labels[n] = r->swap_models[k].model;
      values[n] = r->swap_models[k].available;
      num(a, sizeof a, r->swap_models[k].target, w);
      fill(notebuf[n], sizeof notebuf[n], w->swap_level, a, NULL, NULL, NULL);
      notes[n] = notebuf[n];
    }
    hbars(o, w->swap, line, labels, values, notes, n, "#2b8a8a", w);
    num(a, sizeof a, r->refills[SSVC_REFILL_PENDING], w);
    num(b, sizeof b, r->refill_pending_phones, w);
    num(c, sizeof c, r->refills[SSVC_REFILL_APPROVED], w);
    num(d, sizeof d, r->refills[SSVC_REFILL_DECLINED], w);
    fill(line, sizeof line, w->refills, a, b, c, d);
    ssvc__report_puts(o, "<p>");
    ssvc__report_esc(o, line);
    ssvc__report_puts(o, "</p>\n");
    /* Few models (doc/roster.md): the stock's models against the fleet's. */
    ssvc_model_advice_text(&r->model_advice, r->lang, line, sizeof line);
    ssvc__report_puts(o, "<p class=\"models\">");
    ssvc__report_esc(o, line);
    ssvc__report_puts(o, "</p>\n");
  }
  ssvc__report_workshop_html(r, o);
  ssvc__report_printf(o, "<footer>%s</footer>\n</body></html>\n", w->footer);
}
