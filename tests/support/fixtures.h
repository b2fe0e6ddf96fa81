/* The fixtures the module suites share: a fixed clock that a test moves, a context and a fresh
 * memory store on it, and valid IMEIs numbered n. One copy for every suite (tests/unit). */
#ifndef SSVC_TEST_FIXTURES_H
#define SSVC_TEST_FIXTURES_H

#include <smartservice.h>

#include "store_fault.h" /* STORE_FAULT_NOW: Monday 2026-03-02 10:00 Stockholm */

/* What the fixture clock reads; fixture_setup sets it to STORE_FAULT_NOW, a test moves it. */
extern int64_t fixture_now;
/* The clock callback reading fixture_now (ssvc_ctx_options.clock). */
int64_t fixture_clock(void *user_data);

/* A context on the fixture clock and an empty memory store. */
struct fx {
  ssvc_ctx *ctx;
  ssvc_store *st;
};

/* cmocka setup and teardown of a struct fx (the clock reset to STORE_FAULT_NOW). */
int fixture_setup(void **state);
int fixture_teardown(void **state);

/* A valid IMEI numbered @p n (0..999999): "35693803", n in six digits, the Luhn check digit.
 * Eight calls may be live at once (static buffers used in turn). */
const char *fixture_imei(int n);

/* A valid Support Center (version-2 party: organisation number, VAT number, F-skatt, bankgiro)
 * and a valid buyer (organisation number 556036-0793), static. */
const ssvc_party *fixture_seller(void);
const ssvc_party *fixture_buyer(void);

/* A new agreement: @p customer (its name the same) on the built-in tier @p tier with @p fleet
 * phones, @p replacement (ssvc_replacement) and routing @p repaired_to (0: the defaults, swap and
 * stock), replacement value 2500.00 SEK, created by "lead". Asserts success. */
void fixture_agreement(ssvc_store *st, const char *customer, const char *tier, uint32_t fleet,
                       int replacement, int repaired_to);

/* fixture_agreement(st, customer, tier, 100, 0, 0) unless @p customer has an agreement already
 * (whatever its tier). For suites about cases, which need a customer's agreement first. */
void fixture_agreement_once(ssvc_store *st, const char *customer, const char *tier);

/* A new case of @p customer (whose agreement must exist; @p tier its tier, or NULL; the
 * features are the agreement's) for
 * the user "Anna" (+46701) with the Fairphone 5 @p imei, registered by "agent"; its id into @p id
 * (SSVC_CASE_ID_SIZE bytes). Asserts success. */
void fixture_case(ssvc_store *st, char *id, const char *customer, const char *tier,
                  const char *imei);

/* What ssvc_changes_read() gave, through fixture_feed_cb: every entry counted (n), those of
 * @c kind (set by the caller) counted apart (of_kind), and the id of the last of them. */
struct fixture_feed {
  int kind;
  int n, of_kind;
  char last_id[SSVC_CHANGE_ID_SIZE];
};
int fixture_feed_cb(void *ud, const ssvc_change *c);

#endif
