/* The import's byte scanner (xml_scan.h). */
#include "xml_scan.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum { ST_TEXT, ST_LT, ST_STAG, ST_ETAG, ST_BANG, ST_COMMENT, ST_PI, ST_CDATA, ST_DECL };

#define IS_SPACE(b) ((b) == ' ' || (b) == '\t' || (b) == '\n' || (b) == '\r')

void ssvc__xml_scan_init(ssvc__xml_scan *s, unsigned max_depth, uint64_t max_item,
                         uint64_t max_children) {
  memset(s, 0, sizeof *s);
  s->max_depth = max_depth;
  s->max_item = max_item;
  s->max_children = max_children;
  s->line = 1;
  s->item_line = s->item_col = 1;
  s->item_end = max_item ? max_item : UINT64_MAX; /* the prolog */
}

static long col_of(const ssvc__xml_scan *s, uint64_t off) {
  return (long)(off - s->line_start) + 1;
}

/* A new item at the root's level starts at @p off. */
static void start_item(ssvc__xml_scan *s, uint64_t off) {
  s->item_off = off;
  s->item_end = s->max_item ? off + s->max_item : UINT64_MAX;
  s->item_line = s->line;
  s->item_col = col_of(s, off);
}

static long fail(ssvc__xml_scan *s, int why, long line, long col, const char *what) {
  s->fail = why;
  s->fail_line = line;
  s->fail_col = col;
  s->fail_what = what;
  return -1;
}

/* One byte of the record's element name (the first 32 are kept). */
static void name_add(ssvc__xml_scan *s, unsigned b) {
  if (s->name_len >= (int)sizeof s->name - 1) return;
  s->name[s->name_len++] = (char)b;
  s->name[s->name_len] = '\0';
}

/* A construct (tag, comment, processing instruction) ended at @p off. */
static void end_construct(ssvc__xml_scan *s, uint64_t off, int was_root_end) {
  s->state = ST_TEXT;
  s->strip = 0;
  if (s->depth == 1 || was_root_end) start_item(s, off + 1);
  if (s->depth == 1) s->item_end = UINT64_MAX; /* white space between records: dropped */
}

/* A tag at the root's level starts: what libxml2 will count as its line is noted with the
 * newlines dropped before it (ssvc__xml_scan_shift()). */
static void note_tag(ssvc__xml_scan *s) {
  size_t k = (size_t)(s->tags % SSVC_XML_SCAN_TAGS);
  s->tag_line[k] = s->lt_line - (long)s->dropped;
  s->tag_col[k] = s->out_col; /* the '<', passed on just before */
  s->tag_raw_col[k] = s->lt_col;
  s->tag_dropped[k] = s->dropped;
  s->tags++;
}

/* One byte of a comment or processing instruction that is dropped: UTF-8 is checked here
 * (libxml2 never sees it). 0, or -1 for a byte that cannot be there. */
static int utf8_step(ssvc__xml_scan *s, unsigned b) {
  if (s->utf8_need) {
    if (b < (unsigned)s->utf8_lo || b > (unsigned)s->utf8_hi) return -1;
    s->utf8_need--;
    s->utf8_lo = 0x80;
    s->utf8_hi = 0xBF;
    return 0;
  }
  if (b < 0x80) return 0;
  s->utf8_lo = 0x80;
  s->utf8_hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    s->utf8_need = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    s->utf8_need = 2;
    if (b == 0xE0) s->utf8_lo = 0xA0; /* no overlong forms */
    if (b == 0xED) s->utf8_hi = 0x9F; /* no surrogates */
  } else if (b >= 0xF0 && b <= 0xF4) {
    s->utf8_need = 3;
    if (b == 0xF0) s->utf8_lo = 0x90;
    if (b == 0xF4) s->utf8_hi = 0x8F; /* nothing past U+10FFFF */
  } else {
    return -1;
  }
  return 0;
}

