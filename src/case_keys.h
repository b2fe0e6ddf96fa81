/*
 * Private: the key layout and record encoder of cases (doc/storage.md, doc/records.md), shared
 * by case.c and the benchmark (which inserts the very same bytes with raw SQLite calls).
 */
#ifndef SSVC_CASE_KEYS_H
#define SSVC_CASE_KEYS_H

#include "record.h"
#include "smartservice/case.h"

/* Record types (first byte of a value) and the format version this library writes. */
#define SSVC_REC_CASE 'C'
#define SSVC_REC_COUNTER 'N'
#define SSVC_CASE_FORMAT 1

/* Key sizes. */
#define SSVC_KEY_CASE_LEN 7
#define SSVC_KEY_COUNTER_LEN 3
#define SSVC_KEY_STATE_LEN 8
#define SSVC_KEY_CUSTOMER_MAX (1 + 64 + 1 + 8 + 6)

size_t ssvc__key_case(uint8_t *k, uint32_t year, uint32_t seq);
size_t ssvc__key_counter(uint8_t *k, uint32_t year);
size_t ssvc__key_state(uint8_t *k, int state, uint32_t year, uint32_t seq);
size_t ssvc__key_customer(uint8_t *k, const char *customer, int64_t at, uint32_t year,
                          uint32_t seq);

/* The year (UTC) of an instant. */
int ssvc__year_of(int64_t t);

/* Checks @p spec as ssvc_case_create() does (message names @p func and the field). */
int ssvc__case_spec_check(ssvc_ctx *ctx, const char *func, const ssvc_case_spec *spec);

/* Encodes the record of a new case and its counter record. */
void ssvc__case_encode_new(ssvc_buf *rec, const ssvc_case_spec *spec, uint32_t year,
                           uint32_t seq, int64_t now);
void ssvc__counter_encode(ssvc_buf *rec, uint32_t last);

#endif
