/* roster_models: the few-models advice (doc/roster.md "Few models"): the models of the SWAP
 * stock against those of the fleet (the roster, else the agreement's list). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_store.h"
#include "roster_record.h"
#include "smartservice/swap.h"

struct model_line {
  char model[SSVC_MODEL_MAX + 1];
  uint32_t users, stock;
  int in_fleet;
};

struct models {
  ssvc_ctx *ctx;
  struct model_line *v;
  size_t n, cap;
  int nomem;
};

/* The line of @p model, added when new; NULL when out of memory. */
static struct model_line *line_of(struct models *m, const char *model) {
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->v[i].model, model) == 0) return &m->v[i];
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 16;
    struct model_line *p = ssvc__realloc(m->ctx, m->v, cap * sizeof *p);
    if (!p) {
      m->nomem = 1;
      return NULL;
    }
    m->v = p;
    m->cap = cap;
  }
  struct model_line *l = &m->v[m->n++];
  memset(l, 0, sizeof *l);
  snprintf(l->model, sizeof l->model, "%s", model);
  return l;
}

static int roster_cb(void *ud, const ssvc_roster_entry *e) {
  struct models *m = ud;
  if (!e->model) return 0;
  struct model_line *l = line_of(m, e->model);
  if (!l) return 1;
  l->users++;
  l->in_fleet = 1;
  return 0;
}

static int unit_cb(void *ud, const ssvc_unit *u) {
  struct models *m = ud;
  if (u->state != SSVC_UNIT_AVAILABLE && u->state != SSVC_UNIT_RESERVED &&
      u->state != SSVC_UNIT_ON_LOAN && u->state != SSVC_UNIT_IN_REPAIR)
    return 0;
  struct model_line *l = line_of(m, u->model);
  if (!l) return 1;
  l->stock++;
  return 0;
}

static int by_model(const void *a, const void *b) {
  return strcmp(((const struct model_line *)a)->model, ((const struct model_line *)b)->model);
}

int ssvc_models_advise(ssvc_store *store, const char *customer_id, ssvc_model_advice *out,
                       ssvc_model_line_fn fn, void *user_data) {
  static const char func[] = "ssvc_models_advise";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX);
  if (rc) return rc;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  if ((rc = ssvc__check_version(ctx, "ssvc_models_advise: out", out->version,
                                SSVC_MODEL_ADVICE_VERSION)))
    return rc;
  struct ssvc_agreement *ag = NULL;
  if ((rc = ssvc__agreement_load(store, func, customer_id, &ag))) return rc;
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(ag, &s);
  ssvc_model_advice a = SSVC_MODEL_ADVICE_INIT;
  a.version = out->version;
  a.model_min_users = s.model_min_users ? s.model_min_users : SSVC_MODEL_MIN_USERS_DEFAULT;
  a.models_max = s.models_max ? s.models_max : SSVC_MODELS_MAX_DEFAULT;
  struct models m = {ctx, NULL, 0, 0, 0};
  rc = ssvc__roster_scan(store, func, customer_id, roster_cb, &m, NULL);
  for (size_t i = 0; i < m.n; i++) a.fleet_phones += m.v[i].users;
  a.from_roster = a.fleet_phones > 0;
  for (size_t i = 0; !rc && !a.from_roster && i < s.model_count; i++) {
    struct model_line *l = line_of(&m, s.models[i].model);
    if (l) l->in_fleet = 1;
  }
  ssvc_agreement_free(ag);
  if (!rc && !m.nomem) rc = ssvc_swap_unit_list(store, customer_id, unit_cb, &m);
  if (!rc && m.nomem) rc = SSVC_ENOMEM;
  if (!rc) {
    if (m.n) qsort(m.v, m.n, sizeof *m.v, by_model);
    for (size_t i = 0; i < m.n; i++) {
      const struct model_line *l = &m.v[i];
      a.fleet_models += l->in_fleet;
      a.stock_models += l->stock > 0;
      a.stock_only_models += l->stock > 0 && !l->in_fleet;
      a.few_user_models += a.from_roster && l->in_fleet && l->users < a.model_min_users;
    }
    /* No roster and no models on the agreement: the fleet's models are not known, so no stock
     * model is "unused"; only the stock's own spread is judged. */
    if (a.fleet_models == 0) a.stock_only_models = 0;
    a.consolidate = a.fleet_models > a.models_max || a.stock_models > a.models_max ||
                    a.few_user_models > 0 || a.stock_only_models > 0;
    *out = a;
    for (size_t i = 0; fn && i < m.n; i++) {
      const struct model_line *l = &m.v[i];
      int few = (a.from_roster && l->in_fleet && l->users < a.model_min_users) ||
                (a.fleet_models && l->stock && !l->in_fleet);
      if ((rc = fn(user_data, l->model, l->users, l->stock, few))) break;
    }
  }
  ssvc__free(ctx, m.v);
  return rc;
}

int ssvc_model_advice_text(const ssvc_model_advice *a, int lang, char *buf, size_t size) {
  if (!a || (!buf && size)) return -1; /* NULL and 0: the length only, as snprintf */
  int sv = lang == SSVC_LANG_SV;
  char few[160] = "", only[160] = "";
  if (a->few_user_models)
    snprintf(few, sizeof few,
             sv ? "; %u %s färre än %u användare" : "; %u %s fewer than %u users",
             (unsigned)a->few_user_models,
             sv ? (a->few_user_models == 1 ? "modell har" : "modeller har")
                : (a->few_user_models == 1 ? "model serves" : "models serve"),
             (unsigned)a->model_min_users);
  if (a->stock_only_models)
    snprintf(only, sizeof only,
             sv ? "; %u %s i lagret används inte i flottan" : "; %u %s in the stock the fleet does not use",
             (unsigned)a->stock_only_models,
             sv ? (a->stock_only_models == 1 ? "modell" : "modeller")
                : (a->stock_only_models == 1 ? "model" : "models"));
  const char *end = a->consolidate
                        ? (sv ? ": överväg att samla flottan på färre modeller."
                              : ": consider consolidating on fewer models.")
                        : (sv ? ": inget att samla." : ": nothing to consolidate.");
  if (!a->fleet_models)
    return snprintf(buf, size,
                    sv ? "Flottans modeller är okända (inget register, inga modeller i avtalet); "
                         "SWAP-lagret spänner över %u %s (högst %u rekommenderas)%s"
                       : "The fleet's models are not known (no roster, no models on the "
                         "agreement); the SWAP stock spans %u %s (%u advised at most)%s",
                    (unsigned)a->stock_models,
                    sv ? (a->stock_models == 1 ? "modell" : "modeller")
                       : (a->stock_models == 1 ? "model" : "models"),
                    (unsigned)a->models_max, end);
  return snprintf(buf, size,
                  sv ? "Flottan%s använder %u %s (högst %u rekommenderas) och SWAP-lagret "
                       "spänner över %u%s%s%s"
                     : "The fleet%s uses %u %s (%u advised at most) and the SWAP stock spans "
                       "%u%s%s%s",
                  a->from_roster ? (sv ? " (enligt registret)" : " (on the roster)")
                                 : (sv ? " (enligt avtalet)" : " (by the agreement)"),
                  (unsigned)a->fleet_models,
                  sv ? (a->fleet_models == 1 ? "modell" : "modeller")
                     : (a->fleet_models == 1 ? "model" : "models"),
                  (unsigned)a->models_max, (unsigned)a->stock_models, few, only, end);
}
