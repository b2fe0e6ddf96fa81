/* diagnosis_load: the arena a loaded tree lives in, and the readers of attributes, texts and
 * numbers with their positions for messages (diagnosis_load.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "diagnosis_load.h"
#include "smartservice/calendar.h"
/* ---- arena: every part of a tree lives in a few large chunks ---- */

void *ssvc__diag_arena_alloc(ssvc_diag_tree *t, size_t size) {
  const size_t align = sizeof(max_align_t);
  size = (size + align - 1) / align * align;
  if (size == 0) size = align;
  struct d_chunk *c = t->chunks;
  if (!c || c->size - c->used < size) {
    /* The first chunk is sized for the whole document (texts and ids are never longer than the
     * input), so that a large tree takes few allocations. */
    size_t want = t->size_hint > 65536 ? t->size_hint : 65536;
    t->size_hint = 0;
    if (want < size) want = size;
    size_t head = (sizeof(struct d_chunk) + align - 1) / align * align;
    c = ssvc__malloc(t->ctx, head + want);
    if (!c) return NULL;
    c->prev = t->chunks;
    c->used = head;
    c->size = head + want;
    t->chunks = c;
  }
  void *p = (char *)c + c->used;
  c->used += size;
  return p;
}

void ssvc_diag_tree_free(ssvc_diag_tree *tree) {
  if (!tree) return;
  ssvc_ctx *ctx = tree->ctx;
  struct d_chunk *c = tree->chunks;
  while (c) {
    struct d_chunk *prev = c->prev;
    ssvc__free(ctx, c);
    c = prev;
  }
  ssvc__free(ctx, tree);
}

/* ---- loader state ---- */

/* Where the start tag "<name" of an element is. libxml2 records the line on which the start tag
 * ends; the tag begins on that line or, when its attributes span lines, on one before it. On entry
 * *line is libxml2's line; on return *line and *col give the '<' (1-based bytes), or *col is 1 when
 * the tag is not found within 50 lines. */
static void locate(const struct loader *L, long *line, long *col, const char *name) {
  *col = 1;
  if (*line < 1 || !name) return;
  size_t off = 0;
  long cur = 1;
  while (cur < *line && off < L->len) {
    if (L->buf[off] == '\n') cur++;
    off++;
  }
  size_t nlen = strlen(name);
  for (int back = 0; back < 50; back++) {
    size_t end = off;
    while (end < L->len && L->buf[end] != '\n') end++;
    /* The last "<name" on the line is the one that ends there (or later). */
    long found = 0;
    for (size_t i = off; i + nlen + 1 <= end; i++)
      if (L->buf[i] == '<' && memcmp(L->buf + i + 1, name, nlen) == 0 &&
          (i + 1 + nlen == end || strchr(" \t\r\n/>", L->buf[i + 1 + nlen])))
        found = (long)(i - off) + 1;
    if (found) {
      *line -= back;
      *col = found;
      return;
    }
    if (off == 0) return;
    size_t p = off - 1; /* the '\n' ending the previous line */
    while (p > 0 && L->buf[p - 1] != '\n') p--;
    off = p;
  }
}

long ssvc__diag_column_of(const struct loader *L, long *line, const char *name) {
  long col;
  locate(L, line, &col, name);
  return col;
}


