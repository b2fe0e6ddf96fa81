/**
 * @file smartservice/guidance.h
 * @brief How-to guidance: topics of the features Telefonen, Operativet and Synkronisering &
 *        e-post, walked like diagnosis trees, and the guidance a case records (doc/guidance.md).
 *
 * A guidance tree is a diagnosis-tree document of kind "guidance" (`<diagnosis version="1"
 * kind="guidance">`, doc/diagnosis.md): its symptoms are topics, each naming its area (the feature
 * phone-help, os-help or sync that the customer's tier must include), its questions are the steps,
 * and every path ends in "solved" or in "not-solved", which names the symptom of the fault tree
 * where diagnosis goes on. Such a tree is an ssvc_diag_tree: it is loaded by
 * ssvc_diag_tree_load_memory() or ssvc_diag_tree_load_file() like a fault tree, or built in
 * (ssvc_guide_tree_load_default()), and walked by an ssvc_diag_session. ssvc_diag_session_new()
 * refuses a topic whose area the tier lacks with SSVC_ENOTENTITLED.
 *
 * A case records the guidance given on it (ssvc_case_guide()): the topic, its area, solved or
 * not and the transcript. The report counts how-to calls per area (report.h).
 */
#ifndef SMARTSERVICE_GUIDANCE_H
#define SMARTSERVICE_GUIDANCE_H

#include "case.h"
#include "diagnosis.h"

SSVC_BEGIN_DECLS

/** The kinds of tree (the root's @c kind attribute in parentheses). */
typedef enum ssvc_diag_tree_type {
  SSVC_DIAG_TREE_FAULTS = 0,  /**< A fault diagnosis tree ("faults", the default). */
  SSVC_DIAG_TREE_GUIDANCE = 1 /**< How-to guidance ("guidance"). */
} ssvc_diag_tree_type;

/** The end of a guidance session. */
typedef enum ssvc_guide_result {
  SSVC_GUIDE_NONE = 0,      /**< Not done, or not a guidance session. */
  SSVC_GUIDE_SOLVED = 1,    /**< "solved": the user manages now. */
  SSVC_GUIDE_NOT_SOLVED = 2 /**< "not-solved": go on to fault diagnosis. */
} ssvc_guide_result;

/** The areas of guidance: the features a topic can be gated by. */
#define SSVC_GUIDE_AREAS (SSVC_FEATURE_PHONE_HELP | SSVC_FEATURE_OS_HELP | SSVC_FEATURE_SYNC)

/** The key of a result: "none", "solved", "not-solved"; NULL when unknown. Static storage. */
SSVC_API const char *ssvc_guide_result_key(int result);

/** The kind of @p tree (ssvc_diag_tree_type); -1 for NULL. */
SSVC_API int ssvc_diag_tree_kind(const ssvc_diag_tree *tree);

/**
 * The area of symptom (topic) @p index: its feature bit in a guidance tree; 0 in a fault tree and
 * when @p index is out of range.
 */
SSVC_API unsigned int ssvc_diag_tree_symptom_feature(const ssvc_diag_tree *tree, size_t index);

/**
 * Loads the built-in guidance tree (compiled into the library; doc/guidance.md lists its topics).
 * @param[out] out the tree, owned by the caller (ssvc_diag_tree_free()); NULL on failure.
 * @return SSVC_OK, SSVC_EINVAL (NULL argument) or SSVC_ENOMEM.
 */
SSVC_API int ssvc_guide_tree_load_default(ssvc_ctx *ctx, ssvc_diag_tree **out);

/** The XML text of the built-in guidance tree (NUL-terminated). Static storage. */
SSVC_API const char *ssvc_guide_default_xml(void);

/** How a guidance session ended (ssvc_guide_result); SSVC_GUIDE_NONE when not done or NULL. */
SSVC_API int ssvc_guide_session_result(const ssvc_diag_session *session);

/**
 * The symptom of the fault tree where diagnosis goes on after a "not-solved" outcome (e.g.
 * "sync"); NULL otherwise. Borrowed from the tree.
 */
SSVC_API const char *ssvc_guide_session_diagnose(const ssvc_diag_session *session);


/** @name The guidance a case records
 * @{ */
/** Current version of struct ssvc_case_guidance. */
#define SSVC_CASE_GUIDANCE_VERSION 1

/** One how-to call recorded on a case. Strings are borrowed from the case. */
typedef struct ssvc_case_guidance {
  unsigned int version;   /**< SSVC_CASE_GUIDANCE_VERSION, set by the caller. */
  int64_t at;             /**< When it was recorded (Unix seconds, as every instant). */
  const char *actor;      /**< Who gave it. */
  const char *topic;      /**< The topic (symptom id of the guidance tree). */
  unsigned int feature;   /**< Its area: SSVC_FEATURE_PHONE_HELP, _OS_HELP or _SYNC. */
  int result;             /**< SSVC_GUIDE_SOLVED or SSVC_GUIDE_NOT_SOLVED. */
  const char *transcript; /**< "TOPIC:STEP=ANSWER,..." as ssvc_diag_session_transcript(). */
  const char *diagnose;   /**< For not-solved: the fault-tree symptom to go on with, else "". */
} ssvc_case_guidance;

/** Static initializer: version set, everything else zero. */
#define SSVC_CASE_GUIDANCE_INIT {SSVC_CASE_GUIDANCE_VERSION, 0, NULL, NULL, 0u, 0, NULL, NULL}

/** Number of how-to calls recorded on @p c; 0 for NULL. */
SSVC_API size_t ssvc_case_guidance_count(const ssvc_case *c);

/**
 * How-to call @p index of @p c (in the order recorded) in @p out (out->version set by the caller).
 * @return SSVC_OK; SSVC_EINVAL for NULL; SSVC_EVERSION; SSVC_ERANGE for a bad index.
 */
SSVC_API int ssvc_case_guidance_at(const ssvc_case *c, size_t index, ssvc_case_guidance *out);

/**
 * Records on case @p case_id the guidance given in @p transcript, replayed on the guidance tree
 * @p tree for the case's tier: the topic, its area, the result and the transcript, and a note in
 * the case's log ("guidance passcode (phone-help): solved"). The case's state does not change;
 * after "not-solved" the agent goes on with ssvc_case_diagnose() from the symptom that
 * ssvc_guide_session_diagnose() names.
 *
 * @param out    optional (may be NULL): what was recorded, its strings borrowed from @p tree,
 *               @p transcript and @p actor (valid while they are); out->version set by the
 *               caller.
 * @param tree   a guidance tree (ssvc_diag_tree_kind() gives SSVC_DIAG_TREE_GUIDANCE).
 * @param actor  who gave the guidance, 1-256 bytes.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument, a fault tree, a transcript that does not reach an
 *         outcome or that the tree cannot have produced: the message names the step);
 *         SSVC_ENOTENTITLED (the topic's area is not in the case's tier: "tier BAS does not
 *         include ..."); SSVC_ESTATE (the case is closed or cancelled); SSVC_ENOTFOUND (no such
 *         case); SSVC_EVERSION; SSVC_ECONFLICT; SSVC_ENOMEM; storage errors. Nothing changes on
 *         failure.
 */
SSVC_API int ssvc_case_guide(ssvc_store *store, ssvc_case_guidance *out, const char *case_id,
                             const ssvc_diag_tree *tree, const char *transcript,
                             const char *actor);
/** @} */

SSVC_END_DECLS

#endif /* SMARTSERVICE_GUIDANCE_H */