long ssvc__xml_scan_bytes(ssvc__xml_scan *s, const uint8_t *in, size_t n, size_t *used,
                          uint8_t *buf, size_t cap) {
  size_t w = 0, r = 0;
  uint64_t off = s->off;
  for (; r < n; r++, off++) {
    unsigned b = in[r];
    int emit = 1;
    if (cap - w < 2) break; /* the output is full: this byte waits for the next call */
    if (b < 0x20 && b != '\n' && b != '\t' && b != '\r') {
      s->off = off;
      s->fail_byte = b;
      return fail(s, SSVC_XML_SCAN_CONTROL, s->line, col_of(s, off), NULL);
    }
    switch (s->state) {
    case ST_TEXT:
      if (b == '<') {
        s->state = ST_LT;
        s->lt_line = s->line;
        s->lt_col = col_of(s, off);
        if (s->depth == 1) {
          start_item(s, off);
          s->held = 1; /* a comment or a processing instruction is dropped whole */
          emit = 0;
        }
      } else if (s->depth == 1) {
        /* Between records: white space is dropped (its newlines kept for later); text is not
         * the format's. */
        if (!IS_SPACE(b))
          return fail(s, SSVC_XML_SCAN_SYNTAX, s->line, col_of(s, off),
                      "text between records (only elements, comments and processing "
                      "instructions may be there)");
        emit = 0;
      }
      break;
    case ST_LT:
      if (s->held && (b == '!' || b == '?')) {
        s->held = 0;
        s->strip = 1;
        s->utf8_need = 0;
        emit = 0;
      } else if (s->held) {
        buf[w++] = '<';
        s->out_col++;
        s->held = 0;
      }
      if (b == '/') {
        s->state = ST_ETAG;
        if (s->depth == 1) note_tag(s); /* the root's end */
      } else if (b == '!') {
        s->state = ST_BANG;
        s->match = 0;
      } else if (b == '?') {
        s->state = ST_PI;
        s->match = 0;
        s->pi_len = 0;
      } else {
        if (s->max_depth && s->depth + 1 > s->max_depth)
          return fail(s, SSVC_XML_SCAN_DEPTH, s->lt_line, s->lt_col, NULL);
        if (s->depth == 1) {
          note_tag(s);
          s->children = 0;
          s->name_len = 0;
          s->name[0] = '\0';
        } else if (s->depth == 2 && s->max_children && ++s->children > s->max_children) {
          return fail(s, SSVC_XML_SCAN_CHILDREN, s->lt_line, s->lt_col, NULL);
        }
        s->state = ST_STAG;
        s->quote = s->slash = s->attrs = 0;
        s->match = s->depth == 1; /* still reading the record's name */
        if (s->match) name_add(s, b);
      }
      break;
    case ST_STAG:
      if (s->quote) {
        if (b == (unsigned)s->quote) s->quote = 0;
      } else if (b == '"' || b == '\'') {
        /* libxml2 compares each attribute with the ones before (quadratic): few are allowed. */
        if (++s->attrs > SSVC_XML_SCAN_ATTRS_MAX)
          return fail(s, SSVC_XML_SCAN_ATTRS, s->line, col_of(s, off), NULL);
        s->quote = (int)b;
        s->slash = s->match = 0;
      } else if (b == '>') {
        int was_root_end = 0;
        if (!s->slash) {
          s->depth++;
          if (s->depth == 1) s->root_seen = 1;
        } else if (s->depth == 0) {
          was_root_end = s->root_done = 1; /* an empty root */
        }
        end_construct(s, off, was_root_end);
      } else if (b == '/') {
        s->slash = 1;
        s->match = 0;
      } else if (IS_SPACE(b)) {
        s->match = 0;
      } else {
        s->slash = 0;
        if (s->match) name_add(s, b);
      }
      break;
    case ST_ETAG:
      if (b == '>') {
        if (s->depth) s->depth--;
        int was_root_end = s->depth == 0;
        if (was_root_end) s->root_done = 1;
        end_construct(s, off, was_root_end);
      }
      break;
    case ST_BANG:
      if (s->match == 0 && b == '-') {
        s->match = 1;
      } else if (s->match == 1 && b == '-') {
        s->state = ST_COMMENT;
        s->match = 0;
      } else if (s->strip) {
        return fail(s, SSVC_XML_SCAN_SYNTAX, s->lt_line, s->lt_col,
                    "between records only elements, comments and processing instructions "
                    "are allowed (got '<!')");
      } else {
        s->state = b == '[' && s->match == 0 ? ST_CDATA : ST_DECL;
        s->match = 0;
      }
      break;
    case ST_COMMENT:
      if (b == '-') {
        s->match++;
      } else {
        if (b == '>' && s->match >= 2) {
          emit = !s->strip;
          end_construct(s, off, 0);
          break;
        }
        if (s->strip && s->match >= 2)
          return fail(s, SSVC_XML_SCAN_SYNTAX, s->line, col_of(s, off) - s->match,
                      "'--' inside a comment");
        s->match = 0;
      }
      break;
    case ST_PI:
      if (s->pi_len < 4) {
        s->pi_len++;
        /* The target "xml" (any case) is the XML declaration's: only at the very start. */
        static const char xml[] = "xml";
        if (s->pi_len <= 3 && (b | 0x20) != (unsigned)xml[s->pi_len - 1])
          s->pi_len = 4;
        else if (s->pi_len == 4 && s->strip && (IS_SPACE(b) || b == '?'))
          return fail(s, SSVC_XML_SCAN_SYNTAX, s->lt_line, s->lt_col,
                      "an XML declaration (<?xml) is only allowed at the start of the input");
      }
      if (b == '>' && s->match) {
        emit = !s->strip;
        end_construct(s, off, 0);
        break;
      }
      s->match = b == '?';
      break;
    case ST_CDATA:
      if (b == ']') {
        s->match++;
      } else {
        if (b == '>' && s->match >= 2) end_construct(s, off, 0);
        s->match = 0;
      }
      break;
    default: /* ST_DECL: libxml2 refuses it */
      if (b == '>') end_construct(s, off, 0);
      break;
    }
    if (s->strip) {
      emit = 0;
      if (utf8_step(s, b) < 0)
        return fail(s, SSVC_XML_SCAN_SYNTAX, s->line, col_of(s, off),
                    "invalid UTF-8 in a comment or processing instruction");
    }
    if (emit) {
      buf[w++] = (uint8_t)b;
      s->out_col = b == '\n' ? 0 : s->out_col + 1;
    } else if (b == '\n') {
      s->dropped++;
    }
    if (off >= s->item_end) {
      s->off = off;
      return fail(s, SSVC_XML_SCAN_SIZE, s->item_line, s->item_col, NULL);
    }
    if (b == '\n') {
      s->line++;
      s->line_start = off + 1;
    }
  }
  s->off = off;
  *used = r;
  return (long)w;
}

