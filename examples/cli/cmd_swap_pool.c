/*
 * smartservice --db FILE swap receive|list|reserve|ship|return|repaired|loan-returned|cancel|
 * retire|order|advise|overdue|request|approve|decline|change: the customer's SWAP stock and the
 * swap or loan of a case (rules R4-R6); `swap change` (stock change orders) is
 * cmd_swap_change.c's. `swap-size` (cmd_swap.c) sizes a stock without a database. Formats:
 * doc/cli.md.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

static void print_order(const ssvc_order *o) {
  printf("%s\t%s\t%s", o->case_id, ssvc_order_state_name(o->state), or_dash(o->imei));
  if (o->delivery.year) {
    char d[16], r[16];
    ssvc_date_format(d, sizeof d, &o->delivery);
    ssvc_date_format(r, sizeof r, &o->return_deadline);
    printf("\t%s\t%s", d, r);
  }
  putchar('\n');
}

static int advice_line(void *ud, const ssvc_refill_line *l) {
  (void)ud;
  if (l->recommended)
    fprintf(stderr, "  %s: buy %u (%u available, level %u, %u backordered)\n",
            *l->model ? l->model : "any model", (unsigned)l->recommended, (unsigned)l->available,
            (unsigned)l->target, (unsigned)l->backorders);
  return 0;
}

/* After a reserve that found no phone: what happens next, and the customer's refill advice, on
 * stderr (the stdout line stays the contract). */
static void explain_backorder(const char *cmd, struct cli_store *s, const ssvc_order *o) {
  fprintf(stderr,
          "smartservice %s: %s: no %s phone in %s's SWAP stock: the order is backordered and is "
          "served first when stock arrives (swap receive, or swap approve of a refill request)\n",
          cmd, o->case_id, o->model, o->customer_id);
  uint32_t total = 0;
  if (ssvc_swap_advise(s->st, o->customer_id, &total, NULL, NULL)) return;
  fprintf(stderr, "refill advice for %s: buy %u phone%s%s\n", o->customer_id, (unsigned)total,
          total == 1 ? "" : "s", total ? ":" : "");
  ssvc_swap_advise(s->st, o->customer_id, NULL, advice_line, NULL);
  fprintf(stderr, "(send it with: smartservice swap request --customer %s)\n", o->customer_id);
}

