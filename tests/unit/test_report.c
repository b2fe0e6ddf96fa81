/* report: the figures of a known data set in every format, the period and customer filters, no
 * personal data in any format, errors, and every operation under storage and allocation faults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include <smartservice.h>

#include "fixtures.h"
#include "mem_out.h"
#include "fresh_store.h"
#include "store_fault.h"


/* 2026-03-02T00:00:00Z, a Monday. */
#define MON INT64_C(1772409600)
#define H 3600

static const char *const personal[] = {"Anna Andersson", "+46701234567", "anna@example.se",
                                       "490154203237518", "SN-4711", "Bo Ek", "356938035643809",
                                       "070-123 45 67", "SC-2026-", NULL};

static void create(ssvc_store *st, char *id, int64_t at, const char *customer, const char *model,
                   const char *symptom, ssvc_date warranty_end) {
  fixture_now = at;
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = customer;
  s.user_name = customer[0] == 'A' ? "Anna Andersson" : "Bo Ek";
  s.user_phone = "+46701234567";
  s.user_email = "anna@example.se";
  s.imei = customer[0] == 'A' ? "490154203237518" : "356938035643809";
  s.serial = "SN-4711";
  s.model = model;
  s.warranty_end = warranty_end;
  s.symptom = symptom; /* the tier and its features: the customer's agreement's */
  s.actor = "agent-7";
  /* A customer without an agreement gets PROF. The suite's users share phones across open
   * cases: the second is deliberate. */
  fixture_agreement_once(st, s.customer_id, "PROF");
  s.flags |= SSVC_CASE_SECOND_OPEN;
  assert_int_equal(ssvc_case_create(st, id, &s), SSVC_OK);
}

static void to(ssvc_store *st, const char *id, int64_t at, int state) {
  fixture_now = at;
  assert_int_equal(ssvc_case_transition(st, id, state, "agent-7", NULL), SSVC_OK);
}

static void diag(ssvc_store *st, const char *id, int outcome) {
  assert_int_equal(ssvc_case_set_diagnosis(st, id, outcome, "q1: yes", "agent-7"), SSVC_OK);
}

/* A shipment of the phone to or from the workshop: the library charges the agreement's freight
 * and packaging (freight_minor 0). */
static void ship_workshop(ssvc_store *st, const char *id, int64_t at) {
  fixture_now = at;
  ssvc_shipment s = SSVC_SHIPMENT_INIT;
  s.kind = SSVC_SHIPMENT_WORKSHOP;
  s.at = at;
  s.tracking = "PN-1";
  assert_int_equal(ssvc_case_add_shipment(st, id, "agent-7", &s), SSVC_OK);
}

/* The SWAP pool's steps at instant @p at. */
static void reserve(ssvc_store *st, const char *id, int64_t at) {
  fixture_now = at;
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(st, &o, id, NULL, "agent-7"), SSVC_OK);
  assert_int_equal(o.state, SSVC_ORDER_RESERVED);
}

static void swap_ship(ssvc_store *st, const char *id, int64_t at) {
  fixture_now = at;
  assert_int_equal(ssvc_swap_ship(st, NULL, id, "PostNord", "PN-1", "agent-7"), SSVC_OK);
}

static void faulty_back(ssvc_store *st, const char *id, int64_t at) {
  fixture_now = at;
  assert_int_equal(ssvc_swap_faulty_returned(st, id, "agent-7"), SSVC_OK);
}

static void repaired(ssvc_store *st, const char *id, int64_t at) {
  fixture_now = at;
  assert_int_equal(ssvc_swap_repaired(st, id, "agent-7"), SSVC_OK);
}

/* The data set of doc/report.md's example: four cases of ACME in March 2026, one of another
 * customer and one of ACME in April. ACME's agreement is PROF for 100 phones (a SWAP level of 8;
 * swaps, repaired phones to the stock; cut-off 14:00; freight 89.00 and packaging 25.00 SEK per
 * shipment), and its SWAP stock holds a Galaxy A15 and a Fairphone 5 before the first call. All
 * instants below are UTC; Stockholm is an hour ahead in March. */
static void make_data(ssvc_store *st) {
  char id[SSVC_CASE_ID_SIZE];
  ssvc_date ok = {2027, 12, 31}, expired = {2025, 12, 31};
  fixture_now = MON + 8 * H;
  fixture_agreement(st, "ACME", "PROF", 100, 0, 0);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(1), "Galaxy A15", "stock", NULL),
                   SSVC_OK);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(2), "Fairphone 5", "stock", NULL),
                   SSVC_OK);
  /* 1: a handling error, solved on the phone, closed after 2 h. */
  create(st, id, MON + 9 * H, "ACME", "Fairphone 5", "no sound", ok);
  to(st, id, MON + 9 * H, SSVC_CASE_DIAGNOSING);
  diag(st, id, SSVC_CASE_OUTCOME_HANDLING_ERROR);
  to(st, id, MON + 10 * H, SSVC_CASE_RESOLVED);
  to(st, id, MON + 11 * H, SSVC_CASE_CLOSED);
  /* 2: a definite fault, registered Monday 11:00 (promise Tuesday), the Galaxy A15 reserved at
   * once and shipped at 12:00 (delivered Tuesday: on time), the faulty phone back at 19:00 (into
   * the stock, in repair), repaired at 21:00: available again and the case closed, 10 h. */
  create(st, id, MON + 10 * H, "ACME", "Galaxy A15", "screen cracked", ok);
  to(st, id, MON + 10 * H, SSVC_CASE_DIAGNOSING);
  diag(st, id, SSVC_CASE_OUTCOME_DEFINITE_FAULT);
  reserve(st, id, MON + 10 * H);
  swap_ship(st, id, MON + 11 * H);
  faulty_back(st, id, MON + 18 * H);
  repaired(st, id, MON + 20 * H);
  /* 3: out of warranty, to the workshop (its shipment charged 89.00 + 25.00 SEK), the repair
   * charged 499.00 SEK, closed after 48 h. */
  create(st, id, MON + 36 * H, "ACME", "Galaxy A15", "screen cracked", expired);
  to(st, id, MON + 36 * H, SSVC_CASE_DIAGNOSING);
  diag(st, id, SSVC_CASE_OUTCOME_WORKSHOP);
  to(st, id, MON + 36 * H, SSVC_CASE_REFERRED);
  ship_workshop(st, id, MON + 36 * H);
  to(st, id, MON + 40 * H, SSVC_CASE_IN_REPAIR);
  to(st, id, MON + 70 * H, SSVC_CASE_REPAIRED);
  ssvc_case_charge c = SSVC_CASE_CHARGE_INIT;
  c.kind = SSVC_CHARGE_REPAIR;
  c.amount_minor = 49900;
  c.text = "repair";
  assert_int_equal(ssvc_case_add_charge(st, id, "billing", &c), SSVC_OK);
  to(st, id, MON + 84 * H, SSVC_CASE_CLOSED);
  /* 4: registered Wednesday 10:00 (promise Thursday 5 March), the Fairphone 5 reserved only on
   * Friday at 10:00 and shipped at 11:00: delivered Monday 9 March, late, although a promise
   * counted from the reservation would have been kept. The faulty phone is not returned; the
   * symptom holds a phone number and is left out. */
  create(st, id, MON + 57 * H, "ACME", "Fairphone 5", "Call me at 070-123 45 67", ok);
  to(st, id, MON + 57 * H, SSVC_CASE_DIAGNOSING);
  diag(st, id, SSVC_CASE_OUTCOME_DEFINITE_FAULT);
  reserve(st, id, MON + 105 * H);
  swap_ship(st, id, MON + 106 * H);
  /* Not in the report: another customer, and April. */
  create(st, id, MON + 12 * H, "Bygg AB", "Nokia 3310", "no power", ok);
  create(st, id, MON + 44 * 24 * H, "ACME", "Nokia 3310", "no power", ok);
}

