/*
 * smartservice --db FILE agreement new|set|show|list: customers' agreements (tier, fleet, loan or
 * swap, routing of repaired phones, SWAP share, cut-off, return deadline, closed days, prices).
 * Amounts are given in SEK with up to two decimals ("89" or "89.50"). Formats: doc/cli.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_party.h"

/* "89", "89.5", "89.50" SEK to öre, exactly. */
static int parse_hhmm(const char *cmd, const char *text, int *out) {
  int h, m;
  if (strlen(text) != 5 || text[2] != ':' || cli_digits(text, 2, &h) ||
      cli_digits(text + 3, 2, &m) || h > 24 || m > 59 || (h == 24 && m) || (h == 0 && m == 0))
    return cli_usage(cmd, "--cutoff must be HH:MM from 00:01 to 24:00 (got '%s')", text);
  *out = h * 3600 + m * 60;
  return CLI_OK;
}

/* Everything an agreement command may set; strings point into argv. */
struct agreement_opts {
  const char *customer, *name, *tier, *tier_name, *features, *tier_price, *fleet, *repaired_to,
      *percent, *cutoff, *return_days, *closed, *user_price, *freight, *packaging, *value,
      *models, *actor, *vat, *swap_rent, *from, *retention, *buyer_ref, *order_ref, *payment_days,
      *roster_policy, *model_min_users, *models_max;
  int loan, swap;
  struct cli_party_opts buyer; /* --buyer-name, --buyer-org-number, ... */
  /* Parsed. */
  ssvc_tier_spec tier_spec;
  ssvc_date days[64];
  ssvc_agreement_model model_list[32];
  char model_text[2048];
  ssvc_party buyer_party;
};

/* A price override: an amount in SEK, or "list" for none (the list price or the default). */
static int parse_override(const char *cmd, const char *opt, const char *text, int64_t *out) {
  if (strcmp(text, "list") == 0) {
    *out = SSVC_AGREEMENT_NO_OVERRIDE;
    return CLI_OK;
  }
  return cli_parse_money(cmd, opt, text, out);
}

