/* charge_index: the keys of the uninvoiced-charges index and its upkeep (charge_index.h). */
#include <string.h>

#include "case_record.h" /* be16, be32, be64_biased, rd16, rd32: the 'U' tail's encoding */
#include "charge_index.h"
#include "invoice_store.h"

size_t ssvc__charge_index_marker(uint8_t *k, const char *customer) {
  return ssvc__inv_key_cust(k, 'P', customer);
}

size_t ssvc__charge_index_key(uint8_t *k, const char *customer, int64_t registered, uint32_t year,
                              uint32_t seq) {
  size_t n = ssvc__charge_index_marker(k, customer);
  be64_biased(k + n, registered);
  be16(k + n + 8, year);
  be32(k + n + 10, seq);
  return n + SSVC__CHARGE_INDEX_TAIL;
}

void ssvc__charge_index_tail(const uint8_t *tail, int64_t *registered, uint32_t *year,
                             uint32_t *seq) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = v << 8 | tail[i];
  *registered = (int64_t)(v ^ (UINT64_C(1) << 63));
  *year = rd16(tail + 8);
  *seq = rd32(tail + 10);
}

int ssvc__charge_index_add(ssvc_store *st, const char *func, const char *customer,
                           int64_t registered, uint32_t year, uint32_t seq) {
  uint8_t k[SSVC__CHARGE_INDEX_KEY_MAX];
  int rc = ssvc__store_put(st, func, k, ssvc__charge_index_key(k, customer, registered, year, seq),
                           "", 0, SSVC_STORAGE_NEW, NULL);
  return rc == SSVC_ECONFLICT ? SSVC_OK : rc; /* there already: the case had a charge waiting */
}