int ssvc__diag_lerr(struct loader *L, int code, long line, long col, const char *fmt, ...) {
  char what[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  return ssvc__err(L->ctx, code, "%s: %.200s:%ld:%ld: %s", L->func, L->name, line, col, what);
}

int ssvc__diag_nerr(struct loader *L, int code, const xmlNode *n, const char *fmt, ...) {
  char what[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  long line = xmlGetLineNo(n);
  long col = ssvc__diag_column_of(L, &line, (const char *)n->name);
  return ssvc__diag_lerr(L, code, line, col, "%s", what);
}

int ssvc__diag_is_elem(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The value of attribute @p name of @p n, or NULL. */
const char *ssvc__diag_attr(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    if (a->ns || strcmp((const char *)a->name, name) != 0) continue;
    if (!a->children) return "";
    return a->children->content ? (const char *)a->children->content : "";
  }
  return NULL;
}

/* Every attribute of @p n must be one of @p allowed (NULL-terminated). */
int ssvc__diag_check_attrs(struct loader *L, const xmlNode *n, const char *const *allowed) {
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    int ok = 0;
    for (const char *const *p = allowed; *p && !a->ns; p++)
      if (strcmp(*p, (const char *)a->name) == 0) ok = 1;
    if (!ok)
      return ssvc__diag_nerr(L, SSVC_EPARSE, n, "<%s>: unknown attribute '%.64s'",
                             (const char *)n->name, (const char *)a->name);
  }
  return SSVC_OK;
}

static int valid_token(const char *s, size_t max) {
  size_t n = 0;
  for (; s[n]; n++) {
    char c = s[n];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_' || c == '.'))
      return 0;
    if (n >= max) return 0;
  }
  return n > 0;
}

/* A required id-like attribute: copied into the arena. */
int ssvc__diag_get_token(struct loader *L, const xmlNode *n, const char *name, size_t max,
                         const char *owner, const char **out) {
  const char *v = ssvc__diag_attr(n, name);
  if (!v)
    return ssvc__diag_nerr(L, SSVC_EPARSE, n, "%s%s%s%s: missing attribute '%s'",
                           (const char *)n->name, owner ? " '" : "", owner ? owner : "",
                           owner ? "'" : "", name);
  if (!valid_token(v, max))
    return ssvc__diag_nerr(L, SSVC_EPARSE, n,
                "%s%s%s%s: attribute %s must be 1-%zu characters of A-Z a-z 0-9 . _ - (got "
                "'%.64s')",
                (const char *)n->name, owner ? " '" : "", owner ? owner : "", owner ? "'" : "",
                name, max, v);
  size_t len = strlen(v);
  char *c = ssvc__diag_arena_alloc(L->t, len + 1);
  if (!c) return SSVC_ENOMEM;
  memcpy(c, v, len + 1);
  *out = c;
  return SSVC_OK;
}

/* Copies @p s with runs of white space collapsed to one space and the ends trimmed. */
static int norm_text(struct loader *L, const xmlNode *n, const char *owner, const char *what,
                     const char *s, size_t len, const char **out) {
  char *d = ssvc__diag_arena_alloc(L->t, len + 1);
  if (!d) return SSVC_ENOMEM;
  size_t o = 0;
  int space = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = 1;
      continue;
    }
    if (space && o) d[o++] = ' ';
    space = 0;
    d[o++] = c;
  }
  d[o] = '\0';
  if (o == 0)
    return ssvc__diag_nerr(L, SSVC_EPARSE, n, "'%s': %s is empty", owner, what);
  if (o > L->opt.max_text_bytes)
    return ssvc__diag_nerr(L, SSVC_ELIMIT, n, "'%s': %s is %zu bytes (max_text_bytes is %zu)",
                           owner, what, o, L->opt.max_text_bytes);
  if (!ssvc__utf8_valid(d, o))
    return ssvc__diag_nerr(L, SSVC_EPARSE, n, "'%s': %s is not valid UTF-8 text", owner, what);
  *out = d;
  return SSVC_OK;
}

/* The text content of element @p n (text and CDATA only). */
static int elem_text(struct loader *L, const xmlNode *n, const char *owner, const char **out) {
  size_t total = 0;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      total += strlen((const char *)c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      return ssvc__diag_nerr(L, SSVC_EPARSE, c, "'%s': unexpected element <%s> inside <%s>", owner,
                  (const char *)c->name, (const char *)n->name);
    } else if (c->type != XML_COMMENT_NODE && c->type != XML_PI_NODE) {
      return ssvc__diag_nerr(L, SSVC_EPARSE, n, "'%s': unsupported content in <%s>", owner,
                  (const char *)n->name);
    }
    if (total > L->len) break;
  }
  /* Join the pieces in the loader's scratch buffer; only the normalised copy goes to the tree. */
  if (total + 1 > L->scratch_cap) {
    size_t cap = L->scratch_cap ? L->scratch_cap : 1024;
    while (cap < total + 1) cap *= 2;
    char *nb = ssvc__realloc(L->ctx, L->scratch, cap);
    if (!nb) return SSVC_ENOMEM;
    L->scratch = nb;
    L->scratch_cap = cap;
  }
  char *tmp = L->scratch;
  size_t o = 0;
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      size_t k = strlen((const char *)c->content);
      memcpy(tmp + o, c->content, k);
      o += k;
    }
  tmp[o] = '\0';
  char what[16];
  snprintf(what, sizeof what, "<%s>", (const char *)n->name);
  return norm_text(L, n, owner, what, tmp, o, out);
}