size_t ssvc__xml_scan_end(ssvc__xml_scan *s, uint8_t *buf, size_t cap) {
  if (!s->held || cap == 0) return 0;
  s->held = 0; /* the input ends with '<': libxml2 says what is wrong */
  buf[0] = '<';
  return 1;
}

void ssvc__xml_scan_message(const ssvc__xml_scan *s, char *out, size_t size) {
  long l = s->fail_line, c = s->fail_col;
  switch (s->fail) {
  case SSVC_XML_SCAN_DEPTH:
    snprintf(out, size, "%ld:%ld: nesting deeper than max_depth (%u)", l, c, s->max_depth);
    break;
  case SSVC_XML_SCAN_CHILDREN:
    snprintf(out, size, "%ld:%ld: record <%s> at line %ld has more than %" PRIu64
             " child elements", l, c, s->name, s->item_line, s->max_children);
    break;
  case SSVC_XML_SCAN_ATTRS:
    snprintf(out, size, "%ld:%ld: more than %d attributes in one element", l, c,
             SSVC_XML_SCAN_ATTRS_MAX);
    break;
  case SSVC_XML_SCAN_CONTROL:
    snprintf(out, size, "%ld:%ld: control character U+%04X is not allowed in XML", l, c,
             s->fail_byte);
    break;
  case SSVC_XML_SCAN_SYNTAX:
    snprintf(out, size, "%ld:%ld: XML: %s", l, c, s->fail_what);
    break;
  case SSVC_XML_SCAN_SIZE: {
    const char *what = "text between records";
    if (!s->root_seen) {
      snprintf(out, size, "%ld:%ld: more than max_record_bytes (%" PRIu64 " bytes) before the "
               "root element ends its start tag", l, c, s->max_item);
      return;
    }
    if (s->root_done) {
      snprintf(out, size, "%ld:%ld: more than max_record_bytes (%" PRIu64 " bytes) after the "
               "root element", l, c, s->max_item);
      return;
    }
    if (s->depth >= 2 || (s->depth == 1 && s->state == ST_STAG && s->name_len)) {
      snprintf(out, size, "%ld:%ld: record <%s> larger than max_record_bytes (%" PRIu64
               " bytes; line %ld reached)", l, c, s->name, s->max_item, s->line);
      return;
    }
    if (s->state == ST_COMMENT) what = "a comment";
    else if (s->state == ST_PI) what = "a processing instruction";
    else if (s->state != ST_TEXT) what = "a tag";
    snprintf(out, size, "%ld:%ld: %s longer than max_record_bytes (%" PRIu64 " bytes)", l, c,
             what, s->max_item);
    break;
  }
  default:
    snprintf(out, size, "not stopped");
  }
}

uint64_t ssvc__xml_scan_shift(const ssvc__xml_scan *s, uint64_t k) {
  if (k >= s->tags || s->tags - k > SSVC_XML_SCAN_TAGS) return 0;
  return s->tag_dropped[k % SSVC_XML_SCAN_TAGS];
}

void ssvc__xml_scan_position(const ssvc__xml_scan *s, long *line, long *col) {
  uint64_t oldest = s->tags > SSVC_XML_SCAN_TAGS ? s->tags - SSVC_XML_SCAN_TAGS : 0;
  long found = -1;
  for (uint64_t k = s->tags; k > oldest; k--) {
    size_t i = (size_t)((k - 1) % SSVC_XML_SCAN_TAGS);
    if (s->tag_line[i] < *line) {
      if (found < 0) found = (long)i;
      break;
    }
    if (s->tag_line[i] == *line && (*col <= 0 || s->tag_col[i] <= *col)) {
      found = (long)i;
      if (*col > 0) break; /* without a column (schema errors): the first tag on the line */
    }
  }
  if (found < 0) return;
  /* On the tag's own line what was dropped before it shifts the column too. */
  if (s->tag_line[found] == *line && *col > 0)
    *col = s->tag_raw_col[found] + (*col - s->tag_col[found]);
  *line += (long)s->tag_dropped[found];
}
