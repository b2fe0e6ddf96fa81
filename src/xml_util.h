/*
 * Private: pieces shared by the modules that read or write XML (xml, report): an input source for
 * xmlTextReader that counts and bounds the bytes and remembers the recent ones (to give an
 * element's column), the capture of libxml2's first error, and UTC instants as text.
 */
#ifndef SSVC_XML_UTIL_H
#define SSVC_XML_UTIL_H

#include <stdint.h>
#include <stdio.h>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "internal.h"
#include "smartservice/calendar.h"
#include "xml_scan.h"

/* Recent input kept to find the column of an element's start tag (bytes, lines). */
#define SSVC_XML_RING 65536
#define SSVC_XML_LINES 4096

typedef struct ssvc__xml_src {
  FILE *f;              /* a file, or NULL for memory */
  const uint8_t *mem;   /* memory input */
  size_t mem_len, mem_pos;
  uint64_t total;       /* bytes handed to the parser */
  uint64_t max_total;   /* 0: no limit */
  int over_limit;       /* the parser asked for more than max_total */
  int io_error;         /* reading the file failed (errno in io_errno) */
  int io_errno;
  long lines;           /* newlines seen + 1: the line of the next byte */
  int eof;              /* the input has ended */
  int prolog_done;      /* the root element's '<' was seen */
  int doctype;          /* "<!DOCTYPE" was seen before the root: reading stopped there */
  long doctype_line, doctype_col;
  uint8_t last[9];      /* the last bytes of the prolog, to find "<!DOCTYPE" across reads */
  uint64_t line_col0;   /* offset of the current line's start (for doctype_col) */
  /* The first bytes, read and checked before any reaches the parser: libxml2 never switches to
   * another encoding (its converters print their errors). */
  uint8_t head[512];
  size_t head_len, head_pos;
  int head_done;
  int bad_encoding;     /* not UTF-8: the reason is in encoding_msg */
  char encoding_msg[96];
  /* The bounds checked on every byte before libxml2 sees it (xml_scan.h); scan_failed when
   * reading stopped there (scan.fail says why). */
  ssvc__xml_scan scan;
  int scan_failed;
  uint64_t line_shift;  /* added to libxml2's lines in ssvc__xml_where(): the record's
                           ssvc__xml_scan_shift() */
  uint8_t in[16384];     /* input read but not yet scanned */
  size_t in_pos, in_len;
  uint64_t line_start[SSVC_XML_LINES]; /* offset of line L at [L % SSVC_XML_LINES] */
  uint8_t ring[SSVC_XML_RING];         /* byte at offset o at [o % SSVC_XML_RING] */
} ssvc__xml_src;

/* Prepares @p s over a file or memory (call with s zeroed or freshly allocated), with the
 * scanner's bounds (ssvc__xml_scan_init()). */
void ssvc__xml_src_init(ssvc__xml_src *s, FILE *f, const void *mem, size_t len,
                        uint64_t max_total, unsigned max_depth, uint64_t max_item,
                        uint64_t max_children);

/* The xmlInputReadCallback of a source. It refuses to hand over a DOCTYPE: reading stops with
 * doctype set before the parser sees any of it. The scanner sees every byte first: it drops
 * comments and processing instructions between records and stops reading (scan_failed) at a
 * bound. */
int ssvc__xml_src_read(void *ctx, char *buf, int len);

/* Where @p n (an element just read) starts: its line from libxml2 (plus line_shift), its column
 * (1-based bytes) found in the recent input; column 1 when the line is no longer in view. */
void ssvc__xml_where(const ssvc__xml_src *s, const xmlNode *n, long *line, long *col);

/* The first error libxml2 reported (warnings ignored). */
typedef struct ssvc__xml_err {
  int set;
  int code;
  long line, col;
  char msg[200];
} ssvc__xml_err;

/* The structured error handler that fills an ssvc__xml_err. */
#if LIBXML_VERSION >= 21200
void ssvc__xml_err_handler(void *data, const xmlError *e);
#else
void ssvc__xml_err_handler(void *data, xmlErrorPtr e);
#endif

/* A whole document from @p len bytes at @p buf (parser @p options), with the first error libxml2
 * reports kept in *err (warnings ignored), not printed. NULL when the text is not well-formed or
 * memory ran out: err->code is then XML_ERR_NO_MEMORY for a failed allocation that libxml2
 * reported as such (the first error, not the parser's last one, which after running out of memory
 * is usually a consequence). */
xmlDoc *ssvc__xml_read_memory(const char *buf, size_t len, int options, ssvc__xml_err *err);
/* (@p len must fit an int: the callers' size limits keep it far below.) */

/* "2026-03-02T09:00:00Z" into @p buf (at least 21 bytes); years outside 1-9999 give "". */
void ssvc__utc_format(char *buf, int64_t t);
/* Parses exactly the form ssvc__utc_format() writes; 0 on success, -1 otherwise. */
int ssvc__utc_parse(const char *s, int64_t *out);

/* The instants [lo, hi) of the UTC days from..to (year 0: no bound). */
int ssvc__utc_day_bounds(ssvc_ctx *ctx, const char *func, ssvc_date from, ssvc_date to,
                         int64_t *lo, int64_t *hi);

#endif
