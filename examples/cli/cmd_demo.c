/*
 * smartservice demo: a scripted Support Center day on the embedded SQLite default.
 *
 * Two customers call in on Tuesday 24 November 2026: Bygg AB on BAS with 120 phones and Konsult AB
 * on PROF with 400 phones and a SWAP stock sized by the 8% rule. Every call becomes a case: the
 * control questions are asked (scripted answers), handling errors are solved on the phone, faults
 * are referred to the workshop or get a phone from the SWAP stock with its delivery date (or a
 * backorder and a refill request when the model is out of stock), and questions outside the
 * customer's tier are refused. Faulty phones come back later in the week. doc/demo.md describes
 * the day and what it writes.
 *
 * The database is DIR/demo.db (made anew on every run), or the one given with --db (reused: the
 * day's cases are added to it).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cli_note.h"

/* A roster file being made (the demo's largest is 400 rows). */
typedef struct ssvc_buf_demo {
  char p[65536];
  size_t len;
} ssvc_buf_demo;

struct customer {
  const char *id, *name, *tier;
  uint32_t fleet;
  /* The buyer on its invoices: fictitious, but the numbers pass their checks. */
  const char *org_number, *vat_number, *street, *postal_code, *city, *buyer_reference;
};

static const struct customer customers[] = {
    {"BYGG", "Bygg AB", "BAS", 120, "559900-1236", "SE559900123601", "Byggvägen 3", "212 15",
     "Malmö", "Inköp Bygg"},
    {"KONSULT", "Konsult AB", "PROF", 400, "556123-4567", "SE556123456701", "Konsultgatan 8",
     "411 03", "Göteborg", "IT-avdelningen"},
};

struct call {
  const char *at;      /* Stockholm local time of the call */
  int customer;        /* index into customers[] */
  const char *user;    /* the caller */
  const char *model;   /* the phone */
  const char *imei14;  /* IMEI without its check digit */
  const char *symptom; /* symptom id of the built-in tree */
  const char *answers; /* the answers to the control questions, in order */
};

static const struct call calls[] = {
    {"2026-11-24T08:12", 0, "Anna Berg", "Fairphone 5", "35209900176148", "network",
     "no,no,yes,yes"},
    {"2026-11-24T08:40", 0, "Olle Lund", "Fairphone 5", "35209900176155", "sync", ""},
    {"2026-11-24T09:15", 0, "Sara Ek", "Fairphone 5", "35209900176163", "screen",
     "no,yes,no,no,no"},
    {"2026-11-24T10:05", 1, "Karin Holm", "iPhone 15", "35391811223344", "screen",
     "no,yes,no,yes"},
    {"2026-11-24T11:30", 1, "Erik Sjö", "iPhone 15", "35391811223351", "screen", "yes,yes"},
    {"2026-11-24T13:59", 1, "Maja Lind", "Galaxy S24", "35391811223369", "screen",
     "no,yes,no,no,yes"},
    {"2026-11-24T14:20", 1, "Nils Strand", "Galaxy S24", "35391811223377", "screen", "yes,yes"},
    {"2026-11-24T15:45", 1, "Lena Ek", "iPhone 15", "35391811223385", "sync", "yes,mail,yes"},
};

#define NCALLS (sizeof calls / sizeof calls[0])

/* The SWAP stock Konsult AB buys: 31 iPhone 15 and one Galaxy S24 (8% of 400 is 32). */
#define STOCK_IPHONES 31
#define STOCK_GALAXIES 1

struct demo {
  struct cli_store s;
  ssvc_catalog *catalog;
  ssvc_diag_tree *tree;
  ssvc_calendar *calendar;
  /* tallies for the summary */
  int solved, referred, swaps, backorders, refused, howto;
  char shipped_case[SSVC_CASE_ID_SIZE]; /* the first shipped case, whose phone comes back */
};

/* The IMEI of stock phone @p n: a fixed prefix, the number, and the check digit. */
static void stock_imei(char out[16], unsigned n) {
  char d14[15];
  snprintf(d14, sizeof d14, "35000000%06u", n);
  ssvc_imei_complete(out, d14);
}

/* Prints where the replacement phone is and when it arrives. */
static void describe_order(char *what, size_t size, const ssvc_order *o) {
  char dd[16], rd[16];
  ssvc_date_format(dd, sizeof dd, &o->delivery);
  ssvc_date_format(rd, sizeof rd, &o->return_deadline);
  snprintf(what, size, "definite fault: %s %s shipped, delivery %s, faulty phone due back %s",
           o->model, o->imei, dd, rd);
}

/* Case ids collected from a listing of orders. */
struct case_ids {
  char ids[8][SSVC_CASE_ID_SIZE];
  size_t n;
};

static int collect_order(void *user_data, const ssvc_order *o) {
  struct case_ids *l = user_data;
  if (l->n < 8) snprintf(l->ids[l->n++], SSVC_CASE_ID_SIZE, "%s", o->case_id);
  return 0;
}

/* Runs the control questions with the scripted answers; the session ends at an outcome. */
static int ask(struct demo *d, const ssvc_tier *tier, const struct call *c,
               ssvc_diag_session **out) {
  if (ssvc_diag_session_new(d->s.ctx, out, d->tree, tier, NULL, c->symptom)) return -1;
  char answers[128];
  snprintf(answers, sizeof answers, "%s", c->answers);
  char *save = NULL;
  for (char *a = strtok_r(answers, ",", &save); a && !ssvc_diag_session_done(*out);
       a = strtok_r(NULL, ",", &save))
    if (ssvc_diag_session_answer(*out, a)) return -1;
  if (!ssvc_diag_session_done(*out)) {
    fprintf(stderr, "smartservice demo: the script for %s at %s ends before an outcome\n",
            c->symptom, c->at);
    return CLI_FAIL;
  }
  return CLI_OK;
}

/* One call: a case from registration to what the diagnosis decides; prints its lines. Returns 0,
 * -1 when a library call failed (the context holds the message), or CLI_FAIL after printing. */
