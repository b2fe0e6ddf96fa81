/**
 * @file smartservice/diagnosis.h
 * @brief Diagnosis (rule R2): question graphs loaded from XML, sessions, outcomes, learned order.
 *
 * A diagnosis tree (ssvc_diag_tree) is a graph of symptoms, questions, groups of independent
 * checks and outcomes, loaded from XML (doc/diagnosis.md, schema doc/diagnosis.xsd) or taken from
 * the built-in default. A session (ssvc_diag_session) walks one symptom of a tree for a customer
 * of a given tier: it asks the current question, takes answers, can go back one step, and ends in
 * an outcome: a handling error solved by guidance, workshop service, a definite fault (swap or
 * loan when the tier includes SWAP activation, otherwise workshop) or out of scope (the question
 * needs a feature the tier lacks).
 *
 * Where a symptom has several independent checks, they are asked in order of probability of
 * fixing divided by cost; the probabilities start at the tree's priors and are updated from
 * logged outcomes held in an ssvc_diag_stats object.
 *
 * Threads: a loaded tree is read-only; once ssvc_diag_tree_load_*() has returned it may be read
 * from any number of threads at once (sessions on different contexts may share it). It must
 * outlive every session and stats object made from it and be freed before the context it was
 * loaded with. A session or stats object is used by one thread at a time, like its context.
 * Loading uses a private libxml2 parser context per call; libxml2 2.9 needs xmlInitParser()
 * once per process before the first parse: the library calls it on every load, which is safe
 * except when the very first loads of the process race on several threads (see
 * doc/diagnosis.md).
 */
#ifndef SMARTSERVICE_DIAGNOSIS_H
#define SMARTSERVICE_DIAGNOSIS_H

#include "tier.h"

SSVC_BEGIN_DECLS

/** A loaded, validated diagnosis graph. Read-only after loading. */
typedef struct ssvc_diag_tree ssvc_diag_tree;

/** One diagnosis conversation: a symptom, the answers given so far, and eventually an outcome. */
typedef struct ssvc_diag_session ssvc_diag_session;

/** Learned counts for the checks of one tree (how often each check was tried and fixed it). */
typedef struct ssvc_diag_stats ssvc_diag_stats;

/** The kinds of outcome a session ends in (XML attribute @c kind in parentheses).
 *  Deprecated outside the diagnosis engine: a case records ssvc_case_outcome (case.h), the one
 *  outcome enum, whose numbers are these plus one; ssvc_case_outcome_from_diag() converts. */
typedef enum ssvc_diag_kind {
  /** A handling error, solved on the phone by guidance ("handling-error"). */
  SSVC_DIAG_HANDLING_ERROR = 0,
  /** A suspected fault for the service workshop ("workshop"). */
  SSVC_DIAG_WORKSHOP = 1,
  /** A definite fault: swap or loan when entitled, otherwise workshop ("definite-fault"). */
  SSVC_DIAG_DEFINITE_FAULT = 2,
  /** The matter needs a feature the tier lacks, or is outside the service ("out-of-scope"). */
  SSVC_DIAG_OUT_OF_SCOPE = 3
} ssvc_diag_kind;

/** What the Support Center does for an outcome, given the customer's tier. */
typedef enum ssvc_diag_action {
  SSVC_DIAG_ACTION_NONE = 0,        /**< No outcome yet, or out of scope: nothing to do. */
  SSVC_DIAG_ACTION_GUIDANCE = 1,    /**< Solved on the phone (a handling error). */
  SSVC_DIAG_ACTION_WORKSHOP = 2,    /**< Register workshop service (rule R3). */
  /** Ship a phone from the SWAP stock; whether the user keeps it (swap) or borrows it (loan) is
   * the agreement's policy (rule R4). */
  SSVC_DIAG_ACTION_SWAP_OR_LOAN = 3
} ssvc_diag_action;

/** The reminders of rule R3 an outcome carries, one bit each (XML keys in parentheses). */
typedef enum ssvc_diag_reminder {
  SSVC_DIAG_REMIND_REMOVE_SIM = 1u << 0,    /**< Remove the SIM and memory card ("remove-sim"). */
  SSVC_DIAG_REMIND_BACKUP = 1u << 1,        /**< Back up the phone ("backup"). */
  SSVC_DIAG_REMIND_SIGN_OUT_LOCK = 1u << 2, /**< Sign out of activation lock ("sign-out-lock"). */
  SSVC_DIAG_REMIND_SERVICE_NOTE = 1u << 3,  /**< Print and attach the service note ("service-note"). */
  SSVC_DIAG_REMIND_SERVICE_BAG = 1u << 4,   /**< Pack the phone in the service bag ("service-bag"). */
  SSVC_DIAG_REMIND_RETURN_LABEL = 1u << 5   /**< Use the return address label ("return-label"). */
} ssvc_diag_reminder;

