/* Loading a question graph from untrusted XML (doc/diagnosis.md): the loader's state, its limits,
 * the arena the tree lives in, and the readers of attributes and texts (diagnosis_load.c) that
 * the elements (diagnosis_xml.c) and the graph checks (diagnosis_graph.c) use. */
#ifndef SSVC_DIAGNOSIS_LOAD_H
#define SSVC_DIAGNOSIS_LOAD_H

#include <libxml/tree.h>

#include "diagnosis_internal.h"

#define DEF_MAX_NODES 100000u
#define DEF_MAX_DEPTH 64u
#define MAX_MAX_DEPTH 4096u
#define DEF_MAX_TEXT 4096u
#define DEF_MAX_FILE (16u * 1024u * 1024u)
#define MAX_ID 64
#define MAX_VALUE 32
#define MAX_WEIGHT 1000000u
#define MAX_COST 86400u

struct loader {
  ssvc_ctx *ctx;
  ssvc_diag_tree *t;
  const char *func;  /* the public function, for messages */
  const char *name;  /* "<memory>" or the path */
  const char *buf;
  size_t len;
  ssvc_diag_load_options opt;
  uint32_t next_node, next_answer, next_check;
  char *scratch; /* joins the pieces of one text */
  size_t scratch_cap;
};


void *ssvc__diag_arena_alloc(ssvc_diag_tree *t, size_t size);
long ssvc__diag_column_of(const struct loader *L, long *line, const char *name);
/* Error at element @p n. */
int ssvc__diag_nerr(struct loader *L, int code, const xmlNode *n, const char *fmt, ...)
                    SSVC_PRINTF(4, 5);
int ssvc__diag_is_elem(const xmlNode *n, const char *name);
/* The value of attribute @p name of @p n, or NULL. */
const char *ssvc__diag_attr(const xmlNode *n, const char *name);
/* Every attribute of @p n must be one of @p allowed (NULL-terminated). */
int ssvc__diag_check_attrs(struct loader *L, const xmlNode *n, const char *const *allowed);
/* A required id-like attribute: copied into the arena. */
int ssvc__diag_get_token(struct loader *L, const xmlNode *n, const char *name, size_t max,
                         const char *owner, const char **out);
/* Label attributes sv="..." en="...". */
int ssvc__diag_attr_labels(struct loader *L, const xmlNode *n, const char *owner,
                           const char **label);
/* Child texts <sv> and <en>, each exactly once; other children are handled by @p other. */
int ssvc__diag_child_texts(struct loader *L, const xmlNode *n, const char *owner,
                           const char **text);
/* Unsigned decimal within [lo, hi]. */
int ssvc__diag_parse_uint(const char *s, uint32_t lo, uint32_t hi, uint32_t *out);
/* A probability "0.3", "1", ".25" as parts per million; (0, 1]; at most 6 decimals. */
int ssvc__diag_parse_prob(const char *s, uint32_t *out);
int ssvc__diag_get_feature(struct loader *L, const xmlNode *n, const char *owner, unsigned *out);
int ssvc__diag_get_cost(struct loader *L, const xmlNode *n, const char *owner, uint32_t *out);
int ssvc__diag_build_index(struct loader *L);
int ssvc__diag_resolve_all(struct loader *L);
int ssvc__diag_validate_graph(struct loader *L);

/* A load error at @p line:@p col: "func: name:line:col: message" (SSVC_ELIMIT, SSVC_EPARSE...). */
int ssvc__diag_lerr(struct loader *L, int code, long line, long col, const char *fmt, ...)
                    SSVC_PRINTF(5, 6);
#define LERR(L, code, line, col, ...) ssvc__diag_lerr((L), (code), (line), (col), __VA_ARGS__)

#endif