static int parse_opts(const char *cmd, struct agreement_opts *o, ssvc_agreement_spec *s) {
  int rc;
  if (o->name) s->customer_name = o->name;
  if (o->tier) s->tier_code = o->tier;
  if (o->features || o->tier_price || o->tier_name) {
    if (!o->tier) return cli_usage(cmd, "--features, --tier-name and --tier-price need --tier");
    ssvc_tier_spec *t = &o->tier_spec;
    ssvc_tier_spec_init(t, SSVC_TIER_SPEC_VERSION);
    t->code = o->tier;
    t->name_sv = o->tier_name ? o->tier_name : o->tier;
    if (o->tier_price && (rc = cli_parse_money(cmd, "--tier-price", o->tier_price, &t->price_minor)))
      return rc;
    if (o->features && *o->features) {
      char buf[256];
      snprintf(buf, sizeof buf, "%s", o->features);
      ssvc_ctx *tmp;
      if (cli_ctx_new(cmd, &tmp)) return CLI_FAIL;
      for (char *k = strtok(buf, ","); k; k = strtok(NULL, ",")) {
        unsigned int bit;
        if (ssvc_feature_from_key(tmp, &bit, k)) {
          ssvc_ctx_free(tmp);
          return cli_usage(cmd, "--features: unknown feature '%s'", k);
        }
        t->features |= bit;
      }
      ssvc_ctx_free(tmp);
    }
    s->custom_tier = t;
  }
  if (o->fleet && (rc = cli_parse_u32(cmd, "--fleet", o->fleet, &s->fleet))) return rc;
  if (o->loan && o->swap) return cli_usage(cmd, "give either --loan or --swap, not both");
  if (o->loan) s->replacement = SSVC_REPLACEMENT_LOAN;
  if (o->swap) s->replacement = SSVC_REPLACEMENT_SWAP;
  if (o->repaired_to) {
    if (ssvc_repaired_to_from_name(NULL, &s->repaired_to, o->repaired_to))
      return cli_usage(cmd, "--repaired-to must be 'user' or 'stock' (got '%s')", o->repaired_to);
  }
  if (o->percent &&
      (rc = cli_parse_share(cmd, "--percent", o->percent, 1, &s->swap_basis_points)))
    return rc;
  if (o->cutoff && (rc = parse_hhmm(cmd, o->cutoff, &s->cutoff_seconds))) return rc;
  if (o->return_days) {
    uint32_t n;
    if (cli_parse_u32(cmd, "--return-days", o->return_days, &n) || n < 1 || n > 1000)
      return cli_usage(cmd, "--return-days must be 1-1000 (got '%s')", o->return_days);
    s->return_days = (int)n;
  }
  if (o->closed) {
    char buf[1024];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", o->closed);
    for (char *d = strtok(buf, ","); d; d = strtok(NULL, ",")) {
      if (n == sizeof o->days / sizeof o->days[0])
        return cli_usage(cmd, "--closed: at most 64 days");
      if ((rc = cli_parse_date(cmd, "closed", d, &o->days[n]))) return rc;
      n++;
    }
    s->closed_days = o->days;
    s->closed_day_count = n;
  }
  if ((o->user_price && (rc = parse_override(cmd, "--user-price", o->user_price,
                                              &s->user_price_minor))) ||
      (o->freight && (rc = parse_override(cmd, "--freight", o->freight, &s->freight_minor))) ||
      (o->packaging && (rc = parse_override(cmd, "--packaging", o->packaging,
                                            &s->packaging_minor))) ||
      (o->value && (rc = parse_override(cmd, "--replacement-value", o->value,
                                        &s->replacement_value_minor))))
    return rc;
  if (o->vat && (rc = cli_parse_share(cmd, "--vat", o->vat, 1, &s->vat_basis_points))) return rc;
  if (o->swap_rent && (rc = cli_parse_money(cmd, "--swap-rent", o->swap_rent, &s->swap_rent_minor)))
    return rc;
  if (o->retention &&
      (rc = cli_parse_u32(cmd, "--retention-months", o->retention, &s->retention_months)))
    return rc;
  /* The buyer: the options change the stored buyer (a new one when there is none). */
  if (cli_party_given(&o->buyer)) {
    o->buyer_party = s->buyer ? *s->buyer : (ssvc_party)SSVC_PARTY_INIT;
    cli_party_apply(&o->buyer, &o->buyer_party);
    s->buyer = &o->buyer_party;
  }
  if (o->buyer_ref) s->buyer_reference = *o->buyer_ref ? o->buyer_ref : NULL;
  if (o->order_ref) s->order_reference = *o->order_ref ? o->order_ref : NULL;
  if (o->payment_days) {
    uint32_t n;
    if (cli_parse_u32(cmd, "--payment-days", o->payment_days, &n) || n < 1 || n > 365)
      return cli_usage(cmd, "--payment-days must be 1-365 (got '%s')", o->payment_days);
    s->payment_days = (int)n;
  }
  if (o->roster_policy && ssvc_roster_policy_from_name(NULL, &s->roster_policy, o->roster_policy))
    return cli_usage(cmd, "--roster-policy must be none, flag or refuse (got '%s')",
                     o->roster_policy);
  if (o->model_min_users &&
      (rc = cli_parse_u32(cmd, "--model-min-users", o->model_min_users, &s->model_min_users)))
    return rc;
  if (o->models_max && (rc = cli_parse_u32(cmd, "--models-max", o->models_max, &s->models_max)))
    return rc;
  if (o->models) {
    /* NAME[:TARGET[:VALUE]],... */
    size_t n = 0;
    snprintf(o->model_text, sizeof o->model_text, "%s", o->models);
    for (char *m = strtok(o->model_text, ","); m; m = strtok(NULL, ",")) {
      if (n == sizeof o->model_list / sizeof o->model_list[0])
        return cli_usage(cmd, "--models: at most 32 models");
      ssvc_agreement_model *e = &o->model_list[n++];
      e->model = m;
      e->target = 0;
      e->replacement_value_minor = SSVC_AGREEMENT_NO_OVERRIDE;
      char *target = strchr(m, ':');
      if (!target) continue;
      *target++ = '\0';
      char *value = strchr(target, ':');
      if (value) *value++ = '\0';
      if (*target && (rc = cli_parse_u32(cmd, "--models target", target, &e->target))) return rc;
      if (value && (rc = cli_parse_money(cmd, "--models value", value, &e->replacement_value_minor)))
        return rc;
    }
    s->models = o->model_list;
    s->model_count = n;
  }
  return CLI_OK;
}