/** Number of reminders. */
#define SSVC_DIAG_REMINDER_COUNT 6
/** Every reminder. */
#define SSVC_DIAG_REMIND_ALL 0x3Fu

/**
 * The stable key of one reminder as used in XML, e.g. "remove-sim". NULL when @p reminder is not
 * exactly one known bit. Static storage.
 */
SSVC_API const char *ssvc_diag_reminder_key(unsigned int reminder);

/**
 * The text of one reminder in @p lang, e.g. "Remove the SIM card and any memory card.". NULL when
 * @p reminder is not exactly one known bit or @p lang is unknown. Static storage.
 */
SSVC_API const char *ssvc_diag_reminder_text(unsigned int reminder, int lang);

/** The XML key of an outcome kind, e.g. "definite-fault"; NULL for an unknown kind. Static. */
SSVC_API const char *ssvc_diag_kind_key(int kind);
/** The outcome kind named @p name (as ssvc_diag_kind_key() gives it), in @p out. SSVC_EINVAL for a NULL @p out or
 *  @p name, SSVC_ENOTFOUND ("unknown outcome kind '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_diag_kind_from_key(ssvc_ctx *ctx, int *out, const char *name);

/** The key of an action: "none", "guidance", "workshop", "swap-or-loan"; NULL if unknown. */
SSVC_API const char *ssvc_diag_action_key(int action);
/** The action named @p name (as ssvc_diag_action_key() gives it), in @p out. SSVC_EINVAL for a NULL @p out or
 *  @p name, SSVC_ENOTFOUND ("unknown action '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_diag_action_from_key(ssvc_ctx *ctx, int *out, const char *name);

/** @name Loading
 * @{ */
/** Current version of struct ssvc_diag_load_options. */
#define SSVC_DIAG_LOAD_OPTIONS_VERSION 1

/** Bounds for loading untrusted XML. Fields left zero take the default given. */
typedef struct ssvc_diag_load_options {
  unsigned int version;  /**< SSVC_DIAG_LOAD_OPTIONS_VERSION. */
  size_t max_nodes;      /**< Symptoms + questions + checks + outcomes; default 100000. */
  unsigned int max_depth; /**< Longest path of questions/checks in a session; default 64, <= 4096. */
  size_t max_text_bytes; /**< Longest text or label in bytes; default 4096. */
  size_t max_file_bytes; /**< Largest document in bytes; default 16 MiB. */
} ssvc_diag_load_options;

/** Static initializer: version set, every bound at its default. */
#define SSVC_DIAG_LOAD_OPTIONS_INIT {SSVC_DIAG_LOAD_OPTIONS_VERSION, 0, 0u, 0, 0}

/**
 * Zeroes @p options and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a version of 0
 * or newer than SSVC_DIAG_LOAD_OPTIONS_VERSION (the struct is then left untouched).
 */
SSVC_API int ssvc_diag_load_options_init(ssvc_diag_load_options *options, unsigned int version);

/**
 * Loads and validates a tree from @p len bytes of UTF-8 XML at @p xml.
 *
 * The document is untrusted: no network, no DTD, no DOCTYPE at all, no entities; size, node count,
 * depth and text length are bounded by @p options. Validation: unique ids, every reference
 * resolves, no cycles, every node reachable from a symptom, every path ends in an outcome, known
 * features and reminders, sv and en text on every node.
 *
 * @param[out] out     the tree, owned by the caller (ssvc_diag_tree_free()); NULL on failure.
 * @param      options NULL for the defaults; read during the call only.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument, bad option value); SSVC_EVERSION; SSVC_EPARSE
 *         (not well-formed, DOCTYPE, or not a valid tree: the message gives "line:column" and the
 *         id at fault); SSVC_ELIMIT (a bound of @p options exceeded, with position); SSVC_ENOMEM.
 */
SSVC_API int ssvc_diag_tree_load_memory(ssvc_ctx *ctx, ssvc_diag_tree **out, const char *xml,
                                        size_t len, const ssvc_diag_load_options *options);