/* Label attributes sv="..." en="...". */
int ssvc__diag_attr_labels(struct loader *L, const xmlNode *n, const char *owner,
                           const char **label) {
  static const char *const langs[2] = {"sv", "en"};
  for (int l = 0; l < 2; l++) {
    const char *v = ssvc__diag_attr(n, langs[l]);
    if (!v)
      return ssvc__diag_nerr(L, SSVC_EPARSE, n, "%s '%s': missing attribute '%s'",
                             (const char *)n->name, owner, langs[l]);
    char what[24];
    snprintf(what, sizeof what, "attribute %s", langs[l]);
    int rc = norm_text(L, n, owner, what, v, strlen(v), &label[l]);
    if (rc) return rc;
  }
  return SSVC_OK;
}

/* Child texts <sv> and <en>, each exactly once; other children are handled by @p other. */
int ssvc__diag_child_texts(struct loader *L, const xmlNode *n, const char *owner,
                           const char **text) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    int l = ssvc__diag_is_elem(c, "sv") ? 0 : ssvc__diag_is_elem(c, "en") ? 1 : -1;
    if (l < 0) continue;
    if (text[l])
      return ssvc__diag_nerr(L, SSVC_EPARSE, c, "'%s': more than one <%s>", owner,
                             (const char *)c->name);
    if (c->properties)
      return ssvc__diag_nerr(L, SSVC_EPARSE, c, "'%s': <%s> takes no attributes", owner,
                  (const char *)c->name);
    int rc = elem_text(L, c, owner, &text[l]);
    if (rc) return rc;
  }
  for (int l = 0; l < 2; l++)
    if (!text[l])
      return ssvc__diag_nerr(L, SSVC_EPARSE, n, "%s '%s': missing <%s> text", (const char *)n->name,
                             owner, l ? "en" : "sv");
  return SSVC_OK;
}

/* Unsigned decimal within [lo, hi] (the library's one number reader, ssvc_uint_parse()). */
int ssvc__diag_parse_uint(const char *s, uint32_t lo, uint32_t hi, uint32_t *out) {
  uint64_t v = 0;
  if (ssvc_uint_parse(NULL, &v, s, hi) || v < lo) return 0;
  *out = (uint32_t)v;
  return 1;
}

/* A probability "0.3", "1", ".25" as parts per million; (0, 1]; at most 6 decimals. */
int ssvc__diag_parse_prob(const char *s, uint32_t *out) {
  uint32_t whole = 0, frac = 0;
  int digits = 0, fd = 0;
  for (; *s >= '0' && *s <= '9'; s++, digits++) {
    whole = whole * 10 + (uint32_t)(*s - '0');
    if (whole > 1) return 0;
  }
  if (*s == '.') {
    s++;
    for (; *s >= '0' && *s <= '9'; s++, fd++) {
      if (fd >= 6) return 0;
      frac = frac * 10 + (uint32_t)(*s - '0');
      digits++;
    }
    for (int k = fd; k < 6; k++) frac *= 10;
  }
  if (*s || digits == 0) return 0;
  uint32_t ppm = whole * 1000000u + frac;
  if (ppm == 0 || ppm > 1000000u) return 0;
  *out = ppm;
  return 1;
}

int ssvc__diag_get_feature(struct loader *L, const xmlNode *n, const char *owner, unsigned *out) {
  const char *v = ssvc__diag_attr(n, "feature");
  if (!v) { /* guidance steps need only their topic's area, checked when the session starts */
    *out = L->t->kind == SSVC_DIAG_TREE_GUIDANCE ? 0u : SSVC_FEATURE_DIAGNOSIS;
    return SSVC_OK;
  }
  for (unsigned f = 1; f & SSVC_FEATURE_ALL; f <<= 1)
    if (strcmp(ssvc_feature_key(f), v) == 0) {
      *out = f;
      return SSVC_OK;
    }
  return ssvc__diag_nerr(L, SSVC_EPARSE, n, "%s '%s': unknown feature '%.64s'",
                         (const char *)n->name, owner, v);
}

int ssvc__diag_get_cost(struct loader *L, const xmlNode *n, const char *owner, uint32_t *out) {
  const char *v = ssvc__diag_attr(n, "cost");
  if (!v) {
    *out = 60;
    return SSVC_OK;
  }
  if (!ssvc__diag_parse_uint(v, 1, MAX_COST, out))
    return ssvc__diag_nerr(L, SSVC_EPARSE, n, "%s '%s': cost must be 1-%u seconds (got '%.32s')",
                (const char *)n->name, owner, MAX_COST, v);
  return SSVC_OK;
}