#define AGREEMENT_OPTS(o)                                                                     \
  {"customer", &(o).customer, NULL, "CUSTOMER", NULL, "the customer id (required for new)"},       \
  {"name", &(o).name, NULL, "NAME", NULL, "the customer's name"},                                  \
  {"tier", &(o).tier, NULL, "CODE", NULL,                                                          \
      "the service tier: BAS, PROF, PREMIUM or a custom code"},                                    \
  {"tier-name", &(o).tier_name, NULL, "NAME", NULL, "name of a custom tier"},                      \
  {"features", &(o).features, NULL, "KEY,...", NULL,                                               \
      "features of a custom tier (diagnosis,phone-help,...)"},                                     \
  {"tier-price", &(o).tier_price, NULL, "SEK", NULL, "price per user and month of a custom tier"}, \
  {"fleet", &(o).fleet, NULL, "N", NULL, "the number of phones covered (required for new)"},       \
  {"loan", NULL, &(o).loan, NULL, NULL, "replacement by a loan phone"},                            \
  {"swap", NULL, &(o).swap, NULL, NULL, "replacement by a SWAP phone from the stock"},             \
  {"repaired-to", &(o).repaired_to, NULL, "user|stock", NULL, "where a repaired phone goes"},      \
  {"percent", &(o).percent, NULL, "P", NULL, "SWAP stock as a share of the fleet, in percent"},    \
  {"cutoff", &(o).cutoff, NULL, "HH:MM", NULL, "the day's cut-off for same-day dispatch"},         \
  {"return-days", &(o).return_days, NULL, "N", NULL,                                               \
      "days the user has to return the faulty phone"},                                             \
  {"closed", &(o).closed, NULL, "YYYY-MM-DD,...", NULL, "the customer's own closed days"},         \
  {"user-price", &(o).user_price, NULL, "SEK|list", NULL,                                          \
      "override of the price per user and month (list: none)"},                                    \
  {"freight", &(o).freight, NULL, "SEK|list", NULL, "override of the freight price (list: none)"}, \
  {"packaging", &(o).packaging, NULL, "SEK|list", NULL,                                            \
      "override of the packaging price (list: none)"},                                             \
  {"replacement-value", &(o).value, NULL, "SEK|list", NULL,                                        \
      "override of a phone's replacement value (list: none)"},                                     \
  {"models", &(o).models, NULL, "NAME[:TARGET[:VALUE]],...", NULL,                                 \
      "the fleet's models with stock targets and values"},                                         \
  {"vat", &(o).vat, NULL, "PERCENT", NULL, "VAT rate of the invoices (new: 25)"},                  \
  {"swap-rent", &(o).swap_rent, NULL, "SEK", NULL, "rent per SWAP phone and month (0: owned)"},    \
  {"retention-months", &(o).retention, NULL, "N", NULL,                                            \
      "erase closed cases N months after their last change (new: 0, kept)"},                       \
  {"actor", &(o).actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},      \
  CLI_PARTY_OPTS("buyer-", (o).buyer),                                                             \
  {"buyer-reference", &(o).buyer_ref, NULL, "REF", NULL, "the buyer's reference on invoices"},     \
  {"order-reference", &(o).order_ref, NULL, "REF", NULL, "the order reference on invoices"},       \
  {"payment-days", &(o).payment_days, NULL, "N", NULL, "days to pay an invoice (new: 30)"},        \
  {"roster-policy", &(o).roster_policy, NULL, "none|flag|refuse", NULL,                        \
      "callers not on the roster: none (no roster), flag, refuse (new: none)"},                  \
  {"model-min-users", &(o).model_min_users, NULL, "N", NULL,                                     \
      "advise consolidating a model used by fewer phones (new: 5)"},                             \
  {"models-max", &(o).models_max, NULL, "N", NULL,                                               \
      "advise consolidating when the fleet uses more models (new: 3)"},                          \
  {0}

static int agreement_new(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "agreement new";
  struct agreement_opts o;
  memset(&o, 0, sizeof o);
  o.actor = g->actor;
  const struct cli_opt opts[] = {AGREEMENT_OPTS(o)};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", o.customer, "name", o.name, "tier", o.tier, "fleet",
                        o.fleet, (const char *)NULL)))
    return rc;
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = o.customer;
  if ((rc = parse_opts(cmd, &o, &s))) return rc;
  struct cli_store st;
  if ((rc = cli_store_open(cmd, g, &st))) return rc;
  if (ssvc_agreement_create(st.st, &s, o.actor)) return cli_store_close(&st, cli_fail(cmd, st.ctx));
  printf("%s\n", o.customer);
  return cli_store_close(&st, CLI_OK);
}