/**
 * Like ssvc_diag_tree_load_memory() for the file at @p path; messages begin with the path.
 * @return as ssvc_diag_tree_load_memory(), and SSVC_EIO when the file cannot be read,
 *         SSVC_ELIMIT when it is larger than max_file_bytes.
 */
SSVC_API int ssvc_diag_tree_load_file(ssvc_ctx *ctx, ssvc_diag_tree **out, const char *path,
                                      const ssvc_diag_load_options *options);

/**
 * Loads the built-in default tree (compiled into the library; doc/diagnosis.md lists it).
 * @return SSVC_OK, SSVC_EINVAL (NULL argument) or SSVC_ENOMEM.
 */
SSVC_API int ssvc_diag_tree_load_default(ssvc_ctx *ctx, ssvc_diag_tree **out);

/** The XML text of the built-in default tree (NUL-terminated). Static storage. */
SSVC_API const char *ssvc_diag_default_xml(void);

/** Releases a tree. NULL is accepted. Free its sessions and stats first. */
SSVC_API void ssvc_diag_tree_free(ssvc_diag_tree *tree);
/** @} */

/** @name Inspecting a tree
 * Every returned string is borrowed from the tree and valid until it is freed.
 * @{ */
/** Number of symptoms; 0 for NULL. */
SSVC_API size_t ssvc_diag_tree_symptom_count(const ssvc_diag_tree *tree);
/** The id of symptom @p index (document order); NULL when out of range. */
SSVC_API const char *ssvc_diag_tree_symptom_id(const ssvc_diag_tree *tree, size_t index);
/** The label of symptom @p index in @p lang; NULL when out of range or @p lang is unknown. */
SSVC_API const char *ssvc_diag_tree_symptom_label(const ssvc_diag_tree *tree, size_t index,
                                                  int lang);
/** Number of questions (not counting checks); 0 for NULL. */
SSVC_API size_t ssvc_diag_tree_question_count(const ssvc_diag_tree *tree);
/** Number of checks in all check groups; 0 for NULL. */
SSVC_API size_t ssvc_diag_tree_check_count(const ssvc_diag_tree *tree);
/** Number of outcomes; 0 for NULL. */
SSVC_API size_t ssvc_diag_tree_outcome_count(const ssvc_diag_tree *tree);
/**
 * The text of the node (symptom, question, check or outcome) with id @p id in @p lang: the label
 * of a symptom, the text of a question or check, the advice of an outcome. NULL when there is no
 * such node, for a checks group (it has no text of its own) or when @p lang is unknown.
 */
SSVC_API const char *ssvc_diag_tree_text(const ssvc_diag_tree *tree, const char *id, int lang);
/**
 * Calls @p fn once for every text of the tree (labels of answers included) with the id of the
 * node it belongs to, the language and the text, in document order. For audits and translation
 * checks. Returns the number of calls; 0 for a NULL argument.
 */
SSVC_API size_t ssvc_diag_tree_foreach_text(const ssvc_diag_tree *tree,
                                            void (*fn)(void *user_data, const char *id, int lang,
                                                       const char *text),
                                            void *user_data);
/** @} */

/** @name Learned counts
 * @{ */
/**
 * Creates an empty set of counts for the checks of @p tree (every check: tried 0, fixed 0).
 * @param[out] out the stats, owned by the caller; NULL on failure.
 * @return SSVC_OK, SSVC_EINVAL (NULL argument) or SSVC_ENOMEM.
 */
SSVC_API int ssvc_diag_stats_new(ssvc_ctx *ctx, ssvc_diag_stats **out, const ssvc_diag_tree *tree);

/** Releases a stats object. NULL is accepted. */
SSVC_API void ssvc_diag_stats_free(ssvc_diag_stats *stats);

/**
 * Logs one try of the check @p check_id: @p fixed is 1 when it solved the problem, 0 when not.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument, @p fixed not 0 or 1); SSVC_ENOTFOUND (no such
 *         check; message names it); SSVC_ERANGE when a count would overflow.
 */
SSVC_API int ssvc_diag_stats_record(ssvc_diag_stats *stats, const char *check_id, int fixed);

/**
 * Logs every check answered in @p session (which must use the same tree): "yes" counts as fixed,
 * "no" as tried without fixing. All or nothing.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument or another tree); SSVC_ERANGE on overflow.
 */
SSVC_API int ssvc_diag_stats_record_session(ssvc_diag_stats *stats,
                                            const ssvc_diag_session *session);