static int handle_call(struct demo *d, size_t n, const struct call *c) {
  ssvc_ctx *ctx = d->s.ctx;
  const struct customer *cu = &customers[c->customer];
  const ssvc_tier *tier;
  if (ssvc_instant_parse(ctx, &d->s.now, c->at) || ssvc_catalog_find(d->catalog, cu->tier, &tier))
    return -1;

  char imei[16], id[SSVC_CASE_ID_SIZE];
  ssvc_imei_complete(imei, c->imei14);
  ssvc_case_spec spec = SSVC_CASE_SPEC_INIT;
  spec.customer_id = cu->id;
  spec.user_name = c->user;
  spec.imei = imei;
  spec.model = c->model;
  spec.tier_code = cu->tier;
  spec.features = ssvc_tier_features(tier);
  spec.symptom = c->symptom;
  spec.actor = "agent-1";
  if (ssvc_case_create(d->s.st, id, &spec) ||
      ssvc_case_transition(d->s.st, id, SSVC_CASE_DIAGNOSING, "agent-1", NULL))
    return -1;

  ssvc_diag_session *session = NULL;
  char transcript[512], what[200];
  int rc = ask(d, tier, c, &session);
  if (rc) goto done;
  rc = -1;
  /* The library records the session on the case and does what the outcome says: closes a
   * handling error, refers a workshop case, reserves a phone of the SWAP stock (or backorders
   * it) for a definite fault on a tier with SWAP activation, closes a case out of scope. */
  ssvc_diag_session_transcript(session, transcript, sizeof transcript);
  ssvc_case_diag_result r = SSVC_CASE_DIAG_RESULT_INIT;
  ssvc_order order = SSVC_ORDER_INIT;
  if (ssvc_case_diagnose(d->s.st, &r, &order, id, d->tree, transcript, "agent-1",
                         SSVC_CASE_DIAGNOSE_APPLY))
    goto done;
  switch (r.action) {
  case SSVC_DIAG_ACTION_GUIDANCE:
    d->solved++;
    snprintf(what, sizeof what, "handling error, solved on the phone");
    break;
  case SSVC_DIAG_ACTION_WORKSHOP: {
    int count = 0;
    for (unsigned int reminders = r.reminders; reminders; reminders &= reminders - 1) count++;
    d->referred++;
    snprintf(what, sizeof what, "referred to the workshop (%d reminders sent)", count);
    break;
  }
  case SSVC_DIAG_ACTION_SWAP_OR_LOAN:
    if (order.state == SSVC_ORDER_BACKORDERED) {
      d->backorders++;
      snprintf(what, sizeof what, "definite fault: no %s in the SWAP stock, backordered",
               order.model);
      break;
    }
    if (ssvc_swap_ship(d->s.st, &order, id, "PostNord", NULL, "agent-1")) goto done;
    if (!d->shipped_case[0]) snprintf(d->shipped_case, sizeof d->shipped_case, "%s", id);
    d->swaps++;
    describe_order(what, sizeof what, &order);
    break;
  default:
    d->refused++;
    snprintf(what, sizeof what, "out of scope: %s is not in %s",
             ssvc_feature_name(r.missing_feature, SSVC_LANG_EN), cu->tier);
    break;
  }
  printf("[%zu/%zu] %s %s (%s) %s: %s\n        %s -> %s\n", n, NCALLS, c->at + 11, cu->name,
         cu->tier, id, c->symptom, c->user, what);
  rc = 0;
done:
  ssvc_diag_session_free(session);
  return rc;
}

/* The Support Center of the demo: a fictitious identity whose numbers pass every check. */
static int set_center(struct demo *d) {
  ssvc_party c = SSVC_PARTY_INIT;
  c.name = "Smartservice Support Center AB";
  c.org_number = "556677-8899";
  c.vat_number = "SE556677889901";
  c.street = "Supportvägen 1";
  c.postal_code = "111 22";
  c.city = "Stockholm";
  c.f_skatt = 1;
  c.bankgiro = "123-4566";
  c.contact_name = "Fakturaservice";
  c.contact_phone = "+46 8 123 45 60";
  c.contact_email = "faktura@smartservice.example";
  return ssvc_center_set(d->s.st, &c, "demo") ? -1 : 0;
}

/* The customers' agreements and Konsult AB's SWAP stock. With a reused database (--db) what is
 * there already is kept. Returns 0 or -1 (the context holds the message). */
static int setup(struct demo *d) {
  if (set_center(d)) return -1;
  for (size_t i = 0; i < sizeof customers / sizeof customers[0]; i++) {
    const struct customer *cu = &customers[i];
    ssvc_party buyer = SSVC_PARTY_INIT;
    buyer.name = cu->name;
    buyer.org_number = cu->org_number;
    buyer.vat_number = cu->vat_number;
    buyer.street = cu->street;
    buyer.postal_code = cu->postal_code;
    buyer.city = cu->city;
    ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
    a.customer_id = cu->id;
    a.customer_name = cu->name;
    a.tier_code = cu->tier;
    a.fleet = cu->fleet; /* swap (R4), repaired phones to the stock (R5), 8%, 14:00 */
    a.buyer = &buyer;
    a.buyer_reference = cu->buyer_reference;
    int rc = ssvc_agreement_create(d->s.st, &a, "demo");
    if (rc && rc != SSVC_EEXISTS) return -1;
  }
  /* The list prices, kept in the store from 1 January 2026 (the invoice run reads them, as
   * `smartservice price set` keeps them): the catalogue's prices of both tiers. */
  for (size_t i = 0; i < ssvc_catalog_count(d->catalog); i++) {
    const ssvc_tier *t = ssvc_catalog_at(d->catalog, i);
    ssvc_price p = SSVC_PRICE_INIT;
    p.tier = ssvc_tier_code(t);
    p.from = (ssvc_date){2026, 1, 1};
    p.amount_minor = ssvc_tier_price(t);
    if (ssvc_price_set(d->s.st, &p, "demo")) return -1;
  }
  unsigned received = 0;
  for (unsigned n = 0; n < STOCK_IPHONES + STOCK_GALAXIES; n++) {
    char imei[16];
    stock_imei(imei, n);
    int rc = ssvc_swap_receive(d->s.st, "KONSULT", imei,
                               n < STOCK_IPHONES ? "iPhone 15" : "Galaxy S24", "demo", NULL);
    if (rc && rc != SSVC_EEXISTS) return -1;
    received += rc == SSVC_OK;
  }
  printf("SWAP stock of Konsult AB: %u phones received (%d iPhone 15, %d Galaxy S24)\n", received,
         STOCK_IPHONES, STOCK_GALAXIES);
  return 0;
}

/* What the Support Center charges for a phone it sells for a SWAP stock (the demo's number). */
#define SWAP_PHONE_PRICE_MINOR INT64_C(899000)

struct refill {
  char model_names[64][SSVC_NAME_SIZE]; /* the advice's lines are borrowed: keep copies */
  const char *models[64];
  char imeis[64][16];
  const char *imei_ptrs[64];
  size_t count;
  unsigned next_imei;
};

/* One line of refill advice: the phones to buy, by model (the pool line buys the main model). */
static int collect_refill(void *user_data, const ssvc_refill_line *line) {
  struct refill *r = user_data;
  printf("        %-12s available %2u, level %2u, backorders %u: buy %u\n",
         line->model[0] ? line->model : "(any model)", line->available, line->target,
         line->backorders, line->recommended);
  for (uint32_t i = 0; i < line->recommended && r->count < 64; i++, r->count++) {
    snprintf(r->model_names[r->count], SSVC_NAME_SIZE, "%s",
             line->model[0] ? line->model : "iPhone 15");
    r->models[r->count] = r->model_names[r->count];
    stock_imei(r->imeis[r->count], r->next_imei++);
    r->imei_ptrs[r->count] = r->imeis[r->count];
  }
  return 0;
}

