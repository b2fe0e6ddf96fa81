/* report_workshop: the workshop in the quality report (doc/report.md "The workshop"): the
 * customer's repair orders done in the period, with their turnaround and cost, by provider and by
 * model; the orders still at the provider at the period's end. Gathered into fixed-size lines
 * (report_data.h), given by ssvc_report_workshop_at() and written by the three writers. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "report_data.h"

static const char other_key[] = "(other)";

int ssvc_workshop_figures_init(ssvc_workshop_figures *figures, unsigned int version) {
  return ssvc__struct_init(figures, sizeof *figures, version, SSVC_WORKSHOP_FIGURES_VERSION);
}

/* The line of @p key in @p ls: found, a new one, or "(other)" when the lines are full. */
static ssvc_workshop_figures *line_of(struct workshop_lines *ls, const char *key) {
  for (size_t i = 0; i < ls->n; i++)
    if (strcmp(ls->l[i].key, key) == 0) return &ls->l[i];
  ssvc_workshop_figures *other = &ls->l[MAX_WORKSHOP_LINES];
  ssvc_workshop_figures *l = ls->n < MAX_WORKSHOP_LINES ? &ls->l[ls->n++] : other;
  if (!l->version) {
    l->version = SSVC_WORKSHOP_FIGURES_VERSION;
    snprintf(l->key, sizeof l->key, "%s", l == other ? other_key : key);
  }
  return l;
}

static void add(struct workshop_lines *ls, const char *key, const ssvc_repair_order *o,
                int done, int at_provider) {
  ssvc_workshop_figures *l = line_of(ls, key);
  if (at_provider) l->at_provider++;
  if (!done) return;
  l->done++;
  if (o->state == SSVC_REPAIR_REPAIRED) l->repaired++;
  else
    l->scrapped++;
  l->turnaround_days += o->turnaround_days > 0 ? o->turnaround_days : 0;
  l->cost_minor += o->cost_minor;
  l->turnaround_tenths = (int32_t)((l->turnaround_days * 10 + l->done / 2) / l->done);
}

struct gather {
  ssvc_report *r;
  int64_t end; /* the period's end, exclusive: just after the gathering when that is earlier */
};

static int gather_cb(void *data, const ssvc_repair_order *o) {
  struct gather *g = data;
  ssvc_report *r = g->r;
  int done = o->state != SSVC_REPAIR_SENT && o->done_at >= r->period_start && o->done_at < g->end;
  int at_provider = o->sent_at < g->end && (o->state == SSVC_REPAIR_SENT || o->done_at >= g->end);
  if (!done && !at_provider) return 0;
  add(&r->workshop[0], o->provider, o, done, at_provider);
  add(&r->workshop[1], o->model, o, done, at_provider);
  return 0;
}

static int cmp_line(const void *a, const void *b) {
  return strcmp(((const ssvc_workshop_figures *)a)->key, ((const ssvc_workshop_figures *)b)->key);
}

int ssvc__report_workshop_gather(ssvc_store *st, ssvc_report *r) {
  memset(r->workshop, 0, sizeof r->workshop);
  int64_t now = ssvc__store_now(st);
  struct gather g = {r, r->period_end == now ? now + 1 : r->period_end};
  int rc = ssvc_repair_order_list(st, r->customer, gather_cb, &g);
  if (rc) return rc;
  for (int k = 0; k < 2; k++) {
    struct workshop_lines *ls = &r->workshop[k];
    qsort(ls->l, ls->n, sizeof ls->l[0], cmp_line);
    if (ls->l[MAX_WORKSHOP_LINES].version) ls->l[ls->n++] = ls->l[MAX_WORKSHOP_LINES];
  }
  return SSVC_OK;
}

static const struct workshop_lines *lines(const ssvc_report *r, int grouping) {
  if (grouping == SSVC_WORKSHOP_BY_PROVIDER) return &r->workshop[0];
  if (grouping == SSVC_WORKSHOP_BY_MODEL) return &r->workshop[1];
  return NULL;
}

size_t ssvc_report_workshop_count(const ssvc_report *report, int grouping) {
  const struct workshop_lines *ls = report ? lines(report, grouping) : NULL;
  return ls ? ls->n : 0;
}