static ssvc_report *report_of(ssvc_store *st, const char *customer) {
  ssvc_report_options o = SSVC_REPORT_OPTIONS_INIT;
  o.customer_id = customer;
  o.from = (ssvc_date){2026, 3, 1};
  o.to = (ssvc_date){2026, 3, 31};
  ssvc_report *r = NULL;
  int rc = ssvc_report_new(st, &r, &o);
  if (rc) fail_msg("report: %s", ssvc_ctx_errmsg(ssvc_store_ctx(st)));
  return r;
}

static char *write_fmt(const ssvc_report *r, int format) {
  struct mem m = {NULL, 0, 0, 0};
  assert_int_equal(ssvc_report_write(r, format, mem_put, &m), SSVC_OK);
  return m.p;
}

/* make_data's figures, worked out by hand:
 * - cases 1-4 (Bygg AB's and the April case are outside); outcomes handling-error (1), workshop
 *   (3), definite-fault (2, 4): shares of 4; referrals: case 3; swaps: cases 2 and 4.
 * - replacement shipments: the pool's for cases 2 and 4 (case 3's is a workshop shipment); case 4
 *   never reached faulty-returned.
 * - deliveries (rule R7, the promise fixed at registration): case 2 registered Mon 2 March 11:00
 *   Stockholm, before the 14:00 cut-off: promise Tue 3 March; shipped Mon: arrives Tue, on time.
 *   Case 4 registered Wed 4 March 10:00: promise Thu 5 March; shipped Fri 6 March: arrives Mon
 *   9 March, late (from the Friday reservation it would have been on time).
 * - closed: cases 1 (2 h), 2 (10 h), 3 (48 h): mean 60 / 3 = 20.0 h; the median is rank 2 of 3,
 *   10 h = 36000 s, whose histogram bucket [35840, 36864) has its middle at 36352 s = 10.1 h; the
 *   90th percentile is rank 3, 48 h = 172800 s in [172032, 176128), middle 174080 s = 48.4 h.
 * - out of warranty: case 3 (ended 2025-12-31): freight 89.00 + packaging 25.00 + repair 499.00
 *   = 613.00 SEK.
 * - states: case 4 shipped, the others closed (case 2 by the pool's repair into the stock).
 * - symptoms: "screen cracked" (2, 3), "no sound" (1), case 4's phone number as other; models:
 *   Fairphone 5 (1, 4; one fault), Galaxy A15 (2, 3; both faults).
 * - the SWAP pool now: the Galaxy A15 is the user's, the Fairphone 5 is shipped, case 2's
 *   repaired phone is available: 1 of the level 8 (ceil(100 x 8%)), 12.5 %; 8 - 1 = 7 to buy;
 *   no refill request. */
static const char expected_csv[] =
    "section,key,value,percent\r\n"
    "report,customer,ACME,\r\n"
    "report,from,2026-03-01,\r\n"
    "report,to,2026-03-31,\r\n"
    "summary,cases,4,\r\n"
    "summary,solved-on-phone,1,25.0\r\n"
    "summary,workshop-referrals,1,25.0\r\n"
    "summary,swaps-and-loans,2,50.0\r\n"
    "summary,replacement-shipments,2,\r\n"
    "summary,faulty-not-returned,1,\r\n"
    "delivery,deliveries,2,\r\n"
    "delivery,on-time,1,50.0\r\n"
    "delivery,late,1,\r\n"
    "time-to-close,closed-cases,3,\r\n"
    "time-to-close,mean-hours,20.0,\r\n"
    "time-to-close,median-hours,10.1,\r\n"
    "time-to-close,p90-hours,48.4,\r\n"
    "warranty,out-of-warranty-cases,1,\r\n"
    "warranty,cost-SEK,613.00,\r\n"
    "outcome,none,0,0.0\r\n"
    "outcome,handling-error,1,25.0\r\n"
    "outcome,workshop,1,25.0\r\n"
    "outcome,definite-fault,2,50.0\r\n"
    "outcome,out-of-scope,0,0.0\r\n"
    "state,registered,0,\r\n"
    "state,diagnosing,0,\r\n"
    "state,resolved,0,\r\n"
    "state,referred,0,\r\n"
    "state,swap-requested,0,\r\n"
    "state,shipped,1,\r\n"
    "state,faulty-returned,0,\r\n"
    "state,in-repair,0,\r\n"
    "state,repaired,0,\r\n"
    "state,closed,3,\r\n"
    "state,cancelled,0,\r\n"
    "symptom,screen cracked,2,50.0\r\n"
    "symptom,no sound,1,25.0\r\n"
    "symptom,(other or none),1,25.0\r\n"
    "model-fault-rate,Fairphone 5,2,50.0\r\n"
    "model-fault-rate,Galaxy A15,2,100.0\r\n"
    "unreturned,phones,1,\r\n"
    "unreturned,value,2500.00,\r\n"
    "unreturned,oldest-days,25,\r\n"
    "overdue,phones,1,\r\n"
    "overdue,value,2500.00,\r\n"
    "trend,2025-03/cases,0,\r\n"
    "trend,2025-03/solved-on-phone,0,0.0\r\n"
    "trend,2025-03/deliveries,0,\r\n"
    "trend,2025-03/on-time,0,0.0\r\n"
    "trend,2025-03/unreturned,0,\r\n"
    "trend,2025-04/cases,0,\r\n"
    "trend,2025-04/solved-on-phone,0,0.0\r\n"
    "trend,2025-04/deliveries,0,\r\n"
    "trend,2025-04/on-time,0,0.0\r\n"
    "trend,2025-04/unreturned,0,\r\n"
    "trend,2025-05/cases,0,\r\n"
    "trend,2025-05/solved-on-phone,0,0.0\r\n"
    "trend,2025-05/deliveries,0,\r\n"
    "trend,2025-05/on-time,0,0.0\r\n"
    "trend,2025-05/unreturned,0,\r\n"
    "trend,2025-06/cases,0,\r\n"
    "trend,2025-06/solved-on-phone,0,0.0\r\n"
    "trend,2025-06/deliveries,0,\r\n"
    "trend,2025-06/on-time,0,0.0\r\n"
    "trend,2025-06/unreturned,0,\r\n"
    "trend,2025-07/cases,0,\r\n"
    "trend,2025-07/solved-on-phone,0,0.0\r\n"
    "trend,2025-07/deliveries,0,\r\n"
    "trend,2025-07/on-time,0,0.0\r\n"
    "trend,2025-07/unreturned,0,\r\n"
    "trend,2025-08/cases,0,\r\n"
    "trend,2025-08/solved-on-phone,0,0.0\r\n"
    "trend,2025-08/deliveries,0,\r\n"
    "trend,2025-08/on-time,0,0.0\r\n"
    "trend,2025-08/unreturned,0,\r\n"
    "trend,2025-09/cases,0,\r\n"
    "trend,2025-09/solved-on-phone,0,0.0\r\n"
    "trend,2025-09/deliveries,0,\r\n"
    "trend,2025-09/on-time,0,0.0\r\n"
    "trend,2025-09/unreturned,0,\r\n"
    "trend,2025-10/cases,0,\r\n"
    "trend,2025-10/solved-on-phone,0,0.0\r\n"
    "trend,2025-10/deliveries,0,\r\n"
    "trend,2025-10/on-time,0,0.0\r\n"
    "trend,2025-10/unreturned,0,\r\n"
    "trend,2025-11/cases,0,\r\n"
    "trend,2025-11/solved-on-phone,0,0.0\r\n"
    "trend,2025-11/deliveries,0,\r\n"
    "trend,2025-11/on-time,0,0.0\r\n"
    "trend,2025-11/unreturned,0,\r\n"
    "trend,2025-12/cases,0,\r\n"
    "trend,2025-12/solved-on-phone,0,0.0\r\n"
    "trend,2025-12/deliveries,0,\r\n"
    "trend,2025-12/on-time,0,0.0\r\n"
    "trend,2025-12/unreturned,0,\r\n"
    "trend,2026-01/cases,0,\r\n"
    "trend,2026-01/solved-on-phone,0,0.0\r\n"
    "trend,2026-01/deliveries,0,\r\n"
    "trend,2026-01/on-time,0,0.0\r\n"
    "trend,2026-01/unreturned,0,\r\n"
    "trend,2026-02/cases,0,\r\n"
    "trend,2026-02/solved-on-phone,0,0.0\r\n"
    "trend,2026-02/deliveries,0,\r\n"
    "trend,2026-02/on-time,0,0.0\r\n"
    "trend,2026-02/unreturned,0,\r\n"
    "swap-pool,status,ok,\r\n"
    "swap-pool,available,1,12.5\r\n"
    "swap-pool,sized-level,8,\r\n"
    "swap-pool,backorders,0,\r\n"
    "swap-pool,recommended-purchase,7,\r\n"
    "refill,pending,0,\r\n"
    "refill,approved,0,\r\n"
    "refill,declined,0,\r\n"
    "refill,phones-pending,0,\r\n"
    /* the few-models advice, as the HTML page says it (in the report's language) */
    "models,stock-models,1,\r\n"
    "models,fleet-models,0,\r\n"
    "models,fleet-from,agreement,\r\n"
    "models,models-max,3,\r\n"
    "models,model-min-users,5,\r\n"
    "models,few-user-models,0,\r\n"
    "models,stock-only-models,0,\r\n"
    "models,consolidate,no,\r\n"
    "models,advice,\"Flottans modeller \xc3\xa4r ok\xc3\xa4nda (inget register, inga modeller i "
    "avtalet); SWAP-lagret sp\xc3\xa4nner \xc3\xb6ver 1 modell (h\xc3\xb6gst 3 rekommenderas): "
    "inget att samla.\",\r\n";