static int set_clock(struct demo *d, const char *at) {
  return ssvc_instant_parse(d->s.ctx, &d->s.now, at) ? -1 : 0;
}

/* Keeps the last case id of a listing in @p ud (SSVC_CASE_ID_SIZE bytes). */
static int last_case_id(void *ud, const char *id) {
  snprintf(ud, SSVC_CASE_ID_SIZE, "%s", id);
  return 0;
}

/* The workshop's cost estimate for the phone referred on Tuesday (the newest referred case): no
 * warranty end was recorded, so the repair is out of warranty (doc/charges.md "Warranty and cost
 * estimates"); the repair waits until Bygg AB accepts, and is billed on its own direct invoice in
 * December. Returns 0 or -1 (the context holds the message). */
static int workshop_estimate(struct demo *d) {
  ssvc_store *st = d->s.st;
  char id[SSVC_CASE_ID_SIZE] = "";
  if (ssvc_case_list_state(st, SSVC_CASE_REFERRED, last_case_id, id)) return -1;
  if (!*id) return 0;
  if (set_clock(d, "2026-11-25T11:00") ||
      ssvc_case_estimate(st, id, 145000, 29500, "new display", "workshop"))
    return -1;
  printf("Wed 11:00 %s: out of warranty; the workshop's cost estimate: 1450.00 SEK (a decline "
         "costs 295.00 SEK)\n",
         id);
  if (set_clock(d, "2026-11-26T09:30") ||
      ssvc_case_estimate_answer(st, id, 1, "Per Berg, Bygg AB", "agent-1") ||
      ssvc_case_transition(st, id, SSVC_CASE_IN_REPAIR, "workshop", NULL))
    return -1;
  printf("Thu 09:30 %s: Bygg AB accepts; the repair begins, billed directly in December\n", id);
  return 0;
}

/* The in-repair case ids of a listing, at most 4, in @p ud (struct in_repair). */
struct in_repair {
  char ids[4][SSVC_CASE_ID_SIZE];
  size_t n;
};

static int collect_in_repair(void *ud, const char *id) {
  struct in_repair *r = ud;
  if (r->n < 4) snprintf(r->ids[r->n++], SSVC_CASE_ID_SIZE, "%s", id);
  return 0;
}

/* The workshop (doc/workshop.md): a repair order to the service provider for each phone at the
 * workshop (the estimate case and the returned SWAP phone), back repaired on Friday; the quality
 * report shows the provider's turnaround and cost. Returns 0 or -1. */
static int workshop_orders(struct demo *d) {
  ssvc_store *st = d->s.st;
  struct in_repair r;
  memset(&r, 0, sizeof r);
  if (ssvc_case_list_state(st, SSVC_CASE_IN_REPAIR, collect_in_repair, &r)) return -1;
  for (size_t i = 0; i < r.n; i++) {
    ssvc_repair_spec s = SSVC_REPAIR_SPEC_INIT;
    ssvc_repair_order o;
    int64_t cost = i % 2 ? 85000 : 120000;
    s.case_id = r.ids[i];
    s.provider = "Mobilfix AB";
    s.actor = "agent-2";
    ssvc_repair_order_init(&o, SSVC_REPAIR_ORDER_VERSION);
    if (set_clock(d, "2026-11-26T10:05") || ssvc_repair_order_send(st, &s) ||
        set_clock(d, "2026-11-27T14:00") ||
        ssvc_repair_order_done(st, r.ids[i], SSVC_REPAIR_REPAIRED, cost, "agent-2") ||
        ssvc_repair_order_get(st, &o, r.ids[i]))
      return -1;
    char money[32];
    ssvc_money_format(money, sizeof money, cost, "SEK");
    printf("Thu 10:05 %s: repair order to Mobilfix AB; back repaired Fri 14:00, %s, %d working "
           "day%s\n", r.ids[i], money, o.turnaround_days, o.turnaround_days == 1 ? "" : "s");
  }
  return 0;
}

/* After the calls: the refill request for the backorder, the customer's approval, the
 * backordered phone shipped, and the faulty phones' return and repair later in the week. */
static int rest_of_week(struct demo *d) {
  ssvc_store *st = d->s.st;
  uint32_t number = 0, total = 0;
  struct refill r;
  memset(&r, 0, sizeof r);
  r.next_imei = 100;
  if (set_clock(d, "2026-11-24T16:30")) return -1;
  printf("\n16:30 refill advice for Konsult AB (anmodan):\n");
  if (ssvc_swap_advise(st, "KONSULT", &total, collect_refill, &r) ||
      ssvc_swap_refill_request(st, &number, &total, "KONSULT", "agent-1"))
    return -1;
  printf("        request #%u sent: %u phones\n", number, total);

  if (set_clock(d, "2026-11-25T09:00")) return -1;
  if (number && ssvc_swap_refill_decide(st, "KONSULT", number, 1, r.imei_ptrs, r.models, r.count,
                                        "Konsult AB"))
    return -1;
  printf("Wed 09:00 Konsult AB approves request #%u; %zu phones received\n", number, r.count);
  if (r.count) {
    /* The Support Center sold the phones: a SWAP purchase on the customer's account (R6, R8),
     * for December's invoice. */
    ssvc_charge c = SSVC_CHARGE_INIT;
    char text[64], money[32];
    snprintf(text, sizeof text, "SWAP-telefoner enligt anmodan #%u", number);
    c.kind = SSVC_CHARGE_SWAP_PURCHASE;
    c.text_sv = text;
    c.quantity = (int64_t)r.count;
    c.unit_price_minor = SWAP_PHONE_PRICE_MINOR;
    c.date = (ssvc_date){2026, 11, 25};
    if (ssvc_charges_record(st, NULL, "KONSULT", &c, "agent-1")) return -1;
    ssvc_money_format(money, sizeof money, c.unit_price_minor, "SEK");
    printf("          %zu x %s on Konsult AB's account (swap-purchase)\n", r.count, money);
  }

  /* The backorder was served first by the phones received: ship it now. */
  struct case_ids bl;
  memset(&bl, 0, sizeof bl);
  if (ssvc_swap_order_list(st, "KONSULT", SSVC_ORDER_RESERVED, collect_order, &bl)) return -1;
  for (size_t i = 0; i < bl.n; i++) {
    ssvc_order o = SSVC_ORDER_INIT;
    char what[200];
    if (ssvc_swap_ship(st, &o, bl.ids[i], "PostNord", NULL, "agent-1")) return -1;
    d->swaps++;
    d->backorders--;
    describe_order(what, sizeof what, &o);
    printf("Wed 09:05 %s (backorder served): %s\n", bl.ids[i], what);
  }

  if (workshop_estimate(d)) return -1;
  if (d->shipped_case[0]) {
    if (set_clock(d, "2026-11-26T10:00") ||
        ssvc_swap_faulty_returned(st, d->shipped_case, "agent-2"))
      return -1;
    printf("Thu 10:00 %s: the faulty phone is back, sent to the workshop\n", d->shipped_case);
    if (workshop_orders(d)) return -1;
    if (set_clock(d, "2026-11-27T15:00") || ssvc_swap_repaired(st, d->shipped_case, "workshop"))
      return -1;
    printf("Fri 15:00 %s: repaired; the phone joins the SWAP stock (R5), the case is closed\n",
           d->shipped_case);
  }
  return 0;
}