/** How often check @p check_id was tried and fixed the problem; SSVC_ENOTFOUND if unknown. */
SSVC_API int ssvc_diag_stats_get(const ssvc_diag_stats *stats, const char *check_id,
                                 uint32_t *tried, uint32_t *fixed);

/**
 * The probability that check @p check_id fixes the problem, in parts per million: the Beta
 * posterior mean (prior * W + fixed) / (W + tried), W the prior weight of its group
 * (doc/diagnosis.md). -1 for an unknown check or NULL argument. @p stats may be NULL (the prior).
 */
SSVC_API long ssvc_diag_check_probability_ppm(const ssvc_diag_tree *tree,
                                              const ssvc_diag_stats *stats, const char *check_id);

/**
 * Writes the counts as text, one line per check tried at least once, in document order:
 * "CHECK-ID TRIED FIXED\n". Writes at most @p size bytes including a NUL (@p buf may be NULL when
 * @p size is 0) and returns the length the whole text needs, like snprintf.
 */
SSVC_API size_t ssvc_diag_stats_export(const ssvc_diag_stats *stats, char *buf, size_t size);

/**
 * Adds counts in the text form of ssvc_diag_stats_export() to @p stats (lines may also be empty).
 * All or nothing.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument); SSVC_EPARSE (malformed line, fixed > tried; the
 *         message gives the line number); SSVC_ENOTFOUND (unknown check, with line); SSVC_ERANGE
 *         (a count would overflow 32 bits); SSVC_ENOMEM.
 */
SSVC_API int ssvc_diag_stats_import(ssvc_diag_stats *stats, const char *text);
/** @} */

/** @name Sessions
 * Strings returned by a session are borrowed and valid until the next call that changes it
 * (answer, back) or until it is freed.
 * @{ */
/**
 * Starts a session for symptom @p symptom_id of @p tree for a customer of @p tier. The first
 * question becomes current; when it needs a feature the tier lacks the session ends at once out
 * of scope.
 * @param tree   borrowed; must outlive the session.
 * @param tier   the customer's tier, borrowed from its catalogue; must outlive the session.
 * @param stats  optional learned counts for check ordering (NULL: the tree's priors); borrowed,
 *               read at each check group the session enters; must outlive the session.
 * @param[out] out the session, owned by the caller; NULL on failure.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument, @p stats of another tree); SSVC_ENOTFOUND (no such
 *         symptom; message names it); SSVC_ENOTENTITLED (a topic of a guidance tree whose area
 *         the tier lacks, guidance.h: the message names the topic, the area and the tier);
 *         SSVC_ENOMEM.
 */
SSVC_API int ssvc_diag_session_new(ssvc_ctx *ctx, ssvc_diag_session **out,
                                   const ssvc_diag_tree *tree, const ssvc_tier *tier,
                                   const ssvc_diag_stats *stats, const char *symptom_id);

/**
 * Recreates a session from the transcript text of ssvc_diag_session_transcript()
 * ("SYMPTOM:QUESTION=ANSWER,QUESTION=ANSWER,...", doc/diagnosis.md), replaying every answer.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument); SSVC_EPARSE (malformed text; message gives the
 *         step); SSVC_ENOTFOUND (unknown symptom, or a step whose question or answer does not
 *         match the tree: message names the step); SSVC_ESTATE (answers after the outcome);
 *         SSVC_ENOMEM.
 */
SSVC_API int ssvc_diag_session_resume(ssvc_ctx *ctx, ssvc_diag_session **out,
                                      const ssvc_diag_tree *tree, const ssvc_tier *tier,
                                      const ssvc_diag_stats *stats, const char *transcript);

/** Releases a session. NULL is accepted. */
SSVC_API void ssvc_diag_session_free(ssvc_diag_session *session);

/** The symptom id of the session; NULL for NULL. */
SSVC_API const char *ssvc_diag_session_symptom(const ssvc_diag_session *session);

/** 1 when the session has reached an outcome, 0 otherwise (and for NULL). */
SSVC_API int ssvc_diag_session_done(const ssvc_diag_session *session);

/** The id of the current question or check; NULL when done or NULL. */
SSVC_API const char *ssvc_diag_session_question_id(const ssvc_diag_session *session);

/** The text of the current question or check in @p lang; NULL when done, NULL or unknown lang. */
SSVC_API const char *ssvc_diag_session_question_text(const ssvc_diag_session *session, int lang);

