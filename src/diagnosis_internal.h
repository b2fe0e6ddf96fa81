/* diagnosis: the in-memory form of a loaded tree, shared by the loader and the session code. */
#ifndef SSVC_DIAGNOSIS_INTERNAL_H
#define SSVC_DIAGNOSIS_INTERNAL_H

#include <stdint.h>

#include "internal.h"
#include "smartservice/diagnosis.h"
#include "smartservice/guidance.h"

enum { D_SYMPTOM, D_QUESTION, D_CHECKS, D_OUTCOME };

struct d_answer {
  const char *value;
  const char *label[2];
  const char *next_id; /* as written; resolved into next */
  int32_t next;        /* node index */
};

struct d_check {
  const char *id;
  const char *text[2];
  uint32_t prior_ppm; /* prior probability of fixing, parts per million, 1..1000000 */
  uint32_t cost;      /* seconds, >= 1 */
  const char *fixed_id;
  int32_t fixed; /* node index reached when the check fixes the problem */
  int32_t group; /* node index of its group */
  long line;
};

struct d_node {
  int type;
  const char *id;
  long line;
  const char *text[2]; /* symptom label, question text, outcome advice; unused for groups */
  unsigned int feature; /* questions and groups */
  uint32_t cost;        /* questions */
  uint32_t first, count; /* answers of a question, checks of a group */
  const char *next_id;   /* symptom start, group fall-through */
  int32_t next;
  uint32_t weight; /* prior weight of a group's checks */
  int kind;        /* outcomes: ssvc_diag_kind; in a guidance tree SSVC_DIAG_HANDLING_ERROR for
                      "solved", -1 for "not-solved" */
  unsigned int reminders;
  int guide;            /* guidance outcomes: SSVC_GUIDE_SOLVED or SSVC_GUIDE_NOT_SOLVED */
  const char *diagnose; /* a "not-solved" outcome: the fault-tree symptom to go on with */
};

struct d_index {
  const char *id;
  int32_t node;  /* node index, or -1 for a check */
  int32_t check; /* check index, or -1 */
};

struct d_chunk {
  struct d_chunk *prev;
  size_t used, size;
  /* data follows, max-aligned */
};

struct ssvc_diag_tree {
  ssvc_ctx *ctx;
  struct d_chunk *chunks;
  size_t size_hint; /* size of the first chunk, while loading */
  struct d_node *nodes;
  size_t nnodes;
  struct d_answer *answers;
  size_t nanswers;
  struct d_check *checks;
  size_t nchecks;
  struct d_index *index; /* sorted by id */
  size_t nindex;
  int32_t *symptoms; /* node indexes, document order */
  size_t nsymptoms, nquestions, noutcomes;
  char fingerprint[17]; /* FNV-1a 64 of the XML, hex */
  int kind;             /* SSVC_DIAG_TREE_FAULTS or SSVC_DIAG_TREE_GUIDANCE (root @kind) */
};

/* Finds an id: SSVC_OK with node/check set (one of them -1), or SSVC_ENOTFOUND. */
int ssvc__diag_lookup(const ssvc_diag_tree *tree, const char *id, int32_t *node, int32_t *check);
/* The feature that gates the session's symptom (a guidance topic's area); 0 for NULL. */
unsigned int ssvc__diag_session_feature(const ssvc_diag_session *s);

#endif
