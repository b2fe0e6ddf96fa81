/* Output kept in memory for the tests (mem_out.h). */
#include "mem_out.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

int mem_put(void *ud, const char *bytes, size_t len) {
  struct mem *m = ud;
  if (m->stop_after && m->len + len > m->stop_after) return 1;
  if (m->len + len + 1 > m->cap) {
    size_t cap = (m->len + len + 1) * 2;
    char *p = realloc(m->p, cap);
    if (!p) return 1;
    m->p = p;
    m->cap = cap;
  }
  memcpy(m->p + m->len, bytes, len);
  m->len += len;
  m->p[m->len] = '\0';
  return 0;
}

void mem_free(struct mem *m) {
  free(m->p);
  memset(m, 0, sizeof *m);
}

void mem_export_once(struct mem *m, void (*fill)(ssvc_store *src)) {
  if (m->len) return;
  ssvc_ctx *ctx = NULL;
  ssvc_store *src = NULL;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  assert_int_equal(ssvc_store_memory_new(ctx, &src), SSVC_OK);
  fill(src);
  assert_int_equal(ssvc_xml_export(src, NULL, mem_put, m, NULL), SSVC_OK);
  ssvc_store_free(src);
  ssvc_ctx_free(ctx);
}

int mem_import_replace(ssvc_store *st, const struct mem *m) {
  ssvc_xml_import_options o;
  ssvc_xml_import_options_init(&o, SSVC_XML_IMPORT_OPTIONS_VERSION);
  o.on_duplicate = SSVC_XML_DUP_REPLACE;
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  return ssvc_xml_import_memory(st, &r, m->p, m->len, "x.xml", &o);
}
