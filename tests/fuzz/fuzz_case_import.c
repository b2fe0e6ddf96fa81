/* libFuzzer target: the case importer on arbitrary bytes. Whatever the input, import must return
 * a status without crashing, leaking or tripping a sanitizer, and every failure names its cause.
 * When something imports, the round trip must hold: export, import into an empty store, export
 * again gives the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smartservice.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct buf {
  char *p;
  size_t len, cap;
};

static int put(void *ud, const char *bytes, size_t len) {
  struct buf *b = ud;
  if (b->len + len > b->cap) {
    b->cap = (b->len + len) * 2;
    b->p = realloc(b->p, b->cap);
    if (!b->p) abort();
  }
  memcpy(b->p + b->len, bytes, len);
  b->len += len;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ssvc_ctx *ctx;
  if (ssvc_ctx_new(&ctx, NULL)) return 0;
  ssvc_store *st, *st2;
  if (ssvc_store_memory_new(ctx, &st)) abort();
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.continue_on_error = size % 2;
  o.batch_size = 1 + size % 4;
  o.on_duplicate = 1 + (int)(size % 3);
  o.max_total = 1 << 20;
  /* The record bound (xml_scan.c): the default, tight ones, none. */
  static const uint64_t record_bounds[] = {0, 256, 4096, UINT64_MAX};
  o.max_record_bytes = record_bounds[size / 7 % 4];
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  int rc = ssvc_xml_import_memory(st, &r, data, size, "fuzz", &o);
  if (rc != SSVC_OK && ssvc_ctx_errmsg(ctx)[0] == '\0') abort();
  if (r.imported + r.replaced + r.agreements_imported + r.agreements_replaced > 0) {
    struct buf a = {NULL, 0, 0}, b = {NULL, 0, 0};
    if (ssvc_xml_export(st, NULL, put, &a, NULL)) abort();
    if (ssvc_store_memory_new(ctx, &st2)) abort();
    ssvc_xml_import_options unbounded = SSVC_XML_IMPORT_OPTIONS_INIT;
    unbounded.max_record_bytes = UINT64_MAX; /* the export may escape a record beyond the input */
    if (ssvc_xml_import_memory(st2, NULL, a.p, a.len, "export", &unbounded)) abort();
    if (ssvc_xml_export(st2, NULL, put, &b, NULL)) abort();
    if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0) abort();
    ssvc_report_options ro = SSVC_REPORT_OPTIONS_INIT;
    ro.customer_id = "A";
    ro.from = (ssvc_date){1970, 1, 1};
    ro.to = (ssvc_date){2199, 12, 31};
    ssvc_report *rep;
    if (ssvc_report_new(st2, &rep, &ro)) abort();
    for (int f = SSVC_REPORT_XML; f <= SSVC_REPORT_HTML; f++) {
      struct buf c = {NULL, 0, 0};
      if (ssvc_report_write(rep, f, put, &c)) abort();
      free(c.p);
    }
    ssvc_report_free(rep);
    ssvc_store_free(st2);
    free(a.p);
    free(b.p);
  }
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  return 0;
}