static int agreement_set(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "agreement set";
  struct agreement_opts o;
  memset(&o, 0, sizeof o);
  o.actor = g->actor;
  const struct cli_opt opts[] = {
      {"from", &o.from, NULL, "YYYY-MM-DD", NULL,
       "bill the fleet, tier and price changes from this day"},
      AGREEMENT_OPTS(o)};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected a customer id");
  if (o.customer) return cli_usage(cmd, "the customer id is the argument, not --customer");
  /* --from: the fleet, tier and price changes hold for billing from that day's start
   * (Stockholm), not from now. */
  ssvc_date from_day = {0, 0, 0};
  if (o.from && (rc = cli_parse_date(cmd, "from", o.from, &from_day))) return rc;
  struct cli_store st;
  if ((rc = cli_store_open(cmd, g, &st))) return rc;
  ssvc_agreement *a;
  if (ssvc_agreement_load(st.st, &a, pos[0])) return cli_store_close(&st, cli_fail(cmd, st.ctx));
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(a, &s);
  if (o.tier) s.custom_tier = NULL; /* a new tier replaces the old one */
  rc = parse_opts(cmd, &o, &s);
  if (!rc) {
    uint64_t ver = ssvc_agreement_stored_version(a);
    int64_t at = 0;
    if (o.from ? ssvc_stockholm_to_instant(st.ctx, &at, &from_day, 0, 0, 0) ||
                     ssvc_agreement_update_from(st.st, &s, ver, o.actor, at)
               : ssvc_agreement_update(st.st, &s, ver, o.actor))
      rc = cli_fail(cmd, st.ctx);
    else printf("%s\n", pos[0]);
  }
  ssvc_agreement_free(a);
  return cli_store_close(&st, rc);
}

static void money(char *buf, size_t size, int64_t v) {
  if (v == SSVC_AGREEMENT_NO_OVERRIDE) snprintf(buf, size, "-");
  else ssvc_money_format(buf, size, v, "SEK");
}