static void figures_of_a_known_data_set(void **state) {
  struct fx *f = *state;
  make_data(f->st);
  ssvc_report *r = report_of(f->st, "ACME");
  assert_int_equal(ssvc_report_case_count(r), 4);
  /* The pool says the same of the two swaps: case 2 delivered on its promise, case 4 two
   * working days (Thursday, Friday) after it. */
  static const struct {
    const char *id;
    ssvc_date promised, delivery;
    int late_days;
  } orders[] = {{"SC-2026-000002", {2026, 3, 3}, {2026, 3, 3}, 0},
                {"SC-2026-000004", {2026, 3, 5}, {2026, 3, 9}, 2}};
  for (size_t k = 0; k < 2; k++) {
    ssvc_order o = SSVC_ORDER_INIT;
    assert_int_equal(ssvc_swap_order_get(f->st, &o, orders[k].id), SSVC_OK);
    assert_memory_equal(&o.promised, &orders[k].promised, sizeof o.promised);
    assert_memory_equal(&o.delivery, &orders[k].delivery, sizeof o.delivery);
    assert_int_equal(o.late_days, orders[k].late_days);
  }
  char *csv = write_fmt(r, SSVC_REPORT_CSV);
  assert_string_equal(csv, expected_csv);
  char *xml = write_fmt(r, SSVC_REPORT_XML);
  assert_non_null(strstr(xml, "<report xmlns=\"urn:smartservice:report:1\" version=\"1\" "
                              "customer=\"ACME\" from=\"2026-03-01\" to=\"2026-03-31\">"));
  assert_non_null(strstr(xml, "<figure section=\"models\" key=\"consolidate\" value=\"no\"/>"));
  assert_non_null(strstr(xml, "<figure section=\"delivery\" key=\"on-time\" value=\"1\" "
                              "percent=\"50.0\"/>"));
  char *html = write_fmt(r, SSVC_REPORT_HTML);
  assert_non_null(strstr(html, "<!DOCTYPE html>"));
  assert_non_null(strstr(html, "<svg"));
  /* Swedish by default, human labels, no machine keys. */
  assert_non_null(strstr(html, "<html lang=\"sv\">"));
  assert_non_null(strstr(html, "Ärenden efter utfall"));
  assert_non_null(strstr(html, "Tid till avslutat ärende"));
  assert_non_null(strstr(html, "4 till 24 timmar</text><rect x=\"184\" y=\"29\" width=\"190\""));
  assert_null(strstr(html, "handling-error"));
  assert_non_null(strstr(html, "</html>\n"));
  /* The same report writes the same bytes again. */
  char *csv2 = write_fmt(r, SSVC_REPORT_CSV);
  assert_string_equal(csv, csv2);
  free(csv);
  free(csv2);
  free(xml);
  free(html);
  ssvc_report_free(r);
  /* Another customer: one case. */
  r = report_of(f->st, "Bygg AB");
  assert_int_equal(ssvc_report_case_count(r), 1);
  ssvc_report_free(r);
  r = report_of(f->st, "nobody");
  assert_int_equal(ssvc_report_case_count(r), 0);
  csv = write_fmt(r, SSVC_REPORT_CSV);
  assert_non_null(strstr(csv, "time-to-close,median-hours,0.0,\r\n"));
  free(csv);
  free(write_fmt(r, SSVC_REPORT_HTML));
  ssvc_report_free(r);
}

static void no_personal_data_in_any_format(void **state) {
  struct fx *f = *state;
  make_data(f->st);
  /* Also a model and a symptom with an e-mail address. */
  char id[SSVC_CASE_ID_SIZE];
  create(f->st, id, MON + 30 * H, "ACME", "Fairphone 5", "mail anna@example.se please",
         (ssvc_date){2027, 1, 1});
  for (int k = 0; k < 2; k++) {
    ssvc_report *r = report_of(f->st, k ? "Bygg AB" : "ACME");
    for (int fmt = SSVC_REPORT_XML; fmt <= SSVC_REPORT_HTML; fmt++) {
      char *out = write_fmt(r, fmt);
      for (size_t i = 0; personal[i]; i++)
        if (strstr(out, personal[i]))
          fail_msg("format %d contains personal data '%s':\n%s", fmt, personal[i], out);
      free(out);
    }
    ssvc_report_free(r);
  }
}

