/* Output the library writes through its callbacks (XML exports, reports, CSV, documents) kept in
 * memory for a test to read: a NUL-terminated buffer that grows as needed and can fail a write on
 * purpose. And the XML round trip the fault tests of the interchange run. */
#ifndef SSVC_TEST_MEM_OUT_H
#define SSVC_TEST_MEM_OUT_H

#include <stddef.h>

#include <smartservice.h>

struct mem {
  char *p;           /* what was written, NUL-terminated; NULL before the first write */
  size_t len, cap;
  size_t stop_after; /* fail a write once this many bytes are written (0: never) */
};

/* The write callback: appends @p len bytes to the struct mem at @p ud; 1 (a failed write) past
 * its stop_after. */
int mem_put(void *ud, const char *bytes, size_t len);

/* Releases what @p m holds and empties it. */
void mem_free(struct mem *m);

/* Fills @p m, once (while it is empty), with the XML export of a fresh memory store that @p fill
 * fills: a fault test's fixture for an import, made where no fault reaches it. */
void mem_export_once(struct mem *m, void (*fill)(ssvc_store *src));

/* Imports the XML in @p m into @p st, replacing records that exist: the operation a fault test of
 * the interchange runs. */
int mem_import_replace(ssvc_store *st, const struct mem *m);

#endif
