/* note: the data of a case's service note and return label (rule R3, doc/documents.md), gathered
 * from the case, its agreement and its SWAP order; the documents' words in Swedish and English.
 * note_html.c renders them as HTML, code128.c draws the barcode. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "smartservice/agreement.h"
#include "smartservice/center.h"
#include "smartservice/note.h"
#include "text.h"

static const char *const kind_names[] = {NULL, "note", "label"};

const char *ssvc_doc_kind_name(int kind) {
  return ssvc__name_of(kind_names, SSVC_DOC_NOTE, SSVC_DOC_LABEL, kind);
}

int ssvc_doc_kind_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_doc_kind_from_name", out, name, kind_names, SSVC_DOC_NOTE,
                           SSVC_DOC_LABEL, "document kind");
}

int ssvc_note_options_init(ssvc_note_options *options, unsigned int version) {
  return ssvc__struct_init(options, sizeof *options, version, SSVC_NOTE_OPTIONS_VERSION);
}

int ssvc_note_init(ssvc_note *note, unsigned int version) {
  return ssvc__struct_init(note, sizeof *note, version, SSVC_NOTE_VERSION);
}

static const char *const words[SSVC_NOTE_W_COUNT][2] = {
  {"Servicesedel", "Service note"},
  {"Returetikett", "Return label"},
  {"Ärende", "Case"},
  {"Kund", "Customer"},
  {"Användare", "User"},
  {"Telefon", "Phone"},
  {"IMEI", "IMEI"},
  {"Serienummer", "Serial number"},
  {"Anmält fel", "Reported fault"},
  {"Diagnos", "Diagnosis"},
  {"Gör så här innan du skickar telefonen", "Before you send the phone"},
  {"Skicka telefonen till", "Send the phone to"},
  {"Senast tillbaka", "Back by"},
  {"arbetsdagar efter att ersättningstelefonen levererats",
   "working days after the replacement phone is delivered"},
  {"Avsändare", "Sender"},
  {"Mottagare", "Receiver"},
  {"Utfärdad", "Issued"},
  {"Lägg servicesedeln i paketet med den trasiga telefonen och sätt returetiketten på paketet.",
   "Put this note in the parcel with the faulty phone and stick the return label on the parcel."},
  {"Du får en utbytestelefon som du behåller. Skicka den trasiga telefonen till oss.",
   "You get a replacement phone to keep. Send the faulty phone to us."},
  {"Du får en lånetelefon. Skicka den trasiga telefonen till oss; du får tillbaka den lagad och "
   "returnerar då lånetelefonen.",
   "You get a loan phone. Send the faulty phone to us; you get it back repaired and then return "
   "the loan phone."},
  {"Telefonen lagas på serviceverkstaden. Skicka den till oss.",
   "The phone is repaired at the service workshop. Send it to us."},
  {"Felet", "The fault"},
};

const char *ssvc_note_word_text(int word, int lang) {
  if (word < 0 || word >= SSVC_NOTE_W_COUNT || (lang != SSVC_LANG_SV && lang != SSVC_LANG_EN))
    return NULL;
  return words[word][lang];
}

static const char *const outcome_words[SSVC_CASE_OUTCOME_MAX + 1][2] = {
  {"Inte diagnostiserad", "Not diagnosed"},
  {"Handhavandefel", "Handling error"},
  {"Fel för serviceverkstaden", "Fault for the service workshop"},
  {"Konstaterat fel", "Definite fault"},
  {"Utanför avtalet", "Outside the agreement"},
};

const char *ssvc_note_outcome_text(int outcome, int lang) {
  if (outcome < 0 || outcome > SSVC_CASE_OUTCOME_MAX || (lang != SSVC_LANG_SV && lang != SSVC_LANG_EN))
    return NULL;
  return outcome_words[outcome][lang];
}

/* Copies @p s into @p dst of @p size bytes (every source fits: the case's limits). */
#define COPY(dst, s) snprintf((dst), sizeof(dst), "%s", (s) ? (s) : "")