/* The subcommands that take one case id and an optional --actor. */
static int case_step(const struct cli_global *g, int argc, char **argv, int first,
                     const char *cmd, int which) {
  const char *actor = g->actor, *model = NULL, *carrier = NULL, *tracking = NULL;
  const struct cli_opt reserve_opts[] = {
      {"model", &model, NULL, "MODEL", NULL, "the phone model"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  const struct cli_opt ship_opts[] = {
      {"carrier", &carrier, NULL, "CARRIER", NULL, "the carrier of the shipment"},
      {"tracking", &tracking, NULL, "ID", NULL, "the shipment's tracking number"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  const struct cli_opt plain_opts[] = {
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  const struct cli_opt *opts = which == 0 ? reserve_opts : which == 1 ? ship_opts : plain_opts;
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected a case id, e.g. SC-2026-000001");
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_order o = SSVC_ORDER_INIT;
  int r;
  switch (which) {
  case 0: r = ssvc_swap_reserve(s.st, &o, pos[0], model, actor); break;
  case 1: r = ssvc_swap_ship(s.st, &o, pos[0], carrier, tracking, actor); break;
  case 2: r = ssvc_swap_faulty_returned(s.st, pos[0], actor); break;
  case 3: r = ssvc_swap_repaired(s.st, pos[0], actor); break;
  case 4: r = ssvc_swap_loan_returned(s.st, pos[0], actor); break;
  case 5: r = ssvc_swap_cancel(s.st, pos[0], actor); break;
  default: r = SSVC_OK; break; /* order: just show it */
  }
  if (!r && which >= 2) r = ssvc_swap_order_get(s.st, &o, pos[0]);
  if (r) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  print_order(&o);
  if (which == 0 && o.state == SSVC_ORDER_BACKORDERED) explain_backorder(cmd, &s, &o);
  return cli_store_close(&s, CLI_OK);
}

static int swap_reserve(const struct cli_global *g, int argc, char **argv, int first) {
  return case_step(g, argc, argv, first, "swap reserve", 0);
}
static int swap_ship(const struct cli_global *g, int argc, char **argv, int first) {
  return case_step(g, argc, argv, first, "swap ship", 1);
}
static int swap_return(const struct cli_global *g, int argc, char **argv, int first) {
  return case_step(g, argc, argv, first, "swap return", 2);
}
static int swap_repaired(const struct cli_global *g, int argc, char **argv, int first) {
  return case_step(g, argc, argv, first, "swap repaired", 3);
}
static int swap_loan_returned(const struct cli_global *g, int argc, char **argv, int first) {
  return case_step(g, argc, argv, first, "swap loan-returned", 4);
}
static int swap_cancel(const struct cli_global *g, int argc, char **argv, int first) {
  return case_step(g, argc, argv, first, "swap cancel", 5);
}
static int swap_order(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "swap order";
  const struct cli_opt opts[] = {{0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected a case id, e.g. SC-2026-000001");
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_order o = SSVC_ORDER_INIT;
  if (ssvc_swap_order_get(s.st, &o, pos[0])) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  char d[16];
  printf("case:         %s\n", o.case_id);
  printf("customer:     %s\n", o.customer_id);
  printf("state:        %s\n", ssvc_order_state_name(o.state));
  printf("kind:         %s, repaired phone to %s\n", ssvc_replacement_name(o.replacement),
         ssvc_repaired_to_name(o.repaired_to));
  printf("model:        %s\n", o.model);
  printf("unit:         %s\n", or_dash(o.imei));
  printf("faulty phone: %s\n", or_dash(o.user_imei));
  ssvc_date_format(d, sizeof d, &o.delivery);
  printf("delivery:     %s\n", or_dash(d));
  ssvc_date_format(d, sizeof d, &o.return_deadline);
  printf("return by:    %s%s\n", or_dash(d), o.overdue ? " (overdue)" : "");
  return cli_store_close(&s, CLI_OK);
}

static int swap_receive(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "swap receive";
  const char *customer = NULL, *imei = NULL, *model = NULL, *actor = g->actor;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose stock it is"},
      {"imei", &imei, NULL, "IMEI[,IMEI...]", NULL, "the phones' IMEIs"},
      {"model", &model, NULL, "MODEL", NULL, "the phone model"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", customer, "imei", imei, "model", model,
                        (const char *)NULL)))
    return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  /* One IMEI or several, comma-separated (a delivery of phones). */
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", imei);
  /* The lines are held until the transaction commits: a phone is printed only once stored. */
  char *held = NULL;
  size_t held_len = 0;
  FILE *out = open_memstream(&held, &held_len);
  if (!out) {
    fprintf(stderr, "smartservice %s: out of memory\n", cmd);
    return cli_store_close(&s, CLI_FAIL);
  }
  rc = ssvc_store_begin(s.st) ? cli_fail(cmd, s.ctx) : CLI_OK;
  for (char *one = strtok(buf, ","); one && !rc; one = strtok(NULL, ",")) {
    char served[SSVC_CASE_ID_SIZE];
    if (ssvc_swap_receive(s.st, customer, one, model, actor, served)) {
      rc = cli_fail(cmd, s.ctx);
      ssvc_store_rollback(s.st);
    } else if (*served) {
      fprintf(out, "%s\treserved\t%s\n", one, served);
    } else {
      fprintf(out, "%s\tavailable\n", one);
    }
  }
  if (!rc && ssvc_store_commit(s.st)) rc = cli_fail(cmd, s.ctx);
  if (fclose(out) != 0 && !rc) { /* the transaction committed; only its report is lost */
    fprintf(stderr, "smartservice %s: out of memory: the phones are stored\n", cmd);
    rc = CLI_FAIL;
  }
  if (!rc) fwrite(held, 1, held_len, stdout);
  free(held);
  return cli_store_close(&s, rc);
}

/* The listing callbacks: @p ud points at 1 on the reading pass (print nothing), 0 after it. */
static int print_unit(void *ud, const ssvc_unit *u) {
  if (*(const int *)ud) return 0;
  printf("%s\t%s\t%s\t%s\n", u->imei, ssvc_unit_state_name(u->state), u->model,
         or_dash(u->case_id));
  return 0;
}

static int print_backorder(void *ud, const ssvc_order *o) {
  if (*(const int *)ud) return 0;
  printf("%s\t%s\t%s\n", o->case_id, o->customer_id, o->model);
  return 0;
}

static int swap_list(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "swap list";
  const char *customer = NULL;
  int backorders = 0, no_header = 0;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL,
       "the customer whose stock is listed (backorders: optional filter)"},
      {"backorders", NULL, &backorders, NULL, NULL, "list the backorders instead of the units"},
      {"no-header", NULL, &no_header, NULL, NULL, "leave out the header line"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if (!customer && !backorders) return cli_usage(cmd, "missing --customer (or --backorders)");
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  /* Read once without printing: a damaged record fails the listing before anything is shown. */
  int r = 0;
  for (int dry = 1; !r && dry >= 0; dry--) {
    if (!dry && !no_header)
      fputs(backorders ? "CASE\tCUSTOMER\tMODEL\n" : "IMEI\tSTATE\tMODEL\tCASE\n", stdout);
    r = backorders ? ssvc_swap_order_list(s.st, customer, SSVC_ORDER_BACKORDERED,
                                          print_backorder, &dry)
                   : ssvc_swap_unit_list(s.st, customer, print_unit, &dry);
  }
  return cli_store_close(&s, r ? cli_fail(cmd, s.ctx) : CLI_OK);
}

static int swap_retire(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "swap retire";
  const char *customer = NULL, *imei = NULL, *note = NULL, *actor = g->actor;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose stock it is"},
      {"imei", &imei, NULL, "IMEI[,IMEI...]", NULL, "the phones' IMEIs"},
      {"note", &note, NULL, "TEXT", NULL, "why the phone is retired"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", customer, "imei", imei, (const char *)NULL))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (ssvc_swap_retire(s.st, customer, imei, actor, note))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  printf("%s\tretired\n", imei);
  return cli_store_close(&s, CLI_OK);
}

static int print_line(void *ud, const ssvc_refill_line *l) {
  (void)ud;
  printf("%s\t%u\t%u\t%u\t%u\n", *l->model ? l->model : "*", (unsigned)l->available,
         (unsigned)l->target, (unsigned)l->backorders, (unsigned)l->recommended);
  return 0;
}

static int swap_advise(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "swap advise";
  const char *customer = NULL;
  int no_header = 0;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL,
       "the customer whose stock is advised (required)"},
      {"no-header", NULL, &no_header, NULL, NULL, "the numbers alone, without the labels"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", customer, (const char *)NULL))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  uint32_t total;
  if (ssvc_swap_advise(s.st, customer, &total, NULL, NULL))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  /* --no-header: the numbers alone, as before the headers (doc/cli.md) */
  if (no_header)
    printf("%u\n", (unsigned)total);
  else
    printf("phones to buy\t%u\nmodel\tavailable\tlevel\tbackorders\trecommended\n",
           (unsigned)total);
  if (ssvc_swap_advise(s.st, customer, NULL, print_line, NULL))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  /* Few models (doc/roster.md): the stock's models against the fleet's, after the table. */
  ssvc_model_advice m = SSVC_MODEL_ADVICE_INIT;
  char text[512];
  if (ssvc_models_advise(s.st, customer, &m, NULL, NULL))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  ssvc_model_advice_text(&m, SSVC_LANG_EN, text, sizeof text);
  printf("models: %s\n", text);
  return cli_store_close(&s, CLI_OK);
}

static int print_overdue(void *ud, const ssvc_order *o) {
  (void)ud;
  char d[16];
  ssvc_date_format(d, sizeof d, &o->return_deadline);
  printf("%s\t%s\t%s\t%s\n", o->case_id, o->customer_id, or_dash(o->user_imei), d);
  return 0;
}

static int swap_overdue(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "swap overdue";
  const char *customer = NULL, *actor = g->actor;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "only this customer's overdue returns"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  size_t flagged = 0;
  if (ssvc_swap_overdue(s.st, customer, actor, &flagged, print_overdue, NULL))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  printf("flagged %zu\n", flagged);
  return cli_store_close(&s, CLI_OK);
}

static int swap_request(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "swap request";
  const char *customer = NULL, *actor = g->actor;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer asked to refill (required)"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", customer, (const char *)NULL))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  uint32_t number, total;
  if (ssvc_swap_refill_request(s.st, &number, &total, customer, actor))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  if (number == 0) printf("no refill needed\n");
  else printf("request %u\t%u phone(s)\n", (unsigned)number, (unsigned)total);
  return cli_store_close(&s, CLI_OK);
}

/* approve (with the phones bought) or decline request N. */
static int swap_decide(const struct cli_global *g, int argc, char **argv, int first, int approve) {
  const char *cmd = approve ? "swap approve" : "swap decline";
  const char *customer = NULL, *request = NULL, *imei = NULL, *model = NULL, *actor = g->actor;
  const struct cli_opt approve_opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose stock it is"},
      {"request", &request, NULL, "N", NULL, "the refill request's number (required)"},
      {"imei", &imei, NULL, "IMEI[,IMEI...]", NULL, "the phones' IMEIs"},
      {"model", &model, NULL, "MODEL", NULL, "the phone model"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  const struct cli_opt decline_opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer whose stock it is"},
      {"request", &request, NULL, "N", NULL, "the refill request's number (required)"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, approve ? approve_opts : decline_opts, pos, 0,
                           &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", customer, "request", request,
                        (const char *)NULL)))
    return rc;
  uint32_t number;
  if ((rc = cli_parse_u32(cmd, "--request", request, &number))) return rc;
  if (approve && (!imei || !model))
    return cli_usage(cmd, "options '--imei' and '--model' are required");
  char buf[4096];
  const char *imeis[64], *models[64];
  size_t n = 0;
  if (approve) {
    snprintf(buf, sizeof buf, "%s", imei);
    for (char *one = strtok(buf, ","); one; one = strtok(NULL, ",")) {
      if (n == 64) return cli_usage(cmd, "--imei: at most 64 phones at a time");
      imeis[n] = one;
      models[n++] = model;
    }
  }
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (ssvc_swap_refill_decide(s.st, customer, number, approve, imeis, models, n, actor))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  printf("request %u\t%s\n", (unsigned)number, approve ? "approved" : "declined");
  return cli_store_close(&s, CLI_OK);
}

static int swap_approve(const struct cli_global *g, int argc, char **argv, int first) {
  return swap_decide(g, argc, argv, first, 1);
}
static int swap_decline(const struct cli_global *g, int argc, char **argv, int first) {
  return swap_decide(g, argc, argv, first, 0);
}

int cmd_swap_pool(const struct cli_global *g, int argc, char **argv, int first) {
  static const struct cli_sub subs[] = {
      {"receive", swap_receive}, {"list", swap_list},
      {"reserve", swap_reserve}, {"ship", swap_ship},
      {"return", swap_return},   {"repaired", swap_repaired},
      {"loan-returned", swap_loan_returned}, {"cancel", swap_cancel},
      {"retire", swap_retire},   {"order", swap_order},
      {"advise", swap_advise},   {"overdue", swap_overdue},
      {"request", swap_request}, {"approve", swap_approve},
      {"decline", swap_decline},
      {"change", cmd_swap_change}};
  return cli_dispatch("swap", subs, sizeof subs / sizeof subs[0], g, argc, argv, first);
}