/* The end of the week: Bygg AB signs up for PROF from 16 December, so December is billed by the
 * day, BAS to the 15th and PROF from the 16th (doc/charges.md); and a user asks to be forgotten:
 * one call erases her everywhere (doc/erasure.md). Returns 0 or -1 (the context has the message). */
static int end_of_week(struct demo *d) {
  ssvc_store *st = d->s.st;
  ssvc_agreement *ag = NULL;
  int64_t from;
  if (set_clock(d, "2026-11-27T16:00") || ssvc_agreement_load(st, &ag, "BYGG") ||
      ssvc_instant_parse(d->s.ctx, &from, "2026-12-16T00:00")) {
    ssvc_agreement_free(ag);
    return -1;
  }
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  int rc = ssvc_agreement_spec_get(ag, &a);
  a.tier_code = "PROF";
  if (!rc) rc = ssvc_agreement_update_from(st, &a, ssvc_agreement_stored_version(ag), "agent-1",
                                           from);
  ssvc_agreement_free(ag);
  if (rc) return -1;
  printf("Fri 16:00 Bygg AB moves from BAS to PROF from 2026-12-16: December is billed by the day\n");
  ssvc_erase_key key = SSVC_ERASE_KEY_INIT;
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  key.name = "Olle Lund";
  if (set_clock(d, "2026-11-27T16:30") || ssvc_erase_user(st, &r, "BYGG", &key, "dpo")) return -1;
  printf("Fri 16:30 Olle Lund (Bygg AB) asks to be forgotten: erased from %zu case%s\n", r.cases,
         r.cases == 1 ? "" : "s");
  return 0;
}

/* A backup phone (reservtelefon) rented for Konsult AB's site on Friday: its rent is on the
 * December service invoice, in arrears, by the day (doc/backup-phones.md). 0 or -1. */
static int backup_rental(struct demo *d) {
  char imei[16];
  stock_imei(imei, 900);
  if (set_clock(d, "2026-11-27T16:45") ||
      ssvc_backup_phone_add(d->s.st, "KONSULT", imei, "Doro 6820", SSVC_BACKUP_RENTED, 0,
                            "agent-1"))
    return -1;
  printf("Fri 16:45 Konsult AB rents a backup phone (Doro 6820, %s) for its site: its rent is on "
         "December's service invoice, by the day\n", imei);
  return 0;
}

/* Konsult AB changes its SWAP stock's shape with one stock change order: two Galaxy S24 in (the
 * model that ran out on Tuesday), an iPhone 15 back to the customer, the Galaxy S24 its own level
 * of 2; approved as a refill
 * request is, and billed on a line of its own (doc/stock-orders.md). 0 or -1. */
static int stock_change(struct demo *d) {
  ssvc_stock_line l[4];
  for (int i = 0; i < 4; i++) ssvc_stock_line_init(&l[i], SSVC_STOCK_LINE_VERSION);
  for (int i = 0; i < 2; i++) {
    l[i].kind = SSVC_STOCK_ADD;
    stock_imei(l[i].imei, 200 + (unsigned)i);
    snprintf(l[i].model, sizeof l[i].model, "Galaxy S24");
  }
  l[2].kind = SSVC_STOCK_REMOVE;
  stock_imei(l[2].imei, 30);
  l[2].disposal = SSVC_STOCK_TO_CUSTOMER;
  l[3].kind = SSVC_STOCK_TARGET;
  snprintf(l[3].model, sizeof l[3].model, "Galaxy S24");
  l[3].target = 2;
  uint32_t number = 0;
  char money[32];
  ssvc_money_format(money, sizeof money, 150000, "SEK");
  if (set_clock(d, "2026-11-27T16:50") ||
      ssvc_stock_order_new(d->s.st, &number, "KONSULT", l, 4, 150000, "agent-1"))
    return -1;
  printf("Fri 16:50 stock change order #%u to Konsult AB: 2 Galaxy S24 in, iPhone 15 %s back to "
         "the customer, Galaxy S24 level 2; %s\n", number, l[2].imei, money);
  if (set_clock(d, "2026-11-27T16:55") ||
      ssvc_stock_order_decide(d->s.st, "KONSULT", number, 1, "Konsult AB"))
    return -1;
  printf("Fri 16:55 Konsult AB approves order #%u: the stock is changed, %s on December's service "
         "invoice (stock-change)\n", number, money);
  return 0;
}

/* A how-to call (doc/guidance.md): a Konsult AB user sets up her work mail on a new phone; the
 * guidance is recorded on the case, which is solved on the phone and closed. 0 or -1. */
static int howto_call(struct demo *d) {
  ssvc_store *st = d->s.st;
  ssvc_diag_tree *guide = NULL;
  char imei[16], id[SSVC_CASE_ID_SIZE];
  ssvc_imei_complete(imei, "35209900177104");
  ssvc_case_spec spec = SSVC_CASE_SPEC_INIT;
  spec.customer_id = "KONSULT";
  spec.user_name = "Karin Dahl";
  spec.imei = imei;
  spec.model = "iPhone 15";
  spec.tier_code = "PROF";
  spec.features = ssvc_tier_features(ssvc_catalog_at(d->catalog, 1));
  spec.symptom = "mail on the new phone";
  spec.actor = "agent-2";
  ssvc_case_guidance g = SSVC_CASE_GUIDANCE_INIT;
  int rc = set_clock(d, "2026-11-27T15:30") || ssvc_guide_tree_load_default(d->s.ctx, &guide) ||
           ssvc_case_create(st, id, &spec) ||
           ssvc_case_guide(st, &g, id, guide, "mail-account:g-mail-account-1=yes", "agent-2") ||
           ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "agent-2", NULL) ||
           ssvc_case_transition(st, id, SSVC_CASE_RESOLVED, "agent-2", "how-to: mail-account") ||
           ssvc_case_transition(st, id, SSVC_CASE_CLOSED, "agent-2", NULL);
  if (!rc) d->howto++;
  if (!rc)
    printf("Fri 15:30 %s: how-to call from Konsult AB: %s (%s), %s on the phone\n", id, g.topic,
           ssvc_feature_key(g.feature), ssvc_guide_result_key(g.result));
  ssvc_diag_tree_free(guide);
  return rc ? -1 : 0;
}