static int agreement_show(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "agreement show";
  const struct cli_opt opts[] = {{0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected a customer id");
  struct cli_store st;
  if ((rc = cli_store_open_read(cmd, g, &st))) return rc;
  ssvc_agreement *a;
  if (ssvc_agreement_load(st.st, &a, pos[0])) return cli_store_close(&st, cli_fail(cmd, st.ctx));
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(a, &s);
  char b[64];
  printf("customer:          %s\n", s.customer_id);
  printf("name:              %s\n", s.customer_name);
  printf("tier:              %s%s\n", s.tier_code, s.custom_tier ? " (custom)" : "");
  printf("features:         ");
  unsigned int fs = ssvc_agreement_features(a);
  for (unsigned int bit = 1; bit <= SSVC_FEATURE_ALL; bit <<= 1)
    if (fs & bit) printf(" %s", ssvc_feature_key(bit));
  printf("\n");
  if (s.custom_tier) {
    ssvc_money_format(b, sizeof b, s.custom_tier->price_minor, s.custom_tier->currency);
    printf("tier price:        %s\n", b);
  }
  printf("fleet:             %u\n", (unsigned)s.fleet);
  printf("replacement:       %s\n", ssvc_replacement_name(s.replacement));
  printf("repaired to:       %s\n", ssvc_repaired_to_name(s.repaired_to));
  unsigned level = (unsigned)ssvc_agreement_swap_level(a);
  printf("swap share:        %u.%02u%% (%u phone%s)\n", (unsigned)s.swap_basis_points / 100,
         (unsigned)s.swap_basis_points % 100, level, level == 1 ? "" : "s");
  printf("cutoff:            %02d:%02d\n", s.cutoff_seconds / 3600, s.cutoff_seconds / 60 % 60);
  printf("return days:       %d\n", s.return_days);
  printf("closed days:      ");
  for (size_t i = 0; i < s.closed_day_count; i++) {
    ssvc_date_format(b, sizeof b, &s.closed_days[i]);
    printf(" %s", b);
  }
  printf("%s\n", s.closed_day_count ? "" : " -");
  money(b, sizeof b, s.user_price_minor);
  printf("user price:        %s\n", b);
  money(b, sizeof b, s.freight_minor);
  printf("freight:           %s\n", b);
  money(b, sizeof b, s.packaging_minor);
  printf("packaging:         %s\n", b);
  money(b, sizeof b, s.replacement_value_minor);
  printf("replacement value: %s\n", b);
  printf("vat:               %u.%02u%%\n", (unsigned)s.vat_basis_points / 100,
         (unsigned)s.vat_basis_points % 100);
  if (s.swap_rent_minor) {
    ssvc_money_format(b, sizeof b, s.swap_rent_minor, "SEK");
    printf("swap rent:         %s per phone and month\n", b);
  } else {
    printf("swap rent:         - (the stock is owned)\n");
  }
  if (s.retention_months) /* only when set: 0 keeps cases forever (doc/erasure.md) */
    printf("retention:         %u months, then closed cases are erased\n",
           (unsigned)s.retention_months);
  if (s.buyer) cli_party_print("buyer ", s.buyer, 19);
  else printf("buyer:             - (none: the invoice run refuses the customer)\n");
  printf("buyer reference:   %s\n", s.buyer_reference ? s.buyer_reference : "-");
  printf("order reference:   %s\n", s.order_reference ? s.order_reference : "-");
  printf("payment days:      %d\n", s.payment_days ? s.payment_days : 30);
  if (s.roster_policy) /* only with a roster: the fleet is the roster's count (doc/roster.md) */
    printf("roster policy:     %s (the fleet follows the roster)\n",
           ssvc_roster_policy_name(s.roster_policy));
  if (s.model_min_users || s.models_max)
    printf("few models:        advise below %u users a model or above %u models\n",
           (unsigned)(s.model_min_users ? s.model_min_users : SSVC_MODEL_MIN_USERS_DEFAULT),
           (unsigned)(s.models_max ? s.models_max : SSVC_MODELS_MAX_DEFAULT));
  for (size_t i = 0; i < s.model_count; i++) {
    money(b, sizeof b, s.models[i].replacement_value_minor);
    printf("model:             %s target %u value %s\n", s.models[i].model,
           (unsigned)s.models[i].target, b);
  }
  printf("events:\n");
  for (size_t i = 0; i < ssvc_agreement_event_count(a); i++) {
    ssvc_agreement_event e = SSVC_AGREEMENT_EVENT_INIT;
    ssvc_agreement_event_at(a, i, &e);
    cli_format_local_seconds(b, sizeof b, e.at);
    printf("  %s  %-10s %s%s%s\n", b, e.actor,
           ssvc_agreement_event_kind_name(e.kind) ? ssvc_agreement_event_kind_name(e.kind) : "?", *e.note ? ": " : "",
           e.note);
  }
  ssvc_agreement_free(a);
  return cli_store_close(&st, CLI_OK);
}

struct lister {
  ssvc_store *st;
  int failed;
  int dry; /* the reading pass: a damaged agreement fails the listing before it prints anything */
};

static int print_agreement(void *ud, const char *id) {
  struct lister *l = ud;
  ssvc_agreement *a;
  if (ssvc_agreement_load(l->st, &a, id)) {
    l->failed = 1;
    return 1;
  }
  if (l->dry) {
    ssvc_agreement_free(a);
    return 0;
  }
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(a, &s);
  printf("%s\t%s\t%u\t%s\t%s\n", s.customer_id, s.tier_code, (unsigned)s.fleet,
         ssvc_replacement_name(s.replacement), s.customer_name);
  ssvc_agreement_free(a);
  return 0;
}

static int agreement_list(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "agreement list";
  int no_header = 0;
  const struct cli_opt opts[] = {
      {"no-header", NULL, &no_header, NULL, NULL, "leave out the header line"}, {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  struct cli_store st;
  if ((rc = cli_store_open_read(cmd, g, &st))) return rc;
  struct lister l = {st.st, 0, 1};
  int r = 0;
  for (; !r && !l.failed && l.dry >= 0; l.dry--) {
    if (!l.dry && !no_header) fputs("CUSTOMER\tTIER\tFLEET\tREPLACEMENT\tNAME\n", stdout);
    r = ssvc_agreement_list(st.st, print_agreement, &l);
  }
  return cli_store_close(&st, r || l.failed ? cli_fail(cmd, st.ctx) : CLI_OK);
}

int cmd_agreement(const struct cli_global *g, int argc, char **argv, int first) {
  static const struct cli_sub subs[] = {{"new", agreement_new},
                                        {"set", agreement_set},
                                        {"show", agreement_show},
                                        {"list", agreement_list}};
  return cli_dispatch("agreement", subs, sizeof subs / sizeof subs[0], g, argc, argv, first);
}