static void errors(void **state) {
  struct fx *f = *state;
  ssvc_report_options o = SSVC_REPORT_OPTIONS_INIT;
  ssvc_report *r = (ssvc_report *)f;
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_EINVAL);
  assert_null(r);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "options->customer_id"));
  char long_id[66];
  memset(long_id, 'A', 65);
  long_id[65] = '\0';
  const char *bad_ids[] = {"", long_id};
  const char *why[] = {"options->customer_id: must be given",
                       "options->customer_id: longer than 64 bytes (got 65)"};
  for (size_t k = 0; k < 2; k++) {
    o.customer_id = bad_ids[k];
    assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_EINVAL);
    assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), why[k]));
    assert_null(r);
  }
  o.customer_id = "ACME";
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "options->from and options->to"));
  o.from = (ssvc_date){2026, 3, 1};
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "options->from and options->to"));
  o.from = (ssvc_date){2026, 3, 1};
  o.to = (ssvc_date){2026, 2, 30};
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "to: not a valid date"));
  o.to = (ssvc_date){2026, 2, 1};
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "to: before from"));
  o.version = 9;
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_EVERSION);
  assert_int_equal(ssvc_report_new(f->st, NULL, &o), SSVC_EINVAL);
  assert_int_equal(ssvc_report_new(f->st, &r, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_report_new(NULL, &r, &o), SSVC_EINVAL);
  assert_int_equal(ssvc_report_options_init(&o, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_report_options_init(&o, SSVC_REPORT_OPTIONS_VERSION), SSVC_OK);
  r = report_of(f->st, "ACME");
  struct mem m = {NULL, 0, 0, 0};
  assert_int_equal(ssvc_report_write(r, 0, mem_put, &m), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "format: not a report format (got 0)"));
  assert_int_equal(ssvc_report_write(r, SSVC_REPORT_CSV, NULL, &m), SSVC_EINVAL);
  assert_int_equal(ssvc_report_write(NULL, SSVC_REPORT_CSV, mem_put, &m), SSVC_EINVAL);
  m.stop_after = 10;
  for (int fmt = SSVC_REPORT_XML; fmt <= SSVC_REPORT_HTML; fmt++)
    assert_int_equal(ssvc_report_write(r, fmt, mem_put, &m), SSVC_EIO);
  free(m.p);
  assert_int_equal(ssvc_report_write_file(r, SSVC_REPORT_CSV, "/nonexistent-dir/r.csv"), SSVC_EIO);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "/nonexistent-dir/r.csv: cannot create"));
  assert_int_equal(ssvc_report_write_file(r, SSVC_REPORT_CSV, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_report_case_count(NULL), 0);
  ssvc_report_free(r);
  ssvc_report_free(NULL);
}

static void extreme_times(void **state) {
  struct fx *f = *state;
  static const char xml[] =
      "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\"><case id=\"SC-1970-000001\" "
      "customer=\"A\" state=\"closed\" registered=\"1970-01-01T00:00:00Z\" "
      "updated=\"9999-12-31T23:59:59Z\"><user name=\"X\"/><device imei=\"490154203237518\" "
      "model=\"M\"/><tier code=\"BAS\" features=\"3\"/><shipment kind=\"replacement\" "
      "at=\"9999-12-31T23:59:59Z\" freight=\"0\"/><event at=\"9999-12-31T23:59:59Z\" "
      "kind=\"state\" from=\"registered\" to=\"closed\"/></case></cases>";
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, xml, strlen(xml), NULL, NULL), SSVC_OK);
  ssvc_report_options o = SSVC_REPORT_OPTIONS_INIT;
  o.customer_id = "A";
  o.from = (ssvc_date){1970, 1, 1};
  o.to = (ssvc_date){1970, 1, 1};
  ssvc_report *r = NULL;
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_OK);
  char *csv = write_fmt(r, SSVC_REPORT_CSV);
  /* 8030 years: the mean exact, the median the middle of its bucket (0.85 % below); no delivery
   * date outside the calendar's years. */
  assert_non_null(strstr(csv, "time-to-close,mean-hours,70389528.0,\r\n"));
  assert_non_null(strstr(csv, "time-to-close,median-hours,69793218.6,\r\n"));
  assert_non_null(strstr(csv, "delivery,deliveries,0,\r\n"));
  free(csv);
  free(write_fmt(r, SSVC_REPORT_HTML));
  ssvc_report_free(r);
}

static void bounded_tables(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE], sym[80];
  /* 66 distinct symptoms: the first 64 are listed, the rest count as other. */
  for (int i = 0; i < 66; i++) {
    snprintf(sym, sizeof sym, "symptom %02d", i);
    create(f->st, id, MON + i * 60, "ACME", "M", sym, (ssvc_date){2027, 1, 1});
  }
  /* A long one cut to 64 bytes on a character boundary: 63 'x' and a two-byte 'ö'. */
  memset(sym, 'x', 63);
  strcpy(sym + 63, "\xc3\xb6 and more");
  create(f->st, id, MON + 70 * 60, "ACME", "M", sym, (ssvc_date){2027, 1, 1});
  ssvc_report *r = report_of(f->st, "ACME");
  char *csv = write_fmt(r, SSVC_REPORT_CSV);
  assert_non_null(strstr(csv, "symptom,symptom 63,1,1.5\r\n"));
  assert_null(strstr(csv, "symptom,symptom 64"));
  assert_non_null(strstr(csv, "symptom,(other or none),3,4.5\r\n"));
  assert_null(strstr(csv, "xxx\xc3"));
  free(csv);
  ssvc_report_free(r);
  /* The cut itself: the table of a fresh store lists the 63 bytes without the broken 'ö'. */
  ssvc_store *st2;
  assert_int_equal(ssvc_store_memory_new(f->ctx, &st2), SSVC_OK);
  create(st2, id, MON, "ACME", "M", sym, (ssvc_date){2027, 1, 1});
  r = report_of(st2, "ACME");
  csv = write_fmt(r, SSVC_REPORT_CSV);
  char want[100];
  memset(want, 'x', 63);
  strcpy(want + 63, ",1,100.0\r\n");
  assert_non_null(strstr(csv, want));
  free(csv);
  ssvc_report_free(r);
  ssvc_store_free(st2);
}

struct progress_log {
  int calls, stop_at;
  uint64_t cases, done, total, last_done;
  int went_back;
};

static int on_progress(void *ud, uint64_t cases, uint64_t done, uint64_t total) {
  struct progress_log *p = ud;
  p->calls++;
  if (done < p->last_done) p->went_back = 1;
  p->last_done = done;
  p->cases = cases;
  p->done = done;
  p->total = total;
  return p->calls == p->stop_at;
}

/* Progress of a report: every 1000 cases read and at the end, how far through the registration
 * times covered; a callback that asks to stop fails the report with SSVC_EIO and no report; an
 * older version of the options is never called back. */
