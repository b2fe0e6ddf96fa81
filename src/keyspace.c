/* keyspace: compile-time check that no two names in a space of keyspace.h share a byte (a
 * duplicate is a duplicate case label, which the compiler rejects). */
#include "keyspace.h"

int ssvc__keyspace_known(int space, int byte);

int ssvc__keyspace_known(int space, int byte) {
  switch (space) {
  case 0: /* first key bytes */
    switch (byte) {
    case SSVC_KEY_AGREEMENT: case SSVC_KEY_BILLING: case SSVC_KEY_CASE: case SSVC_KEY_CASE_COUNTER:
    case SSVC_KEY_CASE_STATE: case SSVC_KEY_CASE_CUSTOMER: case SSVC_KEY_SWAP: return 1;
    default: return 0;
    }
  case 1: /* top-level record types */
    switch (byte) {
    case SSVC_REC_AGREEMENT: case SSVC_REC_CASE: case SSVC_REC_COUNTER: case SSVC_REC_ORDER:
    case SSVC_REC_REFILL: case SSVC_REC_UNIT: return 1;
    default: return 0;
    }
  default: /* record types in the invoice space */
    switch (byte) {
    case SSVC_REC_B_ACCOUNT: case SSVC_REC_B_MARK: case SSVC_REC_B_INVOICE:
    case SSVC_REC_B_ACCOUNT_COUNT: case SSVC_REC_B_COUNTER: case SSVC_REC_B_RUN: return 1;
    default: return 0;
    }
  }
}
