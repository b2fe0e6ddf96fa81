/* diagnosis: tree inspection, sessions, learned check order and transcripts (doc/diagnosis.md). */
#include <stdio.h>
#include <string.h>

#include "diagnosis_internal.h"
#include "smartservice/calendar.h"

/* ---- keys and texts ---- */

static const char *const kind_key[] = {"handling-error", "workshop", "definite-fault",
                                       "out-of-scope"};
static const char *const action_key[] = {"none", "guidance", "workshop", "swap-or-loan"};
static const char *const reminder_key[] = {"remove-sim",  "backup",      "sign-out-lock",
                                           "service-note", "service-bag", "return-label"};
static const char *const reminder_text[][2] = {
    {"Ta ut SIM-kortet och eventuellt minneskort ur telefonen.",
     "Remove the SIM card and any memory card from the phone."},
    {"Säkerhetskopiera telefonen innan den lämnas in.", "Back up the phone before handing it in."},
    {"Logga ut från aktiveringslåset (Hitta min iPhone / Google-kontot) och ta bort skärmlåset.",
     "Sign out of the activation lock (Find My iPhone / Google account) and remove the screen "
     "lock."},
    {"Skriv ut servicesedeln och lägg den med den trasiga telefonen.",
     "Print the service note and attach it to the faulty phone."},
    {"Packa telefonen i servicepåsen.", "Pack the phone in the service bag."},
    {"Använd returadressetiketten på försändelsen.", "Put the return address label on the parcel."},
};

static int one_bit(unsigned v, unsigned all) { return v && !(v & (v - 1)) && !(v & ~all); }

static unsigned bit_index(unsigned v) {
  unsigned i = 0;
  while (!(v & 1u)) v >>= 1, i++;
  return i;
}

const char *ssvc_diag_reminder_key(unsigned int reminder) {
  return one_bit(reminder, SSVC_DIAG_REMIND_ALL) ? reminder_key[bit_index(reminder)] : NULL;
}

const char *ssvc_diag_reminder_text(unsigned int reminder, int lang) {
  if (!one_bit(reminder, SSVC_DIAG_REMIND_ALL) || (lang != SSVC_LANG_SV && lang != SSVC_LANG_EN))
    return NULL;
  return reminder_text[bit_index(reminder)][lang];
}

const char *ssvc_diag_kind_key(int kind) { return kind >= 0 && kind <= 3 ? kind_key[kind] : NULL; }

const char *ssvc_diag_action_key(int action) {
  return action >= 0 && action <= 3 ? action_key[action] : NULL;
}

int ssvc_diag_kind_from_key(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_diag_kind_from_key", out, name, kind_key, 0, 3,
                           "outcome kind");
}

int ssvc_diag_action_from_key(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_diag_action_from_key", out, name, action_key, 0, 3, "action");
}

static int lang_ok(int lang) { return lang == SSVC_LANG_SV || lang == SSVC_LANG_EN; }

/* ---- tree inspection ---- */

size_t ssvc_diag_tree_symptom_count(const ssvc_diag_tree *t) { return t ? t->nsymptoms : 0; }

const char *ssvc_diag_tree_symptom_id(const ssvc_diag_tree *t, size_t i) {
  return t && i < t->nsymptoms ? t->nodes[t->symptoms[i]].id : NULL;
}

const char *ssvc_diag_tree_symptom_label(const ssvc_diag_tree *t, size_t i, int lang) {
  return t && i < t->nsymptoms && lang_ok(lang) ? t->nodes[t->symptoms[i]].text[lang] : NULL;
}

size_t ssvc_diag_tree_question_count(const ssvc_diag_tree *t) { return t ? t->nquestions : 0; }
size_t ssvc_diag_tree_check_count(const ssvc_diag_tree *t) { return t ? t->nchecks : 0; }
size_t ssvc_diag_tree_outcome_count(const ssvc_diag_tree *t) { return t ? t->noutcomes : 0; }

const char *ssvc_diag_tree_text(const ssvc_diag_tree *t, const char *id, int lang) {
  int32_t node, check;
  if (!t || !id || !lang_ok(lang) || ssvc__diag_lookup(t, id, &node, &check)) return NULL;
  if (node >= 0) return t->nodes[node].text[lang]; /* NULL for a group: it has no text */
  return t->checks[check].text[lang];
}