static void progress(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE];
  for (int i = 0; i < 1001; i++)
    create(f->st, id, MON + i * 60, "ACME", "M", "s", (ssvc_date){2027, 1, 1});
  ssvc_report_options o = SSVC_REPORT_OPTIONS_INIT;
  o.customer_id = "ACME";
  o.from = (ssvc_date){2026, 3, 1};
  o.to = (ssvc_date){2026, 3, 31};
  o.progress = on_progress;
  struct progress_log p;
  memset(&p, 0, sizeof p);
  o.progress_data = &p;
  ssvc_report *r = NULL;
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_OK);
  assert_int_equal(ssvc_report_case_count(r), 1001);
  ssvc_report_free(r);
  assert_int_equal(p.calls, 2); /* at the 1000th case and at the end */
  assert_int_equal(p.cases, 1001);
  assert_true(p.total > 0);
  assert_int_equal(p.done, p.total);
  assert_false(p.went_back);
  /* Stopped at the 1000th case: SSVC_EIO, no report. */
  memset(&p, 0, sizeof p);
  p.stop_at = 1;
  r = NULL;
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_EIO);
  assert_null(r);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_report_new: stopped by the progress callback");
  /* Stopped at the end. */
  memset(&p, 0, sizeof p);
  p.stop_at = 2;
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_EIO);
  assert_null(r);
  /* Version 2 of the options ends before progress: not read, never called. */
  memset(&p, 0, sizeof p);
  o.version = 2;
  assert_int_equal(ssvc_report_new(f->st, &r, &o), SSVC_OK);
  ssvc_report_free(r);
  assert_int_equal(p.calls, 0);
}

/* The SWAP stock against the sized level, per model, and refill requests: three more Galaxy A15
 * in ACME's stock (make_data's agreement, a level of 8), then a refill request for the rest. */
static void make_pool(ssvc_store *st) {
  for (int i = 3; i <= 5; i++)
    assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(i), "Galaxy A15", "stock", NULL),
                     SSVC_OK);
  uint32_t number = 0, total = 0;
  assert_int_equal(ssvc_swap_refill_request(st, &number, &total, "ACME", "stock"), SSVC_OK);
  assert_int_equal(number, 1);
  assert_int_equal(total, 4); /* 8 - (make_data's repaired phone + these 3) */
}

static void swap_pool_figures(void **state) {
  struct fx *f = *state;
  make_data(f->st);
  make_pool(f->st);
  ssvc_report *r = report_of(f->st, "ACME");
  char *csv = write_fmt(r, SSVC_REPORT_CSV);
  /* 4 of 8 available (50.0 %); the pending request's 4 phones are not bought yet, so the advice
   * still recommends them. */
  static const char tail[] = "swap-pool,status,ok,\r\n"
                             "swap-pool,available,4,50.0\r\n"
                             "swap-pool,sized-level,8,\r\n"
                             "swap-pool,backorders,0,\r\n"
                             "swap-pool,recommended-purchase,4,\r\n"
                             "refill,pending,1,\r\n"
                             "refill,approved,0,\r\n"
                             "refill,declined,0,\r\n"
                             "refill,phones-pending,4,\r\n";
  if (!strstr(csv, tail)) fail_msg("%s", csv);
  char *html = write_fmt(r, SSVC_REPORT_HTML);
  assert_non_null(strstr(html, "<h2>SWAP-lager</h2>"));
  assert_non_null(strstr(html, "1 väntar på beslut (4 telefoner)"));
  for (size_t i = 0; personal[i]; i++) assert_null(strstr(html, personal[i]));
  free(html);
  free(csv);
  ssvc_report_free(r);
}

/* Per-model stock lines, texts that CSV must quote and markup must escape, and an output that
 * fails at every byte or at the end. */
static void models_quoting_and_lost_output(void **state) {
  struct fx *f = *state;
  static const ssvc_agreement_model models[] = {{"Galaxy, A15", SSVC_AGREEMENT_NO_OVERRIDE, 2},
                                                {"Phone <X> & \"Y\"", SSVC_AGREEMENT_NO_OVERRIDE, 0}};
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  a.customer_id = "ACME";
  a.customer_name = "ACME AB";
  a.tier_code = "PROF";
  a.fleet = 100;
  a.models = models;
  a.model_count = 2;
  assert_int_equal(ssvc_agreement_create(f->st, &a, "sales"), SSVC_OK);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(1), "Galaxy, A15", "stock", NULL),
                   SSVC_OK);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(2), "Phone <X> & \"Y\"", "stock",
                                     NULL),
                   SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  create(f->st, id, MON + 9 * H, "ACME", "Galaxy, A15", "no sound, \"none\"\nat all",
         (ssvc_date){2027, 1, 1});
  create(f->st, id, MON + 10 * H, "ACME", "Phone <X> & \"Y\"", "dead", (ssvc_date){2027, 1, 1});
  ssvc_report *r = report_of(f->st, "ACME");
  char *csv = write_fmt(r, SSVC_REPORT_CSV);
  /* RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
  if (!strstr(csv, "symptom,\"no sound, \"\"none\"\"\nat all\",1,50.0\r\n") ||
      !strstr(csv, "swap-model,\"Galaxy, A15\",1/2,50.0\r\n") || /* its own level of 2 */
      !strstr(csv, "model-fault-rate,\"Phone <X> & \"\"Y\"\"\",1,"))
    fail_msg("%s", strstr(csv, "swap-pool") ? strstr(csv, "swap-pool") : csv);
  char *xml = write_fmt(r, SSVC_REPORT_XML);
  assert_non_null(strstr(xml, "Phone &lt;X&gt; &amp; &quot;Y&quot;"));
  char *html = write_fmt(r, SSVC_REPORT_HTML);
  assert_non_null(strstr(html, "Phone &lt;X&gt; &amp;"));
  assert_null(strstr(html, "Phone <X>"));
  /* An output that stops at any byte: SSVC_EIO with the message, every format. */
  for (int fmt = SSVC_REPORT_XML; fmt <= SSVC_REPORT_HTML; fmt++) {
    size_t whole = strlen(fmt == SSVC_REPORT_XML ? xml : fmt == SSVC_REPORT_CSV ? csv : html);
    for (size_t stop = 1; stop < whole; stop += 1 + stop / 4) {
      struct mem m = {NULL, 0, 0, stop};
      assert_int_equal(ssvc_report_write(r, fmt, mem_put, &m), SSVC_EIO);
      assert_true(m.len <= stop);
      assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "ssvc_report_write"));
      free(m.p);
    }
  }
  /* A file that cannot take the report (a full disk): SSVC_EIO naming the file. */
  struct stat sb;
  if (stat("/dev/full", &sb) == 0) {
    assert_int_equal(ssvc_report_write_file(r, SSVC_REPORT_HTML, "/dev/full"), SSVC_EIO);
    assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "ssvc_report_write_file: /dev/full: cannot "
                                                    "write (No space left on device)"));
  }
  free(html);
  free(xml);
  free(csv);
  ssvc_report_free(r);
}

/* Imported cases the library itself would not make: closed without a state event (the last
 * change counts), closed by an event before the registration (no time), return shipments and a
 * second replacement (only the first is promised), and charges in more currencies than listed. */