/* Writes one output file through @p write and prints its path; 0 or -1. */
static int wrote(const char *path, int rc) {
  if (rc) return -1;
  printf("  %s\n", path);
  return 0;
}

/* Writes an invoice or credit note as UBL (the e-invoice) and as text, printing the paths and
 * what it is (@p what). */
static int write_document(const char *dir, const ssvc_invoice *inv, const char *what) {
  char path[4096], money[32], *text = NULL;
  ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
  ssvc_invoice_get_totals(inv, &t);
  ssvc_money_format(money, sizeof money, t.payable, "SEK");
  snprintf(path, sizeof path, "%s/%s.xml", dir, ssvc_invoice_number(inv));
  int rc = ssvc_invoice_ubl_file(inv, path) ? -1 : 0;
  if (!rc)
    printf("  %s  %s, %s %s\n", path, what, money,
           ssvc_invoice_is_credit_note(inv) ? "credited" : "to pay");
  size_t n = ssvc_invoice_text(inv, SSVC_LANG_SV, NULL, 0);
  snprintf(path, sizeof path, "%s/%s.txt", dir, ssvc_invoice_number(inv));
  FILE *f = NULL;
  if (!rc && (!(text = malloc(n + 1)) || !(f = fopen(path, "w")))) {
    fprintf(stderr, "smartservice demo: cannot write %s\n", path);
    rc = CLI_FAIL;
  }
  if (!rc) {
    ssvc_invoice_text(inv, SSVC_LANG_SV, text, n + 1);
    fputs(text, f);
    rc = fclose(f) ? CLI_FAIL : 0;
    f = NULL;
    if (!rc) printf("  %s\n", path);
  }
  if (f) fclose(f);
  free(text);
  return rc;
}

/* Runs one customer's invoice for a month and writes it; the service invoice's number goes to
 * @p number (NULL: not wanted; "" when there is none). */
static int write_invoice(struct demo *d, const char *dir, const char *customer, int year,
                         int month, char number[32]) {
  /* The stored Support Center sells; the agreement's buyer buys. */
  ssvc_invoice_run_spec spec = SSVC_INVOICE_RUN_SPEC_INIT;
  spec.customer_id = customer;
  spec.year = year;
  spec.month = month;
  /* spec.pricelist NULL: the prices kept in the store (setup()) */
  ssvc_invoice *inv[2] = {NULL, NULL};
  if (ssvc_invoice_run(d->s.st, &inv[0], &inv[1], &spec)) return -1;
  if (number) snprintf(number, 32, "%s", inv[0] ? ssvc_invoice_number(inv[0]) : "");
  int rc = 0;
  char what[96];
  snprintf(what, sizeof what, "%s %04d-%02d", customer, year, month);
  for (int k = 0; k < 2 && !rc; k++)
    if (inv[k]) rc = write_document(dir, inv[k], what);
  ssvc_invoice_free(inv[0]);
  ssvc_invoice_free(inv[1]);
  return rc;
}

/* The Support Center grants Konsult AB the packaging of November's three SWAP shipments as
 * goodwill: a credit note of those lines (3, 5 and 7: one packaging line per case) of its
 * December invoice (doc/demo.md). */
static int write_credit_note(struct demo *d, const char *dir, const char *number) {
  ssvc_invoice *cn = NULL;
  ssvc_credit_spec spec = SSVC_CREDIT_SPEC_INIT;
  static const size_t lines[] = {3, 5, 7};
  spec.invoice_number = number;
  spec.lines = lines;
  spec.line_count = sizeof lines / sizeof lines[0];
  spec.reason = "Goodwill: emballaget för novembers försändelser";
  if (set_clock(d, "2026-12-02T10:00") || ssvc_credit_note_issue(d->s.st, &cn, &spec)) return -1;
  char what[96];
  snprintf(what, sizeof what, "credit note of %s lines 3, 5, 7", number);
  int rc = write_document(dir, cn, what);
  ssvc_invoice_free(cn);
  return rc;
}

/* ---- The year before (issue 18): history for the quality reports' 12-month trend. ---- */

/* The IMEI of the history's phone @p n (users' phones and the Fairphone 4 units of its swaps). */
static void history_imei(char out[16], unsigned n) {
  char d14[15];
  snprintf(d14, sizeof d14, "35100000%06u", n);
  ssvc_imei_complete(out, d14);
}

/* Moves the clock to Stockholm day @p day of month @p m, year @p y, at @p hour:@p minute. */
static int history_clock(struct demo *d, int y, int m, int day, int hour, int minute) {
  ssvc_date date = {y, m, day};
  return ssvc_stockholm_to_instant(d->s.ctx, &d->s.now, &date, hour, minute, 0) ? -1 : 0;
}

/* One case of the history: solved on the phone, sent to the workshop, or (Konsult AB, whose tier
 * has SWAP) a swap: shipped the same day (on time) or two days late, the faulty phone back and
 * repaired into the stock, or (the last two months) not back. Returns 0 or -1. */