size_t ssvc_diag_tree_foreach_text(const ssvc_diag_tree *t,
                                   void (*fn)(void *, const char *, int, const char *), void *ud) {
  if (!t || !fn) return 0;
  size_t calls = 0;
  for (size_t i = 0; i < t->nnodes; i++) {
    const struct d_node *d = &t->nodes[i];
    for (int l = 0; l < 2; l++)
      if (d->type != D_CHECKS) fn(ud, d->id, l, d->text[l]), calls++;
    if (d->type == D_QUESTION)
      for (uint32_t a = d->first; a < d->first + d->count; a++)
        for (int l = 0; l < 2; l++) fn(ud, d->id, l, t->answers[a].label[l]), calls++;
    if (d->type == D_CHECKS)
      for (uint32_t c = d->first; c < d->first + d->count; c++)
        for (int l = 0; l < 2; l++) fn(ud, t->checks[c].id, l, t->checks[c].text[l]), calls++;
  }
  return calls;
}

/* ---- learned counts ---- */

struct ssvc_diag_stats {
  ssvc_ctx *ctx;
  const ssvc_diag_tree *tree;
  uint32_t *tried, *fixed; /* per check */
};

int ssvc_diag_stats_new(ssvc_ctx *ctx, ssvc_diag_stats **out, const ssvc_diag_tree *tree) {
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_diag_stats_new: out must not be NULL");
  if (!tree) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_diag_stats_new: tree must not be NULL");
  ssvc_diag_stats *s = ssvc__calloc(ctx, 1, sizeof *s);
  if (!s) return SSVC_ENOMEM;
  s->ctx = ctx;
  s->tree = tree;
  s->tried = ssvc__calloc(ctx, tree->nchecks + 1, 2 * sizeof *s->tried);
  if (!s->tried) {
    ssvc__free(ctx, s);
    return SSVC_ENOMEM;
  }
  s->fixed = s->tried + tree->nchecks + 1;
  *out = s;
  return SSVC_OK;
}

void ssvc_diag_stats_free(ssvc_diag_stats *s) {
  if (!s) return;
  ssvc__free(s->ctx, s->tried);
  ssvc__free(s->ctx, s);
}

static int find_check(const ssvc_diag_tree *t, const char *id, int32_t *check) {
  int32_t node;
  return ssvc__diag_lookup(t, id, &node, check) == SSVC_OK && *check >= 0 ? SSVC_OK
                                                                           : SSVC_ENOTFOUND;
}

int ssvc_diag_stats_record(ssvc_diag_stats *s, const char *check_id, int fixed) {
  if (!s) return SSVC_EINVAL;
  if (!check_id)
    return ssvc__err(s->ctx, SSVC_EINVAL, "ssvc_diag_stats_record: check_id must not be NULL");
  if (fixed != 0 && fixed != 1)
    return ssvc__err(s->ctx, SSVC_EINVAL, "ssvc_diag_stats_record: fixed must be 0 or 1 (got %d)",
                     fixed);
  int32_t c;
  if (find_check(s->tree, check_id, &c))
    return ssvc__err(s->ctx, SSVC_ENOTFOUND, "ssvc_diag_stats_record: no check '%.64s'", check_id);
  if (s->tried[c] == UINT32_MAX)
    return ssvc__err(s->ctx, SSVC_ERANGE, "ssvc_diag_stats_record: count of '%s' is full",
                     check_id);
  s->tried[c]++;
  s->fixed[c] += (uint32_t)fixed;
  return SSVC_OK;
}

int ssvc_diag_stats_get(const ssvc_diag_stats *s, const char *check_id, uint32_t *tried,
                        uint32_t *fixed) {
  int32_t c;
  if (!s || !check_id || !tried || !fixed) return SSVC_EINVAL;
  if (find_check(s->tree, check_id, &c)) return SSVC_ENOTFOUND;
  *tried = s->tried[c];
  *fixed = s->fixed[c];
  return SSVC_OK;
}

/* Posterior mean as a double in [0, 1]. */
static double prob(const ssvc_diag_tree *t, const ssvc_diag_stats *s, int32_t c) {
  const struct d_check *k = &t->checks[c];
  double w = t->nodes[k->group].weight;
  double tried = s ? s->tried[c] : 0, fixed = s ? s->fixed[c] : 0;
  return (k->prior_ppm / 1e6 * w + fixed) / (w + tried);
}