static void imported_odd_cases(void **state) {
  struct fx *f = *state;
  char charges[1024] = "";
  for (int k = 0; k < 9; k++) {
    size_t l = strlen(charges);
    snprintf(charges + l, sizeof charges - l,
             "<charge kind=\"1\" amount=\"100\" currency=\"%c%c%c\">fee</charge>", 'A' + k,
             'A' + k, 'A' + k);
  }
  char xml[4096];
  snprintf(xml, sizeof xml,
           "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\">"
           "<case id=\"SC-2026-000001\" customer=\"R\" state=\"closed\" "
           "registered=\"2026-03-10T08:00:00Z\" updated=\"2026-03-10T10:00:00Z\">"
           "<user name=\"X\"/><device imei=\"490154203237518\" model=\"M\" "
           "warranty-end=\"2025-01-01\"/><tier code=\"PROF\" features=\"127\"/>"
           "<shipment kind=\"return\" at=\"2026-03-10T09:00:00Z\" freight=\"0\"/>"
           "<shipment kind=\"replacement\" at=\"2026-03-10T09:00:00Z\" freight=\"0\"/>"
           "<shipment kind=\"replacement\" at=\"2026-03-20T09:00:00Z\" freight=\"0\"/>%s</case>"
           "<case id=\"SC-2026-000002\" customer=\"R\" state=\"closed\" "
           "registered=\"2026-03-10T08:00:00Z\" updated=\"2026-03-10T08:00:00Z\">"
           "<user name=\"X\"/><device imei=\"490154203237518\" model=\"M\"/>"
           "<tier code=\"PROF\" features=\"127\"/><event at=\"2026-03-09T08:00:00Z\" "
           "kind=\"state\" from=\"registered\" to=\"closed\"/></case></cases>",
           charges);
  assert_int_equal(ssvc_xml_import_memory(f->st, NULL, xml, strlen(xml), NULL, NULL), SSVC_OK);
  ssvc_report *r = report_of(f->st, "R");
  char *csv = write_fmt(r, SSVC_REPORT_CSV);
  static const char *const want[] = {
      "summary,replacement-shipments,2,\r\n", "summary,faulty-not-returned,1,\r\n",
      "delivery,deliveries,1,\r\n",           "delivery,on-time,1,100.0\r\n",
      "time-to-close,closed-cases,2,\r\n",     "time-to-close,mean-hours,1.0,\r\n",
      "time-to-close,median-hours,0.0,\r\n",   "time-to-close,p90-hours,2.0,\r\n",
      "warranty,cost-AAA,1.00,\r\n",           "warranty,cost-HHH,1.00,\r\n"};
  for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
    if (!strstr(csv, want[k])) fail_msg("no '%s' in:\n%s", want[k], csv);
  assert_null(strstr(csv, "III")); /* a ninth currency is not listed */
  free(csv);
  ssvc_report_free(r);
}

/* Damaged case records under the report: a state and an outcome out of range count in the
 * total only; an unreadable record or an index entry without its case is an error naming it. */
