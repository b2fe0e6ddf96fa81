/* The one validator of the library's free-text arguments (names, ids, notes, symptoms): one rule
 * set and one message style for every module. */
#ifndef SSVC_TEXT_H
#define SSVC_TEXT_H

#include <stddef.h>

#include "internal.h"

/* SSVC_OK when @p s is NULL or "" and !required, or 1..max bytes of UTF-8 without control
 * characters; otherwise SSVC_EINVAL naming FUNC and ARG: "must be given", "longer than N bytes
 * (got M)", "not valid UTF-8 text" or "contains a control character". */
int ssvc__check_text(ssvc_ctx *ctx, const char *func, const char *arg, const char *s,
                     int required, size_t max);

/* ssvc__check_text for text that may run over several lines (a symptom, a note, a transcript):
 * tab, line feed and carriage return are allowed, other control characters are not. */
int ssvc__check_lines(ssvc_ctx *ctx, const char *func, const char *arg, const char *s,
                      int required, size_t max);

/* ssvc__check_text for a field that is either absent (NULL, when !required) or has a value: ""
 * is refused with "FUNC: ARG: must not be empty" (a legal document's field: an invoice party, a
 * line text, a tier name). */
int ssvc__check_field(ssvc_ctx *ctx, const char *func, const char *arg, const char *s,
                      int required, size_t max);

/* Writes @p s as XML/HTML text or attribute value (& < > " escaped) through @p put, in runs. */
void ssvc__xml_escape(const char *s, void (*put)(void *out, const char *p, size_t n), void *out);

#endif