static int history_case(struct demo *d, int customer, int y, int m, int j, unsigned *imeis) {
  const struct customer *cu = &customers[customer];
  static const char *const users[] = {"Test Användare", "Demo Person", "Prov Kund"};
  static const char *const symptoms[] = {"screen", "network", "battery", "sync"};
  char imei[16], id[SSVC_CASE_ID_SIZE];
  ssvc_store *st = d->s.st;
  int day = 2 + j * 3 % 25, kind = customer == 1 ? j % 3 : (j % 2) * 2; /* 0 phone, 1 swap, 2 shop */
  int model_swap = kind == 1;
  history_imei(imei, (*imeis)++);
  ssvc_case_spec spec = SSVC_CASE_SPEC_INIT;
  spec.customer_id = cu->id;
  spec.user_name = users[j % 3];
  spec.imei = imei;
  spec.model = model_swap ? "Fairphone 4" : customer ? "iPhone 15" : "Fairphone 5";
  spec.symptom = symptoms[j % 4];
  spec.actor = "agent-1";
  spec.flags |= SSVC_CASE_SECOND_OPEN;
  if (history_clock(d, y, m, day, 9, 10 + j) || ssvc_case_create(st, id, &spec) ||
      ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "agent-1", NULL))
    return -1;
  if (kind == 0) {
    return ssvc_case_set_diagnosis(st, id, SSVC_CASE_OUTCOME_HANDLING_ERROR, "demo", "agent-1") ||
           ssvc_case_transition(st, id, SSVC_CASE_RESOLVED, "agent-1", NULL) ||
           history_clock(d, y, m, day, 9, 40 + j) ||
           ssvc_case_transition(st, id, SSVC_CASE_CLOSED, "agent-1", NULL) ? -1 : 0;
  }
  if (kind == 2) {
    return ssvc_case_set_diagnosis(st, id, SSVC_CASE_OUTCOME_WORKSHOP, "demo", "agent-1") ||
           ssvc_case_transition(st, id, SSVC_CASE_REFERRED, "agent-1", NULL) ||
           history_clock(d, y, m, day + 3, 15, 0) ||
           ssvc_case_transition(st, id, SSVC_CASE_CLOSED, "agent-1", NULL) ? -1 : 0;
  }
  /* A swap: a Fairphone 4 of the stock (the repaired ones go back to it; one is bought when there
   * is none, and serves the backorder), shipped the same day or, in one case of three, two days
   * late. */
  char unit[16];
  ssvc_order order = SSVC_ORDER_INIT;
  int late = (m + j) % 3 == 0, back = !(y == 2026 && m >= 9);
  if (ssvc_case_set_diagnosis(st, id, SSVC_CASE_OUTCOME_DEFINITE_FAULT, "demo", "agent-1") ||
      ssvc_swap_reserve(st, &order, id, NULL, "agent-1"))
    return -1;
  history_imei(unit, (*imeis)++);
  if (order.state == SSVC_ORDER_BACKORDERED &&
      ssvc_swap_receive(st, cu->id, unit, "Fairphone 4", "demo", NULL))
    return -1;
  if (history_clock(d, y, m, day + (late ? 2 : 0), 11, 0) ||
      ssvc_swap_ship(st, NULL, id, "PostNord", NULL, "agent-1"))
    return -1;
  if (!back) return 0;
  return history_clock(d, y, m, day + 4, 10, 0) ||
         ssvc_swap_faulty_returned(st, id, "agent-1") ||
         history_clock(d, y, m, day + 6, 10, 0) || ssvc_swap_repaired(st, id, "workshop") ? -1 : 0;
}

/* The 12 months before November 2026: a few cases a month for each customer (124 in all). */
static int seed_history(struct demo *d) {
  int64_t now = d->s.now;
  unsigned imeis = 0;
  size_t count = 0;
  for (int k = 0; k < 12; k++) {
    int y = k < 2 ? 2025 : 2026, m = k < 2 ? 11 + k : k - 1;
    for (int i = 0; i < 2; i++) {
      int n = i ? 5 + (k * 7) % 5 : 2 + (k * 5) % 4;
      for (int j = 0; j < n; j++, count++)
        if (history_case(d, i, y, m, j, &imeis)) return -1;
    }
  }
  d->s.now = now;
  printf("\nHistory for the quality reports: %zu cases from November 2025 to October 2026\n", count);
  return 0;
}

/* The month's outputs in @p dir: the invoices of November and December (whose freight and
 * packaging are November's, in arrears), every customer's quality report (HTML, XML, CSV) for
 * November, and the case records as XML. */
static int write_outputs(struct demo *d, const char *dir) {
  char path[4096];
  printf("\nInvoices (UBL 2.1 / Peppol BIS 3.0 e-invoices and text):\n");
  int rc = 0;
  char konsult_december[32] = "";
  for (size_t i = 0; i < sizeof customers / sizeof customers[0] && !rc; i++) {
    if (set_clock(d, "2026-11-30T17:00") ||
        write_invoice(d, dir, customers[i].id, 2026, 11, NULL) ||
        set_clock(d, "2026-12-01T08:00") ||
        write_invoice(d, dir, customers[i].id, 2026, 12, i == 1 ? konsult_december : NULL))
      rc = -1;
  }
  if (!rc && konsult_december[0]) rc = write_credit_note(d, dir, konsult_december);
  if (rc) return rc;
  /* The history behind the reports' trend comes after the invoices: its freight is not theirs. */
  if (seed_history(d)) return -1;
  static const struct {
    int format;
    const char *ext;
  } formats[] = {{SSVC_REPORT_HTML, "html"}, {SSVC_REPORT_XML, "xml"}, {SSVC_REPORT_CSV, "csv"}};
  printf("Quality reports for November and the case records:\n");
  for (size_t i = 0; i < sizeof customers / sizeof customers[0]; i++) {
    for (int lang = SSVC_LANG_SV; lang <= SSVC_LANG_EN; lang++) {
      ssvc_report_options o = SSVC_REPORT_OPTIONS_INIT;
      o.customer_id = customers[i].id;
      o.from = (ssvc_date){2026, 11, 1};
      o.to = (ssvc_date){2026, 11, 30};
      o.calendar = d->calendar;
      o.lang = lang; /* supplier_name NULL: the stored Support Center's name */
      ssvc_report *report;
      if (ssvc_report_new(d->s.st, &report, &o)) return -1;
      /* The HTML page in Swedish and English; the XML and CSV (no words) once. */
      for (size_t f = 0; f < (lang == SSVC_LANG_EN ? 1 : 3); f++) {
        if (formats[f].format == SSVC_REPORT_HTML)
          snprintf(path, sizeof path, "%s/report-%s-%s.html", dir, customers[i].id,
                   lang == SSVC_LANG_EN ? "en" : "sv");
        else
          snprintf(path, sizeof path, "%s/report-%s.%s", dir, customers[i].id, formats[f].ext);
        if (wrote(path, ssvc_report_write_file(report, formats[f].format, path))) {
          ssvc_report_free(report);
          return -1;
        }
      }
      ssvc_report_free(report);
    }
  }
  size_t count;
  snprintf(path, sizeof path, "%s/cases.xml", dir);
  return wrote(path, ssvc_xml_export_file(d->s.st, &count, path, NULL));
}

/* The service note and the return label (HTML and PDF) of every swap case of the day, for the
 * user to print and send with the faulty phone (doc/documents.md); the history's cases of the
 * months before are not the day's. */
struct swap_ids {
  int64_t since; /* the day's first instant */
  char id[16][SSVC_CASE_ID_SIZE];
  size_t n;
  int full;
};

static int collect_swap(void *user_data, const ssvc_order *order) {
  struct swap_ids *s = user_data;
  if (order->shipped_at < s->since) return 0;
  if (s->n == sizeof s->id / sizeof s->id[0]) {
    s->full = 1;
    return 1;
  }
  snprintf(s->id[s->n++], SSVC_CASE_ID_SIZE, "%s", order->case_id);
  return 0;
}

static int write_swap_docs(struct demo *d, const char *dir) {
  struct swap_ids s = {.n = 0};
  ssvc_date day = {2026, 11, 24};
  if (ssvc_stockholm_to_instant(d->s.ctx, &s.since, &day, 0, 0, 0) ||
      ssvc_swap_order_list(d->s.st, NULL, 0, collect_swap, &s))
    return -1;
  if (s.full) {
    fprintf(stderr, "smartservice demo: more than %zu swap cases on the day\n", s.n);
    return -1;
  }
  printf("Service notes and return labels of the day's swap cases:\n");
  for (size_t i = 0; i < s.n; i++)
    if (cli_write_case_docs(d->s.st, dir, s.id[i])) return CLI_FAIL;
  return 0;
}