/* Checks the return address @p r; @p what names where it came from in the messages
 * ("options->return_to", or the stored Support Center's identity). */
static int check_return_to(ssvc_ctx *ctx, const char *func, const char *what,
                           const ssvc_party *r) {
  if (r->version < 1 || r->version > SSVC_PARTY_VERSION)
    return ssvc__err(ctx, SSVC_EVERSION, "%s: %s->version: %u is not supported", func, what,
                     r->version);
  static const char *const names[] = {"name", "street", "postal_code", "city"};
  const char *values[] = {r->name, r->street, r->postal_code, r->city};
  for (size_t k = 0; k < 4; k++) {
    char field[96];
    snprintf(field, sizeof field, "%s->%s", what, names[k]);
    int rc = ssvc__check_field(ctx, func, field, values[k], 1,
                               k == 2 ? SSVC_NAME_SIZE - 1 : 256);
    if (rc) return rc;
  }
  const char *c = r->country;
  if (c && !(strlen(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'))
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: %s->country: must be two capital letters (ISO 3166-1) (got '%s')", func,
                     what, c);
  return SSVC_OK;
}

/* The diagnosed symptom's labels: the transcript's symptom id ("no-power:...") in @p tree. */
static void fault_words(ssvc_note *n, const ssvc_diag_tree *tree, const char *transcript) {
  size_t len = strcspn(transcript, ":");
  if (!tree || !len) return;
  for (size_t k = 0; k < ssvc_diag_tree_symptom_count(tree); k++) {
    const char *id = ssvc_diag_tree_symptom_id(tree, k);
    if (strlen(id) != len || strncmp(id, transcript, len) != 0) continue;
    for (int lang = SSVC_LANG_SV; lang <= SSVC_LANG_EN; lang++)
      COPY(n->fault[lang], ssvc_diag_tree_symptom_label(tree, k, lang));
    return;
  }
}

/* Fills @p n from the case @p i, the agreement @p a and the order of the case, if any. */
static int gather(ssvc_store *store, ssvc_note *n, const ssvc_case_info *i,
                  const ssvc_agreement *a, const ssvc_note_options *o) {
  ssvc_ctx *ctx = ssvc_store_ctx(store);
  ssvc_agreement_spec as;
  int rc = ssvc_agreement_spec_init(&as, SSVC_AGREEMENT_SPEC_VERSION);
  if (!rc) rc = ssvc_agreement_spec_get(a, &as);
  if (rc) return rc;
  ssvc_order order = SSVC_ORDER_INIT;
  rc = ssvc_swap_order_get(store, &order, i->id);
  if (rc && rc != SSVC_ENOTFOUND) return rc;
  int has_order = rc == SSVC_OK;
  ssvc_local_time now;
  if ((rc = ssvc_stockholm_from_instant(ctx, &now, ssvc_ctx_now(ctx)))) return rc;
  ssvc_diag_tree *own = NULL;
  const ssvc_diag_tree *tree = o->tree;
  if (!tree && *i->transcript && (rc = ssvc_diag_tree_load_default(ctx, &own))) return rc;
  if (!tree) tree = own;
  COPY(n->case_id, i->id);
  COPY(n->customer_id, i->customer_id);
  COPY(n->customer_name, as.customer_name);
  COPY(n->user_name, i->user_name);
  COPY(n->user_phone, i->user_phone);
  COPY(n->model, i->model);
  COPY(n->imei, i->imei);
  COPY(n->serial, i->serial);
  COPY(n->symptom, i->symptom);
  fault_words(n, tree, i->transcript);
  ssvc_diag_tree_free(own);
  n->outcome = i->outcome;
  n->state = i->state;
  n->todo = SSVC_NOTE_TODO;
  n->order_state = has_order ? order.state : 0;
  n->replacement = has_order ? order.replacement : 0;
  n->return_deadline = has_order ? order.return_deadline : (ssvc_date){0, 0, 0};
  n->return_days = as.return_days ? as.return_days : SSVC_CALENDAR_DEFAULT_RETURN_DAYS;
  n->issued = now.date;
  const ssvc_party *r = o->return_to;
  COPY(n->return_name, r->name);
  COPY(n->return_street, r->street);
  COPY(n->return_postal_code, r->postal_code);
  COPY(n->return_city, r->city);
  COPY(n->return_country, r->country ? r->country : "SE");
  return SSVC_OK;
}

int ssvc_note_get(ssvc_store *store, ssvc_note *out, const char *case_id,
                  const ssvc_note_options *options) {
  static const char func[] = "ssvc_note_get";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = ssvc_store_ctx(store);
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  if (out->version != SSVC_NOTE_VERSION)
    return ssvc__err(ctx, SSVC_EVERSION, "%s: out->version: %u is not supported", func,
                     out->version);
  if (!case_id) return ssvc__err(ctx, SSVC_EINVAL, "%s: case_id must not be NULL", func);
  if (!options) return ssvc__err(ctx, SSVC_EINVAL, "%s: options must not be NULL", func);
  if (options->version < 1 || options->version > SSVC_NOTE_OPTIONS_VERSION)
    return ssvc__err(ctx, SSVC_EVERSION, "%s: options->version: %u is not supported", func,
                     options->version);
  /* The return address: the one given, or the stored Support Center's. */
  ssvc_note_options o = *options;
  ssvc_center *center = NULL;
  ssvc_party stored = SSVC_PARTY_INIT;
  const char *what = "options->return_to";
  int rc;
  if (!o.return_to) {
    rc = ssvc_center_load(store, &center);
    if (rc == SSVC_ENOTFOUND) {
      ssvc__log_api(ctx, func, "ssvc_center_set", NULL);
      return ssvc__err(ctx, SSVC_EINVAL,
                       "%s: options->return_to: not given, and no Support Center identity is "
                       "stored to return the phone to; set it first",
                       func);
    }
    if (rc) return rc;
    ssvc_center_party(center, &stored);
    o.return_to = &stored;
    what = "the Support Center's identity";
  }
  if ((rc = check_return_to(ctx, func, what, o.return_to))) {
    ssvc_center_free(center);
    return rc;
  }
  ssvc_case *c = NULL;
  ssvc_agreement *a = NULL;
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  if ((rc = ssvc_case_load(store, &c, case_id)) || (rc = ssvc_case_info_get(c, &i))) goto done;
  /* A phone is sent in after a workshop or definite-fault diagnosis, or a referral; a note may
   * be printed again later in the case's life, but not for a cancelled case. */
  int sent_in = i.outcome == SSVC_CASE_OUTCOME_WORKSHOP ||
                i.outcome == SSVC_CASE_OUTCOME_DEFINITE_FAULT || i.state == SSVC_CASE_REFERRED;
  if (!sent_in || i.state == SSVC_CASE_CANCELLED) {
    rc = ssvc__err(ctx, SSVC_ESTATE,
                   "%s: %s: the case is %s (diagnosis %s); a service note is for a phone sent in "
                   "(a workshop or definite-fault diagnosis, or a referral)",
                   func, i.id, ssvc_case_state_name(i.state), ssvc_case_outcome_name(i.outcome));
    goto done;
  }
  if (i.erased) {
    rc = ssvc__err(ctx, SSVC_ESTATE, "%s: %s: the user's personal data is erased", func, i.id);
    goto done;
  }
  if ((rc = ssvc_agreement_load(store, &a, i.customer_id))) goto done;
  ssvc_note n;
  memset(&n, 0, sizeof n);
  n.version = SSVC_NOTE_VERSION;
  if (!(rc = gather(store, &n, &i, a, &o))) *out = n;
done:
  ssvc_center_free(center);
  ssvc_agreement_free(a);
  ssvc_case_free(c);
  return rc;
}
