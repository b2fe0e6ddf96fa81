/*
 * bench_invoice: build and render as UBL (Peppol BIS 3.0) N invoices of U users each, 8% of the
 * users with a shipment billed as its own freight line and packaging line, beside a reference in
 * the same run: a raw xmlTextWriter loop writing the same number of elements of the same average
 * text length into a memory buffer and copying it out, with none of the library's work (prices,
 * proration, VAT, validation, copying texts). Prints the times, the ratio and the peak memory.
 *
 *   bench_invoice [--invoices N] [--users U] [--shipment-bp BP] [--runs R]
 *
 * Each side runs R times (default 3), alternating; the best time of each is reported.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libxml/xmlwriter.h>
#include <smartservice.h>

static double now(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long peak_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static void die(const char *what, ssvc_ctx *ctx) {
  fprintf(stderr, "bench_invoice: %s: %s\n", what, ctx ? ssvc_ctx_errmsg(ctx) : "");
  exit(1);
}

/* Start tags in a document: '<' not followed by '/' or '?'. */
static size_t count_elements(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (s[0] == '<' && s[1] != '/' && s[1] != '?') n++;
  return n;
}

struct run {
  ssvc_ctx *ctx;
  ssvc_pricelist *pl;
  const ssvc_party *seller, *buyer;
  const ssvc_charge *charges;
  long invoices, users, shipments;
  char *out;
  size_t cap;
  size_t out_bytes, elements, doc_bytes, ref_bytes, lines;
  int64_t payable_sum;
};

/* The library: build, compute, render. */
static double run_library(struct run *r) {
  r->out_bytes = 0;
  r->payable_sum = 0;
  double t0 = now();
  for (long k = 0; k < r->invoices; k++) {
    char number[32];
    snprintf(number, sizeof number, "2026-11-%06ld", k);
    ssvc_invoice_info info = SSVC_INVOICE_INFO_INIT;
    info.number = number;
    info.issue_date = (ssvc_date){2026, 11, 1};
    info.due_date = (ssvc_date){2026, 11, 30};
    info.period_start = info.issue_date;
    info.period_end = info.due_date;
    info.seller = r->seller;
    info.buyer = r->buyer;
    ssvc_invoice *inv;
    if (ssvc_invoice_new(r->ctx, &inv, &info)) die("invoice", r->ctx);
    ssvc_user_count u[2] = {{{2026, 1, 1}, (uint32_t)r->users},
                            {{2026, 11, 21}, (uint32_t)r->users + 3}};
    ssvc_month_input in = SSVC_MONTH_INPUT_INIT;
    in.agreement = "K";
    in.tier = "PROF";
    in.year = 2026;
    in.month = 11;
    in.users = u;
    in.user_changes = 2;
    in.charges = r->charges;
    in.charge_count = (size_t)r->shipments * 2;
    if (ssvc_charges_month(r->pl, inv, NULL, &in)) die("month", r->ctx);
    size_t len;
    if (ssvc_invoice_ubl(inv, r->out, r->cap, &len)) die("ubl", r->ctx);
    if (len >= r->cap) die("buffer too small", NULL);
    ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
    ssvc_invoice_get_totals(inv, &t);
    r->payable_sum += t.payable;
    r->out_bytes += len;
    if (k == 0) {
      r->elements = count_elements(r->out);
      r->doc_bytes = len;
      r->lines = ssvc_invoice_line_count(inv);
    }
    ssvc_invoice_free(inv);
  }
  return now() - t0;
}

/* The reference: the same number of elements with text of the same average length. */
static double run_reference(struct run *r) {
  /* Each element: indent (2), "<cbc:Name>" and "</cbc:Name>" (21), the newline: 24 bytes. */
  size_t per_elem = r->doc_bytes / (r->elements ? r->elements : 1);
  size_t per_text = per_elem > 25 ? per_elem - 24 : 1;
  char filler[256];
  if (per_text >= sizeof filler) per_text = sizeof filler - 1;
  memset(filler, 'x', per_text);
  filler[per_text] = '\0';
  r->ref_bytes = 0;
  double t0 = now();
  for (long k = 0; k < r->invoices; k++) {
    xmlBufferPtr b = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(b, 0);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, (const xmlChar *)"  ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElement(w, (const xmlChar *)"Invoice");
    for (size_t e = 1; e < r->elements; e++)
      xmlTextWriterWriteElement(w, (const xmlChar *)"cbc:Name", (const xmlChar *)filler);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    size_t len = (size_t)xmlBufferLength(b);
    memcpy(r->out, xmlBufferContent(b), len < r->cap ? len : r->cap - 1);
    r->ref_bytes += len;
    xmlBufferFree(b);
  }
  return now() - t0;
}