long ssvc_diag_check_probability_ppm(const ssvc_diag_tree *t, const ssvc_diag_stats *s,
                                     const char *check_id) {
  int32_t c;
  if (!t || !check_id || find_check(t, check_id, &c) || (s && s->tree != t)) return -1;
  const struct d_check *k = &t->checks[c];
  uint64_t w = t->nodes[k->group].weight;
  uint64_t tried = s ? s->tried[c] : 0, fixed = s ? s->fixed[c] : 0;
  uint64_t den = w + tried;
  return (long)((k->prior_ppm * w + fixed * 1000000u + den / 2) / den);
}

size_t ssvc_diag_stats_export(const ssvc_diag_stats *s, char *buf, size_t size) {
  if (!s) {
    if (size) buf[0] = '\0';
    return 0;
  }
  size_t need = 0;
  for (size_t c = 0; c < s->tree->nchecks; c++) {
    if (!s->tried[c]) continue;
    char line[128];
    int n = snprintf(line, sizeof line, "%s %lu %lu\n", s->tree->checks[c].id,
                     (unsigned long)s->tried[c], (unsigned long)s->fixed[c]);
    if (need + (size_t)n < size) memcpy(buf + need, line, (size_t)n);
    else if (need < size) memcpy(buf + need, line, size - need - 1);
    need += (size_t)n;
  }
  if (size) buf[need < size ? need : size - 1] = '\0';
  return need;
}

/* The digits at *p read by ssvc_uint_parse(), the library's one number reader: 1 (and *p after
 * them), 0 when there is none, -1 when the number does not fit 32 bits. */
static int parse_u32(const char **p, uint32_t *out) {
  char digits[24];
  size_t n = strspn(*p, "0123456789");
  uint64_t v;
  if (n == 0) return 0;
  if (n >= sizeof digits) return -1;
  memcpy(digits, *p, n);
  digits[n] = '\0';
  if (ssvc_uint_parse(NULL, &v, digits, UINT32_MAX)) return -1;
  *out = (uint32_t)v;
  *p += n;
  return 1;
}

/* One line "ID TRIED FIXED" of an import: SSVC_OK with the check and counts, or an error. */
static int import_line(ssvc_diag_stats *s, const char *p, size_t len, long line, int32_t *check,
                       uint32_t *tried, uint32_t *fixed) {
  static const char func[] = "ssvc_diag_stats_import";
  char id[72];
  size_t idlen = 0;
  while (idlen < len && p[idlen] != ' ') idlen++;
  if (idlen == 0 || idlen > 64 || idlen >= len)
    return ssvc__err(s->ctx, SSVC_EPARSE, "%s: line %ld: expected 'CHECK-ID TRIED FIXED'", func,
                     line);
  memcpy(id, p, idlen);
  id[idlen] = '\0';
  const char *q = p + idlen + 1;
  int a = parse_u32(&q, tried);
  int b = a == 1 && *q == ' ' ? (q++, parse_u32(&q, fixed)) : 0;
  if (a < 0 || b < 0)
    return ssvc__err(s->ctx, SSVC_ERANGE, "%s: line %ld: count does not fit 32 bits", func, line);
  if (a != 1 || b != 1 || q != p + len || *fixed > *tried)
    return ssvc__err(s->ctx, SSVC_EPARSE,
                     "%s: line %ld: expected 'CHECK-ID TRIED FIXED' with FIXED <= TRIED", func,
                     line);
  if (find_check(s->tree, id, check))
    return ssvc__err(s->ctx, SSVC_ENOTFOUND, "%s: line %ld: no check '%s'", func, line, id);
  return SSVC_OK;
}

int ssvc_diag_stats_import(ssvc_diag_stats *s, const char *text) {
  static const char func[] = "ssvc_diag_stats_import";
  if (!s) return SSVC_EINVAL;
  if (!text) return ssvc__err(s->ctx, SSVC_EINVAL, "%s: text must not be NULL", func);
  /* Sum every line into a scratch table first, so that a failure anywhere (or several lines of
   * one check that overflow together) changes nothing. */
  uint64_t *add = ssvc__calloc(s->ctx, 2 * (s->tree->nchecks + 1), sizeof *add);
  if (!add) return SSVC_ENOMEM;
  int rc = SSVC_OK;
  long line = 1;
  for (const char *p = text; *p && !rc; line++) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    size_t body = len && p[len - 1] == '\r' ? len - 1 : len;
    if (body) {
      int32_t c;
      uint32_t tried = 0, fixed = 0;
      rc = import_line(s, p, body, line, &c, &tried, &fixed);
      if (!rc) {
        add[2 * c] += tried;
        add[2 * c + 1] += fixed;
        if (s->tried[c] + add[2 * c] > UINT32_MAX)
          rc = ssvc__err(s->ctx, SSVC_ERANGE, "%s: line %ld: count of '%s' overflows", func, line,
                         s->tree->checks[c].id);
      }
    }
    p += eol ? len + 1 : len;
  }
  if (!rc)
    for (size_t c = 0; c < s->tree->nchecks; c++) {
      s->tried[c] += (uint32_t)add[2 * c];
      s->fixed[c] += (uint32_t)add[2 * c + 1];
    }
  ssvc__free(s->ctx, add);
  return rc;
}