/* Removes a database file and its WAL companions, so that the day starts from an empty store. */
/* ---- The rosters (issue 21, doc/roster.md): who is covered. ---- */

static const char *const first_names[] = {"Anna", "Erik", "Maria", "Lars", "Karin", "Johan",
                                          "Eva",  "Per",  "Sara",  "Nils", "Lena",  "Karl",
                                          "Ida",  "Emil", "Maja",  "Oskar"};
static const char *const last_names[] = {"Berg",  "Holm",   "Strand", "Ek",     "Lind",  "Dahl",
                                         "Falk",  "Wall",   "Blom",   "Nyberg", "Sandin", "Hed",
                                         "Forss", "Lindqvist", "Moberg", "Norén"};

/* The CSV a customer exports from its asset register: one row per phone of its fleet, the day's
 * callers among them (but not the user erased at the end of the week), semicolons, Swedish
 * headers, an inventory number the roster ignores. */
static void roster_csv(ssvc_buf_demo *b, size_t ci) {
  const struct customer *cu = &customers[ci];
  int n = snprintf(b->p, sizeof b->p, "Inventarienr;IMEI;Namn;Mobil;E-post;Modell;Inköpsdatum;"
                   "Garanti\n");
  for (uint32_t i = 0; i < cu->fleet; i++) {
    char imei[16], d14[15], name[64], user[64];
    const char *model = ci == 0 ? "Fairphone 5" : i % 10 == 9 ? "Galaxy S24" : "iPhone 15";
    if (ci == 1 && (i == 100 || i == 200)) model = "Fairphone 4"; /* two stragglers */
    snprintf(d14, sizeof d14, "352%02u77%07u", (unsigned)ci % 100u, (unsigned)i % 10000000u);
    snprintf(name, sizeof name, "%s %s", first_names[i % 16], last_names[(i / 16 + i) % 16]);
    const char *who = name;
    /* The day's callers (Olle Lund, erased on Friday, no longer) are on the roster. */
    for (size_t c = 0; c < NCALLS; c++)
      if (calls[c].customer == (int)ci && strcmp(calls[c].user, "Olle Lund") != 0 &&
          i == (uint32_t)c) {
        snprintf(d14, sizeof d14, "%s", calls[c].imei14);
        model = calls[c].model;
        who = calls[c].user;
      }
    ssvc_imei_complete(imei, d14);
    snprintf(user, sizeof user, "%s", who);
    /* The mail name in ASCII: "Erik Sjö" -> erik.sjo, "Norén" -> noren. */
    char clean[48];
    size_t k = 0;
    for (const unsigned char *q = (const unsigned char *)who; *q && k + 1 < sizeof clean; q++) {
      if (*q == 0xC3 && q[1]) {
        unsigned char t = *++q;
        clean[k++] = t == 0xB6 || t == 0x96 ? 'o' : t == 0xA9 || t == 0x89 ? 'e' : 'a';
      } else {
        clean[k++] = *q == ' ' ? '.' : (*q >= 'A' && *q <= 'Z') ? (char)(*q - 'A' + 'a')
                                                                 : (char)*q;
      }
    }
    clean[k] = '\0';
    n += snprintf(b->p + n, sizeof b->p - (size_t)n,
                  "%s-%04u;%s;%s;070-%03u %02u %02u;%s%u@%s.se;%s;2025-%02u-15;2027-%02u-14\n",
                  ci ? "K" : "B", (unsigned)i, imei, user, 100 + (unsigned)ci * 400 + i / 100 % 900,
                  (unsigned)(i / 10 % 10 * 10 + ci), (unsigned)(i % 100), clean, (unsigned)i,
                  ci ? "konsult" : "bygg", model, 1 + i % 12, 1 + i % 12);
  }
  b->len = (size_t)n;
}

/* Each customer's roster imported from its asset register (a dry run first), the policies set
 * (Bygg AB flags, Konsult AB refuses a caller who is not covered), one caller not on the roster,
 * and the few-models advice of Konsult AB's stock. The fleets keep their counts: the registers
 * list every phone. */
static int rosters(struct demo *d, const char *dir) {
  static const int policies[] = {SSVC_ROSTER_POLICY_FLAG, SSVC_ROSTER_POLICY_REFUSE};
  ssvc_ctx *ctx = d->s.ctx;
  if (set_clock(d, "2026-11-30T09:00")) return -1;
  printf("\nRosters on Monday 30 November (doc/roster.md):\n");
  static ssvc_buf_demo b;
  for (size_t i = 0; i < sizeof customers / sizeof customers[0]; i++) {
    char path[4096];
    roster_csv(&b, i);
    snprintf(path, sizeof path, "%s/roster-%s.csv", dir, customers[i].id);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b.p, 1, b.len, f) != b.len || fclose(f)) {
      fprintf(stderr, "smartservice demo: cannot write %s\n", path);
      return 1;
    }
    ssvc_roster_import_result r = SSVC_ROSTER_IMPORT_RESULT_INIT;
    const char *base = strrchr(path, '/') + 1;
    if (ssvc_roster_import(d->s.st, customers[i].id, b.p, b.len, base,
                           SSVC_ROSTER_IMPORT_DRY_RUN | SSVC_ROSTER_IMPORT_REPLACE, &r, "demo"))
      return -1;
    printf("  %-10s %s: dry run: %u rows, %u to add\n", customers[i].name, base,
           (unsigned)r.rows, (unsigned)r.added);
    if (ssvc_roster_import(d->s.st, customers[i].id, b.p, b.len, base,
                           SSVC_ROSTER_IMPORT_REPLACE, &r, "demo"))
      return -1;
    ssvc_agreement *a = NULL;
    ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
    if (ssvc_agreement_load(d->s.st, &a, customers[i].id)) return -1;
    ssvc_agreement_spec_get(a, &s);
    s.roster_policy = policies[i];
    int rc = ssvc_agreement_update(d->s.st, &s, 0, "demo");
    ssvc_agreement_free(a);
    if (rc || ssvc_agreement_load(d->s.st, &a, customers[i].id)) return -1;
    ssvc_agreement_spec_get(a, &s);
    printf("  %-10s imported %u phones; roster policy %s, fleet %u (the roster's count)\n",
           customers[i].name, (unsigned)r.added, ssvc_roster_policy_name(s.roster_policy),
           (unsigned)s.fleet);
    ssvc_agreement_free(a);
  }
  /* A caller not on Konsult AB's roster: refused, as its agreement says. */
  static const char stranger_at[] = "2026-11-30T09:10", covered_at[] = "2026-11-30T09:25";
  if (set_clock(d, stranger_at)) return -1;
  char imei[16], id[SSVC_CASE_ID_SIZE];
  ssvc_imei_complete(imei, "35391899999990");
  ssvc_case_spec spec = SSVC_CASE_SPEC_INIT;
  spec.customer_id = "KONSULT";
  spec.user_name = "Viktor Gäst";
  spec.user_phone = "070-999 88 77";
  spec.imei = imei;
  spec.model = "Pixel 8";
  spec.symptom = "screen";
  spec.actor = "agent-1";
  int rc = ssvc_case_create(d->s.st, id, &spec);
  if (rc != SSVC_ENOTENTITLED) return -1;
  printf("  %s Konsult AB, Viktor Gäst (070-999 88 77): not on the roster, refused (roster "
         "policy refuse)\n", stranger_at + 11);
  ssvc_ctx_clear_error(ctx);
  /* A caller on Bygg AB's roster, found by IMEI: the case is filled from the roster. */
  if (set_clock(d, covered_at)) return -1;
  spec = (ssvc_case_spec)SSVC_CASE_SPEC_INIT;
  spec.customer_id = "BYGG";
  ssvc_imei_complete(imei, "35200770000003"); /* row 3 of Bygg AB's register */
  spec.imei = imei;
  spec.symptom = "battery";
  spec.actor = "agent-1";
  ssvc_case *c = NULL;
  ssvc_case_info info;
  memset(&info, 0, sizeof info);
  info.version = SSVC_CASE_INFO_VERSION;
  if (ssvc_case_create(d->s.st, id, &spec) || ssvc_case_load(d->s.st, &c, id) ||
      ssvc_case_info_get(c, &info)) {
    ssvc_case_free(c);
    return -1;
  }
  printf("  %s Bygg AB %s: %s, %s, found on the roster by IMEI (%s)\n", covered_at + 11, id,
         info.user_name, info.model, ssvc_roster_coverage_name(ssvc_case_roster_coverage(c)));
  ssvc_case_free(c);
  ssvc_model_advice m = SSVC_MODEL_ADVICE_INIT;
  char text[512];
  if (ssvc_models_advise(d->s.st, "KONSULT", &m, NULL, NULL)) return -1;
  ssvc_model_advice_text(&m, SSVC_LANG_EN, text, sizeof text);
  printf("  Konsult AB, few models: %s\n", text);
  return 0;
}

