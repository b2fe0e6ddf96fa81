/*
 * Example: log calls as cases in a SQLite database (rule R9), move them through the state
 * machine, and erase a user's personal data while the statistics stay. A case needs its
 * customer's agreement, which gives it its tier; a swap phone leaves the customer's SWAP stock
 * through the pool (smartservice/swap.h), never by a bare state change.
 *
 * Link with libsmartservice-sqlite (pkg-config smartservice-sqlite). The database file is given
 * as the first argument (default: cases-example.db, removed at the end).
 */
#include <stdio.h>
#include <string.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>

static int64_t fixed_clock(void *user_data) {
  (void)user_data;
  return INT64_C(1772442000); /* 2026-03-02T09:00:00Z, so that the output never changes */
}

static int print_id(void *user_data, const char *id) {
  (void)user_data;
  printf("  %s\n", id);
  return 0;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "cases-example.db";
  remove(path);
  ssvc_ctx_options options = SSVC_CTX_OPTIONS_INIT;
  options.clock = fixed_clock;
  ssvc_ctx *ctx;
  ssvc_store *store;
  if (ssvc_ctx_new(&ctx, &options) != SSVC_OK) return 1;
  if (ssvc_sqlite_open(ctx, &store, path, NULL) != SSVC_OK) {
    fprintf(stderr, "%s\n", ssvc_ctx_errmsg(ctx));
    ssvc_ctx_free(ctx);
    return 1;
  }

  /* The agreements come first: they give each case its tier. Konsult AB (PROF) has one spare
   * phone in its SWAP stock; Bygg AB is on BAS, which has no SWAP phones. */
  ssvc_agreement_spec konsult = SSVC_AGREEMENT_SPEC_INIT, bygg = SSVC_AGREEMENT_SPEC_INIT;
  konsult.customer_id = "Konsult AB";
  konsult.customer_name = "Konsult AB";
  konsult.tier_code = "PROF";
  konsult.fleet = 40;
  bygg.customer_id = "Bygg AB";
  bygg.customer_name = "Bygg AB";
  bygg.tier_code = "BAS";
  bygg.fleet = 10;
  int rc = ssvc_agreement_create(store, &konsult, "lead");
  if (rc == SSVC_OK) rc = ssvc_agreement_create(store, &bygg, "lead");
  if (rc == SSVC_OK)
    rc = ssvc_swap_receive(store, "Konsult AB", "356938030000013", "Fairphone 5", "lead", NULL);
  if (rc != SSVC_OK) goto fail;

  /* Two calls: a PROF user whose phone died, a BAS user who cannot find a setting. */
  ssvc_case_spec spec = SSVC_CASE_SPEC_INIT;
  spec.customer_id = "Konsult AB";
  spec.user_name = "Anna Andersson";
  spec.user_phone = "+46701234567";
  spec.imei = "490154203237518"; /* checked with its Luhn digit */
  spec.model = "Fairphone 5";
  spec.symptom = "dead after a fall";
  spec.actor = "agent-7";
  char anna[SSVC_CASE_ID_SIZE], bo[SSVC_CASE_ID_SIZE];
  rc = ssvc_case_create(store, anna, &spec);
  spec.customer_id = "Bygg AB";
  spec.user_name = "Bo Ek";
  spec.user_phone = "+46709876543";
  spec.symptom = "cannot find flight mode";
  if (rc == SSVC_OK) rc = ssvc_case_create(store, bo, &spec);
  if (rc != SSVC_OK) goto fail;
  printf("registered %s and %s\n", anna, bo);

  /* Each change is one transaction, logged in the case's event log. */
  rc = ssvc_case_transition(store, anna, SSVC_CASE_DIAGNOSING, "agent-7", NULL);
  if (rc == SSVC_OK) rc = ssvc_case_transition(store, bo, SSVC_CASE_DIAGNOSING, "agent-2", NULL);
  if (rc != SSVC_OK) goto fail;

  /* Not allowed, and nothing changes: a swap phone is reserved from the stock, not declared. */
  if (ssvc_case_transition(store, anna, SSVC_CASE_SWAP_REQUESTED, "agent-7", NULL) ==
      SSVC_ESTATE)
    printf("refused: %s\n", ssvc_ctx_errmsg(ctx));
  ssvc_order order = SSVC_ORDER_INIT;
  if ((rc = ssvc_swap_reserve(store, &order, anna, NULL, "agent-7")) != SSVC_OK ||
      (rc = ssvc_swap_ship(store, &order, anna, "PostNord", NULL, "agent-7")) != SSVC_OK)
    goto fail;
  char delivery[16];
  ssvc_date_format(delivery, sizeof delivery, &order.delivery);
  printf("%s: phone %s shipped, delivered %s\n", anna, order.imei, delivery);
  /* BAS has no SWAP activation: Bo's problem is solved on the phone instead. */
  if (ssvc_swap_reserve(store, NULL, bo, NULL, "agent-2") == SSVC_ENOTENTITLED)
    printf("refused: %s\n", ssvc_ctx_errmsg(ctx));
  if ((rc = ssvc_case_transition(store, bo, SSVC_CASE_RESOLVED, "agent-2", NULL)) != SSVC_OK)
    goto fail;

  printf("open cases:\n");
  if ((rc = ssvc_case_list_open(store, print_id, NULL)) != SSVC_OK) goto fail;

  ssvc_case *c;
  if ((rc = ssvc_case_load(store, &c, anna)) != SSVC_OK) goto fail;
  ssvc_case_info info;
  memset(&info, 0, sizeof info);
  info.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &info);
  char promised[16];
  ssvc_date_format(promised, sizeof promised, &info.promised_delivery);
  printf("%s: %s, %s, tier %s, promised %s, %zu events, %zu charges\n", info.id,
         ssvc_case_state_name(info.state), info.model, info.tier_code, promised,
         info.event_count, info.charge_count);
  ssvc_case_free(c);

  /* Right to erasure (doc/erasure.md): Anna, found by her phone, is erased everywhere in one
   * transaction; the counts stay. */
  ssvc_erase_key key = SSVC_ERASE_KEY_INIT;
  key.phone = "+46701234567";
  ssvc_erase_result result = SSVC_ERASE_RESULT_INIT;
  if ((rc = ssvc_erase_user(store, &result, "Konsult AB", &key, "dpo")) != 0) goto fail;
  size_t erased = result.cases;
  ssvc_case_stats stats = SSVC_CASE_STATS_INIT;
  if ((rc = ssvc_case_stats_get(store, NULL, &stats)) != SSVC_OK) goto fail;
  printf("erased %zu case(s); %zu cases: %zu shipped, %zu resolved, %zu erased\n", erased,
         stats.total, stats.by_state[SSVC_CASE_SHIPPED], stats.by_state[SSVC_CASE_RESOLVED],
         stats.erased);

  ssvc_store_free(store);
  ssvc_ctx_free(ctx);
  if (argc <= 1) {
    remove(path);
    remove("cases-example.db-wal");
    remove("cases-example.db-shm");
  }
  return 0;
fail:
  fprintf(stderr, "%s\n", ssvc_ctx_errmsg(ctx));
  ssvc_store_free(store);
  ssvc_ctx_free(ctx);
  return 1;
}