int main(int argc, char **argv) {
  long invoices = 10000, users = 1000, ship_bp = 800, runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--invoices") == 0) invoices = atol(argv[i + 1]);
    else if (strcmp(argv[i], "--users") == 0) users = atol(argv[i + 1]);
    else if (strcmp(argv[i], "--shipment-bp") == 0) ship_bp = atol(argv[i + 1]);
    else if (strcmp(argv[i], "--runs") == 0) runs = atol(argv[i + 1]);
    else {
      fprintf(stderr, "usage: bench_invoice [--invoices N] [--users U] [--shipment-bp BP] [--runs R]\n");
      return 2;
    }
  }
  if (invoices < 1 || users < 1 || ship_bp < 0 || ship_bp > 10000 || runs < 1) return 2;
  long shipments = (users * ship_bp + 9999) / 10000;

  ssvc_ctx *ctx;
  if (ssvc_ctx_new(&ctx, NULL)) die("context", NULL);
  ssvc_catalog *cat;
  ssvc_pricelist *pl;
  if (ssvc_catalog_new(ctx, &cat) || ssvc_pricelist_new(ctx, &pl, cat)) die("setup", ctx);
  /* A price change on the 16th: every fee is two prorated lines. */
  if (ssvc_pricelist_add_price(pl, "PROF", (ssvc_date){2026, 11, 16}, 4100)) die("price", ctx);

  ssvc_party seller = SSVC_PARTY_INIT, buyer = SSVC_PARTY_INIT;
  seller.name = "Smartservice Support Center AB";
  seller.org_number = "556000-0001";
  seller.vat_number = "SE556000000101";
  seller.street = "Supportvägen 1";
  seller.postal_code = "111 22";
  seller.city = "Stockholm";
  buyer.name = "Kund AB";
  buyer.org_number = "559000-0005";
  buyer.city = "Göteborg";
  ssvc_charge *charges = calloc((size_t)shipments * 2, sizeof *charges);
  for (long i = 0; i < shipments * 2; i++) {
    ssvc_charge_init(&charges[i], SSVC_CHARGE_VERSION);
    charges[i].kind = i % 2 ? SSVC_CHARGE_PACKAGING : SSVC_CHARGE_FREIGHT;
    charges[i].text_sv = i % 2 ? "Emballage, försändelse" : "Frakt, försändelse";
    charges[i].text_en = i % 2 ? "Packaging, shipment" : "Freight, shipment";
    charges[i].quantity = 1;
    charges[i].unit_price_minor = i % 2 ? 2500 : 8900 + (i % 7) * 100;
    charges[i].date = (ssvc_date){2026, 10, 1 + (int)(i / 2) % 31};
  }

  struct run r = {ctx, pl, &seller, &buyer, charges, invoices, users, shipments, NULL, 1 << 20,
                  0, 0, 0, 0, 0, 0};
  r.out = malloc(r.cap);
  long peak_before = peak_kb();
  /* Alternating runs, best of each: the machine is shared and the first run warms caches. */
  double lib = 1e30, ref = 1e30;
  long peak_lib = 0;
  for (int i = 0; i < runs; i++) {
    double t = run_library(&r);
    if (t < lib) lib = t;
    if (i == 0) peak_lib = peak_kb();
    t = run_reference(&r);
    if (t < ref) ref = t;
  }
  size_t elements = r.elements, doc_bytes = r.doc_bytes, out_bytes = r.out_bytes,
         ref_bytes = r.ref_bytes;
  int64_t payable_sum = r.payable_sum;
  char *out = r.out;

  printf("invoices: %ld of %ld users, %ld shipments each (%ld lines; %zu elements, %zu bytes of "
         "UBL per invoice)\n",
         invoices, users, shipments, (long)r.lines, elements, doc_bytes);
  printf("best of %ld runs each\n", runs);
  printf("library   (build + compute + UBL): %8.3f s  %6.1f us/invoice  %7.1f MB written\n", lib,
         lib / invoices * 1e6, out_bytes / 1e6);
  printf("reference (raw xmlTextWriter):     %8.3f s  %6.1f us/invoice  %7.1f MB written\n", ref,
         ref / invoices * 1e6, ref_bytes / 1e6);
  printf("ratio library/reference: %.2f\n", lib / ref);
  printf("peak RSS: %ld KB before, %ld KB after the first library run, %ld KB at the end\n",
         peak_before, peak_lib, peak_kb());
  printf("checksum: %lld öre payable in all\n", (long long)payable_sum);
  free(out);
  free(charges);
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
  ssvc_ctx_free(ctx);
  xmlCleanupParser();
  return 0;
}