/* ---- sessions ---- */

struct pos {
  int32_t node;       /* question or group */
  uint32_t k;         /* position in the group's order */
  uint32_t order_off; /* where the group's order starts in the session's order buffer */
};

struct step {
  struct pos at;
  uint32_t answer;    /* answer index (question) or 0 yes / 1 no (check) */
  size_t orders_len;  /* order buffer length while @at was current */
};

struct ssvc_diag_session {
  ssvc_ctx *ctx;
  const ssvc_diag_tree *tree;
  const ssvc_tier *tier;
  const ssvc_diag_stats *stats;
  int32_t symptom;
  struct pos cur;
  int done;
  int32_t outcome;  /* outcome node, -1 for out of scope by tier */
  unsigned missing; /* feature lacking */
  struct step *steps;
  size_t nsteps, capsteps;
  int32_t *orders; /* check indexes */
  size_t norders, caporders;
  char oos_id[64];
  char oos_advice[2][256];
};

static const char *const check_values[2] = {"yes", "no"};
static const char *const check_labels[2][2] = {{"Ja, det löste problemet", "Yes, that fixed it"},
                                               {"Nej, problemet kvarstår", "No, still the same"}};

static int ensure(ssvc_ctx *ctx, void **buf, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return SSVC_OK;
  size_t ncap = *cap ? *cap : 8;
  while (ncap < need) ncap *= 2;
  void *nb = ssvc__realloc(ctx, *buf, ncap * elem);
  if (!nb) return SSVC_ENOMEM;
  *buf = nb;
  *cap = ncap;
  return SSVC_OK;
}

/* Orders the checks of group @p g by p/cost, best first, ties in document order, into @p dst. */
static void order_checks(const ssvc_diag_session *s, int32_t g, int32_t *dst) {
  const ssvc_diag_tree *t = s->tree;
  const struct d_node *d = &t->nodes[g];
  for (uint32_t i = 0; i < d->count; i++) {
    int32_t c = (int32_t)(d->first + i);
    double v = prob(t, s->stats, c) / t->checks[c].cost;
    uint32_t j = i;
    while (j > 0 && prob(t, s->stats, dst[j - 1]) / t->checks[dst[j - 1]].cost < v) {
      dst[j] = dst[j - 1];
      j--;
    }
    dst[j] = c;
  }
}

/* Makes room for entering node @p n (its order, when a group). */
static int reserve_enter(ssvc_diag_session *s, int32_t n) {
  const struct d_node *d = &s->tree->nodes[n];
  if (d->type != D_CHECKS) return SSVC_OK;
  return ensure(s->ctx, (void **)&s->orders, &s->caporders, s->norders + d->count,
                sizeof *s->orders);
}

/* Enters node @p n (room reserved): an outcome ends the session; a question or group whose
 * feature the tier lacks ends it out of scope. */
static void enter(ssvc_diag_session *s, int32_t n) {
  const struct d_node *d = &s->tree->nodes[n];
  if (d->type == D_OUTCOME) {
    s->done = 1;
    s->outcome = n;
    return;
  }
  if (d->feature && !ssvc_tier_has(s->tier, d->feature)) { /* guidance steps may need none */
    s->done = 1;
    s->outcome = -1;
    s->missing = d->feature;
    const char *key = ssvc_feature_key(d->feature);
    const char *code = ssvc_tier_code(s->tier);
    snprintf(s->oos_id, sizeof s->oos_id, "out-of-scope:%s", key);
    snprintf(s->oos_advice[SSVC_LANG_SV], sizeof s->oos_advice[0],
             "Frågan gäller %s, som inte ingår i kundens nivå %s. Ärendet ligger utanför "
             "tjänsten.",
             ssvc_feature_name(d->feature, SSVC_LANG_SV), code);
    snprintf(s->oos_advice[SSVC_LANG_EN], sizeof s->oos_advice[0],
             "The question concerns %s, which the customer's tier %s does not include. The "
             "matter is outside the service.",
             ssvc_feature_name(d->feature, SSVC_LANG_EN), code);
    return;
  }
  s->cur.node = n;
  s->cur.k = 0;
  if (d->type == D_CHECKS) {
    s->cur.order_off = (uint32_t)s->norders;
    order_checks(s, n, s->orders + s->norders);
    s->norders += d->count;
  }
}