static void damaged_case_records(void **state) {
  (void)state;
  ssvc_ctx_options co = SSVC_CTX_OPTIONS_INIT;
  co.clock = fixture_clock;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, &co), SSVC_OK);
  ssvc_storage_backend be;
  assert_int_equal(ssvc_storage_memory_backend(ctx, &be), SSVC_OK);
  ssvc_store *st;
  assert_int_equal(ssvc_store_open(ctx, &st, &be), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  create(st, id, MON + 9 * H, "ACME", "M", "no sound", (ssvc_date){2027, 1, 1});
  static const uint8_t key[] = {'C', 0x07, 0xEA, 0, 0, 0, 1}; /* SC-2026-000001 */
  const void *v;
  size_t n;
  uint64_t ver;
  assert_int_equal(be.get(be.user_data, key, sizeof key, &v, &n, &ver), SSVC_OK);
  uint8_t *orig = malloc(n), *rec = malloc(n + 16);
  memcpy(orig, v, n);
  /* Appended: the state field (17) and the outcome field (15), both 200; then an event field
   * (21) longer than the record. */
  static const uint8_t odd[] = {17 << 3, 0x01, 0xC8, 0x01, 15 << 3, 0xC8, 0x01};
  static const uint8_t broken[] = {21 << 3 | 1, 0x7F};
  static const uint8_t other[] = {'X', 1};
  struct {
    const uint8_t *tail;
    size_t len;
    int whole; /* the tail is the whole record */
    int rc;
  } steps[] = {{odd, sizeof odd, 0, SSVC_OK},
               {broken, sizeof broken, 0, SSVC_ESTORAGE},
               {other, sizeof other, 1, SSVC_ESTORAGE}};
  ssvc_report_options o = SSVC_REPORT_OPTIONS_INIT;
  o.customer_id = "ACME";
  o.from = (ssvc_date){2026, 3, 1};
  o.to = (ssvc_date){2026, 3, 31};
  for (size_t k = 0; k < 3; k++) {
    size_t len = steps[k].whole ? 0 : n;
    memcpy(rec, orig, len);
    memcpy(rec + len, steps[k].tail, steps[k].len);
    assert_int_equal(be.begin(be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
    assert_int_equal(be.put(be.user_data, key, sizeof key, rec, len + steps[k].len,
                            SSVC_STORAGE_ANY, NULL), 0);
    assert_int_equal(be.commit(be.user_data), SSVC_OK);
    ssvc_report *r = (ssvc_report *)st;
    assert_int_equal(ssvc_report_new(st, &r, &o), steps[k].rc);
    if (steps[k].rc) {
      assert_null(r);
      assert_non_null(
          strstr(ssvc_ctx_errmsg(ctx), "SC-2026-000001: the stored record is malformed"));
      continue;
    }
    assert_int_equal(ssvc_report_case_count(r), 1);
    char *csv = write_fmt(r, SSVC_REPORT_CSV);
    assert_non_null(strstr(csv, "outcome,none,0,0.0\r\n"));
    assert_non_null(strstr(csv, "state,registered,0,\r\n"));
    free(csv);
    ssvc_report_free(r);
  }
  /* The case gone, its index entry left. */
  assert_int_equal(be.begin(be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(be.del(be.user_data, key, sizeof key, SSVC_STORAGE_ANY), 0);
  assert_int_equal(be.commit(be.user_data), SSVC_OK);
  ssvc_report *r = NULL;
  assert_int_equal(ssvc_report_new(st, &r, &o), SSVC_ESTORAGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "SC-2026-000001: an index entry has no case"));
  assert_null(r);
  free(orig);
  free(rec);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

/* A customer on a tier without SWAP administration has no SWAP stock to report: the figures say
 * so and the page has no SWAP section. */
static void no_swap_section_without_swap_administration(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "BYGG", "BAS", 120, 0, 0);
  char id[SSVC_CASE_ID_SIZE];
  create(f->st, id, MON + 9 * H, "BYGG", "Fairphone 5", "no sound", (ssvc_date){2027, 1, 1});
  ssvc_report *r = report_of(f->st, "BYGG");
  char *csv = write_fmt(r, SSVC_REPORT_CSV);
  assert_non_null(strstr(csv, "swap-pool,status,not-in-tier,\r\n"));
  assert_null(strstr(csv, "swap-pool,available"));
  char *html = write_fmt(r, SSVC_REPORT_HTML);
  assert_null(strstr(html, "SWAP-lager"));
  free(html);
  free(csv);
  ssvc_report_free(r);
}

static int op_report_pool(ssvc_store *st, void *state);

/* ---- The report for the reader (issue 18): Stockholm days, empty states, trend, targets. ---- */

static ssvc_report *report_month(ssvc_store *st, const char *customer, int year, int month,
                                 int lang) {
  ssvc_report_options o = SSVC_REPORT_OPTIONS_INIT;
  o.customer_id = customer;
  o.from = (ssvc_date){year, month, 1};
  ssvc_date next = {month == 12 ? year + 1 : year, month % 12 + 1, 1};
  assert_int_equal(ssvc_date_from_days(&o.to, ssvc_date_to_days(&next) - 1), SSVC_OK);
  o.lang = lang;
  o.supplier_name = "Support Center Nord";
  ssvc_report *r = NULL;
  int rc = ssvc_report_new(st, &r, &o);
  if (rc) fail_msg("report: %s", ssvc_ctx_errmsg(ssvc_store_ctx(st)));
  return r;
}

static ssvc_report_figures figures_of(const ssvc_report *r) {
  ssvc_report_figures f;
  assert_int_equal(ssvc_report_figures_init(&f, SSVC_REPORT_FIGURES_VERSION), SSVC_OK);
  assert_int_equal(ssvc_report_figures_get(r, &f), SSVC_OK);
  return f;
}

/* KONS's agreement, named "Konsult AB" (the report's title). */
static void konsult(ssvc_store *st) {
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  a.customer_id = "KONS";
  a.customer_name = "Konsult AB";
  a.tier_code = "PROF";
  a.fleet = 100;
  assert_int_equal(ssvc_agreement_create(st, &a, "lead"), SSVC_OK);
}

/* A call at 00:30 on 1 December Stockholm time (23:30 UTC on 30 November) counts in December. */
static void stockholm_day_boundary(void **state) {
  ssvc_store *st = ((struct fx *)*state)->st;
  char id[SSVC_CASE_ID_SIZE];
  konsult(st);
  create(st, id, INT64_C(1796081400), "KONS", "Galaxy A15", "no sound", (ssvc_date){2028, 1, 1});
  fixture_now = INT64_C(1796169600); /* 2026-12-02 */
  ssvc_report *nov = report_month(st, "KONS", 2026, 11, SSVC_LANG_SV);
  ssvc_report *dec = report_month(st, "KONS", 2026, 12, SSVC_LANG_SV);
  assert_int_equal(ssvc_report_case_count(nov), 0);
  assert_int_equal(ssvc_report_case_count(dec), 1);
  ssvc_report_figures f = figures_of(dec);
  assert_int_equal(f.period.cases, 1);
  assert_int_equal(f.trend[11].year, 2026);
  assert_int_equal(f.trend[11].month, 11);
  assert_int_equal(f.trend[11].cases, 0);
  assert_string_equal(f.customer_name, "Konsult AB");
  ssvc_report_free(nov);
  ssvc_report_free(dec);
}

/* A month without cases says so in words, in both languages; no "0.0 h", no machine keys. */
static void empty_month(void **state) {
  ssvc_store *st = ((struct fx *)*state)->st;
  konsult(st);
  ssvc_report *sv = report_month(st, "KONS", 2026, 11, SSVC_LANG_SV);
  ssvc_report *en = report_month(st, "KONS", 2026, 11, SSVC_LANG_EN);
  char *a = write_fmt(sv, SSVC_REPORT_HTML), *b = write_fmt(en, SSVC_REPORT_HTML);
  assert_non_null(strstr(a, "Inga ärenden denna månad"));
  assert_non_null(strstr(a, "Inget ärende avslutades denna månad"));
  assert_non_null(strstr(a, "Från Support Center Nord"));
  assert_non_null(strstr(a, "<h1>Konsult AB</h1>"));
  assert_non_null(strstr(b, "No cases this month"));
  assert_non_null(strstr(b, "No case closed this month"));
  assert_non_null(strstr(b, "No replacement phone was delivered this month"));
  assert_non_null(strstr(b, "Cases registered in November 2026"));
  for (char *h = a; h; h = h == a ? b : NULL) {
    assert_null(strstr(h, "0.0 h"));
    assert_null(strstr(h, "handling-error"));
    assert_null(strstr(h, ">none<"));
    assert_null(strstr(h, "within 1.6"));
  }
  /* A caller of version 1 of the options: its struct ends before supplier_name and lang, which
   * are not read (here they hold English and a name): Swedish, no supplier. */
  ssvc_report_options v1 = SSVC_REPORT_OPTIONS_INIT;
  v1.version = 1;
  v1.customer_id = "KONS";
  v1.from = (ssvc_date){2026, 11, 1};
  v1.to = (ssvc_date){2026, 11, 30};
  v1.supplier_name = "not read";
  v1.lang = SSVC_LANG_EN;
  ssvc_report *old = NULL;
  assert_int_equal(ssvc_report_new(st, &old, &v1), SSVC_OK);
  char *c = write_fmt(old, SSVC_REPORT_HTML);
  assert_non_null(strstr(c, "<html lang=\"sv\">"));
  assert_null(strstr(c, "not read"));
  free(c);
  ssvc_report_free(old);
  /* A language that is not one: an error naming it, no report. */
  v1.version = SSVC_REPORT_OPTIONS_VERSION;
  v1.lang = 7;
  assert_int_equal(ssvc_report_new(st, &old, &v1), SSVC_EINVAL);
  assert_null(old);
  assert_string_equal(ssvc_ctx_errmsg(ssvc_store_ctx(st)),
                      "ssvc_report_new: options->lang: not a language (got 7)");
  /* The calendar's first and last months: the trend reaches before 1900, the period's end after
   * 2199. */
  ssvc_report *edge = report_month(st, "KONS", 1900, 1, SSVC_LANG_SV);
  assert_int_equal(figures_of(edge).trend[0].year, 1899);
  ssvc_report_free(edge);
  edge = report_month(st, "KONS", 2199, 12, SSVC_LANG_EN);
  assert_int_equal(figures_of(edge).trend[11].month, 11);
  ssvc_report_free(edge);
  ssvc_report_figures f = figures_of(sv);
  assert_int_equal(f.median_close_seconds, -1);
  assert_int_equal(f.period.cases, 0);
  free(a);
  free(b);
  ssvc_report_free(sv);
  ssvc_report_free(en);
}

/* make_data's March is the last month of April's trend; the April case is the period's. */
static void trend_of_the_months_before(void **state) {
  ssvc_store *st = ((struct fx *)*state)->st;
  make_data(st);
  fixture_now = INT64_C(1778198400); /* 2026-05-08 */
  ssvc_report *r = report_month(st, "ACME", 2026, 4, SSVC_LANG_EN);
  ssvc_report_figures f = figures_of(r);
  assert_int_equal(f.period.year, 2026);
  assert_int_equal(f.period.month, 4);
  assert_int_equal(f.period.cases, 1);
  assert_int_equal(f.trend[0].year, 2025);
  assert_int_equal(f.trend[0].month, 4);
  assert_int_equal(f.trend[11].month, 3);
  assert_int_equal(f.trend[11].cases, 4);
  assert_int_equal(f.trend[11].solved_on_phone, 1);
  assert_int_equal(f.trend[11].deliveries, 2);
  assert_int_equal(f.trend[11].on_time, 1);
  assert_int_equal(f.trend[11].unreturned, 1); /* case 4's phone, at the end of March */
  assert_int_equal(f.trend[10].cases, 0);
  assert_int_equal(f.period.unreturned, 1);    /* still out at the end of April */
  assert_true(f.unreturned_oldest_days >= 50);
  /* Its return deadline has passed: an action, by model only. */
  assert_int_equal(f.overdue, 1);
  char *html = write_fmt(r, SSVC_REPORT_HTML);
  char *todo = strstr(html, "To do now"), *month = strstr(html, "The month in figures");
  assert_non_null(todo);
  assert_true(todo < month);
  assert_non_null(strstr(todo, "<strong>Fairphone 5</strong> not returned"));
  assert_non_null(strstr(html, "viewBox=\"0 0 480 170\""));
  for (size_t i = 0; personal[i]; i++) assert_null(strstr(html, personal[i]));
  free(html);
  ssvc_report_free(r);
}

/* Targets: stored per customer, read back, shown against the figures; bad input changes nothing. */
static void targets(void **state) {
  ssvc_store *st = ((struct fx *)*state)->st;
  ssvc_ctx *ctx = ssvc_store_ctx(st);
  make_data(st);
  ssvc_report_targets t = SSVC_REPORT_TARGETS_INIT;
  assert_int_equal(ssvc_report_targets_get(st, "ACME", &t), SSVC_OK);
  assert_int_equal(t.on_time_bp, SSVC_REPORT_NO_TARGET);
  t.on_time_bp = 9800;
  t.solved_on_phone_bp = 2500;
  t.unreturned_max = 1000000;
  assert_int_equal(ssvc_report_targets_set(st, "ACME", &t, "lead"), SSVC_OK);
  ssvc_report_targets back = SSVC_REPORT_TARGETS_INIT;
  assert_int_equal(ssvc_report_targets_get(st, "ACME", &back), SSVC_OK);
  assert_memory_equal(&t, &back, sizeof t);
  /* Errors name the argument and the value; nothing changes. */
  ssvc_report_targets bad = t;
  bad.on_time_bp = 12000;
  assert_int_equal(ssvc_report_targets_set(st, "ACME", &bad, "lead"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_report_targets_set: targets->on_time_bp: must "
                                            "be 0..10000 or SSVC_REPORT_NO_TARGET (got 12000)");
  assert_int_equal(ssvc_report_targets_set(st, "NOPE", &t, "lead"), SSVC_ENOTFOUND);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "NOPE"));
  assert_int_equal(ssvc_report_targets_set(st, "ACME", NULL, "lead"), SSVC_EINVAL);
  bad = t;
  bad.version = 99;
  assert_int_equal(ssvc_report_targets_set(st, "ACME", &bad, "lead"), SSVC_EVERSION);
  assert_int_equal(ssvc_report_targets_get(st, "ACME", &back), SSVC_OK);
  assert_memory_equal(&t, &back, sizeof t);
  /* Shown against March's figures: on time 1 of 2 (50%) is below 98%; solved 1 of 4 meets 25%;
   * thousands separators: a narrow no-break space in Swedish, a comma in English. */
  ssvc_report *r = report_of(st, "ACME");
  ssvc_report_figures f = figures_of(r);
  assert_int_equal(f.targets.on_time_bp, 9800);
  char *sv = write_fmt(r, SSVC_REPORT_HTML);
  assert_non_null(strstr(sv, "Mål 98\xC2\xA0%: under målet"));
  assert_non_null(strstr(sv, "Mål 25\xC2\xA0%: målet nått"));
  assert_non_null(strstr(sv, "Mål högst 1\xE2\x80\xAF" "000\xE2\x80\xAF" "000"));
  assert_non_null(strstr(sv, "värde 2\xE2\x80\xAF" "500\xC2\xA0kr")); /* the unreturned phone */
  ssvc_report_free(r);
  ssvc_report *en = report_month(st, "ACME", 2026, 3, SSVC_LANG_EN);
  char *html = write_fmt(en, SSVC_REPORT_HTML);
  assert_non_null(strstr(html, "Target 98%: below target"));
  assert_non_null(strstr(html, "Target at most 1,000,000"));
  assert_non_null(strstr(html, "worth SEK\xC2\xA0" "2,500"));
  assert_non_null(strstr(html, "class=\"target\""));
  free(sv);
  free(html);
  ssvc_report_free(en);
}

static ssvc_report_targets fault_targets = {SSVC_REPORT_TARGETS_VERSION, 9800, 4000, 3};

static void *fx_agreement(ssvc_store *st) {
  fixture_agreement(st, "ACME", "PROF", 100, 0, 0);
  return NULL;
}

static int op_targets_set(ssvc_store *st, void *state) {
  (void)state;
  return ssvc_report_targets_set(st, "ACME", &fault_targets, "lead");
}

/* Setting targets under a failure at every storage call and every allocation, on the memory store
 * and on SQLite: a failure stores nothing. */
static void targets_faults(void **state) {
  (void)state;
  const struct store_op op = {"ssvc_report_targets_set", fx_agreement, op_targets_set, NULL};
  assert_true(fault_every_storage_call(&op) > 0);
  assert_true(fault_every_store_alloc(&op) > 0);
  fresh_sqlite_begin(SSVC_TEST_TMP, "test_report");
  assert_true(fault_every_storage_call(&op) > 0);
  fresh_store_end();
}

/* Under faults: gathering the report (the store is only read). */
static void *fx_data(ssvc_store *st) {
  make_data(st);
  return NULL;
}

static int op_report(ssvc_store *st, void *state) {
  (void)state;
  ssvc_report_options o = SSVC_REPORT_OPTIONS_INIT;
  o.customer_id = "ACME";
  o.from = (ssvc_date){2026, 3, 1};
  o.to = (ssvc_date){2026, 3, 31};
  ssvc_report *r = NULL;
  int rc = ssvc_report_new(st, &r, &o);
  ssvc_report_free(r);
  return rc;
}

static void *fx_pool(ssvc_store *st) {
  make_data(st);
  make_pool(st);
  return NULL;
}

static int op_report_pool(ssvc_store *st, void *state) { return op_report(st, state); }

static void faults(void **state) {
  (void)state;
  const struct store_op op = {"ssvc_report_new", fx_data, op_report, NULL};
  assert_true(fault_every_storage_call(&op) > 0);
  assert_true(fault_every_store_alloc(&op) > 0);
  const struct store_op pool = {"ssvc_report_new (SWAP pool)", fx_pool, op_report_pool, NULL};
  assert_true(fault_every_storage_call(&pool) > 0);
  assert_true(fault_every_store_alloc(&pool) > 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(figures_of_a_known_data_set, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(no_personal_data_in_any_format, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(errors, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(extreme_times, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(bounded_tables, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(progress, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(swap_pool_figures, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(models_quoting_and_lost_output, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(no_swap_section_without_swap_administration, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(imported_odd_cases, fixture_setup, fixture_teardown),
      cmocka_unit_test(damaged_case_records),
      cmocka_unit_test(faults),
      cmocka_unit_test_setup_teardown(stockholm_day_boundary, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(empty_month, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(trend_of_the_months_before, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(targets, fixture_setup, fixture_teardown),
      cmocka_unit_test(targets_faults),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