static int remove_db(const char *path) {
  const char *suffixes[] = {"", "-wal", "-shm"};
  char name[4096];
  for (size_t i = 0; i < 3; i++) {
    snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
    if (unlink(name) != 0 && errno != ENOENT) {
      fprintf(stderr, "smartservice demo: cannot remove %s: %s\n", name, strerror(errno));
      return -1;
    }
  }
  return 0;
}

int cmd_demo(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "demo";
  const char *out_dir = "demo-out", *db = NULL;
  char *pos[1];
  int npos;
  const struct cli_opt opts[] = {
      {"out", &out_dir, NULL, "DIR", "demo-out", "the directory for the day's documents"},
      {"db", &db, NULL, "FILE", NULL, "keep the day's database in FILE (default: in DIR)"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!db && g->db_source == CLI_FROM_LINE) db = g->db; /* never SMARTSERVICE_DB: the demo makes its own */

  if (mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "smartservice demo: cannot create %s: %s\n", out_dir, strerror(errno));
    return CLI_FAIL;
  }
  char own_db[4096];
  if (!db) {
    snprintf(own_db, sizeof own_db, "%s/demo.db", out_dir);
    if (remove_db(own_db)) return CLI_FAIL;
    db = own_db;
  }

  /* The day runs on a fixed clock that each call moves forward. */
  struct cli_global dg = *g;
  dg.db = db;
  struct demo d;
  memset(&d, 0, sizeof d);
  /* 2026-11-24T07:00:00+01:00, before the first call */
  if ((rc = cli_store_open_at(cmd, &dg, &d.s, 1795507200))) return rc;
  ssvc_ctx *ctx = d.s.ctx;
  rc = CLI_FAIL;
  if (ssvc_catalog_new(ctx, &d.catalog) || ssvc_diag_tree_load_default(ctx, &d.tree) ||
      ssvc_calendar_new(ctx, &d.calendar, NULL))
    goto fail;

  printf("Smartservice demo: a Support Center day, libsmartservice %s\n", ssvc_version());
  printf("Database: %s\n\nCustomers:\n", db);
  for (size_t i = 0; i < sizeof customers / sizeof customers[0]; i++) {
    const ssvc_tier *t;
    char price[32];
    uint32_t spares = 0;
    if (ssvc_catalog_find(d.catalog, customers[i].tier, &t)) goto fail;
    ssvc_money_format(price, sizeof price, ssvc_tier_price(t) * (int64_t)customers[i].fleet,
                      ssvc_tier_currency(t));
    printf("  %-10s %-4s %4u phones, %s a month", customers[i].name, customers[i].tier,
           customers[i].fleet, price);
    if (ssvc_tier_has(t, SSVC_FEATURE_SWAP_ACTIVATION)) {
      if (ssvc_swap_size_rule(ctx, &spares, customers[i].fleet, SSVC_SWAP_DEFAULT_BASIS_POINTS))
        goto fail;
      printf(", SWAP stock of %u phones (8%% rule)", spares);
    }
    printf("\n");
  }

  if (setup(&d)) goto fail;

  printf("\nCalls on Tuesday 24 November 2026 (cut-off 14:00):\n");
  for (size_t i = 0; i < NCALLS; i++) {
    rc = handle_call(&d, i + 1, &calls[i]);
    if (rc < 0) goto fail;
    if (rc) goto done;
  }
  if (rest_of_week(&d) || howto_call(&d) || end_of_week(&d)) goto fail;
  if (backup_rental(&d)) goto fail;
  if (stock_change(&d)) goto fail;
  if (write_outputs(&d, out_dir)) goto fail;
  if ((rc = write_swap_docs(&d, out_dir)) < 0) goto fail;
  if (rc) goto done;
  if ((rc = rosters(&d, out_dir)) < 0) goto fail;
  if (rc) goto done;

  printf("\nSummary: %zu calls: %d solved on the phone, %d referred to the workshop, %d SWAP "
         "phones shipped, %d backordered, %d out of scope; %d how-to %s.\n",
         NCALLS, d.solved, d.referred, d.swaps, d.backorders, d.refused, d.howto,
         d.howto == 1 ? "call" : "calls");
  printf("Database: %s\n", db);
  rc = CLI_OK;
  goto done;
fail:
  rc = cli_fail(cmd, ctx);
done:
  ssvc_calendar_free(d.calendar);
  ssvc_diag_tree_free(d.tree);
  ssvc_catalog_free(d.catalog);
  return cli_store_close(&d.s, rc);
}