int ssvc_diag_session_new(ssvc_ctx *ctx, ssvc_diag_session **out, const ssvc_diag_tree *tree,
                          const ssvc_tier *tier, const ssvc_diag_stats *stats,
                          const char *symptom_id) {
  static const char func[] = "ssvc_diag_session_new";
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  if (!tree) return ssvc__err(ctx, SSVC_EINVAL, "%s: tree must not be NULL", func);
  if (!tier) return ssvc__err(ctx, SSVC_EINVAL, "%s: tier must not be NULL", func);
  if (!symptom_id) return ssvc__err(ctx, SSVC_EINVAL, "%s: symptom_id must not be NULL", func);
  if (stats && stats->tree != tree)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: stats belong to another tree", func);
  int32_t node, check;
  if (ssvc__diag_lookup(tree, symptom_id, &node, &check) || node < 0 ||
      tree->nodes[node].type != D_SYMPTOM)
    return ssvc__err(ctx, SSVC_ENOTFOUND, "%s: no symptom '%.64s'", func, symptom_id);
  unsigned int area = tree->nodes[node].feature; /* a guidance topic's area; 0 for a symptom */
  if (area && !ssvc_tier_has(tier, area))
    return ssvc__err(ctx, SSVC_ENOTENTITLED,
                     "%s: topic '%s' is in the area %s (%s), which tier %s does not include", func,
                     symptom_id, ssvc_feature_name(area, SSVC_LANG_EN), ssvc_feature_key(area),
                     ssvc_tier_code(tier));
  ssvc_diag_session *s = ssvc__calloc(ctx, 1, sizeof *s);
  if (!s) return SSVC_ENOMEM;
  s->ctx = ctx;
  s->tree = tree;
  s->tier = tier;
  s->stats = stats;
  s->symptom = node;
  s->outcome = -1;
  if (reserve_enter(s, tree->nodes[node].next)) {
    ssvc__free(ctx, s);
    return SSVC_ENOMEM;
  }
  enter(s, tree->nodes[node].next);
  *out = s;
  return SSVC_OK;
}

void ssvc_diag_session_free(ssvc_diag_session *s) {
  if (!s) return;
  ssvc__free(s->ctx, s->steps);
  ssvc__free(s->ctx, s->orders);
  ssvc__free(s->ctx, s);
}

const char *ssvc_diag_session_symptom(const ssvc_diag_session *s) {
  return s ? s->tree->nodes[s->symptom].id : NULL;
}

unsigned int ssvc__diag_session_feature(const ssvc_diag_session *s) {
  return s ? s->tree->nodes[s->symptom].feature : 0u;
}

int ssvc_diag_session_done(const ssvc_diag_session *s) { return s ? s->done : 0; }

/* The check index at position @p p, or -1 when @p p is a question. */
static int32_t check_at(const ssvc_diag_session *s, const struct pos *p) {
  if (s->tree->nodes[p->node].type != D_CHECKS) return -1;
  return s->orders[p->order_off + p->k];
}

const char *ssvc_diag_session_question_id(const ssvc_diag_session *s) {
  if (!s || s->done) return NULL;
  int32_t c = check_at(s, &s->cur);
  return c >= 0 ? s->tree->checks[c].id : s->tree->nodes[s->cur.node].id;
}

const char *ssvc_diag_session_question_text(const ssvc_diag_session *s, int lang) {
  if (!s || s->done || !lang_ok(lang)) return NULL;
  int32_t c = check_at(s, &s->cur);
  return c >= 0 ? s->tree->checks[c].text[lang] : s->tree->nodes[s->cur.node].text[lang];
}

