/*
 * Example: a swap phone from the customer's SWAP stock, end to end (rules R4-R7).
 *
 * An agreement (PROF, 40 phones, swap, repaired phones into the stock), two spare phones, and a
 * case with a definite fault: the phone is reserved, shipped with its delivery date and the faulty
 * phone's return deadline, the faulty phone comes back and is repaired into the stock. A second
 * case finds no phone of its model: a backorder, served when a phone arrives two days later, and
 * shipped late: the delivery promised at registration is missed by two working days. Everything
 * lives in a memory store here; the smartservice tool does the same on SQLite (--db FILE).
 */
#include <stdio.h>

#include <smartservice.h>

/* The example's clock: starts at 2026-03-02 10:00 Stockholm (a Monday) and is moved on. */
static int64_t now = INT64_C(1772442000);

static int64_t example_clock(void *ud) {
  (void)ud;
  return now;
}

static int fail(ssvc_ctx *ctx) {
  fprintf(stderr, "%s\n", ssvc_ctx_errmsg(ctx));
  return 1;
}

/* A call becomes a case; its tier (PROF, with SWAP activation) comes from ACME's agreement. */
static int new_case(ssvc_store *st, char *id, const char *model) {
  ssvc_case_spec c = SSVC_CASE_SPEC_INIT;
  c.customer_id = "ACME";
  c.user_name = "Anna Andersson";
  c.imei = "490154203237518";
  c.model = model;
  c.actor = "agent-7";
  int rc = ssvc_case_create(st, id, &c);
  return rc ? rc : ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "agent-7", NULL);
}

static int show_unit(void *ud, const ssvc_unit *u) {
  (void)ud;
  printf("  %s  %-10s %s\n", u->imei, ssvc_unit_state_name(u->state), u->model);
  return 0;
}

int main(void) {
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = example_clock;
  ssvc_ctx *ctx;
  ssvc_store *st;
  if (ssvc_ctx_new(&ctx, &o) != SSVC_OK) return 1;
  if (ssvc_store_memory_new(ctx, &st) != SSVC_OK) return fail(ctx);
  int rc = 1;

  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  a.customer_id = "ACME";
  a.customer_name = "ACME AB";
  a.tier_code = "PROF";
  a.fleet = 40; /* 8%: 4 spare phones */
  if (ssvc_agreement_create(st, &a, "lead") ||
      ssvc_swap_receive(st, "ACME", "356938030000013", "Fairphone 5", "lead", NULL) ||
      ssvc_swap_receive(st, "ACME", "356938030000021", "Fairphone 5", "lead", NULL))
    goto out;

  char id[SSVC_CASE_ID_SIZE], id2[SSVC_CASE_ID_SIZE];
  ssvc_order ord = SSVC_ORDER_INIT;
  char d1[16], d2[16];
  if (new_case(st, id, "Fairphone 5") || ssvc_swap_reserve(st, &ord, id, NULL, "agent-7") ||
      ssvc_swap_ship(st, &ord, id, "PostNord", "PN123", "agent-7"))
    goto out;
  ssvc_date_format(d1, sizeof d1, &ord.delivery);
  ssvc_date_format(d2, sizeof d2, &ord.return_deadline);
  printf("%s: %s phone %s, delivered %s, faulty phone due %s\n", id,
         ssvc_replacement_name(ord.replacement), ord.imei, d1, d2);
  if (ssvc_swap_faulty_returned(st, id, "agent-7") || ssvc_swap_repaired(st, id, "agent-7"))
    goto out;

  /* No Galaxy in the stock: a backorder, not an error. */
  if (new_case(st, id2, "Galaxy A15") || ssvc_swap_reserve(st, &ord, id2, NULL, "agent-7"))
    goto out;
  printf("%s: %s\n", id2, ssvc_order_state_name(ord.state));
  uint32_t total;
  if (ssvc_swap_advise(st, "ACME", &total, NULL, NULL)) goto out;
  printf("refill request: %u phone(s)\n", (unsigned)total);
  /* The phone arrives on Wednesday: it goes to the waiting case, and shipped that day it is
   * delivered after the date promised at Monday's registration. */
  now += 2 * 86400;
  char served[SSVC_CASE_ID_SIZE];
  if (ssvc_swap_receive(st, "ACME", "356938030000039", "Galaxy A15", "lead", served)) goto out;
  printf("the new Galaxy went to %s\n", served);
  if (ssvc_swap_ship(st, &ord, id2, "PostNord", "PN124", "agent-7")) goto out;
  ssvc_date_format(d1, sizeof d1, &ord.delivery);
  ssvc_date_format(d2, sizeof d2, &ord.promised);
  printf("%s: delivered %s, promised %s: %d working day(s) late\n", id2, d1, d2, ord.late_days);

  printf("stock:\n");
  if (ssvc_swap_unit_list(st, "ACME", show_unit, NULL)) goto out;
  rc = 0;
out:
  if (rc) fail(ctx);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  return rc;
}
