/*
 * keyspace: every first key byte and every record-type byte in one table (private; the same
 * table is in doc/storage.md and doc/records.md). Stored bytes never change.
 *
 * Decision: the first key byte names one key space, unique across the library. A record's
 * type (the first byte of its value) is unique within the library's top-level records; the
 * invoice key space 'B' is a namespace of its own (second key byte) whose record types reuse
 * 'A', 'R' and 'N': a value is read only by the module owning its key's first byte, so the pair
 * (first key byte, record type) is what is unique. The storage suite (tests/unit/test_storage.c)
 * fails to compile on a duplicate.
 */
#ifndef SSVC_KEYSPACE_H
#define SSVC_KEYSPACE_H

/* First key bytes. */
#define SSVC_KEY_AGREEMENT 'A'    /* 'A' customer -> agreement */
#define SSVC_KEY_BILLING 'B'      /* 'B' kind ... -> invoice space (second byte below) */
#define SSVC_KEY_CASE 'C'         /* 'C' year seq -> case */
#define SSVC_KEY_CASE_COUNTER 'N' /* 'N' year -> case-id counter */
#define SSVC_KEY_FEED 'F'         /* 'F' -> feed counter; 'F' position (u64) -> feed entry */
#define SSVC_KEY_CASE_IMEI 'I'    /* 'I' customer 0 imei year seq -> index entry */
#define SSVC_KEY_CASE_STATE 'S'   /* 'S' state year seq -> index entry */
#define SSVC_KEY_CASE_CUSTOMER 'U' /* 'U' customer 0 instant year seq -> index entry */
#define SSVC_KEY_PRICE 'L'        /* 'L' customer 0 kind tier 0 date -> a dated price */
#define SSVC_KEY_SWAP 'W'         /* 'W' kind customer ... -> swap pool (units, orders, refills) */
#define SSVC_KEY_REPORT_TARGETS 'Q' /* 'Q' customer 0 -> quality report targets */
#define SSVC_KEY_ROSTER 'R'       /* 'R' kind customer 0 ... -> roster entries and indexes */
#define SSVC_KEY_BACKUP_PHONE 'K' /* 'K' customer 0 imei -> backup phone */
#define SSVC_KEY_STOCK_ORDER 'X'  /* 'X' customer 0 number (u32) -> stock change order */
#define SSVC_KEY_REPAIR_ORDER 'V' /* 'V' customer 0 case-id -> repair order (workshop) */

/* Top-level record types (first value byte). */
#define SSVC_REC_AGREEMENT 'A'
#define SSVC_REC_CASE 'C'
#define SSVC_REC_COUNTER 'N'
#define SSVC_REC_FEED 'F' /* a change-feed entry (changes.c); its counter is an 'N' record */
#define SSVC_REC_ORDER 'O'
#define SSVC_REC_PRICE 'L'
#define SSVC_REC_REPORT_TARGETS 'Q'
#define SSVC_REC_REFILL 'R'
#define SSVC_REC_UNIT 'W'
#define SSVC_REC_ROSTER 'E' /* a roster entry ('R' 'E' customer 0 imei) */
#define SSVC_REC_BACKUP_PHONE 'K'
#define SSVC_REC_STOCK_ORDER 'X'
#define SSVC_REC_REPAIR_ORDER 'V'

/* Record types in the invoice key space 'B' (first value byte; second key byte in comments). */
#define SSVC_REC_B_ACCOUNT 'A'       /* 'B' 'A': a charge on a customer's account */
#define SSVC_REC_B_MARK 'H'          /* 'B' 'H': invoiced watermark of a case */
#define SSVC_REC_B_INVOICE 'I'       /* 'B' 'I': an invoice */
#define SSVC_REC_B_ACCOUNT_COUNT 'K' /* 'B' 'K': number of charges on the account */
#define SSVC_REC_B_COUNTER 'N'       /* 'B' 'N': invoice-number counter of a year; 'B' 'O':
                                        the credit-note counter */
#define SSVC_REC_B_CREDITED 'C'      /* 'B' 'C': the credited lines of an invoice */
#define SSVC_REC_B_RUN 'R'           /* 'B' 'M': run record of a month */
#define SSVC_REC_B_CENTER 'S'        /* 'B' 'S': the Support Center's identity */
/* 'B' 'P' customer 0 [registered year seq]: the uninvoiced-charges index and its built marker
 * (charge_index.h); empty values, so no record type. */

#endif