int ssvc_diag_session_question_is_check(const ssvc_diag_session *s) {
  return s && !s->done && check_at(s, &s->cur) >= 0;
}

size_t ssvc_diag_session_answer_count(const ssvc_diag_session *s) {
  if (!s || s->done) return 0;
  return check_at(s, &s->cur) >= 0 ? 2 : s->tree->nodes[s->cur.node].count;
}

const char *ssvc_diag_session_answer_value(const ssvc_diag_session *s, size_t i) {
  if (i >= ssvc_diag_session_answer_count(s)) return NULL;
  if (check_at(s, &s->cur) >= 0) return check_values[i];
  return s->tree->answers[s->tree->nodes[s->cur.node].first + i].value;
}

const char *ssvc_diag_session_answer_label(const ssvc_diag_session *s, size_t i, int lang) {
  if (i >= ssvc_diag_session_answer_count(s) || !lang_ok(lang)) return NULL;
  if (check_at(s, &s->cur) >= 0) return check_labels[i][lang];
  return s->tree->answers[s->tree->nodes[s->cur.node].first + i].label[lang];
}

/* Where answer @p a at position @p p leads: a node to enter, or (returned -1) the next check of
 * the same group. */
static int32_t target(const ssvc_diag_session *s, const struct pos *p, uint32_t a) {
  const ssvc_diag_tree *t = s->tree;
  const struct d_node *d = &t->nodes[p->node];
  if (d->type == D_QUESTION) return t->answers[d->first + a].next;
  if (a == 0) return t->checks[check_at(s, p)].fixed;
  return p->k + 1 < d->count ? -1 : d->next;
}

int ssvc_diag_session_answer(ssvc_diag_session *s, const char *value) {
  static const char func[] = "ssvc_diag_session_answer";
  if (!s) return SSVC_EINVAL;
  if (!value) return ssvc__err(s->ctx, SSVC_EINVAL, "%s: value must not be NULL", func);
  if (s->done)
    return ssvc__err(s->ctx, SSVC_ESTATE, "%s: the session has ended (outcome '%s')", func,
                     ssvc_diag_session_outcome_id(s));
  size_t n = ssvc_diag_session_answer_count(s), a = 0;
  while (a < n && strcmp(ssvc_diag_session_answer_value(s, a), value) != 0) a++;
  if (a == n) {
    char list[160] = "";
    size_t o = 0;
    for (size_t i = 0; i < n && o < sizeof list; i++)
      o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "",
                            ssvc_diag_session_answer_value(s, i));
    return ssvc__err(s->ctx, SSVC_ENOTFOUND,
                     "%s: value: '%.40s' is not an answer to '%s' (answers: %s)", func, value,
                     ssvc_diag_session_question_id(s), list);
  }
  int32_t next = target(s, &s->cur, (uint32_t)a);
  if (ensure(s->ctx, (void **)&s->steps, &s->capsteps, s->nsteps + 1, sizeof *s->steps))
    return SSVC_ENOMEM;
  if (next >= 0 && reserve_enter(s, next)) return SSVC_ENOMEM;
  s->steps[s->nsteps++] = (struct step){s->cur, (uint32_t)a, s->norders};
  if (next < 0) s->cur.k++;
  else enter(s, next);
  return SSVC_OK;
}

int ssvc_diag_session_back(ssvc_diag_session *s) {
  if (!s) return SSVC_EINVAL;
  if (s->nsteps == 0)
    return ssvc__err(s->ctx, SSVC_ESTATE, "ssvc_diag_session_back: no answer to take back");
  const struct step *st = &s->steps[--s->nsteps];
  s->cur = st->at;
  s->norders = st->orders_len;
  s->done = 0;
  s->outcome = -1;
  s->missing = 0;
  return SSVC_OK;
}

size_t ssvc_diag_session_step_count(const ssvc_diag_session *s) { return s ? s->nsteps : 0; }

const char *ssvc_diag_session_step_question(const ssvc_diag_session *s, size_t i) {
  if (!s || i >= s->nsteps) return NULL;
  int32_t c = check_at(s, &s->steps[i].at);
  return c >= 0 ? s->tree->checks[c].id : s->tree->nodes[s->steps[i].at.node].id;
}

const char *ssvc_diag_session_step_answer(const ssvc_diag_session *s, size_t i) {
  if (!s || i >= s->nsteps) return NULL;
  const struct step *st = &s->steps[i];
  if (check_at(s, &st->at) >= 0) return check_values[st->answer];
  return s->tree->answers[s->tree->nodes[st->at.node].first + st->answer].value;
}

