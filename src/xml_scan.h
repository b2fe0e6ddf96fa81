/*
 * Private: the import's byte scanner (doc/xml.md "Bounded memory"). It sees every byte of the
 * input before libxml2 does and keeps the reader's memory bounded whatever the input:
 *
 * - the depth of element nesting (max_depth), checked at each start tag;
 * - the size of each item at the root's level: a record (from its '<' to its end tag's '>'), a
 *   comment, a processing instruction, and the prolog and the epilog as a whole (max_item bytes
 *   each; white space between records is dropped, whatever its length);
 * - the child elements of a record (max_children), counted as they arrive, and the attributes
 *   of an element (SSVC_XML_SCAN_ATTRS_MAX: libxml2 checks them for duplicates in quadratic time);
 * - control characters (below U+0020 except tab, newline, carriage return), refused where they
 *   are, since XML does not allow them.
 *
 * Comments, processing instructions and white space between records never reach libxml2 (its
 * reader keeps comment nodes, 100 MB of them grew it to 600 MiB, and joins white space into one
 * text node): the scanner drops them. libxml2's line numbers then fall behind the file's by the
 * newlines dropped: the scanner notes, for each record, how many (ssvc__xml_scan_shift()). What
 * libxml2 would have checked in what is dropped the scanner checks: "--" inside a comment, the
 * reserved target "xml", UTF-8; text between records is refused.
 */
#ifndef SSVC_XML_SCAN_H
#define SSVC_XML_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* Why the scanner stopped. */
enum {
  SSVC_XML_SCAN_OK = 0,
  SSVC_XML_SCAN_DEPTH,    /* a start tag deeper than max_depth */
  SSVC_XML_SCAN_SIZE,     /* an item larger than max_item */
  SSVC_XML_SCAN_CHILDREN, /* a record with more than max_children child elements */
  SSVC_XML_SCAN_CONTROL,  /* a control character */
  SSVC_XML_SCAN_SYNTAX,   /* a comment or processing instruction between records is malformed */
  SSVC_XML_SCAN_ATTRS     /* an element with more than SSVC_XML_SCAN_ATTRS_MAX attributes */
};

/* Tags at the root's level remembered for line numbers: more than the scanner reads ahead of
 * libxml2 (its 16 KiB and libxml2's few KiB hold fewer than 8192 records of at least 4 bytes). */
#define SSVC_XML_SCAN_TAGS 8192

/* Most attributes of one element (the format's widest, <agreement>, has 17). */
#define SSVC_XML_SCAN_ATTRS_MAX 64

typedef struct ssvc__xml_scan {
  unsigned max_depth;
  uint64_t max_item, max_children;
  /* State. */
  int state, quote, slash, attrs, match, held, strip, utf8_need, utf8_lo, utf8_hi, name_len, pi_len;
  unsigned depth;
  int root_seen, root_done;
  uint64_t off;               /* offset of the next byte */
  long line;                  /* line of the next byte */
  uint64_t line_start;        /* offset where that line starts */
  uint64_t item_end;          /* offset at which the current item is too large */
  uint64_t item_off;          /* where the current item starts, for messages */
  long item_line, item_col;
  long lt_line, lt_col;       /* where the last '<' is */
  uint64_t children;          /* child elements of the record being read */
  /* Newlines dropped between records (libxml2 never sees them, so its line numbers fall behind
   * the file's), and for the last SSVC_XML_SCAN_TAGS tags at the root's level (records' start
   * tags, the root's end tag) libxml2's line of the tag and the newlines dropped before it. */
  uint64_t dropped;
  uint64_t tags;
  long tag_line[SSVC_XML_SCAN_TAGS], tag_col[SSVC_XML_SCAN_TAGS], tag_raw_col[SSVC_XML_SCAN_TAGS];
  long out_col; /* bytes passed on since the last newline passed on */
  uint64_t tag_dropped[SSVC_XML_SCAN_TAGS];
  char name[33];              /* the record's element name (cut at 32 bytes) */
  /* Why it stopped (SSVC_XML_SCAN_*), where, and what. */
  int fail;
  long fail_line, fail_col;
  unsigned fail_byte;
  const char *fail_what;
} ssvc__xml_scan;

/* Starts a scan with the bounds (0: no bound). */
void ssvc__xml_scan_init(ssvc__xml_scan *s, unsigned max_depth, uint64_t max_item,
                         uint64_t max_children);

/* Scans up to @p n input bytes at @p in, writing what libxml2 is to see to @p buf (at most @p cap
 * bytes, @p cap at least 2): the number written, *used the input bytes consumed (it stops early
 * when the output is full), or -1 with s->fail set. */
long ssvc__xml_scan_bytes(ssvc__xml_scan *s, const uint8_t *in, size_t n, size_t *used,
                          uint8_t *buf, size_t cap);

/* At the end of the input: a '<' held back (the input ends with it) written to @p buf; 0 or 1. */
size_t ssvc__xml_scan_end(ssvc__xml_scan *s, uint8_t *buf, size_t cap);

/* The newlines dropped before the @p k-th tag at the root's level (0-based: the records in order,
 * then the root's end tag): add it to libxml2's line of anything in that record. 0 when the tag
 * is not known (yet, or any more). */
uint64_t ssvc__xml_scan_shift(const ssvc__xml_scan *s, uint64_t k);

/* libxml2's position *line, *col (bytes) as the file's, found from the tags remembered (the last
 * one at or before it): for libxml2's own errors. */
void ssvc__xml_scan_position(const ssvc__xml_scan *s, long *line, long *col);

/* What the scan stopped for, as "line:col: why" into @p out (the caller prefixes the input's
 * name). */
void ssvc__xml_scan_message(const ssvc__xml_scan *s, char *out, size_t size);

#endif