/** 1 when the current question is a check of a check group (answers "yes" fixed, "no" not). */
SSVC_API int ssvc_diag_session_question_is_check(const ssvc_diag_session *session);

/** Number of answers of the current question; 0 when done or NULL. */
SSVC_API size_t ssvc_diag_session_answer_count(const ssvc_diag_session *session);

/** The value of answer @p index of the current question (e.g. "yes"); NULL when out of range. */
SSVC_API const char *ssvc_diag_session_answer_value(const ssvc_diag_session *session,
                                                    size_t index);

/** The label of answer @p index in @p lang; NULL when out of range or unknown lang. */
SSVC_API const char *ssvc_diag_session_answer_label(const ssvc_diag_session *session,
                                                    size_t index, int lang);

/**
 * Answers the current question with the answer whose value is @p value and moves on.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument); SSVC_ESTATE (the session is done);
 *         SSVC_ENOTFOUND (no answer with that value: the message names it and the question);
 *         SSVC_ENOMEM (the session is unchanged).
 */
SSVC_API int ssvc_diag_session_answer(ssvc_diag_session *session, const char *value);

/**
 * Goes back one step: the last answer is forgotten (an outcome reached is undone).
 * @return SSVC_OK; SSVC_EINVAL (NULL); SSVC_ESTATE (no answer given yet).
 */
SSVC_API int ssvc_diag_session_back(ssvc_diag_session *session);

/** Number of answers given so far (the length of the transcript); 0 for NULL. */
SSVC_API size_t ssvc_diag_session_step_count(const ssvc_diag_session *session);

/** The id of the question or check of step @p index; NULL when out of range. */
SSVC_API const char *ssvc_diag_session_step_question(const ssvc_diag_session *session,
                                                     size_t index);

/** The answer value given at step @p index; NULL when out of range. */
SSVC_API const char *ssvc_diag_session_step_answer(const ssvc_diag_session *session,
                                                   size_t index);

/**
 * Writes the transcript "SYMPTOM:QUESTION=ANSWER,..." (stable format, doc/diagnosis.md) to
 * @p buf: at most @p size bytes including the NUL (@p buf may be NULL when @p size is 0).
 * Returns the length the whole text needs, like snprintf; 0 for a NULL session.
 */
SSVC_API size_t ssvc_diag_session_transcript(const ssvc_diag_session *session, char *buf,
                                             size_t size);

/** The outcome kind (ssvc_diag_kind); -1 when not done or NULL. On a guidance tree "solved" is
 *  SSVC_DIAG_HANDLING_ERROR and "not-solved" -1 (ssvc_guide_session_result() tells them apart). */
SSVC_API int ssvc_diag_session_outcome_kind(const ssvc_diag_session *session);

/**
 * The outcome id: the id of the outcome node, or "out-of-scope:FEATURE" (e.g.
 * "out-of-scope:sync") when a question needed a feature the tier lacks. NULL when not done.
 */
SSVC_API const char *ssvc_diag_session_outcome_id(const ssvc_diag_session *session);

/** The advice of the outcome in @p lang; NULL when not done or unknown lang. */
SSVC_API const char *ssvc_diag_session_outcome_advice(const ssvc_diag_session *session, int lang);

/** The reminders (ssvc_diag_reminder bits) of the outcome; 0 when not done. */
SSVC_API unsigned int ssvc_diag_session_outcome_reminders(const ssvc_diag_session *session);

/**
 * What to do (ssvc_diag_action): guidance for a handling error, workshop for a workshop outcome,
 * for a definite fault swap-or-loan when the tier includes SWAP activation and workshop
 * otherwise, none when out of scope or not done.
 */
SSVC_API int ssvc_diag_session_outcome_action(const ssvc_diag_session *session);

/** The feature bit whose absence ended the session out of scope; 0 otherwise. */
SSVC_API unsigned int ssvc_diag_session_missing_feature(const ssvc_diag_session *session);
/** @} */

/** @name Identity of a tree
 * @{ */
/**
 * The fingerprint of @p tree: 16 lower-case hex digits of the 64-bit FNV-1a hash of the XML bytes
 * it was loaded from, so a case can tell which tree asked its questions (the same document gives
 * the same fingerprint; any edit gives another). "" for NULL. Borrowed from the tree.
 */
SSVC_API const char *ssvc_diag_tree_fingerprint(const ssvc_diag_tree *tree);
/** @} */

SSVC_END_DECLS

#endif /* SMARTSERVICE_DIAGNOSIS_H */