/* Appends @p text to the snprintf-like output. */
static void put(char *buf, size_t size, size_t *need, const char *text) {
  size_t n = strlen(text);
  if (*need < size) {
    size_t room = size - *need - 1;
    memcpy(buf + *need, text, n < room ? n : room);
  }
  *need += n;
}

size_t ssvc_diag_session_transcript(const ssvc_diag_session *s, char *buf, size_t size) {
  if (!s) {
    if (size) buf[0] = '\0';
    return 0;
  }
  size_t need = 0;
  put(buf, size, &need, ssvc_diag_session_symptom(s));
  put(buf, size, &need, ":");
  for (size_t i = 0; i < s->nsteps; i++) {
    if (i) put(buf, size, &need, ",");
    put(buf, size, &need, ssvc_diag_session_step_question(s, i));
    put(buf, size, &need, "=");
    put(buf, size, &need, ssvc_diag_session_step_answer(s, i));
  }
  if (size) buf[need < size ? need : size - 1] = '\0';
  return need;
}

int ssvc_diag_session_resume(ssvc_ctx *ctx, ssvc_diag_session **out, const ssvc_diag_tree *tree,
                             const ssvc_tier *tier, const ssvc_diag_stats *stats,
                             const char *text) {
  static const char func[] = "ssvc_diag_session_resume";
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  if (!text) return ssvc__err(ctx, SSVC_EINVAL, "%s: transcript must not be NULL", func);
  const char *colon = strchr(text, ':');
  size_t slen = colon ? (size_t)(colon - text) : 0;
  if (!colon || slen == 0 || slen > 64)
    return ssvc__err(ctx, SSVC_EPARSE, "%s: transcript: expected 'SYMPTOM:QUESTION=ANSWER,...'",
                     func);
  char sym[72];
  memcpy(sym, text, slen);
  sym[slen] = '\0';
  ssvc_diag_session *s;
  int rc = ssvc_diag_session_new(ctx, &s, tree, tier, stats, sym);
  if (rc) return rc;
  const char *p = colon + 1;
  for (size_t step = 1; *p; step++) {
    size_t len = strcspn(p, ",");
    const char *eq = memchr(p, '=', len);
    char q[72], a[72];
    size_t qlen = eq ? (size_t)(eq - p) : 0, alen = eq ? len - qlen - 1 : 0;
    if (!eq || qlen == 0 || qlen > 64 || alen == 0 || alen > 64) {
      rc = ssvc__err(ctx, SSVC_EPARSE, "%s: transcript: step %zu: expected QUESTION=ANSWER", func,
                     step);
      break;
    }
    memcpy(q, p, qlen);
    q[qlen] = '\0';
    memcpy(a, eq + 1, alen);
    a[alen] = '\0';
    if (s->done) {
      rc = ssvc__err(ctx, SSVC_ESTATE, "%s: transcript: step %zu ('%s=%s') follows the outcome '%s'",
                     func, step, q, a, ssvc_diag_session_outcome_id(s));
      break;
    }
    /* A check group may have been ordered differently when the transcript was made (other
     * learned counts): follow the recorded order by bringing the named check forward. */
    if (check_at(s, &s->cur) >= 0) {
      const struct d_node *g = &tree->nodes[s->cur.node];
      for (uint32_t k = s->cur.k; k < g->count; k++) {
        int32_t *o = &s->orders[s->cur.order_off];
        if (strcmp(tree->checks[o[k]].id, q) == 0) {
          int32_t c = o[k];
          memmove(o + s->cur.k + 1, o + s->cur.k, (k - s->cur.k) * sizeof *o);
          o[s->cur.k] = c;
          break;
        }
      }
    }
    if (strcmp(ssvc_diag_session_question_id(s), q) != 0) {
      rc = ssvc__err(ctx, SSVC_ENOTFOUND,
                     "%s: transcript: step %zu: question '%s' is not the one asked here ('%s')",
                     func, step, q, ssvc_diag_session_question_id(s));
      break;
    }
    if ((rc = ssvc_diag_session_answer(s, a))) {
      if (rc != SSVC_ENOMEM)
        ssvc__err(ctx, rc, "%s: transcript: step %zu: '%s' is not an answer to '%s'", func, step,
                  a, q);
      break;
    }
    p += len;
    if (*p == ',') {
      p++;
      if (!*p) {
        rc = ssvc__err(ctx, SSVC_EPARSE, "%s: transcript: ends with ','", func);
        break;
      }
    }
  }
  if (rc) {
    ssvc_diag_session_free(s);
    return rc;
  }
  *out = s;
  return SSVC_OK;
}