int ssvc_report_workshop_at(const ssvc_report *report, int grouping, size_t index,
                            ssvc_workshop_figures *out) {
  static const char func[] = "ssvc_report_workshop_at";
  if (!report) return SSVC_EINVAL;
  if (!out) return ssvc__err(report->ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int rc = ssvc__check_version(report->ctx, "ssvc_report_workshop_at: out", out->version,
                               SSVC_WORKSHOP_FIGURES_VERSION);
  if (rc) return rc;
  const struct workshop_lines *ls = lines(report, grouping);
  if (!ls)
    return ssvc__err(report->ctx, SSVC_EINVAL,
                     "%s: grouping: %d is neither by provider (1) nor by model (2)", func,
                     grouping);
  if (index >= ls->n)
    return ssvc__err(report->ctx, SSVC_ERANGE, "%s: index: %zu is past the %zu lines", func,
                     index, ls->n);
  *out = ls->l[index];
  return SSVC_OK;
}

/* ---- The writers ---- */

static void tenths_text(char *buf, size_t n, int32_t t) {
  snprintf(buf, n, "%" PRId32 ".%" PRId32, t / 10, t % 10);
}

/* CSV and XML: per line "KEY/orders-done", "KEY/repaired", "KEY/scrapped", "KEY/at-provider",
 * "KEY/mean-turnaround-days", "KEY/cost" in the sections workshop-provider and workshop-model;
 * nothing without repair orders. */
void ssvc__report_workshop_figures(const ssvc_report *r, struct report_out *o,
                                   ssvc__report_figure_fn f) {
  static const char *const sections[2] = {"workshop-provider", "workshop-model"};
  for (int g = 0; g < 2; g++) {
    const struct workshop_lines *ls = &r->workshop[g];
    for (size_t i = 0; i < ls->n; i++) {
      const ssvc_workshop_figures *l = &ls->l[i];
      char key[SSVC_PROVIDER_MAX + 32], v[48];
#define FIGURE(name, ...)                                                                       \
  do {                                                                                          \
    snprintf(key, sizeof key, "%s/" name, l->key);                                              \
    snprintf(v, sizeof v, __VA_ARGS__);                                                         \
    f(o, sections[g], key, v, NULL);                                                            \
  } while (0)
      FIGURE("orders-done", "%" PRIu32, l->done);
      FIGURE("repaired", "%" PRIu32, l->repaired);
      FIGURE("scrapped", "%" PRIu32, l->scrapped);
      FIGURE("at-provider", "%" PRIu32, l->at_provider);
#undef FIGURE
      snprintf(key, sizeof key, "%s/mean-turnaround-days", l->key);
      tenths_text(v, sizeof v, l->turnaround_tenths);
      f(o, sections[g], key, v, NULL);
      snprintf(key, sizeof key, "%s/cost", l->key);
      ssvc_money_format(v, sizeof v, l->cost_minor, NULL);
      f(o, sections[g], key, v, NULL);
    }
  }
}

/* HTML: a section with one table per grouping; nothing without repair orders. */
void ssvc__report_workshop_html(const ssvc_report *r, struct report_out *o) {
  if (!r->workshop[0].n) return;
  int en = r->lang == SSVC_LANG_EN;
  static const char *const head_sv[] = {"Verkstad", "Servicegivare", "Modell", "Klara",
                                        "Reparerade", "Skrotade", "Hos verkstaden",
                                        "Snittid (arbetsdagar)", "Kostnad (kr)"};
  static const char *const head_en[] = {"Workshop", "Service provider", "Model", "Done",
                                        "Repaired", "Scrapped", "At the provider",
                                        "Mean turnaround (working days)", "Cost (SEK)"};
  const char *const *h = en ? head_en : head_sv;
  ssvc__report_printf(o, "<section class=\"workshop\"><h2>%s</h2>\n<p>%s</p>\n", h[0],
                      en ? "Repair orders done in the period, and those still at the provider at "
                           "its end. The turnaround counts working days from sent to repaired or "
                           "scrapped."
                         : "Reparationsordrar klara under perioden och de som fortfarande är hos "
                           "verkstaden vid periodens slut. Omloppstiden räknas i arbetsdagar från "
                           "insänd till reparerad eller skrotad.");
  for (int g = 0; g < 2; g++) {
    const struct workshop_lines *ls = &r->workshop[g];
    /* Class figs (the page's style sheet): on a phone each row is a card whose values carry
     * their column's name (data-label). */
    ssvc__report_printf(o, "<table class=\"figs\"><thead><tr><th>%s</th>", h[1 + g]);
    for (int c = 3; c <= 8; c++) ssvc__report_printf(o, "<th>%s</th>", h[c]);
    ssvc__report_puts(o, "</tr></thead><tbody>\n");
    for (size_t i = 0; i < ls->n; i++) {
      const ssvc_workshop_figures *l = &ls->l[i];
      char t[32], c[48];
      tenths_text(t, sizeof t, l->turnaround_tenths);
      if (!en) *strchr(t, '.') = ',';
      ssvc_money_format(c, sizeof c, l->cost_minor, NULL);
      if (!en) *strchr(c, '.') = ',';
      char n[4][16];
      snprintf(n[0], sizeof n[0], "%" PRIu32, l->done);
      snprintf(n[1], sizeof n[1], "%" PRIu32, l->repaired);
      snprintf(n[2], sizeof n[2], "%" PRIu32, l->scrapped);
      snprintf(n[3], sizeof n[3], "%" PRIu32, l->at_provider);
      const char *cells[6] = {n[0], n[1], n[2], n[3], l->done ? t : "\xE2\x80\x93", c};
      ssvc__report_puts(o, "<tr><td>");
      ssvc__report_esc(o, strcmp(l->key, other_key) ? l->key : en ? "Other" : "Övriga");
      ssvc__report_puts(o, "</td>");
      for (int k = 0; k < 6; k++)
        ssvc__report_printf(o, "<td data-label=\"%s\">%s</td>", h[3 + k], cells[k]);
      ssvc__report_puts(o, "</tr>\n");
    }
    ssvc__report_puts(o, "</tbody></table>\n");
  }
  ssvc__report_puts(o, "</section>\n");
}