int ssvc_diag_session_outcome_kind(const ssvc_diag_session *s) {
  if (!s || !s->done) return -1;
  return s->outcome >= 0 ? s->tree->nodes[s->outcome].kind : SSVC_DIAG_OUT_OF_SCOPE;
}

const char *ssvc_diag_session_outcome_id(const ssvc_diag_session *s) {
  if (!s || !s->done) return NULL;
  return s->outcome >= 0 ? s->tree->nodes[s->outcome].id : s->oos_id;
}

const char *ssvc_diag_session_outcome_advice(const ssvc_diag_session *s, int lang) {
  if (!s || !s->done || !lang_ok(lang)) return NULL;
  return s->outcome >= 0 ? s->tree->nodes[s->outcome].text[lang] : s->oos_advice[lang];
}

unsigned int ssvc_diag_session_outcome_reminders(const ssvc_diag_session *s) {
  if (!s || !s->done || s->outcome < 0) return 0;
  return s->tree->nodes[s->outcome].reminders;
}

int ssvc_diag_session_outcome_action(const ssvc_diag_session *s) {
  switch (ssvc_diag_session_outcome_kind(s)) {
  case SSVC_DIAG_HANDLING_ERROR: return SSVC_DIAG_ACTION_GUIDANCE;
  case SSVC_DIAG_WORKSHOP: return SSVC_DIAG_ACTION_WORKSHOP;
  case SSVC_DIAG_DEFINITE_FAULT:
    return ssvc_tier_has(s->tier, SSVC_FEATURE_SWAP_ACTIVATION) ? SSVC_DIAG_ACTION_SWAP_OR_LOAN
                                                                : SSVC_DIAG_ACTION_WORKSHOP;
  default: return SSVC_DIAG_ACTION_NONE;
  }
}

unsigned int ssvc_diag_session_missing_feature(const ssvc_diag_session *s) {
  return s && s->done ? s->missing : 0;
}

int ssvc_diag_stats_record_session(ssvc_diag_stats *st, const ssvc_diag_session *s) {
  if (!st) return SSVC_EINVAL;
  if (!s)
    return ssvc__err(st->ctx, SSVC_EINVAL, "ssvc_diag_stats_record_session: session must not be NULL");
  if (s->tree != st->tree)
    return ssvc__err(st->ctx, SSVC_EINVAL,
                     "ssvc_diag_stats_record_session: the session uses another tree");
  for (size_t i = 0; i < s->nsteps; i++) {
    int32_t c = check_at(s, &s->steps[i].at);
    if (c >= 0 && st->tried[c] == UINT32_MAX)
      return ssvc__err(st->ctx, SSVC_ERANGE,
                       "ssvc_diag_stats_record_session: count of '%s' is full", st->tree->checks[c].id);
  }
  for (size_t i = 0; i < s->nsteps; i++) {
    int32_t c = check_at(s, &s->steps[i].at);
    if (c < 0) continue;
    st->tried[c]++;
    if (s->steps[i].answer == 0) st->fixed[c]++;
  }
  return SSVC_OK;
}

/* ---- guidance (guidance.h) ---- */

static const char *const guide_key[] = {"none", "solved", "not-solved"};

const char *ssvc_guide_result_key(int result) {
  return result >= 0 && result <= 2 ? guide_key[result] : NULL;
}

int ssvc_diag_tree_kind(const ssvc_diag_tree *t) { return t ? t->kind : -1; }

unsigned int ssvc_diag_tree_symptom_feature(const ssvc_diag_tree *t, size_t i) {
  return t && i < t->nsymptoms ? t->nodes[t->symptoms[i]].feature : 0u;
}

int ssvc_guide_session_result(const ssvc_diag_session *s) {
  if (!s || !s->done || s->outcome < 0) return SSVC_GUIDE_NONE;
  return s->tree->nodes[s->outcome].guide;
}

const char *ssvc_guide_session_diagnose(const ssvc_diag_session *s) {
  if (!s || !s->done || s->outcome < 0) return NULL;
  return s->tree->nodes[s->outcome].diagnose;
}
